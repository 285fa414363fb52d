package xlsx

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/teamnorms/norms/engine"
	"github.com/xuri/excelize/v2"
)

// formulaBook is a gradebook with every mark the formulas handle: numbers,
// M and missing (zeros), EX (left out), blanks, an extra-credit column, a
// category whose columns are not side by side, and a student with nothing
// graded in one category.
func formulaBook() cells {
	return cells{
		{"Student", "ID", "HW 1", "HW 2", "HW 3", "HW 4", "Quiz 1", "Quiz 2", "Quiz 3", "Test 1", "Bonus", "Test 2"},
		{"Category", "", "Homework", "Homework", "Homework", "Homework", "Quizzes", "Quizzes", "Quizzes", "Tests", "Homework", "Tests"},
		{"Points Possible", "", 10, 10, 10, 10, 20, 20, 20, 50, 2, 100},
		{"Extra Credit", "", "", "", "", "", "", "", "", "", "yes", ""},
		{"Ana Lopez", "s1", 9, 10, 8.5, 7, 18, 19, 17, 45, 2, 91},
		{"Ben Okafor", "s2", "M", 6, 7, nil, 12, "missing", 15, 38, nil, 70},
		{"Cy Park", "s3", "EX", "EX", "m", 10, 20, 20, nil, 50, 1, nil},
		{"Dee Ruiz", "s4", nil, nil, nil, nil, "EX", nil, nil, 41, nil, 88.5},
		{"Eli Sato", "s5", 0, 0, "M", 3, 0, "M", "ex", 0, 0, 0},
		{"Fay Tran", "s6", 10, 9.5, 9.5, 10, 19, 20, 18.5, 49.5, 2, 99},
	}
}

// formulaNorms is a norms file over Homework, Quizzes and Tests with the
// given category options and grading keys.
func formulaNorms(hw, quiz, test, grading string) string {
	return fmt.Sprintf(`norms: 1
team: Formula Team
grading:
  categories:
    - {name: Homework, weight: 20%s}
    - {name: Quizzes, weight: 30%s}
    - {name: Tests, weight: 50%s}
%s  letters:
    - {letter: A, min: 93}
    - {letter: A-, min: 90}
    - {letter: B+, min: 87}
    - {letter: B, min: 83}
    - {letter: C, min: 70}
    - {letter: D, min: 60}
    - {letter: F, min: 0}
`, hw, quiz, test, grading)
}

// formulaCases are norms and which result columns must then be values.
var formulaCases = []struct {
	name, norms string
	values      []string // headers filled as values, not formulas
}{
	{"points and mean", formulaNorms("", ", aggregate: mean", "", ""), nil},
	{"drop lowest on points and mean", formulaNorms(", drop_lowest: 1", ", aggregate: mean, drop_lowest: 2", "", ""), nil},
	{"missing excluded, empty categories zero, tenths", formulaNorms(", drop_lowest: 2", ", aggregate: mean", "",
		"  missing: exclude\n  empty_categories: zero\n  round: {places: 1}\n"), nil},
	{"round down, letters from the exact final", formulaNorms("", ", aggregate: mean", "",
		"  round: {places: 2, mode: down}\n  letters_from: exact\n"), nil},
	{"round up, weights in tenths", strings.NewReplacer("weight: 20", "weight: 0.1", "weight: 30", "weight: 0.2", "weight: 50", "weight: 0.7").Replace(
		formulaNorms("", "", "", "  round: {mode: up}\n")), nil},
	{"median; drops among unequal points", formulaNorms("", ", aggregate: median", ", drop_lowest: 1", ""),
		[]string{"Norms: Quizzes %", "Norms: Tests %"}},
	{"drops over columns not side by side", formulaNorms("", "", ", drop_lowest: 1", "") + "", []string{"Norms: Tests %"}},
	{"a final expression, a flag", formulaNorms("", "", "", "  final: max(weighted, Tests)\n") + "flags:\n  - {name: Low quizzes, when: Quizzes < 70}\n",
		[]string{"Norms: Final", "Norms: Letter", "Norms: Flags"}},
	{"floor", formulaNorms("", "", "", "  floor: 50\n"), []string{"Norms: Homework %", "Norms: Quizzes %", "Norms: Tests %"}},
	{"half even", formulaNorms("", "", "", "  round: {mode: half_even}\n"), []string{"Norms: Final", "Norms: Letter"}},
}

