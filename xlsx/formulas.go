package xlsx

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/teamnorms/norms/engine"
)

// fill --formulas: result cells as live Excel formulas.
//
// Where the norms allow it, each result cell holds a formula over the
// student's score cells and the Points Possible row, with the engine's
// result as its cached value, so the workbook keeps grading when a teacher
// types a new score and opens it before the next fill. The formulas are
// written for three calculators at once (Excel, LibreOffice and excelize's
// own), which limits them to functions all three compute alike:
//
//   - no array arithmetic (excelize has none): per-cell terms such as
//     IF(ISNUMBER(C4),C$3,0) instead of SUMPRODUCT;
//   - no SUMIF with a numeric criterion (excelize matches blanks and text
//     with ">=0"); SUMIF and COUNTIF only with the text marks;
//   - no ="" test of a blank cell (excelize says a blank cell is not ""):
//     LEN(X)=0, which is 0 for a blank and for "" alike;
//   - no function newer than Excel 2007 (LibreOffice needs _xlfn. prefixes
//     on MINIFS, IFS, LET...).
//
// Marks typed as text are handled by the formulas: COUNTIF counts M, mi
// and missing (case ignored, as ParseScore does) as zeros with their points
// possible; SUM and COUNT skip EX and blanks, so they are left out. Any
// other text in a score cell (9/10, 90%, "45 late 2", a number stored as
// text) is something no formula reads like Norms: the category shows #N/A,
// which reaches the final and the letter, until fill runs again.
//
// Norms no formula can express are filled as values, and fill says which
// column and why (formulaPlan.notes).

// The text marks of ParseScore that formulas recognise.
var (
	missingMarks = []string{"m", "mi", "missing"}
	excusedMarks = []string{"ex", "exc", "excused"}
)

// formulaPlan holds, per result column of a sheet (in resultHeaders
// order), the formula template ("" when that column is filled as values).
// Templates hold {r} where the student's row goes.
type formulaPlan struct {
	templates []string
	// notes say, per column filled as values, why.
	notes []engine.Diagnostic
}

// formula returns column k's formula for a row, or "".
func (fp *formulaPlan) formula(k, row int) string {
	if fp == nil || k >= len(fp.templates) || fp.templates[k] == "" {
		return ""
	}
	return strings.ReplaceAll(fp.templates[k], "{r}", strconv.Itoa(row))
}

// planFormulas decides which result columns of a sheet can be formulas.
func (w *Workbook) planFormulas(p *engine.Program, sh *Sheet, rep *engine.Report, cols []int) *formulaPlan {
	n := p.Norms()
	g := n.Grading
	nc := len(rep.Categories)
	fp := &formulaPlan{templates: make([]string, nc+3)}
	note := func(k int, format string, args ...any) {
		ref := quoteSheet(sh.Name) + "!" + cellName(cols[k], sh.HeaderRow)
		head := resultHeaders(rep)[k]
		fp.notes = append(fp.notes, engine.Diagnostic{Code: "xlsx/values", Severity: engine.Warning, File: w.File, Path: ref,
			Message: fmt.Sprintf("%s: %s is filled as values, not a formula: %s", ref, head, fmt.Sprintf(format, args...))})
	}
	// Norms that hold for every category.
	var global string
	switch {
	case sh.possibleRow == 0:
		global = "the sheet has no Points Possible row to refer to"
	case g.Floor != nil && g.Floor.Sign() > 0:
		global = fmt.Sprintf("the norms raise scores to a floor of %s%%", g.Floor)
	case g.Missing.Policy == "percent":
		global = fmt.Sprintf("missing work counts as %s%%", g.Missing.Percent)
	case g.Ungraded == "zero":
		global = "blanks count as zero (ungraded: zero)"
	}
	missingZero := g.Missing.Policy == "" || g.Missing.Policy == "zero"
	byCat := make([][]int, nc)
	for j, a := range sh.Book.Assignments {
		for ci, c := range rep.Categories {
			if strings.EqualFold(strings.TrimSpace(a.Category), c.Name) {
				byCat[ci] = append(byCat[ci], j)
			}
		}
	}
	for ci := range rep.Categories {
		c := g.Categories[ci]
		if global != "" {
			note(ci, "%s", global)
			continue
		}
		if why := w.categoryFormula(sh, c, byCat[ci], missingZero, &fp.templates[ci]); why != "" {
			note(ci, "%s %s", c.Name, why)
		}
	}
	// The final: the weighted mean of the category cells, rounded.
	roundFn := map[string]string{"": "ROUND", "half_up": "ROUND", "down": "ROUNDDOWN", "up": "ROUNDUP", "none": ""}
	fn, roundOK := roundFn[g.Round.Mode]
	switch {
	case g.Final != "":
		note(nc, "the final is the norms' own expression (final:)")
		note(nc+1, "the final is the norms' own expression (final:)")
	case !roundOK:
		note(nc, "round mode %s has no Excel function", g.Round.Mode)
		note(nc+1, "round mode %s has no Excel function", g.Round.Mode)
	default:
		var num, den []string
		for ci, c := range rep.Categories {
			x := colName(cols[ci]) + "{r}"
			w := numberText(&c.Weight)
			num = append(num, fmt.Sprintf("IF(LEN(%s)=0,0,%s*%s)", x, w, x))
			if g.EmptyCategories == "zero" {
				// An empty category counts as 0 percent, its weight stays;
				// LEN still passes on a category's #N/A.
				den = append(den, fmt.Sprintf("IF(LEN(%s)=0,%s,%s)", x, w, w))
			} else {
				den = append(den, fmt.Sprintf("IF(LEN(%s)=0,0,%s)", x, w))
			}
		}
		D := sumOf(den)
		// Rounded to 9 places first: float noise (89.49999999999999 for
		// an exact 89.5) must not move a grade. The engine rounds exact
		// decimals; a true final within 5e-10 of a boundary would differ.
		exact := fmt.Sprintf("ROUND(%s/%s,9)", sumOf(num), D)
		rounded := exact
		if fn != "" {
			rounded = fmt.Sprintf("%s(%s,%d)", fn, exact, g.Round.Places)
		}
		fp.templates[nc] = fmt.Sprintf(`IF(%s=0,"",%s)`, D, rounded)
		if len(g.Letters) > 0 {
			arg := colName(cols[nc]) + "{r}"
			if g.LettersFrom == "exact" {
				arg = exact
			}
			var b strings.Builder
			for _, l := range g.Letters {
				fmt.Fprintf(&b, `IF(%s>=%s,"%s",`, arg, numberText(&l.Min), strings.ReplaceAll(l.Letter, `"`, `""`))
			}
			b.WriteString(`""` + strings.Repeat(")", len(g.Letters)))
			fp.templates[nc+1] = fmt.Sprintf(`IF(LEN(%s{r})=0,"",%s)`, colName(cols[nc]), b.String())
		}
	}
	if len(n.Flags) > 0 {
		note(nc+2, "flags are expressions, which only Norms evaluates; fill again after scores change")
	}
	return fp
}

