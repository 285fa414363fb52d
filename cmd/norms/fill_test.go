package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine/starter"
	"github.com/xuri/excelize/v2"
)

// writeBook writes rows (text cells) as a workbook with one sheet.
func writeBook(t *testing.T, path, sheet string, rows [][]string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// fillFixtures writes the starter norms and the starter gradebook as a
// workbook into a temp dir.
func fillFixtures(t *testing.T) (dir, normsPath, bookPath string) {
	t.Helper()
	dir = t.TempDir()
	normsPath = filepath.Join(dir, "norms.yaml")
	if err := os.WriteFile(normsPath, starter.NormsYAML, 0o644); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(starter.GradebookCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	bookPath = filepath.Join(dir, "grades.xlsx")
	writeBook(t, bookPath, "Gradebook", rows)
	return dir, normsPath, bookPath
}

func cellOf(t *testing.T, path, sheet, cell string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	v, err := f.GetCellValue(sheet, cell)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestFill(t *testing.T) {
	tests := []struct {
		name       string
		args       func(dir, norms, book string) []string
		code       int
		stderr     string // a part of stderr
		wantOut    string // the file written, relative to dir
		keepsInput bool
	}{
		{
			name: "default output beside the input",
			args: func(dir, norms, book string) []string {
				return []string{"fill", "--norms", norms, "--date", "2026-01-15", book}
			},
			stderr:     "graded 8 students in 1 sheet; wrote ",
			wantOut:    "grades.graded.xlsx",
			keepsInput: true,
		},
		{
			name: "-o and norms first",
			args: func(dir, norms, book string) []string {
				return []string{"fill", norms, book, "-o", filepath.Join(dir, "out.xlsx")}
			},
			wantOut:    "out.xlsx",
			keepsInput: true,
		},
		{
			name: "--in-place keeps a backup",
			args: func(dir, norms, book string) []string {
				return []string{"fill", "--norms", norms, "--in-place", "--explain", book}
			},
			wantOut: "grades.xlsx",
		},
		{
			// Every score of this workbook is stored as text, which no
			// formula reads as Norms does: values, and fill says why.
			name: "--formulas says which columns stay values",
			args: func(dir, norms, book string) []string {
				return []string{"fill", "--norms", norms, "--formulas", book}
			},
			stderr:     "Norms: Homework % is filled as values, not a formula: Homework has points possible stored as text (C3, \"HW 1\")",
			wantOut:    "grades.graded.xlsx",
			keepsInput: true,
		},
		{
			name:   "-o the input",
			args:   func(dir, norms, book string) []string { return []string{"fill", "--norms", norms, "-o", book, book} },
			code:   exitUsage,
			stderr: "would overwrite the workbook; write to another file, or use --in-place",
		},
		{
			name:   "-o the norms",
			args:   func(dir, norms, book string) []string { return []string{"fill", "--norms", norms, "-o", norms, book} },
			code:   exitUsage,
			stderr: "would overwrite the norms file",
		},
		{
			name: "-o and --in-place",
			args: func(dir, norms, book string) []string {
				return []string{"fill", "--norms", norms, "-o", "x.xlsx", "--in-place", book}
			},
			code:   exitUsage,
			stderr: "either -o or --in-place",
		},
		{
			name:   "not a workbook name",
			args:   func(dir, norms, book string) []string { return []string{"fill", "--norms", norms, "grades.csv"} },
			code:   exitUsage,
			stderr: "for grades.csv use norms grade",
		},
		{
			name: "bad date",
			args: func(dir, norms, book string) []string {
				return []string{"fill", "--norms", norms, "--date", "15/01/2026", book}
			},
			code:   exitUsage,
			stderr: "--date must be written YYYY-MM-DD",
		},
		{
			name: "bad category map",
			args: func(dir, norms, book string) []string {
				return []string{"fill", "--norms", norms, "--category-map", "Homework", book}
			},
			code:   exitUsage,
			stderr: "a category mapping is written PATTERN=CATEGORY",
		},
		{
			name:   "no norms",
			args:   func(dir, norms, book string) []string { return []string{"fill", book} },
			code:   exitUsage,
			stderr: "Try: norms help fill",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, norms, book := fillFixtures(t)
			orig, _ := os.ReadFile(book)
			res := run(t, "", tt.args(dir, norms, book)...)
			if res.code != tt.code {
				t.Fatalf("exit code %d, want %d; stderr:\n%s", res.code, tt.code, res.stderr)
			}
			if !strings.Contains(res.stderr, tt.stderr) {
				t.Errorf("stderr %q, want it to contain %q", res.stderr, tt.stderr)
			}
			if res.stdout != "" {
				t.Errorf("stdout %q, want nothing (results go to the file)", res.stdout)
			}
			now, _ := os.ReadFile(book)
			if tt.keepsInput && !bytes.Equal(now, orig) {
				t.Error("the input workbook changed")
			}
			if tt.code != 0 {
				if !bytes.Equal(now, orig) {
					t.Error("a failed fill changed the input workbook")
				}
				return
			}
			out := filepath.Join(dir, tt.wantOut)
			if got := cellOf(t, out, "Gradebook", "P1"); got != "Norms: Final" {
				t.Errorf("%s: P1 is %q, want Norms: Final", tt.wantOut, got)
			}
			if strings.Contains(tt.name, "in-place") {
				backup, err := os.ReadFile(filepath.Join(dir, "grades.backup.xlsx"))
				if err != nil || !bytes.Equal(backup, orig) {
					t.Errorf("the backup is not the original workbook (%v)", err)
				}
				if got := cellOf(t, out, "Explain", "A1"); !strings.Contains(got, "how each grade was computed") {
					t.Errorf("Explain!A1 is %q", got)
				}
			}
		})
	}
}

// TestFillTwice: filling a filled workbook writes the same bytes again.
func TestFillTwice(t *testing.T) {
	dir, norms, book := fillFixtures(t)
	once := filepath.Join(dir, "once.xlsx")
	twice := filepath.Join(dir, "twice.xlsx")
	if res := run(t, "", "fill", "--norms", norms, "--date", "2026-01-15", "-o", once, book); res.code != 0 {
		t.Fatal(res.stderr)
	}
	if res := run(t, "", "fill", "--norms", norms, "--date", "2026-01-15", "-o", twice, once); res.code != 0 {
		t.Fatal(res.stderr)
	}
	a, _ := os.ReadFile(once)
	b, _ := os.ReadFile(twice)
	if !bytes.Equal(a, b) {
		t.Error("filling twice gave a different workbook than filling once")
	}
}

// TestFillErrors: problems name the sheet and cell, and nothing is written.
func TestFillErrors(t *testing.T) {
	dir, norms, _ := fillFixtures(t)
	rows, _ := csv.NewReader(bytes.NewReader(starter.GradebookCSV)).ReadAll()
	rows[6][3] = "ninety"
	book := filepath.Join(dir, "bad.xlsx")
	writeBook(t, book, "Gradebook", rows)
	res := run(t, "", "fill", "--norms", norms, book)
	if res.code != exitErrors {
		t.Fatalf("exit code %d, want 1", res.code)
	}
	want := book + `: Gradebook!D7: Jordan Lee, Quiz 1: "ninety" is not a score`
	if !strings.Contains(res.stderr, want) {
		t.Errorf("stderr %q, want %q", res.stderr, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.graded.xlsx")); err == nil {
		t.Error("a workbook was written despite the error")
	}
}

// TestFillCanvas: a Canvas export with categories given on the command line.
func TestFillCanvas(t *testing.T) {
	dir, norms, _ := fillFixtures(t)
	book := filepath.Join(dir, "canvas.xlsx")
	writeBook(t, book, "Grades", [][]string{
		{"Student", "ID", "SIS User ID", "SIS Login ID", "Section", "HW 1 (11)", "Quiz 1 (12)", "Unit Test (13)", "Current Score"},
		{"    Points Possible", "", "", "", "", "10", "20", "50", "(read only)"},
		{"Lopez, Ana", "501", "s1", "alopez", "P1", "9", "18", "45", "90"},
	})
	res := run(t, "", "fill", "--norms", norms, "--category-map", "HW*=Homework", "--category-map", "Quiz*=Quizzes", "--category-map", "*Test=Tests", book)
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.stderr)
	}
	// Canvas's own Current Score column stays; results start after it.
	out := filepath.Join(dir, "canvas.graded.xlsx")
	if got := cellOf(t, out, "Grades", "J1"); got != "Norms: Homework %" {
		t.Errorf("J1 is %q, want Norms: Homework %%", got)
	}
	if got := cellOf(t, out, "Grades", "N3"); got != "A-" {
		t.Errorf("letter N3 is %q, want A- (90%% everywhere)", got)
	}
	res = run(t, "", "fill", "--norms", norms, book)
	if res.code != exitErrors || !strings.Contains(res.stderr, "no category mapping matches") {
		t.Errorf("without --category-map: exit %d, stderr %q", res.code, res.stderr)
	}
}

// TestFillFileSafety: --in-place and -o write through a symbolic link (the
// link stays, the file it points to is filled), the backup keeps the
// workbook's mode, and a second --in-place keeps the first backup.
func TestFillFileSafety(t *testing.T) {
	dir, norms, book := fillFixtures(t)
	orig, _ := os.ReadFile(book)
	if err := os.Chmod(book, 0o750); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.xlsx")
	if err := os.Symlink(filepath.Base(book), link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if res := run(t, "", "fill", "--norms", norms, "--in-place", link); res.code != 0 {
		t.Fatalf("fill --in-place through a link: %d\n%s", res.code, res.stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced by a file (%v)", err)
	}
	if got := cellOf(t, book, "Gradebook", "P1"); got != "Norms: Final" {
		t.Errorf("the linked workbook was not filled: P1 is %q", got)
	}
	backup := filepath.Join(dir, "link.backup.xlsx")
	if b, err := os.ReadFile(backup); err != nil || !bytes.Equal(b, orig) {
		t.Errorf("the backup is not the original workbook (%v)", err)
	}
	if fi, err := os.Stat(backup); err != nil || fi.Mode().Perm() != 0o750 {
		t.Errorf("the backup's mode is %v, want the workbook's 0750 (%v)", fi.Mode().Perm(), err)
	}
	if fi, err := os.Stat(book); err != nil || fi.Mode().Perm() != 0o750 {
		t.Errorf("the workbook's mode became %v (%v)", fi.Mode().Perm(), err)
	}

	// Again: the first backup stays, the second goes beside it.
	filled, _ := os.ReadFile(book)
	if res := run(t, "", "fill", "--norms", norms, "--in-place", link); res.code != 0 {
		t.Fatalf("second fill --in-place: %d\n%s", res.code, res.stderr)
	}
	if b, _ := os.ReadFile(backup); !bytes.Equal(b, orig) {
		t.Error("the second --in-place overwrote the first backup")
	}
	if b, err := os.ReadFile(filepath.Join(dir, "link.backup-2.xlsx")); err != nil || !bytes.Equal(b, filled) {
		t.Errorf("the second backup is not the workbook as the first fill left it (%v)", err)
	}

	// -o onto a link to another file: written through, the link kept.
	other := filepath.Join(dir, "other.xlsx")
	if err := os.WriteFile(other, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	outLink := filepath.Join(dir, "out.xlsx")
	if err := os.Symlink("other.xlsx", outLink); err != nil {
		t.Fatal(err)
	}
	if res := run(t, "", "fill", "--norms", norms, "-o", outLink, link); res.code != 0 {
		t.Fatalf("fill -o a link: %d\n%s", res.code, res.stderr)
	}
	if fi, err := os.Lstat(outLink); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("-o replaced the link by a file (%v)", err)
	}
	if got := cellOf(t, other, "Gradebook", "P1"); got != "Norms: Final" {
		t.Errorf("the file -o's link points to was not written: P1 is %q", got)
	}
}
