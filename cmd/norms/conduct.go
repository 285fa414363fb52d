package main

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
	"github.com/teamnorms/norms/xlsx"
)

// starterLogName names the built-in sample incident log in diagnostics.
const starterLogName = "starter/incidents.csv"

var conductCmd = &command{
	name:     "conduct",
	synopsis: "norms conduct --norms NORMS [--as-of DATE|today] [--student ID_OR_NAME] [--format table|json|csv] [-o OUT] LOG\n       norms conduct --example [--as-of DATE|today] [--student ID_OR_NAME] [--format table|json|csv] [-o OUT]",
	short:    "apply the conduct norms to an incident log",
	long: `
Conduct applies the conduct part of the norms file NORMS (its behaviors,
ladders and rules; docs/conduct.md) to the incident log LOG, and prints
each incident in the order it happened: its occurrence number in the
behavior's current period (the 3rd tardy this term), its consequence from
the ladder (or the rule it escalates to) and the rules it fired.

LOG is a CSV or JSON incident log (docs/conduct.md#the-incident-log), told
apart by its extension or, failing that, by its first character ("{" or "["
is JSON); "-" reads it from standard input. LOG may also be an Excel
workbook (.xlsx) with a sheet named Incidents: its first row names the
columns as a CSV log's header does, and Excel date and time cells are read
as the dates and times they show; problems name the cell (Incidents!A7).
norms fill writes each incident's occurrence and consequence beside it. Its rows may be in any order.
NORMS may also be given as the first of two arguments: norms conduct
norms.yaml incidents.csv.

  --norms NORMS          the norms file
  --example              use the starter norms and the sample incident log
                         (the files norms init writes); no other file is
                         needed
  --as-of DATE           the day to report on, YYYY-MM-DD (or as
                         calendar.date_format writes dates), or "today":
                         incidents after it are left out, and each
                         student's standing is added: how many incidents of
                         each behavior count in its current period, and
                         what the next one would get
  --student ID_OR_NAME   only this student's incidents (ID, or name in any
                         case)
  -o OUT                 write the report to OUT instead of stdout; OUT is
                         replaced in one step, and is never one of the
                         inputs
  --format table         aligned columns for people (default)
  --format csv           one row per incident with every column, for
                         spreadsheets (the standing is not included)
  --format json          the full report, standing included

Problems in the norms or the log go to stderr, each with file:line:col; the
exit code is then 1. Warnings (incidents after --as-of, a student with no
incidents) do not stop the report.
`,
	run: runConduct,
}

// conductInputs are the files norms conduct reads.
type conductInputs struct {
	norms, log string
	example    bool
}

// conductArgs works out the norms file and the log from --norms, --example
// and the positional arguments, as inputArgs does for a gradebook.
func conductArgs(norms string, example bool, pos []string) (conductInputs, error) {
	in := conductInputs{norms: norms, example: example}
	if example {
		if norms != "" || len(pos) > 0 {
			return in, usagef("--example uses the starter norms and sample incident log; leave out --norms and the log, or leave out --example")
		}
		return in, nil
	}
	switch {
	case norms == "" && len(pos) == 2:
		in.norms, in.log = pos[0], pos[1]
	case norms == "" && len(pos) < 2:
		return in, usagef("conduct needs a norms file: --norms norms.yaml (or --example to try the starter files)")
	case len(pos) == 0:
		return in, usagef("conduct needs an incident log (a .csv or .json file, or - for standard input)")
	case len(pos) == 1:
		in.log = pos[0]
	default:
		return in, usagef("conduct takes one incident log, got %d arguments", len(pos))
	}
	if in.norms == "-" && in.log == "-" {
		return in, usagef("only one of the norms file and the incident log can be read from standard input (-)")
	}
	return in, nil
}

