package xlsx

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/teamnorms/norms/engine"
	"github.com/xuri/excelize/v2"
)

// The team's template: a gradebook workbook built from the norms, so a
// teacher who never runs a command still grades by them. It is the Norms
// template layout (docs/xlsx.md) with a few example assignments per
// category, the result columns as live formulas (the very formulas of
// fill --formulas) on empty student rows, data validation on the score
// cells, the letters' colours and the Norms sheet.

// TemplateOptions says how big a template BuildTemplate builds and what its
// Norms sheet says.
type TemplateOptions struct {
	// File names the template in diagnostics (gradebook.xlsx).
	File string
	// NormsFile, NormsText and Date are written on the Norms sheet, as
	// FillOptions says.
	NormsFile string
	NormsText []byte
	Date      string
	// Assignments is the number of example assignments per category
	// (default 3).
	Assignments int
	// Rows is the number of student rows given formulas and validation
	// (default 40).
	Rows int
}

// templatePossible are the example points possible of the categories in
// order: a 10-point homework, a 20-point quiz, a 100-point test; later
// categories are worth 100. Every assignment of a category is worth the
// same, so drop_lowest stays a formula.
var templatePossible = []float64{10, 20, 100}

// Score marks the template's validation accepts besides numbers.
var templateMarks = []string{"M", "EX", "missing", "excused"}

// BuildTemplate builds the team's gradebook workbook from p. Result columns
// the norms do not let a formula compute are left blank, for norms fill to
// write, each with a warning saying why (as fill --formulas says them).
func BuildTemplate(p *engine.Program, opts TemplateOptions) ([]byte, engine.Diagnostics) {
	if opts.File == "" {
		opts.File = "gradebook.xlsx"
	}
	if opts.Assignments <= 0 {
		opts.Assignments = 3
	}
	if opts.Rows <= 0 {
		opts.Rows = 40
	}
	fail := func(err error) ([]byte, engine.Diagnostics) {
		return nil, engine.Diagnostics{{Code: "xlsx/write", Severity: engine.Error, File: opts.File,
			Message: fmt.Sprintf("cannot build the template: %v", err)}}
	}
	// The layout first, written and read back as any gradebook is, so the
	// formulas are planned over the very Sheet that fill would see.
	layout, err := templateLayout(p, opts)
	if err != nil {
		return fail(err)
	}
	w, ds := Open(opts.File, layout, Options{})
	if ds.HasErrors() {
		return nil, ds
	}
	defer w.Close()
	if len(w.Sheets) != 1 {
		return fail(fmt.Errorf("the layout has %d gradebook sheets, want 1", len(w.Sheets)))
	}
	sh := w.Sheets[0]
	rep, gds := p.Grade(sh.Book)
	if gds.HasErrors() {
		return nil, append(ds, gds...)
	}
	heads := resultHeaders(rep)
	cols, _ := resultColumns(sh, heads)
	fp := w.planFormulas(p, sh, rep, cols)
	for _, d := range fp.notes {
		d.Message = strings.Replace(d.Message, "is filled as values, not a formula", "is left blank in the template, for norms fill to write", 1)
		ds = append(ds, d)
	}
	first := sh.possibleRow + 1
	last := first + opts.Rows - 1
	if err := w.writeTemplate(p, opts, sh, heads, cols, fp, first, last); err != nil {
		return fail(err)
	}
	var buf bytes.Buffer
	if err := w.f.Write(&buf); err != nil {
		return fail(err)
	}
	return buf.Bytes(), ds
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
	f, name := w.f, sh.Name
	st, err := w.newStyles()
	if err != nil {
		return err
	}
	nc := len(heads) - 3
	for k, h := range heads {
		cell := cellName(cols[k], sh.HeaderRow)
		if err := f.SetCellStr(name, cell, h); err != nil {
			return err
		}
		if err := f.SetCellStyle(name, cell, cell, st.header); err != nil {
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
