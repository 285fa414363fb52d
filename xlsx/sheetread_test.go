package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine"
	"github.com/xuri/excelize/v2"
)

// pkgParts writes a workbook package from its parts' text. sheets are
// the worksheets' XML (their names Sheet1, Sheet2...); styles and sst the
// styles and shared strings parts, left out when "".
func pkgParts(t testing.TB, sheets []string, styles, sst string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	put := func(name, text string) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(text)); err != nil {
			t.Fatal(err)
		}
	}
	ct := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>`
	rels := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
	wb := `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>`
	for i, s := range sheets {
		n := i + 1
		ct += fmt.Sprintf(`<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="%s"/>`, n, worksheetCType)
		rels += fmt.Sprintf(`<Relationship Id="rId%d" Type="%s" Target="worksheets/sheet%d.xml"/>`, n, relWorksheet, n)
		wb += fmt.Sprintf(`<sheet name="Sheet%d" sheetId="%d" r:id="rId%d"/>`, n, n, n)
		put(fmt.Sprintf("xl/worksheets/sheet%d.xml", n), s)
	}
	if styles != "" {
		ct += `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`
		rels += `<Relationship Id="rId100" Type="` + relNS + `/styles" Target="styles.xml"/>`
		put("xl/styles.xml", styles)
	}
	if sst != "" {
		ct += `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
		rels += `<Relationship Id="rId101" Type="` + relNS + `/sharedStrings" Target="sharedStrings.xml"/>`
		put("xl/sharedStrings.xml", sst)
	}
	put("[Content_Types].xml", ct+`</Types>`)
	put("_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="`+relNS+`/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	put("xl/_rels/workbook.xml.rels", rels+`</Relationships>`)
	put("xl/workbook.xml", wb+`</sheets></workbook>`)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const sheetNS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
	`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`

// sheetOf is a worksheet part whose <sheetData> holds rows.
func sheetOf(rows string) string { return sheetNS + `<sheetData>` + rows + `</sheetData></worksheet>` }

// excelizeRows are a sheet's rows as excelize's row iterator gives them
// with RawCellValue, which is what Open read before it had a reader of
// its own.
func excelizeRows(t *testing.T, data []byte, sheet string) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.Rows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for rows.Next() {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cells)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestReaderMatchesExcelize: the reader gives every cell the raw value
// excelize's row iterator gives, for each kind of cell a workbook holds,
// so that gradebooks read exactly as they did when Open used excelize.
func TestReaderMatchesExcelize(t *testing.T) {
	sst := `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5">` +
		`<si><t>Student</t></si>` +
		`<si><r><rPr><b/></rPr><t>Home</t></r><r><t xml:space="preserve">work </t></r><rPh sb="0" eb="1"><t>phonetic</t></rPh></si>` +
		`<si><t>line_x000D_break and _x005F_x0041_</t></si>` +
		`<si><t>a &amp; b &#233;</t></si>` +
		`<si><t><![CDATA[<cdata>]]></t></si>` +
		`</sst>`
	tests := []struct {
		name string
		rows string
	}{
		{"shared strings, rich text and escapes", `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v> 3 </v></c><c r="E1" t="s"><v>4</v></c></row>`},
		{"bad shared string indexes", `<row r="1"><c r="A1" t="s"><v>x</v></c><c r="B1" t="s"><v>99</v></c><c r="C1" t="s"><v>-1</v></c><c r="D1" t="s"></c></row>`},
		{"inline strings", `<row r="1"><c r="A1" t="inlineStr"><is><t>plain</t></is></c><c r="B1" t="inlineStr"><is><r><t>ri</t></r><r><t>ch</t></r></is></c><c r="C1" t="inlineStr"><v>no is</v></c><c r="D1" t="inlineStr"><is><t>x_x0009_y</t></is></c></row>`},
		{"numbers, booleans, errors, dates", `<row r="1"><c r="A1"><v>9.5</v></c><c r="B1" t="n"><v>1.0000000000000002</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#DIV/0!</v></c><c r="E1" t="d"><v>2026-01-15T00:00:00Z</v></c><c r="F1"><v>1E-3</v></c></row>`},
		{"formulas with and without values", `<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="C1"><f>C9*2</f></c><c r="D1"><f t="shared" ref="D1:D3" si="0">A1</f><v>2</v></c><c r="E1"><f/></c></row><row r="2"><c r="D2"><f t="shared" si="0"/></c></row>`},
		{"entities and line ends in values", `<row r="1"><c r="A1" t="str"><v>a&#10;b</v></c><c r="B1" t="str"><v>` + "x\r\ny" + `</v></c><c r="C1" t="str"><v>&lt;&gt;&quot;&apos;</v></c></row>`},
		{"gaps, blank cells and empty rows", `<row r="2"><c r="C2"><v>3</v></c><c r="D2" s="1"/><c r="E2"><v></v></c></row><row r="4" ht="20" customHeight="1"/><row r="5"></row>`},
		{"rows and cells without references", `<row><c><v>1</v></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row><row><c t="inlineStr"><is><t>second</t></is></c></row>`},
		{"cells out of order", `<row r="1"><c r="C1"><v>3</v></c><c r="A1"><v>1</v></c></row>`},
		{"rows out of order", `<row r="3"><c r="A3"><v>3</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>`},
		{"whitespace and comments between elements", "<row r=\"1\">\n  <!-- a comment -->\n  <c r=\"A1\">\n    <v>1</v>\n  </c>\n</row>\n"},
		{"comments between rows", "<!-- it's a > comment --><row r=\"1\"><c r=\"A1\"><v>1</v></c></row><?pi x?>\n<!----><row r=\"2\"><c r=\"A2\"><v>2</v></c></row><!-- last -->"},
		{"an empty sheet", ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := pkgParts(t, []string{sheetOf(tt.rows)}, "", sst)
			want := excelizeRows(t, data, "Sheet1")
			w, ds := openWorkbook("book.xlsx", data, Options{}, "a gradebook")
			if w == nil {
				t.Fatal(ds)
			}
			rd, err := w.readPart("Sheet1", false, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !sameRows(rd.rows, want) {
				t.Errorf("got  %q\nwant %q", rd.rows, want)
			}
		})
	}
}

// sameRows compares grids, an empty row being nil or empty alike.
func sameRows(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) || len(a[i]) > 0 && !reflect.DeepEqual(a[i], b[i]) {
			return false
		}
	}
	return true
}

