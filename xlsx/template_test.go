package xlsx

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/teamnorms/norms/engine/starter"
	"github.com/xuri/excelize/v2"
)

func buildTemplate(t *testing.T) []byte {
	t.Helper()
	data, ds := BuildTemplate(starterProgram(t), TemplateOptions{NormsFile: "norms.yaml", NormsText: starter.NormsYAML, Date: "2026-01-15"})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return data
}

// TestTemplate: the template is a Norms gradebook with no students, three
// assignments per category, formulas on 40 student rows, validation on
// the score cells, letter colours and the Norms sheet.
func TestTemplate(t *testing.T) {
	data, ds := BuildTemplate(starterProgram(t), TemplateOptions{NormsFile: "norms.yaml", NormsText: starter.NormsYAML, Date: "2026-01-15"})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	// The starter norms have flags: that column is left to norms fill.
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "Norms: Flags is left blank in the template") {
		t.Errorf("diagnostics: got %v, want one about the Flags column", ds)
	}
	w := open(t, data, Options{})
	if len(w.Sheets) != 1 || len(w.Sheets[0].Book.Students) != 0 {
		t.Fatalf("got %d sheets, want 1 with no students", len(w.Sheets))
	}
	sh := w.Sheets[0]
	var names []string
	for _, a := range sh.Book.Assignments {
		names = append(names, a.Name+"/"+a.Category+"/"+a.Possible.String())
	}
	want := "Homework 1/Homework/10 Homework 2/Homework/10 Homework 3/Homework/10 Quizzes 1/Quizzes/20 Quizzes 2/Quizzes/20 Quizzes 3/Quizzes/20 Tests 1/Tests/100 Tests 2/Tests/100 Tests 3/Tests/100"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("assignments:\ngot  %s\nwant %s", got, want)
	}
	f := excelOf(t, w)
	for cell, want := range map[string]string{"L1": "Norms: Homework %", "O1": "Norms: Final", "P1": "Norms: Letter", "Q1": "Norms: Flags"} {
		if got, _ := f.GetCellValue("Gradebook", cell); got != want {
			t.Errorf("%s: got %q, want %q", cell, got, want)
		}
	}
	for _, cell := range []string{"L4", "N43", "O4", "P43"} {
		if got, _ := f.GetCellFormula("Gradebook", cell); got == "" {
			t.Errorf("%s: no formula", cell)
		}
	}
	for _, cell := range []string{"L44", "Q4"} {
		if got, _ := f.GetCellFormula("Gradebook", cell); got != "" {
			t.Errorf("%s: got formula %q, want none", cell, got)
		}
	}
	dvs, err := f.GetDataValidations("Gradebook")
	if err != nil || len(dvs) != 1 {
		t.Fatalf("validations: got %d (%v), want 1", len(dvs), err)
	}
	dv := dvs[0]
	if dv.Sqref != "C4:K43" || dv.Type != "custom" || !dv.AllowBlank {
		t.Errorf("validation: got sqref %q type %q allowBlank %v, want C4:K43 custom true", dv.Sqref, dv.Type, dv.AllowBlank)
	}
	if want := `OR(AND(ISNUMBER(C4),C4>=0,C4<=C$3),C4="M",C4="EX",C4="missing",C4="excused")`; dv.Formula1 != want {
		t.Errorf("validation formula:\ngot  %s\nwant %s", dv.Formula1, want)
	}
	if !dv.ShowInputMessage || dv.Prompt == nil || !strings.Contains(*dv.Prompt, "M for missing") {
		t.Errorf("validation input message: %v", dv.Prompt)
	}
	if !dv.ShowErrorMessage || dv.Error == nil || !strings.Contains(*dv.Error, "from 0 to this column's Points Possible") {
		t.Errorf("validation error message: %v", dv.Error)
	}
	cfs, err := f.GetConditionalFormats("Gradebook")
	if err != nil || len(cfs["P4:P43"]) != 5 {
		t.Errorf("letter colours: got %v (%v), want 5 rules on P4:P43", cfs, err)
	}
	if a1, _ := f.GetCellValue(normsSheet, "A1"); a1 != normsMarker {
		t.Errorf("Norms sheet A1: got %q", a1)
	}
	// Typing the 9 scores of one student and an out-of-range score is the
	// teacher's job; that the template validates them is Excel's. Here:
	// Excel's own calculator (excelize's) agrees with the engine.
	edited := typeStudent(t, data)
	w2 := open(t, edited, Options{})
	rep, gds := starterProgram(t).Grade(w2.Sheets[0].Book)
	if gds.HasErrors() {
		t.Fatal(gds)
	}
	wants := engineCells(t, edited, rep)
	if len(wants) != 5 {
		t.Fatalf("got %d formula cells for the student, want 5: %v", len(wants), wants)
	}
	f2, _ := excelize.OpenReader(bytes.NewReader(edited))
	defer f2.Close()
	for _, wc := range wants {
		got, err := f2.CalcCellValue("Gradebook", wc.cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("%s: %v", wc.cell, err)
		}
		if err := agree(wc, got); err != nil {
			t.Errorf("excelize: %v", err)
		}
	}
}

