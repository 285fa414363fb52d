package api

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine"
)

// TestConformance runs every file of testdata/conformance/ (g*, e*, c*)
// through Handle, as a client would send it, and compares the answer the
// way engine/conformance_test.go and engine/conduct_test.go compare the
// engine's results. The worker's Node tests (wasm/worker/test) do the same
// through the real runtime.
func TestConformance(t *testing.T) {
	files, _ := filepath.Glob("../testdata/conformance/[gec]*.json")
	if len(files) < 100 {
		t.Fatalf("expected the whole corpus (100+ files), found %d", len(files))
	}
	s := newTestServer(t, Options{})
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if name[0] == 'c' {
				runConductVector(t, s, data)
			} else {
				runGradingVector(t, s, data)
			}
		})
	}
}

// gradingVector is a g* or e* file (testdata/conformance/README.md).
type gradingVector struct {
	Norms     string          `json:"norms"`
	Gradebook json.RawMessage `json:"gradebook"`
	Expect    struct {
		Students []struct {
			ID              string             `json:"id"`
			Categories      map[string]*string `json:"categories"`
			Rounded         *json.RawMessage   `json:"rounded"`
			Letter          *string            `json:"letter"`
			Projected       *json.RawMessage   `json:"projected"`
			ProjectedLetter *string            `json:"projected_letter"`
			Flags           *[]string          `json:"flags"`
			MissingCount    *int               `json:"missing_count"`
		} `json:"students"`
		Errors []wantDiag `json:"errors"`
	} `json:"expect"`
}

type wantDiag struct {
	Code    string `json:"code"`
	Path    string `json:"path"`
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Message string `json:"message"`
}

// answer is the JSON of an answer, decimals kept as the strings they are.
type answer struct {
	Error       string              `json:"error"`
	Diagnostics []engine.Diagnostic `json:"diagnostics"`
	Report      json.RawMessage     `json:"report"`
	Examples    []struct {
		Name     string   `json:"name"`
		Pass     bool     `json:"pass"`
		Failures []string `json:"failures"`
	} `json:"examples"`
}

// gotStudent is a student of a graded report as the API writes it.
type gotStudent struct {
	ID         string `json:"id"`
	Categories []struct {
		Name    string  `json:"name"`
		Percent *string `json:"percent"`
	} `json:"categories"`
	Rounded         *string  `json:"rounded"`
	Letter          string   `json:"letter"`
	Projected       *string  `json:"projected"`
	ProjectedLetter string   `json:"projected_letter"`
	Flags           []string `json:"flags"`
	MissingCount    int      `json:"missing_count"`
	Error           string   `json:"error"`
}

func post(t *testing.T, s *Server, path string, body any) (int, answer, []byte) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	resp := s.Handle(Request{Method: "POST", Path: path, Body: b})
	var a answer
	if err := json.Unmarshal(resp.Body, &a); err != nil {
		t.Fatalf("%s: answer is not JSON: %v\n%s", path, err, resp.Body)
	}
	return resp.Status, a, resp.Body
}

