package xlsx

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
	"github.com/xuri/excelize/v2"
)

// slowPath makes the tests fill through excelize, not the streaming path,
// so that the fallback stays tested: go test ./xlsx -slow-path.
var slowPath = flag.Bool("slow-path", false, "fill through excelize's ordinary API (the fallback), not the streaming path")

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from the current output")

func starterProgram(t testing.TB) *engine.Program {
	t.Helper()
	p, ds := engine.Check("norms.yaml", starter.NormsYAML)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return p
}

var fillOpts = FillOptions{NormsFile: "norms.yaml", NormsText: starter.NormsYAML, Date: "2026-01-15"}

// fill opens data, fills it with the starter norms and returns the bytes.
func fill(t testing.TB, data []byte, opts FillOptions) []byte {
	t.Helper()
	w := open(t, data, Options{})
	if *slowPath {
		w.streamErr = fmt.Errorf("%w: -slow-path", errCannotStream)
	}
	if _, ds := w.Fill(starterProgram(t), opts); ds.HasErrors() {
		t.Fatalf("Fill: %v", ds)
	}
	if ok, why := w.Streaming(); !ok && !*slowPath {
		t.Fatalf("Fill took the excelize path: %s", why)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// richBook is the starter gradebook with everything a teacher's workbook
// may hold besides scores: styles, a formula column, a comment, a defined
// name, a data validation, a frozen pane, a chart and a second sheet.
func richBook(t testing.TB) []byte {
	t.Helper()
	rows := starterCells(t)
	// A formula beside the scores, as teachers add (a count of missing).
	rows[0] = append(rows[0], "Missing")
	for r := 5; r < len(rows); r++ {
		for len(rows[r]) < 12 {
			rows[r] = append(rows[r], nil)
		}
		rows[r] = append(rows[r], fmt.Sprintf(`=COUNTIF(C%d:L%d,"M")`, r+1, r+1))
	}
	return build(t, map[string]cells{"Gradebook": rows, "Notes": {{"Week", "Topic"}, {1, "Ratios"}, {2, "=A2+1"}}}, []string{"Gradebook", "Notes"}, func(f *excelize.File) {
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFFF00"}}})
		must(err)
		must(f.SetCellStyle("Gradebook", "A1", "M1", bold))
		red, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "FF0000"}})
		must(err)
		must(f.SetCellStyle("Gradebook", "C9", "L9", red))
		must(f.AddComment("Gradebook", excelize.Comment{Cell: "C6", Author: "Ms. Rivera", Text: "Turned in at the office"}))
		must(f.SetDefinedName(&excelize.DefinedName{Name: "Scores", RefersTo: "Gradebook!$C$6:$L$13"}))
		dv := excelize.NewDataValidation(true)
		dv.Sqref = "C6:C13"
		must(dv.SetDropList([]string{"M", "EX"}))
		must(f.AddDataValidation("Gradebook", dv))
		must(f.SetPanes("Gradebook", &excelize.Panes{Freeze: true, XSplit: 2, YSplit: 5, TopLeftCell: "C6", ActivePane: "bottomRight"}))
		must(f.AddChart("Notes", "D2", &excelize.Chart{Type: excelize.Col, Series: []excelize.ChartSeries{{Name: "Notes!$A$1", Categories: "Notes!$A$2:$A$3", Values: "Notes!$A$2:$A$3"}}}))
	})
}

// cellState is what must survive a fill in one cell.
type cellState struct {
	value, formula string
	style          int
}

// snapshot reads every cell of every sheet: value, formula and style ID.
// Cells are visited over the used range, so empty styled cells count too.
func snapshot(t testing.TB, data []byte) map[string]cellState {
	t.Helper()
	return snapshotOver(t, data, extent(t, data))
}

// extent is how far each sheet's cells go, columns and rows: its
// <dimension> or its last value, whichever is further (excelize leaves
// <dimension> as it was, A1 in a book it built, whatever it writes).
func extent(t testing.TB, data []byte) map[string][2]int {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string][2]int{}
	for _, sheet := range f.GetSheetList() {
		dim, err := f.GetSheetDimension(sheet)
		if err != nil {
			t.Fatal(err)
		}
		_, end, _ := strings.Cut(dim, ":")
		if end == "" {
			end = dim
		}
		maxC, maxR, err := excelize.CellNameToCoordinates(end)
		if err != nil {
			t.Fatalf("%s: dimension %q: %v", sheet, dim, err)
		}
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		maxR = max(maxR, len(rows))
		for _, row := range rows {
			maxC = max(maxC, len(row))
		}
		out[sheet] = [2]int{maxC, maxR}
	}
	return out
}

