package engine

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// conductWantError is an expected diagnostic of the unit tests below; zero
// fields are not compared, Message is a substring.
type conductWantError struct {
	Code, Path   string
	Line, Column int
	Message      string
}

func conductHasDiag(ds Diagnostics, want conductWantError) bool {
	for _, d := range ds {
		if d.Code == want.Code && (want.Line == 0 || d.Line == want.Line) && (want.Column == 0 || d.Column == want.Column) &&
			(want.Path == "" || d.Path == want.Path) && strings.Contains(d.Message, want.Message) {
			return true
		}
	}
	return false
}

func conductJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

// conductNorms is a small norms file for the unit tests below.
const conductNorms = `norms: 1
team: Grade 7 Team
grading:
  categories:
    - {name: Work, weight: 100}
calendar:
  terms:
    - {name: Fall, start: 2026-08-24, end: 2026-12-18}
    - {name: Spring, start: 2027-01-04, end: 2027-05-28}
conduct:
  behaviors:
    - name: Tardy
      aliases: [late, late to class]
      ladder: [Warning, Parent contact, Lunch detention]
      resets: week
      points: 1
    - name: Disrespect
      ladder: [Conference, Detention]
      then: escalate
      escalate_to: Referral
      resets: term
      points: 3
  rules:
    - name: Referral
      when: count("Disrespect", "30d") >= 2 or points("term") >= 10
      then: Office referral
`

func mustConductProgram(t testing.TB, text string) *Program {
	t.Helper()
	p, ds := Check("norms.yaml", []byte(text))
	if p == nil {
		t.Fatalf("norms do not compile:\n%s", ds.Error())
	}
	return p
}

func TestParseIncidentDate(t *testing.T) {
	tests := []struct {
		in, format string
		want       string // YYYY-MM-DD, or an error fragment after "!"
		sec        int
	}{
		{"2026-09-03", "mdy", "2026-09-03", -1},
		{" 2026-9-3 ", "dmy", "2026-09-03", -1},
		{"9/3/2026", "mdy", "2026-09-03", -1},
		{"9/3/2026", "dmy", "2026-03-09", -1},
		{"3/9/2026", "dmy", "2026-09-03", -1},
		{"09-03-26", "mdy", "2026-09-03", -1},
		{"3.9.2026", "dmy", "2026-09-03", -1},
		{"46268", "mdy", "2026-09-03", -1},
		{"46268", "dmy", "2026-09-03", -1},
		{"46268.5", "mdy", "2026-09-03", 12 * 3600},
		{"61", "mdy", "1900-03-01", -1},
		{"59", "mdy", "1900-02-28", -1},
		{"1", "mdy", "1900-01-01", -1},
		{"20260903", "mdy", "2026-09-03", -1},
		{"2028-02-29", "mdy", "2028-02-29", -1},
		{"9/3/2026 10:15", "mdy", "2026-09-03", 10*3600 + 15*60},
		{"9/3/2026 2:30 pm", "mdy", "2026-09-03", 14*3600 + 30*60},
		{"2026-09-03T08:05:09", "mdy", "2026-09-03", 8*3600 + 5*60 + 9},
		{"", "mdy", "!the date is empty", 0},
		{"13/9/2026", "mdy", "!if it means 2026-09-13", 0},
		{"9/13/2026", "dmy", "!set calendar.date_format: mdy", 0},
		{"2027-02-29", "mdy", "!there is no day 29 in month 2", 0},
		{"31/31/2026", "mdy", "!write it as YYYY-MM-DD", 0},
		{"60", "mdy", "!never was", 0},
		{"0", "mdy", "!between 1 and", 0},
		{"9999999", "mdy", "!between 1 and", 0},
		{"next tuesday", "mdy", "!is not a date; write it as 2026-09-03", 0},
		{"Sept 3 2026", "mdy", "!is not a date", 0},
		{"9/3/2026 noonish", "mdy", "!is not a time of day", 0},
		{"1/2/3/4", "mdy", "!is not a date", 0},
		{"0099-01-01", "mdy", "!the year must be between", 0},
		{"9//2026", "mdy", "!is not a date", 0},
	}
	for _, tt := range tests {
		day, sec, err := parseIncidentDate(tt.in, tt.format)
		if frag, isErr := strings.CutPrefix(tt.want, "!"); isErr {
			if err == nil || !strings.Contains(err.Error(), frag) {
				t.Errorf("parseIncidentDate(%q, %s) = %s, %v; want an error containing %q", tt.in, tt.format, isoDate(day), err, frag)
			}
			continue
		}
		if err != nil || isoDate(day) != tt.want || sec != tt.sec {
			t.Errorf("parseIncidentDate(%q, %s) = %s %d, %v; want %s %d", tt.in, tt.format, isoDate(day), sec, err, tt.want, tt.sec)
		}
	}
}

