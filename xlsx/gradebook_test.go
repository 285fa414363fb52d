package xlsx

import (
	"reflect"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
)

// TestReadGradebook: the sheets of two class periods with the same
// assignments read as one gradebook, their students in sheet order; sheets
// with different assignments are refused with a pointer to norms fill.
func TestReadGradebook(t *testing.T) {
	all := starterCells(t)
	head, students := all[:5], all[5:]
	p1 := append(append(cells{}, head...), students[:3]...)
	p2 := append(append(cells{}, head...), students[3:]...)
	data := build(t, map[string]cells{"Period 1": p1, "Period 2": p2}, []string{"Period 1", "Period 2"}, nil)
	book, ds := ReadGradebook("two.xlsx", data, Options{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	want := starterBook(t)
	if !reflect.DeepEqual(grading(book), grading(want)) {
		t.Errorf("two periods read as\n%+v\nwant the starter gradebook\n%+v", grading(book), grading(want))
	}

	// Period 2 without its last assignment: not one list.
	var short cells
	for _, row := range p2 {
		short = append(short, row[:len(row)-1])
	}
	data = build(t, map[string]cells{"Period 1": p1, "Period 2": short}, []string{"Period 1", "Period 2"}, nil)
	book, ds = ReadGradebook("two.xlsx", data, Options{})
	if book != nil || len(ds) == 0 || ds[len(ds)-1].Code != "gradebook/sheets-differ" || !strings.Contains(ds[len(ds)-1].Message, "norms fill") {
		t.Errorf("different sheets: got %v, %v; want gradebook/sheets-differ", book, ds)
	}
}

// TestUngraded: a student the norms cannot grade (a final of Tests, with
// no test graded) is one error at the student's row, and the others are
// graded.
func TestUngraded(t *testing.T) {
	text := strings.Replace(string(starter.NormsYAML), "\n  floor: 0\n", "\n  floor: 0\n  final: Tests\n", 1)
	p, ds := engine.Check("norms.yaml", []byte(text))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	rows := starterCells(t)
	// Row 7 of the sheet is the second student, Jordan Lee; the tests are
	// columns H and L.
	rows[6][7], rows[6][11] = "", ""
	w := open(t, build(t, map[string]cells{"Gradebook": rows}, []string{"Gradebook"}, nil), Options{})
	reports, ds := w.Fill(p, fillOpts)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	got := w.Ungraded(reports)
	if len(got) != 1 {
		t.Fatalf("Ungraded: %v, want one error", got)
	}
	d := got[0]
	if d.Code != "grade/student" || d.Severity != engine.Error || d.File != "book.xlsx" || d.Path != "Gradebook!A7" ||
		!strings.HasPrefix(d.Message, "Gradebook!A7: could not grade Jordan Lee (7002): ") {
		t.Errorf("Ungraded: %+v", d)
	}
	if reports[0].Students[0].Letter == "" {
		t.Errorf("the other students are graded: %+v", reports[0].Students[0])
	}
}

// TestReadGradebookLocated: the engine's diagnostics about a gradebook
// read from a workbook (grading it: norms grade, norms explain) name the
// cell, as Fill's do, in whichever period's sheet the student is; the
// others pass as they are.
func TestReadGradebookLocated(t *testing.T) {
	all := starterCells(t)
	head, students := all[:5], all[5:]
	// edit returns the starter rows with one cell changed (0-based).
	edit := func(rows cells, r, c int, v any) cells {
		out := make(cells, len(rows))
		for i, row := range rows {
			out[i] = append([]any(nil), row...)
		}
		out[r][c] = v
		return out
	}
	one := func(rows cells) []byte {
		return build(t, map[string]cells{"Gradebook": rows}, []string{"Gradebook"}, nil)
	}
	// Two periods; Period 2's first student is the book's fourth.
	two := func(p2 cells) []byte {
		p1 := append(append(cells{}, head...), students[:3]...)
		return build(t, map[string]cells{"Period 1": p1, "Period 2": p2}, []string{"Period 1", "Period 2"}, nil)
	}
	p2 := append(append(cells{}, head...), students[3:]...)
	tests := []struct {
		name string
		data []byte
		// grade: the diagnostics are Program.Grade's, else reading's.
		grade     bool
		code      string
		path, msg string
	}{
		{"a score over points possible", one(edit(all, 6, 4, 30)), true, "gradebook/over-possible", "Gradebook!E7",
			`Gradebook!E7: Jordan Lee (7002) has 30 on "HW 2", which is worth 10`},
		// The engine quotes the name in the path: "HW \"2\"".
		{"over points possible on an assignment with quotes in its name", one(edit(edit(all, 0, 4, `HW "2"`), 6, 4, 30)), true, "gradebook/over-possible", "Gradebook!E7",
			`Gradebook!E7: Jordan Lee (7002) has 30 on "HW \"2\""`},
		{"an unknown category", one(edit(all, 1, 3, "Quizes")), true, "gradebook/unknown-category", "Gradebook!D2",
			`Gradebook!D2: assignment "Quiz 1" is in category "Quizes", which the norms do not define`},
		{"over points possible in the second period", two(edit(p2, 6, 2, 11)), true, "gradebook/over-possible", "'Period 2'!C7",
			`'Period 2'!C7: `},
		{"an ID in both periods", two(edit(p2, 5, 1, "7001")), false, "gradebook/duplicate-id", "'Period 2'!B6",
			`'Period 2'!B6: `},
	}
	p := starterProgram(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			book, locate, ds := ReadGradebookLocated("book.xlsx", tt.data, Options{})
			if tt.grade {
				if ds.HasErrors() {
					t.Fatal(ds)
				}
				_, ds = p.Grade(book)
				ds = locate(ds)
			}
			var d *engine.Diagnostic
			for i := range ds {
				if ds[i].Code == tt.code {
					d = &ds[i]
				}
			}
			if d == nil || d.Path != tt.path || d.File != "book.xlsx" || !strings.HasPrefix(d.Message, tt.msg) {
				t.Errorf("got %v\nwant %s at %s: %s...", ds, tt.code, tt.path, tt.msg)
			}
		})
	}
}
