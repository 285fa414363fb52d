//go:build !noexcelize

package xlsx

import (
	"bytes"
	"fmt"
	"io"
	"strings"

	"github.com/teamnorms/norms/engine"
	"github.com/xuri/excelize/v2"
)

// The excelize fill path: what Fill does through excelize's ordinary API
// when the streaming path (stream.go) cannot handle a workbook, and the
// parts of the team's template (template.go) that only excelize writes.
// The browser module (-tags noexcelize, wasm/) links none of it:
// noexcelize.go says there what to do instead.

// excelState is the workbook opened with excelize, on first need.
type excelState struct {
	f   *excelize.File
	err error
}

// maxXMLInMemory is the size of a worksheet's XML past which excelize
// unpacks it to a temporary file rather than memory.
const maxXMLInMemory = 16 << 20

// excel opens the workbook with excelize, once, under the zip-bomb limit
// Open was given. Open has read the package already, so an error here is
// excelize's own refusal.
func (w *Workbook) excel() (*excelize.File, error) {
	if w.ex.f == nil && w.ex.err == nil {
		data := w.data
		if w.pkg.styles == "" {
			// excelize assumes a stylesheet (NewStyle dereferences its
			// parts), and reads it from xl/styles.xml whatever the
			// relationships say: it is given the one Excel assumes.
			var part string
			var err error
			if data, part, err = w.pkg.withStyles(); err == nil && part != "xl/styles.xml" {
				err = fmt.Errorf("its styles part %s is missing", part)
			}
			if err != nil {
				w.ex.err = fmt.Errorf("this workbook cannot be opened to be written: %v; open it in Excel and save it again as .xlsx", err)
				return nil, w.ex.err
			}
		}
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
			UnzipSizeLimit:    w.limit,
			UnzipXMLSizeLimit: min(w.limit, maxXMLInMemory),
		})
		if err != nil {
			w.ex.err = fmt.Errorf("this workbook cannot be opened to be written: %v; open it in Excel and save it again as .xlsx", err)
		} else {
			w.ex.f = f
		}
	}
	return w.ex.f, w.ex.err
}

// writeExcel saves the workbook through excelize (a fill that did not
// stream, or the template).
func (w *Workbook) writeExcel(out io.Writer) error {
	f, err := w.excel()
	if err != nil {
		return err
	}
	return f.Write(out)
}

// closeExcel releases excelize's temporary files, when it was opened.
func (w *Workbook) closeExcel() error {
	if w.ex.f == nil {
		return nil
	}
	return w.ex.f.Close()
}

// calcFormula computes a formula cell that has no stored value (a
// workbook written by a program that does not calculate) with excelize's
// calculator.
func (w *Workbook) calcFormula(sheet, cell string) (string, error) {
	f, err := w.excel()
	if err != nil {
		return "", err
	}
	formula, _ := f.GetCellFormula(sheet, cell)
	v, err := f.CalcCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	if err != nil {
		return "", fmt.Errorf("the formula =%s cannot be calculated (%v); open the workbook in Excel and save it, so the value is stored", formula, err)
	}
	return v, nil
}

