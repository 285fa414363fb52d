package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// errCannotStream says the streaming fill path met a workbook it does not
// handle; Fill then uses excelize's ordinary API instead (docs/xlsx.md).
var errCannotStream = errors.New("cannot stream")

// rowReader reads a worksheet part as its head (everything up to and with
// the <sheetData> start tag), then one <row> element at a time, then its
// tail (from </sheetData> on). It holds one row in memory, never the
// sheet: a district gradebook's sheet is 60 MB of XML.
type rowReader struct {
	src  io.Reader
	buf  []byte
	pos  int
	eof  bool
	err  error
	done bool // </sheetData> reached
	// endTag is the </sheetData> that a <sheetData/> lacks, which tail
	// gives back.
	endTag string
	// prefix is the namespace prefix of the part's elements ("x:"), ""
	// for the usual default namespace; only the reader sets it.
	prefix string
	// lenient (the reader's) steps over comments between rows, and says
	// it did in skipped.
	lenient, skipped bool
}

func newRowReader(src io.Reader) *rowReader {
	return &rowReader{src: src, buf: make([]byte, 0, 256<<10)}
}

// more reads more of the part; false at its end.
func (rr *rowReader) more() bool {
	if rr.eof {
		return false
	}
	if rr.pos > 0 && rr.pos >= len(rr.buf)/2 {
		n := copy(rr.buf, rr.buf[rr.pos:])
		rr.buf, rr.pos = rr.buf[:n], 0
	}
	if len(rr.buf) == cap(rr.buf) {
		nb := make([]byte, len(rr.buf), 2*cap(rr.buf))
		copy(nb, rr.buf)
		rr.buf = nb
	}
	n, err := rr.src.Read(rr.buf[len(rr.buf):cap(rr.buf)])
	rr.buf = rr.buf[:len(rr.buf)+n]
	if err == io.EOF {
		rr.eof = true
	} else if err != nil {
		rr.err, rr.eof = err, true
	}
	return n > 0 || !rr.eof
}

// find returns the index (from rr.pos) of sep, reading as needed, or -1.
func (rr *rowReader) find(sep []byte, from int) int {
	for {
		if k := bytes.Index(rr.buf[rr.pos+from:], sep); k >= 0 {
			return from + k
		}
		from = max(0, len(rr.buf)-rr.pos-len(sep))
		if !rr.more() {
			return -1
		}
	}
}

// tagAt returns the end (from rr.pos) of the tag starting at offset i.
func (rr *rowReader) tagAt(i int) int {
	for {
		if e := tagEnd(rr.buf[rr.pos:], i); e >= 0 {
			return e
		}
		if !rr.more() {
			return -1
		}
	}
}

// head returns the part up to and with the <sheetData> start tag.
func (rr *rowReader) head() ([]byte, error) {
	i := rr.find([]byte("<"+rr.prefix+"sheetData"), 0)
	if i < 0 {
		return nil, fmt.Errorf("%w: no <sheetData> (a namespace prefix?)", errCannotStream)
	}
	e := rr.tagAt(i)
	if e < 0 {
		return nil, fmt.Errorf("%w: a broken <sheetData>", errCannotStream)
	}
	if selfClosing(rr.buf[rr.pos:], e) {
		// <sheetData/>, a sheet without rows (Excel saves an empty sheet
		// so): read as <sheetData></sheetData>, so that rows can be
		// written into it (the header of an empty Incidents sheet).
		h := append([]byte{}, rr.buf[rr.pos:rr.pos+i]...)
		h = append(h, bytes.TrimRight(rr.buf[rr.pos+i:rr.pos+e-2], " \t\r\n")...)
		h = append(h, '>')
		rr.pos += e
		rr.done = true
		rr.endTag = "</" + rr.prefix + "sheetData>"
		return h, nil
	}
	h := append([]byte{}, rr.buf[rr.pos:rr.pos+e]...)
	rr.pos += e
	return h, nil
}