// filled fills data with norms, formulas on, and returns the bytes, the
// report and the warnings.
func fillFormulas(t *testing.T, data []byte, norms string) ([]byte, []*engine.Report, engine.Diagnostics) {
	t.Helper()
	p, ds := engine.Check("norms.yaml", []byte(norms))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	w := open(t, data, Options{})
	if *slowPath {
		w.streamErr = fmt.Errorf("%w: -slow-path", errCannotStream)
	}
	reps, ds := w.Fill(p, FillOptions{NormsFile: "norms.yaml", NormsText: []byte(norms), Date: "2026-01-15", Formulas: true})
	if ds.HasErrors() {
		t.Fatalf("Fill: %v", ds)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), reps, ds
}

// wantCell is what the engine says one result cell holds.
type wantCell struct {
	cell, head string
	num        *float64 // nil: text (or an empty number)
	text       string
}

// engineCells lists every result cell of the first sheet of a filled
// book that holds a formula, with the engine's value.
func engineCells(t *testing.T, data []byte, rep *engine.Report) []wantCell {
	t.Helper()
	w := open(t, data, Options{})
	sh := w.Sheets[0]
	heads := resultHeaders(rep)
	cols, _ := resultColumns(sh, heads)
	var out []wantCell
	for i := range rep.Students {
		for k, v := range studentValues(&rep.Students[i], len(rep.Categories)) {
			cell := cellName(cols[k], sh.StudentRows[i])
			if f, _ := excelOf(t, w).GetCellFormula(sh.Name, cell); f == "" {
				continue
			}
			wc := wantCell{cell: cell, head: heads[k], text: v.text}
			if !v.isText && v.num != nil {
				f := v.num.Float64()
				wc.num = &f
			}
			out = append(out, wc)
		}
	}
	return out
}

// agree compares what a calculator left in a cell with the engine's value:
// percents to 1e-9, letters and blanks exactly.
func agree(w wantCell, got string) error {
	if w.num == nil {
		if got != w.text {
			return fmt.Errorf("%s (%s): got %q, want %q", w.cell, w.head, got, w.text)
		}
		return nil
	}
	f, err := strconv.ParseFloat(got, 64)
	if err != nil || math.Abs(f-*w.num) > 1e-9 {
		return fmt.Errorf("%s (%s): got %q, want %v", w.cell, w.head, got, *w.num)
	}
	return nil
}

