// Package conformance reads the shared test vectors of testdata/conformance
// and checks any face's answers against them: the Go engine, the HTTP API
// (and, in JavaScript, the browser package and the worker, whose tests
// follow the same rules). One reading of the vectors and one comparison, so
// that every face is held to exactly the same expectations.
//
// The file formats are documented in testdata/conformance/README.md
// (grading and error vectors, gNN and eNN) and docs/conduct.md (conduct
// vectors, cNN).
package conformance

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/teamnorms/norms/engine"
)

// Vector is one file of testdata/conformance.
type Vector struct {
	// File is the file's base name without .json ("g16-drop-lowest...").
	File        string          `json:"-"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Norms       string          `json:"norms"`
	Gradebook   json.RawMessage `json:"gradebook,omitempty"`
	// Conduct vectors: the incident log (JSON or CSV) and the options.
	Incidents    json.RawMessage `json:"incidents,omitempty"`
	IncidentsCSV *string         `json:"incidents_csv,omitempty"`
	AsOf         string          `json:"as_of,omitempty"`
	Student      string          `json:"student,omitempty"`
	Expect       Expect          `json:"expect"`
}

// Expect is what a vector expects; only what is given is compared.
type Expect struct {
	// Grading vectors.
	Students []Student `json:"students,omitempty"`
	// Errors expected from checking the norms or reading the data.
	Errors []Error `json:"errors,omitempty"`
	// Conduct vectors.
	Incidents *[]Incident `json:"incidents,omitempty"`
	Standing  *[]Standing `json:"standing,omitempty"`
	Warnings  []string    `json:"warnings,omitempty"`
	Examples  []Example   `json:"examples,omitempty"`
}

// Student is one student's expected grade. Category percents are compared
// after rounding half up to 2 places; the rest exactly.
type Student struct {
	ID              string             `json:"id"`
	Categories      map[string]*string `json:"categories,omitempty"`
	Rounded         *json.RawMessage   `json:"rounded,omitempty"`
	Letter          *string            `json:"letter,omitempty"`
	Projected       *json.RawMessage   `json:"projected,omitempty"`
	ProjectedLetter *string            `json:"projected_letter,omitempty"`
	Flags           *[]string          `json:"flags,omitempty"`
	MissingCount    *int               `json:"missing_count,omitempty"`
}

// Error is an expected diagnostic; zero fields are not compared, Message
// is a substring.
type Error struct {
	Code    string `json:"code"`
	Path    string `json:"path,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
	Message string `json:"message,omitempty"`
}

// Incident is an expected incident of a conduct report, in date order.
// Pointer fields are compared only when given.
type Incident struct {
	Row         int      `json:"row"`
	Occurrence  int      `json:"occurrence"`
	Consequence string   `json:"consequence"`
	Rules       []string `json:"rules"`
	EscalatedTo string   `json:"escalated_to"`
	Flags       []string `json:"flags"`
	Behavior    *string  `json:"behavior"`
	Date        *string  `json:"date"`
	Time        *string  `json:"time"`
	StudentID   *string  `json:"student_id"`
	Teacher     *string  `json:"teacher"`
}

// Standing is an expected line of a conduct report's standing.
type Standing struct {
	StudentID string   `json:"student_id"`
	Behavior  string   `json:"behavior"`
	Since     *string  `json:"since"`
	Count     int      `json:"count"`
	Next      string   `json:"next"`
	NextRules []string `json:"next_rules"`
}

// Example is an expected outcome of one of the norms' examples.
type Example struct {
	Name string `json:"name"`
	Pass bool   `json:"pass"`
}

// Load reads every vector under dir, sorted by file name. Unknown keys in a
// vector are an error, so a misspelt expectation cannot silently pass.
func Load(dir string) ([]*Vector, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []*Vector
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		v := &Vector{File: strings.TrimSuffix(filepath.Base(f), ".json")}
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(v); err != nil {
			return nil, fmt.Errorf("%s: %v", f, err)
		}
		if v.Description == "" {
			return nil, fmt.Errorf("%s: a vector must say how its expectations were worked out (description)", f)
		}
		out = append(out, v)
	}
	return out, nil
}

