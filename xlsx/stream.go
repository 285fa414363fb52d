package xlsx

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/teamnorms/norms/engine"
)

// The streaming fill path. Fill through excelize's ordinary API decodes a
// whole sheet into memory and encodes it again on save: 36 s and 1.2 GB
// for a district gradebook. This path instead writes the output package
// part by part from the input's bytes:
//
//   - every part Norms does not change is copied raw (still compressed);
//   - each gradebook sheet is streamed one <row> at a time: the result
//     cells of a row are spliced in, every other cell is copied byte for
//     byte; <dimension>, <cols> and the letters' <conditionalFormatting>
//     are edited in place;
//   - so is the Incidents sheet, each incident's occurrence and
//     consequence spliced into its row (gradebookRows and incidentRows
//     say what changes in a row; sheetPlan does the rest for both);
//   - styles.xml gains the few styles of the results, once (an identical
//     style from an earlier fill is reused, so filling twice adds none);
//     a workbook without one gets Excel's default stylesheet first
//     (pkg.addStylesPart);
//   - the Norms and Explain sheets are written as new parts (or replace
//     Norms's own from an earlier fill), with their entries in the
//     workbook, its relationships and the content types.
//
// Fill plans this (planStream) and Write carries it out (writeStream).
// Whatever the plan cannot handle safely (a shared or array formula or a
// merged range reaching into the result columns, a prefixed namespace, a
// cell without its reference) makes Fill use the excelize path instead.

// streamPlan is what Write does on the streaming path.
type streamPlan struct {
	p      *engine.Program
	opts   FillOptions
	sheets map[string]*sheetPlan // by part
	// replace holds the new bytes of small parts (styles, workbook,
	// relationships, content types, the Norms sheet).
	replace map[string][]byte
	drop    map[string]bool
	// added are new parts, written after the input's, in order.
	added []string
	// explainPart is the Explain sheet's part ("" without --explain).
	explainPart string
	st          *styles
	// stamp is the modification time given to the parts written anew
	// (the workbook part's own), so the same inputs give the same bytes.
	stampTime, stampDate uint16
}

// sheetPlan is how one sheet's XML changes: a gradebook sheet's results,
// or the Incidents sheet's consequences. What changes in each row is the
// sheet's own (edit); the rest (streaming the rows, <dimension>, <cols>,
// rows to insert) is the same for both.
type sheetPlan struct {
	name string
	edit rowEdit
	// first and last are the rows edit may change; the others are copied
	// as they are.
	first, last int
	// area is the range of the new cells, which <dimension> must cover.
	area rect
	// widths are the new cells' columns' widths.
	widths []colWidth
	// insert are rows that get new cells and may be missing from the XML
	// (an empty Incidents sheet's header row): a row of that number is
	// written where it belongs when the sheet has none.
	insert []int
	// letters are a gradebook's letter fills (nil: the tail is copied).
	letters *letterPlan
	// colStyles are the styles of the sheet's <col> ranges, read by
	// editHead, which excelize gives a cell written without one.
	colStyles []colStyle
	// progress is Options.Progress, called for each row written (of
	// gradebook sheets: the rows Open counted).
	progress func(rows int)
}

// rowEdit is what changes in the rows of one sheet.
type rowEdit interface {
	// cells appends the new cells of row num, in column order. style
	// gives the style excelize keeps or gives a cell written in the row
	// without setting one (the Incidents sheet's values).
	cells(num int, style rowStyles, out []newCell) []newCell
	// clear says what becomes of row num's cell in column col when no
	// new cell takes its place.
	clear(col, num int) clearing
}

// clearing is what becomes of an old cell.
type clearing uint8

const (
	keepCell  clearing = iota
	dropCell           // the cell goes (a gradebook's result columns)
	emptyCell          // its value goes, its style stays, as excelize's SetCellValue(nil) leaves it
)

// colWidth is a new column's width, as <col> writes it.
type colWidth struct {
	col   int
	width string
}

// colStyle is the style of a <col> range.
type colStyle struct{ min, max, style int }

// letterPlan is where a gradebook sheet's letters get their fills.
type letterPlan struct {
	// results are the result columns: an earlier fill's conditional
	// formats on them go.
	results map[int]bool
	// col is the letter column, 0 when no student has a row; first and
	// last the students' rows.
	col, first, last int
	dxf              []int // letterDxf of styles
}

// gradebookRows are a gradebook sheet's result cells.
type gradebookRows struct {
	sh      *Sheet
	rep     *engine.Report
	heads   []string
	cols    []int        // the column of each head
	results map[int]bool // result columns, written or stale
	stale   map[int]bool // an earlier fill's result columns this one does not write
	student map[int]int  // row -> index of the student in rep
	st      *styles
	// fp holds the formulas of --formulas (nil: values only).
	fp *formulaPlan
}

// clear decides the old cells of the result columns between the header
// and the last student (rewrite gives no other rows), as the excelize
// path leaves them: a stale column's values go and their styles stay; in
// the columns written, the header's and the students' old cells give way
// to the new ones, and any other row's cell (one a teacher put in the
// Category row, say) is kept.
func (g *gradebookRows) clear(col, num int) clearing {
	switch _, isStudent := g.student[num]; {
	case g.stale[col]:
		return emptyCell
	case !g.results[col]:
		return keepCell
	case isStudent || num == g.sh.HeaderRow:
		return dropCell
	}
	return keepCell
}

// resultColumns places a report's result columns in a sheet: a header
// already in the sheet keeps its column; new ones go after the last data
// column and the existing result columns. unused are result columns of an
// earlier fill that this one does not write (a renamed category): they
// are emptied, not left with stale grades.
func resultColumns(sh *Sheet, heads []string) (cols, unused []int) {
	next := sh.LastDataCol
	for _, c := range sh.resultCols {
		next = max(next, c)
	}
	cols = make([]int, len(heads))
	used := map[int]bool{}
	for k, h := range heads {
		if c, ok := sh.resultCols[h]; ok {
			cols[k], used[c] = c, true
			continue
		}
		next++
		cols[k] = next
	}
	for _, c := range sh.resultCols {
		if !used[c] {
			unused = append(unused, c)
		}
	}
	sort.Ints(unused)
	return cols, unused
}