// categoryFormula writes one category's formula template into out, or
// says why it cannot be one.
func (w *Workbook) categoryFormula(sh *Sheet, c engine.Category, idx []int, missingZero bool, out *string) string {
	agg := c.Aggregate
	if agg == "" {
		agg = "points"
	}
	switch {
	case agg != "points" && agg != "mean":
		return fmt.Sprintf("uses the %s aggregate", agg)
	case c.DropHighest > 0:
		return "drops the highest scores (drop_highest)"
	case len(c.NeverDrop) > 0 && c.DropLowest > 0:
		return "never drops some assignments (never_drop)"
	case len(idx) == 0:
		return "" // nothing to compute: the value is blank for everyone
	}
	book := sh.Book
	var counted, extra []int // columns
	for _, j := range idx {
		a := book.Assignments[j]
		if a.ExtraCredit {
			if agg == "points" {
				extra = append(extra, sh.assignCols[j])
			}
			continue
		}
		if agg == "mean" && a.Possible == 0 {
			return fmt.Sprintf("has %q worth 0 points, which a mean of percents leaves out", a.Name)
		}
		counted = append(counted, sh.assignCols[j])
	}
	if why := w.unreadable(sh, idx); why != "" {
		return why
	}
	pr := sh.possibleRow
	runs := columnRuns(counted)
	ecRuns := columnRuns(extra)
	rng := func(r [2]int, row string) string {
		return colName(r[0]) + row + ":" + colName(r[1]) + row
	}
	var scores, possible []string
	for _, r := range runs {
		scores = append(scores, rng(r, "{r}"))
		possible = append(possible, rng(r, "$"+strconv.Itoa(pr)))
	}
	// bad counts text the formulas cannot read: neither a number nor a mark.
	var bad []string
	for _, r := range append(append([][2]int{}, runs...), ecRuns...) {
		s := rng(r, "{r}")
		bad = append(bad, "COUNTA("+s+")", "-COUNT("+s+")")
		for _, m := range append(append([]string{}, missingMarks...), excusedMarks...) {
			bad = append(bad, fmt.Sprintf(`-COUNTIF(%s,"%s")`, s, m))
		}
	}
	// The counted scores: numbers, and missing marks when they count as 0,
	// with their points possible.
	var cnt, mcount, pc []string
	if len(scores) > 0 {
		cnt = append(cnt, "COUNT("+strings.Join(scores, ",")+")")
	}
	for _, col := range counted {
		x := colName(col)
		pc = append(pc, fmt.Sprintf("IF(ISNUMBER(%s{r}),%s$%d,0)", x, x, pr))
	}
	if missingZero {
		for k := range scores {
			for _, m := range missingMarks {
				mcount = append(mcount, fmt.Sprintf(`COUNTIF(%s,"%s")`, scores[k], m))
				pc = append(pc, fmt.Sprintf(`SUMIF(%s,"%s",%s)`, scores[k], m, possible[k]))
			}
		}
		cnt = append(cnt, mcount...)
	}
	CNT, PC := sumOf(cnt), sumOf(pc)
	var ecs []string
	for _, r := range ecRuns {
		ecs = append(ecs, rng(r, "{r}"))
	}
	var body string
	switch {
	case c.DropLowest > 0 && len(counted) > 0:
		p0 := book.Assignments[idx[0]].Possible
		for _, j := range idx {
			if a := book.Assignments[j]; !a.ExtraCredit && a.Possible != p0 {
				return "drops the lowest score among assignments worth different points, which takes a search no formula does"
			}
		}
		if len(runs) != 1 {
			return "drops the lowest score, and its assignments are not side by side (a formula takes the lowest from one range)"
		}
		// With equal points possible the lowest scores are the best to
		// drop. k' = min(k, counted-1) (the last score is never dropped);
		// missing marks are the lowest (0) and go first, then the
		// SMALL numbers.
		M := sumOf(mcount)
		K := fmt.Sprintf("MAX(0,MIN(%d,%s-1))", c.DropLowest, CNT)
		num := append([]string{scores[0]}, ecs...)
		if agg == "mean" {
			num = num[:1]
		}
		for i := 1; i <= c.DropLowest; i++ {
			num = append(num, fmt.Sprintf("-IF(%s-%s>=%d,SMALL(%s,%d),0)", K, M, i, scores[0], i))
		}
		P1 := fmt.Sprintf("%s$%d", colName(runs[0][0]), pr)
		den := fmt.Sprintf("SUM(%s,-%s*%s)", PC, K, P1)
		body = fmt.Sprintf(`IF(%s=0,"",IF(%s=0,"",100*%s/%s))`, CNT, den, sumOf(num), den)
	case agg == "points":
		body = fmt.Sprintf(`IF(%s=0,"",100*%s/%s)`, PC, sumOf(append(append([]string{}, scores...), ecs...)), PC)
	default: // mean of percents
		var t []string
		for _, col := range counted {
			x := colName(col)
			t = append(t, fmt.Sprintf("IF(ISNUMBER(%s{r}),%s{r}/%s$%d,0)", x, x, x, pr))
		}
		body = fmt.Sprintf(`IF(%s=0,"",100*%s/%s)`, CNT, sumOf(t), CNT)
	}
	*out = fmt.Sprintf("IF(%s>0,NA(),%s)", sumOf(bad), body)
	return ""
}