func runGradingVector(t *testing.T, s *Server, data []byte) {
	var v gradingVector
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("bad vector: %v", err)
	}
	path, body := "/v1/check", map[string]any{"norms": v.Norms}
	if len(v.Gradebook) > 0 {
		path, body["gradebook"] = "/v1/grade", v.Gradebook
	}
	status, a, raw := post(t, s, path, body)
	if len(v.Expect.Errors) > 0 {
		if status != 400 {
			t.Fatalf("%s: status %d, want 400\n%s", path, status, raw)
		}
		for _, w := range v.Expect.Errors {
			if !hasDiag(a.Diagnostics, w) {
				t.Errorf("expected %s at %d:%d, got:\n%s", w.Code, w.Line, w.Column, raw)
			}
		}
		return
	}
	if status != 200 {
		t.Fatalf("%s: status %d, want 200\n%s", path, status, raw)
	}
	var rep struct {
		Students []gotStudent `json:"students"`
	}
	if err := json.Unmarshal(a.Report, &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, raw)
	}
	byID := map[string]gotStudent{}
	for _, st := range rep.Students {
		byID[st.ID] = st
	}
	for _, want := range v.Expect.Students {
		got, ok := byID[want.ID]
		if !ok {
			t.Errorf("student %s: not in the report", want.ID)
			continue
		}
		if got.Error != "" {
			t.Errorf("student %s: grading error: %s", want.ID, got.Error)
			continue
		}
		for name, w := range want.Categories {
			g := "absent"
			for _, c := range got.Categories {
				if c.Name == name {
					g = round2(c.Percent)
				}
			}
			if ws := exact(w); g != ws {
				t.Errorf("student %s: %s = %s, want %s", want.ID, name, g, ws)
			}
		}
		if want.Rounded != nil {
			if g, w := exact(got.Rounded), expected(*want.Rounded); g != w {
				t.Errorf("student %s: rounded = %s, want %s", want.ID, g, w)
			}
		}
		if want.Letter != nil && got.Letter != *want.Letter {
			t.Errorf("student %s: letter = %q, want %q", want.ID, got.Letter, *want.Letter)
		}
		if want.Projected != nil {
			if g, w := exact(got.Projected), expected(*want.Projected); g != w {
				t.Errorf("student %s: projected = %s, want %s", want.ID, g, w)
			}
		}
		if want.ProjectedLetter != nil && got.ProjectedLetter != *want.ProjectedLetter {
			t.Errorf("student %s: projected letter = %q, want %q", want.ID, got.ProjectedLetter, *want.ProjectedLetter)
		}
		if want.Flags != nil && strings.Join(*want.Flags, "|") != strings.Join(got.Flags, "|") {
			t.Errorf("student %s: flags = %v, want %v", want.ID, got.Flags, *want.Flags)
		}
		if want.MissingCount != nil && got.MissingCount != *want.MissingCount {
			t.Errorf("student %s: missing_count = %d, want %d", want.ID, got.MissingCount, *want.MissingCount)
		}
	}
}

// exact reads a decimal string of an answer (or a vector) and writes it
// without trailing zeros; nil is "none".
func exact(s *string) string {
	if s == nil {
		return "none"
	}
	d, err := engine.ParseDecimal(*s)
	if err != nil {
		return "bad:" + *s
	}
	return d.String()
}

// round2 is a category percent rounded to 2 places half-up, as vectors give it.
func round2(s *string) string {
	if s == nil {
		return "none"
	}
	d, err := engine.ParseDecimal(*s)
	if err != nil {
		return "bad:" + *s
	}
	return d.Round(2, "half_up").String()
}

// expected reads an expected value: a JSON number, a string, or null.
func expected(raw json.RawMessage) string {
	v := strings.TrimSpace(string(raw))
	if v == "null" {
		return "none"
	}
	v = strings.Trim(v, `"`)
	return exact(&v)
}

func hasDiag(ds []engine.Diagnostic, w wantDiag) bool {
	for _, d := range ds {
		if d.Code == w.Code && (w.Line == 0 || d.Line == w.Line) && (w.Column == 0 || d.Column == w.Column) &&
			(w.Path == "" || d.Path == w.Path) && strings.Contains(d.Message, w.Message) {
			return true
		}
	}
	return false
}

// conductVector is a c* file (docs/conduct.md, "Conformance vectors").
type conductVector struct {
	Norms        string          `json:"norms"`
	Incidents    json.RawMessage `json:"incidents"`
	IncidentsCSV *string         `json:"incidents_csv"`
	AsOf         string          `json:"as_of"`
	Student      string          `json:"student"`
	Expect       struct {
		Incidents *[]struct {
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
		} `json:"incidents"`
		Standing *[]struct {
			StudentID string   `json:"student_id"`
			Behavior  string   `json:"behavior"`
			Since     *string  `json:"since"`
			Count     int      `json:"count"`
			Next      string   `json:"next"`
			NextRules []string `json:"next_rules"`
		} `json:"standing"`
		Errors   []wantDiag `json:"errors"`
		Warnings []string   `json:"warnings"`
		Examples []struct {
			Name string `json:"name"`
			Pass bool   `json:"pass"`
		} `json:"examples"`
	} `json:"expect"`
}

