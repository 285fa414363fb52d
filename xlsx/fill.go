package xlsx

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/teamnorms/norms/engine"
	"github.com/xuri/excelize/v2"
)

// Names of the sheets Fill writes, and the text of their A1 cell, which
// marks them as Norms's own: a sheet a teacher named Norms (class norms are
// common) is never overwritten.
const (
	normsSheet    = "Norms"
	explainSheet  = "Explain"
	normsMarker   = "Norms applied to this workbook"
	explainMarker = "Norms: how each grade was computed"
)

// FillOptions says what Fill writes besides the result columns.
type FillOptions struct {
	// NormsFile names the norms file on the Norms sheet.
	NormsFile string
	// NormsText is the norms file's text; the Norms sheet gives its
	// SHA-256, so anyone can check which norms graded the workbook.
	NormsText []byte
	// Date is the date written on the Norms sheet (YYYY-MM-DD). It is a
	// parameter, not the clock, so that the same inputs always give the
	// same workbook.
	Date string
	// Explain adds an Explain sheet with every student's explanation.
	Explain bool
	// Formulas makes result cells live Excel formulas where the norms
	// allow it (formulas.go), their cached values the engine's; the other
	// result columns are values, each with a warning saying why.
	Formulas bool
}

// Fill grades every gradebook sheet with p and writes the results beside
// the scores: one column per category percent, then Final, Letter and
// Flags, each headed "Norms: ...". Result columns already in a sheet (from
// an earlier fill) are found by their header and replaced, so filling twice
// gives the same workbook as filling once. Fill also writes the Norms sheet
// and, with opts.Explain, the Explain sheet. It returns the report of each
// sheet, in the order of w.Sheets, and the data problems found; with an
// error, the workbook is left unchanged.
func (w *Workbook) Fill(p *engine.Program, opts FillOptions) ([]*engine.Report, engine.Diagnostics) {
	var ds engine.Diagnostics
	reports := make([]*engine.Report, len(w.Sheets))
	for i, sh := range w.Sheets {
		rep, gds := p.Grade(sh.Book)
		for _, d := range gds {
			ds = append(ds, w.locate(sh, d))
		}
		reports[i] = rep
	}
	for _, name := range []string{normsSheet, explainSheet} {
		if err := w.checkOwnSheet(name); err != nil {
			ds = append(ds, w.diag("xlsx/sheet-exists", quoteSheet(name), "%v", err))
		}
	}
	// Conduct: an Incidents sheet gets each incident's occurrence and
	// consequence beside it.
	w.incidents, w.conduct = nil, nil
	if name := findIncidentsSheet(w.f); name != "" && len(p.Norms().Conduct.Behaviors) == 0 {
		// A workbook filled before the team wrote conduct norms fills as
		// it did: the sheet is left alone, and fill says so.
		ds = append(ds, engine.Diagnostic{Code: "xlsx/no-conduct", Severity: engine.Warning, File: w.File, Path: quoteSheet(name),
			Message: fmt.Sprintf("%s: the norms define no conduct behaviors, so the incidents are left as they are; add conduct.behaviors to the norms to have their consequences written", quoteSheet(name))})
	} else if name != "" {
		is, ids := readIncidentSheet(w.f, w.File, name, p.DateFormat())
		ds = append(ds, ids...)
		if is != nil && is.Log != nil {
			rep, cds := p.Conduct(is.Log, engine.ConductOptions{})
			ds = append(ds, is.Locate(cds)...)
			w.incidents, w.conduct = is, rep
		}
	}
	if ds.HasErrors() {
		return nil, ds
	}
	if w.conduct != nil && w.streamErr == nil {
		// The streaming path rewrites gradebook sheets only.
		w.streamErr = fmt.Errorf("%w: the workbook has an Incidents sheet, whose conduct results only the excelize path writes", errCannotStream)
	}
	w.formulas = make([]*formulaPlan, len(w.Sheets))
	if opts.Formulas {
		for i, sh := range w.Sheets {
			cols, _ := resultColumns(sh, resultHeaders(reports[i]))
			w.formulas[i] = w.planFormulas(p, sh, reports[i], cols)
			ds = append(ds, w.formulas[i].notes...)
		}
	}
	if w.streamErr == nil {
		plan, err := w.planStream(p, opts, reports)
		if err == nil {
			w.plan = plan
			return reports, ds
		}
		if streamable(err) {
			return nil, append(ds, w.diag("xlsx/write", "", "cannot plan the results: %v", err))
		}
		w.streamErr = err
	}
	st, err := w.newStyles()
	if err != nil {
		return nil, append(ds, w.diag("xlsx/write", "", "cannot add the result styles: %v", err))
	}
	if opts.Formulas {
		// excelize types every formula's cached value as text: asking for
		// a calculation on load keeps numbers numbers.
		yes := true
		if err := w.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &yes}); err != nil {
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

// Conduct is the conduct report Fill wrote into the Incidents sheet, nil
// when the workbook has none.
func (w *Workbook) Conduct() *engine.ConductReport { return w.conduct }

// Write saves the workbook: after Fill, the filled workbook.
func (w *Workbook) Write(out io.Writer) error {
	if w.plan != nil {
		return w.writeStream(out)
	}
	return w.f.Write(out)
}

// Streaming reports whether Fill took the streaming path (stream.go) and,
// when it did not, why: the excelize path is slower and holds the whole
// sheet in memory, but handles any workbook excelize reads.
func (w *Workbook) Streaming() (bool, string) {
	if w.streamErr != nil {
		return false, strings.TrimPrefix(w.streamErr.Error(), errCannotStream.Error()+": ")
	}
	return true, ""
}

// engine paths of gradebook data, turned into cells by locate.
var (
	assignmentPath = regexp.MustCompile(`^assignments\[(\d+)\](\.category)?`)
	studentPath    = regexp.MustCompile(`^students\[(\d+)\](\.scores\["(.*)"\])?`)
)

// locate gives an engine diagnostic about a sheet's gradebook the
// workbook's name and, where the engine names an assignment or a student,
// the cell: "Gradebook!E2" for a category, "Gradebook!E7" for a score.
func (w *Workbook) locate(sh *Sheet, d engine.Diagnostic) engine.Diagnostic {
	d.File = w.File
	ref := quoteSheet(sh.Name)
	if m := assignmentPath.FindStringSubmatch(d.Path); m != nil {
		j, _ := strconv.Atoi(m[1])
		if c := sh.assignmentCol(j); c > 0 {
			row := sh.HeaderRow
			if m[2] != "" && sh.Layout == Template && len(sh.setupRows) > 0 {
				row = sh.setupRows[0] + 1 // the category row
			}
			ref += "!" + cellName(c, row)
		}
	} else if m := studentPath.FindStringSubmatch(d.Path); m != nil {
		i, _ := strconv.Atoi(m[1])
		col := 1
		if m[3] != "" {
			for j, a := range sh.Book.Assignments {
				if a.Name == m[3] {
					col = sh.assignmentCol(j)
				}
			}
		}
		if i < len(sh.StudentRows) {
			ref += "!" + cellName(col, sh.StudentRows[i])
		}
	}
	d.Path = ref
	d.Message = ref + ": " + d.Message
	return d
}

func (sh *Sheet) assignmentCol(j int) int {
	if j < len(sh.assignCols) {
		return sh.assignCols[j]
	}
	return 0
}

func cellName(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

func colName(col int) string {
	s, _ := excelize.ColumnNumberToName(col)
	return s
}

// checkOwnSheet refuses to replace a sheet named like one Fill writes
// unless Fill wrote it (its A1 holds the marker).
func (w *Workbook) checkOwnSheet(name string) error {
	idx, err := w.f.GetSheetIndex(name)
	if err != nil || idx < 0 {
		return nil
	}
	a1, _ := w.f.GetCellValue(name, "A1")
	if a1 == normsMarker || a1 == explainMarker {
		return nil
	}
	return fmt.Errorf("the workbook already has a sheet named %s that Norms did not write; rename it so Norms can add its own", name)
}

// styles are the cell styles of the results, added once per workbook
// (excelize reuses an identical style, so filling twice adds none).
type styles struct {
	header, percent, title int
	// letterColor[first letter] is the fill of a letter.
	letterColor map[string]string
	// letterDxf[i] is the differential format of letterOrder[i]
	// (streaming path).
	letterDxf []int
}

// letterColors are the fills of letters by their first character, the
// usual gradebook colours: green for A through red for F.
func letterColors() map[string]string {
	return map[string]string{"A": "C6EFCE", "B": "DDEBF7", "C": "FFF2CC", "D": "FCE4D6", "F": "FFC7CE"}
}

func (w *Workbook) newStyles() (*styles, error) {
	var st styles
	var err error
	if st.header, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return nil, err
	}
	// 0.00: percents and finals are exact in the cell; two places is what
	// families see (the Explain sheet and norms explain give every digit).
	if st.percent, err = w.f.NewStyle(&excelize.Style{NumFmt: 2}); err != nil {
		return nil, err
	}
	if st.title, err = w.f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}); err != nil {
		return nil, err
	}
	st.letterColor = letterColors()
	return &st, nil
}

