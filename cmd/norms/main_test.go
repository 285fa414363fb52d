package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden from the current output")

// result is what one in-process run of the command produced.
type result struct {
	code           int
	stdout, stderr string
}

// run runs norms with args in-process, with stdin as standard input.
func run(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, strings.NewReader(stdin), &out, &errOut)
	return result{code: code, stdout: out.String(), stderr: errOut.String()}
}

// sampleStudents are the names in the starter gradebook, read from it so the
// tests follow the sample as it changes.
func sampleStudents(t *testing.T) []string {
	t.Helper()
	book, ds := engine.ReadGradebookCSV("gradebook.csv", starter.GradebookCSV)
	if ds.HasErrors() {
		t.Fatalf("starter gradebook: %v", ds)
	}
	var names []string
	for _, s := range book.Students {
		names = append(names, s.Name)
	}
	if len(names) == 0 {
		t.Fatal("the starter gradebook has no students")
	}
	return names
}

// lateStudent is a student of the starter gradebook with late work.
func lateStudent(t *testing.T) engine.Student {
	t.Helper()
	book, _ := engine.ReadGradebookCSV("gradebook.csv", starter.GradebookCSV)
	for _, s := range book.Students {
		for _, sc := range s.Scores {
			if sc.DaysLate > 0 {
				return s
			}
		}
	}
	t.Fatal("the starter gradebook has no late work")
	return engine.Student{}
}

// fixtures writes the files the command tests read into a temp dir and
// returns it. Every file is derived from the starter files or written here,
// so a test names its input in one place.
func fixtures(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	normsText := string(starter.NormsYAML)
	mustReplace := func(old, new string) string {
		t.Helper()
		if !strings.Contains(normsText, old) {
			t.Fatalf("starter norms.yaml no longer contains %q; update the fixture", old)
		}
		return strings.Replace(normsText, old, new, 1)
	}
	files := map[string]string{
		"norms.yaml":    normsText,
		"gradebook.csv": string(starter.GradebookCSV),
		// An unknown key under the first category: an error with a position.
		"bad.yaml": mustReplace("      weight: 20\n", "      weight: 20\n      colour: blue\n"),
		// The first example's letter is wrong, so norms test fails on it.
		"failing.yaml": mustReplace("      letter: B+\n", "      letter: A\n"),
		// A late rule that gives a negative deduction: the students with
		// late work cannot be graded; the others can.
		"broken-late.yaml": mustReplace("  late: min(days_late * 10, 30)\n", "  late: days_late * -10.0\n"),
		// Weights that do not add up to 100: a warning, not an error.
		"warn.yaml": mustReplace("      weight: 20\n", "      weight: 25\n"),
		// Not read yet: the command says to save it as CSV.
		"book.xlsx": "PK\x03\x04",
		"unknown-category.csv": "Student,ID,HW 1,Essay 1\n" +
			"Category,,Homework,Essays\n" +
			"Points Possible,,10,10\n" +
			"Ana Lopez,s1,9,8\n",
		"book.json": `{
  "assignments": [
    {"name": "HW 1", "category": "Homework", "possible": 10},
    {"name": "Quiz 1", "category": "Quizzes", "possible": 20},
    {"name": "Test 1", "category": "Tests", "possible": 50}
  ],
  "students": [
    {"id": "s1", "name": "Ana Lopez", "scores": {"HW 1": 9, "Quiz 1": "18", "Test 1": {"score": 45, "late": 1}}},
    {"id": "s2", "name": "Ben Okafor", "scores": {"HW 1": "M", "Quiz 1": 12, "Test 1": null}}
  ]
}
`,
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// lineOf is the 1-based line of the first occurrence of s in file.
func lineOf(t *testing.T, file, s string) int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(data), s)
	if i < 0 {
		t.Fatalf("%s does not contain %q", file, s)
	}
	return strings.Count(string(data[:i]), "\n") + 1
}