// asOfDate turns --as-of into a date the engine reads: "today" is the
// local date of the machine, since the engine never reads the clock.
// Anything else is passed on, and checked against the norms' date format
// once they are read.
func asOfDate(value string, now func() time.Time) string {
	if strings.EqualFold(strings.TrimSpace(value), "today") {
		return now().Format("2006-01-02")
	}
	return strings.TrimSpace(value)
}

// badAsOf is the usage error of an --as-of the norms cannot read; err
// already quotes the value and says how to write a date.
func badAsOf(err error) error {
	return usagef("--as-of: %v (--as-of also takes today)", err)
}

func runConduct(e *env, args []string) error {
	fl := newFlags("conduct")
	norms := fl.String("norms", "", "the norms file")
	example := fl.Bool("example", false, "use the starter norms and sample incident log")
	asOf := fl.String("as-of", "", "the day to report on, or today")
	student := fl.String("student", "", "the student's ID or name")
	out := fl.String("o", "", "write the report to this file")
	format := fl.String("format", "table", "table, json or csv")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if err := oneOf("format", *format, "table", "json", "csv"); err != nil {
		return err
	}
	in, err := conductArgs(*norms, *example, pos)
	if err != nil {
		return err
	}
	day := asOfDate(*asOf, time.Now)
	if day != "" {
		// Which of mdy or dmy applies is only known once the norms are
		// read; a value that neither reads is a bad command line now.
		if _, err := engine.ParseIncidentDate(day, "mdy"); err != nil {
			if _, err2 := engine.ParseIncidentDate(day, "dmy"); err2 != nil {
				return badAsOf(err)
			}
		}
	}
	// Refuse before reading anything: the inputs are the team's only copy.
	if sameFile(*out, in.norms) {
		return usagef("-o %s would overwrite the norms file; write the report to another file", *out)
	}
	if sameFile(*out, in.log) {
		return usagef("-o %s would overwrite the incident log; write the report to another file", *out)
	}

	prog, err := e.loadProgram(in.norms, in.example)
	if err != nil {
		return err
	}
	if day != "" {
		if _, err := engine.ParseIncidentDate(day, prog.DateFormat()); err != nil {
			return badAsOf(err)
		}
	}
	log, logName, locate, err := e.loadLog(in.log, in.example, prog.DateFormat())
	if err != nil {
		return err
	}
	rep, ds := prog.Conduct(log, engine.ConductOptions{AsOf: day, Student: *student})
	if locate != nil {
		ds = locate(ds) // cells of the Incidents sheet, not lines
	}
	if e.printDiagnostics(ds, logName) {
		return exitCode(exitErrors)
	}

	var buf bytes.Buffer
	switch *format {
	case "json":
		err = writeJSON(&buf, rep)
	case "csv":
		err = writeConductCSV(&buf, rep)
	default:
		writeConductTable(&buf, rep)
	}
	if err != nil {
		return err
	}
	return e.writeOutput(*out, buf.Bytes())
}

// loadLog reads an incident log (the sample one when example is set) in
// CSV, JSON or a workbook's Incidents sheet, printing every diagnostic,
// and returns it with its name and what places the diagnostics of
// Program.Conduct in it: the cells of a workbook's Incidents sheet (nil for
// CSV and JSON, whose positions are already the file's).
func (e *env) loadLog(path string, example bool, dateFormat string) (*engine.IncidentLog, string, func(engine.Diagnostics) engine.Diagnostics, error) {
	var locate func(engine.Diagnostics) engine.Diagnostics
	data, name := starter.IncidentsCSV, starterLogName
	if !example {
		var err error
		if data, name, err = e.readInput(path); err != nil {
			return nil, name, nil, err
		}
	}
	var log *engine.IncidentLog
	var ds engine.Diagnostics
	switch engine.FileFormat(path, data) {
	case "json":
		log, ds = engine.ReadIncidentsJSON(name, data, dateFormat)
	case "csv":
		log, ds = engine.ReadIncidentsCSV(name, data, dateFormat)
	case "xlsx":
		// The workbook's Incidents sheet; diagnostics name its cells.
		var is *xlsx.IncidentSheet
		if is, ds = xlsx.ReadIncidents(name, data, dateFormat, xlsx.Options{}); is != nil {
			log, locate = is.Log, is.Locate
		}
	default:
		return nil, name, nil, fmt.Errorf("cannot read %s: only .xlsx workbooks are read; save it as .xlsx or CSV (File > Save As) and use that", name)
	}
	if e.printDiagnostics(ds, name) {
		return nil, name, nil, exitCode(exitErrors)
	}
	return log, name, locate, nil
}