// resultValue is one result cell: a number (nil for a blank number cell,
// which keeps its 0.00 format) or text.
type resultValue struct {
	num    *engine.Decimal
	text   string
	isText bool
}

// studentValues are a student's result cells, in the order of
// resultHeaders: category percents, final, letter, flags.
func studentValues(s *engine.StudentResult, nc int) []resultValue {
	out := make([]resultValue, nc+3)
	if s.Error != "" {
		out[nc+1] = resultValue{isText: true}
		out[nc+2] = resultValue{isText: true, text: "could not grade: " + s.Error}
		return out
	}
	for k, c := range s.Categories {
		out[k] = resultValue{num: c.Percent}
	}
	out[nc] = resultValue{num: s.Rounded}
	out[nc+1] = resultValue{isText: true, text: s.Letter}
	out[nc+2] = resultValue{isText: true, text: strings.Join(s.Flags, "; ")}
	return out
}

// numberText is how a result number is stored: the shortest float64 text
// that reads back as the same value (what excelize's SetCellFloat writes),
// so exact decimals such as 89.5 stay exact.
func numberText(d *engine.Decimal) string {
	fv, _ := strconv.ParseFloat(d.String(), 64)
	return strconv.FormatFloat(fv, 'f', -1, 64)
}

// planStream plans the streaming fill, or returns an error wrapping
// errCannotStream when the excelize path must do it.
func (w *Workbook) planStream(p *engine.Program, opts FillOptions, reports []*engine.Report) (*streamPlan, error) {
	pk := w.pkg
	plan := &streamPlan{p: p, opts: opts, sheets: map[string]*sheetPlan{}, replace: map[string][]byte{}, drop: map[string]bool{}}
	if wb := pk.files[pk.workbook]; wb != nil {
		plan.stampTime, plan.stampDate = wb.ModifiedTime, wb.ModifiedDate
	}
	// The workbook, its relationships and content types gain the Norms
	// and Explain sheets below, and the stylesheet of a workbook that has
	// none here.
	wbDoc, err := pk.read(pk.workbook)
	if err != nil {
		return nil, err
	}
	relDoc, err := pk.read(pk.wbRels)
	if err != nil {
		return nil, err
	}
	ctDoc, err := pk.read("[Content_Types].xml")
	if err != nil {
		return nil, err
	}
	taken := map[string]bool{}
	stylesPart := pk.styles
	var styleDoc []byte
	if stylesPart != "" {
		styleDoc, err = pk.read(stylesPart)
	} else {
		styleDoc = []byte(defaultStyles)
		stylesPart, relDoc, ctDoc, err = pk.addStylesPart(relDoc, ctDoc)
		plan.added = append(plan.added, stylesPart)
		taken[stylesPart] = true
	}
	if err != nil {
		return nil, err
	}
	st, styleDoc, err := addResultStyles(styleDoc)
	if err != nil {
		return nil, err
	}
	plan.st = st
	plan.replace[stylesPart] = styleDoc
	for i, sh := range w.Sheets {
		sc := w.scans[sh.Name]
		if sc == nil {
			return nil, fmt.Errorf("%w: sheet %s was not scanned", errCannotStream, sh.Name)
		}
		g := &gradebookRows{sh: sh, rep: reports[i], heads: resultHeaders(reports[i]), results: map[int]bool{}, stale: map[int]bool{}, student: map[int]int{}, st: st}
		if i < len(w.formulas) {
			g.fp = w.formulas[i]
		}
		var unused []int
		g.cols, unused = resultColumns(sh, g.heads)
		for _, c := range g.cols {
			g.results[c] = true
		}
		for _, c := range unused {
			g.results[c], g.stale[c] = true, true
		}
		sp := &sheetPlan{name: sh.Name, edit: g, first: sh.HeaderRow, last: sh.HeaderRow, progress: w.progress}
		for k, r := range sh.StudentRows {
			sp.last = max(sp.last, r)
			g.student[r] = k
		}
		lp := &letterPlan{results: g.results, dxf: st.letterDxf}
		if len(sh.StudentRows) > 0 {
			lp.col = g.cols[len(reports[i].Categories)+1]
			lp.first, lp.last = sh.StudentRows[0], sh.StudentRows[len(sh.StudentRows)-1]
		}
		sp.letters = lp
		sp.area = rect{g.cols[0], sh.HeaderRow, g.cols[0], sp.last}
		for k, c := range g.cols {
			sp.area.c1, sp.area.c2 = min(sp.area.c1, c), max(sp.area.c2, c)
			width := "14"
			if k == len(g.cols)-1 {
				width = "30" // flags are words
			}
			sp.widths = append(sp.widths, colWidth{c, width})
		}
		if c := sc.reaches(g.results, sh.HeaderRow, sp.last); c != 0 {
			return nil, fmt.Errorf("%w: a shared formula or merged range reaches result column %s", errCannotStream, colName(c))
		}
		plan.sheets[sc.part] = sp
	}
	if w.conduct != nil {
		if err := w.planIncidents(plan, st); err != nil {
			return nil, err
		}
	}
	// The Norms and Explain sheets: Norms's own from an earlier fill are
	// replaced in their parts; missing ones are added.
	nextID := 0
	for _, id := range pk.sheetIDs {
		nextID = max(nextID, id)
	}
	own := func(name string) (string, error) {
		if part, ok := pk.sheets[name]; ok {
			return part, nil
		}
		part := pk.newSheetPart(taken)
		taken[part] = true
		plan.added = append(plan.added, part)
		nextID++
		rid := "rIdNorms" + name
		for pk.relIDs[rid] {
			rid += "x"
		}
		prefix, ok := nsPrefix(wbDoc, relNS)
		if !ok {
			return "", fmt.Errorf("%w: the workbook does not declare the relationships namespace", errCannotStream)
		}
		var err error
		entry := fmt.Sprintf(`<sheet name="%s" sheetId="%d" %s:id="%s"/>`, escapeText(name), nextID, prefix, rid)
		if wbDoc, err = insertBefore(wbDoc, "</sheets>", entry); err != nil {
			return "", err
		}
		target := strings.TrimPrefix(part, path.Dir(pk.workbook)+"/")
		rel := fmt.Sprintf(`<Relationship Id="%s" Type="%s" Target="%s"/>`, rid, relWorksheet, target)
		if relDoc, err = insertBefore(relDoc, "</Relationships>", rel); err != nil {
			return "", err
		}
		ct := fmt.Sprintf(`<Override PartName="/%s" ContentType="%s"/>`, part, worksheetCType)
		if ctDoc, err = insertBefore(ctDoc, "</Types>", ct); err != nil {
			return "", err
		}
		return part, nil
	}
	normsPart, err := own(normsSheet)
	if err != nil {
		return nil, err
	}
	var nb bytes.Buffer
	w.writeNormsXML(&nb, p, opts, st)
	plan.replace[normsPart] = nb.Bytes()
	if opts.Explain {
		if plan.explainPart, err = own(explainSheet); err != nil {
			return nil, err
		}
	}
	// calcChain lists the cells with formulas; Excel rebuilds it when it is
	// missing but repairs the workbook when it names a cell that no longer
	// has one (a result cell of an earlier fill). So it goes.
	if pk.calc != "" {
		plan.drop[pk.calc] = true
		relDoc = removeElements(relDoc, "Relationship", func(tag []byte) bool {
			t, _ := attr(tag, "Type")
			return t == relNS+"/calcChain"
		})
		ctDoc = removeElements(ctDoc, "Override", func(tag []byte) bool {
			n, _ := attr(tag, "PartName")
			return n == "/"+pk.calc
		})
	}
	plan.replace[pk.workbook] = wbDoc
	plan.replace[pk.wbRels] = relDoc
	plan.replace["[Content_Types].xml"] = ctDoc
	return plan, nil
}

