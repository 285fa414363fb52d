package report

import (
	"reflect"
	"testing"

	"github.com/teamnorms/norms/engine"
)

// TestSections: a CSV book is named by its file, a workbook of several
// sheets by its sheets, two files of one name by their paths, and a
// workbook without a gradebook sheet is an error.
func TestSections(t *testing.T) {
	book := func() *engine.Gradebook {
		return &engine.Gradebook{Students: []engine.Student{{ID: "1", Name: "Ana"}}}
	}
	sections := []Section{BookSection("a/p1.csv", book()), BookSection("b/p1.csv", book()), BookSection(`c\p2.csv`, book())}
	ws, ds := WorkbookSections("team.xlsx", []Sheet{{Name: "Period 3", Book: book()}, {Name: "Period 4", Book: book()}})
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	one, _ := WorkbookSections("x/one.xlsx", []Sheet{{Name: "Gradebook", Book: book()}})
	sections = append(append(sections, ws...), one...)
	NameSections(sections)
	var got [][2]string
	for _, s := range sections {
		got = append(got, [2]string{s.Name, s.File})
	}
	want := [][2]string{{"a/p1.csv", "a/p1.csv"}, {"b/p1.csv", "b/p1.csv"}, {"p2.csv", `c\p2.csv`},
		{"Period 3", "team.xlsx (sheet Period 3)"}, {"Period 4", "team.xlsx (sheet Period 4)"}, {"one.xlsx", "x/one.xlsx"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	if ws[0].Book.File != "team.xlsx" {
		t.Errorf("a sheet's gradebook is named %q, want the workbook's name", ws[0].Book.File)
	}
	if _, ds := WorkbookSections("empty.xlsx", nil); len(ds) != 1 || ds[0].Code != "gradebook/no-sheet" || ds[0].File != "empty.xlsx" {
		t.Errorf("no sheet: %v", ds)
	}
	dup := &engine.Gradebook{Students: []engine.Student{{ID: "1", Name: "Ana"}, {ID: "1", Name: "Ben"}}}
	if _, ds := WorkbookSections("dup.xlsx", []Sheet{{Name: "S", Book: dup}}); !ds.HasErrors() {
		t.Error("a sheet with a duplicate ID was not refused")
	}
}
