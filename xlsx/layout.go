package xlsx

import (
	"fmt"
	"strings"

	"github.com/teamnorms/norms/engine"
)

// This file reads a sheet laid out as the norms file's gradebook: section
// says (engine.GradebookLayout), for gradebooks that are neither the Norms
// template nor a Canvas export. Every problem with the section itself says
// which key pointed where, and what was not found there.

// parseLayout reads a grid with opts.Layout. It reports problems through
// errAt (cells) and add (the section as a whole), and returns nil when the
// sheet cannot be read.
func parseLayout(file string, g *grid, opts Options, fx *Workbook, errAt func(r, c int, code, format string, args ...any), add func(engine.Diagnostic)) *Sheet {
	l := opts.Layout
	fail := func(key, format string, args ...any) *Sheet {
		add(engine.Diagnostic{Code: "gradebook/layout", Severity: engine.Error, File: file, Path: "gradebook." + key, Message: fmt.Sprintf(format, args...)})
		return nil
	}
	where := "sheet " + quoteSheet(g.sheet)
	if g.sheet == "" {
		where = "the file"
	}
	hr := max(l.HeaderRow, 1) - 1
	// says introduces a row key: "gradebook.header_row is 3, but", or, for
	// the default header row, "row 1 (the header row; set
	// gradebook.header_row to move it)".
	headerSays := fmt.Sprintf("gradebook.header_row is %d, but", hr+1)
	if l.HeaderRow == 0 {
		headerSays = "the header row is row 1 (set gradebook.header_row if it is another), but"
	}
	if hr >= len(g.rows) {
		return fail("header_row", "%s %s has only %d rows", headerSays, where, len(g.rows))
	}
	for _, r := range []struct {
		key string
		v   int
	}{{"category_row", l.CategoryRow}, {"points_row", l.PointsRow}, {"due_row", l.DueRow}, {"extra_credit_row", l.ExtraCreditRow}} {
		if r.v > len(g.rows) {
			return fail(r.key, "gradebook.%s is %d, but %s has only %d rows", r.key, r.v, where, len(g.rows))
		}
	}
	head := g.rows[hr]
	// The header row as a range as wide as the sheet, to say where a
	// column was looked for.
	width := 1
	for _, row := range g.rows {
		width = max(width, len(row))
	}
	span := g.ref(hr, 0) + ":" + cellName(width, hr+1)
	nameCol, ok := findColumn(head, l.NameColumn, "Student")
	if !ok {
		if l.NameColumn != "" {
			return fail("name_column", "gradebook.name_column is %q, but %s has no column named %q, and it is not a column letter", l.NameColumn, span, l.NameColumn)
		}
		return fail("header_row", "%s %s has no column named Student; say which column holds the students' names with gradebook.name_column (a letter such as A, or the column's header)", headerSays, span)
	}
	idCol, ok := findColumn(head, l.IDColumn, "ID")
	if !ok {
		if l.IDColumn != "" {
			return fail("id_column", "gradebook.id_column is %q, but %s has no column named %q, and it is not a column letter", l.IDColumn, span, l.IDColumn)
		}
		return fail("header_row", "%s %s has no column named ID; say which column holds the student IDs with gradebook.id_column (a letter such as B, or the column's header)", headerSays, span)
	}
	if nameCol == idCol {
		return fail("id_column", "the names and the IDs are both read from column %s; give them a column each", colName(nameCol+1))
	}
	rules := opts.categoryRules()
	if l.CategoryRow == 0 && len(rules) == 0 {
		return fail("categories", "the gradebook section gives no category_row and no categories, so no assignment has a category; add category_row (the row of categories) or categories (patterns on assignment names)")
	}
	if l.PointsRow == 0 && l.Points == nil {
		return fail("points_row", "the gradebook section gives no points_row and no points, so no assignment has points possible; add points_row (the row of points possible) or points (the same for every assignment)")
	}
	cr, pr := l.CategoryRow-1, l.PointsRow-1
	// The optional setup rows, read through the engine as every reader's.
	optional := []struct {
		key, label string
		r          int
	}{{"due_row", "due", l.DueRow - 1}, {"extra_credit_row", "extra credit", l.ExtraCreditRow - 1}}
	// Students start after the header and after the setup rows below it
	// (setup rows may also sit above the header).
	first := hr + 1
	for _, r := range []int{cr, pr, optional[0].r, optional[1].r} {
		if r >= first {
			first = r + 1
		}
	}
	if fx != nil {
		fx.mergeHeaders(g, first)
	}
	sh := &Sheet{Layout: Custom, HeaderRow: hr + 1, Book: &engine.Gradebook{}, resultCols: map[string]int{}, nameCol: nameCol, idCol: idCol}
	for r := hr + 1; r < first; r++ {
		sh.setupRows = append(sh.setupRows, r)
	}
	if pr >= 0 {
		sh.possibleRow = pr + 1
	}
	var fixed engine.Points
	if l.Points != nil {
		p, err := engine.PointsFromDecimal(*l.Points)
		if err != nil {
			return fail("points", "gradebook.points is %s: %v", l.Points, err)
		}
		fixed = p
	}
	book := sh.Book
	nameSeen := map[string]int{}
	for c := range head {
		h := strings.TrimSpace(head[c])
		if strings.HasPrefix(h, resultPrefix) {
			sh.resultCols[h] = c + 1
			continue
		}
		if h != "" || columnHasData(g, c, first) {
			sh.LastDataCol = c + 1
		}
		if c == nameCol || c == idCol {
			continue
		}
		if h == "" {
			if columnHasData(g, c, first) {
				errAt(hr, c, "gradebook/invalid", "this column has scores but no assignment name")
			}
			continue
		}
		a := engine.Assignment{Name: h, Possible: fixed}
		cat := ""
		if cr >= 0 {
			cat = strings.TrimSpace(g.cell(cr, c))
		}
		if cat == "" {
			if m, ok := canvasCategory(h, rules); ok {
				cat = m
			} else if cr >= 0 && (pr < 0 || strings.TrimSpace(g.cell(pr, c)) == "") {
				notGraded(file, g, hr, c, add, fmt.Sprintf("column %q has no category and no points possible, so it is not graded", h))
				continue
			} else if cr >= 0 {
				errAt(cr, c, "gradebook/invalid", "assignment %q has no category; write its category (Homework, Quizzes...) here", h)
			} else {
				notGraded(file, g, hr, c, add, fmt.Sprintf("column %q matches no pattern of gradebook.categories, so it is not graded", h))
				continue
			}
		}
		a.Category = cat
		if pr >= 0 {
			cell := strings.TrimSpace(g.cell(pr, c))
			d, err := engine.ParseDecimal(cell)
			var pts engine.Points
			if err == nil {
				pts, err = engine.PointsFromDecimal(d)
			}
			if err != nil || pts < 0 {
				errAt(pr, c, "gradebook/invalid", "points possible for %q must be a number of 0 or more, got %q (gradebook.points_row is %d)", h, cell, pr+1)
			}
			a.Possible = pts
		}
		for _, o := range optional {
			if o.r < 0 {
				continue
			}
			if _, err := a.SetFromSetupRow(o.label, setupCell(o.label, g.cell(o.r, c))); err != nil {
				errAt(o.r, c, "gradebook/invalid", "%v (gradebook.%s is %d)", err, o.key, o.r+1)
			}
		}
		if prev, dup := nameSeen[h]; dup {
			errAt(hr, c, "gradebook/invalid", "assignment %q appears twice (also column %s); names must be unique", h, colName(prev+1))
			continue
		}
		nameSeen[h] = c
		book.Assignments = append(book.Assignments, a)
		sh.assignCols = append(sh.assignCols, c+1)
	}
	sh.LastDataCol = max(sh.LastDataCol, nameCol+1, idCol+1)
	if len(book.Assignments) == 0 {
		errAt(hr, 0, "gradebook/invalid", "no column of %s is an assignment (row %d is the header row)", span, hr+1)
	}
	return sh
}

// notGraded warns, once per column, that a column is kept as data but not
// graded, in case it was meant to be an assignment.
func notGraded(file string, g *grid, r, c int, add func(engine.Diagnostic), msg string) {
	ref := g.ref(r, c)
	add(engine.Diagnostic{Code: "gradebook/not-graded", Severity: engine.Warning, File: file, Path: ref, Message: ref + ": " + msg})
}

// findColumn finds a column (0-based) of a header row by its header,
// ignoring case, or else by its letters ("D"); spec "" means def. A header
// wins over letters, so a column named ID is found as such, not as column
// ID (the 238th).
func findColumn(head []string, spec, def string) (int, bool) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		spec = def
	}
	for c, h := range head {
		if strings.EqualFold(strings.TrimSpace(h), spec) {
			return c, true
		}
	}
	if spec == def || len(spec) > 3 {
		return -1, false
	}
	for _, r := range spec {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			return -1, false
		}
	}
	n, ok := colNumber(spec)
	if !ok {
		return -1, false
	}
	return n - 1, true
}