// TestReaderPrefixedSheet: a sheet whose elements carry a namespace prefix
// (some generators write <x:c>) reads as the same sheet without it, and
// does not stream (the writer splices unprefixed cells).
func TestReaderPrefixedSheet(t *testing.T) {
	rows := `<row r="1"><c r="A1" t="inlineStr"><is><t>Student</t></is></c><c r="B1"><f>1</f><v>7</v></c></row><row r="3"><c r="A3"><v>2</v></c></row>`
	plain := pkgParts(t, []string{sheetOf(rows)}, "", "")
	prefixed := strings.NewReplacer("<row", "<x:row", "</row", "</x:row", "<c ", "<x:c ", "</c>", "</x:c>", "<v>", "<x:v>", "</v>", "</x:v>",
		"<f>", "<x:f>", "</f>", "</x:f>", "<is>", "<x:is>", "</is>", "</x:is>", "<t>", "<x:t>", "</t>", "</x:t>").Replace(rows)
	sheet := strings.Replace(sheetNS, "<worksheet xmlns=", "<x:worksheet xmlns:x=", 1) + `<x:sheetData>` + prefixed + `</x:sheetData></x:worksheet>`
	var got [2]*sheetRead
	for i, data := range [][]byte{plain, pkgParts(t, []string{sheet}, "", "")} {
		w, ds := openWorkbook("book.xlsx", data, Options{}, "a gradebook")
		if w == nil {
			t.Fatal(ds)
		}
		rd, err := w.readPart("Sheet1", false, nil)
		if err != nil {
			t.Fatal(err)
		}
		got[i] = rd
	}
	if !sameRows(got[1].rows, got[0].rows) {
		t.Errorf("prefixed: got %q, want %q", got[1].rows, got[0].rows)
	}
	if !reflect.DeepEqual(got[1].scan.formulas, got[0].scan.formulas) {
		t.Errorf("formulas: got %v, want %v", got[1].scan.formulas, got[0].scan.formulas)
	}
	if got[0].cannot != nil || got[1].cannot == nil {
		t.Errorf("streaming: plain says %v, prefixed %v; want nil and a reason", got[0].cannot, got[1].cannot)
	}
}