// reaches returns the first of cols (in order) that a shared or array
// formula or a merged range reaches between rows first and last, or 0:
// Norms replaces whole cells, and would cut such a range in half.
func (sc *sheetScan) reaches(cols map[int]bool, first, last int) int {
	sorted := slices.Sorted(maps.Keys(cols))
	for _, ranges := range [][]rect{sc.spans, sc.merges} {
		for _, r := range ranges {
			if r.r2 < first || r.r1 > last {
				continue
			}
			for _, c := range sorted {
				if r.c1 <= c && c <= r.c2 {
					return c
				}
			}
		}
	}
	return 0
}

// incidentRows are the Incidents sheet's result cells: what fillIncidents
// writes through excelize, cell for cell.
type incidentRows struct {
	header int
	cols   [2]int // Norms: # and Norms: Consequence
	// old are the result columns of an earlier fill, emptied below the
	// header down to lastRow (the sheet's last row with a value), so that
	// an incident deleted since keeps no consequence on another's row.
	old     map[int]bool
	lastRow int
	results map[int]*engine.IncidentResult // by sheet row
	st      *styles
}

// planIncidents plans the Incidents sheet's consequences (w.conduct).
func (w *Workbook) planIncidents(plan *streamPlan, st *styles) error {
	is, rep := w.incidents, w.conduct
	if is.cannot != nil {
		return is.cannot
	}
	sc := is.scan
	if plan.sheets[sc.part] != nil {
		// Both writers would rewrite the one part; excelize writes both.
		return fmt.Errorf("%w: the Incidents sheet is also a gradebook sheet", errCannotStream)
	}
	cols := incidentColumns(is)
	ir := &incidentRows{header: is.HeaderRow, cols: cols, old: map[int]bool{}, lastRow: is.rowCount,
		results: map[int]*engine.IncidentResult{}, st: st}
	for _, c := range is.resultCols {
		ir.old[c] = true
	}
	last := is.HeaderRow
	for i := range rep.Incidents {
		r := &rep.Incidents[i]
		if r.Row < 1 || r.Row > len(is.Rows) {
			continue
		}
		row := is.Rows[r.Row-1]
		ir.results[row] = r
		last = max(last, row)
	}
	sp := &sheetPlan{name: is.Name, edit: ir, first: is.HeaderRow, last: max(last, is.rowCount),
		area:   rect{min(cols[0], cols[1]), is.HeaderRow, max(cols[0], cols[1]), last},
		widths: []colWidth{{cols[0], "10"}, {cols[1], "40"}}}
	if is.rowCount == 0 {
		// An empty sheet: its header row, A1 and B1, may have no <row>.
		sp.insert = []int{is.HeaderRow}
	}
	all := maps.Clone(ir.old)
	all[cols[0]], all[cols[1]] = true, true
	if c := sc.reaches(all, is.HeaderRow, sp.last); c != 0 {
		return fmt.Errorf("%w: a shared formula or merged range reaches %s, a result column of the Incidents sheet", errCannotStream, quoteSheet(is.Name)+"!"+colName(c))
	}
	plan.sheets[sc.part] = sp
	return nil
}

// cells are the two headers on the header row, and an incident's
// occurrence and consequence on its row.
func (ir *incidentRows) cells(num int, style rowStyles, out []newCell) []newCell {
	if num == ir.header {
		for k, h := range []string{occurrenceHead, consequenceHead} {
			out = append(out, newCell{ir.cols[k], textCell(nil, ir.cols[k], num, ir.st.header, h)})
		}
	} else if r, ok := ir.results[num]; ok {
		// As SetCellValue and SetCellStr: the value, in the cell's own
		// style or the one excelize gives a new cell; a blank occurrence
		// or consequence is an empty cell, not a missing one, so that it
		// still replaces what was there.
		occ, cons := conductValues(r)
		c := ir.cols[0]
		b := fmt.Appendf(nil, `<c r="%s"`, cellName(c, num))
		if s := style.of(c); s != 0 {
			b = fmt.Appendf(b, ` s="%d"`, s)
		}
		if n, ok := occ.(int); ok {
			b = fmt.Appendf(b, `><v>%d</v></c>`, n)
		} else {
			b = append(b, "/>"...)
		}
		out = append(out, newCell{c, b})
		c = ir.cols[1]
		if cons != "" {
			out = append(out, newCell{c, textCell(nil, c, num, style.of(c), cons)})
		} else {
			out = append(out, newCell{c, emptyCellXML(c, num, style.of(c))})
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].col < out[b].col })
	return out
}

// clear empties the earlier fill's result cells below the header, as
// fillIncidents does; the header row's other cells stay.
func (ir *incidentRows) clear(col, num int) clearing {
	if num > ir.header && num <= ir.lastRow && ir.old[col] {
		return emptyCell
	}
	return keepCell
}

