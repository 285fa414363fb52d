package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/teamnorms/norms/internal/school"
)

// BenchmarkGradeCall is the module's whole grade call run natively: read
// the benchmark school (2,000 x 60, from CSV or JSON), grade it and encode
// the answer, exactly what __norms.grade does in Node and the browser
// (wasm/npm/test/package.test.js and e2e/browser.test.js print the same
// phases there), so the wasm figures can be set against native ones for
// the same work. read-us/student and grade-us/student split it as the
// answer's timing does.
func BenchmarkGradeCall(b *testing.B) {
	norms, err := os.ReadFile("../testdata/bench/school.yaml")
	if err != nil {
		b.Fatal(err)
	}
	a := newAPI()
	h := compile(b, a, string(norms))
	book := school.New(2000)
	for _, format := range []string{"csv", "json"} {
		data := book.CSV()
		if format == "json" {
			data = book.JSON()
		}
		b.Run(format, func(b *testing.B) {
			var read, grade time.Duration
			for b.Loop() {
				out := a.Grade(h, data, format, "")
				// The timing is the answer's last member: read it alone, so
				// the benchmark does not time a decoding the module never does.
				i := strings.LastIndex(out, `"timing":`)
				if i < 0 {
					b.Fatalf("no timing in the answer: %.300s", out)
				}
				var m struct {
					Timing struct {
						Read  int64 `json:"read_us"`
						Grade int64 `json:"grade_us"`
					} `json:"timing"`
				}
				if err := json.Unmarshal([]byte("{"+out[i:]), &m); err != nil {
					b.Fatalf("%v: %.300s", err, out[i:])
				}
				read += time.Duration(m.Timing.Read) * time.Microsecond
				grade += time.Duration(m.Timing.Grade) * time.Microsecond
			}
			per := func(d time.Duration) float64 { return d.Seconds() * 1e6 / float64(b.N) / 2000 }
			b.ReportMetric(per(b.Elapsed()), "us/student")
			b.ReportMetric(per(read), "read-us/student")
			b.ReportMetric(per(grade), "grade-us/student")
		})
	}
}
