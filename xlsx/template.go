package xlsx

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/teamnorms/norms/engine"
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
	if err := w.writeExcel(&buf); err != nil {
		return fail(err)
	}
	return buf.Bytes(), ds
}
