package xlsx

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
	"github.com/xuri/excelize/v2"
)

// cells is a sheet to build: rows of values as excelize.SetCellValue takes
// them (string, int, float64, nil), or a formula as a string "=...".
type cells [][]any

// build writes a workbook with the given sheets (in order) and returns its
// bytes. edit, when not nil, may add styles, merges and the like.
func build(t testing.TB, sheets map[string]cells, order []string, edit func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range order {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		for r, row := range sheets[name] {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if s, ok := v.(string); ok && strings.HasPrefix(s, "=") {
					if err := f.SetCellFormula(name, cell, s[1:]); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if err := f.SetCellValue(name, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if edit != nil {
		edit(f)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// starterCells is the starter CSV gradebook as text cells.
func starterCells(t testing.TB) cells {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(starter.GradebookCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out cells
	for _, rec := range recs {
		var row []any
		for _, v := range rec {
			row = append(row, v)
		}
		out = append(out, row)
	}
	return out
}

func starterBook(t testing.TB) *engine.Gradebook {
	t.Helper()
	book, ds := engine.ReadGradebookCSV("gradebook.csv", starter.GradebookCSV)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return book
}

func open(t testing.TB, data []byte, opts Options) *Workbook {
	t.Helper()
	w, ds := Open("book.xlsx", data, opts)
	if ds.HasErrors() {
		t.Fatalf("Open: %v", ds)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

// TestReadStarterAsXLSX: the starter gradebook typed into a workbook reads
// as exactly the gradebook the CSV reader gives.
func TestReadStarterAsXLSX(t *testing.T) {
	want := starterBook(t)
	w := open(t, build(t, map[string]cells{"Gradebook": starterCells(t)}, []string{"Gradebook"}, nil), Options{})
	if len(w.Sheets) != 1 {
		t.Fatalf("got %d sheets, want 1", len(w.Sheets))
	}
	sh := w.Sheets[0]
	if !reflect.DeepEqual(grading(sh.Book), grading(want)) {
		t.Errorf("got %+v\nwant %+v", sh.Book, want)
	}
	if got, wantRow := sh.StudentRows[0], 6; got != wantRow {
		t.Errorf("first student row: got %d, want %d", got, wantRow)
	}
}

// grading is what of a gradebook grading reads: assignments and students
// without the positions each reader records in its own terms.
func grading(b *engine.Gradebook) *engine.Gradebook {
	out := &engine.Gradebook{}
	for _, a := range b.Assignments {
		out.Assignments = append(out.Assignments, engine.Assignment{Name: a.Name, Category: a.Category, Possible: a.Possible, Due: a.Due, ExtraCredit: a.ExtraCredit})
	}
	for _, s := range b.Students {
		out.Students = append(out.Students, engine.Student{ID: s.ID, Name: s.Name, Scores: s.Scores})
	}
	return out
}

// template is a small gradebook in the unlabelled template layout: rows 2
// and 3 are categories and points possible by position.
func template(scores ...any) cells {
	return cells{
		{"Student", "ID", "HW 1", "Quiz 1"},
		{nil, nil, "Homework", "Quizzes"},
		{nil, nil, 10, 20},
		append([]any{"Ana Lopez", "s1"}, scores...),
	}
}

// TestReadCellValues: each way a teacher types a score in Excel.
func TestReadCellValues(t *testing.T) {
	pts := func(s string) engine.Points {
		d, err := engine.ParseDecimal(s)
		if err != nil {
			t.Fatal(err)
		}
		p, err := engine.PointsFromDecimal(d)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	graded := func(s string) engine.Score { return engine.Score{Status: engine.Graded, Earned: pts(s)} }
	percentStyle := func(f *excelize.File) {
		id, _ := f.NewStyle(&excelize.Style{NumFmt: 9})
		f.SetCellStyle("Gradebook", "D4", "D4", id)
	}
	dateStyle := func(f *excelize.File) {
		id, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
		f.SetCellStyle("Gradebook", "D4", "D4", id)
	}
	customPercent := func(f *excelize.File) {
		code := `0.0"pts"%`
		id, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		f.SetCellStyle("Gradebook", "D4", "D4", id)
	}
	intFormat := func(f *excelize.File) {
		id, _ := f.NewStyle(&excelize.Style{NumFmt: 1}) // "0": shows 9.5 as 10
		f.SetCellStyle("Gradebook", "C4", "D4", id)
	}
	tests := []struct {
		name    string
		hw      any
		quiz    any
		edit    func(*excelize.File)
		want    [2]engine.Score
		wantErr string
	}{
		{name: "numbers", hw: 9, quiz: 17.5, want: [2]engine.Score{graded("9"), graded("17.5")}},
		{name: "text numbers", hw: "9", quiz: " 17.5 ", want: [2]engine.Score{graded("9"), graded("17.5")}},
		{name: "fraction", hw: "9/10", quiz: "9/10", want: [2]engine.Score{graded("9"), graded("18")}},
		{name: "percent text", hw: "90%", quiz: "90%", want: [2]engine.Score{graded("9"), graded("18")}},
		{name: "percent format", hw: 9, quiz: 0.905, edit: percentStyle, want: [2]engine.Score{graded("9"), graded("18.1")}},
		{name: "custom percent format", hw: 9, quiz: 0.5, edit: customPercent, want: [2]engine.Score{graded("9"), graded("10")}},
		{name: "raw value, not the displayed one", hw: 9.5, quiz: 17.25, edit: intFormat, want: [2]engine.Score{graded("9.5"), graded("17.25")}},
		{name: "marks", hw: "M", quiz: "excused", want: [2]engine.Score{{Status: engine.MissingWork}, {Status: engine.Excused}}},
		{name: "marks lower case", hw: "missing", quiz: "ex", want: [2]engine.Score{{Status: engine.MissingWork}, {Status: engine.Excused}}},
		{name: "blank", hw: nil, quiz: "", want: [2]engine.Score{{}, {}}},
		{name: "late", hw: "9 late 2", quiz: "18 (late 1)", want: [2]engine.Score{{Status: engine.Graded, Earned: pts("9"), DaysLate: 2}, {Status: engine.Graded, Earned: pts("18"), DaysLate: 1}}},
		{name: "formula without cached value", hw: "=4+5", quiz: "=C4*2", want: [2]engine.Score{graded("9"), graded("18")}},
		{name: "not a score", hw: 9, quiz: "ninety", wantErr: `book.xlsx: Gradebook!D4: Ana Lopez, Quiz 1: "ninety" is not a score`},
		{name: "a date", hw: 9, quiz: 45910, edit: dateStyle, wantErr: `Gradebook!D4: Ana Lopez, Quiz 1: this cell holds a date, not a score`},
		// An Excel boolean is stored as 1 or 0; it is the text Excel
		// shows, not a point.
		{name: "TRUE", hw: 9, quiz: true, wantErr: `Gradebook!D4: Ana Lopez, Quiz 1: "TRUE" is not a score`},
		{name: "FALSE", hw: 9, quiz: false, wantErr: `Gradebook!D4: Ana Lopez, Quiz 1: "FALSE" is not a score`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := build(t, map[string]cells{"Gradebook": template(tt.hw, tt.quiz)}, []string{"Gradebook"}, tt.edit)
			w, ds := Open("book.xlsx", data, Options{})
			if tt.wantErr != "" {
				if !ds.HasErrors() || !strings.Contains(ds.Error(), tt.wantErr) {
					t.Fatalf("got %v, want an error containing %q", ds, tt.wantErr)
				}
				if ds[0].Path != "Gradebook!D4" {
					t.Errorf("path: got %q, want Gradebook!D4", ds[0].Path)
				}
				return
			}
			if ds.HasErrors() {
				t.Fatal(ds)
			}
			defer w.Close()
			got := w.Sheets[0].Book.Students[0].Scores
			if !reflect.DeepEqual(got, tt.want[:]) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestReadDamagedCells: a cell whose shared string the workbook does not
// have (a damaged workbook) is an error at the cell, not a blank score or
// name; booleans in the setup rows read as the TRUE or FALSE Excel shows.
func TestReadDamagedCells(t *testing.T) {
	book := build(t, map[string]cells{"Gradebook": template(9, 18)}, []string{"Gradebook"}, nil)
	// cell returns book with one cell of the sheet's XML replaced.
	cell := func(ref, xml string) []byte {
		re := regexp.MustCompile(`<c r="` + ref + `"[^>]*?(/>|>.*?</c>)`)
		return editPart(t, book, "xl/worksheets/sheet1.xml", func(x string) string {
			if !re.MatchString(x) {
				t.Fatalf("no cell %s in %s", ref, x)
			}
			return re.ReplaceAllLiteralString(x, xml)
		})
	}
	noSST := editPart(t, book, "xl/_rels/workbook.xml.rels", func(x string) string {
		return string(removeElements([]byte(x), "Relationship", func(tag []byte) bool {
			typ, _ := attr(tag, "Type")
			return typ == relNS+"/sharedStrings"
		}))
	})
	tests := []struct {
		name string
		data []byte
		// want is the first error, at path ("" for none); extra checks
		// the gradebook read.
		path, want string
		extra      func(t *testing.T, w *Workbook)
	}{
		{name: "a score past the shared strings", data: cell("D4", `<c r="D4" t="s"><v>99999</v></c>`), path: "Gradebook!D4",
			want: `Gradebook!D4: the cell refers to shared string "99999", which the workbook does not have (it has 8): the workbook is damaged`},
		{name: "a name past the shared strings", data: cell("A4", `<c r="A4" t="s"><v>8</v></c>`), path: "Gradebook!A4",
			want: `Gradebook!A4: the cell refers to shared string "8", which`},
		{name: "a negative index", data: cell("B4", `<c r="B4" t="s"><v>-1</v></c>`), path: "Gradebook!B4",
			want: `Gradebook!B4: the cell refers to shared string "-1", which`},
		{name: "an index that is not a number", data: cell("C1", `<c r="C1" t="s"><v>x</v></c>`), path: "Gradebook!C1",
			want: `Gradebook!C1: the cell refers to shared string "x", which`},
		{name: "no shared strings", data: noSST, path: "Gradebook!A1",
			want: `Gradebook!A1: the cell refers to shared string "0", and 7 other cells of the sheet to others, but the workbook has no shared strings`},
		{name: "TRUE points possible", data: cell("D3", `<c r="D3" t="b"><v>1</v></c>`), path: "Gradebook!D3",
			want: `Gradebook!D3: points possible for "Quiz 1" must be a number of 0 or more, got "TRUE"`},
		{name: "TRUE extra credit", data: editPart(t, book, "xl/worksheets/sheet1.xml", func(x string) string {
			// Labelled setup rows, with an Extra Credit row of booleans.
			return strings.NewReplacer(`<row r="2">`, `<row r="2"><c r="A2" t="inlineStr"><is><t>Category</t></is></c>`,
				`<row r="3">`, `<row r="3"><c r="A3" t="inlineStr"><is><t>Points Possible</t></is></c>`,
				`<row r="4">`, `<row r="4"><c r="A4" t="inlineStr"><is><t>Extra Credit</t></is></c><c r="C4" t="b"><v>0</v></c><c r="D4" t="b"><v>1</v></c></row><row r="5">`,
				`r="A4"`, `r="A5"`, `r="B4"`, `r="B5"`, `r="C4"`, `r="C5"`, `r="D4"`, `r="D5"`).Replace(x)
		}), extra: func(t *testing.T, w *Workbook) {
			if as := w.Sheets[0].Book.Assignments; as[0].ExtraCredit || !as[1].ExtraCredit {
				t.Errorf("extra credit: got %v %v, want false true", as[0].ExtraCredit, as[1].ExtraCredit)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, ds := Open("book.xlsx", tt.data, Options{})
			if w != nil {
				defer w.Close()
			}
			if tt.want == "" {
				if ds.HasErrors() {
					t.Fatal(ds)
				}
				tt.extra(t, w)
				return
			}
			if !ds.HasErrors() || !strings.Contains(ds[0].Message, tt.want) || ds[0].Path != tt.path {
				t.Fatalf("got %v, want an error at %s containing %q", ds, tt.path, tt.want)
			}
		})
	}
}

// TestReadSheets: merged category cells, hidden rows and columns, several
// class periods, and sheets that are not gradebooks.
func TestReadSheets(t *testing.T) {
	period := func(student, id string) cells {
		return cells{
			{"Student", "ID", "HW 1", "HW 2", "Quiz 1"},
			{"Category", nil, "Homework", nil, "Quizzes"},
			{"Points Possible", nil, 10, 10, 20},
			{student, id, 9, 8, 18},
		}
	}
	sheets := map[string]cells{
		"Period 1":    period("Ana Lopez", "s1"),
		"Notes":       {{"Parent night is on Thursday"}},
		"Gradebook 2": period("Ben Ortiz", "s2"),
	}
	data := build(t, sheets, []string{"Period 1", "Notes", "Gradebook 2"}, func(f *excelize.File) {
		for _, s := range []string{"Period 1", "Gradebook 2"} {
			if err := f.MergeCell(s, "C2", "D2"); err != nil {
				t.Fatal(err)
			}
			f.SetRowVisible(s, 4, false)
			f.SetColVisible(s, "D", false)
		}
	})
	w := open(t, data, Options{})
	var names []string
	for _, sh := range w.Sheets {
		names = append(names, sh.Name)
		if got := sh.Book.Assignments[1].Category; got != "Homework" {
			t.Errorf("%s: HW 2 (under a merged cell) is in %q, want Homework", sh.Name, got)
		}
		if len(sh.Book.Students) != 1 || sh.Book.Students[0].Scores[1].Status != engine.Graded {
			t.Errorf("%s: the hidden row and column must be read as data, got %+v", sh.Name, sh.Book.Students)
		}
	}
	if want := []string{"Period 1", "Gradebook 2"}; !reflect.DeepEqual(names, want) {
		t.Errorf("sheets: got %q, want %q", names, want)
	}
}

// canvasExport is a Canvas gradebook export, as its cells.
func canvasExport() cells {
	return cells{
		{"Student", "ID", "SIS User ID", "SIS Login ID", "Section", "HW 1 (1001)", "Quiz 1 (1002)", "Homework Current Score", "Current Score", "Unposted Final Score", "Final Grade"},
		{"    Points Possible", nil, nil, nil, nil, 10, 20, "(read only)", "(read only)", "(read only)", "(read only)"},
		{"Lopez, Ana", "501", "s1", "alopez", "Period 1", 9, "EX", 90, 90, 90, "A-"},
		{"Ortiz, Ben", "502", "s2", "bortiz", "Period 1", nil, 15, nil, 75, 75, "C"},
	}
}

var canvasMap = []CategoryRule{{"HW*", "Homework"}, {"*quiz*", "Quizzes"}}

func TestReadCanvas(t *testing.T) {
	ten, _ := engine.PointsFromDecimal(mustDecimal(t, "10"))
	twenty, _ := engine.PointsFromDecimal(mustDecimal(t, "20"))
	want := &engine.Gradebook{
		Assignments: []engine.Assignment{{Name: "HW 1", Category: "Homework", Possible: ten}, {Name: "Quiz 1", Category: "Quizzes", Possible: twenty}},
	}
	nine, _ := engine.PointsFromDecimal(mustDecimal(t, "9"))
	fifteen, _ := engine.PointsFromDecimal(mustDecimal(t, "15"))
	want.Students = []engine.Student{
		{ID: "501", Name: "Lopez, Ana", Scores: []engine.Score{{Status: engine.Graded, Earned: nine}, {Status: engine.Excused}}},
		{ID: "502", Name: "Ortiz, Ben", Scores: []engine.Score{{}, {Status: engine.Graded, Earned: fifteen}}},
	}
	t.Run("xlsx", func(t *testing.T) {
		w := open(t, build(t, map[string]cells{"Grades": canvasExport()}, []string{"Grades"}, nil), Options{CategoryMap: canvasMap})
		sh := w.Sheets[0]
		if sh.Layout != Canvas {
			t.Errorf("layout: got %v, want Canvas", sh.Layout)
		}
		if !reflect.DeepEqual(grading(sh.Book), grading(want)) {
			t.Errorf("got %+v\nwant %+v", sh.Book, want)
		}
		if sh.LastDataCol != 11 {
			t.Errorf("last data column: got %d, want 11 (Canvas's own columns are kept as data)", sh.LastDataCol)
		}
	})
	t.Run("csv", func(t *testing.T) {
		var buf bytes.Buffer
		cw := csv.NewWriter(&buf)
		for _, row := range canvasExport() {
			var rec []string
			for _, v := range row {
				rec = append(rec, text(v))
			}
			cw.Write(rec)
		}
		cw.Flush()
		got, ds := ReadCanvasCSV("export.csv", buf.Bytes(), Options{CategoryMap: canvasMap})
		if ds.HasErrors() {
			t.Fatal(ds)
		}
		if !reflect.DeepEqual(grading(got), grading(want)) {
			t.Errorf("got %+v\nwant %+v", got, want)
		}
	})
	t.Run("unmapped", func(t *testing.T) {
		_, ds := Open("book.xlsx", build(t, map[string]cells{"Grades": canvasExport()}, []string{"Grades"}, nil), Options{CategoryMap: canvasMap[:1]})
		want := `book.xlsx: Grades!G1: Canvas does not export categories, and no category mapping matches "Quiz 1"`
		if !strings.Contains(ds.Error(), want) {
			t.Errorf("got %v, want %q", ds, want)
		}
	})
}

// text is a cell value as a CSV export writes it.
func text(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func mustDecimal(t testing.TB, s string) engine.Decimal {
	t.Helper()
	d, err := engine.ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestOpenErrors: files that are not workbooks Norms can read.
func TestOpenErrors(t *testing.T) {
	good := build(t, map[string]cells{"Gradebook": starterCells(t)}, []string{"Gradebook"}, nil)
	ole := append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 512)...)
	tests := []struct {
		name string
		data []byte
		opts Options
		want string
	}{
		{"empty", nil, Options{}, "book.xlsx: the file is empty [xlsx/format]"},
		{"csv bytes", starter.GradebookCSV, Options{}, "this is not an .xlsx workbook"},
		{"old xls", ole, Options{}, "old Excel 97-2003 (.xls) workbook"},
		{"password", append(ole, utf16le("EncryptionInfo")...), Options{}, "the workbook is password-protected"},
		{"truncated zip", good[:len(good)/2], Options{}, "this is not a workbook Norms can read"},
		{"zip bomb", good, Options{MaxUnzipSize: 1 << 10}, "the workbook unpacks to more than"},
		{"no gradebook sheet", build(t, map[string]cells{"Notes": {{"hello"}}}, []string{"Notes"}, nil), Options{}, "no sheet of this workbook is a gradebook"},
		{"no categories", build(t, map[string]cells{"Gradebook": {{"Student", "ID", "HW 1"}, {"Points Possible", nil, 10}}}, []string{"Gradebook"}, nil), Options{}, "the Category row is missing"},
		{"duplicate id", build(t, map[string]cells{"Gradebook": append(template(1, 2), []any{"Ben", "s1", 3, 4})}, []string{"Gradebook"}, nil), Options{}, `Gradebook!B5: student ID "s1" is used twice (rows 4 and 5)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, ds := Open("book.xlsx", tt.data, tt.opts)
			if w != nil {
				w.Close()
			}
			if !ds.HasErrors() || !strings.Contains(ds.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", ds, tt.want)
			}
		})
	}
}

func TestParseCategoryRule(t *testing.T) {
	tests := []struct {
		in      string
		want    CategoryRule
		wantErr bool
	}{
		{"HW*=Homework", CategoryRule{"HW*", "Homework"}, false},
		{" *Quiz* = Quizzes ", CategoryRule{"*Quiz*", "Quizzes"}, false},
		{"Homework", CategoryRule{}, true},
		{"=Homework", CategoryRule{}, true},
		{"[=Homework", CategoryRule{}, true},
	}
	for _, tt := range tests {
		got, err := ParseCategoryRule(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseCategoryRule(%q) = %v, %v; want %v, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestShiftPoint(t *testing.T) {
	for in, want := range map[string]string{"0.9": "90", "0.905": "90.5", "1": "100", "0": "0", "0.0001": "0.01", "12.5": "1250"} {
		if got := shiftPoint(in, 2); got != want {
			t.Errorf("shiftPoint(%q) = %q, want %q", in, got, want)
		}
	}
}

// excelOf is the workbook's bytes opened with excelize, to look at what
// a fill or the template wrote as excelize reads it (Open itself never
// opens excelize to read).
func excelOf(t testing.TB, w *Workbook) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(w.data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
