package engine

import (
	"strings"
	"testing"
)

// TestGradebookLayoutChecks: every check of the gradebook: section points
// at the key at fault (minimalNorms ends on line 9, so gradebook: is on
// line 10).
func TestGradebookLayoutChecks(t *testing.T) {
	tests := []struct {
		name, extra string
		code        string
		line, col   int
		msg         string
	}{
		{"unknown category", "gradebook:\n  categories:\n    - {match: \"Quiz*\", category: Quizes}\n", "norms/unknown-category", 12, 34, `"Quizes" is not one of grading.categories (did you mean "Quizzes"?)`},
		{"bad pattern", "gradebook:\n  categories:\n    - match: \"Quiz[\"\n      category: Quizzes\n", "norms/pattern", 12, 14, `"Quiz[" is not a valid pattern`},
		{"empty pattern", "gradebook:\n  categories:\n    - {match: \"\", category: Quizzes}\n", "norms/pattern", 12, 15, "the pattern is empty"},
		{"bad sheet pattern", "gradebook:\n  sheet: \"Period [\"\n", "norms/pattern", 11, 10, "not a valid sheet name pattern"},
		{"header row 0", "gradebook:\n  header_row: 0\n", "norms/range", 11, 15, "header_row is a row number, 1 for the first row, got 0"},
		{"points row negative", "gradebook:\n  points_row: -2\n", "norms/range", 11, 15, "got -2"},
		{"category row on header", "gradebook:\n  header_row: 3\n  category_row: 3\n", "norms/layout", 12, 17, "category_row is 3, the header row"},
		{"negative points", "gradebook:\n  points: -10\n", "norms/range", 11, 11, "0 or more, got -10"},
		{"points twice", "gradebook:\n  points_row: 2\n  points: 100\n", "norms/layout", 12, 11, "either points_row"},
		{"due row on points row", "gradebook:\n  points_row: 2\n  due_row: 2\n", "norms/layout", 12, 12, "due_row and points_row are both 2; each needs a row of its own"},
		{"extra credit row 0", "gradebook:\n  extra_credit_row: 0\n", "norms/range", 11, 21, "extra_credit_row is a row number"},
		{"same columns", "gradebook:\n  name_column: B\n  id_column: b\n", "norms/layout", 12, 14, "need a column each"},
		{"unknown key", "gradebook:\n  header: 2\n", "norms/unknown-key", 11, 3, "expected one of: sheet, header_row"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Check("n.yaml", []byte(minimalNorms+tt.extra))
			for _, d := range ds {
				if d.Code == tt.code {
					if d.Line != tt.line || d.Column != tt.col || !strings.Contains(d.Message, tt.msg) {
						t.Errorf("got %s", d.Error())
					}
					return
				}
			}
			t.Errorf("no %s diagnostic; got:\n%s", tt.code, ds.Error())
		})
	}
}

// TestGradebookLayoutValid: a full section compiles, and its rules map
// names to categories, first match first, ignoring case.
func TestGradebookLayoutValid(t *testing.T) {
	text := minimalNorms + `gradebook:
  sheet: "Period *"
  header_row: 3
  name_column: Last, First
  id_column: D
  points: 100
  categories:
    - {match: "pop quiz*", category: quizzes}
    - {match: "*", category: Quizzes}
`
	p, ds := Check("n.yaml", []byte(text))
	if p == nil {
		t.Fatalf("got errors:\n%s", ds.Error())
	}
	l := p.Norms().Gradebook
	if !l.Structural() || l.IsZero() || l.HeaderRow != 3 || l.IDColumn != "D" || l.Points == nil || l.Points.String() != "100" {
		t.Errorf("got %+v", l)
	}
	if cat, ok := l.CategoryOf("Pop Quiz 2"); !ok || cat != "quizzes" {
		t.Errorf("CategoryOf(Pop Quiz 2): got %q, %v; want quizzes, true", cat, ok)
	}
	if (GradebookLayout{Categories: l.Categories}).Structural() {
		t.Error("a section with only categories must not be structural")
	}
}
