package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCSVCellsAreNotFormulas: a text cell a spreadsheet would run as a
// formula is written after an apostrophe; numbers stay numbers.
func TestCSVCellsAreNotFormulas(t *testing.T) {
	for in, want := range map[string]string{
		"Maya Patel": "Maya Patel", "": "", "97.5": "97.5", "-2.5": "-2.5", "+3": "+3",
		`=HYPERLINK("http://x","y")`: `'=HYPERLINK("http://x","y")`, "@SUM(A1)": "'@SUM(A1)",
		"-1+cmd|' /C calc'!A0": "'-1+cmd|' /C calc'!A0", "+A1": "'+A1", "\tx": "'\tx", "=1": "'=1",
	} {
		if got := csvCell(in); got != want {
			t.Errorf("csvCell(%q) = %q, want %q", in, got, want)
		}
	}

	// Through the command: a roster name that is a formula.
	dir := t.TempDir()
	book := filepath.Join(dir, "g.csv")
	csv := "Student,ID,HW 1\nCategory,,Homework\nPoints Possible,,10\n\"=HYPERLINK(\"\"http://x\"\",\"\"click\"\")\",7001,9\n"
	if err := os.WriteFile(book, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	norms := filepath.Join(dir, "n.yaml")
	if err := os.WriteFile(norms, []byte("norms: 1\nteam: T\ngrading:\n  categories:\n    - {name: Homework, weight: 100}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res := run(t, "", "grade", "--norms", norms, "--format", "csv", book)
	if res.code != 0 {
		t.Fatalf("grade: %d\n%s", res.code, res.stderr)
	}
	if !strings.Contains(res.stdout, "\"'=HYPERLINK(") || !strings.Contains(res.stdout, ",7001,90,") {
		t.Errorf("grade --format csv:\n%s", res.stdout)
	}
}
