package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
)

// conductFixtures writes the files the conduct tests read into a temp dir
// and returns it: the starter norms and log, and logs with one mistake each.
func conductFixtures(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	const header = "date,time,student_id,student_name,behavior,teacher,note\n"
	files := map[string]string{
		"norms.yaml":    string(starter.NormsYAML),
		"incidents.csv": string(starter.IncidentsCSV),
		// The same three incidents of Jordan Lee in JSON, out of order.
		"incidents.json": `{"incidents": [
  {"date": "2026-09-15", "student_id": "7002", "student_name": "Jordan Lee", "behavior": "late to class", "teacher": "Mr Okafor"},
  {"date": "2026-09-08", "time": "8:05", "student_id": "7002", "student_name": "Jordan Lee", "behavior": "Tardy", "teacher": "Ms Rivera"},
  {"date": "10/6/2026", "student_id": "7002", "student_name": "Jordan Lee", "behavior": "late", "teacher": "Ms Rivera"}
]}
`,
		// Row 2 (line 3) has a date that does not exist.
		"bad-date.csv": header +
			"2026-09-08,,7002,Jordan Lee,Tardy,Ms Rivera,\n" +
			"2026-13-40,,7002,Jordan Lee,Tardy,Ms Rivera,\n",
		// Row 2 (line 3) misspells Tardy.
		"unknown-behavior.csv": header +
			"2026-09-08,,7002,Jordan Lee,Tardy,Ms Rivera,\n" +
			"2026-09-09,,7002,Jordan Lee,Tardee,Ms Rivera,\n",
		// Unknown behaviors flagged, and Disrespect escalating past its
		// ladder to the Referral rule's consequence.
		"flag-escalate.yaml": strings.NewReplacer(
			"conduct:\n  behaviors:\n", "conduct:\n  unknown_behaviors: flag\n  behaviors:\n",
			"      ladder: [Conference, Detention]\n", "      ladder: [Conference, Detention]\n      then: escalate\n      escalate_to: Referral\n",
		).Replace(string(starter.NormsYAML)),
		// Grading norms only: nothing to apply to a log.
		"grading-only.yaml": "norms: 1\nteam: T\ngrading:\n  categories: [{name: Work, weight: 100}]\n",
		"incidents.xlsx":    "PK\x03\x04",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// column is the 1-based column of the first occurrence of s on line (1-based)
// of file.
func column(t *testing.T, file string, line int, s string) int {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	if line > len(lines) || !strings.Contains(lines[line-1], s) {
		t.Fatalf("line %d of %s does not contain %q", line, file, s)
	}
	return strings.Index(lines[line-1], s) + 1
}

func TestConduct(t *testing.T) {
	dir := conductFixtures(t)
	p := func(name string) string { return filepath.Join(dir, name) }
	logJSON, err := os.ReadFile(p("incidents.json"))
	if err != nil {
		t.Fatal(err)
	}
	unknownCol := column(t, p("unknown-behavior.csv"), 3, "Tardee")
	today := time.Now().Format("2006-01-02")

	tests := []struct {
		name  string
		args  []string
		stdin string
		code  int
		// Substrings that must appear in stdout and stderr, and that
		// must not appear in stdout.
		stdout, stderr, notStdout []string
		emptyStdout               bool
	}{
		// Every format, on the sample files.
		{name: "example table", args: []string{"conduct", "--example"}, code: 0,
			stdout: []string{"Grade 7 Team\n\n", "Date  ", "Consequence", "Rules fired",
				// The same-day pair: the 09:05 row comes first although the log lists it second.
				"2026-10-01  09:05  Sofia Garcia  7003  Phone       1  Warning\n",
				"2026-10-01  14:15  Sofia Garcia  7003  Phone       2  Phone held until end of day\n",
				// An alias is reported under the behavior's name.
				"2026-10-06  -      Jordan Lee    7002  Tardy       3  Lunch detention\n",
				// Referral by 30 days, and by points.
				"Ethan Brooks  7004  Disrespect  2  Detention                    Referral: Office referral\n",
				"Jordan Lee    7002  Disrespect  1  Conference                   Referral: Office referral\n"},
			notStdout: []string{"Standing"}},
		{name: "example csv", args: []string{"conduct", "--example", "--format", "csv"}, code: 0,
			stdout: []string{"row,date,time,student_id,student_name,behavior,teacher,note,occurrence,consequence,escalated_to,rules,flags\n",
				"11,2026-10-06,,7002,Jordan Lee,Tardy,Ms Rivera,,3,Lunch detention,,,\n",
				`9,2026-09-10,,7004,Ethan Brooks,Disrespect,Ms Rivera,"talked back, left without permission",1,Conference,,,` + "\n",
				",Referral: Office referral,\n"}},
		{name: "example json", args: []string{"conduct", "--example", "--format", "json"}, code: 0,
			stdout:    []string{"{\n  \"team\": \"Grade 7 Team\",\n  \"incidents\": [\n    {\n      \"row\": 8,", `"consequence": "Lunch detention"`, `"name": "Referral"`},
			notStdout: []string{`"standing"`, `"as_of"`}},

		// --student and --as-of.
		{name: "student by name, any case", args: []string{"conduct", "--example", "--student", "JORDAN LEE"}, code: 0,
			stdout: []string{"Jordan Lee  7002  Tardy       4  Lunch detention\n"}, notStdout: []string{"Ethan", "Sofia"}},
		{name: "student by id, json", args: []string{"conduct", "--example", "--student", "7004", "--format", "json"}, code: 0,
			stdout: []string{`"student": "7004"`, `"student_name": "Ethan Brooks"`}, notStdout: []string{"Jordan"}},
		{name: "student without incidents", args: []string{"conduct", "--example", "--student", "Jordan Le"}, code: 0,
			stdout: []string{"(no incidents)\n"}, stderr: []string{`warning: no incidents for student "Jordan Le" (did you mean "Jordan Lee"?)`, "[conduct/no-student]"}},
		{name: "as of a day", args: []string{"conduct", "--example", "--as-of", "2026-10-10"}, code: 0,
			stdout: []string{"2026-10-08  13:20  Chloe Martin", "Standing as of 2026-10-10",
				"Student       ID    Behavior    Resets  Since       Count  Next",
				"Jordan Lee    7002  Tardy       term    2026-08-24      3  Lunch detention\n",
				"Jordan Lee    7002  Phone       week    2026-10-05      0  Warning\n",
				// A second disrespect would be Ethan's 3rd this term (Detention
				// again); Referral already fired this term, so it would not.
				"Ethan Brooks  7004  Disrespect  term    2026-08-24      2  Detention\n"},
			notStdout: []string{"2026-10-13", "2027-01-12"},
			stderr:    []string{"starter/incidents.csv: warning: 11 incidents are dated after 2026-10-10 (as of) and were left out [conduct/after-as-of]"}},
		{name: "as of a day, student, json", args: []string{"conduct", "--example", "--as-of", "10/10/2026", "--student", "7008", "--format", "json"}, code: 0,
			stdout: []string{`"as_of": "2026-10-10"`, `"standing": [`, `"behavior": "Disrespect"`, `"next": "Detention"`}},
		{name: "as of today", args: []string{"conduct", "--example", "--as-of", "today", "--format", "json"}, code: 0,
			// Whether incidents come after today depends on the clock, so
			// stderr may hold a warning (a non-nil list skips the check).
			stdout: []string{`"as_of": "` + today + `"`, `"standing": [`}, stderr: []string{}},
		{name: "as of a day that is no date", args: []string{"conduct", "--example", "--as-of", "tomorrow"}, code: 2,
			stderr: []string{`norms: --as-of: "tomorrow" is not a date`, "Try: norms help conduct"}, emptyStdout: true},
		{name: "as of a day the date format cannot read", args: []string{"conduct", "--example", "--as-of", "13/9/2026"}, code: 2,
			stderr: []string{`"13/9/2026" is not a date when read as month/day/year`, "Try: norms help conduct"}, emptyStdout: true},

		// Files and standard input.
		{name: "norms flag and csv log", args: []string{"conduct", "--norms", p("norms.yaml"), p("incidents.csv")}, code: 0, stdout: []string{"Referral: Office referral"}},
		{name: "norms and log as arguments", args: []string{"conduct", p("norms.yaml"), p("incidents.json"), "--format", "csv"}, code: 0,
			stdout: []string{"2,2026-09-08,08:05,7002,Jordan Lee,Tardy,Ms Rivera,,1,Warning,,,\n", "1,2026-09-15,,7002,Jordan Lee,Tardy,Mr Okafor,,2,Parent contact,,,\n", "3,2026-10-06,,7002,Jordan Lee,Tardy,Ms Rivera,,3,Lunch detention,,,\n"}},
		{name: "json log from stdin, sniffed", args: []string{"conduct", "--norms", p("norms.yaml"), "-"}, stdin: string(logJSON), code: 0, stdout: []string{"Lunch detention"}},
		{name: "csv log from stdin", args: []string{"conduct", "--norms", p("norms.yaml"), "-"}, stdin: string(starter.IncidentsCSV), code: 0, stdout: []string{"Chloe Martin"}},

		// Problems in the log: file:line:col, exit 1, nothing on stdout.
		{name: "bad date", args: []string{"conduct", "--norms", p("norms.yaml"), p("bad-date.csv")}, code: 1,
			stderr: []string{p("bad-date.csv") + `:3:1: row 2: "2026-13-40" is not a date`, "[incidents/date]"}, emptyStdout: true},
		{name: "unknown behavior", args: []string{"conduct", "--norms", p("norms.yaml"), p("unknown-behavior.csv")}, code: 1,
			stderr:      []string{p("unknown-behavior.csv") + ":3:" + strconv.Itoa(unknownCol) + `: "Tardee" is not a behavior of the norms (did you mean "Tardy"?)`, "[incidents/unknown-behavior]"},
			emptyStdout: true},
		{name: "flagged and escalated", args: []string{"conduct", "--norms", p("flag-escalate.yaml"), "--as-of", "2026-10-31", p("unknown-behavior.csv")}, code: 0,
			stdout: []string{"2026-09-09  -     Jordan Lee  7002  Tardee    -  -            (unknown behavior)\n"}},
		{name: "escalated", args: []string{"conduct", "--norms", p("flag-escalate.yaml"), "--as-of", "2026-10-31", "--student", "7004", p("incidents.csv")}, code: 0,
			stdout: []string{"2026-10-27  -     Ethan Brooks  7004  Disrespect  3  Office referral (escalated to rule Referral)\n",
				"Ethan Brooks  7004  Disrespect  term    2026-08-24      3  Office referral (escalated to rule Referral)\n"}},
		{name: "norms without conduct", args: []string{"conduct", "--norms", p("grading-only.yaml"), p("incidents.csv")}, code: 1, stderr: []string{"[conduct/no-behaviors]"}, emptyStdout: true},
		{name: "missing log", args: []string{"conduct", "--norms", p("norms.yaml"), p("missing.csv")}, code: 1, stderr: []string{"norms: cannot read " + p("missing.csv") + ": no such file\n"}, emptyStdout: true},
		{name: "broken workbook log", args: []string{"conduct", "--norms", p("norms.yaml"), p("incidents.xlsx")}, code: 1, stderr: []string{"not a workbook Norms can read"}, emptyStdout: true},

		// The command line.
		{name: "help", args: []string{"help", "conduct"}, code: 0, stdout: []string{"usage: norms conduct --norms NORMS", "--as-of DATE", "--student ID_OR_NAME", "--format csv"}},
		{name: "listed in help", args: []string{"help"}, code: 0, stdout: []string{"  conduct  apply the conduct norms to an incident log\n"}},
		{name: "without norms", args: []string{"conduct", p("incidents.csv")}, code: 2, stderr: []string{"conduct needs a norms file", "Try: norms help conduct"}},
		{name: "without log", args: []string{"conduct", "--norms", p("norms.yaml")}, code: 2, stderr: []string{"conduct needs an incident log"}},
		{name: "two logs", args: []string{"conduct", "--norms", p("norms.yaml"), "a.csv", "b.csv"}, code: 2, stderr: []string{"takes one incident log, got 2"}},
		{name: "example with a file", args: []string{"conduct", "--example", p("incidents.csv")}, code: 2, stderr: []string{"--example uses the starter norms and sample incident log"}},
		{name: "both from stdin", args: []string{"conduct", "--norms", "-", "-"}, code: 2, stderr: []string{"only one of"}},
		{name: "bad format", args: []string{"conduct", "--example", "--format", "text"}, code: 2, stderr: []string{`--format must be table or json or csv, not "text"`}},
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
			for _, s := range tc.notStdout {
				if strings.Contains(r.stdout, s) {
					t.Errorf("stdout contains %q\nstdout:\n%s", s, r.stdout)
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
			if tc.code == 0 && tc.stderr == nil && r.stderr != "" {
				t.Errorf("stderr = %q, want nothing", r.stderr)
			}
			if strings.Contains(r.stderr, "internal error") {
				t.Errorf("panic: %s", r.stderr)
			}
		})
	}
}

// The json format is the engine's report; the csv format has the same
// incidents in the same order, and the table a row for each.
func TestConductFormatsAgree(t *testing.T) {
	log, ds := engine.ReadIncidentsCSV("incidents.csv", starter.IncidentsCSV, "mdy")
	if ds.HasErrors() {
		t.Fatalf("starter log: %v", ds)
	}
	n := len(log.Incidents)

	r := run(t, "", "conduct", "--example", "--format", "json")
	var rep engine.ConductReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("conduct --format json does not parse as engine.ConductReport: %v", err)
	}
	if len(rep.Incidents) != n {
		t.Fatalf("json has %d incidents, want the log's %d", len(rep.Incidents), n)
	}
	for i := 1; i < n; i++ {
		a, b := rep.Incidents[i-1], rep.Incidents[i]
		if a.Date > b.Date || a.Date == b.Date && a.Time > b.Time {
			t.Errorf("incident %d (%s %s) comes after %d (%s %s): not in chronological order", i-1, a.Date, a.Time, i, b.Date, b.Time)
		}
	}

	r = run(t, "", "conduct", "--example", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatalf("conduct --format csv does not parse: %v", err)
	}
	if len(rows) != n+1 {
		t.Fatalf("csv has %d rows, want a header and %d incidents", len(rows), n)
	}
	for i, inc := range rep.Incidents {
		row := rows[i+1]
		want := []string{strconv.Itoa(inc.Row), inc.Date, inc.Time, inc.StudentID, inc.StudentName, inc.Behavior}
		if got := row[:len(want)]; strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("csv row %d starts %q, json says %q", i+1, got, want)
		}
		if row[8] != strconv.Itoa(inc.Occurrence) || row[9] != inc.Consequence {
			t.Errorf("csv row %d: occurrence %s, consequence %s; json says %d, %s", i+1, row[8], row[9], inc.Occurrence, inc.Consequence)
		}
	}

	r = run(t, "", "conduct", "--example")
	// The team's name, a blank line, the header, one line per incident.
	if got := strings.Count(r.stdout, "\n"); got != n+3 {
		t.Errorf("table has %d lines, want %d:\n%s", got, n+3, r.stdout)
	}
}