// TestFormulas: with --formulas every result cell the norms allow is a
// formula whose cached value is the engine's, excelize's calculator gives
// the same, the columns the norms do not allow are values with a warning
// naming them, and LibreOffice, recalculating from scratch, agrees.
func TestFormulas(t *testing.T) {
	book := build(t, map[string]cells{"Gradebook": formulaBook()}, []string{"Gradebook"}, nil)
	recalc := map[string][]byte{}
	wants := map[string][]wantCell{}
	for i, tc := range formulaCases {
		t.Run(tc.name, func(t *testing.T) {
			out, reps, ds := fillFormulas(t, book, tc.norms)
			var noted []string
			for _, d := range ds {
				if d.Code == "xlsx/values" {
					for _, h := range resultHeaders(reps[0]) {
						if strings.Contains(d.Message, ": "+h+" is filled as values") {
							noted = append(noted, h)
						}
					}
				}
			}
			sort.Strings(noted)
			want := append([]string{}, tc.values...)
			sort.Strings(want)
			if strings.Join(noted, "|") != strings.Join(want, "|") {
				t.Errorf("columns filled as values: got %q, want %q\n%v", noted, want, ds)
			}
			cellsWant := engineCells(t, out, reps[0])
			nStudents := len(reps[0].Students)
			if got, min := len(cellsWant), nStudents*(len(resultHeaders(reps[0]))-1-len(tc.values)); got < min {
				t.Errorf("%d formula cells, want at least %d", got, min)
			}
			f, err := excelize.OpenReader(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for _, wc := range cellsWant {
				// The cached value is the engine's...
				cached, _ := f.GetCellValue("Gradebook", wc.cell, excelize.Options{RawCellValue: true})
				if *slowPath && wc.num == nil {
					// The excelize path caches no text (Fill asks for a
					// calculation on load instead).
				} else if err := agree(wc, cached); err != nil {
					t.Errorf("cached: %v", err)
				}
				// ... and excelize's calculator computes the same.
				calc, err := f.CalcCellValue("Gradebook", wc.cell, excelize.Options{RawCellValue: true})
				if err != nil {
					form, _ := f.GetCellFormula("Gradebook", wc.cell)
					t.Errorf("excelize cannot calculate %s: %v\n=%s", wc.cell, err, form)
				} else if err := agree(wc, calc); err != nil {
					t.Errorf("excelize: %v", err)
				}
			}
			key := fmt.Sprintf("case%02d", i)
			recalc[key], wants[key] = out, cellsWant
		})
	}
	checkLibreOffice(t, recalc, wants)
}

// TestFormulasKeepGrading: a teacher types new scores into a filled book
// (a blank becomes 7, a score becomes M, an M becomes 4, EX a number);
// LibreOffice's recalculated results are what the engine gives for the
// edited book.
func TestFormulasKeepGrading(t *testing.T) {
	book := build(t, map[string]cells{"Gradebook": formulaBook()}, []string{"Gradebook"}, nil)
	recalc := map[string][]byte{}
	wants := map[string][]wantCell{}
	for i, tc := range formulaCases[:5] {
		out, _, _ := fillFormulas(t, book, tc.norms)
		f, err := excelize.OpenReader(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		// C7 = 9 makes Cy Park's final exactly 80 = 66.66...·0.2 + 30 +
		// 73.33...·0.5: inexact quotients read it as 79.99...9, and the
		// engine must still round it down to 80, as the formula does.
		for cell, v := range map[string]any{"F5": 7, "C9": "M", "C6": 4, "C7": 9, "G8": "missing", "I10": 3, "L7": 60, "F8": "EX", "H6": 11} {
			if err := f.SetCellValue("Gradebook", cell, v); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if err := f.Write(&buf); err != nil {
			t.Fatal(err)
		}
		f.Close()
		edited := buf.Bytes()
		// The engine grades the edited book, read as Norms reads it.
		p, _ := engine.Check("norms.yaml", []byte(tc.norms))
		w := open(t, edited, Options{})
		rep, ds := p.Grade(w.Sheets[0].Book)
		if ds.HasErrors() {
			t.Fatal(ds)
		}
		key := fmt.Sprintf("edit%02d", i)
		recalc[key], wants[key] = edited, engineCells(t, edited, rep)
	}
	checkLibreOffice(t, recalc, wants)
}

// checkLibreOffice recalculates the books in LibreOffice and compares every
// formula cell with the engine's value.
func checkLibreOffice(t *testing.T, books map[string][]byte, wants map[string][]wantCell) {
	t.Helper()
	got := libreOfficeRecalc(t, books)
	for key, want := range wants {
		f, err := excelize.OpenReader(bytes.NewReader(got[key]))
		if err != nil {
			t.Fatalf("%s: LibreOffice's copy: %v", key, err)
		}
		for _, wc := range want {
			v, _ := f.GetCellValue("Gradebook", wc.cell, excelize.Options{RawCellValue: true})
			if err := agree(wc, v); err != nil {
				form, _ := f.GetCellFormula("Gradebook", wc.cell)
				t.Errorf("%s: LibreOffice: %v\n=%s", key, err, form)
			}
		}
		f.Close()
	}
}

// cachedValue matches a formula's cached value in sheet XML.
var cachedValue = regexp.MustCompile(`(</f><v>)[^<]*(</v>)`)

// libreOfficeRecalc has LibreOffice headless recalculate every formula of
// each book and save it (one soffice run for all). The cached values are
// first replaced by a sentinel, and the profile tells LibreOffice to
// recalculate on load, so every value read back is LibreOffice's own.
func libreOfficeRecalc(t *testing.T, books map[string][]byte) map[string][]byte {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not installed; apt-get install -y libreoffice-calc (test.sh does) to check the formulas in LibreOffice")
	}
	dir := t.TempDir()
	profile := filepath.Join(dir, "profile")
	if err := os.MkdirAll(filepath.Join(profile, "user"), 0o755); err != nil {
		t.Fatal(err)
	}
	// OOXMLRecalcMode 0: always recalculate Excel files on load.
	xcu := `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>`
	if err := os.WriteFile(filepath.Join(profile, "user", "registrymodifications.xcu"), []byte(xcu), 0o644); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	args := []string{"-env:UserInstallation=file://" + profile, "--headless", "--calc", "--convert-to", "xlsx", "--outdir", filepath.Join(dir, "out")}
	for key, data := range books {
		name := filepath.Join(in, key+".xlsx")
		if err := os.WriteFile(name, sentinel(t, data), 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, name)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if msg, err := exec.CommandContext(ctx, soffice, args...).CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	out := map[string][]byte{}
	for key := range books {
		b, err := os.ReadFile(filepath.Join(dir, "out", key+".xlsx"))
		if err != nil {
			t.Fatalf("soffice wrote no %s: %v", key, err)
		}
		out[key] = b
	}
	return out
}

// sentinel replaces every cached formula value of the worksheets with
// -999999, which no grade is.
func sentinel(t *testing.T, data []byte) []byte {
	t.Helper()
	return editParts(t, data, func(name, text string) (string, bool) {
		if strings.HasPrefix(name, "xl/worksheets/") {
			text = cachedValue.ReplaceAllString(text, "${1}-999999${2}")
		}
		return text, true
	})
}

// TestFormulasConformance runs the grading conformance vectors
// (testdata/conformance/g*.json), written as xlsx books, through fill
// --formulas and LibreOffice: every formula cell must give the vector's
// expected category percent (to its 2 places), rounded final and letter.
func TestFormulasConformance(t *testing.T) {
	files, err := filepath.Glob("../testdata/conformance/g*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no conformance vectors: %v", err)
	}
	type expectStudent struct {
		ID         string             `json:"id"`
		Categories map[string]*string `json:"categories"`
		Rounded    *string            `json:"rounded"`
		Letter     string             `json:"letter"`
	}
	type vector struct {
		Norms     string `json:"norms"`
		Gradebook struct {
			Assignments []struct {
				Name        string  `json:"name"`
				Category    string  `json:"category"`
				Possible    float64 `json:"possible"`
				Due         string  `json:"due"`
				ExtraCredit bool    `json:"extra_credit"`
			} `json:"assignments"`
			Students []struct {
				ID     string         `json:"id"`
				Name   string         `json:"name"`
				Scores map[string]any `json:"scores"`
			} `json:"students"`
		} `json:"gradebook"`
		Expect struct {
			Students []expectStudent `json:"students"`
		} `json:"expect"`
	}
	type check struct {
		cell, what string
		want       *string // nil: empty
		places     int     // compare to this many places; -1: text
	}
	books := map[string][]byte{}
	checks := map[string][]check{}
	full := 0
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var v vector
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		key := strings.TrimSuffix(filepath.Base(file), ".json")
		gb := v.Gradebook
		rows := cells{{"Student", "ID"}, {"Category", ""}, {"Points Possible", ""}, {"Due", ""}, {"Extra Credit", ""}}
		for _, a := range gb.Assignments {
			ec := ""
			if a.ExtraCredit {
				ec = "yes"
			}
			rows[0], rows[1], rows[2], rows[3], rows[4] = append(rows[0], a.Name), append(rows[1], a.Category), append(rows[2], a.Possible), append(rows[3], a.Due), append(rows[4], ec)
		}
		for _, s := range gb.Students {
			row := []any{s.Name, s.ID}
			for _, a := range gb.Assignments {
				row = append(row, xlsxScore(t, s.Scores[a.Name], a.Possible))
			}
			rows = append(rows, row)
		}
		data := build(t, map[string]cells{"Gradebook": rows}, []string{"Gradebook"}, nil)
		out, reps, _ := fillFormulas(t, data, v.Norms)
		w := open(t, out, Options{})
		sh := w.Sheets[0]
		heads := resultHeaders(reps[0])
		cols, _ := resultColumns(sh, heads)
		nc := len(reps[0].Categories)
		allFormulas := true
		for i, s := range sh.Book.Students {
			var exp *expectStudent
			for k := range v.Expect.Students {
				if v.Expect.Students[k].ID == s.ID {
					exp = &v.Expect.Students[k]
				}
			}
			if exp == nil {
				continue
			}
			add := func(k int, what string, want *string, places int) {
				cell := cellName(cols[k], sh.StudentRows[i])
				if f, _ := excelOf(t, w).GetCellFormula(sh.Name, cell); f == "" {
					allFormulas = false
					return
				}
				checks[key] = append(checks[key], check{cell, what, want, places})
			}
			for k, c := range reps[0].Categories {
				add(k, c.Name, exp.Categories[c.Name], 2)
			}
			add(nc, "rounded", exp.Rounded, 9)
			letter := exp.Letter
			add(nc+1, "letter", &letter, -1)
		}
		if len(checks[key]) > 0 {
			books[key] = out
		}
		if allFormulas {
			full++
		}
	}
	t.Logf("%d of %d vectors give formula cells; %d entirely formulas", len(books), len(files), full)
	got := libreOfficeRecalc(t, books)
	for key, cs := range checks {
		f, err := excelize.OpenReader(bytes.NewReader(got[key]))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			v, _ := f.GetCellValue("Gradebook", c.cell, excelize.Options{RawCellValue: true})
			switch {
			case c.places < 0 || c.want == nil:
				want := ""
				if c.want != nil {
					want = *c.want
				}
				if v != want {
					t.Errorf("%s %s %s: LibreOffice %q, want %q", key, c.cell, c.what, v, want)
				}
			default:
				g, err1 := strconv.ParseFloat(v, 64)
				w, err2 := strconv.ParseFloat(*c.want, 64)
				// The vectors give category percents rounded half-up to 2
				// places: the formula's value must round to them.
				tol := 1e-9
				if c.places == 2 {
					tol = 0.005 + 1e-9
				}
				if err1 != nil || err2 != nil || math.Abs(g-w) > tol {
					t.Errorf("%s %s %s: LibreOffice %q, want %s", key, c.cell, c.what, v, *c.want)
				}
			}
		}
		f.Close()
	}
}

