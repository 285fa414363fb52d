package reportjson

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
	"github.com/teamnorms/norms/internal/conformance"
)

// same fails unless got is byte for byte what json.Marshal writes for v.
func same(t *testing.T, what string, got []byte, v any) {
	t.Helper()
	want, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("%s: json.Marshal: %v", what, err)
	}
	if !bytes.Equal(got, want) {
		i := 0
		for i < len(got) && i < len(want) && got[i] == want[i] {
			i++
		}
		lo := max(i-80, 0)
		t.Errorf("%s: differs from json.Marshal at byte %d\n got: ...%s\nwant: ...%s", what, i, got[lo:min(i+80, len(got))], want[lo:min(i+80, len(want))])
	}
}

// TestConformanceVectors grades every vector of testdata/conformance that
// has a gradebook and compares the report and the diagnostics with
// json.Marshal's; the diagnostics of every other vector (norms errors,
// conduct) are compared too.
func TestConformanceVectors(t *testing.T) {
	vectors, err := conformance.Load("../../testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	reports, diags := 0, 0
	for _, v := range vectors {
		prog, ds := engine.Check("norms.yaml", []byte(v.Norms))
		same(t, v.File+" check diagnostics", AppendDiagnostics(nil, ds), ds)
		diags += len(ds)
		if prog == nil || len(v.Gradebook) == 0 {
			continue
		}
		book, bds := engine.ReadGradebookJSON("gradebook.json", v.Gradebook)
		same(t, v.File+" gradebook diagnostics", AppendDiagnostics(nil, bds), bds)
		diags += len(bds)
		if book == nil || bds.HasErrors() {
			continue
		}
		rep, gds := prog.Grade(book)
		same(t, v.File+" grade diagnostics", AppendDiagnostics(nil, gds), gds)
		diags += len(gds)
		same(t, v.File+" report", AppendReport(nil, rep), rep)
		if rep != nil {
			reports++
		}
	}
	// The corpus has some 60 grading vectors and 26 diagnostics: a handful
	// would mean the comparison was not really made.
	if reports < 40 || diags < 20 {
		t.Fatalf("compared %d reports and %d diagnostics; the corpus gives 40+ reports and 20+ diagnostics", reports, diags)
	}
}

// schoolCSV is a school in CSV for the encoder's tests: the shape of the
// benchmark school (internal/school: 60 assignments of homework, quizzes
// and tests, about 3% missing, 1% blank, 5% late) with what that one
// lacks and an encoder must get right: excused scores and names that need
// escaping.
func schoolCSV(students int) string {
	var head, cats, pts strings.Builder
	head.WriteString("Student,ID")
	cats.WriteString("Category,")
	pts.WriteString("Points Possible,")
	var possible []int
	for _, c := range []struct {
		cat string
		n   int
		pts int
	}{{"Homework", 30, 10}, {"Quizzes", 20, 20}, {"Tests", 10, 100}} {
		for i := 1; i <= c.n; i++ {
			fmt.Fprintf(&head, ",%s %d", c.cat, i)
			fmt.Fprintf(&cats, ",%s", c.cat)
			fmt.Fprintf(&pts, ",%d", c.pts)
			possible = append(possible, c.pts)
		}
	}
	var b strings.Builder
	for _, row := range []*strings.Builder{&head, &cats, &pts} {
		b.WriteString(row.String())
		b.WriteString("\n")
	}
	seed := uint64(42)
	next := func() uint64 { // xorshift: the same school on every machine
		seed ^= seed << 13
		seed ^= seed >> 7
		seed ^= seed << 17
		return seed
	}
	odd := []string{`"O'Brien, <Pat> & Co"`, "Zoë Ünal", "Line\u2028Sep"}
	for s := 0; s < students; s++ {
		name := fmt.Sprintf("Student %d", s)
		if s < len(odd) {
			name = odd[s]
		}
		fmt.Fprintf(&b, "%s,s%05d", name, s)
		ability := 50 + int(next()%50)
		for _, p := range possible {
			r := next() % 100
			switch {
			case r < 3:
				b.WriteString(",M")
			case r < 4:
				b.WriteString(",")
			case r < 5:
				b.WriteString(",EX")
			case r < 10:
				fmt.Fprintf(&b, ",%d late %d", p*min(ability+int(next()%20), 100)/100, 1+next()%5)
			default:
				fmt.Fprintf(&b, ",%d", p*min(ability+int(next()%30), 100)/100)
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

// schoolNorms are the engine benchmark's norms, with a team name that JSON
// must escape.
var schoolNorms = func() string {
	b, err := os.ReadFile("../../testdata/bench/school.yaml")
	if err != nil {
		panic(err)
	}
	return strings.Replace(string(b), "team: Benchmark School\n", "team: Benchmark School <&>\n", 1)
}()

// TestSchool compares a generated school of 500 students, graded with the
// benchmark norms and with the starter norms.
func TestSchool(t *testing.T) {
	book, bds := engine.ReadGradebookCSV("school.csv", []byte(schoolCSV(500)))
	if book == nil || bds.HasErrors() {
		t.Fatalf("the school does not read:\n%s", bds.Error())
	}
	for name, text := range map[string]string{"benchmark": schoolNorms, "starter": string(starter.NormsYAML)} {
		prog, ds := engine.Check(name, []byte(text))
		if prog == nil {
			t.Fatalf("%s norms: %s", name, ds.Error())
		}
		rep, gds := prog.Grade(book)
		if rep == nil || len(rep.Students) != 500 {
			t.Fatalf("%s: no report of 500 students: %s", name, gds.Error())
		}
		flagged := 0
		for _, s := range rep.Students {
			flagged += len(s.Flags)
		}
		same(t, name+" school report", AppendReport(nil, rep), rep)
		// What `norms grade --format json` writes (json.MarshalIndent) is
		// AppendReport through json.Indent, for a CLI that switches.
		var indented bytes.Buffer
		if err := json.Indent(&indented, AppendReport(nil, rep), "", "  "); err != nil {
			t.Fatal(err)
		}
		if want, _ := json.MarshalIndent(rep, "", "  "); !bytes.Equal(indented.Bytes(), want) {
			t.Errorf("%s: AppendReport through json.Indent differs from json.MarshalIndent", name)
		}
		same(t, name+" school diagnostics", AppendDiagnostics(nil, append(ds, gds...)), append(ds, gds...))
		if name == "benchmark" && flagged == 0 {
			t.Errorf("the benchmark school raised no flag: the flags were not compared")
		}
	}
}

// fill sets every exported field of v (recursively) to a value that is
// not empty, so that json.Marshal writes every field the type has; a field
// the engine adds and this package does not write then fails the
// comparison, whether or not it is omitempty.
func fill(v reflect.Value, depth int) {
	if v.Type() == reflect.TypeFor[engine.Decimal]() {
		v.Set(reflect.ValueOf(engine.MustDecimal("-89.125")))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("a\"b\\<c>&\n\u2028é\xff")
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(7 + depth))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth+1)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), depth+1)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	default:
		panic(fmt.Sprintf("fill: a field of kind %s: teach fill (and the encoder) about it", v.Kind()))
	}
}

// TestEveryField compares reports and diagnostics whose every field is
// set, and the empty ones (nil slices and pointers, omitempty fields).
func TestEveryField(t *testing.T) {
	var rep engine.Report
	fill(reflect.ValueOf(&rep).Elem(), 0)
	same(t, "full report", AppendReport(nil, &rep), &rep)
	var ds engine.Diagnostics
	fill(reflect.ValueOf(&ds).Elem(), 0)
	same(t, "full diagnostics", AppendDiagnostics(nil, ds), ds)

	same(t, "nil report", AppendReport(nil, nil), (*engine.Report)(nil))
	same(t, "empty report", AppendReport(nil, &engine.Report{}), &engine.Report{})
	same(t, "empty student", AppendStudent(nil, &engine.StudentResult{}), &engine.StudentResult{})
	same(t, "nil student", AppendStudent(nil, nil), (*engine.StudentResult)(nil))
	same(t, "student with empty lists", AppendStudent(nil, &engine.StudentResult{Categories: []engine.CategoryResult{{}}, Flags: []string{}}),
		&engine.StudentResult{Categories: []engine.CategoryResult{{}}, Flags: []string{}})
	same(t, "nil diagnostics", AppendDiagnostics(nil, nil), engine.Diagnostics(nil))
	same(t, "empty diagnostics", AppendDiagnostics(nil, engine.Diagnostics{}), engine.Diagnostics{})
	same(t, "diagnostic without omitempty fields", AppendDiagnostics(nil, engine.Diagnostics{{Code: "c", Severity: engine.Warning, Message: "m"}}),
		engine.Diagnostics{{Code: "c", Severity: engine.Warning, Message: "m"}})
	for _, d := range []string{"0", "-0.5", "89.5", "100", "0.0000001", "123456789.123456789", "1e3", "-1E-3"} {
		dec := engine.MustDecimal(d)
		same(t, "decimal "+d, appendDecimal(nil, dec), dec)
	}
}

// strs are strings that exercise every branch of encoding/json's escaping.
var strs = []string{
	"", "plain", `"quoted"`, `back\slash`, "<script>&amp;</script>", "tab\there\nnew\rret\bback\fform",
	"\x00\x01\x1f\x7f", "caf\u00e9 \u4e16\u754c \U0001F600", "\u2028\u2029", "bad \xff\xfe utf8", "cut \xe2\x82",
	"\xed\xa0\x80 surrogate", "end with escape<", "\u00ff\u0100",
}

func TestAppendString(t *testing.T) {
	for _, s := range strs {
		same(t, fmt.Sprintf("%q", s), AppendString(nil, s), s)
	}
	// Every byte alone, and in the middle of text.
	for b := range 256 {
		s := string([]byte{byte(b)})
		same(t, fmt.Sprintf("byte %#x", b), AppendString(nil, s), s)
		s = "ab" + s + "cd"
		same(t, fmt.Sprintf("byte %#x in text", b), AppendString(nil, s), s)
	}
	// Appending keeps what dst holds.
	if got := string(AppendString([]byte("x:"), "y")); got != `x:"y"` {
		t.Errorf(`AppendString("x:", "y") = %s, want x:"y"`, got)
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range strs {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		same(t, "fuzzed string", AppendString(nil, s), s)
		if utf8.ValidString(s) {
			var back string
			if err := json.Unmarshal(AppendString(nil, s), &back); err != nil || back != s {
				t.Errorf("%q does not read back: %q, %v", s, back, err)
			}
		}
	})
}

// BenchmarkReport compares the two encoders on the load test's class
// (30 x 40 with the starter norms).
func BenchmarkReport(b *testing.B) {
	prog, ds := engine.Check("norms.yaml", starter.NormsYAML)
	if prog == nil {
		b.Fatal(ds.Error())
	}
	book, bds := engine.ReadGradebookCSV("school.csv", []byte(schoolCSV(30)))
	if book == nil {
		b.Fatal(bds.Error())
	}
	rep, _ := prog.Grade(book)
	b.Run("reportjson", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			buf = AppendReport(buf[:0], rep)
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(rep); err != nil {
				b.Fatal(err)
			}
		}
	})
}