// -o writes the report in one step and refuses to write over an input.
func TestConductOutputFile(t *testing.T) {
	dir := conductFixtures(t)
	normsPath, logPath := filepath.Join(dir, "norms.yaml"), filepath.Join(dir, "incidents.csv")
	out := filepath.Join(dir, "consequences.csv")

	want := run(t, "", "conduct", "--norms", normsPath, "--format", "csv", logPath)
	r := run(t, "", "conduct", "--norms", normsPath, "--format", "csv", "-o", out, logPath)
	if r.code != 0 || r.stdout != "" {
		t.Fatalf("conduct -o: exit %d, stdout %q, stderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if got, err := os.ReadFile(out); err != nil || string(got) != want.stdout {
		t.Errorf("-o wrote\n%s\nwant what stdout shows:\n%s (err %v)", got, want.stdout, err)
	}
	for _, input := range []string{normsPath, logPath, filepath.Join(dir, ".", "incidents.csv")} {
		before, _ := os.ReadFile(input)
		r := run(t, "", "conduct", "--norms", normsPath, "-o", input, logPath)
		if r.code != 2 || !strings.Contains(r.stderr, "would overwrite") {
			t.Errorf("-o %s: exit %d, stderr %q; want 2 and \"would overwrite\"", input, r.code, r.stderr)
		}
		if after, _ := os.ReadFile(input); !bytes.Equal(before, after) {
			t.Errorf("-o %s changed the input", input)
		}
	}
	assertNoTempFiles(t, dir)
}

// The golden file records the exact table of the sample; refresh it with
// go test ./cmd/norms -update after a deliberate change, never by hand.
func TestConductGolden(t *testing.T) {
	r := run(t, "", "conduct", "--example")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
	}
	path := filepath.Join("testdata", "golden", "conduct-example-table.txt")
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
		t.Errorf("norms conduct --example differs from %s (if the change is intended, run go test ./cmd/norms -update)\ngot:\n%s\nwant:\n%s", path, r.stdout, want)
	}
}