// next returns the space before the next row and the row element, or
// ok=false at </sheetData>. Both are valid until the next call.
func (rr *rowReader) next() (space, row []byte, ok bool, err error) {
	if rr.done {
		return nil, nil, false, nil
	}
	i := rr.find([]byte("<"), 0)
	for rr.lenient && i >= 0 {
		// The reader steps over comments and processing instructions
		// between rows (the writer refuses them, below).
		for len(rr.buf)-rr.pos < i+4 && rr.more() {
		}
		b := rr.buf[rr.pos:]
		if !bytes.HasPrefix(b[i:], []byte("<!")) && !bytes.HasPrefix(b[i:], []byte("<?")) {
			break
		}
		e := -1
		if bytes.HasPrefix(b[i:], []byte("<!--")) {
			if k := rr.find([]byte("-->"), i+4); k >= 0 {
				e = k + 3
			}
		} else {
			e = rr.tagAt(i)
		}
		if e < 0 {
			return nil, nil, false, fmt.Errorf("%w: a broken comment", errCannotStream)
		}
		rr.skipped = true
		i = rr.find([]byte("<"), e)
	}
	if i < 0 {
		return nil, nil, false, fmt.Errorf("%w: the sheet ends inside <sheetData>", errCannotStream)
	}
	e := rr.tagAt(i)
	if e < 0 {
		return nil, nil, false, fmt.Errorf("%w: a broken tag", errCannotStream)
	}
	b := rr.buf[rr.pos:]
	switch tagName(b, i) {
	case "/" + rr.prefix + "sheetData":
		rr.done = true
		space = b[:i]
		rr.pos += i
		return space, nil, false, nil
	case rr.prefix + "row":
	default:
		return nil, nil, false, fmt.Errorf("%w: <%s> in <sheetData>", errCannotStream, tagName(b, i))
	}
	end := e
	if !selfClosing(b, e) {
		endTag := "</" + rr.prefix + "row>"
		k := rr.find([]byte(endTag), e)
		if k < 0 {
			return nil, nil, false, fmt.Errorf("%w: a row without its end", errCannotStream)
		}
		end = k + len(endTag)
	}
	b = rr.buf[rr.pos:]
	space, row = b[:i], b[i:end]
	rr.pos += end
	return space, row, true, nil
}

// tail returns the rest of the part, from </sheetData> on.
func (rr *rowReader) tail() ([]byte, error) {
	for rr.more() {
	}
	if rr.err != nil {
		return nil, rr.err
	}
	return append([]byte(rr.endTag), rr.buf[rr.pos:]...), nil
}

// rowCell is one <c> element of a row: row[start:end], at column col.
type rowCell struct {
	start, open, end, col int
}

// parsedRow is a <row> element taken apart: its number, its start tag,
// its cells and what else it holds (an extLst, kept after the cells).
type parsedRow struct {
	num   int
	open  int // end of the start tag
	cells []rowCell
	other []element
	self  bool // <row .../>
}

// parseRow takes a row element apart. prev is the number of the row
// before, for a row whose r attribute is missing (it is then prev+1).
func parseRow(row []byte, prev int) (parsedRow, error) {
	var pr parsedRow
	pr.open = tagEnd(row, 0)
	pr.self = selfClosing(row, pr.open)
	pr.num = prev + 1
	if r, ok := attrBytes(row[:pr.open], "r"); ok {
		n, ok := atoi(r)
		if !ok || n < 1 {
			return pr, fmt.Errorf("%w: row number %q", errCannotStream, r)
		}
		pr.num = n
	}
	if pr.self {
		return pr, nil
	}
	content := len(row) - len("</row>")
	col := 0
	for i := pr.open; i < content; {
		el, ok := nextElement(row[:content], i)
		if !ok {
			break
		}
		i = el.end
		if el.name != "c" {
			pr.other = append(pr.other, el)
			continue
		}
		ref, ok := attrBytes(row[el.start:el.open], "r")
		if !ok {
			// A cell's place may be implied by its order; Norms inserts
			// cells, which would move the cells after them.
			return pr, fmt.Errorf("%w: a cell without its reference in row %d", errCannotStream, pr.num)
		}
		c, r, ok := cellRef(ref)
		if !ok || r != pr.num || c <= col {
			return pr, fmt.Errorf("%w: cell %q out of place in row %d", errCannotStream, ref, pr.num)
		}
		col = c
		pr.cells = append(pr.cells, rowCell{el.start, el.open, el.end, c})
	}
	return pr, nil
}

// cellKey names a cell: row<<16 | column.
type cellKey uint64

func keyOf(col, row int) cellKey { return cellKey(row)<<16 | cellKey(col) }

// sheetScan is what reading a gradebook sheet's XML finds besides the
// cells' values (readSheetXML): merged ranges, which cells hold formulas,
// the styles of cells whose style shows a percent or a date, and the
// ranges that shared and array formulas span (which Norms must not cut).
type sheetScan struct {
	part     string
	merges   []rect
	formulas map[cellKey]bool
	kinds    map[cellKey]int // style id, for percent and date styles only
	spans    []rect
	// texts are the cells stored as text (t="s", "inlineStr" or "str"):
	// a formula's SUM skips them, so fill --formulas must know which
	// scores are numbers (formulas.go).
	texts map[cellKey]bool
	// bools are the cells holding an Excel boolean (t="b"), whose raw
	// value 1 or 0 a score must not be read as (nil when none).
	bools map[cellKey]bool
	// badStrings are the cells whose shared string index is not one of
	// the workbook's (nil when none): read as blank, as excelize reads
	// them, but a damaged workbook whose text is lost.
	badStrings map[cellKey]string
}
