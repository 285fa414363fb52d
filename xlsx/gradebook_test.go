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
