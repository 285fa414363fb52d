package main

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
	"github.com/teamnorms/norms/xlsx"
)

// stdinName names standard input in messages and diagnostics.
const stdinName = "<stdin>"

// Names of the built-in starter files in diagnostics, so a problem in them
// is never mistaken for one in the user's own norms.yaml.
const (
	starterNormsName = "starter/norms.yaml"
	starterBookName  = "starter/gradebook.csv"
)

// readInput reads path, or standard input for "-", and returns the name to
// use in messages. Errors are in a teacher's words: "cannot read x.csv: no
// such file", not Go's "open x.csv: no such file or directory".
func (e *env) readInput(path string) ([]byte, string, error) {
	if path == "-" {
		data, err := io.ReadAll(e.stdin)
		if err != nil {
			return nil, stdinName, fmt.Errorf("cannot read standard input: %v", err)
		}
		return data, stdinName, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, path, fmt.Errorf("cannot read %s: %s", path, reason(err))
	}
	return data, path, nil
}

// reason is the cause of a file error without the operation and path that
// the caller's message already gives.
func reason(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// printDiagnostics writes every diagnostic to stderr, one per problem, and
// reports whether any is an error. Diagnostics without a file (data problems
// found while grading) are about the gradebook, so they are given its name.
func (e *env) printDiagnostics(ds engine.Diagnostics, file string) bool {
	for _, d := range ds {
		if d.File == "" {
			d.File = file
		}
		fmt.Fprintln(e.stderr, d.Error())
	}
	return ds.HasErrors()
}

// loadProgram reads and checks a norms file (the starter norms when
// example is set), printing every diagnostic. A norms file with errors ends
// the command with exit code 1.
func (e *env) loadProgram(path string, example bool) (*engine.Program, error) {
	text, name := starter.NormsYAML, starterNormsName
	if !example {
		var err error
		if text, name, err = e.readInput(path); err != nil {
			return nil, err
		}
	}
	prog, ds := engine.Check(name, text)
	if e.printDiagnostics(ds, name) {
		return nil, exitCode(exitErrors)
	}
	return prog, nil
}

// loadBook reads a gradebook (the sample one when example is set) in CSV or
// JSON, printing every diagnostic, and returns it with its name.
func (e *env) loadBook(path string, example bool) (*engine.Gradebook, string, error) {
	book, name, _, err := e.loadBookWith(path, example, xlsx.Options{})
	return book, name, err
}

// locator gives the diagnostics of grading a book the places they are
// about in its file: the cell of a workbook (Gradebook!D4); a CSV or JSON
// book's are already placed.
type locator func(engine.Diagnostics) engine.Diagnostics

func placed(ds engine.Diagnostics) engine.Diagnostics { return ds }

// xlsxOptions are the options of the workbook reader for a program: the
// layout of its norms file's gradebook: section.
func xlsxOptions(prog *engine.Program) xlsx.Options {
	var opts xlsx.Options
	if prog != nil {
		opts.Layout = prog.Norms().Gradebook
	}
	return opts
}

// loadBookWith is loadBook with the options an .xlsx gradebook is read with
// (the norms' gradebook: layout), also returning the locator of the book's
// grading diagnostics.
func (e *env) loadBookWith(path string, example bool, opts xlsx.Options) (*engine.Gradebook, string, locator, error) {
	data, name := starter.GradebookCSV, starterBookName
	if !example {
		var err error
		if data, name, err = e.readInput(path); err != nil {
			return nil, name, placed, err
		}
	}
	var book *engine.Gradebook
	var ds engine.Diagnostics
	locate := placed
	switch engine.FileFormat(path, data) {
	case "json":
		book, ds = engine.ReadGradebookJSON(name, data)
	case "csv":
		book, ds = engine.ReadGradebookCSV(name, data)
	case "xlsx":
		book, locate, ds = xlsx.ReadGradebookLocated(name, data, opts)
	default:
		return nil, name, placed, fmt.Errorf("cannot read %s: only .xlsx spreadsheets are read; save it as .xlsx or CSV and grade that", name)
	}
	if e.printDiagnostics(ds, name) {
		return nil, name, placed, exitCode(exitErrors)
	}
	return book, name, locate, nil
}

// writeOutput writes a command's result to stdout when out is "" or "-",
// and otherwise to the file out, atomically (callers have already refused
// an out that is one of their inputs).
func (e *env) writeOutput(out string, data []byte) error {
	if out == "" || out == "-" {
		_, err := e.stdout.Write(data)
		return err
	}
	return writeFileAtomic(out, data)
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so a reader (or a crash) never sees half a file
// and the old contents survive any failure. An existing file keeps its
// permissions; a new one is readable by all (0644, like a file an editor
// saves).
func writeFileAtomic(path string, data []byte) error {
	return writeFileAtomicMode(path, data, 0)
}

// writeFileAtomicMode is writeFileAtomic giving a new file mode (0: 0644);
// a file that exists keeps its own. A symbolic link is written through:
// the file it points to gets the data, and the link stays a link.
func writeFileAtomicMode(path string, data []byte, mode fs.FileMode) (err error) {
	if mode == 0 {
		mode = 0o644
	}
	if real, linkErr := filepath.EvalSymlinks(path); linkErr == nil {
		path = real
	}
	if fi, statErr := os.Stat(path); statErr == nil {
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("cannot write %s: it is not a regular file", path)
		}
		mode = fi.Mode().Perm()
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %s", path, reason(err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("cannot write %s: %s", path, reason(err))
	}
	if err = tmp.Chmod(mode); err != nil {
		return fmt.Errorf("cannot write %s: %s", path, reason(err))
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("cannot write %s: %s", path, reason(err))
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("cannot write %s: %s", path, reason(err))
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("cannot write %s: %s", path, reason(err))
	}
	return nil
}

// sameFile reports whether two paths name the same file: the same inode when
// both exist (so a symlink or "./x" is caught), else the same absolute path.
func sameFile(a, b string) bool {
	if a == "" || b == "" || a == "-" || b == "-" {
		return false
	}
	ai, errA := os.Stat(a)
	bi, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(ai, bi)
	}
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}

// csvWriter writes the CSV outputs, which are opened in spreadsheets: a
// cell that a spreadsheet would run as a formula (text starting with =, +,
// -, @, a tab or a carriage return, OWASP's list: a student named
// =HYPERLINK(...) in an imported roster) is written after an apostrophe,
// which Excel and LibreOffice show as text. Numbers, a negative change
// such as -2.5 included, are written as they are.
type csvWriter struct{ *csv.Writer }

func newCSVWriter(w io.Writer) csvWriter { return csvWriter{csv.NewWriter(w)} }

// Write writes one row, each cell made safe (see csvWriter).
func (c csvWriter) Write(row []string) error {
	safe := row
	for i, cell := range row {
		if s := csvCell(cell); s != cell {
			if &safe[0] == &row[0] {
				safe = append([]string(nil), row...)
			}
			safe[i] = s
		}
	}
	return c.Writer.Write(safe)
}

// WriteAll writes rows and flushes, as csv.Writer's WriteAll does.
func (c csvWriter) WriteAll(rows [][]string) error {
	for _, r := range rows {
		if err := c.Write(r); err != nil {
			return err
		}
	}
	c.Flush()
	return c.Error()
}

// csvCell is cell as csvWriter writes it.
func csvCell(cell string) string {
	if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return cell
	}
	if _, err := strconv.ParseFloat(cell, 64); err == nil && cell[0] != '=' && cell[0] != '@' {
		return cell
	}
	return "'" + cell
}
