package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine/starter"
)

func TestReportCommand(t *testing.T) {
	dir := diffFixtures(t)
	if err := os.WriteFile(filepath.Join(dir, "incidents.csv"), starter.IncidentsCSV, 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "", "report", "--norms", "norms.yaml", "--log", "incidents.csv", "--as-of", "2026-11-20",
		"--proposed", "proposed.yaml", "-o", "report.html", "gradebook.csv")
	if r.code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("stdout should be empty with -o, got:\n%s", r.stdout)
	}
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`id="distribution"`, `id="averages"`, `id="interventions"`, `id="conduct"`, `id="proposed"`, `id="norms"`,
		"Grade 7 Team", "2026-11-20", "Missing work (M) counts as zero."} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	// Leftover temporary files would mean the write was not atomic.
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestReportProblems(t *testing.T) {
	diffFixtures(t)
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no -o", []string{"--norms", "norms.yaml", "gradebook.csv"}, exitUsage, "report needs -o report.html"},
		{"-o is an input", []string{"--norms", "norms.yaml", "-o", "gradebook.csv", "gradebook.csv"}, exitUsage, "would overwrite gradebook.csv"},
		{"bad as-of", []string{"--norms", "norms.yaml", "--as-of", "someday", "-o", "r.html", "gradebook.csv"}, exitUsage, "--as-of"},
		{"proposal does not compile", []string{"--norms", "norms.yaml", "--proposed", "broken.yaml", "-o", "r.html", "gradebook.csv"}, exitErrors, "broken.yaml:26"},
		{"books disagree", []string{"--norms", "norms.yaml", "-o", "r.html", "gradebook.csv", "other.csv"}, exitErrors, "gradebook.csv and other.csv disagree"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, "", append([]string{"report"}, tc.args...)...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, tc.code, r.stderr)
			}
			if !strings.Contains(r.stderr, tc.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tc.stderr, r.stderr)
			}
			if _, err := os.Stat("r.html"); err == nil {
				t.Error("a report was written despite the problem")
			}
		})
	}
}
