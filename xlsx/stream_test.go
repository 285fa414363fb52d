package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestFillOpens: the streamed workbook opens in excelize with every sheet
// readable, and LibreOffice (when installed) converts it and reads the
// same grades: a second, independent reader of the XML Norms writes.
func TestFillOpens(t *testing.T) {
	opts := fillOpts
	opts.Explain = true
	out := fill(t, richBook(t), opts)
	f, err := excelize.OpenReader(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		if _, err := f.GetRows(sheet); err != nil {
			t.Errorf("%s: %v", sheet, err)
		}
	}
	if got, want := f.GetSheetList(), []string{"Gradebook", "Notes", "Norms", "Explain"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sheets: got %q, want %q", got, want)
	}
	want, _ := f.GetRows("Gradebook")

	conv := libreOfficeConvert(t, out)
	g, err := excelize.OpenReader(bytes.NewReader(conv))
	if err != nil {
		t.Fatalf("LibreOffice's copy: %v", err)
	}
	defer g.Close()
	got, err := g.GetRows("Gradebook")
	if err != nil {
		t.Fatal(err)
	}
	// Results are columns N to S; LibreOffice reformats nothing in them
	// but may write numbers differently, so compare what is shown.
	for r := range want {
		for c := 13; c < len(want[r]); c++ {
			var gv string
			if r < len(got) && c < len(got[r]) {
				gv = got[r][c]
			}
			if gv != want[r][c] {
				t.Errorf("LibreOffice reads %s as %q, excelize as %q", cellName(c+1, r+1), gv, want[r][c])
			}
		}
	}
	if rows, _ := g.GetRows(normsSheet); len(rows) == 0 || rows[0][0] != normsMarker {
		t.Errorf("LibreOffice lost the Norms sheet: %q", rows)
	}
	// LibreOffice writes its own XML (spans, <cols> over 1024 columns,
	// shared strings for the results): filling its copy streams too, and
	// gives the same grades.
	again := fill(t, conv, opts)
	h, err := excelize.OpenReader(bytes.NewReader(again))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	rows, _ := h.GetRows("Gradebook")
	for r := range want {
		for c := 13; c < len(want[r]); c++ {
			if r >= len(rows) || c >= len(rows[r]) || rows[r][c] != want[r][c] {
				t.Errorf("refilled LibreOffice copy: %s differs", cellName(c+1, r+1))
			}
		}
	}
	if back := libreOfficeConvert(t, again); len(back) == 0 {
		t.Error("LibreOffice cannot convert the refilled copy")
	}
}

// TestFillIncidentsOpens: the same for a streamed Incidents sheet:
// LibreOffice converts the workbook and reads the same consequences, and
// its own re-saved copy fills again, streamed, to the same ones.
func TestFillIncidentsOpens(t *testing.T) {
	out := fill(t, incidentBook(t, starterIncidents(t), true), fillOpts)
	results := func(data []byte) [][]string {
		t.Helper()
		f, err := excelize.OpenReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := f.GetRows("Incidents")
		if err != nil {
			t.Fatal(err)
		}
		// Norms: # and Norms: Consequence are columns H and I.
		var got [][]string
		for _, row := range rows {
			got = append(got, append(row[min(7, len(row)):], "", "")[:2])
		}
		return got
	}
	want := results(out)
	if len(want) < 2 || want[0][0] != occurrenceHead || want[1][1] == "" {
		t.Fatalf("the streamed workbook's results: %q", want)
	}
	conv := libreOfficeConvert(t, out)
	again := fill(t, conv, fillOpts)
	for name, data := range map[string][]byte{"LibreOffice's copy": conv, "the refilled copy": again} {
		if got := results(data); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %q, want %q", name, got, want)
		}
	}
	if back := libreOfficeConvert(t, again); len(back) == 0 {
		t.Error("LibreOffice cannot convert the refilled copy")
	}
}

// libreOfficeConvert round-trips a workbook through LibreOffice headless
// (soffice --convert-to xlsx), skipping the test when it is not installed.
func libreOfficeConvert(t *testing.T, data []byte) []byte {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) is not installed; apt-get install -y libreoffice-calc to run this check")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in", "book.xlsx")
	if err := os.MkdirAll(filepath.Dir(in), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// A profile of its own, so a LibreOffice the user has open (or another
	// test) does not capture the conversion.
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--calc", "--convert-to", "xlsx", "--outdir", filepath.Join(dir, "out"), in)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	out, err := os.ReadFile(filepath.Join(dir, "out", "book.xlsx"))
	if err != nil {
		t.Fatalf("soffice wrote nothing: %v", err)
	}
	return out
}

