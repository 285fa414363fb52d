package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/xlsx"
)

var fillCmd = &command{
	name:     "fill",
	synopsis: "norms fill --norms NORMS [-o OUT.xlsx | --in-place] [--formulas] [--explain] [--category-map PATTERN=CATEGORY]... BOOK.xlsx",
	short:    "write the grades into an Excel workbook, beside the scores",
	long: `
Fill grades every gradebook sheet of the workbook BOOK.xlsx with NORMS and
writes the results beside the scores: one column per category percent, then
Final, Letter (coloured) and Flags, each headed "Norms: ...". It also adds a
Norms sheet saying which norms graded the workbook (team, the norms file's
SHA-256, the date) and what they say, in words. A sheet named Incidents (a
conduct log, as norms conduct reads it) gets each incident's occurrence and
consequence beside it, in the columns Norms: # and Norms: Consequence; a
workbook may hold only that sheet. Nothing else in the workbook
changes: every other cell, style, formula, comment and chart is kept.
Filling again replaces the result columns; it never adds a second set.

A gradebook sheet has Student in A1 and ID in B1 (or is named Gradebook...):
either the Norms template (row 2 categories, row 3 points possible) or a
Canvas gradebook export (docs/xlsx.md).

  --norms NORMS          the norms file
  -o OUT.xlsx            where to write the graded workbook (default:
                         BOOK.graded.xlsx); never BOOK itself
  --in-place             write over BOOK, after copying it to
                         BOOK.backup.xlsx (BOOK.backup-2.xlsx... if that
                         exists: no backup is overwritten)
  --explain              add an Explain sheet: how each grade was computed
  --formulas             write the results as live Excel formulas where the
                         norms allow it (points and mean, drop_lowest with
                         equal points possible, weights, rounding, letters),
                         so the sheet keeps grading as scores are typed; the
                         other columns are values, and fill says why
  --category-map P=C     give Canvas assignments whose title matches the
                         pattern P (* is any text) the category C, such as
                         --category-map 'HW*=Homework'; repeat for each
                         category (Canvas exports no categories)
  --date YYYY-MM-DD      the date written on the Norms sheet (default today)

The workbook is written to a temporary file and renamed, so a failure never
leaves half a workbook.
`,
	run: runFill,
}

