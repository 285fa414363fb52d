package xlsx

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/teamnorms/norms/engine"
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
	if name := findIncidentsSheet(w.pkg.names); name != "" && len(p.Norms().Conduct.Behaviors) == 0 {
		// A workbook filled before the team wrote conduct norms fills as
		// it did: the sheet is left alone, and fill says so.
		ds = append(ds, engine.Diagnostic{Code: "xlsx/no-conduct", Severity: engine.Warning, File: w.File, Path: quoteSheet(name),
			Message: fmt.Sprintf("%s: the norms define no conduct behaviors, so the incidents are left as they are; add conduct.behaviors to the norms to have their consequences written", quoteSheet(name))})
	} else if name != "" {
		is, ids := w.readIncidentSheet(name, p.DateFormat())
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
	return w.fillExcelize(p, opts, reports, ds)
}

// Conduct is the conduct report Fill wrote into the Incidents sheet, nil
// when the workbook has none.
func (w *Workbook) Conduct() *engine.ConductReport { return w.conduct }

// Write saves the workbook: after Fill, the filled workbook.
func (w *Workbook) Write(out io.Writer) error {
	if w.plan != nil {
		return w.writeStream(out)
	}
	return w.writeExcel(out)
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
		// The student's name, or ID, cell: the columns a layout gives.
		col := sh.nameCol + 1
		if strings.HasPrefix(d.Path[len(m[0]):], ".id") {
			col = sh.idCol + 1
		}
		if m[3] != "" {
			// The engine writes the name with %q.
			name := m[3]
			if u, err := strconv.Unquote(`"` + name + `"`); err == nil {
				name = u
			}
			for j, a := range sh.Book.Assignments {
				if a.Name == name {
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

// checkOwnSheet refuses to replace a sheet named like one Fill writes
// unless Fill wrote it (its A1 holds the marker).
func (w *Workbook) checkOwnSheet(name string) error {
	// Sheet names are unique ignoring case, in Excel as in excelize.
	i := slices.IndexFunc(w.pkg.names, func(n string) bool { return strings.EqualFold(n, name) })
	if i < 0 {
		return nil
	}
	// A1 is in the first row, the only one read.
	if rd, err := w.readPart(w.pkg.names[i], true, nil); err == nil && len(rd.rows) == 1 && len(rd.rows[0]) > 0 {
		if a1 := rd.rows[0][0]; a1 == normsMarker || a1 == explainMarker {
			return nil
		}
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

// resultHeaders are the headers of a report's result columns, in order.
func resultHeaders(rep *engine.Report) []string {
	var hs []string
	for _, c := range rep.Categories {
		hs = append(hs, resultPrefix+c.Name+" %")
	}
	return append(hs, resultPrefix+"Final", resultPrefix+"Letter", resultPrefix+"Flags")
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