// TestStyleKinds: the number format of each cell style is classified as
// excelize's GetStyle gives it: built-in and language formats by id
// (whatever numFmts says of them), others by their code.
func TestStyleKinds(t *testing.T) {
	styles := `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
		`<numFmts count="4"><numFmt numFmtId="164" formatCode="0.0%"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/><numFmt numFmtId="166" formatCode="&quot;%&quot;0"/><numFmt numFmtId="9" formatCode="0.00"/><numFmt numFmtId="167" formatCode="0"/><numFmt numFmtId="167" formatCode="0%"/></numFmts>` +
		`<cellXfs count="12"><xf/><xf numFmtId="9"/><xf numFmtId="10"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="2"/><xf numFmtId="30"/><xf numFmtId="200"/><xf numFmtId="167"/><xf numFmtId="47"/></cellXfs></styleSheet>`
	data := pkgParts(t, []string{sheetOf("")}, styles, "")
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var want []numKind
	for i := 0; ; i++ {
		st, err := f.GetStyle(i)
		if err != nil {
			break
		}
		want = append(want, numFmtKind(st.NumFmt, st.CustomNumFmt))
	}
	w, ds := openWorkbook("book.xlsx", data, Options{}, "a gradebook")
	if w == nil {
		t.Fatal(ds)
	}
	if !reflect.DeepEqual(w.styleKind, want) {
		t.Errorf("got %v, want %v", w.styleKind, want)
	}
	// The table says what each style is, so that the comparison with
	// excelize cannot pass by both reading nothing.
	if fixed := []numKind{plainNumber, percentNumber, percentNumber, dateNumber, percentNumber, dateNumber, plainNumber, plainNumber, dateNumber, plainNumber, percentNumber, dateNumber}; !reflect.DeepEqual(want, fixed) {
		t.Errorf("excelize: got %v, want %v", want, fixed)
	}
}

// TestOpenOddPackages: packages some programs write, which the reader
// reads as excelize does but the streaming path does not rewrite.
func TestOpenOddPackages(t *testing.T) {
	good := build(t, map[string]cells{"Gradebook": template(9, 18)}, []string{"Gradebook"}, nil)
	// rezip rewrites the package: each part renamed, and dropped when
	// the name is "".
	rezip := func(rename func(string) string) []byte {
		zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, f := range zr.File {
			name := rename(f.Name)
			if name == "" {
				continue
			}
			rc, _ := f.Open()
			w, _ := zw.Create(name)
			if _, err := io.Copy(w, rc); err != nil {
				t.Fatal(err)
			}
			rc.Close()
		}
		zw.Close()
		return buf.Bytes()
	}
	tests := []struct {
		name string
		data []byte
		why  string
	}{
		{"backslashes in part names", rezip(func(n string) string { return strings.ReplaceAll(n, "/", `\`) }), "part names written with backslashes"},
		{"no package relationships", rezip(func(n string) string {
			if n == "_rels/.rels" {
				return ""
			}
			return n
		}), "no relationship to the workbook part"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, ds := Open("book.xlsx", tt.data, Options{})
			if w == nil {
				t.Fatal(ds)
			}
			defer w.Close()
			if got := w.Sheets[0].Book.Students[0].Scores[1].Earned.String(); got != "18" {
				t.Errorf("Quiz 1 reads as %s, want 18", got)
			}
			if ok, why := w.Streaming(); ok || why != tt.why {
				t.Errorf("Streaming() = %v, %q; want false, %q", ok, why, tt.why)
			}
		})
	}
}

// TestOpenPackageErrors: packages the reader refuses, with the reason a
// teacher is told.
func TestOpenPackageErrors(t *testing.T) {
	good := pkgParts(t, []string{sheetOf(`<row r="1"><c r="A1"><v>1</v></c></row>`)}, "", "")
	noWorkbook := func() []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("_rels/.rels")
		w.Write([]byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>`))
		zw.Close()
		return buf.Bytes()
	}()
	badRow := pkgParts(t, []string{sheetOf(`<row r="1"><c r="A1"><v>1</v></c></row><row r="2000000"><c r="A2000000"><v>1</v></c></row>`)}, "", "")
	badCell := pkgParts(t, []string{sheetOf(`<row r="1"><c r="A0"><v>1</v></c></row>`)}, "", "")
	// The sheet is read as the gradebook whatever its A1 says.
	sheet1 := Options{Layout: engine.GradebookLayout{Sheet: "Sheet1"}}
	tests := []struct {
		name string
		data []byte
		opts Options
		want string
	}{
		{"zip bomb", good, Options{MaxUnzipSize: 100}, "book.xlsx: the workbook unpacks to more than 0 MB; is it really a gradebook? [xlsx/too-big]"},
		{"no workbook part", noWorkbook, Options{}, "this is not a workbook Norms can read: the package has no workbook part"},
		{"a row past Excel's last", badRow, sheet1, "Sheet1: the sheet cannot be read: row number 2000000 is past Excel's last row (1048576)"},
		{"a cell name that is not one", badCell, sheet1, `Sheet1: the sheet cannot be read: row 1 has a cell named "A0", which is not a cell`},
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

// FuzzReadSheetXML reads fuzzed worksheet XML. Reading must never panic,
// must refuse a row past Excel's last rather than grow a grid for it, and
// the first row read alone (as Open looks at A1 and B1) must agree with
// the whole read.
func FuzzReadSheetXML(f *testing.F) {
	for _, s := range []string{
		`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>I</t></r><t>D</t></is></c></row><row r="3"><c r="C3"><f>1</f></c></row>`,
		`<row><c><v>1</v></c></row><row r="2"><c r="B2" s="1"><v>0.5</v></c></row>`,
		`<row r="1"><c r="A1" t="str"><v>a&#10;&amp;b</v></c></row></sheetData><mergeCells><mergeCell ref="A1:B2"/></mergeCells>`,
		`<row r="1"/><row r="2"><c r="XFD2"><v>1</v></c></row>`,
		`<row r="1"><c r="A1"><v><![CDATA[x]]></v></c>`,
	} {
		f.Add([]byte(sheetOf(s)))
	}
	sst := []string{"Student", "ID"}
	kinds := []numKind{plainNumber, percentNumber}
	f.Fuzz(func(t *testing.T, xml []byte) {
		all, err := readSheetXML("sheet.xml", bytes.NewReader(xml), sst, kinds, false, nil)
		if err != nil {
			return
		}
		if len(all.rows) > maxRows {
			t.Fatalf("%d rows, past Excel's last", len(all.rows))
		}
		first, err := readSheetXML("sheet.xml", bytes.NewReader(xml), sst, kinds, true, nil)
		if err != nil {
			t.Fatalf("the first row fails (%v) where the sheet reads", err)
		}
		// The first row element's row may gain the cells of a row out of
		// order after it (as in excelize's iterator): its cells are a
		// prefix of the whole read's.
		n := len(first.rows)
		if n == 0 {
			return
		}
		if len(all.rows) < n || !sameRows(first.rows[:n-1], all.rows[:n-1]) ||
			len(first.rows[n-1]) > len(all.rows[n-1]) || !sameRows(first.rows[n-1:], [][]string{all.rows[n-1][:len(first.rows[n-1])]}) {
			t.Fatalf("first rows %q, but the sheet's are %q", first.rows, all.rows)
		}
	})
}
