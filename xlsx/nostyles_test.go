package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// withoutStyles returns data without its styles part, as some programs
// write a workbook. With dangling, the relationship to the part and its
// content type stay, naming a part that is not there.
func withoutStyles(t *testing.T, data []byte, dangling bool) []byte {
	t.Helper()
	return editParts(t, data, func(name, text string) (string, bool) {
		switch {
		case name == "xl/styles.xml":
			return "", false
		case dangling:
		case name == "xl/_rels/workbook.xml.rels":
			text = string(removeElements([]byte(text), "Relationship", func(tag []byte) bool {
				typ, _ := attr(tag, "Type")
				return typ == relNS+"/styles"
			}))
		case name == "[Content_Types].xml":
			text = string(removeElements([]byte(text), "Override", func(tag []byte) bool {
				n, _ := attr(tag, "PartName")
				return n == "/xl/styles.xml"
			}))
		}
		return text, true
	})
}

// partText is the text of one part of a package.
func partText(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("no part %s", name)
	return ""
}

// TestFillWithoutStyles: a workbook without a styles part (Excel reads
// one with its default styles) fills on either path, which gives it the
// default stylesheet with the results' styles added, and one
// relationship and content type naming it. excelize's NewStyle used to
// panic on the missing stylesheet.
func TestFillWithoutStyles(t *testing.T) {
	book := build(t, map[string]cells{"Gradebook": starterCells(t)}, []string{"Gradebook"}, nil)
	tests := []struct {
		name     string
		dangling bool
		excelize bool
	}{
		{"no styles part, relationship or content type", false, false},
		{"a relationship to a missing styles part", true, false},
		{"no styles part, relationship or content type, through excelize", false, true},
		{"a relationship to a missing styles part, through excelize", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.excelize && !withExcelize {
				t.Skip("the excelize path is not built with -tags noexcelize")
			}
			data := withoutStyles(t, book, tt.dangling)
			w := open(t, data, Options{})
			if tt.excelize {
				w.streamErr = fmt.Errorf("%w: the test", errCannotStream)
			}
			if _, ds := w.Fill(starterProgram(t), fillOpts); ds.HasErrors() {
				t.Fatal(ds)
			}
			if ok, why := w.Streaming(); ok == tt.excelize {
				t.Fatalf("Streaming() = %v, %q", ok, why)
			}
			var buf bytes.Buffer
			if err := w.Write(&buf); err != nil {
				t.Fatal(err)
			}
			out := buf.Bytes()
			rels, ct := partText(t, out, "xl/_rels/workbook.xml.rels"), partText(t, out, "[Content_Types].xml")
			if n := strings.Count(rels, relNS+"/styles"); n != 1 {
				t.Errorf("%d styles relationships, want 1: %s", n, rels)
			}
			if n := strings.Count(ct, `PartName="/xl/styles.xml"`); n != 1 || !strings.Contains(ct, stylesCType) {
				t.Errorf("%d content types of /xl/styles.xml, want 1 of %s: %s", n, stylesCType, ct)
			}
			f, err := excelize.OpenReader(bytes.NewReader(out))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if v, _ := f.GetCellValue("Gradebook", "P6", excelize.Options{RawCellValue: true}); v != "97" {
				t.Errorf("Maya Patel's final: got %q, want 97", v)
			}
			id, err := f.GetCellStyle("Gradebook", "M1")
			if err != nil {
				t.Fatal(err)
			}
			if s, err := f.GetStyle(id); err != nil || s.Font == nil || !s.Font.Bold {
				t.Errorf("M1's style: %+v, %v; want bold", s, err)
			}
			// The filled workbook has its stylesheet: a second fill
			// streams, and on the streaming path gives the same bytes.
			again := open(t, out, Options{})
			if _, ds := again.Fill(starterProgram(t), fillOpts); ds.HasErrors() {
				t.Fatal(ds)
			}
			var buf2 bytes.Buffer
			if err := again.Write(&buf2); err != nil {
				t.Fatal(err)
			}
			if !tt.excelize && !bytes.Equal(buf2.Bytes(), out) {
				t.Error("filling the filled workbook changed it")
			}
		})
	}
}

// TestFillIncompleteStylesheet: a stylesheet missing a part excelize's
// NewStyle assumes (which panicked there) is filled on the streaming path
// when that path can add the results' styles to it, and refused at the
// workbook, saying what is missing, when it cannot.
func TestFillIncompleteStylesheet(t *testing.T) {
	book := build(t, map[string]cells{"Gradebook": starterCells(t)}, []string{"Gradebook"}, nil)
	const ns = `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	tests := []struct {
		name, styles string
		// want is the refusal with excelize ("": the workbook fills).
		want string
	}{
		{"fonts and cellXfs only", ns + `<fonts count="1"><font/></fonts><cellXfs count="1"><xf/></cellXfs></styleSheet>`, ""},
		{"an empty stylesheet", ns + `</styleSheet>`, "its styles part xl/styles.xml has no <fonts>"},
		{"no cellXfs", ns + `<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders></styleSheet>`, "its styles part xl/styles.xml has no <cellXfs>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := open(t, editPart(t, book, "xl/styles.xml", func(string) string { return tt.styles }), Options{})
			_, ds := w.Fill(starterProgram(t), fillOpts)
			switch {
			case tt.want == "":
				if ds.HasErrors() {
					t.Fatal(ds)
				}
				if ok, why := w.Streaming(); !ok {
					t.Errorf("not streamed: %s", why)
				}
			case !withExcelize:
				if len(ds) == 0 || ds[len(ds)-1].Code != "xlsx/needs-cli" {
					t.Errorf("got %v, want xlsx/needs-cli", ds)
				}
			default:
				if len(ds) == 0 || ds[len(ds)-1].Code != "xlsx/format" || !strings.Contains(ds[len(ds)-1].Message, tt.want) {
					t.Errorf("got %v, want xlsx/format: ...%s...", ds, tt.want)
				}
			}
		})
	}
}

// TestRemoveElements: relationships and content types are dropped
// whether written self-closing (Excel) or as an empty pair (excelize);
// one with content is not an empty element and stays.
func TestRemoveElements(t *testing.T) {
	drop := func(tag []byte) bool { n, _ := attr(tag, "PartName"); return n == "/x" }
	tests := []struct{ name, doc, want string }{
		{"self-closing", `<T><O PartName="/x"/><O PartName="/y"/></T>`, `<T><O PartName="/y"/></T>`},
		{"an empty pair", `<T><O PartName="/x"></O><O PartName="/y"></O></T>`, `<T><O PartName="/y"></O></T>`},
		{"both, twice", `<T><O PartName="/x"></O><O PartName="/x"/><O PartName="/y"/></T>`, `<T><O PartName="/y"/></T>`},
		{"with content", `<T><O PartName="/x"><c/></O></T>`, `<T><O PartName="/x"><c/></O></T>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := string(removeElements([]byte(tt.doc), "O", drop)); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