// fillExcelize is the rest of Fill on the excelize path: the workbook is
// opened with excelize (only now: reading never needs it) and every
// sheet's results, the Norms and Explain sheets and the Incidents sheet's
// consequences are written through its API.
func (w *Workbook) fillExcelize(p *engine.Program, opts FillOptions, reports []*engine.Report, ds engine.Diagnostics) ([]*engine.Report, engine.Diagnostics) {
	if _, err := w.excel(); err != nil {
		return nil, append(ds, w.diag("xlsx/format", "", "%v", err))
	}
	// A stylesheet without one of these makes excelize's NewStyle panic.
	if lack, err := w.pkg.stylesLack(); err != nil || lack != "" {
		if err == nil {
			err = fmt.Errorf("its styles part %s has no <%s>", w.pkg.styles, lack)
		}
		return nil, append(ds, w.diag("xlsx/format", "", "this workbook cannot be written: %v; open it in Excel and save it again as .xlsx", err))
	}
	st, err := w.newStyles()
	if err != nil {
		return nil, append(ds, w.diag("xlsx/write", "", "cannot add the result styles: %v", err))
	}
	if opts.Formulas {
		// excelize types every formula's cached value as text: asking for
		// a calculation on load keeps numbers numbers.
		yes := true
		if err := w.ex.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &yes}); err != nil {
			return nil, append(ds, w.diag("xlsx/write", "", "cannot ask for a calculation on load: %v", err))
		}
	}
	for i, sh := range w.Sheets {
		if err := w.fillSheet(sh, reports[i], st, w.formulas[i]); err != nil {
			return nil, append(ds, w.diag("xlsx/write", quoteSheet(sh.Name), "cannot write the results: %v", err))
		}
	}
	if w.conduct != nil {
		if err := w.fillIncidents(w.incidents, w.conduct, st); err != nil {
			return nil, append(ds, w.diag("xlsx/write", quoteSheet(w.incidents.Name), "cannot write the conduct results: %v", err))
		}
	}
	if err := w.writeNormsSheet(p, opts, st); err != nil {
		return nil, append(ds, w.diag("xlsx/write", normsSheet, "cannot write the Norms sheet: %v", err))
	}
	if opts.Explain {
		if err := w.writeExplainSheet(p, st); err != nil {
			return nil, append(ds, w.diag("xlsx/write", explainSheet, "cannot write the Explain sheet: %v", err))
		}
	}
	return reports, ds
}

func (w *Workbook) newStyles() (*styles, error) {
	var st styles
	var err error
	if st.header, err = w.ex.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return nil, err
	}
	// 0.00: percents and finals are exact in the cell; two places is what
	// families see (the Explain sheet and norms explain give every digit).
	if st.percent, err = w.ex.f.NewStyle(&excelize.Style{NumFmt: 2}); err != nil {
		return nil, err
	}
	if st.title, err = w.ex.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}); err != nil {
		return nil, err
	}
	st.letterColor = letterColors()
	return &st, nil
}

// fillSheet writes one sheet's result columns.
func (w *Workbook) fillSheet(sh *Sheet, rep *engine.Report, st *styles, fp *formulaPlan) error {
	f, name := w.ex.f, sh.Name
	heads := resultHeaders(rep)
	cols, unused := resultColumns(sh, heads)
	lastRow := sh.HeaderRow
	for _, r := range sh.StudentRows {
		lastRow = max(lastRow, r)
	}
	// A result column no longer produced (a category renamed in the norms)
	// is emptied, not left with stale grades.
	for _, c := range unused {
		for r := sh.HeaderRow; r <= lastRow; r++ {
			if err := f.SetCellValue(name, cellName(c, r), nil); err != nil {
				return err
			}
		}
	}
	for k, h := range heads {
		cell := cellName(cols[k], sh.HeaderRow)
		if err := setStyledText(f, name, cell, h, st.header); err != nil {
			return err
		}
	}
	nc := len(rep.Categories)
	for i := range rep.Students {
		if w.progress != nil {
			w.progress(1)
		}
		row := sh.StudentRows[i]
		for k, v := range studentValues(&rep.Students[i], nc) {
			cell := cellName(cols[k], row)
			var err error
			style := 0
			formula := ""
			if rep.Students[i].Error == "" {
				formula = fp.formula(k, row)
			}
			switch {
			case formula != "" && !v.isText:
				// The engine's value, then the formula over it.
				style = st.percent
				if v.num != nil {
					err = setNumber(f, name, cell, v.num)
				} else {
					err = f.SetCellValue(name, cell, nil)
				}
				if err == nil {
					err = f.SetCellFormula(name, cell, formula)
				}
			case formula != "":
				// excelize cannot cache a formula's text (it would cache
				// the shared string's index): the letter is left to the
				// calculation on load that Fill asks for.
				if err = f.SetCellValue(name, cell, nil); err == nil {
					err = f.SetCellFormula(name, cell, formula)
				}
			case v.isText && v.text != "":
				err = f.SetCellStr(name, cell, v.text)
			case v.isText:
				err = f.SetCellValue(name, cell, nil)
			case v.num == nil:
				err, style = f.SetCellValue(name, cell, nil), st.percent
			default:
				err, style = setNumber(f, name, cell, v.num), st.percent
			}
			if err == nil {
				err = f.SetCellStyle(name, cell, cell, style)
			}
			if err != nil {
				return err
			}
		}
	}
	for k := range heads {
		width := 14.0
		if k == len(heads)-1 {
			width = 30 // flags are words
		}
		if err := f.SetColWidth(name, colName(cols[k]), colName(cols[k]), width); err != nil {
			return err
		}
	}
	if len(sh.StudentRows) > 0 {
		return w.letterFormats(sh, cols[nc+1], sh.StudentRows[0], sh.StudentRows[len(sh.StudentRows)-1], st)
	}
	return nil
}