// IsConduct tells conduct vectors (an incident log, or conduct examples)
// from grading ones.
func (v *Vector) IsConduct() bool {
	e := v.Expect
	return v.Incidents != nil || v.IncidentsCSV != nil || e.Incidents != nil || e.Standing != nil || len(e.Examples) > 0
}

// CheckErrors compares diagnostics with the expected errors. It reports
// done when the vector expects errors (nothing more to compare then).
func (v *Vector) CheckErrors(ds engine.Diagnostics) (done bool, problems []string) {
	if len(v.Expect.Errors) == 0 {
		if ds.HasErrors() {
			return true, []string{"unexpected errors:\n" + ds.Error()}
		}
		return false, nil
	}
	for _, want := range v.Expect.Errors {
		if !hasDiagnostic(ds, want) {
			problems = append(problems, fmt.Sprintf("expected %s at %d:%d path %q (%q), got:\n%s", want.Code, want.Line, want.Column, want.Path, want.Message, ds.Error()))
		}
	}
	if !ds.HasErrors() {
		problems = append(problems, "expected errors, got none")
	}
	return true, problems
}

func hasDiagnostic(ds engine.Diagnostics, want Error) bool {
	for _, d := range ds {
		if d.Code == want.Code && (want.Line == 0 || d.Line == want.Line) && (want.Column == 0 || d.Column == want.Column) &&
			(want.Path == "" || d.Path == want.Path) && strings.Contains(d.Message, want.Message) {
			return true
		}
	}
	return false
}

// CheckReport compares a grading report with the expected students.
func (v *Vector) CheckReport(rep *engine.Report) []string {
	var problems []string
	byID := map[string]engine.StudentResult{}
	for _, s := range rep.Students {
		byID[s.ID] = s
	}
	for _, want := range v.Expect.Students {
		got, ok := byID[want.ID]
		if !ok {
			problems = append(problems, fmt.Sprintf("student %s: not in the report", want.ID))
			continue
		}
		problems = append(problems, compareStudent(want, got)...)
	}
	return problems
}

// decimalText reads an expected value (a JSON number, a numeric string or
// null) as the engine prints it.
func decimalText(raw json.RawMessage) string {
	s := strings.Trim(strings.TrimSpace(string(raw)), `"`)
	if s == "null" {
		return "none"
	}
	d, err := engine.ParseDecimal(s)
	if err != nil {
		return "bad:" + s
	}
	return d.String()
}

func show(d *engine.Decimal) string {
	if d == nil {
		return "none"
	}
	return d.String()
}

func compareStudent(want Student, got engine.StudentResult) []string {
	var p []string
	if got.Error != "" {
		return []string{fmt.Sprintf("student %s: grading error: %s", want.ID, got.Error)}
	}
	for _, name := range sortedKeys(want.Categories) {
		w := want.Categories[name]
		var cr *engine.CategoryResult
		for i := range got.Categories {
			if got.Categories[i].Name == name {
				cr = &got.Categories[i]
			}
		}
		if cr == nil {
			p = append(p, fmt.Sprintf("student %s: no category %q", want.ID, name))
			continue
		}
		g := "none"
		if cr.Percent != nil {
			g = cr.Percent.Round(2, "half_up").String()
		}
		ws := "none"
		if w != nil {
			ws = decimalText(json.RawMessage(`"` + *w + `"`))
		}
		if g != ws {
			p = append(p, fmt.Sprintf("student %s: %s = %s, want %s", want.ID, name, g, ws))
		}
	}
	if want.Rounded != nil {
		if g, w := show(got.Rounded), decimalText(*want.Rounded); g != w {
			p = append(p, fmt.Sprintf("student %s: rounded final = %s, want %s (exact %s)", want.ID, g, w, show(got.Final)))
		}
	}
	if want.Letter != nil && got.Letter != *want.Letter {
		p = append(p, fmt.Sprintf("student %s: letter = %q, want %q", want.ID, got.Letter, *want.Letter))
	}
	if want.Projected != nil {
		if g, w := show(got.Projected), decimalText(*want.Projected); g != w {
			p = append(p, fmt.Sprintf("student %s: projected = %s, want %s", want.ID, g, w))
		}
	}
	if want.ProjectedLetter != nil && got.ProjectedLetter != *want.ProjectedLetter {
		p = append(p, fmt.Sprintf("student %s: projected letter = %q, want %q", want.ID, got.ProjectedLetter, *want.ProjectedLetter))
	}
	if want.Flags != nil && strings.Join(*want.Flags, "|") != strings.Join(got.Flags, "|") {
		p = append(p, fmt.Sprintf("student %s: flags = %v, want %v", want.ID, got.Flags, *want.Flags))
	}
	if want.MissingCount != nil && got.MissingCount != *want.MissingCount {
		p = append(p, fmt.Sprintf("student %s: missing_count = %d, want %d", want.ID, got.MissingCount, *want.MissingCount))
	}
	return p
}

