package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine/starter"
	"github.com/xuri/excelize/v2"
)

// diffFixtures writes the starter norms, a proposal that cuts the homework
// weight from 20 to 10, and the sample gradebook into a temp dir, makes it
// the working directory (so outputs name the files as the user typed
// them) and returns it.
func diffFixtures(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	norms := string(starter.NormsYAML)
	if !strings.Contains(norms, "      weight: 20\n") {
		t.Fatal("starter norms.yaml no longer has a homework weight of 20; update the test")
	}
	book := string(starter.GradebookCSV)
	files := map[string]string{
		"norms.yaml":    norms,
		"proposed.yaml": strings.Replace(norms, "      weight: 20\n", "      weight: 10\n", 1),
		"broken.yaml":   strings.Replace(norms, "      weight: 20\n", "      weight: twenty\n", 1),
		"gradebook.csv": book,
		// A second section whose first assignment has another name and
		// whose second another category.
		"other.csv": strings.Replace(strings.Replace(book, "HW 1,", "Homework 1,", 1), "Category,,Homework,Quizzes,", "Category,,Homework,Homework,", 1),
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(dir)
	return dir
}

// The golden files record norms diff of the starter gradebook under a
// homework weight of 10; refresh them with go test ./cmd/norms -update
// after a deliberate change, never by hand.
func TestDiffGolden(t *testing.T) {
	golden, err := filepath.Abs(filepath.Join("testdata", "golden"))
	if err != nil {
		t.Fatal(err)
	}
	diffFixtures(t)
	for _, format := range []string{"table", "json", "csv"} {
		t.Run(format, func(t *testing.T) {
			r := run(t, "", "diff", "--norms", "norms.yaml", "--proposed", "proposed.yaml", "--format", format, "gradebook.csv")
			// Four of the starter's examples assume a homework weight of 20.
			if r.code != exitExamples {
				t.Fatalf("exit %d, want %d (examples fail); stderr:\n%s", r.code, exitExamples, r.stderr)
			}
			if !strings.Contains(r.stderr, "weights add up to 90") {
				t.Errorf("the proposal's warning is not on stderr:\n%s", r.stderr)
			}
			path := filepath.Join(golden, "diff-"+format+".txt")
			if *update {
				if err := os.WriteFile(path, []byte(r.stdout), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/norms -update to create it)", err)
			}
			if r.stdout != string(want) {
				t.Errorf("norms diff --format %s differs from %s (if the change is intended, run go test ./cmd/norms -update)\ngot:\n%s\nwant:\n%s", format, path, r.stdout, want)
			}
		})
	}
}

func TestDiffJSON(t *testing.T) {
	diffFixtures(t)
	r := run(t, "", "diff", "--norms", "norms.yaml", "--proposed", "proposed.yaml", "--format", "json", "gradebook.csv")
	var d struct {
		Changes []struct {
			ID     string `json:"id"`
			Change string `json:"change"`
		} `json:"changes"`
		Team struct {
			Students, Changed, Up, Down int
		} `json:"team"`
		Failing []struct{ Name string } `json:"failing_examples"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &d); err != nil {
		t.Fatal(err)
	}
	down := 0
	for _, c := range d.Changes {
		if c.Change == "down" {
			down++
		}
	}
	if d.Team.Changed != len(d.Changes) || d.Team.Down != down || d.Team.Students != len(sampleStudents(t)) {
		t.Errorf("totals %+v disagree with the %d changes", d.Team, len(d.Changes))
	}
	if len(d.Failing) == 0 {
		t.Error("no failing example listed")
	}
}

func TestDiffProblems(t *testing.T) {
	diffFixtures(t)
	cases := []struct {
		name   string
		args   []string
		code   int
		stderr []string
	}{
		{"proposal does not compile", []string{"--proposed", "broken.yaml", "gradebook.csv"}, exitErrors,
			[]string{"broken.yaml:26:15:", "weight"}},
		{"books disagree", []string{"--proposed", "proposed.yaml", "gradebook.csv", "other.csv"}, exitErrors,
			[]string{"gradebook.csv and other.csv disagree on assignments", `"Homework 1" is in other.csv only`, `"Quiz 1" is Quizzes in gradebook.csv but Homework in other.csv`}},
		{"no proposal", []string{"gradebook.csv"}, exitUsage, []string{"--proposed", "Try: norms help diff"}},
		{"no book", []string{"--proposed", "proposed.yaml"}, exitUsage, []string{"at least one gradebook"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, "", append([]string{"diff", "--norms", "norms.yaml"}, tc.args...)...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d; stderr:\n%s", r.code, tc.code, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout should be empty, got:\n%s", r.stdout)
			}
			for _, want := range tc.stderr {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
				}
			}
		})
	}
}

// TestDiffWorkbookSections: a workbook of two gradebook sheets gives two
// sections named by the sheets.
func TestDiffWorkbookSections(t *testing.T) {
	diffFixtures(t)
	rows, err := csv.NewReader(bytes.NewReader(starter.GradebookCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "P1"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("P2"); err != nil {
		t.Fatal(err)
	}
	for _, sheet := range []string{"P1", "P2"} {
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellStr(sheet, cell, v); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if err := f.SaveAs("team.xlsx"); err != nil {
		t.Fatal(err)
	}
	r := run(t, "", "diff", "--norms", "norms.yaml", "--proposed", "proposed.yaml", "--format", "csv", "team.xlsx")
	if r.code != exitExamples {
		t.Fatalf("exit %d; stderr:\n%s", r.code, r.stderr)
	}
	for _, want := range []string{"\nP1,Ava Nguyen,7005,75,C,72,C-,down\n", "\nP2,Ava Nguyen,7005,75,C,72,C-,down\n"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no row %q in:\n%s", strings.TrimSpace(want), r.stdout)
		}
	}
}