// snapshotOver reads the cells of each sheet of ext, over its columns
// and rows and one more.
func snapshotOver(t testing.TB, data []byte, ext map[string][2]int) map[string]cellState {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]cellState{}
	for _, sheet := range f.GetSheetList() {
		maxC, maxR := ext[sheet][0], ext[sheet][1]
		for r := 1; r <= maxR+1; r++ {
			for c := 1; c <= maxC+1; c++ {
				cell := cellName(c, r)
				v, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
				fo, _ := f.GetCellFormula(sheet, cell)
				st, _ := f.GetCellStyle(sheet, cell)
				out[sheet+"!"+cell] = cellState{v, fo, st}
			}
		}
	}
	return out
}

// resultCell reports whether a cell is one that fill writes: in the Norms
// or Explain sheet, or in a result column of a gradebook sheet.
func resultCell(key string, resultCols map[string]bool) bool {
	sheet, cell, _ := strings.Cut(key, "!")
	if sheet == normsSheet || sheet == explainSheet {
		return true
	}
	col, _, _ := excelize.SplitCellName(cell)
	return resultCols[sheet+"!"+col]
}

// TestFillKeepsEverythingElse: every cell that is not a result keeps its
// value, formula and style; comments, defined names, validations, panes,
// charts and sheets are all still there.
func TestFillKeepsEverythingElse(t *testing.T) {
	in := richBook(t)
	out := fill(t, in, fillOpts)
	before, after := snapshot(t, in), snapshot(t, out)
	// The results: columns N.. of Gradebook (after the Missing formula).
	results := map[string]bool{}
	for c := 14; c <= 14+5; c++ {
		results["Gradebook!"+colName(c)] = true
	}
	for key, b := range before {
		if resultCell(key, results) {
			continue
		}
		if a := after[key]; a != b {
			t.Errorf("%s: got %+v, want %+v (unchanged)", key, a, b)
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got, want := f.GetSheetList(), []string{"Gradebook", "Notes", "Norms"}; !reflect.DeepEqual(got, want) {
		t.Errorf("sheets: got %q, want %q", got, want)
	}
	if c, _ := f.GetComments("Gradebook"); len(c) != 1 || c[0].Text != "Turned in at the office" && !strings.Contains(fmt.Sprint(c[0].Paragraph), "office") {
		t.Errorf("comments: got %+v", c)
	}
	if dn := f.GetDefinedName(); len(dn) != 1 || dn[0].Name != "Scores" || dn[0].RefersTo != "Gradebook!$C$6:$L$13" {
		t.Errorf("defined names: got %+v", dn)
	}
	if dv, _ := f.GetDataValidations("Gradebook"); len(dv) != 1 || dv[0].Sqref != "C6:C13" {
		t.Errorf("data validations: got %+v", dv)
	}
	if p, _ := f.GetPanes("Gradebook"); !p.Freeze || p.TopLeftCell != "C6" {
		t.Errorf("panes: got %+v", p)
	}
	if !zipHas(t, out, "xl/charts/chart1.xml") {
		t.Error("the chart is gone")
	}
	// The results themselves.
	want := map[string]string{"N1": "Norms: Homework %", "Q1": "Norms: Final", "R1": "Norms: Letter", "S1": "Norms: Flags"}
	for cell, w := range want {
		if got, _ := f.GetCellValue("Gradebook", cell); got != w {
			t.Errorf("Gradebook!%s: got %q, want %q", cell, got, w)
		}
	}
}

// The header of the result columns is in row 1, the header row.
func TestFillResults(t *testing.T) {
	out := fill(t, build(t, map[string]cells{"Gradebook": starterCells(t)}, []string{"Gradebook"}, nil), fillOpts)
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, _ := starterProgram(t).Grade(starterBook(t))
	heads := resultHeaders(rep)
	for k, h := range heads {
		if got, _ := f.GetCellValue("Gradebook", cellName(13+k, 1)); got != h {
			t.Errorf("header %d: got %q, want %q", k, got, h)
		}
	}
	for i, s := range rep.Students {
		row := 6 + i
		final, _ := f.GetCellValue("Gradebook", cellName(13+len(rep.Categories), row), excelize.Options{RawCellValue: true})
		if s.Rounded != nil && final != s.Rounded.String() {
			t.Errorf("%s: final %q, want %s", s.Name, final, s.Rounded)
		}
		shown, _ := f.GetCellValue("Gradebook", cellName(13, row))
		if c := s.Categories[0].Percent; c != nil && shown != fmt.Sprintf("%.2f", c.Float64()) {
			t.Errorf("%s: Homework shown as %q, want 2 places", s.Name, shown)
		}
		letter, _ := f.GetCellValue("Gradebook", cellName(14+len(rep.Categories), row))
		if letter != s.Letter {
			t.Errorf("%s: letter %q, want %q", s.Name, letter, s.Letter)
		}
		flags, _ := f.GetCellValue("Gradebook", cellName(15+len(rep.Categories), row))
		if flags != strings.Join(s.Flags, "; ") {
			t.Errorf("%s: flags %q, want %q", s.Name, flags, s.Flags)
		}
	}
	cf, _ := f.GetConditionalFormats("Gradebook")
	if len(cf) != 1 || len(cf["Q6:Q13"]) != 5 {
		t.Errorf("letter fills: got %+v, want 5 rules on Q6:Q13", cf)
	}
}

// TestFillTwiceIsFillOnce: result columns are found and replaced, the
// Norms sheet rewritten, no style or rule added twice.
func TestFillTwiceIsFillOnce(t *testing.T) {
	for _, explain := range []bool{false, true} {
		t.Run(fmt.Sprintf("explain=%v", explain), func(t *testing.T) {
			opts := fillOpts
			opts.Explain = explain
			once := fill(t, richBook(t), opts)
			twice := fill(t, once, opts)
			a, b := snapshot(t, once), snapshot(t, twice)
			if len(a) != len(b) {
				t.Errorf("got %d cells after two fills, %d after one", len(b), len(a))
			}
			for key, v := range a {
				if b[key] != v {
					t.Errorf("%s: twice %+v, once %+v", key, b[key], v)
				}
			}
			fa, _ := excelize.OpenReader(bytes.NewReader(once))
			fb, _ := excelize.OpenReader(bytes.NewReader(twice))
			defer fa.Close()
			defer fb.Close()
			ca, _ := fa.GetConditionalFormats("Gradebook")
			cb, _ := fb.GetConditionalFormats("Gradebook")
			if !reflect.DeepEqual(ca, cb) {
				t.Errorf("conditional formats: twice %+v, once %+v", cb, ca)
			}
			if !reflect.DeepEqual(fa.GetSheetList(), fb.GetSheetList()) {
				t.Errorf("sheets: twice %q, once %q", fb.GetSheetList(), fa.GetSheetList())
			}
		})
	}
}

// TestNormsSheet compares the Norms sheet with a golden file (go test
// ./xlsx -update rewrites it).
func TestNormsSheet(t *testing.T) {
	out := fill(t, build(t, map[string]cells{"Gradebook": starterCells(t)}, []string{"Gradebook"}, nil), fillOpts)
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(normsSheet)
	if err != nil {
		t.Fatal(err)
	}
	// The hash follows the starter norms, which change; check it here and
	// keep it out of the golden file.
	sum := sha256.Sum256(starter.NormsYAML)
	var b strings.Builder
	for _, row := range rows {
		if len(row) == 2 && row[0] == "Norms file SHA-256" {
			if row[1] != hex.EncodeToString(sum[:]) {
				t.Errorf("hash %s, want the SHA-256 of the norms text", row[1])
			}
			row = []string{row[0], "(sha256 of the norms text)"}
		}
		b.WriteString(strings.TrimRight(strings.Join(row, "\t"), "\t") + "\n")
	}
	golden(t, "norms-sheet.txt", b.String())
}

func TestExplainSheet(t *testing.T) {
	opts := fillOpts
	opts.Explain = true
	out := fill(t, build(t, map[string]cells{"Gradebook": starterCells(t)}, []string{"Gradebook"}, nil), opts)
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(explainSheet)
	var b strings.Builder
	for _, row := range rows {
		b.WriteString(strings.Join(row, "\t") + "\n")
	}
	p := starterProgram(t)
	for _, s := range starterBook(t).Students {
		ex, ds := p.Explain(starterBook(t), s.ID)
		if ds.HasErrors() {
			t.Fatal(ds)
		}
		if !strings.Contains(b.String(), strings.TrimRight(ex.Text(), "\n")) {
			t.Errorf("the Explain sheet lacks %s's explanation", s.Name)
		}
	}
}

// TestFillRefusesForeignSheet: a sheet named Norms that a teacher wrote
// (class norms) is never replaced.
func TestFillRefusesForeignSheet(t *testing.T) {
	data := build(t, map[string]cells{"Gradebook": starterCells(t), "Norms": {{"Be kind"}}}, []string{"Gradebook", "Norms"}, nil)
	w := open(t, data, Options{})
	_, ds := w.Fill(starterProgram(t), fillOpts)
	if want := "already has a sheet named Norms that Norms did not write"; !strings.Contains(ds.Error(), want) {
		t.Errorf("got %v, want %q", ds, want)
	}
}

// TestFillDataErrors: a problem the engine finds names the cell.
func TestFillDataErrors(t *testing.T) {
	rows := starterCells(t)
	rows[1][2] = "Homwork"
	w := open(t, build(t, map[string]cells{"Gradebook": rows}, []string{"Gradebook"}, nil), Options{})
	_, ds := w.Fill(starterProgram(t), fillOpts)
	want := `book.xlsx: Gradebook!C2: assignment "HW 1" is in category "Homwork", which the norms do not define (did you mean "Homework"?)`
	if !strings.Contains(ds.Error(), want) {
		t.Errorf("got %v, want %q", ds, want)
	}
}

func zipHas(t testing.TB, data []byte, name string) bool {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			return true
		}
	}
	return false
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./xlsx -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test ./xlsx -update rewrites it):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}