// incidentColumns places the Incidents sheet's two result columns: an
// earlier fill's keep their place; new ones go after the log's last
// column and every result column.
func incidentColumns(is *IncidentSheet) [2]int {
	next := is.lastCol
	for _, c := range is.resultCols {
		next = max(next, c)
	}
	var cols [2]int
	for k, h := range []string{occurrenceHead, consequenceHead} {
		if c, ok := is.resultCols[h]; ok {
			cols[k] = c
			continue
		}
		next++
		cols[k] = next
	}
	return cols
}

// nsPrefix finds the prefix a document declares for namespace ns.
func nsPrefix(doc []byte, ns string) (string, bool) {
	needle := []byte(`="` + ns + `"`)
	for i := 0; ; {
		k := bytes.Index(doc[i:], needle)
		if k < 0 {
			return "", false
		}
		k += i
		j := k
		for j > 0 && doc[j-1] != ' ' && doc[j-1] != '\n' && doc[j-1] != '\t' && doc[j-1] != '\r' {
			j--
		}
		if decl := string(doc[j:k]); strings.HasPrefix(decl, "xmlns:") {
			return strings.TrimPrefix(decl, "xmlns:"), true
		}
		i = k + len(needle)
	}
}

func insertBefore(doc []byte, marker, s string) ([]byte, error) {
	k := bytes.LastIndex(doc, []byte(marker))
	if k < 0 {
		return nil, fmt.Errorf("%w: no %s", errCannotStream, marker)
	}
	out := make([]byte, 0, len(doc)+len(s))
	out = append(out, doc[:k]...)
	out = append(out, s...)
	return append(out, doc[k:]...), nil
}

// removeElements drops the empty elements named name whose start tag
// drop accepts: relationships and overrides, which have no content but
// are written both self-closing and, by excelize, as <X ...></X>.
func removeElements(doc []byte, name string, drop func(tag []byte) bool) []byte {
	var out []byte
	last := 0
	for i := 0; ; {
		k := bytes.Index(doc[i:], []byte("<"+name+" "))
		if k < 0 {
			break
		}
		k += i
		e := tagEnd(doc, k)
		if e < 0 {
			break
		}
		end := e
		if !selfClosing(doc, e) {
			end = -1
			if close := "</" + name + ">"; bytes.HasPrefix(doc[e:], []byte(close)) {
				end = e + len(close)
			}
		}
		if end >= 0 && drop(doc[k:e]) {
			out = append(out, doc[last:k]...)
			last = end
		}
		i = e
	}
	return append(out, doc[last:]...)
}

// writeStream writes the filled workbook on the streaming path.
func (w *Workbook) writeStream(out io.Writer) error {
	plan := w.plan
	zw := zip.NewWriter(out)
	create := func(name string, like *zip.FileHeader) (io.Writer, error) {
		// A fresh header: the modification time in MS-DOS form only, so
		// the writer adds no extended timestamp and a refill is
		// byte-identical.
		fh := &zip.FileHeader{Name: name, Method: zip.Deflate, ModifiedTime: plan.stampTime, ModifiedDate: plan.stampDate}
		if like != nil {
			fh.ModifiedTime, fh.ModifiedDate = like.ModifiedTime, like.ModifiedDate
		}
		return zw.CreateHeader(fh)
	}
	for _, f := range w.pkg.zr.File {
		switch {
		case plan.drop[f.Name]:
		case plan.sheets[f.Name] != nil:
			fw, err := create(f.Name, &f.FileHeader)
			if err != nil {
				return err
			}
			rc, err := f.Open()
			if err != nil {
				return err
			}
			sp := plan.sheets[f.Name]
			err = pipe(fw, func(dst io.Writer) error { return sp.rewrite(rc, dst) })
			rc.Close()
			if err != nil {
				return fmt.Errorf("sheet %s: %w", sp.name, err)
			}
		case plan.replace[f.Name] != nil:
			fw, err := create(f.Name, &f.FileHeader)
			if err != nil {
				return err
			}
			if _, err := fw.Write(plan.replace[f.Name]); err != nil {
				return err
			}
		case f.Name == plan.explainPart:
			fw, err := create(f.Name, &f.FileHeader)
			if err != nil {
				return err
			}
			if err := w.writeExplainXML(fw, plan); err != nil {
				return err
			}
		default:
			if err := zw.Copy(f); err != nil {
				return err
			}
		}
	}
	for _, name := range plan.added {
		fw, err := create(name, nil)
		if err != nil {
			return err
		}
		if name == plan.explainPart {
			err = w.writeExplainXML(fw, plan)
		} else {
			_, err = fw.Write(plan.replace[name])
		}
		if err != nil {
			return err
		}
	}
	return zw.Close()
}

// pipe runs produce, which writes to dst, on this goroutine and the
// copy to dst (where the compression happens) on another: the sheet's XML
// is rewritten and deflated at once, on two cores.
func pipe(dst io.Writer, produce func(io.Writer) error) error {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		_, err := io.Copy(dst, pr)
		pr.CloseWithError(err)
		done <- err
	}()
	err := produce(pw)
	pw.CloseWithError(err)
	if cerr := <-done; err == nil {
		err = cerr
	}
	return err
}