// TestFillFallback: a merged range over a result column is something the
// streaming path will not cut; Fill uses excelize instead, with the same
// results.
func TestFillFallback(t *testing.T) {
	data := build(t, map[string]cells{"Gradebook": starterCells(t)}, []string{"Gradebook"}, func(f *excelize.File) {
		if err := f.MergeCell("Gradebook", "L4", "O4"); err != nil {
			t.Fatal(err)
		}
	})
	w := open(t, data, Options{})
	if _, ds := w.Fill(starterProgram(t), fillOpts); ds.HasErrors() {
		t.Fatal(ds)
	}
	if ok, why := w.Streaming(); ok || !strings.Contains(why, "merged range") {
		t.Errorf("Streaming() = %v, %q; want the excelize path for a merged range", ok, why)
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
	if v, _ := f.GetCellValue("Gradebook", "P6", excelize.Options{RawCellValue: true}); v != "97" {
		t.Errorf("Maya Patel's final: got %q, want 97", v)
	}
}

// TestStreamMatchesExcelize: both paths write the same values, formulas
// and (by what they look like) styles into every cell: of the gradebook's
// results, and of the Incidents sheet's consequences (docs/xlsx.md,
// "Conduct in workbooks"), in a new log, in one an earlier fill wrote
// into and in an empty one.
func TestStreamMatchesExcelize(t *testing.T) {
	explain := fillOpts
	explain.Explain = true
	starterLog := incidentBook(t, starterIncidents(t), true)
	emptyLog := build(t, map[string]cells{"Gradebook": starterCells(t), "Incidents": nil}, []string{"Gradebook", "Incidents"}, nil)
	tests := []struct {
		name string
		book []byte
		opts FillOptions
	}{
		{"gradebook", richBook(t), fillOpts},
		{"gradebook with Explain", richBook(t), explain},
		{"gradebook filled before, with a teacher's note in a result column and a stale result column", teacherCells(t, fill(t, richBook(t), fillOpts)), fillOpts},
		{"incidents", starterLog, fillOpts},
		{"incidents alone", incidentBook(t, starterIncidents(t), false), fillOpts},
		{"incidents filled before", fill(t, starterLog, fillOpts), explain},
		{"incidents with an earlier fill's columns moved and styled", earlierIncidents(t), fillOpts},
		{"an empty Incidents sheet", emptyLog, fillOpts},
		// As Excel and LibreOffice save an empty sheet.
		{"an empty Incidents sheet without rows", editPart(t, emptyLog, "xl/worksheets/sheet2.xml", func(x string) string {
			if !strings.Contains(x, "<sheetData></sheetData>") {
				t.Fatalf("no empty sheetData: %s", x)
			}
			return strings.Replace(x, "<sheetData></sheetData>", "<sheetData/>", 1)
		}), fillOpts},
	}
	// Each path in turn, whatever -slow-path says for the other tests.
	defer func(was bool) { *slowPath = was }(*slowPath)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			*slowPath = false
			fast := fill(t, tt.book, tt.opts)
			*slowPath = true
			slow := fill(t, tt.book, tt.opts)
			sameCells(t, fast, slow)
		})
	}
}

// sameCells compares two fills of a workbook, streamed and through
// excelize, cell by cell over the extent of both.
func sameCells(t *testing.T, fast, slow []byte) {
	t.Helper()
	ext := extent(t, fast)
	for sheet, e := range extent(t, slow) {
		ext[sheet] = [2]int{max(ext[sheet][0], e[0]), max(ext[sheet][1], e[1])}
	}
	a, b := snapshotOver(t, fast, ext), snapshotOver(t, slow, ext)
	if len(a) != len(b) {
		t.Errorf("streaming has %d cells, excelize %d (different sheets?)", len(a), len(b))
	}
	fa, _ := excelize.OpenReader(bytes.NewReader(fast))
	fb, _ := excelize.OpenReader(bytes.NewReader(slow))
	defer fa.Close()
	defer fb.Close()
	for _, key := range slices.Sorted(maps.Keys(b)) {
		u, v := a[key], b[key]
		if u.value != v.value || u.formula != v.formula {
			t.Errorf("%s: streaming %+v, excelize %+v", key, u, v)
			continue
		}
		sa, _ := fa.GetStyle(u.style)
		sb, _ := fb.GetStyle(v.style)
		if sa == nil || sb == nil || sa.NumFmt != sb.NumFmt || (sa.Font == nil) != (sb.Font == nil) ||
			sa.Font != nil && (sa.Font.Bold != sb.Font.Bold || sa.Font.Italic != sb.Font.Italic) {
			t.Errorf("%s: style %+v, excelize %+v", key, sa, sb)
		}
	}
	// The result columns' widths.
	for _, sheet := range fb.GetSheetList() {
		for c := 1; c <= ext[sheet][0]+1; c++ {
			wa, _ := fa.GetColWidth(sheet, colName(c))
			wb, _ := fb.GetColWidth(sheet, colName(c))
			if wa != wb {
				t.Errorf("%s!%s: width %g, excelize %g", sheet, colName(c), wa, wb)
			}
		}
	}
}

