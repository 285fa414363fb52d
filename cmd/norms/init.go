package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
	"github.com/teamnorms/norms/xlsx"
)

var initCmd = &command{
	name:     "init",
	synopsis: "norms init [--force] [DIR]\n       norms init --norms NORMS [--force] [DIR]",
	short:    "write a starter norms file, a sample gradebook and incident log, or the team's workbook",
	long: `
Init writes DIR/norms.yaml, a commented starter norms file to edit into the
team's own, DIR/gradebook.csv, a sample gradebook for it, and
DIR/incidents.csv, a sample conduct incident log. DIR defaults to the
current directory and is created if needed.

With --norms, init writes only DIR/gradebook.xlsx: the team's gradebook
workbook built from the norms NORMS, so a teacher who never runs a command
still grades by them. It has a Gradebook sheet with Student and ID columns,
three example assignments per category (rename them, add columns; row 2 is
the category, row 3 the points possible), the results (category percents,
Final, Letter) as live formulas on 40 student rows, score cells that accept
only points from 0 to the points possible, M or EX, the letters' colours
and a Norms sheet saying which norms it was built from. Results the norms
do not let a formula compute are left for norms fill, and init says which.

Init never overwrites a file that exists, unless --force is given.

  --norms NORMS  write DIR/gradebook.xlsx for these norms (and nothing else)
  --force        overwrite the files init writes if they exist

Then try:
  norms check norms.yaml
  norms test norms.yaml
  norms grade --norms norms.yaml gradebook.csv
  norms conduct --norms norms.yaml incidents.csv
`,
	run: runInit,
}

func runInit(e *env, args []string) error {
	fl := newFlags("init")
	force := fl.Bool("force", false, "overwrite existing files")
	norms := fl.String("norms", "", "write the team's gradebook.xlsx for these norms")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("init takes at most one directory, got %d arguments", len(pos))
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	if *norms != "" {
		return e.initWorkbook(*norms, dir, *force)
	}
	files := []struct {
		name string
		data []byte
	}{
		{"norms.yaml", starter.NormsYAML},
		{"gradebook.csv", starter.GradebookCSV},
		{"incidents.csv", starter.IncidentsCSV},
	}
	// Check every file before writing any, so a refusal leaves nothing
	// half-done.
	for _, f := range files {
		if err := canInitWrite(filepath.Join(dir, f.name), *force, "edit it, or run norms init --force to replace it with the starter file"); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create directory %s: %s", dir, reason(err))
	}
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		if err := writeFileAtomic(path, f.data); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "wrote %s\n", path)
	}
	// Progress, not a result: stderr keeps stdout empty for scripts.
	nf, bf, lf := filepath.Join(dir, "norms.yaml"), filepath.Join(dir, "gradebook.csv"), filepath.Join(dir, "incidents.csv")
	fmt.Fprintf(e.stderr, "\nNext:\n  norms check %s\n  norms test %s\n  norms grade --norms %s %s\n  norms conduct --norms %s %s\n", nf, nf, nf, bf, nf, lf)
	return nil
}

// initWorkbook writes DIR/gradebook.xlsx, the team's template built from
// the norms file (package xlsx, BuildTemplate).
func (e *env) initWorkbook(norms, dir string, force bool) error {
	path := filepath.Join(dir, "gradebook.xlsx")
	if err := canInitWrite(path, force, fmt.Sprintf("rename it, or run norms init --norms %s --force to replace it", norms)); err != nil {
		return err
	}
	text, name, err := e.readInput(norms)
	if err != nil {
		return err
	}
	prog, ds := engine.Check(name, text)
	if e.printDiagnostics(ds, name) {
		return exitCode(exitErrors)
	}
	// The one place the clock is read: the date on the Norms sheet.
	data, ds := xlsx.BuildTemplate(prog, xlsx.TemplateOptions{File: path, NormsFile: name, NormsText: text, Date: time.Now().Format("2006-01-02")})
	if e.printDiagnostics(ds, path) {
		return exitCode(exitErrors)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create directory %s: %s", dir, reason(err))
	}
	if err := writeFileAtomic(path, data); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "wrote %s\n\nNext: type the students and scores, then, for the results formulas cannot give:\n  norms fill --norms %s --formulas %s\n", path, name, path)
	return nil
}

// canInitWrite says whether init may write path: a file that exists only
// with force (else the error says what to do instead), and never over a
// directory or anything else that is not a file, which --force cannot
// replace either.
func canInitWrite(path string, force bool, instead string) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if _, lerr := os.Lstat(path); lerr == nil {
			return fmt.Errorf("%s is a link to nothing; remove it first", path)
		}
		return nil
	case err != nil:
		return fmt.Errorf("cannot write %s: %s", path, reason(err))
	case !fi.Mode().IsRegular():
		return fmt.Errorf("%s is a directory or another kind of file, not one init can write; move it away or choose another directory", path)
	case !force:
		return fmt.Errorf("%s already exists; %s", path, instead)
	}
	return nil
}
