package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine/starter"
	"github.com/xuri/excelize/v2"
)

// init --norms writes the team's workbook and nothing else, refuses to
// replace it without --force, and the workbook fills once a teacher typed
// a student into it.
func TestInitWorkbook(t *testing.T) {
	dir := t.TempDir()
	normsPath := filepath.Join(dir, "norms.yaml")
	if err := os.WriteFile(normsPath, starter.NormsYAML, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "team")
	r := run(t, "", "init", "--norms", normsPath, out)
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("init --norms: exit %d, stdout %q, stderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "Norms: Flags is left blank in the template") || !strings.Contains(r.stderr, "wrote "+filepath.Join(out, "gradebook.xlsx")) {
		t.Errorf("stderr: %s", r.stderr)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 || entries[0].Name() != "gradebook.xlsx" {
		t.Errorf("init --norms wrote %v, want only gradebook.xlsx", entries)
	}
	book := filepath.Join(out, "gradebook.xlsx")
	if r := run(t, "", "init", "--norms", normsPath, out); r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("second init: exit %d, stderr %q; want 1 and \"already exists\"", r.code, r.stderr)
	}
	if r := run(t, "", "init", "--norms", normsPath, "--force", out); r.code != 0 {
		t.Errorf("init --force: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := run(t, "", "init", "--norms", filepath.Join(dir, "nope.yaml"), t.TempDir()); r.code != 1 || !strings.Contains(r.stderr, "no such file") {
		t.Errorf("init with a missing norms file: exit %d, stderr %q", r.code, r.stderr)
	}
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	for cell, v := range map[string]any{"A4": "Ana Lopez", "B4": "s1", "C4": 9, "D4": "M", "F4": 18, "I4": 88} {
		if err := f.SetCellValue("Gradebook", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if r := run(t, "", "fill", "--norms", normsPath, "--formulas", book); r.code != 0 || !strings.Contains(r.stderr, "graded 1 students") {
		t.Errorf("fill of the typed-in template: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if got := cellOf(t, filepath.Join(out, "gradebook.graded.xlsx"), "Gradebook", "P4"); got == "" {
		t.Error("P4: no letter for the typed-in student")
	}
}

// TestInitNeverOverADirectory: a directory where init would write a file
// is refused, with or without --force (which cannot replace it), before
// anything is written.
func TestInitNeverOverADirectory(t *testing.T) {
	for _, force := range []bool{false, true} {
		dir := t.TempDir()
		if err := os.Mkdir(filepath.Join(dir, "gradebook.csv"), 0o755); err != nil {
			t.Fatal(err)
		}
		args := []string{"init", dir}
		if force {
			args = []string{"init", "--force", dir}
		}
		res := run(t, "", args...)
		if res.code != 1 || !strings.Contains(res.stderr, "gradebook.csv is a directory") {
			t.Errorf("force %v: exit %d, stderr %q", force, res.code, res.stderr)
		}
		if _, err := os.Stat(filepath.Join(dir, "norms.yaml")); err == nil {
			t.Errorf("force %v: norms.yaml was written before the refusal", force)
		}
	}
}
