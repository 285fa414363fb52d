package engine

import (
	"fmt"
	"path"
	"strings"
)

// This file is the gradebook: section of a norms file: where a gradebook
// spreadsheet keeps its students, assignments, categories and points, for
// sheets that are neither the Norms template nor a Canvas export, and the
// categories of assignments in a layout that has no category row (a Canvas
// export among them). The engine only checks the section; package xlsx
// reads workbooks with it.

// GradebookLayout describes where a gradebook spreadsheet keeps its parts.
// Every key is optional: what is not given is detected as for the Norms
// template (Student and ID in row 1, categories in row 2, points in row 3).
type GradebookLayout struct {
	// Sheet is the name of the gradebook sheet, or a pattern (* ? [a-z])
	// naming several, such as "Period *"; matched ignoring case.
	Sheet string `json:"sheet,omitempty"`
	// HeaderRow is the row (1-based) of column names: the students' name and
	// ID columns and one column per assignment. Default 1.
	HeaderRow int `json:"header_row,omitempty" jsonschema:"minimum=1"`
	// NameColumn is the column of students' names: a column letter ("A") or
	// the text of its header ("Last, First"). Default: the column named
	// Student.
	NameColumn string `json:"name_column,omitempty"`
	// IDColumn is the column of student IDs: a column letter ("D") or the
	// text of its header ("Student Number"). Default: the column named ID.
	IDColumn string `json:"id_column,omitempty"`
	// CategoryRow is the row (1-based) giving each assignment's category.
	CategoryRow int `json:"category_row,omitempty" jsonschema:"minimum=1"`
	// Categories give assignments their categories by name when the sheet
	// has no category row (a Canvas export never has one): the first rule
	// whose pattern matches an assignment's name wins.
	Categories []CategoryMatch `json:"categories,omitempty"`
	// PointsRow is the row (1-based) giving each assignment's points
	// possible.
	PointsRow int `json:"points_row,omitempty" jsonschema:"minimum=1"`
	// Points is the points possible of every assignment, for a sheet with
	// no points row (every score is out of 100, say).
	Points *Decimal `json:"points,omitempty"`
	// DueRow is the row (1-based) giving each assignment's due date (a date
	// cell, or text such as 2026-09-14), which orders a category's
	// assignments for most_recent, decaying and power_law.
	DueRow int `json:"due_row,omitempty" jsonschema:"minimum=1"`
	// ExtraCreditRow is the row (1-based) marking extra credit assignments
	// (yes, true or x; blank for the others).
	ExtraCreditRow int `json:"extra_credit_row,omitempty" jsonschema:"minimum=1"`
}

// CategoryMatch gives the assignments whose name matches a pattern a category.
type CategoryMatch struct {
	// Match is a pattern on assignment names, ignoring case: * for any text,
	// ? for one character, [abc] for one of them ("HW*", "*Quiz*").
	Match string `json:"match" jsonschema:"required"`
	// Category is one of grading.categories.
	Category string `json:"category" jsonschema:"required"`
}

// IsZero reports whether the norms have no gradebook section.
func (l GradebookLayout) IsZero() bool {
	return !l.Structural() && l.Sheet == "" && len(l.Categories) == 0
}

// Structural reports whether the section says where things are (a sheet,
// rows, columns or points), rather than only how assignments map to
// categories: only then does it replace the detection of the template and
// of Canvas exports.
func (l GradebookLayout) Structural() bool {
	return l.HeaderRow != 0 || l.NameColumn != "" || l.IDColumn != "" ||
		l.CategoryRow != 0 || l.PointsRow != 0 || l.Points != nil ||
		l.DueRow != 0 || l.ExtraCreditRow != 0
}

// CategoryOf returns the category of the first rule matching an assignment
// name, ignoring case, and whether one matched.
func (l GradebookLayout) CategoryOf(name string) (string, bool) {
	for _, m := range l.Categories {
		if ok, _ := path.Match(strings.ToLower(m.Match), strings.ToLower(name)); ok {
			return m.Category, true
		}
	}
	return "", false
}

// layout checks the gradebook section: patterns that are patterns,
// categories the norms define, rows that exist, one source of points.
func (c *compiler) layout(n *Norms) {
	l := &n.Gradebook
	if l.Sheet != "" {
		if _, err := path.Match(strings.ToLower(l.Sheet), ""); err != nil {
			c.errorf("norms/pattern", "gradebook.sheet", "%q is not a valid sheet name pattern (use * for any text, ? for one character, [abc] for one of them)", l.Sheet)
		}
	}
	rows := []struct {
		key string
		v   int
	}{{"header_row", l.HeaderRow}, {"category_row", l.CategoryRow}, {"points_row", l.PointsRow}, {"due_row", l.DueRow}, {"extra_credit_row", l.ExtraCreditRow}}
	for _, r := range rows {
		p := "gradebook." + r.key
		_, given := c.src.pos[p]
		if r.v < 1 && (r.v != 0 || given) {
			c.errorf("norms/range", p, "%s is a row number, 1 for the first row, got %d", r.key, r.v)
		}
	}
	header := max(l.HeaderRow, 1)
	for _, r := range rows[1:] {
		if r.v == header {
			c.errorf("norms/layout", "gradebook."+r.key, "%s is %d, the header row; the header row holds the column names", r.key, r.v)
		}
	}
	// Each setup row holds one thing.
	for i, a := range rows[1:] {
		for _, b := range rows[i+2:] {
			if a.v != 0 && a.v == b.v {
				c.errorf("norms/layout", "gradebook."+b.key, "%s and %s are both %d; each needs a row of its own", b.key, a.key, b.v)
			}
		}
	}
	for _, k := range []struct{ key, v string }{{"name_column", l.NameColumn}, {"id_column", l.IDColumn}} {
		p := "gradebook." + k.key
		if _, given := c.src.pos[p]; given && strings.TrimSpace(k.v) == "" {
			c.errorf("norms/layout", p, "%s is empty; give a column letter (A) or the column's header", k.key)
		}
	}
	if l.NameColumn != "" && strings.EqualFold(strings.TrimSpace(l.NameColumn), strings.TrimSpace(l.IDColumn)) {
		c.errorf("norms/layout", "gradebook.id_column", "id_column and name_column are both %q; names and IDs need a column each", l.IDColumn)
	}
	if l.Points != nil {
		if l.Points.Sign() < 0 {
			c.errorf("norms/range", "gradebook.points", "points is the points possible of every assignment, 0 or more, got %s", l.Points)
		}
		if l.PointsRow != 0 {
			c.errorf("norms/layout", "gradebook.points", "give either points_row (points possible in the sheet) or points (the same for every assignment), not both")
		}
	}
	for i, m := range l.Categories {
		p := fmt.Sprintf("gradebook.categories[%d]", i)
		if strings.TrimSpace(m.Match) == "" {
			c.errorf("norms/pattern", p+".match", "the pattern is empty; write a pattern on assignment names, such as HW*")
		} else if _, err := path.Match(strings.ToLower(m.Match), ""); err != nil {
			c.errorf("norms/pattern", p+".match", "%q is not a valid pattern (use * for any text, ? for one character, [abc] for one of them)", m.Match)
		}
		if strings.TrimSpace(m.Category) == "" {
			c.errorf("norms/name", p+".category", "the rule for %q names no category", m.Match)
		} else if _, ok := c.p.catIndex[strings.ToLower(m.Category)]; !ok {
			c.errorf("norms/unknown-category", p+".category", "%q is not one of grading.categories%s", m.Category, didYouMean(m.Category, c.categoryNames()))
		}
	}
}