func TestCommands(t *testing.T) {
	dir := fixtures(t)
	p := func(name string) string { return filepath.Join(dir, name) }
	bookJSON, err := os.ReadFile(p("book.json"))
	if err != nil {
		t.Fatal(err)
	}
	badLine := lineOf(t, p("bad.yaml"), "colour: blue")
	failLine := lineOf(t, p("failing.yaml"), "  - name: On-time work")
	students := sampleStudents(t)
	late := lateStudent(t)

	tests := []struct {
		name  string
		args  []string
		stdin string
		code  int
		// Substrings that must appear in stdout and stderr.
		stdout, stderr []string
		// emptyStdout: a failure leaves stdout clean for scripts.
		emptyStdout bool
	}{
		// The command line itself.
		{name: "no arguments", args: nil, code: 2, stderr: []string{"usage: norms <command>"}, emptyStdout: true},
		{name: "help", args: []string{"help"}, code: 0, stdout: []string{"commands:", "init", "check", "test", "grade", "explain", "exit codes:"}},
		{name: "--help", args: []string{"--help"}, code: 0, stdout: []string{"commands:"}},
		{name: "help grade", args: []string{"help", "grade"}, code: 0, stdout: []string{"usage: norms grade", "--format table"}},
		{name: "grade -h", args: []string{"grade", "-h"}, code: 0, stdout: []string{"usage: norms grade"}},
		{name: "help unknown", args: []string{"help", "grdae"}, code: 2, stderr: []string{"norms: unknown command \"grdae\"\nTry: norms help\n"}},
		{name: "unknown command", args: []string{"grdae"}, code: 2, stderr: []string{"norms: unknown command \"grdae\"\nTry: norms help\n"}, emptyStdout: true},
		{name: "version", args: []string{"version"}, code: 0, stdout: []string{"norms "}},
		{name: "unknown flag", args: []string{"check", "--bogus", p("norms.yaml")}, code: 2, stderr: []string{"norms: unknown flag --bogus\n", "Try: norms help check\n"}, emptyStdout: true},
		{name: "unknown flag, one dash", args: []string{"check", "-bogus=1", p("norms.yaml")}, code: 2, stderr: []string{"norms: unknown flag -bogus\n"}, emptyStdout: true},
		{name: "flag given twice", args: []string{"grade", "--example", "--format", "json", "--format=csv"}, code: 2, stderr: []string{"norms: --format is given twice; give it once\n"}, emptyStdout: true},
		{name: "repeatable flag twice", args: []string{"fill", "--category-map", "A*=Homework", "--category-map", "B*=Quizzes", "--norms", p("norms.yaml")}, code: 2, stderr: []string{"fill takes one workbook"}},
		{name: "version with an argument", args: []string{"version", "extra"}, code: 2, stderr: []string{`version takes no arguments, got "extra"`}, emptyStdout: true},
		{name: "flag without its value", args: []string{"grade", "--example", "-o"}, code: 2, stderr: []string{"flag needs an argument: -o", "Try: norms help grade"}},
		{name: "file after --", args: []string{"check", "--", p("norms.yaml")}, code: 0, stdout: []string{": ok ("}},
		{name: "check without file", args: []string{"check"}, code: 2, stderr: []string{"check needs a norms file", "Try: norms help check"}},
		{name: "check two files", args: []string{"check", "a.yaml", "b.yaml"}, code: 2, stderr: []string{"takes one norms file"}},
		{name: "bad format", args: []string{"check", "--format", "xml", p("norms.yaml")}, code: 2, stderr: []string{`--format must be text or json, not "xml"`}},

		// check
		{name: "check ok", args: []string{"check", p("norms.yaml")}, code: 0, stdout: []string{p("norms.yaml") + ": ok (3 categories, 10 letters, 2 flags, 3 behaviors, 1 rule, 6 examples)\n"}},
		{name: "check json, flag after file", args: []string{"check", p("norms.yaml"), "--format", "json"}, code: 0, stdout: []string{`"ok": true`, `"diagnostics": []`}},
		{name: "check warning", args: []string{"check", p("warn.yaml")}, code: 0, stdout: []string{": ok (", "; 1 warning)"}, stderr: []string{"warning: the weights add up to 105", "[norms/weight-sum]"}},
		{name: "check error with position", args: []string{"check", p("bad.yaml")}, code: 1,
			stderr:      []string{p("bad.yaml") + ":" + strconv.Itoa(badLine) + ":7: unknown key \"colour\"", "[norms/unknown-key]", " |       colour: blue\n | ......^"},
			emptyStdout: true},
		{name: "check error json", args: []string{"check", "--format=json", p("bad.yaml")}, code: 1, stdout: []string{`"ok": false`, `"code": "norms/unknown-key"`, `"line": ` + strconv.Itoa(badLine), `"column": 7`}},
		{name: "check a directory", args: []string{"check", dir}, code: 1, stderr: []string{"norms: cannot read " + dir + ": is a directory\n"}, emptyStdout: true},
		{name: "check missing file", args: []string{"check", p("missing.yaml")}, code: 1, stderr: []string{"norms: cannot read " + p("missing.yaml") + ": no such file\n"}, emptyStdout: true},

		// test
		{name: "test passes", args: []string{"test", p("norms.yaml")}, code: 0, stdout: []string{"PASS On-time work, a half rounds up\n", "6 passed, 0 failed\n"}},
		{name: "test fails", args: []string{"test", p("failing.yaml")}, code: 3,
			stdout: []string{"FAIL On-time work, a half rounds up (" + p("failing.yaml") + ":" + strconv.Itoa(failLine) + ")\n", "    letter: expected A, got B+\n", "5 passed, 1 failed\n"}},
		{name: "test fails json", args: []string{"test", "--format", "json", p("failing.yaml")}, code: 3, stdout: []string{`"ok": false`, `"passed": 5`, `"failed": 1`, `letter: expected A, got B+`}},
		{name: "test of a broken file", args: []string{"test", p("bad.yaml")}, code: 1, stderr: []string{"[norms/unknown-key]"}, emptyStdout: true},

		// grade
		{name: "grade example", args: []string{"grade", "--example"}, code: 0, stdout: append([]string{"Student", "Final", "Letter", "Projected", "Flags"}, students...)},
		{name: "grade csv file", args: []string{"grade", "--norms", p("norms.yaml"), p("gradebook.csv")}, code: 0, stdout: students},
		{name: "grade norms and book as arguments", args: []string{"grade", p("norms.yaml"), p("gradebook.csv"), "--format", "csv"}, code: 0, stdout: []string{"student,id,Homework,Quizzes,Tests,final,rounded,letter,projected,projected_letter,flags,missing_count\n"}},
		{name: "grade json file", args: []string{"grade", "--norms", p("norms.yaml"), p("book.json")}, code: 0, stdout: []string{"Ana Lopez", "Ben Okafor"}},
		{name: "grade json from stdin, sniffed", args: []string{"grade", "--norms", p("norms.yaml"), "--format", "csv", "-"}, stdin: string(bookJSON), code: 0, stdout: []string{"Ana Lopez,s1,", "Ben Okafor,s2,"}},
		{name: "grade csv from stdin", args: []string{"grade", "--norms", p("norms.yaml"), "-"}, stdin: string(starter.GradebookCSV), code: 0, stdout: students},
		{name: "grade example with a file", args: []string{"grade", "--example", p("gradebook.csv")}, code: 2, stderr: []string{"--example uses the starter norms", "Try: norms help grade"}},
		{name: "grade without norms", args: []string{"grade", p("gradebook.csv")}, code: 2, stderr: []string{"grade needs a norms file"}},
		{name: "grade without gradebook", args: []string{"grade", "--norms", p("norms.yaml")}, code: 2, stderr: []string{"grade needs a gradebook"}},
		{name: "grade both from stdin", args: []string{"grade", "--norms", "-", "-"}, code: 2, stderr: []string{"only one of"}},
		{name: "grade missing gradebook file", args: []string{"grade", "--norms", p("norms.yaml"), p("gradebook-missing.csv")}, code: 1, stderr: []string{"norms: cannot read " + p("gradebook-missing.csv") + ": no such file\n"}, emptyStdout: true},
		{name: "grade broken norms", args: []string{"grade", "--norms", p("bad.yaml"), p("gradebook.csv")}, code: 1, stderr: []string{":" + strconv.Itoa(badLine) + ":7:"}, emptyStdout: true},
		{name: "grade data error", args: []string{"grade", "--norms", p("norms.yaml"), p("unknown-category.csv")}, code: 1, stderr: []string{p("unknown-category.csv") + ": ", "\"Essays\", which the norms do not define", "[gradebook/unknown-category]"}, emptyStdout: true},
		{name: "grade student errors", args: []string{"grade", "--norms", p("broken-late.yaml"), p("gradebook.csv")}, code: 1,
			stdout: []string{"could not grade: the late expression"}, stderr: []string{"could not grade " + late.Name + " (" + late.ID + ")"}},
		{name: "grade a file that is not xlsx", args: []string{"grade", "--norms", p("norms.yaml"), p("book.xlsx")}, code: 1, stderr: []string{"this is not a workbook Norms can read"}, emptyStdout: true},
		{name: "grade json format", args: []string{"grade", "--example", "--format", "json"}, code: 0, stdout: []string{`"team": "Grade 7 Team"`, `"students": [`}},

		// explain
		{name: "explain by id", args: []string{"explain", "--example", "--student", "7001"}, code: 0, stdout: []string{students[0], "letter "}},
		{name: "explain by name, any case", args: []string{"explain", "--norms", p("norms.yaml"), "--student", strings.ToUpper(students[1]), p("gradebook.csv")}, code: 0, stdout: []string{students[1]}},
		{name: "explain json", args: []string{"explain", "--example", "--student", "7001", "--format", "json"}, code: 0, stdout: []string{`"student": {`, `"steps": [`}},
		{name: "explain a student who cannot be graded", args: []string{"explain", "--norms", p("broken-late.yaml"), "--student", late.ID, p("gradebook.csv")}, code: 1, stdout: []string{"could not grade: the late expression"}},
		{name: "explain without student", args: []string{"explain", "--example"}, code: 2, stderr: []string{"explain needs --student", "Try: norms help explain"}},
		{name: "explain unknown student", args: []string{"explain", "--example", "--student", "Nobody Here"}, code: 1, stderr: []string{"no student has the ID or name \"Nobody Here\"", "[explain/no-student]"}, emptyStdout: true},

		// init
		{name: "init too many", args: []string{"init", "a", "b"}, code: 2, stderr: []string{"init takes at most one directory"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := run(t, tc.stdin, tc.args...)
			if r.code != tc.code {
				t.Errorf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, tc.code, r.stdout, r.stderr)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(r.stdout, s) {
					t.Errorf("stdout does not contain %q\nstdout:\n%s", s, r.stdout)
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(r.stderr, s) {
					t.Errorf("stderr does not contain %q\nstderr:\n%s", s, r.stderr)
				}
			}
			if tc.emptyStdout && r.stdout != "" {
				t.Errorf("stdout = %q, want nothing", r.stdout)
			}
			if strings.Contains(r.stderr, "internal error") {
				t.Errorf("panic: %s", r.stderr)
			}
		})
	}
}