// rewrite streams a sheet's XML from src to dst with the new cells in
// place.
func (sp *sheetPlan) rewrite(src io.Reader, dst io.Writer) error {
	rr := newRowReader(src)
	head, err := rr.head()
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(dst, 256<<10)
	if _, err := bw.Write(sp.editHead(head)); err != nil {
		return err
	}
	prev := 0
	var buf []byte
	insert := sp.insert
	for {
		space, row, ok, err := rr.next()
		if err != nil {
			return err
		}
		num := prev + 1
		if ok {
			if r, ok := attrBytes(row[:tagEnd(row, 0)], "r"); ok {
				num, _ = atoi(r)
			}
		} else {
			num = maxRows + 1 // the end: every row left to insert goes
		}
		// A row to insert goes before the first row after it; one the
		// sheet has is edited in its place.
		for len(insert) > 0 && insert[0] <= num {
			if insert[0] < num {
				buf = sp.newRow(buf[:0], insert[0])
				if _, err := bw.Write(buf); err != nil {
					return err
				}
			}
			insert = insert[1:]
		}
		bw.Write(space)
		if !ok {
			break
		}
		if sp.progress != nil {
			sp.progress(1)
		}
		prev = num
		if num < sp.first || num > sp.last {
			bw.Write(row)
			continue
		}
		pr, err := parseRow(row, num-1)
		if err != nil {
			return err
		}
		buf = sp.editRow(buf[:0], row, pr)
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	tail, err := rr.tail()
	if err != nil {
		return err
	}
	if _, err := bw.Write(sp.editTail(tail)); err != nil {
		return err
	}
	return bw.Flush()
}

// newRow writes row num, which the sheet does not have, with its new cells
// (none: nothing).
func (sp *sheetPlan) newRow(out []byte, num int) []byte {
	fresh := sp.edit.cells(num, rowStyles{cols: sp.colStyles}, nil)
	if len(fresh) == 0 {
		return out
	}
	out = fmt.Appendf(out, `<row r="%d">`, num)
	for _, c := range fresh {
		out = append(out, c.xml...)
	}
	return append(out, "</row>"...)
}

// newCell is a result cell to splice into a row.
type newCell struct {
	col int
	xml []byte
}

// rowStyles are the styles of a row being edited: of its cells, of the row
// and of the sheet's columns.
type rowStyles struct {
	row   []byte
	open  int // end of the row's start tag
	cells []rowCell
	cols  []colStyle
}

// of is the style excelize's SetCellValue gives a cell of column col
// (prepareCellStyle): the old cell's own, else the row's, else the
// column's.
func (rs rowStyles) of(col int) int {
	for _, c := range rs.cells {
		if c.col == col {
			if s, ok := attrBytes(rs.row[c.start:c.open], "s"); ok {
				if n, ok := atoi(s); ok && n != 0 {
					return n
				}
			}
			break
		}
	}
	if rs.open > 0 {
		if s, ok := attrBytes(rs.row[:rs.open], "s"); ok {
			if n, ok := atoi(s); ok && n != 0 {
				return n
			}
		}
	}
	for _, c := range rs.cols {
		if c.min <= col && col <= c.max && c.style != 0 {
			return c.style
		}
	}
	return 0
}

// cells returns the result cells of row num, in column order.
func (g *gradebookRows) cells(num int, _ rowStyles, out []newCell) []newCell {
	if num == g.sh.HeaderRow {
		for k, h := range g.heads {
			out = append(out, newCell{g.cols[k], textCell(nil, g.cols[k], num, g.st.header, h)})
		}
	} else if i, ok := g.student[num]; ok {
		nc := len(g.rep.Categories)
		s := &g.rep.Students[i]
		for k, v := range studentValues(s, nc) {
			c := g.cols[k]
			if f := g.fp.formula(k, num); f != "" && s.Error == "" {
				out = append(out, newCell{c, formulaCell(c, num, g.st.percent, f, v)})
				continue
			}
			switch {
			case v.isText && v.text != "":
				out = append(out, newCell{c, textCell(nil, c, num, 0, v.text)})
			case v.isText:
			case v.num == nil:
				// A blank percent keeps its format, as SetCellStyle would.
				out = append(out, newCell{c, emptyCellXML(c, num, g.st.percent)})
			default:
				out = append(out, newCell{c, fmt.Appendf(nil, `<c r="%s" s="%d"><v>%s</v></c>`, cellName(c, num), g.st.percent, numberText(v.num))})
			}
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a].col < out[b].col })
	return out
}

// emptyCellXML is a cell without a value, in a style (0: none).
func emptyCellXML(col, row, style int) []byte {
	if style == 0 {
		return fmt.Appendf(nil, `<c r="%s"/>`, cellName(col, row))
	}
	return fmt.Appendf(nil, `<c r="%s" s="%d"/>`, cellName(col, row), style)
}

// formulaCell is a formula with the engine's value cached: a number, or
// text (a letter; "" for an empty category or no final).
func formulaCell(col, row, percentStyle int, formula string, v resultValue) []byte {
	b := fmt.Appendf(nil, `<c r="%s"`, cellName(col, row))
	switch {
	case v.isText:
		b = append(b, ` t="str"><f>`...)
	case v.num == nil:
		b = fmt.Appendf(b, ` s="%d" t="str"><f>`, percentStyle)
	default:
		b = fmt.Appendf(b, ` s="%d"><f>`, percentStyle)
	}
	b = append(b, escapeText(formula)...)
	b = append(b, `</f><v>`...)
	if v.isText {
		b = append(b, escapeText(v.text)...)
	} else if v.num != nil {
		b = append(b, numberText(v.num)...)
	}
	return append(b, `</v></c>`...)
}

// textCell is an inline-string cell: no shared string table to rewrite.
func textCell(b []byte, col, row, style int, text string) []byte {
	b = append(b, `<c r="`...)
	b = append(b, cellName(col, row)...)
	b = append(b, '"')
	if style != 0 {
		b = fmt.Appendf(b, ` s="%d"`, style)
	}
	b = append(b, ` t="inlineStr"><is>`...)
	b = appendT(b, text)
	return append(b, `</is></c>`...)
}

// appendT appends a <t> element, preserving leading and trailing spaces
// (the Explain sheet indents).
func appendT(b []byte, text string) []byte {
	if strings.TrimSpace(text) != text {
		b = append(b, `<t xml:space="preserve">`...)
	} else {
		b = append(b, `<t>`...)
	}
	b = append(b, escapeText(text)...)
	return append(b, `</t>`...)
}