// norms test runs the starter's conduct examples beside its grading ones,
// and a conduct example expecting another consequence fails with the one
// it got.
func TestConductExamples(t *testing.T) {
	dir := t.TempDir()
	normsPath := filepath.Join(dir, "norms.yaml")
	if err := os.WriteFile(normsPath, starter.NormsYAML, 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, "", "test", normsPath)
	for _, s := range []string{"PASS Third tardy of the term\n", "PASS Second disrespect within 30 days\n", "6 passed, 0 failed\n"} {
		if r.code != 0 || !strings.Contains(r.stdout, s) {
			t.Errorf("norms test of the starter: exit %d, stdout does not contain %q:\n%s%s", r.code, s, r.stdout, r.stderr)
		}
	}

	const want = "      consequence: Lunch detention\n"
	if !bytes.Contains(starter.NormsYAML, []byte(want)) {
		t.Fatalf("starter norms.yaml no longer contains %q; update the test", want)
	}
	failing := bytes.Replace(starter.NormsYAML, []byte(want), []byte("      consequence: Parent contact\n"), 1)
	if err := os.WriteFile(normsPath, failing, 0o644); err != nil {
		t.Fatal(err)
	}
	line := lineOf(t, normsPath, "  - name: Third tardy of the term")
	r = run(t, "", "test", normsPath)
	for _, s := range []string{
		"FAIL Third tardy of the term (" + normsPath + ":" + strconv.Itoa(line) + ")\n",
		"    consequence: expected Parent contact, got Lunch detention (occurrence 3 of Tardy)\n",
		"5 passed, 1 failed\n",
	} {
		if r.code != 3 || !strings.Contains(r.stdout, s) {
			t.Errorf("norms test with a wrong conduct example: exit %d (want 3), stdout does not contain %q:\n%s%s", r.code, s, r.stdout, r.stderr)
		}
	}
}