// writeConductTable writes the report for people: the team, then one row
// per incident in the order they happened and, with --as-of, each
// student's standing.
func writeConductTable(w io.Writer, rep *engine.ConductReport) {
	if rep.Team != "" {
		io.WriteString(w, rep.Team+"\n\n")
	}
	rows := [][]string{{"Date", "Time", "Student", "ID", "Behavior", "#", "Consequence", "Rules fired"}}
	for _, r := range rep.Incidents {
		occ := strconv.Itoa(r.Occurrence)
		if r.Occurrence == 0 {
			occ = "-"
		}
		// The last column says everything else about the incident: the
		// rules it fired, then its flags.
		var also []string
		for _, f := range r.Rules {
			also = append(also, f.Name+": "+f.Consequence)
		}
		for _, f := range r.Flags {
			also = append(also, "("+f+")")
		}
		rows = append(rows, []string{r.Date, orDash(r.Time), r.StudentName, orDash(r.StudentID), r.Behavior, occ,
			orDash(escalated(r.Consequence, r.EscalatedTo)), strings.Join(also, "; ")})
	}
	alignColumns(w, rows, map[int]bool{5: true})
	if len(rep.Incidents) == 0 {
		io.WriteString(w, "(no incidents)\n")
	}
	if rep.AsOf == "" {
		return
	}
	fmt.Fprintf(w, "\nStanding as of %s: incidents in each behavior's current period, and what the next one would get\n\n", rep.AsOf)
	rows = [][]string{{"Student", "ID", "Behavior", "Resets", "Since", "Count", "Next", "Rules next"}}
	for _, s := range rep.Standing {
		var next []string
		for _, f := range s.NextRules {
			next = append(next, f.Name+": "+f.Consequence)
		}
		rows = append(rows, []string{s.StudentName, orDash(s.StudentID), s.Behavior, s.Resets, orDash(s.Since), strconv.Itoa(s.Count),
			escalated(s.Next, s.NextEscalatedTo), strings.Join(next, "; ")})
	}
	alignColumns(w, rows, map[int]bool{5: true})
	if len(rep.Standing) == 0 {
		io.WriteString(w, "(no incidents)\n")
	}
}

// escalated is a consequence, with the rule it was borrowed from when the
// ladder ran out and escalated.
func escalated(consequence, rule string) string {
	if rule == "" {
		return consequence
	}
	return consequence + " (escalated to rule " + rule + ")"
}

// writeConductCSV writes one row per incident, in the order they happened,
// with every column of the report: the log's own, then the results. Rules
// fired are "name: consequence", several separated by "; ".
func writeConductCSV(w io.Writer, rep *engine.ConductReport) error {
	cw := newCSVWriter(w)
	head := []string{"row", "date", "time", "student_id", "student_name", "behavior", "teacher", "note",
		"occurrence", "consequence", "escalated_to", "rules", "flags"}
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, r := range rep.Incidents {
		var rules []string
		for _, f := range r.Rules {
			rules = append(rules, f.Name+": "+f.Consequence)
		}
		row := []string{strconv.Itoa(r.Row), r.Date, r.Time, r.StudentID, r.StudentName, r.Behavior, r.Teacher, r.Note,
			strconv.Itoa(r.Occurrence), r.Consequence, r.EscalatedTo, strings.Join(rules, "; "), strings.Join(r.Flags, "; ")}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