// editRow writes a row with its new cells in place: an old cell in a new
// cell's column is replaced, the others go as edit.clear says.
func (sp *sheetPlan) editRow(out, row []byte, pr parsedRow) []byte {
	fresh := sp.edit.cells(pr.num, rowStyles{row, pr.open, pr.cells, sp.colStyles}, nil)
	changed := len(fresh) > 0
	for _, c := range pr.cells {
		changed = changed || sp.edit.clear(c.col, pr.num) != keepCell
	}
	if !changed {
		return append(out, row...)
	}
	tag := row[:pr.open]
	if pr.self {
		tag = append(bytes.TrimRight(tag[:len(tag)-2], " \t\r\n"), '>')
	}
	// spans is a hint of the row's first and last column; kept true.
	if _, ok := attr(tag, "spans"); ok {
		lo, hi := 0, 0
		for _, c := range pr.cells {
			if sp.kept(row, c, pr.num, fresh) != nil {
				lo, hi = minNonZero(lo, c.col), max(hi, c.col)
			}
		}
		for _, c := range fresh {
			lo, hi = minNonZero(lo, c.col), max(hi, c.col)
		}
		if lo > 0 {
			tag = setAttr(tag, "spans", fmt.Sprintf("%d:%d", lo, hi))
		}
	}
	out = append(out, tag...)
	k := 0
	for _, c := range pr.cells {
		for k < len(fresh) && fresh[k].col < c.col {
			out = append(out, fresh[k].xml...)
			k++
		}
		out = append(out, sp.kept(row, c, pr.num, fresh)...)
	}
	for ; k < len(fresh); k++ {
		out = append(out, fresh[k].xml...)
	}
	for _, o := range pr.other {
		out = append(out, row[o.start:o.end]...)
	}
	return append(out, "</row>"...)
}

// kept is what stays of an old cell of row num: itself, nothing (a new
// cell replaces it, or it is dropped) or, emptied, the cell without its
// value, in its own style.
func (sp *sheetPlan) kept(row []byte, c rowCell, num int, fresh []newCell) []byte {
	for _, f := range fresh {
		if f.col == c.col {
			return nil
		}
	}
	switch sp.edit.clear(c.col, num) {
	case dropCell:
		return nil
	case emptyCell:
		if s, ok := attrBytes(row[c.start:c.open], "s"); ok {
			if n, ok := atoi(s); ok && n != 0 {
				return emptyCellXML(c.col, num, n)
			}
		}
		return nil
	}
	return row[c.start:c.end]
}

func minNonZero(a, b int) int {
	if a == 0 {
		return b
	}
	return min(a, b)
}

// topElements lists the elements that follow one another from i, at one
// level, stopping at an end tag of the enclosing element or an element
// whose end is not in b (sheetData in a head).
func topElements(b []byte, i int) []element {
	var out []element
	for {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 || i+k+1 >= len(b) || b[i+k+1] == '/' {
			return out
		}
		el, ok := nextElement(b, i)
		if !ok {
			return out
		}
		out = append(out, el)
		i = el.end
	}
}

// rootContent returns the index just past the root element's start tag.
func rootContent(b []byte) int {
	for i := 0; ; {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 {
			return -1
		}
		i += k
		e := tagEnd(b, i)
		if e < 0 {
			return -1
		}
		if b[i+1] != '?' && b[i+1] != '!' {
			return e
		}
		i = e
	}
}

// editHead updates <dimension> to cover the new cells and gives their
// columns their widths in <cols>.
func (sp *sheetPlan) editHead(head []byte) []byte {
	start := rootContent(head)
	if start < 0 {
		return head
	}
	els := topElements(head, start)
	var out []byte
	last := 0
	colsDone := false
	for _, el := range els {
		switch el.name {
		case "dimension":
			tag := head[el.start:el.open]
			ref, _ := attr(tag, "ref")
			if r, ok := parseRange(ref); ok {
				a := sp.area
				r = rect{min(r.c1, a.c1), min(r.r1, a.r1), max(r.c2, a.c2), max(r.r2, a.r2)}
				out = append(out, head[last:el.start]...)
				out = append(out, setAttr(tag, "ref", cellName(r.c1, r.r1)+":"+cellName(r.c2, r.r2))...)
				last = el.open // an end tag, if any, stays
			}
		case "cols":
			kids := children(head, el)
			for _, c := range kids {
				tag := head[c.start:c.open]
				lo, ok1 := atoi(attrOr(tag, "min"))
				hi, ok2 := atoi(attrOr(tag, "max"))
				st, ok3 := atoi(attrOr(tag, "style"))
				if ok1 && ok2 && ok3 && st != 0 {
					sp.colStyles = append(sp.colStyles, colStyle{lo, hi, st})
				}
			}
			out = append(out, head[last:el.start]...)
			out = sp.appendCols(out, head, kids)
			last = el.end
			colsDone = true
		}
	}
	if !colsDone {
		// <cols> comes just before <sheetData>, which ends the head.
		sd := bytes.LastIndex(head, []byte("<sheetData"))
		out = append(out, head[last:sd]...)
		out = sp.appendCols(out, head, nil)
		last = sd
	}
	return append(out, head[last:]...)
}

// appendCols writes <cols> with each existing <col> range cut around the
// new cells' columns, which get their own widths.
func (sp *sheetPlan) appendCols(out, head []byte, cols []element) []byte {
	type colEl struct {
		min int
		xml []byte
	}
	width := map[int]string{}
	for _, w := range sp.widths {
		width[w.col] = w.width
	}
	done := map[int]bool{}
	var all []colEl
	for _, el := range cols {
		tag := head[el.start:el.end]
		a, _ := attr(tag, "min")
		b, _ := attr(tag, "max")
		lo, err1 := strconv.Atoi(a)
		hi, err2 := strconv.Atoi(b)
		if err1 != nil || err2 != nil {
			all = append(all, colEl{0, tag})
			continue
		}
		for s := lo; s <= hi; {
			if w := width[s]; w != "" {
				// A new cells' column keeps the range's other attributes
				// (its style, say), as excelize's SetColWidth does.
				if !done[s] {
					piece := setAttr(setAttr(tag, "min", strconv.Itoa(s)), "max", strconv.Itoa(s))
					all = append(all, colEl{s, setAttr(setAttr(piece, "width", w), "customWidth", "1")})
					done[s] = true
				}
				s++
				continue
			}
			e := s
			for e < hi && width[e+1] == "" {
				e++
			}
			piece := tag
			if s != lo || e != hi {
				piece = setAttr(setAttr(tag, "min", strconv.Itoa(s)), "max", strconv.Itoa(e))
			}
			all = append(all, colEl{s, piece})
			s = e + 1
		}
	}
	for _, w := range sp.widths {
		if !done[w.col] {
			all = append(all, colEl{w.col, fmt.Appendf(nil, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, w.col, w.col, w.width)})
		}
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].min < all[b].min })
	out = append(out, "<cols>"...)
	for _, c := range all {
		out = append(out, c.xml...)
	}
	return append(out, "</cols>"...)
}