// resultHeaders are the headers of a report's result columns, in order.
func resultHeaders(rep *engine.Report) []string {
	var hs []string
	for _, c := range rep.Categories {
		hs = append(hs, resultPrefix+c.Name+" %")
	}
	return append(hs, resultPrefix+"Final", resultPrefix+"Letter", resultPrefix+"Flags")
}

// fillSheet writes one sheet's result columns.
func (w *Workbook) fillSheet(sh *Sheet, rep *engine.Report, st *styles, fp *formulaPlan) error {
	f, name := w.f, sh.Name
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
		if err := f.SetCellStr(name, cell, h); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, cell, cell, st.header); err != nil {
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
					fv, _ := strconv.ParseFloat(numberText(v.num), 64)
					err = f.SetCellFloat(name, cell, fv, -1, 64)
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
				fv, _ := strconv.ParseFloat(numberText(v.num), 64)
				err, style = f.SetCellFloat(name, cell, fv, -1, 64), st.percent
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
	f, name := w.f, sh.Name
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
	f := w.f
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

// normsFacts are the label and value rows at the top of the Norms sheet.
func (w *Workbook) normsFacts(p *engine.Program, opts FillOptions) [][2]string {
	sum := sha256.Sum256(opts.NormsText)
	var sheets []string
	for _, sh := range w.Sheets {
		sheets = append(sheets, sh.Name)
	}
	return [][2]string{
		{"Team", p.Norms().Team},
		{"Norms file", opts.NormsFile},
		{"Norms file SHA-256", hex.EncodeToString(sum[:])},
		{"Date", opts.Date},
		{"Sheets graded", strings.Join(sheets, ", ")},
	}
}

// writeNormsSheet writes which norms graded the workbook, and the norms in
// words, so a printed or shared workbook says how its grades were made.
func (w *Workbook) writeNormsSheet(p *engine.Program, opts FillOptions, st *styles) error {
	f := w.f
	if err := w.ownSheet(normsSheet); err != nil {
		return err
	}
	n := p.Norms()
	rows := w.normsFacts(p, opts)
	if err := f.SetCellStr(normsSheet, "A1", normsMarker); err != nil {
		return err
	}
	if err := f.SetCellStyle(normsSheet, "A1", "A1", st.title); err != nil {
		return err
	}
	r := 3
	for _, kv := range rows {
		if err := f.SetCellStr(normsSheet, cellName(1, r), kv[0]); err != nil {
			return err
		}
		if err := f.SetCellStyle(normsSheet, cellName(1, r), cellName(1, r), st.header); err != nil {
			return err
		}
		if err := f.SetCellStr(normsSheet, cellName(2, r), kv[1]); err != nil {
			return err
		}
		r++
	}
	r++
	if err := f.SetCellStr(normsSheet, cellName(1, r), "The norms in words"); err != nil {
		return err
	}
	if err := f.SetCellStyle(normsSheet, cellName(1, r), cellName(1, r), st.header); err != nil {
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
	f := w.f
	if err := w.ownSheet(explainSheet); err != nil {
		return err
	}
	if err := f.SetCellStr(explainSheet, "A1", explainMarker); err != nil {
		return err
	}
	if err := f.SetCellStyle(explainSheet, "A1", "A1", st.title); err != nil {
		return err
	}
	r := 3
	for _, sh := range w.Sheets {
		// One plan for the whole sheet, not one per student.
		exs, eds := p.ExplainAll(sh.Book)
		for i, s := range sh.Book.Students {
			head := fmt.Sprintf("%s (%s), %s", s.Name, s.ID, sh.Name)
			if err := f.SetCellStr(explainSheet, cellName(1, r), head); err != nil {
				return err
			}
			if err := f.SetCellStyle(explainSheet, cellName(1, r), cellName(1, r), st.header); err != nil {
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