// norms init writes the sample log too, and conduct reads what init wrote.
func TestInitWritesIncidents(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, "", "init", dir); r.code != 0 {
		t.Fatalf("init: exit %d, stderr:\n%s", r.code, r.stderr)
	}
	logPath := filepath.Join(dir, "incidents.csv")
	if got, err := os.ReadFile(logPath); err != nil || !bytes.Equal(got, starter.IncidentsCSV) {
		t.Fatalf("%s: not the starter log (err %v)", logPath, err)
	}
	r := run(t, "", "conduct", "--norms", filepath.Join(dir, "norms.yaml"), logPath)
	want := run(t, "", "conduct", "--example")
	if r.code != 0 || r.stdout != want.stdout {
		t.Errorf("conduct of the files init wrote: exit %d, stdout\n%s\nwant the --example report:\n%s", r.code, r.stdout, want.stdout)
	}
}

// "today" is the caller's clock, read by the command and never the engine.
func TestAsOfDate(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 10, 9, 23, 59, 0, 0, time.Local) }
	for in, want := range map[string]string{"today": "2026-10-09", " Today ": "2026-10-09", "2026-10-01": "2026-10-01", "": "", "10/1/2026": "10/1/2026"} {
		if got := asOfDate(in, now); got != want {
			t.Errorf("asOfDate(%q) = %q, want %q", in, got, want)
		}
	}
}

