package main

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/report"
	"github.com/teamnorms/norms/xlsx"
)

var diffCmd = &command{
	name:     "diff",
	synopsis: "norms diff --norms CURRENT --proposed PROPOSED [--format table|json|csv] BOOK...",
	short:    "show what proposed norms would change in the gradebooks",
	long: `
Diff grades every BOOK with the current norms CURRENT and with the proposed
norms PROPOSED, and shows what the change would do before the team agrees
to it: every student whose rounded final or letter changes, with both; how
many letters go up and down (in the order of the letter cutoffs), per
section and for the team; the letter distribution before and after; and
the norms' own examples that the proposed norms fail, so the team sees
which of its agreed cases the change would break.

PROPOSED is checked first, as norms check does: if it has errors, they are
printed with their positions and nothing else is. Each BOOK is a CSV, JSON
or .xlsx gradebook; a section is a book's file name, or each sheet's name
in a workbook of several gradebook sheets. The books must share their
assignments (names and categories); when two disagree, the message names
both files.

  --norms CURRENT       the norms file in use
  --proposed PROPOSED   the norms file proposed instead
  --format table        for people: changes, totals, distribution and
                        failing examples (default)
  --format csv          one row per student whose result changes, exact
                        values (failing examples are listed on stderr)
  --format json         everything, exact values

Exit code 0 when the proposed norms pass all their examples, 3 when some
fail (the diff is printed either way), 1 when a file has errors, 2 for a
bad command line.
`,
	run: runDiff,
}

func runDiff(e *env, args []string) error {
	fl := newFlags("diff")
	normsPath := fl.String("norms", "", "the current norms file")
	proposedPath := fl.String("proposed", "", "the proposed norms file")
	format := fl.String("format", "table", "table, json or csv")
	books, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if err := oneOf("format", *format, "table", "json", "csv"); err != nil {
		return err
	}
	switch {
	case *normsPath == "":
		return usagef("diff needs the current norms file: --norms norms.yaml")
	case *proposedPath == "":
		return usagef("diff needs the proposed norms file: --proposed proposed.yaml")
	case len(books) == 0:
		return usagef("diff needs at least one gradebook (.csv, .json or .xlsx)")
	}
	if err := oneStdin(append([]string{*normsPath, *proposedPath}, books...)); err != nil {
		return err
	}
	// The proposed norms are checked first: a proposal that does not even
	// compile is the first thing to fix.
	proposed, _, err := e.loadNorms(*proposedPath)
	if err != nil {
		return err
	}
	current, _, err := e.loadNorms(*normsPath)
	if err != nil {
		return err
	}
	sections, err := e.loadSections(books, current)
	if err != nil {
		return err
	}
	d, ds := report.Compare(current, proposed, displayName(*normsPath), displayName(*proposedPath), sections)
	if e.printDiagnostics(ds, "") {
		return exitCode(exitErrors)
	}
	var buf bytes.Buffer
	switch *format {
	case "json":
		err = writeJSON(&buf, d)
	case "csv":
		err = writeDiffCSV(&buf, d)
		for _, f := range d.Failing {
			fmt.Fprintf(e.stderr, "%s: example %q fails under the proposed norms: %s\n", exampleWhere(d.Proposed, f), f.Name, strings.Join(f.Failures, "; "))
		}
	default:
		writeDiffTable(&buf, d)
	}
	if err != nil {
		return err
	}
	if _, err := e.stdout.Write(buf.Bytes()); err != nil {
		return err
	}
	if len(d.Failing) > 0 {
		return exitCode(exitExamples)
	}
	return nil
}

// oneStdin refuses more than one input read from standard input.
func oneStdin(paths []string) error {
	n := 0
	for _, p := range paths {
		if p == "-" {
			n++
		}
	}
	if n > 1 {
		return usagef("only one input can be read from standard input (-)")
	}
	return nil
}

// displayName is a path as the output shows it.
func displayName(path string) string {
	if path == "-" {
		return stdinName
	}
	return path
}

// loadNorms reads and checks a norms file, printing every diagnostic, and
// returns the program with the file's bytes (for its hash).
func (e *env) loadNorms(path string) (*engine.Program, []byte, error) {
	text, name, err := e.readInput(path)
	if err != nil {
		return nil, nil, err
	}
	prog, ds := engine.Check(name, text)
	if e.printDiagnostics(ds, name) {
		return nil, nil, exitCode(exitErrors)
	}
	return prog, text, nil
}

// loadSections reads every gradebook as the team's sections: one per CSV
// or JSON book, named by its file name; one per sheet of an .xlsx book,
// named by the sheet when there are several. Every problem of every book is
// printed before giving up. Workbooks are read with the layout of the
// program's norms (their gradebook: section).
func (e *env) loadSections(paths []string, prog *engine.Program) ([]report.Section, error) {
	var sections []report.Section
	failed := false
	for _, path := range paths {
		if engine.FileFormat(path, nil) == "xlsx" {
			ss, err := e.workbookSections(path, xlsxOptions(prog))
			if err != nil {
				if _, printed := err.(exitCode); !printed {
					return nil, err
				}
				failed = true
			}
			sections = append(sections, ss...)
			continue
		}
		book, name, err := e.loadBook(path, false)
		if err != nil {
			if _, printed := err.(exitCode); !printed {
				return nil, err
			}
			failed = true
			continue
		}
		sections = append(sections, report.BookSection(name, book))
	}
	if failed {
		return nil, exitCode(exitErrors)
	}
	report.NameSections(sections)
	if e.printDiagnostics(report.CheckSections(sections), "") {
		return nil, exitCode(exitErrors)
	}
	return sections, nil
}