func runConductVector(t *testing.T, s *Server, data []byte) {
	var v conductVector
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("bad vector: %v", err)
	}
	path, body := "/v1/check", map[string]any{"norms": v.Norms}
	switch {
	case v.IncidentsCSV != nil:
		path, body["incidents_csv"] = "/v1/conduct", *v.IncidentsCSV
	case v.Incidents != nil:
		path, body["incidents"] = "/v1/conduct", v.Incidents
	}
	if path == "/v1/conduct" {
		body["as_of"], body["student"] = v.AsOf, v.Student
	}
	status, a, raw := post(t, s, path, body)
	if len(v.Expect.Errors) > 0 {
		if status != 400 {
			t.Fatalf("%s: status %d, want 400\n%s", path, status, raw)
		}
		for _, w := range v.Expect.Errors {
			if !hasDiag(a.Diagnostics, w) {
				t.Errorf("expected %s at %d:%d path %q (%q), got:\n%s", w.Code, w.Line, w.Column, w.Path, w.Message, raw)
			}
		}
		return
	}
	if status != 200 {
		t.Fatalf("%s: status %d, want 200\n%s", path, status, raw)
	}
	for _, code := range v.Expect.Warnings {
		if !hasDiag(a.Diagnostics, wantDiag{Code: code}) {
			t.Errorf("expected warning %s, got:\n%s", code, raw)
		}
	}
	for _, d := range a.Diagnostics {
		if !slices.Contains(v.Expect.Warnings, d.Code) {
			t.Errorf("unexpected diagnostic: %s", d.Error())
		}
	}
	if len(v.Expect.Examples) > 0 {
		status, ta, raw := post(t, s, "/v1/test", map[string]any{"norms": v.Norms})
		if status != 200 && status != 422 {
			t.Fatalf("/v1/test: status %d\n%s", status, raw)
		}
		if len(ta.Examples) != len(v.Expect.Examples) {
			t.Fatalf("got %d example results, want %d", len(ta.Examples), len(v.Expect.Examples))
		}
		for i, w := range v.Expect.Examples {
			if g := ta.Examples[i]; g.Name != w.Name || g.Pass != w.Pass {
				t.Errorf("example %d: got %s pass=%v %v, want %s pass=%v", i, g.Name, g.Pass, g.Failures, w.Name, w.Pass)
			}
		}
	}
	var rep engine.ConductReport
	if v.Expect.Incidents != nil || v.Expect.Standing != nil {
		if err := json.Unmarshal(a.Report, &rep); err != nil {
			t.Fatalf("report: %v\n%s", err, raw)
		}
	}
	opt := func(w *string, g string) bool { return w == nil || *w == g }
	if v.Expect.Incidents != nil {
		want := *v.Expect.Incidents
		if len(rep.Incidents) != len(want) {
			t.Fatalf("got %d incidents, want %d:\n%s", len(rep.Incidents), len(want), raw)
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
				!opt(w.Behavior, g.Behavior) || !opt(w.Date, g.Date) || !opt(w.Time, g.Time) ||
				!opt(w.StudentID, g.StudentID) || !opt(w.Teacher, g.Teacher) {
				t.Errorf("incident %d (in date order): got %+v\nwant %+v", i, g, w)
			}
		}
	}
	if v.Expect.Standing != nil {
		want := *v.Expect.Standing
		if len(rep.Standing) != len(want) {
			t.Fatalf("got %d standing lines, want %d:\n%s", len(rep.Standing), len(want), raw)
		}
		for i, w := range want {
			g := rep.Standing[i]
			var names []string
			for _, r := range g.NextRules {
				names = append(names, r.Name)
			}
			if g.StudentID != w.StudentID || g.Behavior != w.Behavior || g.Count != w.Count || g.Next != w.Next ||
				strings.Join(names, "|") != strings.Join(w.NextRules, "|") || !opt(w.Since, g.Since) {
				t.Errorf("standing %d: got %+v\nwant %+v", i, g, w)
			}
		}
	}
}
