package main

import (
	"encoding/json"
	"testing"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/internal/conformance"
)

// TestEncodeIsJSONMarshal: encode writes a result field by field; it must
// write what json.Marshal writes, for every answer the corpus produces
// (reports, diagnostics, and the values it leaves to encoding/json).
func TestEncodeIsJSONMarshal(t *testing.T) {
	vectors, err := conformance.Load("../testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	reports := 0
	for _, v := range vectors {
		prog, ds := engine.Check("norms.yaml", []byte(v.Norms))
		rs := []result{{"ok": prog != nil, "diagnostics": ds, "team": "<T&>", "handle": 3, "nothing": nil}}
		if prog != nil && len(v.Gradebook) > 0 {
			if book, bds := engine.ReadGradebookJSON("gradebook.json", v.Gradebook); book != nil && !bds.HasErrors() {
				rep, gds := prog.Grade(book)
				rs = append(rs, result{"report": rep, "diagnostics": append(bds, gds...), "timing": map[string]int64{"read_us": 1, "grade_us": 2}})
				reports++
			}
		}
		for _, r := range rs {
			want, err := json.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			if got := encode(r); got != string(want) {
				t.Errorf("%s: encode differs from json.Marshal\n got: %s\nwant: %s", v.File, got, want)
			}
		}
	}
	if reports < 40 {
		t.Fatalf("compared %d reports; the corpus has 40+", reports)
	}
}
