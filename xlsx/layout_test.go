package xlsx

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine"
	"github.com/xuri/excelize/v2"
)

// layoutNorms are norms with a gradebook: section, for a school's own
// spreadsheet: a title above the header, IDs in column D, categories by
// name, every assignment out of 10.
const layoutNorms = `norms: 1
team: Algebra
grading:
  categories:
    - {name: Homework, weight: 40}
    - {name: Quizzes, weight: 60}
gradebook:
  sheet: "Marks*"
  header_row: 3
  name_column: Last, First
  id_column: D
  points: 10
  categories:
    - {match: "HW*", category: Homework}
    - {match: "*quiz*", category: Quizzes}
`

func layoutProgram(t testing.TB, text string) *engine.Program {
	t.Helper()
	p, ds := engine.Check("norms.yaml", []byte(text))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return p
}

// marks is a sheet laid out as layoutNorms says, with columns that are not
// assignments (Email, Section, Notes) between and after them.
func marks() cells {
	return cells{
		{"Algebra 1, Period 3"},
		{},
		{"Last, First", "Email", "Section", "Student Number", "HW 1", "Pop Quiz 1", "HW 2", "Notes"},
		{"Lopez, Ana", "ana@school", "P3", "501", 9, 8, "M", "great"},
		{"Ortiz, Ben", "ben@school", "P3", "502", 7, "EX", 10, nil},
	}
}