func TestParseIncidentTime(t *testing.T) {
	tests := []struct {
		in   string
		want int // seconds, or -1 for an error
	}{
		{"14:05", 14*3600 + 5*60},
		{"9:05", 9*3600 + 5*60},
		{"09:05:30", 9*3600 + 5*60 + 30},
		{"9:05 am", 9*3600 + 5*60},
		{"9:05PM", 21*3600 + 5*60},
		{"12:00 am", 0},
		{"12:30 pm", 12*3600 + 30*60},
		{"9 a.m.", 9 * 3600},
		{"9pm", 21 * 3600},
		{"0:00", 0},
		{"24:00", -1},
		{"13:00 pm", -1},
		{"9:5", -1},
		{"9", -1},
		{"9:60", -1},
		{"noon", -1},
		{"", -1},
		{"1:2:3:4", -1},
	}
	for _, tt := range tests {
		got, err := parseIncidentTime(tt.in)
		if tt.want < 0 {
			if err == nil {
				t.Errorf("parseIncidentTime(%q) = %d, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseIncidentTime(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

// TestCivilDays checks the day arithmetic against the time package (which
// the engine avoids so as never to touch zones) over four centuries.
func TestCivilDays(t *testing.T) {
	for d := time.Date(1899, 12, 1, 0, 0, 0, 0, time.UTC); d.Year() < 2301; d = d.AddDate(0, 0, 1) {
		want := int(d.Unix() / 86400)
		if got := civilDay(d.Year(), int(d.Month()), d.Day()); got != want {
			t.Fatalf("civilDay(%s) = %d, want %d", d.Format("2006-01-02"), got, want)
		}
		if got := isoDate(want); got != d.Format("2006-01-02") {
			t.Fatalf("isoDate(%d) = %s, want %s", want, got, d.Format("2006-01-02"))
		}
		wantWeek := want - (int(d.Weekday())+6)%7
		if got := weekStart(want); got != wantWeek {
			t.Fatalf("weekStart(%s) = %s, want %s", d.Format("2006-01-02"), isoDate(got), isoDate(wantWeek))
		}
	}
}

func TestConductCompileErrors(t *testing.T) {
	head := "norms: 1\nteam: T\ngrading:\n  categories:\n    - {name: Work, weight: 100}\n"
	tests := []struct {
		name, text, code string
		line, col        int
		msg              string
	}{
		{"empty ladder", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: []}\n", "norms/empty-ladder", 8, 29, "empty ladder"},
		{"missing ladder", "conduct:\n  behaviors:\n    - {name: Tardy}\n", "norms/missing-key", 8, 7, "ladder"},
		{"shared alias", "conduct:\n  behaviors:\n    - {name: Tardy, aliases: [late], ladder: [W]}\n    - {name: Late, ladder: [W]}\n", "norms/duplicate-name", 9, 14, "Tardy"},
		{"same name twice", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W]}\n    - {name: tardy, ladder: [W]}\n", "norms/duplicate-name", 9, 14, "Tardy"},
		{"unknown behavior in count", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W]}\n  rules:\n    - {name: R, when: 'count(\"Tardi\", \"week\") >= 3', then: X}\n", "norms/unknown-behavior", 10, 30, `did you mean "Tardy"`},
		{"block scalar when", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W]}\n  rules:\n    - name: R\n      when: |\n        count(\"Tardy\", \"week\") >= 3 or\n        count(\"Tardee\", \"week\") >= 1\n      then: X\n", "norms/unknown-behavior", 13, 15, "Tardee"},
		{"bad window", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W]}\n  rules:\n    - {name: R, when: 'count(\"Tardy\", \"month2\") >= 3', then: X}\n", "norms/window", 10, 39, "not a window"},
		{"window too long", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W]}\n  rules:\n    - {name: R, when: 'points(\"9999d\") >= 3', then: X}\n", "norms/window", 10, 31, "not a window"},
		{"computed name", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W]}\n  rules:\n    - {name: R, when: 'count(\"Tar\" + lower(\"DY\"), \"week\") >= 3', then: X}\n", "norms/expr", 10, 30, "in quotes"},
		{"type error", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W]}\n  rules:\n    - {name: R, when: 'count(\"Tardy\", 7) >= 3', then: X}\n", "norms/expr", 10, 0, ""},
		{"not a condition", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W]}\n  rules:\n    - {name: R, when: 'count(\"Tardy\", \"week\")', then: X}\n", "norms/expr", 10, 0, "true or false"},
		{"unknown name", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W]}\n  rules:\n    - {name: R, when: 'tardies >= 3', then: X}\n", "norms/expr", 10, 24, "count, points"},
		{"term reset without terms", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W], resets: term}\n", "norms/calendar", 8, 42, "no terms"},
		{"year window without terms", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W]}\n  rules:\n    - {name: R, when: 'points(\"year\") >= 3', then: X}\n", "norms/calendar", 10, 31, "terms"},
		{"rule window without terms", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W]}\n  rules:\n    - {name: R, when: 'points(\"7d\") >= 3', then: X, window: term}\n", "norms/calendar", 10, 61, "terms"},
		{"bad reset", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W], resets: weekly}\n", "norms/enum", 8, 42, `did you mean "week"`},
		{"escalate without rule", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W], then: escalate}\n", "norms/escalate", 8, 40, "escalate_to"},
		{"escalate to unknown rule", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W], then: escalate, escalate_to: Refferal}\n  rules:\n    - {name: Referral, when: 'points(\"7d\") > 9', then: X}\n", "norms/unknown-rule", 8, 63, `did you mean "Referral"`},
		{"term order", "calendar:\n  terms:\n    - {name: Fall, start: 2026-12-18, end: 2026-08-24}\n", "norms/term-order", 8, 44, "before it starts"},
		{"term overlap", "calendar:\n  terms:\n    - {name: A, start: 2026-08-24, end: 2026-12-18}\n    - {name: B, start: 2026-12-18, end: 2027-05-28}\n", "norms/term-overlap", 9, 24, "overlaps"},
		{"term date", "calendar:\n  terms:\n    - {name: A, start: 2026-08-24, end: 12/40/2026}\n", "norms/date", 8, 41, "not a date"},
		{"dmy term date", "calendar:\n  date_format: dmy\n  terms:\n    - {name: A, start: 24/8/2026, end: 8/24/2026}\n", "norms/date", 9, 40, "date_format: mdy"},
		{"example unknown behavior", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W]}\nexamples:\n  - name: e\n    incidents:\n      - {date: 2026-09-01, behavior: Tardie}\n    expect: {consequence: W}\n", "norms/unknown-behavior", 12, 38, `did you mean "Tardy"`},
		{"example unknown consequence", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [Warning]}\nexamples:\n  - name: e\n    incidents:\n      - {date: 2026-09-01, behavior: Tardy}\n    expect: {consequence: Warnin}\n", "norms/unknown-consequence", 13, 27, `did you mean "Warning"`},
		{"example bad date", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W]}\nexamples:\n  - name: e\n    incidents:\n      - {date: 2026-02-30, behavior: Tardy}\n    expect: {consequence: W}\n", "incidents/date", 12, 16, "no day 30"},
		{"example expects nothing", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W]}\nexamples:\n  - name: e\n    incidents:\n      - {date: 2026-09-01, behavior: Tardy}\n    expect: {}\n", "norms/empty-example", 13, 13, "expects nothing"},
		{"example of both kinds", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W]}\nexamples:\n  - name: e\n    scores: {Work: [90]}\n    incidents:\n      - {date: 2026-09-01, behavior: Tardy}\n    expect: {consequence: W}\n", "norms/example-kind", 11, 13, "either"},
		{"negative points", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W], points: -1}\n", "norms/range", 8, 42, "0 or more"},
		{"unknown_behaviors", "conduct:\n  unknown_behaviors: ignore\n  behaviors:\n    - {name: Tardy, ladder: [W]}\n", "norms/enum", 7, 22, "error, flag"},
		{"unknown key", "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W], reset: week}\n", "norms/unknown-key", 8, 34, `did you mean "resets"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Check("norms.yaml", []byte(head+tt.text))
			if !conductHasDiag(ds, conductWantError{Code: tt.code, Line: tt.line, Column: tt.col, Message: tt.msg}) {
				t.Errorf("want %s at %d:%d containing %q, got:\n%s", tt.code, tt.line, tt.col, tt.msg, ds.Error())
			}
		})
	}
}

// TestConductCheckWarnings: things worth a look that do not stop the norms.
func TestConductCheckWarnings(t *testing.T) {
	head := "norms: 1\nteam: T\ngrading:\n  categories:\n    - {name: Work, weight: 100}\n"
	text := head + "conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W, D], escalate_to: R}\n  rules:\n    - {name: R, when: 'count(\"Tardy\", \"7d\") > 5', then: X}\n" +
		"examples:\n  - name: e\n    incidents:\n      - {date: 2026-09-02, behavior: Tardy}\n      - {date: 2026-09-01, behavior: Tardy}\n    expect: {consequence: W}\n"
	p, ds := Check("norms.yaml", []byte(text))
	if p == nil {
		t.Fatalf("unexpected errors:\n%s", ds.Error())
	}
	for _, code := range []string{"norms/unused", "norms/example-order"} {
		if !conductHasDiag(ds, conductWantError{Code: code}) {
			t.Errorf("want warning %s, got:\n%s", code, ds.Error())
		}
	}
	// The last listed incident (09-01) comes first in time: occurrence 1.
	res := p.RunConductExamples()
	if len(res) != 1 || !res[0].Pass {
		t.Errorf("got %+v", res)
	}
}

// TestConductExampleSaysWhyARuleFailed: when a conduct example fails and a
// rule could not be evaluated, the failure says so (once), as norms conduct
// does, instead of only the consequence it got.
func TestConductExampleSaysWhyARuleFailed(t *testing.T) {
	text := "norms: 1\nteam: T\ngrading:\n  categories:\n    - {name: Work, weight: 100}\n" +
		"conduct:\n  behaviors:\n    - {name: Tardy, ladder: [W, D]}\n  rules:\n    - {name: R, when: 'count(\"Tardy\", \"30d\") % (count(\"Tardy\", \"30d\") - count(\"Tardy\", \"30d\")) > 2', then: X}\n" +
		"examples:\n  - name: e\n    incidents:\n      - {date: 2026-09-01, behavior: Tardy}\n      - {date: 2026-09-02, behavior: Tardy}\n    expect: {consequence: X}\n"
	p, ds := Check("norms.yaml", []byte(text))
	if p == nil {
		t.Fatalf("unexpected errors:\n%s", ds.Error())
	}
	res := p.RunConductExamples()
	if len(res) != 1 || res[0].Pass {
		t.Fatalf("got %+v", res)
	}
	var warnings int
	for _, f := range res[0].Failures {
		if strings.HasPrefix(f, "warning: ") && strings.Contains(f, "divide by zero") {
			warnings++
		}
	}
	if warnings != 1 {
		t.Errorf("want the rule's failure said once, got %q", res[0].Failures)
	}
}

func TestReadIncidentsCSV(t *testing.T) {
	t.Run("synonyms and BOM", func(t *testing.T) {
		log, ds := ReadIncidentsCSV("log.csv", []byte("\xef\xbb\xbfDATE, Student ID ,Name,Behaviour,Staff,Comments,Period\r\n2026-09-03,S1,Ana,Tardy,Ms Lee,\"said \"\"sorry\"\"\",3\r\n"), "mdy")
		if log == nil || len(log.Incidents) != 1 {
			t.Fatalf("got %v", ds.Error())
		}
		got := log.Incidents[0]
		if got.StudentID != "S1" || got.StudentName != "Ana" || got.Teacher != "Ms Lee" || got.Note != `said "sorry"` || got.Row != 1 || got.at.date.Line != 2 {
			t.Errorf("got %+v", got)
		}
		if len(ds) != 1 || ds[0].Code != "incidents/unknown-column" || ds[0].Severity != Warning || ds[0].Line != 1 || ds[0].Column != 49 {
			t.Errorf("want a warning about Period at 1:49, got %v", ds)
		}
	})
	t.Run("tabs", func(t *testing.T) {
		log, ds := ReadIncidentsCSV("log.tsv", []byte("date\tstudent\tbehavior\n9/3/2026\tAna\tTardy\n"), "")
		if log == nil || log.Incidents[0].Date != "2026-09-03" || log.Incidents[0].StudentName != "Ana" {
			t.Fatalf("got %+v %v", log, ds)
		}
	})
	t.Run("empty", func(t *testing.T) {
		for _, text := range []string{"", "  \n", "\xef\xbb\xbf", "date,student_id,behavior\n", "date,student_id,behavior\n,,\n"} {
			log, ds := ReadIncidentsCSV("log.csv", []byte(text), "mdy")
			if log == nil || len(log.Incidents) != 0 || len(ds) != 0 {
				t.Errorf("%q: got %+v %v", text, log, ds)
			}
		}
	})
	errs := []struct {
		name, text, code, path string
		line, col              int
		msg                    string
	}{
		{"bad date", "date,student_id,behavior\n2026-09-03,S1,Tardy\n2026-09-03,S1,Tardy\n2026-09-03,S1,Tardy\n2026-13-03,S1,Tardy\n", "incidents/date", "incidents[3].date", 5, 1, "row 4"},
		{"bad date later column", "student_id,behavior,date\nS1,Tardy,soon\n", "incidents/date", "incidents[0].date", 2, 10, `"soon" is not a date`},
		{"bad time", "date,time,student_id,behavior\n2026-09-03,25:00,S1,Tardy\n", "incidents/time", "incidents[0].time", 2, 12, "not a time of day"},
		{"no student", "date,student_id,student_name,behavior\n2026-09-03,,,Tardy\n", "incidents/no-student", "incidents[0].student_id", 2, 1, "no student ID"},
		{"no behavior", "date,student_id,behavior\n2026-09-03,S1,\n", "incidents/no-behavior", "incidents[0].behavior", 2, 15, "no behavior"},
		{"short row", "date,student_id,behavior\n2026-09-03,S1\n", "incidents/no-behavior", "incidents[0].behavior", 2, 1, "no behavior"},
		{"no header", "2026-09-03,S1,Tardy\n", "incidents/header", "", 1, 1, "names none for: date, behavior, student_id or student_name"},
		{"no student column", "date,behavior\n2026-09-03,Tardy\n", "incidents/header", "", 1, 1, "student_id or student_name"},
		{"duplicate column", "date,id,student_id,behavior\n", "incidents/duplicate-column", "", 1, 9, "twice"},
		{"bare quote", "date,student_id,behavior,note\n2026-09-03,S1,Tardy,he said \"no\"\n", "incidents/syntax", "", 2, 29, "doubled"},
		{"bad date format", "date,student_id,behavior\n", "incidents/date-format", "", 0, 0, "mdy, dmy"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			format := "mdy"
			if tt.code == "incidents/date-format" {
				format = "ymd"
			}
			log, ds := ReadIncidentsCSV("log.csv", []byte(tt.text), format)
			if log != nil {
				t.Errorf("want no log with errors")
			}
			if !conductHasDiag(ds, conductWantError{Code: tt.code, Path: tt.path, Line: tt.line, Column: tt.col, Message: tt.msg}) {
				t.Errorf("want %s %s at %d:%d containing %q, got:\n%s", tt.code, tt.path, tt.line, tt.col, tt.msg, ds.Error())
			}
			for _, d := range ds {
				if d.File != "log.csv" {
					t.Errorf("diagnostic without the file name: %v", d)
				}
			}
		})
	}
}

func TestReadIncidentsJSON(t *testing.T) {
	t.Run("forms", func(t *testing.T) {
		for _, text := range []string{
			`{"incidents":[{"date":"9/3/2026","time":"1:05 pm","student_id":1234,"student_name":"Ana","behavior":"Tardy","teacher":"Ms Lee","note":null}]}`,
			`[{"date":46268,"time":"13:05","id":"1234","student":"Ana","behavior":"Tardy","teacher":"Ms Lee"}]`,
		} {
			log, ds := ReadIncidentsJSON("log.json", []byte(text), "mdy")
			if log == nil || len(log.Incidents) != 1 {
				t.Fatalf("%s: %v", text, ds.Error())
			}
			got := log.Incidents[0]
			if got.Date != "2026-09-03" || got.Time != "13:05" || got.StudentID != "1234" || got.StudentName != "Ana" || got.Teacher != "Ms Lee" {
				t.Errorf("got %+v", got)
			}
		}
	})
	t.Run("empty", func(t *testing.T) {
		for _, text := range []string{"", " ", "[]", `{"incidents":[]}`, `{}`, `{"incidents":null}`} {
			log, ds := ReadIncidentsJSON("log.json", []byte(text), "mdy")
			if log == nil || len(log.Incidents) != 0 || len(ds) != 0 {
				t.Errorf("%q: got %+v %v", text, log, ds)
			}
		}
	})
	errs := []struct {
		name, text, code, path string
		line, col              int
		msg                    string
	}{
		{"bad date", "{\"incidents\": [\n  {\"date\": \"2026-09-03\", \"student_id\": \"S1\", \"behavior\": \"Tardy\"},\n  {\"date\": \"31/12/2026\", \"student_id\": \"S1\", \"behavior\": \"Tardy\"}\n]}", "incidents/date", "incidents[1].date", 3, 12, "row 2"},
		{"unknown key", "[{\"date\": \"2026-09-03\", \"student_id\": \"S1\", \"behaviour\": \"Tardy\", \"notes\": \"x\", \"room\": 4}]", "incidents/json", "incidents[0].room", 1, 81, "unknown key"},
		{"typo key", "[{\"dat\": \"2026-09-03\"}]", "incidents/json", "incidents[0].dat", 1, 3, `did you mean "date"`},
		{"wrong top key", "{\"incident\": []}", "incidents/json", "incident", 1, 2, `did you mean "incidents"`},
		{"object value", "[{\"date\": {\"y\": 2026}}]", "incidents/json", "incidents[0].date", 1, 11, "an object"},
		{"number behavior", "[{\"date\": \"2026-09-03\", \"behavior\": 3}]", "incidents/json", "incidents[0].behavior", 1, 37, "text in quotes"},
		{"not an object", "[\"2026-09-03,S1,Tardy\"]", "incidents/json", "incidents[0]", 1, 2, "must be an object"},
		{"syntax", "[{\"date\": \"2026-09-03\",}]", "incidents/syntax", "", 1, 24, "not a log"},
		{"truncated", "[{\"date\": \"2026-09-03\"", "incidents/syntax", "", 1, 23, "ends too early"},
		{"trailing", "[] []", "incidents/json", "", 1, 4, "after the log"},
		{"scalar", "42", "incidents/json", "", 1, 1, "a log is"},
		{"twice", "[{\"date\": \"2026-09-03\", \"DATE\": \"2026-09-04\"}]", "incidents/json", "incidents[0].DATE", 1, 25, "twice"},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			log, ds := ReadIncidentsJSON("log.json", []byte(tt.text), "mdy")
			if log != nil {
				t.Errorf("want no log with errors")
			}
			if !conductHasDiag(ds, conductWantError{Code: tt.code, Path: tt.path, Line: tt.line, Column: tt.col, Message: tt.msg}) {
				t.Errorf("want %s %s at %d:%d containing %q, got:\n%s", tt.code, tt.path, tt.line, tt.col, tt.msg, ds.Error())
			}
		})
	}
}

func TestConductDiagnostics(t *testing.T) {
	p := mustConductProgram(t, conductNorms)
	log, ds := ReadIncidentsCSV("log.csv", []byte("date,student_id,behavior\n2026-09-03,S1,Tardy\n2026-09-04,S1,Tardee\n2026-12-24,S1,Tardy\n"), p.DateFormat())
	if log == nil {
		t.Fatal(ds)
	}
	rep, ds := p.Conduct(log, ConductOptions{})
	if rep != nil || !conductHasDiag(ds, conductWantError{Code: "incidents/unknown-behavior", Path: "incidents[1].behavior", Line: 3, Column: 15, Message: `did you mean "Tardy"`}) {
		t.Errorf("got %v\n%s", rep, ds.Error())
	}
	if !strings.HasPrefix(ds[0].Error(), "log.csv:3:15: ") {
		t.Errorf("got %q", ds[0].Error())
	}

	log.Incidents = log.Incidents[:1]
	log.Incidents = append(log.Incidents, Incident{Date: "2026-12-24", StudentID: "S1", Behavior: "late"})
	rep, ds = p.Conduct(log, ConductOptions{AsOf: "2026-09-03"})
	if rep == nil || len(rep.Incidents) != 1 || !conductHasDiag(ds, conductWantError{Code: "conduct/after-as-of", Message: "1 incidents"}) {
		t.Errorf("got %v\n%s", rep, ds.Error())
	}
	rep, ds = p.Conduct(log, ConductOptions{})
	if rep == nil || len(rep.Incidents) != 2 || !conductHasDiag(ds, conductWantError{Code: "conduct/outside-terms", Message: "2026-12-24"}) {
		t.Errorf("got %v\n%s", rep, ds.Error())
	}
	if _, ds = p.Conduct(log, ConductOptions{AsOf: "yesterday"}); !conductHasDiag(ds, conductWantError{Code: "conduct/as-of"}) {
		t.Errorf("got %s", ds.Error())
	}
	if rep, ds = p.Conduct(log, ConductOptions{Student: "S2"}); rep == nil || len(rep.Incidents) != 0 || !conductHasDiag(ds, conductWantError{Code: "conduct/no-student"}) {
		t.Errorf("got %v %s", rep, ds.Error())
	}
	if rep, ds = p.Conduct(nil, ConductOptions{}); rep == nil || len(rep.Incidents) != 0 || len(ds) != 0 {
		t.Errorf("a nil log is an empty log; got %v %s", rep, ds.Error())
	}
	grading := mustConductProgram(t, "norms: 1\nteam: T\ngrading:\n  categories:\n    - {name: Work, weight: 100}\n")
	if rep, ds = grading.Conduct(log, ConductOptions{}); rep != nil || !conductHasDiag(ds, conductWantError{Code: "conduct/no-behaviors"}) {
		t.Errorf("got %v %s", rep, ds.Error())
	}
}

// TestConductConcurrent: one program serves many goroutines (run with
// -race to see it).
func TestConductConcurrent(t *testing.T) {
	p := mustConductProgram(t, conductBenchNorms)
	log := conductSchoolLog(50, 2000, 1)
	first, _ := p.Conduct(log, ConductOptions{AsOf: "2027-06-30"})
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rep, _ := p.Conduct(log, ConductOptions{AsOf: "2027-06-30"})
			if conductJSON(rep) != conductJSON(first) {
				t.Error("reports differ between goroutines")
			}
		}()
	}
	wg.Wait()
}

// TestConductOrderIndependent: shuffling the rows changes row numbers, not
// consequences.
func TestConductOrderIndependent(t *testing.T) {
	p := mustConductProgram(t, conductBenchNorms)
	log := conductSchoolLog(30, 1500, 2)
	rep, _ := p.Conduct(log, ConductOptions{})
	shuffled := &IncidentLog{Incidents: make([]Incident, len(log.Incidents))}
	perm := make([]int, len(log.Incidents))
	for i := range perm {
		perm[i] = (i*7919 + 13) % len(perm) // 7919 is prime and does not divide 1500
	}
	for i, j := range perm {
		shuffled.Incidents[i] = log.Incidents[j]
		shuffled.Incidents[i].Row = i + 1
	}
	rep2, _ := p.Conduct(shuffled, ConductOptions{})
	// Incidents of one student at the same moment are ordered by input
	// order, which shuffling changes: which of them a rule fires on may
	// change too. What may not change is, per student and moment, the
	// multiset of ladder outcomes and of rule firings (the bench's
	// conditions only grow with counts).
	type key struct{ date, time, student string }
	outcomes := func(rep *ConductReport) map[key][]string {
		m := map[key][]string{}
		for _, r := range rep.Incidents {
			k := key{r.Date, r.Time, r.StudentID}
			m[k] = append(m[k], fmt.Sprint(r.Behavior, r.Occurrence, r.Consequence))
			for _, f := range r.Rules {
				m[k] = append(m[k], f.Name)
			}
		}
		for _, v := range m {
			slices.Sort(v)
		}
		return m
	}
	before, after := outcomes(rep), outcomes(rep2)
	for k, w := range before {
		if g := after[k]; !slices.Equal(g, w) {
			t.Fatalf("%v: %v after shuffling, %v before", k, g, w)
		}
	}
}

func TestParseIncidentDateExported(t *testing.T) {
	if got, err := ParseIncidentDate("46268", "mdy"); got != "2026-09-03" || err != nil {
		t.Errorf("got %s %v", got, err)
	}
}

func ExampleProgram_Conduct() {
	norms := `norms: 1
team: Grade 7 Team
grading:
  categories:
    - {name: Work, weight: 100}
conduct:
  behaviors:
    - name: Tardy
      aliases: [late]
      ladder: [Warning, Parent contact, Lunch detention]
      resets: week
    - name: Disrespect
      ladder: [Conference, Detention]
  rules:
    - name: Referral
      when: count("Disrespect", "30d") >= 2
      then: Office referral
`
	log := `date,time,student_id,student_name,behavior,teacher,note
9/8/2026,,S1,Ana,Disrespect,Mr Ode,
9/2/2026,10:05,S1,Ana,late,Ms Lee,
9/3/2026,,S1,Ana,Tardy,Mr Ode,
9/3/2026,,S2,Ben,Tardy,Ms Lee,
9/1/2026,8:55 am,S1,Ana,Disrespect,Ms Lee,called names
`
	prog, ds := Check("norms.yaml", []byte(norms))
	if ds.HasErrors() {
		fmt.Println(ds)
		return
	}
	incidents, ds := ReadIncidentsCSV("incidents.csv", []byte(log), prog.DateFormat())
	if ds.HasErrors() {
		fmt.Println(ds)
		return
	}
	rep, _ := prog.Conduct(incidents, ConductOptions{AsOf: "2026-09-09"})
	for _, r := range rep.Incidents {
		fmt.Printf("%s %-5s %s %-10s #%d %s", r.Date, r.Time, r.StudentName, r.Behavior, r.Occurrence, r.Consequence)
		for _, f := range r.Rules {
			fmt.Printf(" + %s (%s)", f.Consequence, f.Name)
		}
		fmt.Println()
	}
	for _, s := range rep.Standing {
		fmt.Printf("%s %s: %d, next %s\n", s.StudentName, s.Behavior, s.Count, s.Next)
	}
	// Output:
	// 2026-09-01 08:55 Ana Disrespect #1 Conference
	// 2026-09-02 10:05 Ana Tardy      #1 Warning
	// 2026-09-03       Ana Tardy      #2 Parent contact
	// 2026-09-03       Ben Tardy      #1 Warning
	// 2026-09-08       Ana Disrespect #2 Detention + Office referral (Referral)
	// Ana Tardy: 0, next Warning
	// Ana Disrespect: 2, next Detention
	// Ben Tardy: 0, next Warning
}

func ExampleReadIncidentsCSV_error() {
	log := "date,student_id,behavior\n9/31/2026,S1,Tardy\n"
	_, ds := ReadIncidentsCSV("incidents.csv", []byte(log), "mdy")
	fmt.Println(ds)
	// Output: incidents.csv:2:1: row 1: "9/31/2026" is not a date when read as month/day/year (calendar.date_format: mdy); write it as YYYY-MM-DD [incidents/date]
}
