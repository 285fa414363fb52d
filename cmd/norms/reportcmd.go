package main

import (
	"time"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/report"
)

var reportCmd = &command{
	name:     "report",
	synopsis: "norms report --norms NORMS [--log INCIDENTS] [--as-of DATE|today] [--proposed PROPOSED] -o report.html BOOK...",
	short:    "write the team report: one HTML page for common planning",
	long: `
Report writes one self-contained HTML page for the team's common planning,
from the norms file NORMS and every BOOK (CSV, JSON or .xlsx; a section is
a book's file name, or each sheet's name in a workbook of several sheets):

  - the grade distribution per section and for the team (bar charts)
  - the category averages per section, side by side
  - the intervention groups: every flag with the students it names, and
    the students with missing work, most first
  - with --log: incidents per behavior per week, and the students one
    incident away from a heavier consequence (whose next incident of a
    behavior would get another step of its ladder, or fire a rule)
  - with --proposed: what the proposed norms would change (as norms diff)
  - the norms in words, the sha256 hash of the norms file, and the date

The page loads nothing from any server (inline styles and charts, no
fonts to fetch), so it opens offline, can be mailed, and prints cleanly.
Student names are shown as text, never as markup.

  --norms NORMS          the norms file
  --log INCIDENTS        an incident log (CSV or JSON, as norms conduct reads)
  --as-of DATE           the day of the conduct standing and the date printed
                         on the report: YYYY-MM-DD (or as the norms'
                         date_format writes dates) or today (default)
  --proposed PROPOSED    proposed norms to compare with; they are checked
                         first, and the command stops if they have errors
  -o OUT                 the HTML file to write (required; - for stdout);
                         replaced in one step, never one of the inputs

The books must share their assignments (names and categories). Exit code 0
when the report is written, 1 when an input has errors (each printed with
its position), 2 for a bad command line.
`,
	run: runReport,
}

func runReport(e *env, args []string) error {
	fl := newFlags("report")
	normsPath := fl.String("norms", "", "the norms file")
	logPath := fl.String("log", "", "the incident log")
	proposedPath := fl.String("proposed", "", "the proposed norms file")
	asOf := fl.String("as-of", "today", "the day to report on")
	out := fl.String("o", "", "the HTML file to write")
	books, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	switch {
	case *normsPath == "":
		return usagef("report needs a norms file: --norms norms.yaml")
	case len(books) == 0:
		return usagef("report needs at least one gradebook (.csv, .json or .xlsx)")
	case *out == "":
		return usagef("report needs -o report.html, the page to write")
	}
	inputs := append([]string{*normsPath, *logPath, *proposedPath}, books...)
	if err := oneStdin(inputs); err != nil {
		return err
	}
	// Refuse before reading anything: the inputs are the team's only copy.
	for _, in := range inputs {
		if sameFile(*out, in) {
			return usagef("-o %s would overwrite %s, one of the inputs; write the report to another file", *out, in)
		}
	}
	day := asOfDate(*asOf, time.Now)
	if _, err := engine.ParseIncidentDate(day, "mdy"); err != nil {
		if _, err2 := engine.ParseIncidentDate(day, "dmy"); err2 != nil {
			return badAsOf(err)
		}
	}

	in := report.Input{NormsName: displayName(*normsPath), LogName: displayName(*logPath)}
	if *proposedPath != "" {
		// Proposed norms are checked first, as norms diff does.
		if in.Proposed, in.ProposedText, err = e.loadNorms(*proposedPath); err != nil {
			return err
		}
		in.ProposedName = displayName(*proposedPath)
	}
	if in.Program, in.NormsText, err = e.loadNorms(*normsPath); err != nil {
		return err
	}
	iso, err := engine.ParseIncidentDate(day, in.Program.DateFormat())
	if err != nil {
		return badAsOf(err)
	}
	in.AsOf, in.Date = iso, iso
	// The norms in words are those of the Norms sheet of filled workbooks.
	in.Words = in.Program.Norms().InWords()
	if in.Sections, err = e.loadSections(books, in.Program); err != nil {
		return err
	}
	if *logPath != "" {
		if in.Log, in.LogName, in.LocateLog, err = e.loadLog(*logPath, false, in.Program.DateFormat()); err != nil {
			return err
		}
	}
	rep, ds := report.Build(in)
	if e.printDiagnostics(ds, "") {
		return exitCode(exitErrors)
	}
	page, err := rep.HTML()
	if err != nil {
		return err
	}
	return e.writeOutput(*out, page)
}