// TestReadCustomLayout: the gradebook: section says where everything is;
// the columns no pattern maps are kept as data and said to be not graded.
func TestReadCustomLayout(t *testing.T) {
	p := layoutProgram(t, layoutNorms)
	data := build(t, map[string]cells{"Cover": {{"Read me"}}, "Marks P3": marks()}, []string{"Cover", "Marks P3"}, nil)
	w, ds := Open("book.xlsx", data, Options{Layout: p.Norms().Gradebook})
	if ds.HasErrors() {
		t.Fatalf("Open: %v", ds)
	}
	defer w.Close()
	if len(w.Sheets) != 1 || w.Sheets[0].Name != "Marks P3" {
		t.Fatalf("sheets: got %d, want Marks P3 only", len(w.Sheets))
	}
	var warned []string
	for _, d := range ds {
		warned = append(warned, d.Path)
	}
	if want := []string{"'Marks P3'!B3", "'Marks P3'!C3", "'Marks P3'!H3"}; !reflect.DeepEqual(warned, want) {
		t.Errorf("not-graded warnings at %q, want %q:\n%v", warned, want, ds)
	}
	sh := w.Sheets[0]
	ten, _ := engine.PointsFromDecimal(mustDecimal(t, "10"))
	pts := func(s string) engine.Points { p, _ := engine.PointsFromDecimal(mustDecimal(t, s)); return p }
	want := &engine.Gradebook{
		Assignments: []engine.Assignment{
			{Name: "HW 1", Category: "Homework", Possible: ten},
			{Name: "Pop Quiz 1", Category: "Quizzes", Possible: ten},
			{Name: "HW 2", Category: "Homework", Possible: ten},
		},
		Students: []engine.Student{
			{ID: "501", Name: "Lopez, Ana", Scores: []engine.Score{{Status: engine.Graded, Earned: pts("9")}, {Status: engine.Graded, Earned: pts("8")}, {Status: engine.MissingWork}}},
			{ID: "502", Name: "Ortiz, Ben", Scores: []engine.Score{{Status: engine.Graded, Earned: pts("7")}, {Status: engine.Excused}, {Status: engine.Graded, Earned: pts("10")}}},
		},
	}
	if !reflect.DeepEqual(grading(sh.Book), grading(want)) {
		t.Errorf("got %+v\nwant %+v", grading(sh.Book), want)
	}
	if sh.Layout != Custom || sh.HeaderRow != 3 || !reflect.DeepEqual(sh.StudentRows, []int{4, 5}) || sh.LastDataCol != 8 {
		t.Errorf("layout %v, header row %d, student rows %v, last data column %d; want Custom, 3, [4 5], 8", sh.Layout, sh.HeaderRow, sh.StudentRows, sh.LastDataCol)
	}

	// Fill writes its columns after the data, on the header row and the
	// students' rows.
	if _, ds := w.Fill(p, FillOptions{NormsFile: "norms.yaml", NormsText: []byte(layoutNorms), Date: "2026-01-15"}); ds.HasErrors() {
		t.Fatalf("Fill: %v", ds)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if h, _ := f.GetCellValue("Marks P3", "I3"); !strings.HasPrefix(h, resultPrefix) {
		t.Errorf("I3: got %q, want a Norms result header", h)
	}
	if v, _ := f.GetCellValue("Marks P3", "I4"); v == "" {
		t.Error("I4: no result for the first student")
	}
}

// TestReadCustomLayoutDueAndExtraCredit: due_row and extra_credit_row are
// read as the template's Due and Extra Credit rows are, a date typed in
// Excel (a day count) included; a bad cell is named with the key.
func TestReadCustomLayoutDueAndExtraCredit(t *testing.T) {
	text := strings.Replace(layoutNorms, "  points: 10\n", "  points: 10\n  due_row: 1\n  extra_credit_row: 2\n", 1)
	p := layoutProgram(t, text)
	sheet := marks()
	// 46279 is 2026-09-14 as Excel stores a date.
	sheet[0] = []any{"Due", nil, nil, nil, "2026-09-10", 46279, nil, nil}
	sheet[1] = []any{"Extra credit", nil, nil, nil, nil, nil, "yes", nil}
	data := build(t, map[string]cells{"Marks P3": sheet}, []string{"Marks P3"}, nil)
	w, ds := Open("book.xlsx", data, Options{Layout: p.Norms().Gradebook})
	if ds.HasErrors() {
		t.Fatalf("Open: %v", ds)
	}
	defer w.Close()
	var got []string
	for _, a := range w.Sheets[0].Book.Assignments {
		got = append(got, fmt.Sprintf("%s due %q extra %v", a.Name, a.Due, a.ExtraCredit))
	}
	want := []string{`HW 1 due "2026-09-10" extra false`, `Pop Quiz 1 due "2026-09-14" extra false`, `HW 2 due "" extra true`}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if len(w.Sheets[0].StudentRows) != 2 {
		t.Errorf("student rows %v, want the two students", w.Sheets[0].StudentRows)
	}

	sheet[1][6] = "maybe"
	data = build(t, map[string]cells{"Marks P3": sheet}, []string{"Marks P3"}, nil)
	_, ds = Open("book.xlsx", data, Options{Layout: p.Norms().Gradebook})
	if !ds.HasErrors() || !strings.Contains(ds.Error(), "'Marks P3'!G2") || !strings.Contains(ds.Error(), "gradebook.extra_credit_row is 2") {
		t.Errorf("a bad extra credit cell: %v; want an error at 'Marks P3'!G2 naming gradebook.extra_credit_row", ds)
	}
}

// TestReadCanvasCategoriesFromNorms: a Canvas export gets its categories
// from the norms file alone, and --category-map rules come first.
func TestReadCanvasCategoriesFromNorms(t *testing.T) {
	p := layoutProgram(t, `norms: 1
team: T
grading:
  categories:
    - {name: Homework, weight: 50}
    - {name: Quizzes, weight: 50}
gradebook:
  categories:
    - {match: "hw*", category: Homework}
    - {match: "Quiz *", category: Quizzes}
`)
	data := build(t, map[string]cells{"Grades": canvasExport()}, []string{"Grades"}, nil)
	w := open(t, data, Options{Layout: p.Norms().Gradebook})
	sh := w.Sheets[0]
	if sh.Layout != Canvas {
		t.Errorf("layout: got %v, want Canvas", sh.Layout)
	}
	var got []string
	for _, a := range sh.Book.Assignments {
		got = append(got, a.Name+"="+a.Category)
	}
	if want := []string{"HW 1=Homework", "Quiz 1=Quizzes"}; !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	w = open(t, data, Options{Layout: p.Norms().Gradebook, CategoryMap: []CategoryRule{{"quiz*", "Homework"}}})
	if c := w.Sheets[0].Book.Assignments[1].Category; c != "Homework" {
		t.Errorf("with --category-map quiz*=Homework: Quiz 1 is in %q, want Homework", c)
	}
}

// TestLayoutErrors: a layout that does not fit the workbook says which key
// pointed where, and what was not found there.
func TestLayoutErrors(t *testing.T) {
	book := build(t, map[string]cells{"Gradebook": {
		{"Student", "ID", "HW 1"},
		{nil, nil, "Homework"},
		{nil, nil, 10},
		{"Lopez, Ana", "501", 9},
	}}, []string{"Gradebook"}, nil)
	tests := []struct{ name, section, want string }{
		{"header row", "header_row: 2\n  points: 10", "gradebook.header_row is 2, but Gradebook!A2:C2 has no column named Student"},
		{"id column", "id_column: Student Number\n  category_row: 2\n  points_row: 3", `gradebook.id_column is "Student Number", but Gradebook!A1:C1 has no column named "Student Number"`},
		{"sheet", "sheet: Marks\n  points: 10", `gradebook.sheet is "Marks", but the workbook has no sheet of that name (its sheets: Gradebook)`},
		{"rows", "category_row: 9\n  points: 10", "gradebook.category_row is 9, but sheet Gradebook has only 4 rows"},
		{"no points", "category_row: 2", "no points_row and no points"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := layoutProgram(t, "norms: 1\nteam: T\ngrading:\n  categories:\n    - {name: Homework, weight: 100}\ngradebook:\n  "+tt.section+"\n")
			_, ds := Open("book.xlsx", book, Options{Layout: p.Norms().Gradebook})
			if !ds.HasErrors() || !strings.Contains(ds.Error(), tt.want) {
				t.Errorf("got %v\nwant %q", ds, tt.want)
			}
		})
	}
	// The same section reads the sheet once its rows are right.
	p := layoutProgram(t, "norms: 1\nteam: T\ngrading:\n  categories:\n    - {name: Homework, weight: 100}\ngradebook:\n  category_row: 2\n  points_row: 3\n")
	w := open(t, book, Options{Layout: p.Norms().Gradebook})
	if n := len(w.Sheets[0].Book.Students); n != 1 {
		t.Errorf("got %d students, want 1", n)
	}
}
