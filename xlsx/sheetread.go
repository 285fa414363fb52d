package xlsx

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Reading a workbook without excelize. Open reads the package (pkg.go),
// the shared strings and the number formats of the cell styles, then each
// gradebook sheet in one streamed pass (readSheetXML): the cells' raw
// values as excelize's row iterator with RawCellValue gives them, and
// what that iterator does not give (merged ranges, formulas, styles,
// text cells: sheetScan), so a district gradebook is inflated once and
// never decoded into objects. The values are byte for byte those of
// excelize's Rows/Columns (the tests of this package compare them), so
// that a gradebook reads the same in the command-line tool, which may
// still fill through excelize, and in the browser, which links none of it.

// maxRows is Excel's last row (excelize.TotalRows): a row number past it
// is refused rather than read, as a sheet claiming row 10^9 would
// otherwise make a grid of a billion rows.
const maxRows = 1 << 20

// sharedStrings reads the package's shared string table: each item's
// text, its rich text runs joined, as excelize gives it. encoding/xml
// reads it as excelize does (entities, CDATA, line ends), so values match.
func (p *pkg) sharedStrings() ([]string, error) {
	if p.sst == "" || p.files[p.sst] == nil {
		return nil, nil
	}
	b, err := p.read(p.sst)
	if err != nil {
		return nil, err
	}
	var doc struct {
		SI []xSI `xml:"si"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("the shared strings cannot be read: %v", err)
	}
	out := make([]string, len(doc.SI))
	for i, si := range doc.SI {
		out[i] = si.String()
	}
	return out, nil
}

// xSI is a shared string item or an inline string (<si>, <is>): plain
// text in <t>, or rich text runs <r><t>; phonetic runs (<rPh>) are not
// part of the value.
type xSI struct {
	T *xT `xml:"t"`
	R []struct {
		T *xT `xml:"t"`
	} `xml:"r"`
}

type xT struct {
	Val string `xml:",chardata"`
}

func (si xSI) String() string {
	var b strings.Builder
	if si.T != nil {
		b.WriteString(si.T.Val)
	}
	for _, r := range si.R {
		if r.T != nil {
			b.WriteString(r.T.Val)
		}
	}
	return bstrUnmarshal(b.String())
}

// bstrUnmarshal undoes the _xHHHH_ escapes with which SpreadsheetML
// stores characters XML cannot hold (_x000D_ for a carriage return), and
// _x005F_ for a literal underscore, as Excel and excelize read them.
func bstrUnmarshal(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' && isHex4(s[i+2:i+6]) {
			if s[i+2:i+6] == "005F" || s[i+2:i+6] == "005f" {
				b.WriteByte('_')
			} else {
				n, _ := strconv.ParseUint(s[i+2:i+6], 16, 16)
				b.WriteRune(rune(n))
			}
			i += 7
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

func isHex4(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// styleKinds classifies the package's cell styles (cellXfs) by their
// number format, as excelize's GetStyle gives it: a built-in or
// language format by its id, another id by the format code numFmts gives
// it (the last of that id). nil when no style is a percent or a date,
// which spares a style lookup per cell.
func (p *pkg) styleKinds() ([]numKind, error) {
	if p.styles == "" {
		return nil, nil
	}
	var doc struct {
		NumFmts []struct {
			ID   int    `xml:"numFmtId,attr"`
			Code string `xml:"formatCode,attr"`
		} `xml:"numFmts>numFmt"`
		Xfs []struct {
			NumFmtID *int `xml:"numFmtId,attr"`
		} `xml:"cellXfs>xf"`
	}
	if err := p.unmarshal(p.styles, &doc); err != nil {
		return nil, fmt.Errorf("the styles cannot be read: %v", err)
	}
	var kinds []numKind
	any := false
	for _, xf := range doc.Xfs {
		k := plainNumber
		if id := xf.NumFmtID; id != nil {
			switch {
			case builtinNumFmt(*id):
				k = numFmtKind(*id, nil)
			default:
				for _, nf := range doc.NumFmts {
					if nf.ID == *id {
						k = customFmtKind(nf.Code)
					}
				}
			}
		}
		any = any || k != plainNumber
		kinds = append(kinds, k)
	}
	if !any {
		return nil, nil
	}
	return kinds, nil
}

// builtinNumFmt reports whether a number format id is one of Excel's
// built-in formats (ECMA-376 18.8.30) or its language-dependent date
// formats: those are read by id, whatever numFmts says.
func builtinNumFmt(id int) bool {
	return 0 <= id && id <= 4 || 9 <= id && id <= 22 || 37 <= id && id <= 49 ||
		27 <= id && id <= 36 || 50 <= id && id <= 62 || 67 <= id && id <= 81
}

// sheetRead is what one pass over a worksheet part gives.
type sheetRead struct {
	// rows are the cells' raw values, row-major and 0-based, as
	// excelize's row iterator gives them: a row up to its last cell with a
	// value or a formula, and an empty row for each row number skipped.
	rows [][]string
	scan *sheetScan
	// cannot says why the streaming fill path cannot rewrite this part
	// (nil when it can): the reader is more lenient than the writer.
	cannot error
}

// readSheetXML reads a worksheet part. With firstRow, it stops after the
// first row element (to look at A1 and B1 without inflating the sheet).
// progress, when set, is called with 1 per row of the grid. An error
// means the sheet cannot be read at all; its message names the place.
func readSheetXML(part string, src io.Reader, sst []string, kinds []numKind, firstRow bool, progress func(int)) (*sheetRead, error) {
	sc := &sheetScan{part: part, formulas: map[cellKey]bool{}, kinds: map[cellKey]int{}, texts: map[cellKey]bool{}}
	out := &sheetRead{scan: sc}
	rr := newRowReader(src)
	rr.lenient = true
	rr.prefix = rr.rootPrefix()
	if rr.prefix != "" {
		out.cannot = fmt.Errorf("%w: the sheet's XML has a namespace prefix (%s)", errCannotStream, strings.TrimSuffix(rr.prefix, ":"))
	}
	if _, err := rr.head(); err != nil {
		if rr.err != nil {
			return nil, rr.err
		}
		// No <sheetData>, or an empty one: a sheet without cells.
		if out.cannot == nil {
			out.cannot = err
		}
		return out, nil
	}
	var cells []string
	prev, lastCol := 0, 0
	for {
		_, row, ok, err := rr.next()
		if err != nil {
			if rr.err != nil {
				return nil, rr.err
			}
			// The writer's limits (a row without its end) are the reader's
			// too: past them the XML is broken.
			return nil, fmt.Errorf("the sheet's XML is broken after row %d", prev)
		}
		if !ok {
			break
		}
		num, err := rowNumber(row, prev, &out.cannot)
		if err != nil {
			return nil, err
		}
		prev = num
		if num <= len(out.rows) {
			// A row out of order (a row number not past the last): excelize's
			// iterator, which Open used, reads its cells on as the last
			// row's, so it does here too.
			last := len(out.rows) - 1
			out.rows[last], lastCol, err = readRowCells(row, rr.prefix, num, lastCol, sst, kinds, sc, out.rows[last], &out.cannot)
			if err != nil {
				return nil, err
			}
			continue
		}
		cells, lastCol, err = readRowCells(row, rr.prefix, num, 0, sst, kinds, sc, cells[:0], &out.cannot)
		if err != nil {
			return nil, err
		}
		// excelize's iterator numbers rows by position: a row number
		// skipped is an empty row.
		for len(out.rows)+1 < num {
			out.rows = append(out.rows, nil)
			if progress != nil {
				progress(1)
			}
		}
		var kept []string
		if len(cells) > 0 {
			kept = append(make([]string, 0, len(cells)), cells...)
		}
		out.rows = append(out.rows, kept)
		if progress != nil {
			progress(1)
		}
		if firstRow {
			return out, nil
		}
	}
	if rr.skipped && out.cannot == nil {
		out.cannot = fmt.Errorf("%w: a comment between the sheet's rows", errCannotStream)
	}
	tail, err := rr.tail()
	if err != nil {
		return nil, err
	}
	if m, ok := nextElement(tail, 0, rr.prefix+"mergeCells"); ok {
		for _, c := range children(tail, m) {
			if ref, ok := attr(tail[c.start:c.open], "ref"); ok {
				if r, ok := parseRange(ref); ok {
					sc.merges = append(sc.merges, r)
				}
			}
		}
	}
	return out, nil
}

// rowNumber is a row element's number: its r attribute, or the row after
// prev without one. What the streaming path's parseRow refuses is noted in
// *cannot (when nil), with parseRow's words.
func rowNumber(row []byte, prev int, cannot *error) (int, error) {
	open := tagEnd(row, 0)
	r, ok := attrBytes(row[:open], "r")
	if !ok {
		return prev + 1, nil
	}
	n, ok := atoi(r)
	switch {
	case !ok:
		return 0, fmt.Errorf("row number %q is not a number", r)
	case n > maxRows:
		return 0, fmt.Errorf("row number %d is past Excel's last row (%d)", n, maxRows)
	case n < 1:
		if *cannot == nil {
			*cannot = fmt.Errorf("%w: row number %q", errCannotStream, r)
		}
		return prev + 1, nil
	}
	return n, nil
}

// readRowCells appends a row's values to cells, and records in sc which
// cells hold formulas, text and percent or date styles. A cell's place is
// its r attribute, or the place after the cell before it (col is the
// place of the cell before the first). What the
// streaming path's parseRow refuses (a cell without its reference, or out
// of place) is noted in *cannot (when nil), with parseRow's words.
func readRowCells(row []byte, prefix string, num, col int, sst []string, kinds []numKind, sc *sheetScan, cells []string, cannot *error) ([]string, int, error) {
	open := tagEnd(row, 0)
	if selfClosing(row, open) {
		return cells, col, nil
	}
	content := len(row) - len("</"+prefix+"row>")
	for i := open; i < content; {
		el, ok := nextElement(row[:content], i)
		if !ok {
			break
		}
		i = el.end
		if el.name != prefix+"c" {
			continue
		}
		tag := row[el.start:el.open]
		ref, hasRef := attrBytes(tag, "r")
		if !hasRef {
			col++
			if *cannot == nil {
				// Norms inserts cells, which would move a cell placed by
				// its order.
				*cannot = fmt.Errorf("%w: a cell without its reference in row %d", errCannotStream, num)
			}
		} else {
			c, r, ok := cellRef(ref)
			if !ok {
				return nil, 0, fmt.Errorf("row %d has a cell named %q, which is not a cell", num, ref)
			}
			if (r != num || c <= col) && *cannot == nil {
				*cannot = fmt.Errorf("%w: cell %q out of place in row %d", errCannotStream, ref, num)
			}
			col = c
		}
		key := keyOf(col, num)
		if kinds != nil {
			if s, ok := attrBytes(tag, "s"); ok {
				if id, ok := atoi(s); ok && id < len(kinds) && kinds[id] != plainNumber {
					sc.kinds[key] = id
				}
			}
		}
		t, _ := attrBytes(tag, "t")
		if string(t) == "s" || string(t) == "inlineStr" || string(t) == "str" {
			sc.texts[key] = true
		}
		var v, is []byte
		var hasV, hasIS, hasF bool
		for j := el.open; el.open < el.end && j < el.end; {
			ch, ok := nextElement(row[:el.end], j)
			if !ok {
				break
			}
			j = ch.end
			switch strings.TrimPrefix(ch.name, prefix) {
			case "v":
				v, hasV = inner(row, ch), true
			case "f":
				hasF = true
				sc.formulas[key] = true
				ftag := row[ch.start:ch.open]
				if ref, ok := attr(ftag, "ref"); ok {
					if ft, _ := attr(ftag, "t"); ft == "shared" || ft == "array" {
						if r, ok := parseRange(ref); ok {
							sc.spans = append(sc.spans, r)
						}
					}
				}
			case "is":
				is, hasIS = row[ch.start:ch.end], true
			}
		}
		var val string
		switch string(t) {
		case "s":
			if hasV {
				// As excelize: an index that is not a number is 0, one out
				// of the table is blank. Either is noted, so that the
				// gradebook reader refuses the cell rather than grade the
				// text it lost (or another).
				idx := strings.TrimSpace(xmlText(v))
				k, err := strconv.Atoi(idx)
				if 0 <= k && k < len(sst) {
					val = sst[k]
				}
				if err != nil || k < 0 || k >= len(sst) {
					if sc.badStrings == nil {
						sc.badStrings = map[cellKey]string{}
					}
					sc.badStrings[key] = idx
				}
			}
		case "b":
			val = xmlText(v)
			if val != "" {
				if sc.bools == nil {
					sc.bools = map[cellKey]bool{}
				}
				sc.bools[key] = true
			}
		case "inlineStr":
			if hasIS {
				val = inlineString(is, prefix)
			} else {
				val = xmlText(v)
			}
		default:
			val = xmlText(v)
		}
		if val == "" && !hasF {
			continue
		}
		for len(cells) < col-1 {
			cells = append(cells, "")
		}
		cells = append(cells, val)
	}
	return cells, col, nil
}

// inner is the content of an element: between its start and end tags.
func inner(b []byte, e element) []byte {
	if e.open == e.end {
		return nil
	}
	end := bytes.LastIndexByte(b[:e.end], '<')
	if end < e.open {
		return nil
	}
	return b[e.open:end]
}

// xmlText is the text of an element's content, its escapes undone as an
// XML decoder undoes them (entities, character references, CDATA, line
// ends). Most values are plain digits and letters and take the fast path.
func xmlText(b []byte) string {
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '<') < 0 && bytes.IndexByte(b, '\r') < 0 {
		return string(b)
	}
	var t xT
	doc := append(append([]byte("<v>"), b...), "</v>"...)
	if err := xml.Unmarshal(doc, &t); err != nil {
		return ""
	}
	return t.Val
}

// inlineString is the value of an inline string (<is>), as a shared
// string item's.
func inlineString(is []byte, prefix string) string {
	if prefix != "" {
		// encoding/xml matches local names; the prefix only needs a
		// namespace declared, which the fragment lost.
		is = bytes.ReplaceAll(is, []byte("<"+prefix), []byte("<"))
		is = bytes.ReplaceAll(is, []byte("</"+prefix), []byte("</"))
	}
	var si xSI
	if err := xml.Unmarshal(is, &si); err != nil {
		return ""
	}
	return si.String()
}

// rootPrefix returns the namespace prefix of the part's root element
// ("x:" in <x:worksheet>), or "": some generators write every element of
// a sheet with one.
func (rr *rowReader) rootPrefix() string {
	for from := 0; ; {
		i := rr.find([]byte("<"), from)
		if i < 0 {
			return ""
		}
		b := rr.buf[rr.pos:]
		if i+1 < len(b) && (b[i+1] == '?' || b[i+1] == '!') {
			e := rr.tagAt(i)
			if e < 0 {
				return ""
			}
			from = e
			continue
		}
		if rr.tagAt(i) < 0 {
			return ""
		}
		name := tagName(rr.buf[rr.pos:], i)
		if k := strings.IndexByte(name, ':'); k >= 0 {
			return name[:k+1]
		}
		return ""
	}
}

// readSheet reads the named sheet's part: all of it, or its first row.
func (w *Workbook) readPart(name string, firstRow bool, progress func(int)) (*sheetRead, error) {
	part, ok := w.pkg.sheets[name]
	if !ok {
		// A chart sheet, say: excelize reads it as a sheet without cells.
		return &sheetRead{scan: &sheetScan{formulas: map[cellKey]bool{}, kinds: map[cellKey]int{}, texts: map[cellKey]bool{}},
			cannot: fmt.Errorf("%w: sheet %s has no worksheet part", errCannotStream, name)}, nil
	}
	rc, err := w.pkg.files[part].Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return readSheetXML(part, rc, w.sst, w.styleKind, firstRow, progress)
}