// earlierIncidents is an Incidents sheet an earlier fill wrote into and a
// teacher then edited: the Consequence column moved before Teacher, a
// result column this fill does not write (Norms: Old), stale results
// below the last incident (incidents deleted), and styles on an old
// result cell, on a row and on the column where Norms: # goes, which the
// new cells keep as excelize keeps them.
func earlierIncidents(t *testing.T) []byte {
	t.Helper()
	var rows cells
	for r, row := range starterIncidents(t) {
		// Date ... Behaviour, Norms: Consequence, Teacher, Notes, Norms: Old
		out := append(append([]any{}, row[:5]...), "stale", row[5], row[6], "old")
		if r == 0 {
			out[5], out[8] = "Norms: Consequence", "Norms: Old"
		}
		rows = append(rows, out)
	}
	n := len(rows)
	// Two deleted incidents left their results; a note beyond the log,
	// in the column where Norms: # goes, is the teacher's and stays.
	rows = append(rows, []any{nil, nil, nil, nil, nil, "Detention", nil, nil, 3}, []any{nil, nil, nil, nil, nil, "Call home", nil, nil, nil, "see office"})
	return build(t, map[string]cells{"Gradebook": starterCells(t), "Incidents": rows}, []string{"Gradebook", "Incidents"}, func(f *excelize.File) {
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		must(err)
		must(f.SetCellStyle("Incidents", "F3", "F3", bold))
		must(f.SetCellStyle("Incidents", cellName(9, n+1), cellName(9, n+1), bold))
		italic, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true}})
		must(err)
		must(f.SetRowStyle("Incidents", 5, 5, italic))
		whole, err := f.NewStyle(&excelize.Style{NumFmt: 1})
		must(err)
		must(f.SetColStyle("Incidents", "J", whole))
		must(f.SetColWidth("Incidents", "J", "J", 8))
	})
}

// editPart returns the workbook data with one part's text edited.
func editPart(t *testing.T, data []byte, name string, edit func(string) string) []byte {
	t.Helper()
	return editParts(t, data, func(n, text string) (string, bool) {
		if n == name {
			text = edit(text)
		}
		return text, true
	})
}

// editParts returns the workbook data with every part passed through edit,
// which gives the part's new text and whether to keep the part at all.
func editParts(t *testing.T, data []byte, edit func(name, text string) (string, bool)) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		text, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out, keep := edit(f.Name, string(text))
		if !keep {
			continue
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(out)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// teacherCells adds to a filled gradebook what a teacher may leave in its
// result columns: a note in the Category row of "Norms: Final" (kept by a
// new fill), and a column "Norms: Retired %" of an earlier fill whose
// category is gone, styled, with a cell in the Category row too (its
// values go, its styles stay).
func teacherCells(t *testing.T, filled []byte) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(filled))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Gradebook")
	if err != nil {
		t.Fatal(err)
	}
	final := slices.Index(rows[0], "Norms: Final")
	if final < 0 {
		t.Fatalf("no Norms: Final column in %q", rows[0])
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(f.SetCellStr("Gradebook", cellName(final+1, 2), "see the note on Final"))
	stale := len(rows[0]) + 1
	green, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"CCFFCC"}}})
	must(err)
	must(f.SetCellStr("Gradebook", cellName(stale, 1), "Norms: Retired %"))
	must(f.SetCellStr("Gradebook", cellName(stale, 2), "Retired"))
	for r := 6; r <= len(rows); r++ {
		must(f.SetCellFloat("Gradebook", cellName(stale, r), 87.5, -1, 64))
		must(f.SetCellStyle("Gradebook", cellName(stale, r), cellName(stale, r), green))
	}
	var buf bytes.Buffer
	must(f.Write(&buf))
	return buf.Bytes()
}