// CheckConduct compares a conduct report, its warnings and the norms'
// conduct examples with the vector's expectations.
func (v *Vector) CheckConduct(rep *engine.ConductReport, ds engine.Diagnostics, examples []engine.ExampleResult) []string {
	var p []string
	for _, code := range v.Expect.Warnings {
		if !hasDiagnostic(ds, Error{Code: code}) {
			p = append(p, fmt.Sprintf("expected warning %s, got:\n%s", code, ds.Error()))
		}
	}
	for _, d := range ds {
		if !contains(v.Expect.Warnings, d.Code) {
			p = append(p, "unexpected warning: "+d.Error())
		}
	}
	if len(v.Expect.Examples) > 0 {
		if len(examples) != len(v.Expect.Examples) {
			return append(p, fmt.Sprintf("got %d example results, want %d", len(examples), len(v.Expect.Examples)))
		}
		for i, want := range v.Expect.Examples {
			if examples[i].Name != want.Name || examples[i].Pass != want.Pass {
				p = append(p, fmt.Sprintf("example %d: got %s pass=%v %v, want %s pass=%v", i, examples[i].Name, examples[i].Pass, examples[i].Failures, want.Name, want.Pass))
			}
		}
	}
	if v.Expect.Incidents != nil {
		if rep == nil {
			return append(p, "no report")
		}
		want := *v.Expect.Incidents
		if len(rep.Incidents) != len(want) {
			return append(p, fmt.Sprintf("got %d incidents, want %d:\n%s", len(rep.Incidents), len(want), asJSON(rep.Incidents)))
		}
		for i, w := range want {
			g := rep.Incidents[i]
			var names []string
			for _, r := range g.Rules {
				names = append(names, r.Name)
			}
			if g.Row != w.Row || g.Occurrence != w.Occurrence || g.Consequence != w.Consequence ||
				strings.Join(names, "|") != strings.Join(w.Rules, "|") || g.EscalatedTo != w.EscalatedTo ||
				strings.Join(g.Flags, "|") != strings.Join(w.Flags, "|") ||
				!optEq(w.Behavior, g.Behavior) || !optEq(w.Date, g.Date) || !optEq(w.Time, g.Time) ||
				!optEq(w.StudentID, g.StudentID) || !optEq(w.Teacher, g.Teacher) {
				p = append(p, fmt.Sprintf("incident %d (in date order): got %s\nwant %s", i, asJSON(g), asJSON(w)))
			}
		}
	}
	if v.Expect.Standing != nil {
		if rep == nil {
			return append(p, "no report")
		}
		want := *v.Expect.Standing
		if len(rep.Standing) != len(want) {
			return append(p, fmt.Sprintf("got %d standing lines, want %d:\n%s", len(rep.Standing), len(want), asJSON(rep.Standing)))
		}
		for i, w := range want {
			g := rep.Standing[i]
			var names []string
			for _, r := range g.NextRules {
				names = append(names, r.Name)
			}
			if g.StudentID != w.StudentID || g.Behavior != w.Behavior || g.Count != w.Count || g.Next != w.Next ||
				strings.Join(names, "|") != strings.Join(w.NextRules, "|") || !optEq(w.Since, g.Since) {
				p = append(p, fmt.Sprintf("standing %d: got %s\nwant %s", i, asJSON(g), asJSON(w)))
			}
		}
	}
	return p
}

func optEq(want *string, got string) bool { return want == nil || *want == got }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func asJSON(v any) string {
	b, _ := json.MarshalIndent(v, "", "  ")
	return string(b)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