// sumOf is SUM over terms (0 for none). Every grouping is a SUM, never
// bare parentheses: excelize's parser misreads a parenthesised sum of
// function calls inside IF ("IF accepts at most 3 arguments"). SUM takes
// 255 arguments at most, so long lists nest.
func sumOf(terms []string) string {
	if len(terms) == 0 {
		return "0"
	}
	for len(terms) > 200 {
		var next []string
		for i := 0; i < len(terms); i += 200 {
			next = append(next, "SUM("+strings.Join(terms[i:min(i+200, len(terms))], ",")+")")
		}
		terms = next
	}
	return "SUM(" + strings.Join(terms, ",") + ")"
}

// columnRuns groups sorted columns into runs of adjacent ones.
func columnRuns(cols []int) [][2]int {
	var out [][2]int
	for _, c := range cols {
		if n := len(out); n > 0 && out[n-1][1] == c-1 {
			out[n-1][1] = c
			continue
		}
		out = append(out, [2]int{c, c})
	}
	return out
}

// unreadable says why a category's cells cannot be read by a formula as
// Norms reads them: a score stored as text (9/10, 90%, 45 late 2, a
// number typed into a Text column), a percent-formatted number, or points
// possible stored as text.
func (w *Workbook) unreadable(sh *Sheet, idx []int) string {
	for _, j := range idx {
		col := sh.assignCols[j]
		if w.isText(sh, col, sh.possibleRow) {
			return fmt.Sprintf("has points possible stored as text (%s, %q); type them as a number", cellName(col, sh.possibleRow), sh.Book.Assignments[j].Name)
		}
	}
	for i, s := range sh.Book.Students {
		row := sh.StudentRows[i]
		for _, j := range idx {
			sc := s.Scores[j]
			if sc.Status != engine.Graded {
				continue
			}
			col := sh.assignCols[j]
			if w.isText(sh, col, row) || w.isPercent(sh, col, row) {
				what := "is typed as text (a fraction, a percent, a late score or a number in a Text cell)"
				if sc.DaysLate > 0 {
					what = "is a late score, whose deduction only Norms computes"
				} else if !w.isText(sh, col, row) {
					what = "is a percent-formatted number"
				}
				return fmt.Sprintf("has a score no formula reads: %s (%s, %s) %s; type points, M or EX there", cellName(col, row), s.Name, sh.Book.Assignments[j].Name, what)
			}
		}
	}
	return ""
}

// isText reports whether a cell is stored as text.
func (w *Workbook) isText(sh *Sheet, col, row int) bool {
	return w.scans[sh.Name].texts[keyOf(col, row)]
}

// isPercent reports whether a cell's style shows a percent.
func (w *Workbook) isPercent(sh *Sheet, col, row int) bool {
	id := w.cellStyle(sh.Name, col, row)
	return id >= 0 && id < len(w.styleKind) && w.styleKind[id] == percentNumber
}
