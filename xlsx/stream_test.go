package xlsx

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
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
// and (by what they look like) styles into every cell.
func TestStreamMatchesExcelize(t *testing.T) {
	for _, explain := range []bool{false, true} {
		opts := fillOpts
		opts.Explain = explain
		fast := fill(t, richBook(t), opts)
		*slowPath = true
		slow := fill(t, richBook(t), opts)
		*slowPath = false
		a, b := snapshot(t, fast), snapshot(t, slow)
		fa, _ := excelize.OpenReader(bytes.NewReader(fast))
		fb, _ := excelize.OpenReader(bytes.NewReader(slow))
		for key, v := range b {
			u := a[key]
			if u.value != v.value || u.formula != v.formula {
				t.Errorf("%s: streaming %+v, excelize %+v", key, u, v)
				continue
			}
			sheet, _, _ := strings.Cut(key, "!")
			sa, _ := fa.GetStyle(u.style)
			sb, _ := fb.GetStyle(v.style)
			if sa == nil || sb == nil || sa.NumFmt != sb.NumFmt || (sa.Font == nil) != (sb.Font == nil) || sa.Font != nil && sa.Font.Bold != sb.Font.Bold {
				t.Errorf("%s (%s): style %+v, excelize %+v", key, sheet, sa, sb)
			}
		}
		fa.Close()
		fb.Close()
	}
}
