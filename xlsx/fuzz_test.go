package xlsx

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// FuzzReadBook reads small workbooks whose score, points possible and
// category cells are fuzzed strings, written by excelize as a teacher's
// workbook would hold them. Reading must never panic, and a workbook that
// reads must grade, or be refused with diagnostics, without panicking.
func FuzzReadBook(f *testing.F) {
	seeds := [][4]string{
		{"9", "18/20", "10", "Homework"},
		{"M", "EX", "10", "Homework"},
		{"90%", "9 late 2", "20", "Quizzes"},
		{"", "missing", "0", "Tests"},
		{"ninety", "-1", "10", "Homework"},
		{"1e400", "9/0", "abc", ""},
		{"=1/0", "=C4*2", "10", "Homework"},
		{"45 (late 1)", "\x00", "1e9", "Homework"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1], s[2], s[3])
	}
	p := starterProgram(f)
	f.Fuzz(func(t *testing.T, a, b, possible, category string) {
		data := fuzzBook(cells{
			{"Student", "ID", "HW 1", "Quiz 1"},
			{nil, nil, category, "Quizzes"},
			{nil, nil, possible, 20},
			{"Ana", "s1", a, b},
		})
		if data == nil {
			t.Skip("excelize refuses these values")
		}
		w, ds := Open("fuzz.xlsx", data, Options{})
		if w == nil {
			if !ds.HasErrors() {
				t.Fatal("no workbook and no error")
			}
			return
		}
		defer w.Close()
		if _, ds := w.Fill(p, FillOptions{Date: "2026-01-15"}); ds.HasErrors() {
			for _, d := range ds {
				if d.Message == "" {
					t.Fatalf("an empty message: %+v", d)
				}
			}
		}
	})
}

// fuzzBook writes the fuzzed workbook, or nil when excelize itself
// refuses a value (too long, a formula it cannot store): that is not a
// workbook a teacher can have.
func fuzzBook(rows cells) []byte {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Gradebook"); err != nil {
		return nil
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			var err error
			if s, ok := v.(string); ok && strings.HasPrefix(s, "=") && len(s) > 1 {
				err = f.SetCellFormula("Gradebook", cell, s[1:])
			} else {
				err = f.SetCellValue("Gradebook", cell, v)
			}
			if err != nil {
				return nil
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil
	}
	return buf.Bytes()
}