// multiFlag collects a flag given several times.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ", ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func runFill(e *env, args []string) error {
	fl := newFlags("fill")
	norms := fl.String("norms", "", "the norms file")
	out := fl.String("o", "", "the graded workbook")
	inPlace := fl.Bool("in-place", false, "write over the workbook, after a backup")
	explain := fl.Bool("explain", false, "add an Explain sheet")
	formulas := fl.Bool("formulas", false, "write live formulas where the norms allow it")
	date := fl.String("date", "", "the date on the Norms sheet")
	var maps multiFlag
	fl.Var(&maps, "category-map", "PATTERN=CATEGORY for Canvas assignments")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	switch {
	case *norms == "" && len(pos) == 2:
		*norms, pos = pos[0], pos[1:]
	case *norms == "":
		return usagef("fill needs a norms file: --norms norms.yaml")
	}
	if len(pos) != 1 {
		return usagef("fill takes one workbook (a .xlsx file), got %d arguments", len(pos))
	}
	book := pos[0]
	if book == "-" {
		return usagef("fill writes a workbook file beside its input, so it cannot read standard input; give the .xlsx file")
	}
	if ext := strings.ToLower(filepath.Ext(book)); ext != ".xlsx" && ext != ".xlsm" {
		return usagef("fill writes into Excel workbooks (.xlsx); for %s use norms grade", book)
	}
	if *inPlace && *out != "" {
		return usagef("use either -o or --in-place, not both")
	}
	if *date == "" {
		// The one place the clock is read: the engine and xlsx package
		// take the date as a parameter.
		*date = time.Now().Format("2006-01-02")
	} else if _, err := time.Parse("2006-01-02", *date); err != nil {
		return usagef("--date must be written YYYY-MM-DD, not %q", *date)
	}
	var opts xlsx.Options
	for _, m := range maps {
		rule, err := xlsx.ParseCategoryRule(m)
		if err != nil {
			return usagef("--category-map: %v", err)
		}
		opts.CategoryMap = append(opts.CategoryMap, rule)
	}
	target, backup := *out, ""
	switch {
	case *inPlace:
		target, backup = book, backupName(book)
	case target == "":
		target = siblingName(book, ".graded.xlsx")
	}
	// Refuse before reading anything: the inputs are the team's only copy.
	if sameFile(target, *norms) {
		return usagef("-o %s would overwrite the norms file; write the workbook to another file", target)
	}
	if !*inPlace && sameFile(target, book) {
		return usagef("-o %s would overwrite the workbook; write to another file, or use --in-place (which keeps a backup)", target)
	}
	normsText, normsName, err := e.readInput(*norms)
	if err != nil {
		return err
	}
	prog, ds := engine.Check(normsName, normsText)
	if e.printDiagnostics(ds, normsName) {
		return exitCode(exitErrors)
	}
	data, err := os.ReadFile(book)
	if err != nil {
		return fmt.Errorf("cannot read %s: %s", book, reason(err))
	}
	// A bar on a terminal for a big book; nothing otherwise.
	progress := newFillProgress(e.stderr)
	defer progress.done()
	opts.Progress = progress.rows
	// The norms' gradebook: section says where things are; the
	// --category-map rules, first in opts.CategoryMap, override its
	// categories.
	opts.Layout = prog.Norms().Gradebook
	wb, ds := xlsx.Open(book, data, opts)
	progress.write()
	if e.printDiagnostics(ds, book) {
		return exitCode(exitErrors)
	}
	defer wb.Close()
	reports, ds := wb.Fill(prog, xlsx.FillOptions{NormsFile: normsName, NormsText: normsText, Date: *date, Explain: *explain, Formulas: *formulas})
	if e.printDiagnostics(ds, book) {
		return exitCode(exitErrors)
	}
	if ok, why := wb.Streaming(); !ok {
		// Still correct, only slower: say why, for a report if it is.
		fmt.Fprintf(e.stderr, "%s: note: writing through the slower excelize path (%s)\n", book, why)
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		return fmt.Errorf("cannot write %s: %v", target, err)
	}
	if backup != "" {
		// The backup is the teacher's workbook as it was: same mode.
		var mode fs.FileMode
		if fi, err := os.Stat(book); err == nil {
			mode = fi.Mode().Perm()
		}
		if err := writeFileAtomicMode(backup, data, mode); err != nil {
			return err
		}
	}
	progress.done()
	if err := writeFileAtomic(target, buf.Bytes()); err != nil {
		return err
	}
	students, failed := 0, 0
	for i, rep := range reports {
		for _, s := range rep.Students {
			students++
			if s.Error != "" {
				fmt.Fprintf(e.stderr, "%s: %s: could not grade %s (%s): %s\n", book, wb.Sheets[i].Name, s.Name, s.ID, s.Error)
				failed++
			}
		}
	}
	// Progress, not a result: stderr, so stdout stays empty for scripts.
	sheets := "sheets"
	if len(reports) == 1 {
		sheets = "sheet"
	}
	conduct := ""
	if rep := wb.Conduct(); rep != nil {
		conduct = fmt.Sprintf(" and the consequences of %d incidents", len(rep.Incidents))
	}
	fmt.Fprintf(e.stderr, "graded %d students in %d %s%s; wrote %s\n", students, len(reports), sheets, conduct, target)
	if failed > 0 {
		return exitCode(exitErrors)
	}
	return nil
}

// siblingName is book with its extension replaced: grades.xlsx ->
// grades.graded.xlsx.
func siblingName(book, suffix string) string {
	return strings.TrimSuffix(book, filepath.Ext(book)) + suffix
}

// backupName is where --in-place copies the workbook first: BOOK.backup.xlsx,
// or, when that exists (an earlier --in-place), BOOK.backup-2.xlsx and so
// on, so that no run overwrites the backup of another.
func backupName(book string) string {
	name := siblingName(book, ".backup.xlsx")
	for n := 2; ; n++ {
		if _, err := os.Lstat(name); errors.Is(err, fs.ErrNotExist) {
			return name
		}
		name = siblingName(book, fmt.Sprintf(".backup-%d.xlsx", n))
	}
}