// xlsxScore is a vector's score as a teacher would have it in a workbook:
// points as a number (9/10 and 90% typed as the points they are), marks
// and late scores as text, blank as nothing.
func xlsxScore(t *testing.T, v any, possible float64) any {
	t.Helper()
	switch s := v.(type) {
	case nil:
		return nil
	case float64:
		return s
	case map[string]any:
		return fmt.Sprintf("%v late %v", s["score"], s["late"])
	case string:
		pp, _ := engine.ParseDecimal(strconv.FormatFloat(possible, 'f', -1, 64))
		pts, _ := engine.PointsFromDecimal(pp)
		sc, err := engine.ParseScore(s, pts)
		if err != nil || sc.Status != engine.Graded || sc.DaysLate > 0 {
			return s
		}
		f, _ := strconv.ParseFloat(sc.Earned.String(), 64)
		return f
	}
	return fmt.Sprint(v)
}

// TestFormulasFillTwice: filling a workbook filled with formulas writes
// the same bytes again (the formula cells are result cells like any).
func TestFormulasFillTwice(t *testing.T) {
	book := build(t, map[string]cells{"Gradebook": formulaBook()}, []string{"Gradebook"}, nil)
	for _, tc := range formulaCases {
		once, _, _ := fillFormulas(t, book, tc.norms)
		twice, _, _ := fillFormulas(t, once, tc.norms)
		if !bytes.Equal(once, twice) && !*slowPath {
			t.Errorf("%s: filling again changed the workbook", tc.name)
		}
	}
}