// Errors are printed once, by Main, however deep they arise.
func TestErrorPrintedOnce(t *testing.T) {
	r := run(t, "", "grade", "--norms", "no-such-norms.yaml", "gradebook.csv")
	if n := strings.Count(r.stderr, "cannot read"); n != 1 {
		t.Errorf("the error is printed %d times, want once:\n%s", n, r.stderr)
	}
	r = run(t, "", "check", "--bogus")
	if n := strings.Count(r.stderr, "bogus"); n != 1 {
		t.Errorf("the usage error is printed %d times, want once:\n%s", n, r.stderr)
	}
}

// init writes files that check and test accept as they are, and refuses to
// overwrite them without --force.
func TestInitThenCheckAndTest(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "grade7")
	if r := run(t, "", "init", dir); r.code != 0 || r.stdout != "" {
		t.Fatalf("init: exit %d, stdout %q, stderr:\n%s", r.code, r.stdout, r.stderr)
	}
	normsPath := filepath.Join(dir, "norms.yaml")
	bookPath := filepath.Join(dir, "gradebook.csv")
	for path, want := range map[string][]byte{normsPath: starter.NormsYAML, bookPath: starter.GradebookCSV} {
		got, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s: not the starter file (err %v)", path, err)
		}
	}
	for _, args := range [][]string{
		{"check", normsPath},
		{"test", normsPath},
		{"grade", "--norms", normsPath, bookPath},
	} {
		if r := run(t, "", args...); r.code != 0 {
			t.Errorf("%s: exit %d, want 0\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
	}

	// A second init refuses and leaves the team's edits alone.
	edited := []byte("norms: 1\n# our edits\n")
	if err := os.WriteFile(normsPath, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "", "init", dir)
	if r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("second init: exit %d, stderr %q; want 1 and \"already exists\"", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(normsPath); !bytes.Equal(got, edited) {
		t.Error("a refused init changed norms.yaml")
	}
	if r := run(t, "", "init", "--force", dir); r.code != 0 {
		t.Errorf("init --force: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	if got, _ := os.ReadFile(normsPath); !bytes.Equal(got, starter.NormsYAML) {
		t.Error("init --force did not restore norms.yaml")
	}
	assertNoTempFiles(t, dir)
}

// -o writes the report in one step, leaves the inputs alone, and refuses to
// write over an input.
func TestGradeOutputFile(t *testing.T) {
	dir := fixtures(t)
	normsPath, bookPath := filepath.Join(dir, "norms.yaml"), filepath.Join(dir, "gradebook.csv")
	out := filepath.Join(dir, "report.csv")

	want := run(t, "", "grade", "--norms", normsPath, "--format", "csv", bookPath)
	r := run(t, "", "grade", "--norms", normsPath, "--format", "csv", "-o", out, bookPath)
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("grade -o: exit %d, stdout %q, stderr:\n%s", r.code, r.stdout, r.stderr)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want.stdout {
		t.Errorf("-o wrote\n%s\nwant what stdout shows:\n%s", got, want.stdout)
	}
	// Writing again replaces the old report.
	if r := run(t, "", "grade", "--example", "-o", out); r.code != 0 {
		t.Errorf("grade -o over an old report: exit %d, stderr:\n%s", r.code, r.stderr)
	}

	for _, input := range []string{normsPath, bookPath, filepath.Join(dir, ".", "gradebook.csv")} {
		before, _ := os.ReadFile(input)
		r := run(t, "", "grade", "--norms", normsPath, "-o", input, bookPath)
		if r.code != 2 || !strings.Contains(r.stderr, "would overwrite") {
			t.Errorf("-o %s: exit %d, stderr %q; want 2 and \"would overwrite\"", input, r.code, r.stderr)
		}
		if after, _ := os.ReadFile(input); !bytes.Equal(before, after) {
			t.Errorf("-o %s changed the input", input)
		}
	}
	if got, _ := os.ReadFile(normsPath); !bytes.Equal(got, starter.NormsYAML) {
		t.Error("grading changed the norms file")
	}
	if got, _ := os.ReadFile(bookPath); !bytes.Equal(got, starter.GradebookCSV) {
		t.Error("grading changed the gradebook")
	}
	assertNoTempFiles(t, dir)
}

func assertNoTempFiles(t *testing.T, dir string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

// The machine-readable formats hold every sample student and parse as what
// they claim to be.
func TestGradeFormatsParse(t *testing.T) {
	students := sampleStudents(t)

	r := run(t, "", "grade", "--example", "--format", "json")
	var rep engine.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("grade --format json does not parse as engine.Report: %v", err)
	}
	if len(rep.Students) != len(students) {
		t.Errorf("json has %d students, want %d", len(rep.Students), len(students))
	}
	for i, s := range rep.Students {
		if i < len(students) && s.Name != students[i] {
			t.Errorf("json student %d is %q, want %q", i, s.Name, students[i])
		}
		if s.Error != "" || s.Rounded == nil || s.Letter == "" {
			t.Errorf("json student %q has no grade: %+v", s.Name, s)
		}
	}

	r = run(t, "", "grade", "--example", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatalf("grade --format csv does not parse: %v", err)
	}
	if len(rows) != len(students)+1 {
		t.Fatalf("csv has %d rows, want a header and %d students", len(rows), len(students))
	}
	for i, name := range students {
		if rows[i+1][0] != name {
			t.Errorf("csv row %d is %q, want %q", i+1, rows[i+1][0], name)
		}
	}

	// Every student has a row in the table, and the table and the report
	// agree on the letters.
	r = run(t, "", "grade", "--example")
	for _, s := range rep.Students {
		if !strings.Contains(r.stdout, s.Name) || !strings.Contains(r.stdout, " "+s.Letter+" ") {
			t.Errorf("table has no row for %s with letter %s:\n%s", s.Name, s.Letter, r.stdout)
		}
	}
}

// The golden files record the exact output of the sample; refresh them with
// go test ./cmd/norms -update after a deliberate change, never by hand.
func TestGolden(t *testing.T) {
	students := sampleStudents(t)
	cases := []struct {
		file string
		args []string
	}{
		{"grade-example-table.txt", []string{"grade", "--example"}},
		{"grade-example-csv.txt", []string{"grade", "--example", "--format", "csv"}},
		{"grade-example-json.txt", []string{"grade", "--example", "--format", "json"}},
		{"explain-example.txt", []string{"explain", "--example", "--student", students[0]}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			r := run(t, "", tc.args...)
			if r.code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			path := filepath.Join("testdata", "golden", tc.file)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
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
				t.Errorf("norms %s differs from %s (if the change is intended, run go test ./cmd/norms -update)\ngot:\n%s\nwant:\n%s",
					strings.Join(tc.args, " "), path, r.stdout, want)
			}
		})
	}
}

// panicWriter fails the way a bug would: by panicking.
type panicWriter struct{}

func (panicWriter) Write([]byte) (int, error) { panic("boom") }

// A panic is reported as an internal error with exit code 1, not a crash.
func TestPanicIsInternalError(t *testing.T) {
	var errOut bytes.Buffer
	code := Main([]string{"version"}, strings.NewReader(""), panicWriter{}, &errOut)
	if code != 1 || !strings.Contains(errOut.String(), "norms: internal error: boom") {
		t.Errorf("exit %d, stderr %q; want 1 and an internal error", code, errOut.String())
	}
}
