package main

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/internal/reportjson"
)

var gradeCmd = &command{
	name:     "grade",
	synopsis: "norms grade --norms NORMS [-o OUT] [--format table|json|csv] GRADEBOOK\n       norms grade --example [-o OUT] [--format table|json|csv]",
	short:    "grade a gradebook with the norms",
	long: `
Grade applies the norms file NORMS to every student of GRADEBOOK and prints
each student's category percents, final, letter, projected final and flags.

GRADEBOOK is a CSV or JSON gradebook (docs/gradebook-json.md), told apart by
its extension or, failing that, by its first character ("{" is JSON); "-"
reads it from standard input. NORMS may also be given as the first of two
arguments: norms grade norms.yaml gradebook.csv.

  --norms NORMS     the norms file
  --example         grade the sample gradebook with the starter norms (the
                    files norms init writes); no other file is needed
  -o OUT            write the report to OUT instead of stdout; OUT is
                    replaced in one step, and is never one of the inputs
  --format table    aligned columns for people: percents to 2 places, "-"
                    when nothing counted yet (default)
  --format csv      one row per student with exact values, for spreadsheets
  --format json     the full report, exact values

Data problems go to stderr; warnings do not stop grading. A student who
cannot be graded (an expression failed on their data) is reported and the
others are graded; the exit code is then 1.
`,
	run: runGrade,
}

var explainCmd = &command{
	name:     "explain",
	synopsis: "norms explain --norms NORMS --student ID_OR_NAME [--format text|json] GRADEBOOK\n       norms explain --example --student ID_OR_NAME [--format text|json]",
	short:    "show step by step how one student's grade was computed",
	long: `
Explain grades one student of GRADEBOOK with NORMS and shows every step, in
words a teacher can show a family: which scores counted and which were
dropped, late deductions, each category's percent and weight, rounding, the
letter and each flag. GRADEBOOK and NORMS are given as for norms grade.

  --norms NORMS        the norms file
  --example            use the starter norms and the sample gradebook
  --student ID_OR_NAME the student's ID, or their name (any case)
  --format text        the explanation as text (default)
  --format json        the explanation as JSON
`,
	run: runExplain,
}

// inputs are the files a grading command reads.
type inputs struct {
	norms, book string
	example     bool
}

// inputArgs works out the norms file and gradebook from --norms, --example
// and the positional arguments: GRADEBOOK, or NORMS GRADEBOOK without
// --norms (the form the starter norms file's header shows).
func inputArgs(cmd, norms string, example bool, pos []string) (inputs, error) {
	in := inputs{norms: norms, example: example}
	if example {
		if norms != "" || len(pos) > 0 {
			return in, usagef("--example uses the starter norms and sample gradebook; leave out --norms and the gradebook, or leave out --example")
		}
		return in, nil
	}
	switch {
	case norms == "" && len(pos) == 2:
		in.norms, in.book = pos[0], pos[1]
	case norms == "" && len(pos) < 2:
		return in, usagef("%s needs a norms file: --norms norms.yaml (or --example to try the starter files)", cmd)
	case len(pos) == 0:
		return in, usagef("%s needs a gradebook (a .csv or .json file, or - for standard input)", cmd)
	case len(pos) == 1:
		in.book = pos[0]
	default:
		return in, usagef("%s takes one gradebook, got %d arguments", cmd, len(pos))
	}
	if in.norms == "-" && in.book == "-" {
		return in, usagef("only one of the norms file and the gradebook can be read from standard input (-)")
	}
	return in, nil
}

// load reads and checks both inputs, printing their diagnostics; the
// locator places the diagnostics of grading the book.
func (e *env) load(in inputs) (*engine.Program, *engine.Gradebook, string, locator, error) {
	prog, err := e.loadProgram(in.norms, in.example)
	if err != nil {
		return nil, nil, "", placed, err
	}
	book, name, locate, err := e.loadBookWith(in.book, in.example, xlsxOptions(prog))
	if err != nil {
		return nil, nil, "", placed, err
	}
	return prog, book, name, locate, nil
}

func runGrade(e *env, args []string) error {
	fl := newFlags("grade")
	norms := fl.String("norms", "", "the norms file")
	example := fl.Bool("example", false, "use the starter norms and sample gradebook")
	out := fl.String("o", "", "write the report to this file")
	format := fl.String("format", "table", "table, json or csv")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if err := oneOf("format", *format, "table", "json", "csv"); err != nil {
		return err
	}
	in, err := inputArgs("grade", *norms, *example, pos)
	if err != nil {
		return err
	}
	// Refuse before reading anything: the inputs are the team's only copy.
	if sameFile(*out, in.norms) {
		return usagef("-o %s would overwrite the norms file; write the report to another file", *out)
	}
	if sameFile(*out, in.book) {
		return usagef("-o %s would overwrite the gradebook; write the report to another file", *out)
	}
	prog, book, bookName, locate, err := e.load(in)
	if err != nil {
		return err
	}
	rep, ds := prog.Grade(book)
	ds = locate(ds)
	if e.printDiagnostics(ds, bookName) {
		return exitCode(exitErrors)
	}
	var buf bytes.Buffer
	switch *format {
	case "json":
		// The report's JSON, as every face writes it, indented for people.
		err = json.Indent(&buf, reportjson.AppendReport(nil, rep), "", "  ")
		buf.WriteByte('\n')
	case "csv":
		err = writeCSV(&buf, rep)
	default:
		writeTable(&buf, rep)
	}
	if err != nil {
		return err
	}
	if err := e.writeOutput(*out, buf.Bytes()); err != nil {
		return err
	}
	failed := 0
	for _, s := range rep.Students {
		if s.Error != "" {
			fmt.Fprintf(e.stderr, "%s: could not grade %s (%s): %s\n", bookName, s.Name, s.ID, s.Error)
			failed++
		}
	}
	if failed > 0 {
		return exitCode(exitErrors)
	}
	return nil
}

func runExplain(e *env, args []string) error {
	fl := newFlags("explain")
	norms := fl.String("norms", "", "the norms file")
	example := fl.Bool("example", false, "use the starter norms and sample gradebook")
	student := fl.String("student", "", "the student's ID or name")
	format := fl.String("format", "text", "text or json")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if err := oneOf("format", *format, "text", "json"); err != nil {
		return err
	}
	in, err := inputArgs("explain", *norms, *example, pos)
	if err != nil {
		return err
	}
	if *student == "" {
		return usagef("explain needs --student with a student's ID or name")
	}
	prog, book, bookName, locate, err := e.load(in)
	if err != nil {
		return err
	}
	ex, ds := prog.Explain(book, *student)
	ds = locate(ds)
	if e.printDiagnostics(ds, bookName) {
		return exitCode(exitErrors)
	}
	if *format == "json" {
		err = writeJSON(e.stdout, ex)
	} else {
		_, err = fmt.Fprint(e.stdout, ex.Text())
	}
	if err != nil {
		return err
	}
	if ex.Student.Error != "" {
		// The explanation already says why; the exit code tells scripts.
		return exitCode(exitErrors)
	}
	return nil
}
