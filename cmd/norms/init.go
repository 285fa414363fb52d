package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/teamnorms/norms/engine/starter"
)

var initCmd = &command{
	name:     "init",
	synopsis: "norms init [--force] [DIR]",
	short:    "write a starter norms file, a sample gradebook and incident log",
	long: `
Init writes DIR/norms.yaml, a commented starter norms file to edit into the
team's own, DIR/gradebook.csv, a sample gradebook for it, and
DIR/incidents.csv, a sample conduct incident log. DIR defaults to the
current directory and is created if needed.

Init never overwrites a file that exists, unless --force is given.

  --force   overwrite norms.yaml, gradebook.csv and incidents.csv if they
            exist

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
	if !*force {
		for _, f := range files {
			path := filepath.Join(dir, f.name)
			if _, err := os.Lstat(path); err == nil {
				return fmt.Errorf("%s already exists; edit it, or run norms init --force to replace it with the starter file", path)
			} else if !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("cannot write %s: %s", path, reason(err))
			}
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
