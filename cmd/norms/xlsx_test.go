package main

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
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