// afterCF are the worksheet elements that come after conditionalFormatting
// (ECMA-376 CT_Worksheet), before which a new one is inserted.
var afterCF = map[string]bool{"dataValidations": true, "hyperlinks": true, "printOptions": true, "pageMargins": true,
	"pageSetup": true, "headerFooter": true, "rowBreaks": true, "colBreaks": true, "customProperties": true,
	"cellWatches": true, "ignoredErrors": true, "smartTags": true, "drawing": true, "legacyDrawing": true,
	"legacyDrawingHF": true, "drawingHF": true, "picture": true, "oleObjects": true, "controls": true,
	"webPublishItems": true, "tableParts": true, "extLst": true}

// editTail replaces the conditional formats on a gradebook's result
// columns (an earlier fill's letter fills) with this fill's. The Incidents
// sheet's tail is copied: its results have no formats.
func (sp *sheetPlan) editTail(tail []byte) []byte {
	lp := sp.letters
	k := bytes.IndexByte(tail, '>') // past </sheetData>
	if k < 0 || lp == nil {
		return tail
	}
	els := topElements(tail, k+1)
	var out []byte
	last, at, priority := 0, -1, 0
	for _, el := range els {
		if el.name != "conditionalFormatting" {
			continue
		}
		ref, _ := attr(tail[el.start:el.open], "sqref")
		if rs, ok := sqrefRects(ref); ok && len(rs) > 0 && lp.inResultCols(rs) {
			out = append(out, tail[last:el.start]...)
			last = el.end
			if at < 0 {
				at = len(out)
			}
			continue
		}
		for _, rule := range children(tail, el) {
			if p, err := strconv.Atoi(attrOr(tail[rule.start:rule.open], "priority")); err == nil {
				priority = max(priority, p)
			}
		}
	}
	out = append(out, tail[last:]...)
	if lp.col == 0 {
		return out
	}
	if at < 0 {
		at = bytes.LastIndex(out, []byte("</worksheet>"))
		lastCF := -1
		for _, el := range topElements(out, k+1) {
			if el.name == "conditionalFormatting" {
				lastCF = el.end
			} else if afterCF[el.name] && lastCF < 0 {
				at = el.start
				break
			}
		}
		if lastCF >= 0 {
			at = lastCF
		}
	}
	if at < 0 {
		return out
	}
	letter := colName(lp.col)
	first, lastRow := lp.first, lp.last
	var cf []byte
	cf = fmt.Appendf(cf, `<conditionalFormatting sqref="%s%d:%s%d">`, letter, first, letter, lastRow)
	for i, l := range letterOrder {
		cf = fmt.Appendf(cf, `<cfRule type="beginsWith" dxfId="%d" priority="%d" operator="beginsWith" text="%s"><formula>LEFT(%s%d,LEN(&quot;%s&quot;))=&quot;%s&quot;</formula></cfRule>`,
			lp.dxf[i], priority+i+1, l, letter, first, l, l)
	}
	cf = append(cf, "</conditionalFormatting>"...)
	res := make([]byte, 0, len(out)+len(cf))
	res = append(res, out[:at]...)
	res = append(res, cf...)
	return append(res, out[at:]...)
}

func attrOr(tag []byte, name string) string {
	v, _ := attr(tag, name)
	return v
}

// inResultCols reports whether every range lies within one result column.
func (lp *letterPlan) inResultCols(rs []rect) bool {
	for _, r := range rs {
		if r.c1 != r.c2 || !lp.results[r.c1] {
			return false
		}
	}
	return true
}

// letterOrder are the first characters of letters that get a fill.
var letterOrder = []string{"A", "B", "C", "D", "F"}

// addResultStyles adds the results' cell styles and the letters'
// differential formats to styles.xml, reusing any identical one (from an
// earlier fill), and returns their ids.
func addResultStyles(doc []byte) (*styles, []byte, error) {
	st := &styles{}
	root := rootContent(doc)
	if root < 0 {
		return nil, nil, fmt.Errorf("%w: styles.xml", errCannotStream)
	}
	find := func(name string) (element, bool) {
		for _, el := range topElements(doc, root) {
			if el.name == name {
				return el, true
			}
		}
		return element{}, false
	}
	fonts, ok := find("fonts")
	if !ok {
		return nil, nil, fmt.Errorf("%w: styles.xml has no fonts", errCannotStream)
	}
	kids := children(doc, fonts)
	if len(kids) == 0 {
		return nil, nil, fmt.Errorf("%w: styles.xml has no fonts", errCannotStream)
	}
	// The results' fonts are the workbook's default font, bold (and for
	// titles 14 points), so they look like the rest of the book.
	base := doc[kids[0].start:kids[0].end]
	bold := boldFont(base, "")
	title := boldFont(base, "14")
	var err error
	var boldID, titleID int
	if doc, boldID, err = addChild(doc, "fonts", bold); err != nil {
		return nil, nil, err
	}
	if doc, titleID, err = addChild(doc, "fonts", title); err != nil {
		return nil, nil, err
	}
	xfs := []struct {
		id  *int
		xml string
	}{
		{&st.header, fmt.Sprintf(`<xf numFmtId="0" fontId="%d" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>`, boldID)},
		// 0.00: percents and finals are exact in the cell; two places is
		// what families see.
		{&st.percent, `<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`},
		{&st.title, fmt.Sprintf(`<xf numFmtId="0" fontId="%d" fillId="0" borderId="0" xfId="0" applyFont="1"/>`, titleID)},
	}
	for _, x := range xfs {
		if doc, *x.id, err = addChild(doc, "cellXfs", []byte(x.xml)); err != nil {
			return nil, nil, err
		}
	}
	colors := letterColors()
	st.letterDxf = make([]int, len(letterOrder))
	for i, l := range letterOrder {
		dxf := fmt.Sprintf(`<dxf><fill><patternFill patternType="solid"><fgColor rgb="FF%s"/><bgColor rgb="FF%s"/></patternFill></fill></dxf>`, colors[l], colors[l])
		if doc, st.letterDxf[i], err = addChild(doc, "dxfs", []byte(dxf)); err != nil {
			return nil, nil, err
		}
	}
	return st, doc, nil
}

