package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
)

// decode reads an answer of the api, keeping numbers as written.
func decode(t testing.TB, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("answer is not JSON: %v\n%s", err, s)
	}
	return m
}

func compile(t testing.TB, a *api, text string) int {
	t.Helper()
	m := decode(t, a.Compile(text, ""))
	if m["ok"] != true {
		t.Fatalf("compile: %v", m)
	}
	h, _ := m["handle"].(json.Number).Int64()
	return int(h)
}

// TestDecimalsAreStrings: every exact number reaches JS as a string, to
// the last digit (a JSON number would become a float in JS).
func TestDecimalsAreStrings(t *testing.T) {
	prog, ds := engine.Check("norms.yaml", starter.NormsYAML)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	book, _ := engine.ReadGradebookCSV("gradebook.csv", starter.GradebookCSV)
	rep, _ := prog.Grade(book)
	if got := encode(rep.Students[0].Final); !strings.HasPrefix(got, `"97.3333333333`) {
		t.Errorf("final = %s, want a string", got)
	}
}

func TestGradeCheckAndErrors(t *testing.T) {
	a := newAPI()
	h := compile(t, a, string(starter.NormsYAML))

	m := decode(t, a.Grade(h, starter.GradebookCSV, "", ""))
	if m["ok"] != true {
		t.Fatalf("grade: %v", m)
	}
	students := m["report"].(map[string]any)["students"].([]any)
	if len(students) == 0 || students[0].(map[string]any)["letter"] != "A" {
		t.Errorf("first student: %v", students[0])
	}

	// A norms file with a mistake: the CLI's positions, ok false.
	m = decode(t, a.Check("norms: 1\nteam: T\ngrading:\n  categoriez: []\n", "n.yaml"))
	ds := m["diagnostics"].([]any)
	if m["ok"] != false || len(ds) == 0 {
		t.Fatalf("check: %v", m)
	}
	var d map[string]any
	for _, x := range ds {
		if x.(map[string]any)["code"] == "norms/unknown-key" {
			d = x.(map[string]any)
		}
	}
	if d == nil || d["line"] != json.Number("4") || d["column"] != json.Number("3") || d["file"] != "n.yaml" {
		t.Errorf("diagnostic: %v", d)
	}

	// Bad gradebook: an error answer, no report.
	m = decode(t, a.Grade(h, []byte("{\"students\": 3}"), "", ""))
	if m["ok"] != false || m["report"] != nil || len(m["diagnostics"].([]any)) == 0 {
		t.Errorf("bad book: %v", m)
	}
	m = decode(t, a.Grade(h, []byte("x"), "ods", ""))
	if m["ok"] != false || m["diagnostics"].([]any)[0].(map[string]any)["code"] != "wasm/format" {
		t.Errorf("unknown format: %v", m)
	}

	// Explain by name.
	m = decode(t, a.Explain(h, starter.GradebookCSV, "csv", "", "maya patel"))
	if m["ok"] != true || !strings.Contains(m["text"].(string), "Maya") {
		t.Errorf("explain: %v", m)
	}

	// Released handles are refused, not crashed on.
	a.Release(h)
	m = decode(t, a.Grade(h, starter.GradebookCSV, "", ""))
	if m["ok"] != false || m["diagnostics"].([]any)[0].(map[string]any)["code"] != "wasm/handle" {
		t.Errorf("released: %v", m)
	}
	if a.Handles() != 0 {
		t.Errorf("%d handles held after release", a.Handles())
	}
}

// TestPanicIsAnAnswer: a panic becomes an error answer, and the next call
// works.
func TestPanicIsAnAnswer(t *testing.T) {
	a := newAPI()
	m := decode(t, a.call("boom", func() result { panic("boom") }))
	if m["ok"] != false || m["diagnostics"].([]any)[0].(map[string]any)["code"] != "wasm/internal" {
		t.Errorf("panic: %v", m)
	}
	m = decode(t, a.Check(string(starter.NormsYAML), ""))
	if m["ok"] != true {
		t.Errorf("after a panic: %v", m)
	}
}

// firstDiagnostic is the first diagnostic of an answer.
func firstDiagnostic(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	ds, _ := m["diagnostics"].([]any)
	if len(ds) == 0 {
		t.Fatalf("no diagnostics: %v", m)
	}
	return ds[0].(map[string]any)
}

// TestTooLargeForTheBrowser: a gradebook past the module's limits is
// refused with an answer (it would otherwise run the module out of
// memory), and one at the limit is graded.
func TestTooLargeForTheBrowser(t *testing.T) {
	a := newAPI()
	h := compile(t, a, string(starter.NormsYAML))
	book := func(students int) []byte {
		var b strings.Builder
		b.WriteString("Student,ID,HW 1\nCategory,,Homework\nPoints Possible,,10\n")
		for i := range students {
			fmt.Fprintf(&b, "S%d,%d,7\n", i, 100000+i)
		}
		return []byte(b.String())
	}
	m := decode(t, a.Grade(h, book(maxBookStudents+1), "csv", "big.csv"))
	if d := firstDiagnostic(t, m); m["ok"] != false || d["code"] != "wasm/too-large" || !strings.HasPrefix(d["message"].(string), "big.csv has 100001 students") {
		t.Errorf("over the limit: %v", d)
	}
	m = decode(t, a.Explain(h, book(maxBookStudents+1), "csv", "", "S1"))
	if d := firstDiagnostic(t, m); d["code"] != "wasm/too-large" {
		t.Errorf("explain over the limit: %v", d)
	}
	m = decode(t, a.Grade(h, book(maxBookStudents), "csv", ""))
	if m["ok"] != true || len(m["report"].(map[string]any)["students"].([]any)) != maxBookStudents {
		t.Errorf("at the limit: ok %v", m["ok"])
	}
}

// TestDiagnosticsNameTheFile: what the engine finds while grading,
// explaining or applying the conduct norms is about the file given, as the
// CLI prints it.
func TestDiagnosticsNameTheFile(t *testing.T) {
	a := newAPI()
	h := compile(t, a, string(starter.NormsYAML))
	for _, c := range []struct {
		answer string
		file   string
	}{
		{a.Explain(h, starter.GradebookCSV, "csv", "p2.csv", "nobody"), "p2.csv"},
		{a.Explain(h, starter.GradebookCSV, "csv", "", "nobody"), "gradebook.csv"},
		{a.Conduct(h, starter.IncidentsCSV, "csv", "log.csv", `{"student": "nobody"}`), "log.csv"},
	} {
		m := decode(t, c.answer)
		if d := firstDiagnostic(t, m); d["file"] != c.file {
			t.Errorf("%v: file %v, want %s", d["message"], d["file"], c.file)
		}
	}
}