// workbookSections reads the gradebook sheets of an .xlsx book, one section
// each.
func (e *env) workbookSections(path string, opts xlsx.Options) ([]report.Section, error) {
	data, name, err := e.readInput(path)
	if err != nil {
		return nil, err
	}
	wb, ds := xlsx.Open(name, data, opts)
	if wb == nil {
		e.printDiagnostics(ds, name)
		return nil, exitCode(exitErrors)
	}
	defer wb.Close()
	sheets := make([]report.Sheet, len(wb.Sheets))
	for i, sh := range wb.Sheets {
		sheets[i] = report.Sheet{Name: sh.Name, Book: sh.Book}
	}
	out, sds := report.WorkbookSections(name, sheets)
	if e.printDiagnostics(append(ds, sds...), name) {
		return nil, exitCode(exitErrors)
	}
	return out, nil
}

// writeDiffTable writes the diff for people.
func writeDiffTable(w io.Writer, d *report.Diff) {
	fmt.Fprintf(w, "%s -> %s\n\n", d.Current, d.Proposed)
	if len(d.Changes) == 0 {
		io.WriteString(w, "No student's final or letter changes.\n")
	} else {
		rows := [][]string{{"Section", "Student", "ID", "Final", "Letter", "", "Final", "Letter", "Change"}}
		for _, c := range d.Changes {
			rows = append(rows, []string{c.Section, c.Name, c.ID, outcomeFinal(c.Current), outcomeLetter(c.Current), "->",
				outcomeFinal(c.Proposed), outcomeLetter(c.Proposed), strings.TrimSuffix(c.Direction, "same")})
		}
		alignColumns(w, rows, map[int]bool{3: true, 6: true})
	}

	io.WriteString(w, "\nTotals\n")
	rows := [][]string{{"Section", "Students", "Changed", "Up", "Down", ""}}
	for _, t := range append(d.Sections, d.Team) {
		name := t.Section
		if t.Section == "team" {
			name = "Team"
		}
		rows = append(rows, []string{name, strconv.Itoa(t.Students), strconv.Itoa(t.Changed), strconv.Itoa(t.Up), strconv.Itoa(t.Down), ""})
	}
	alignColumns(w, rows, map[int]bool{1: true, 2: true, 3: true, 4: true})

	io.WriteString(w, "\nLetters (team)\n")
	head, now, prop := []string{"Letter"}, []string{"Current"}, []string{"Proposed"}
	for i := range d.Team.Current {
		head = append(head, orNone(d.Team.Current[i].Letter))
		now = append(now, strconv.Itoa(d.Team.Current[i].Count))
		prop = append(prop, strconv.Itoa(d.Team.Proposed[i].Count))
	}
	// A trailing empty cell keeps the last letter's column aligned too.
	right := map[int]bool{}
	for i := 1; i < len(head); i++ {
		right[i] = true
	}
	alignColumns(w, [][]string{append(head, ""), append(now, ""), append(prop, "")}, right)

	if len(d.Failing) == 0 {
		fmt.Fprintf(w, "\nAll %d examples pass under the proposed norms.\n", d.Examples)
		return
	}
	fmt.Fprintf(w, "\nExamples that fail under the proposed norms (%d of %d)\n", len(d.Failing), d.Examples)
	for _, f := range d.Failing {
		fmt.Fprintf(w, "FAIL %s (%s)\n", f.Name, exampleWhere(d.Proposed, f))
		for _, msg := range f.Failures {
			fmt.Fprintf(w, "    %s\n", strings.ReplaceAll(msg, "\n", "\n    "))
		}
	}
}

// writeDiffCSV writes one row per student whose result changes.
func writeDiffCSV(w io.Writer, d *report.Diff) error {
	cw := newCSVWriter(w)
	rows := [][]string{{"section", "student", "id", "current_final", "current_letter", "proposed_final", "proposed_letter", "change"}}
	for _, c := range d.Changes {
		rows = append(rows, []string{c.Section, c.Name, c.ID, c.Current.Final, c.Current.Letter, c.Proposed.Final, c.Proposed.Letter, c.Direction})
	}
	if err := cw.WriteAll(rows); err != nil {
		return err
	}
	return cw.Error()
}

func exampleWhere(file string, r engine.ExampleResult) string {
	if r.Line > 0 {
		return fmt.Sprintf("%s:%d", file, r.Line)
	}
	return file
}

func outcomeFinal(o report.Outcome) string {
	if o.Error != "" {
		return "error"
	}
	return orDash(o.Final)
}

func outcomeLetter(o report.Outcome) string {
	if o.Error != "" {
		return "-"
	}
	return orDash(o.Letter)
}

func orNone(l string) string {
	if l == "" {
		return "none"
	}
	return l
}