// typeStudent types one student into the template, as a teacher would:
// numbers, M, EX and a blank.
func typeStudent(t *testing.T, data []byte) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for cell, v := range map[string]any{"A4": "Ana Lopez", "B4": "s1", "C4": 9, "D4": "M", "E4": 7.5,
		"F4": 18, "G4": "EX", "I4": 88, "J4": "missing", "K4": 95} {
		if err := f.SetCellValue("Gradebook", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestTemplateLibreOffice: LibreOffice, recalculating the template after a
// teacher typed one student's scores, gives the engine's results.
func TestTemplateLibreOffice(t *testing.T) {
	edited := typeStudent(t, buildTemplate(t))
	w := open(t, edited, Options{})
	rep, ds := starterProgram(t).Grade(w.Sheets[0].Book)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	wants := engineCells(t, edited, rep)
	if len(wants) != 5 {
		t.Fatalf("got %d formula cells for the student, want 5", len(wants))
	}
	checkLibreOffice(t, map[string][]byte{"template": edited}, map[string][]wantCell{"template": wants})
}

// TestTemplateFills: norms fill grades a template a teacher typed into,
// and the empty rows' formulas are kept.
func TestTemplateFills(t *testing.T) {
	edited := typeStudent(t, buildTemplate(t))
	out := fill(t, edited, FillOptions{NormsFile: "norms.yaml", NormsText: starter.NormsYAML, Date: "2026-01-15", Formulas: true})
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, _ := f.GetCellFormula("Gradebook", "O20"); got == "" {
		t.Error("O20: an empty row's formula was lost")
	}
	if got, _ := f.GetCellValue("Gradebook", "Q1"); got != "Norms: Flags" {
		t.Errorf("Q1: got %q; fill added a second set of results?", got)
	}
	if got, _ := f.GetCellValue("Gradebook", "R1"); got != "" {
		t.Errorf("R1: got %q; fill added a second set of results", got)
	}
}

// TestProgress: Options.Progress hears of every row Open reads and every
// row Write streams.
func TestProgress(t *testing.T) {
	var mu sync.Mutex
	n := 0
	w, ds := Open("grades.xlsx", build(t, map[string]cells{"Gradebook": starterCells(t)}, []string{"Gradebook"}, nil),
		Options{Progress: func(rows int) { mu.Lock(); n += rows; mu.Unlock() }})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	defer w.Close()
	rows := len(starterCells(t))
	if n != rows {
		t.Errorf("read: got %d rows, want %d", n, rows)
	}
	if _, ds := w.Fill(starterProgram(t), fillOpts); ds.HasErrors() {
		t.Fatal(ds)
	}
	if err := w.Write(io.Discard); err != nil {
		t.Fatal(err)
	}
	if ok, _ := w.Streaming(); ok && n != 2*rows {
		t.Errorf("read and written: got %d rows, want %d", n, 2*rows)
	}
}