// boldFont is font with <b/> and, when size is set, that size.
func boldFont(font []byte, size string) []byte {
	open := tagEnd(font, 0)
	var body []byte
	if !selfClosing(font, open) {
		body = font[open : len(font)-len("</font>")]
	}
	var out []byte
	out = append(out, "<font><b/>"...)
	if size != "" {
		out = fmt.Appendf(out, `<sz val="%s"/>`, size)
	}
	for _, el := range topElements(body, 0) {
		if el.name == "b" || size != "" && el.name == "sz" {
			continue
		}
		out = append(out, body[el.start:el.end]...)
	}
	return append(out, "</font>"...)
}

// addChild returns the index of a child of the root's element parent
// byte-identical to child, adding it (and keeping count right) when there
// is none. A missing dxfs is created where the schema puts it.
func addChild(doc []byte, parent string, child []byte) ([]byte, int, error) {
	root := rootContent(doc)
	var pe element
	found := false
	var prev element
	for _, el := range topElements(doc, root) {
		if el.name == parent {
			pe, found = el, true
			break
		}
		if el.name == "cellXfs" || el.name == "cellStyles" {
			prev = el
		}
	}
	if !found {
		if parent != "dxfs" || prev.name == "" {
			return nil, 0, fmt.Errorf("%w: styles.xml has no %s", errCannotStream, parent)
		}
		s := fmt.Sprintf(`<dxfs count="1">%s</dxfs>`, child)
		out := append(append(append([]byte{}, doc[:prev.end]...), s...), doc[prev.end:]...)
		return out, 0, nil
	}
	kids := children(doc, pe)
	for i, k := range kids {
		if bytes.Equal(doc[k.start:k.end], child) {
			return doc, i, nil
		}
	}
	tag := doc[pe.start:pe.open]
	var out []byte
	if pe.open == pe.end {
		// <dxfs count="0"/>
		tag = append(bytes.TrimRight(tag[:len(tag)-2], " \t\r\n"), '>')
		out = append(out, doc[:pe.start]...)
		out = append(out, setAttr(tag, "count", strconv.Itoa(len(kids)+1))...)
		out = append(out, child...)
		out = append(out, "</"+parent+">"...)
		return append(out, doc[pe.end:]...), len(kids), nil
	}
	if _, ok := attr(tag, "count"); ok {
		tag = setAttr(tag, "count", strconv.Itoa(len(kids)+1))
	}
	endTag := pe.end - len("</"+parent+">")
	out = append(out, doc[:pe.start]...)
	out = append(out, tag...)
	out = append(out, doc[pe.open:endTag]...)
	out = append(out, child...)
	out = append(out, doc[endTag:]...)
	return out, len(kids), nil
}

// sheetWriter writes a small sheet of inline strings: the Norms and
// Explain sheets.
type sheetWriter struct {
	w   *bufio.Writer
	row int
	buf []byte
}

// newSheetWriter starts a sheet of rows rows and len(widths) columns.
func newSheetWriter(out io.Writer, rows int, widths ...float64) *sheetWriter {
	sw := &sheetWriter{w: bufio.NewWriter(out)}
	sw.w.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	sw.w.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="` + relNS + `">`)
	fmt.Fprintf(sw.w, `<dimension ref="A1:%s"/>`, cellName(len(widths), max(rows, 1)))
	sw.w.WriteString(`<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="15"/><cols>`)
	for i, wd := range widths {
		fmt.Fprintf(sw.w, `<col min="%d" max="%d" width="%g" customWidth="1"/>`, i+1, i+1, wd)
	}
	sw.w.WriteString(`</cols><sheetData>`)
	return sw
}

// cell is one text cell of a sheetWriter row, with its style id.
type cell struct {
	text  string
	style int
}

// put writes row r (after the rows written so far) with its text cells.
func (sw *sheetWriter) put(r int, cells ...cell) {
	sw.buf = fmt.Appendf(sw.buf[:0], `<row r="%d">`, r)
	for c, v := range cells {
		if v.text != "" {
			sw.buf = textCell(sw.buf, c+1, r, v.style, v.text)
		}
	}
	sw.buf = append(sw.buf, "</row>"...)
	sw.w.Write(sw.buf)
}

func (sw *sheetWriter) close() error {
	sw.w.WriteString(`</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	return sw.w.Flush()
}

// writeNormsXML writes the Norms sheet (the same content as
// writeNormsSheet writes through excelize).
func (w *Workbook) writeNormsXML(out io.Writer, p *engine.Program, opts FillOptions, st *styles) {
	facts, words := w.normsFacts(p, opts), p.Norms().InWords()
	sw := newSheetWriter(out, 3+len(facts)+1+len(words), 24, 70)
	sw.put(1, cell{normsMarker, st.title})
	r := 3
	for _, kv := range facts {
		sw.put(r, cell{kv[0], st.header}, cell{kv[1], 0})
		r++
	}
	r++
	sw.put(r, cell{"The norms in words", st.header})
	r++
	for _, line := range words {
		sw.put(r, cell{line, 0})
		r++
	}
	sw.close()
}

// writeExplainXML writes the Explain sheet, one line of explanation a row.
func (w *Workbook) writeExplainXML(out io.Writer, plan *streamPlan) error {
	type student struct {
		head  string
		lines []string
	}
	var all []student
	rows := 2
	for _, sh := range w.Sheets {
		// One plan for the whole sheet, not one per student.
		exs, ds := plan.p.ExplainAll(sh.Book)
		for i, s := range sh.Book.Students {
			text := "could not explain: " + ds.Error()
			if !ds.HasErrors() && i < len(exs) {
				text = exs[i].Text()
			}
			st := student{fmt.Sprintf("%s (%s), %s", s.Name, s.ID, sh.Name), strings.Split(strings.TrimRight(text, "\n"), "\n")}
			rows += 2 + len(st.lines)
			all = append(all, st)
		}
	}
	sw := newSheetWriter(out, rows-1, 100)
	sw.put(1, cell{explainMarker, plan.st.title})
	r := 3
	for _, st := range all {
		sw.put(r, cell{st.head, plan.st.header})
		r++
		for _, line := range st.lines {
			sw.put(r, cell{line, 0})
			r++
		}
		r++
	}
	return sw.close()
}

// streamable reports whether err means "use the excelize path".
func streamable(err error) bool { return !errors.Is(err, errCannotStream) }