// conduct reads an Incidents sheet as it reads the CSV log, names the
// sheet's cells in problems, and fill writes the consequences beside the
// incidents.
func TestConductWorkbook(t *testing.T) {
	dir := t.TempDir()
	normsPath := filepath.Join(dir, "norms.yaml")
	if err := os.WriteFile(normsPath, starter.NormsYAML, 0o644); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(starter.IncidentsCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(dir, "log.xlsx")
	writeBook(t, book, "Incidents", rows)
	r := run(t, "", "conduct", "--norms", normsPath, book)
	want := run(t, "", "conduct", "--example")
	if r.code != 0 || r.stdout != want.stdout {
		t.Errorf("conduct of the Incidents sheet: exit %d, stderr %s, stdout\n%s\nwant\n%s", r.code, r.stderr, r.stdout, want.stdout)
	}
	// The same workbook from standard input.
	data, _ := os.ReadFile(book)
	if r := run(t, string(data), "conduct", "--norms", normsPath, "-"); r.code != 0 || r.stdout != want.stdout {
		t.Errorf("conduct of a workbook on stdin: exit %d, stderr %s", r.code, r.stderr)
	}
	// A bad date names its cell.
	rows[2][0] = "someday"
	writeBook(t, book, "Incidents", rows)
	if r := run(t, "", "conduct", "--norms", normsPath, book); r.code != 1 || !strings.Contains(r.stderr, book+": Incidents!A3: ") {
		t.Errorf("bad date: exit %d, stderr %q; want 1 and the cell Incidents!A3", r.code, r.stderr)
	}
	// A behavior the norms do not know is found by the engine, after
	// reading; conduct and report both name its cell, not a line of the
	// text the sheet was read as.
	rows[2][0], rows[2][4] = "2026-09-17", "Skateboarding"
	writeBook(t, book, "Incidents", rows)
	gradebook := filepath.Join(dir, "gradebook.csv")
	if err := os.WriteFile(gradebook, starter.GradebookCSV, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"conduct", "--norms", normsPath, book},
		{"report", "--norms", normsPath, "--log", book, "--as-of", "2026-11-20", "-o", filepath.Join(dir, "r.html"), gradebook},
	} {
		if r := run(t, "", args...); r.code != 1 || !strings.Contains(r.stderr, book+": Incidents!E3: ") {
			t.Errorf("%s with an unknown behavior: exit %d, stderr %q; want 1 and the cell Incidents!E3", args[0], r.code, r.stderr)
		}
	}
	// fill writes Norms: # and Norms: Consequence beside each incident.
	rows[2][4] = "Phone"
	writeBook(t, book, "Incidents", rows)
	if r := run(t, "", "fill", "--norms", normsPath, book); r.code != 0 {
		t.Fatalf("fill: exit %d, stderr %s", r.code, r.stderr)
	}
	graded := filepath.Join(dir, "log.graded.xlsx")
	if got := cellOf(t, graded, "Incidents", "H1") + "|" + cellOf(t, graded, "Incidents", "I1"); got != "Norms: #|Norms: Consequence" {
		t.Errorf("result headers: got %q", got)
	}
	// Jordan Lee's second phone incident (row 3).
	if got := cellOf(t, graded, "Incidents", "H3"); got != "2" {
		t.Errorf("H3: got %q, want 2", got)
	}
}