// letterFormats gives the letter column a fill per letter. A previous
// fill's rules on that column are replaced, reusing their formats, so that
// filling again adds nothing. The rule covers rows first to last.
func (w *Workbook) letterFormats(sh *Sheet, col, first, last int, st *styles) error {
	f, name := w.ex.f, sh.Name
	letter := colName(col)
	rangeRef := fmt.Sprintf("%s%d:%s%d", letter, first, letter, last)
	existing, err := f.GetConditionalFormats(name)
	if err != nil {
		return err
	}
	formats := map[string]int{}
	for ref, rules := range existing {
		if !inColumn(ref, letter) {
			continue
		}
		for _, r := range rules {
			if r.Type == "text" && r.Criteria == "begins with" && r.Format != nil {
				formats[r.Value] = *r.Format
			}
		}
		if err := f.UnsetConditionalFormat(name, ref); err != nil {
			return err
		}
	}
	var rules []excelize.ConditionalFormatOptions
	for _, l := range []string{"A", "B", "C", "D", "F"} {
		id, ok := formats[l]
		if !ok {
			if id, err = f.NewConditionalStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{st.letterColor[l]}}}); err != nil {
				return err
			}
		}
		rules = append(rules, excelize.ConditionalFormatOptions{Type: "text", Criteria: "begins with", Value: l, Format: &id})
	}
	return f.SetConditionalFormat(name, rangeRef, rules)
}

// inColumn reports whether every range of a space-separated sqref lies in
// one column.
func inColumn(sqref, col string) bool {
	for _, part := range strings.Fields(sqref) {
		for _, cell := range strings.Split(part, ":") {
			c, _, err := excelize.SplitCellName(cell)
			if err != nil || c != col {
				return false
			}
		}
	}
	return sqref != ""
}

