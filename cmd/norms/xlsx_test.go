package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine/starter"
	"github.com/xuri/excelize/v2"
)

// TestGradeXLSXMatchesCSV: the sample gradebook saved as an .xlsx grades to
// exactly the same report as the CSV.
func TestGradeXLSXMatchesCSV(t *testing.T) {
	rows, err := csv.NewReader(bytes.NewReader(starter.GradebookCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "Gradebook"); err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellStr("Gradebook", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	dir := t.TempDir()
	book := filepath.Join(dir, "book.xlsx")
	if err := f.SaveAs(book); err != nil {
		t.Fatal(err)
	}
	var fromCSV, fromXLSX, errs bytes.Buffer
	if code := Main([]string{"grade", "--example", "--format", "json"}, nil, &fromCSV, &errs); code != 0 {
		t.Fatalf("csv: exit %d: %s", code, errs.String())
	}
	if code := Main([]string{"grade", "--norms", writeStarterNorms(t, dir), "--format", "json", book}, nil, &fromXLSX, &errs); code != 0 {
		t.Fatalf("xlsx: exit %d: %s", code, errs.String())
	}
	if fromCSV.String() != fromXLSX.String() {
		t.Errorf("the xlsx report differs from the CSV one:\n%s\nvs\n%s", fromXLSX.String(), fromCSV.String())
	}
}

func writeStarterNorms(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "norms.yaml")
	if err := writeFileAtomic(p, starter.NormsYAML); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestGradeAndFillWithLayout: grade and fill read a workbook through the
// norms file's gradebook: section (header on row 3, IDs in column C,
// categories by name, fixed points).
func TestGradeAndFillWithLayout(t *testing.T) {
	dir := t.TempDir()
	norms := filepath.Join(dir, "norms.yaml")
	if err := writeFileAtomic(norms, []byte(`norms: 1
team: T
grading:
  categories:
    - {name: Homework, weight: 100}
gradebook:
  header_row: 3
  name_column: Name
  id_column: C
  points: 10
  categories:
    - {match: "HW*", category: Homework}
`)); err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	for cell, v := range map[string]any{"A1": "Period 3", "A3": "Name", "B3": "Email", "C3": "Number", "D3": "HW 1", "E3": "HW 2",
		"A4": "Lopez, Ana", "B4": "ana@school", "C4": "501", "D4": 9, "E4": 7} {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	book := filepath.Join(dir, "book.xlsx")
	if err := f.SaveAs(book); err != nil {
		t.Fatal(err)
	}
	res := run(t, "", "grade", "--norms", norms, "--format", "json", book)
	if res.code != 0 || !bytes.Contains([]byte(res.stdout), []byte(`"501"`)) || !bytes.Contains([]byte(res.stdout), []byte(`"80"`)) {
		t.Errorf("grade: exit %d\nstdout %s\nstderr %s", res.code, res.stdout, res.stderr)
	}
	res = run(t, "", "fill", "--norms", norms, "--date", "2026-01-15", book)
	if res.code != 0 {
		t.Fatalf("fill: exit %d: %s", res.code, res.stderr)
	}
	out, err := excelize.OpenFile(filepath.Join(dir, "book.graded.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if h, _ := out.GetCellValue("Sheet1", "F3"); h != "Norms: Homework %" {
		t.Errorf("F3: got %q, want the first Norms header, after the data", h)
	}
}

// TestGradeNamesTheCell: what grading finds in a workbook (a score over the
// points possible) is reported at its cell by grade and explain, as fill
// reports it, not only by student and assignment.
func TestGradeNamesTheCell(t *testing.T) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "Gradebook"); err != nil {
		t.Fatal(err)
	}
	rows := [][]any{{"Student", "ID", "HW 1", "HW 2"}, {"Category", nil, "Homework", "Homework"}, {"Points Possible", nil, 10, 10}, {"Ana", "S1", 9, 30}}
	for r, row := range rows {
		if err := f.SetSheetRow("Gradebook", fmt.Sprintf("A%d", r+1), &row); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	book := filepath.Join(dir, "book.xlsx")
	if err := f.SaveAs(book); err != nil {
		t.Fatal(err)
	}
	norms := writeStarterNorms(t, dir)
	for _, args := range [][]string{{"grade", "--norms", norms, book}, {"explain", "--norms", norms, "--student", "S1", book}} {
		var out, errs bytes.Buffer
		if code := Main(args, nil, &out, &errs); code != exitErrors || !strings.Contains(errs.String(), "book.xlsx: Gradebook!D4: Ana (S1) has 30") {
			t.Errorf("%s: exit %d, stderr %q", args[0], code, errs.String())
		}
	}
}
