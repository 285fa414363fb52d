package engine

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// conformanceCase is one file of testdata/conformance/ (see its README):
// the same files run against every face of Norms.
type conformanceCase struct {
	Name      string          `json:"name"`
	Norms     string          `json:"norms"`
	Gradebook json.RawMessage `json:"gradebook"`
	Expect    struct {
		Students []expectedStudent `json:"students"`
		Errors   []expectedError   `json:"errors"`
	} `json:"expect"`
}

type expectedStudent struct {
	ID              string             `json:"id"`
	Categories      map[string]*string `json:"categories"`
	Rounded         *json.RawMessage   `json:"rounded"`
	Letter          *string            `json:"letter"`
	Projected       *json.RawMessage   `json:"projected"`
	ProjectedLetter *string            `json:"projected_letter"`
	Flags           *[]string          `json:"flags"`
	MissingCount    *int               `json:"missing_count"`
}

type expectedError struct {
	Code   string `json:"code"`
	Line   int    `json:"line"`
	Column int    `json:"column"`
}

// TestConformance runs every grading vector of testdata/conformance.
func TestConformance(t *testing.T) {
	files, _ := filepath.Glob("../testdata/conformance/[ge]*.json")
	if len(files) == 0 {
		t.Skip("no grading vectors yet")
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".json"), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var c conformanceCase
			if err := json.Unmarshal(data, &c); err != nil {
				t.Fatalf("bad vector: %v", err)
			}
			runConformance(t, c)
		})
	}
}

func runConformance(t *testing.T, c conformanceCase) {
	prog, ds := Check("norms.yaml", []byte(c.Norms))
	var book *Gradebook
	if prog != nil && len(c.Gradebook) > 0 {
		var bds Diagnostics
		book, bds = ReadGradebookJSON("gradebook.json", c.Gradebook)
		ds = append(ds, bds...)
		if book != nil {
			_, gds := prog.Grade(book)
			ds = append(ds, gds...)
		}
	}
	if len(c.Expect.Errors) > 0 {
		for _, want := range c.Expect.Errors {
			if !hasDiagnostic(ds, want) {
				t.Errorf("expected error %s at %d:%d, got:\n%s", want.Code, want.Line, want.Column, ds.Error())
			}
		}
		return
	}
	if ds.HasErrors() {
		t.Fatalf("unexpected errors:\n%s", ds.Error())
	}
	rep, _ := prog.Grade(book)
	byID := map[string]StudentResult{}
	for _, s := range rep.Students {
		byID[s.ID] = s
	}
	for _, want := range c.Expect.Students {
		got, ok := byID[want.ID]
		if !ok {
			t.Errorf("student %s: not in the report", want.ID)
			continue
		}
		compareStudent(t, prog, want, got)
	}
}

func hasDiagnostic(ds Diagnostics, want expectedError) bool {
	for _, d := range ds {
		if d.Code != want.Code {
			continue
		}
		if want.Line != 0 && d.Line != want.Line {
			continue
		}
		if want.Column != 0 && d.Column != want.Column {
			continue
		}
		return true
	}
	return false
}

// decimalText reads an expected value: a JSON number, a string, or null.
func decimalText(raw json.RawMessage) string {
	s := strings.TrimSpace(string(raw))
	if s == "null" {
		return "none"
	}
	s = strings.Trim(s, `"`)
	d, err := ParseDecimal(s)
	if err != nil {
		return "bad:" + s
	}
	return d.reduced().String()
}

func show(d *Decimal) string {
	if d == nil {
		return "none"
	}
	return d.reduced().String()
}

func compareStudent(t *testing.T, prog *Program, want expectedStudent, got StudentResult) {
	t.Helper()
	if got.Error != "" {
		t.Errorf("student %s: grading error: %s", want.ID, got.Error)
		return
	}
	for name, w := range want.Categories {
		var cr *CategoryResult
		for i := range got.Categories {
			if got.Categories[i].Name == name {
				cr = &got.Categories[i]
			}
		}
		if cr == nil {
			t.Errorf("student %s: no category %q", want.ID, name)
			continue
		}
		g := "none"
		if cr.Percent != nil {
			g = roundDecimal(*cr.Percent, 2, "half_up").String()
		}
		ws := "none"
		if w != nil {
			ws = decimalText(json.RawMessage(`"` + *w + `"`))
		}
		if g != ws {
			t.Errorf("student %s: %s = %s, want %s", want.ID, name, g, ws)
		}
	}
	if want.Rounded != nil {
		if g, w := show(got.Rounded), decimalText(*want.Rounded); g != w {
			t.Errorf("student %s: rounded final = %s, want %s (exact %s)", want.ID, g, w, show(got.Final))
		}
	}
	if want.Letter != nil && got.Letter != *want.Letter {
		t.Errorf("student %s: letter = %q, want %q", want.ID, got.Letter, *want.Letter)
	}
	if want.Projected != nil {
		if g, w := show(got.Projected), decimalText(*want.Projected); g != w {
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