// ownSheet returns a Norms-owned sheet emptied, creating it when missing.
func (w *Workbook) ownSheet(name string) error {
	f := w.ex.f
	if idx, err := f.GetSheetIndex(name); err == nil && idx >= 0 {
		rows, err := f.GetRows(name)
		if err != nil {
			return err
		}
		for r, row := range rows {
			for c, v := range row {
				if v != "" {
					if err := f.SetCellValue(name, cellName(c+1, r+1), nil); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	_, err := f.NewSheet(name)
	return err
}

// writeNormsSheet writes which norms graded the workbook, and the norms in
// words, so a printed or shared workbook says how its grades were made.
func (w *Workbook) writeNormsSheet(p *engine.Program, opts FillOptions, st *styles) error {
	f := w.ex.f
	if err := w.ownSheet(normsSheet); err != nil {
		return err
	}
	n := p.Norms()
	rows := w.normsFacts(p, opts)
	if err := setStyledText(f, normsSheet, "A1", normsMarker, st.title); err != nil {
		return err
	}
	r := 3
	for _, kv := range rows {
		if err := setStyledText(f, normsSheet, cellName(1, r), kv[0], st.header); err != nil {
			return err
		}
		if err := f.SetCellStr(normsSheet, cellName(2, r), kv[1]); err != nil {
			return err
		}
		r++
	}
	r++
	if err := setStyledText(f, normsSheet, cellName(1, r), "The norms in words", st.header); err != nil {
		return err
	}
	r++
	for _, line := range n.InWords() {
		if err := f.SetCellStr(normsSheet, cellName(1, r), line); err != nil {
			return err
		}
		r++
	}
	if err := f.SetColWidth(normsSheet, "A", "A", 24); err != nil {
		return err
	}
	return f.SetColWidth(normsSheet, "B", "B", 70)
}

// writeExplainSheet writes every student's explanation, one line a row.
func (w *Workbook) writeExplainSheet(p *engine.Program, st *styles) error {
	f := w.ex.f
	if err := w.ownSheet(explainSheet); err != nil {
		return err
	}
	if err := setStyledText(f, explainSheet, "A1", explainMarker, st.title); err != nil {
		return err
	}
	r := 3
	for _, sh := range w.Sheets {
		// One plan for the whole sheet, not one per student.
		exs, eds := p.ExplainAll(sh.Book)
		for i, s := range sh.Book.Students {
			head := fmt.Sprintf("%s (%s), %s", s.Name, s.ID, sh.Name)
			if err := setStyledText(f, explainSheet, cellName(1, r), head, st.header); err != nil {
				return err
			}
			r++
			text := "could not explain: " + eds.Error()
			if !eds.HasErrors() && i < len(exs) {
				text = exs[i].Text()
			}
			for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
				if err := f.SetCellStr(explainSheet, cellName(1, r), line); err != nil {
					return err
				}
				r++
			}
			r++
		}
	}
	return f.SetColWidth(explainSheet, "A", "A", 100)
}

// fillIncidents writes each incident's occurrence and consequence beside
// it, in the columns headed Norms: # and Norms: Consequence (found by
// header and replaced, so filling twice is filling once).
func (w *Workbook) fillIncidents(is *IncidentSheet, rep *engine.ConductReport, st *styles) error {
	f, name := w.ex.f, is.Name
	cols := incidentColumns(is)
	// Old results go first: an incident deleted since the last fill must
	// not keep its consequence on the row that now holds another.
	rows, err := f.GetRows(name)
	if err != nil {
		return err
	}
	for _, c := range is.resultCols {
		for r := is.HeaderRow + 1; r <= len(rows); r++ {
			if err := f.SetCellValue(name, cellName(c, r), nil); err != nil {
				return err
			}
		}
	}
	for k, h := range []string{occurrenceHead, consequenceHead} {
		cell := cellName(cols[k], is.HeaderRow)
		if err := setStyledText(f, name, cell, h, st.header); err != nil {
			return err
		}
	}
	for i := range rep.Incidents {
		r := &rep.Incidents[i]
		if r.Row < 1 || r.Row > len(is.Rows) {
			continue
		}
		row := is.Rows[r.Row-1]
		occ, cons := conductValues(r)
		if err := f.SetCellValue(name, cellName(cols[0], row), occ); err != nil {
			return err
		}
		if err := f.SetCellStr(name, cellName(cols[1], row), cons); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(name, colName(cols[0]), colName(cols[0]), 10); err != nil {
		return err
	}
	return f.SetColWidth(name, colName(cols[1]), colName(cols[1]), 40)
}

// templateLayout writes the Gradebook sheet's header, Category and Points
// Possible rows.
func templateLayout(p *engine.Program, opts TemplateOptions) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const name = "Gradebook"
	if err := f.SetSheetName("Sheet1", name); err != nil {
		return nil, err
	}
	set := func(col, row int, v any) error { return f.SetCellValue(name, cellName(col, row), v) }
	for _, c := range []struct {
		col, row int
		v        any
	}{{1, 1, "Student"}, {2, 1, "ID"}, {1, 2, "Category"}, {1, 3, "Points Possible"}} {
		if err := set(c.col, c.row, c.v); err != nil {
			return nil, err
		}
	}
	col := 3
	for ci, c := range p.Norms().Grading.Categories {
		possible := templatePossible[min(ci, len(templatePossible)-1)]
		for k := 1; k <= opts.Assignments; k++ {
			for row, v := range []any{fmt.Sprintf("%s %d", c.Name, k), c.Name, possible} {
				if err := set(col, row+1, v); err != nil {
					return nil, err
				}
			}
			col++
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeTemplate writes the result headers and formulas on rows first to
// last, the score validation, the letter colours and the Norms sheet.
func (w *Workbook) writeTemplate(p *engine.Program, opts TemplateOptions, sh *Sheet, heads []string, cols []int, fp *formulaPlan, first, last int) error {
	f, err := w.excel()
	if err != nil {
		return err
	}
	name := sh.Name
	st, err := w.newStyles()
	if err != nil {
		return err
	}
	nc := len(heads) - 3
	for k, h := range heads {
		cell := cellName(cols[k], sh.HeaderRow)
		if err := setStyledText(f, name, cell, h, st.header); err != nil {
			return err
		}
		width := 14.0
		if k == len(heads)-1 {
			width = 30
		}
		if err := f.SetColWidth(name, colName(cols[k]), colName(cols[k]), width); err != nil {
			return err
		}
		if fp.formula(k, first) == "" {
			continue
		}
		for row := first; row <= last; row++ {
			cell := cellName(cols[k], row)
			if err := f.SetCellFormula(name, cell, fp.formula(k, row)); err != nil {
				return err
			}
			if k != nc+1 {
				if err := f.SetCellStyle(name, cell, cell, st.percent); err != nil {
					return err
				}
			}
		}
	}
	if err := f.SetColWidth(name, "A", "A", 24); err != nil {
		return err
	}
	for _, row := range []int{1, 2, 3} {
		if err := f.SetCellStyle(name, cellName(1, row), cellName(1, row), st.header); err != nil {
			return err
		}
	}
	if err := f.SetPanes(name, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: sh.possibleRow,
		TopLeftCell: cellName(3, first), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if len(sh.assignCols) > 0 {
		if err := f.AddDataValidation(name, scoreValidation(sh, first, last)); err != nil {
			return err
		}
	}
	if err := w.letterFormats(sh, cols[nc+1], first, last, st); err != nil {
		return err
	}
	// Formula cells hold no value yet: ask for a calculation on load.
	yes := true
	if err := f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &yes}); err != nil {
		return err
	}
	return w.writeNormsSheet(p, FillOptions{NormsFile: opts.NormsFile, NormsText: opts.NormsText, Date: opts.Date}, st)
}

// scoreValidation accepts, in the score cells, a number from 0 to the
// column's points possible, or a mark M, EX, missing or excused (Excel
// compares text without case): what the formulas read as Norms does.
func scoreValidation(sh *Sheet, first, last int) *excelize.DataValidation {
	lo, hi := sh.assignCols[0], sh.assignCols[len(sh.assignCols)-1]
	x := cellName(lo, first)
	pp := fmt.Sprintf("%s$%d", colName(lo), sh.possibleRow)
	terms := []string{fmt.Sprintf("AND(ISNUMBER(%s),%s>=0,%s<=%s)", x, x, x, pp)}
	for _, m := range templateMarks {
		terms = append(terms, fmt.Sprintf(`%s="%s"`, x, m))
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = cellName(lo, first) + ":" + cellName(hi, last)
	dv.Type = "custom"
	dv.Formula1 = xmlEscaper.Replace("OR(" + strings.Join(terms, ",") + ")")
	dv.SetInput("Score", fmt.Sprintf("Points from 0 to this column's Points Possible (row %d), such as 8.5; M for missing work; EX for excused. Leave it blank until it is graded.", sh.possibleRow))
	dv.SetError(excelize.DataValidationErrorStyleStop, "Not a score",
		fmt.Sprintf("Type the points earned, from 0 to this column's Points Possible (row %d), or M (missing) or EX (excused). A score such as 9/10 or 90%%: type the points, 9.", sh.possibleRow))
	return dv
}

// xmlEscaper escapes a formula for the inner XML excelize writes a
// validation formula as.
var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// setNumber writes a result number as the streaming path stores it
// (numberText): excelize's SetCellFloat cuts a number to 15 significant
// digits (93.33333333333333 to 93.3333333333333), and the cell is to hold
// every digit a float64 can.
func setNumber(f *excelize.File, sheet, cell string, d *engine.Decimal) error {
	return f.SetCellDefault(sheet, cell, numberText(d))
}

// setStyledText writes text into a cell with a style: the headers and
// titles the excelize path writes.
func setStyledText(f *excelize.File, sheet, cell, text string, style int) error {
	if err := f.SetCellStr(sheet, cell, text); err != nil {
		return err
	}
	return f.SetCellStyle(sheet, cell, cell, style)
}
