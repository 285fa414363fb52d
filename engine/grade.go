package engine

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"sort"
	"strings"

	"github.com/cockroachdb/apd/v3"
	"github.com/expr-lang/expr/vm"
)

// Grade applies the norms to every student of a gradebook. The diagnostics
// hold data problems: a score over points possible (unless the norms allow
// it), an assignment whose category the norms do not define, a category no
// assignment uses (a warning). With an error, the report is nil.
func (p *Program) Grade(book *Gradebook) (*Report, Diagnostics) {
	plan, ds := p.plan(book)
	if ds.HasErrors() {
		return nil, ds
	}
	g := p.newGrader(plan, nil)
	rep := &Report{Team: p.norms.Team, Categories: p.categoryInfo(), Students: make([]StudentResult, len(book.Students))}
	for i := range book.Students {
		rep.Students[i] = g.student(&book.Students[i])
	}
	return rep, ds
}

func (p *Program) categoryInfo() []CategoryInfo {
	out := make([]CategoryInfo, len(p.cats))
	for i, c := range p.cats {
		out[i] = CategoryInfo{Name: c.Name, Weight: c.Weight.reduced(), Identifier: c.ident}
	}
	return out
}

// gradePlan is a gradebook checked against the norms and arranged for
// grading: each category's assignments, in order.
type gradePlan struct {
	book *Gradebook
	// byCat[c] are the indices of category c's assignments, in the order
	// the order-sensitive aggregates use.
	byCat [][]int
	// floorPoints[j] is the floor in points of assignment j.
	floorPoints []Points
	// pinned[j] is true when assignment j is named in its category's
	// never_drop.
	pinned []bool
	// missingPoints[j] is what a missing score earns on assignment j
	// (missing: a percent; else 0).
	missingPoints []Points
	// uniform[c] is the points possible of every assignment of category c
	// when grader.uniformCategory can grade it (see there), else 0.
	uniform []Points
}

// plan checks a gradebook against the norms and arranges it for grading.
func (p *Program) plan(book *Gradebook) (*gradePlan, Diagnostics) {
	var ds Diagnostics
	plan := &gradePlan{book: book, byCat: make([][]int, len(p.cats)), floorPoints: make([]Points, len(book.Assignments)), pinned: make([]bool, len(book.Assignments))}
	if p.floor.Sign() > 0 {
		for j, a := range book.Assignments {
			plan.floorPoints[j] = pointsOfPercent(p.floor, a.Possible)
		}
	}
	names := make([]string, len(p.cats))
	for i, c := range p.cats {
		names[i] = c.Name
	}
	for j, a := range book.Assignments {
		ci, ok := p.catIndex[strings.ToLower(strings.TrimSpace(a.Category))]
		if !ok {
			ds = append(ds, Diagnostic{Code: "gradebook/unknown-category", Severity: Error, File: book.File, Pos: Pos{Line: book.CategoryLine, Column: a.Column}, Path: fmt.Sprintf("assignments[%d].category", j),
				Message: fmt.Sprintf("assignment %q is in category %q, which the norms do not define%s; the categories are: %s", a.Name, a.Category, didYouMean(a.Category, names), strings.Join(names, ", "))})
			continue
		}
		plan.byCat[ci] = append(plan.byCat[ci], j)
	}
	for ci, idx := range plan.byCat {
		c := p.cats[ci]
		if len(idx) == 0 && len(book.Assignments) > 0 {
			ds = append(ds, Diagnostic{Code: "gradebook/empty-category", Severity: Warning, Path: "assignments",
				Message: fmt.Sprintf("no assignment is in category %q, so it counts for nobody (its weight is %s)", c.Name, emptyWord(p.emptyZero))})
		}
		// Due dates order a category only when all of its assignments have
		// one; a partial order would silently mix two orderings.
		allDue := len(idx) > 0
		for _, j := range idx {
			allDue = allDue && book.Assignments[j].Due != ""
		}
		if allDue {
			sort.SliceStable(idx, func(a, b int) bool { return book.Assignments[idx[a]].Due < book.Assignments[idx[b]].Due })
		}
		inBook := map[string]bool{}
		for _, j := range idx {
			inBook[book.Assignments[j].Name] = true
			plan.pinned[j] = c.neverDrop[book.Assignments[j].Name]
		}
		for _, name := range c.NeverDrop {
			if !inBook[name] && len(book.Assignments) > 0 {
				ds = append(ds, Diagnostic{Code: "gradebook/never-drop", Severity: Warning, Path: "assignments",
					Message: fmt.Sprintf("never_drop of %q names %q, which is not one of its assignments", c.Name, name)})
			}
		}
	}
	plan.uniform = make([]Points, len(p.cats))
	for ci, idx := range plan.byCat {
		plan.uniform[ci] = uniformPossible(&p.cats[ci], book, idx, plan.pinned)
	}
	plan.missingPoints = make([]Points, len(book.Assignments))
	if p.norms.Grading.Missing.Policy == "percent" {
		for j, a := range book.Assignments {
			plan.missingPoints[j] = pointsOfPercent(p.norms.Grading.Missing.Percent, a.Possible)
		}
	}
	if !p.norms.Grading.AllowOverPossible {
		// limit[j] is the most a score may earn on assignment j: the scan
		// below looks at every score of the book, so it does one comparison.
		limit := make([]Points, len(book.Assignments))
		for j, a := range book.Assignments {
			limit[j] = a.Possible
			if a.ExtraCredit || a.Possible <= 0 {
				limit[j] = math.MaxInt64
			}
		}
		for i := range book.Students {
			s := &book.Students[i]
			for j := range s.Scores {
				if sc := &s.Scores[j]; j < len(limit) && sc.Earned > limit[j] && sc.Status == Graded {
					a := book.Assignments[j]
					ds = append(ds, Diagnostic{Code: "gradebook/over-possible", Severity: Error, File: book.File, Pos: Pos{Line: s.Line, Column: a.Column}, Path: fmt.Sprintf("students[%d].scores[%q]", i, a.Name),
						Message: fmt.Sprintf("%s (%s) has %s on %q, which is worth %s; fix the score, or set grading.allow_over_possible: true", s.Name, s.ID, sc.Earned, a.Name, a.Possible)})
				}
			}
		}
	}
	for i, s := range book.Students {
		if len(s.Scores) != len(book.Assignments) {
			ds = append(ds, Diagnostic{Code: "gradebook/shape", Severity: Error, Path: fmt.Sprintf("students[%d]", i),
				Message: fmt.Sprintf("student %q has %d scores for %d assignments", s.ID, len(s.Scores), len(book.Assignments))})
		}
	}
	return plan, ds.sortAndCap()
}

// maxUniformDrops bounds the drop_lowest of a category uniformCategory
// grades: it keeps the lowest scores in a fixed array.
const maxUniformDrops = 4

// uniformPossible is the points possible shared by all of a category's
// assignments when uniformCategory can grade it: points or mean, every
// assignment worth the same points above 0, no extra credit, no never_drop,
// drop_lowest only. Otherwise 0.
func uniformPossible(c *compiledCategory, book *Gradebook, idx []int, pinned []bool) Points {
	if (c.aggregate != "points" && c.aggregate != "mean") || c.DropHighest > 0 || c.DropLowest > maxUniformDrops || len(idx) == 0 {
		return 0
	}
	possible := book.Assignments[idx[0]].Possible
	for _, j := range idx {
		a := &book.Assignments[j]
		if a.Possible != possible || a.ExtraCredit || pinned[j] {
			return 0
		}
	}
	return max(possible, 0)
}

func emptyWord(zero bool) string {
	if zero {
		return "counted as 0 percent"
	}
	return "shared among the other categories"
}

// grader holds the per-call state of grading: the plan, reusable buffers and
// the expression environments (one map each, values overwritten per student,
// so grading a book allocates per student only what expr boxes).
type grader struct {
	p    *Program
	plan *gradePlan
	// trace, when not nil, records every step for Explain.
	trace *Explanation

	machine  vm.VM
	lateEnv  map[string]any
	finalEnv map[string]any
	flagEnv  map[string]any
	graded   []bool
	// exactMode makes the percent aggregates keep exact fractions too.
	exactMode bool
	// inexact is set by final when the weighted final it computed was
	// rounded somewhere on the way (roundFinal reads it).
	inexact bool
	// exactFinal is the weighted final as an exact fraction, when final
	// could compute it in machine words (exactOK); settle rounds it and
	// picks its letter from it.
	exactFinal frac
	exactOK    bool
	// weighted is the current (not projected) weighted mean of the student
	// being graded, for the flags.
	weighted   Decimal
	weightedOK bool
	// projectedPhase is set while the projected grade is computed, which
	// Explain does not trace step by step.
	projectedPhase bool

	// blankIn[c] is set when category c left out a blank for the
	// current grade of the student being graded.
	blankIn   []bool
	current   []catOutcome
	projected []catOutcome
	items     []item
	kept      []item
	cands     []int
	keys      []i128
	taken     []bool
	pcts      []Decimal
	dropped   []bool
	chosen    []int
	next      []int
	rest      []int
	// lateMemo[d] is the late expression's result for d days late, when it
	// reads only days_late (lateKnown[d] says it was computed): expressions
	// have no clock and no randomness, so the result depends on d alone.
	lateMemo  [64]float64
	lateKnown [64]bool
	// general turns uniformCategory and fractionFinal off, for the test
	// that compares them with the general paths.
	general bool
	// catBlock and decBlock are the unused rest of the current blocks of
	// results (see resultCategories).
	catBlock []CategoryResult
	decBlock []Decimal
}

// item is one assignment's contribution to a category for one student.
type item struct {
	j        int
	earned   Points
	possible Points
	extra    bool
	// pinned items are never dropped (never_drop).
	pinned bool
}

func (p *Program) newGrader(plan *gradePlan, trace *Explanation) *grader {
	g := &grader{p: p, plan: plan, trace: trace, graded: make([]bool, len(p.cats)),
		current: make([]catOutcome, len(p.cats)), projected: make([]catOutcome, len(p.cats)), blankIn: make([]bool, len(p.cats))}
	g.lateEnv = map[string]any{"days_late": 0, "percent": 0.0, "possible": 0.0, "category": "", "assignment": ""}
	isGraded := func(name string) bool {
		ci, ok := p.catIndex[strings.ToLower(name)]
		return ok && g.graded[ci]
	}
	g.finalEnv = map[string]any{"graded": isGraded}
	g.flagEnv = map[string]any{"graded": isGraded}
	return g
}

// catOutcome is a category's percent for one student (ok false: empty).
type catOutcome struct {
	percent Decimal
	// f is percent as the float expressions see (NaN when empty).
	f float64
	// num/den is the exact percent when den > 0 (points, and mean over
	// equal points possible); exact holds it for the other aggregates, but
	// only when the grader recomputes a student exactly (see roundFinal).
	num, den int64
	exact    *big.Rat
	// inexact is set when percent had to be rounded to 19 digits.
	inexact bool
	ok      bool
	counted int
	dropped int
}

// setRatio sets the outcome to the percent 100·e/pp (pp > 0). The float
// for expressions is one IEEE division of exact integers when they fit in
// 53 bits: the float nearest the exact percent, with no decimal detour.
func (o *catOutcome) setRatio(e, pp Points) {
	var exact bool
	o.percent, exact = percentOfExact(e, pp)
	o.ok, o.inexact = true, !exact
	o.num, o.den = int64(e)*100, int64(pp)
	if n := int64(e) * 100; n >= 0 && n < 1<<53 && int64(pp) < 1<<53 {
		o.f = float64(n) / float64(pp)
	} else {
		o.f = o.percent.Float64()
	}
}

// student grades one student.
func (g *grader) student(s *Student) (res StudentResult) {
	p := g.p
	res = StudentResult{ID: s.ID, Name: s.Name, Categories: g.resultCategories(len(p.cats)), Flags: []string{}}
	defer func() {
		// An expression can still fail at run time on one student's data
		// (a division by zero in a final expression); that student gets an
		// error, the others their grades.
		if r := recover(); r != nil {
			if e, ok := r.(gradeError); ok {
				res = StudentResult{ID: s.ID, Name: s.Name, Error: e.msg, Categories: []CategoryResult{}, Flags: []string{}}
				return
			}
			panic(r)
		}
	}()
	hasBlank := false
	for _, sc := range s.Scores {
		switch sc.Status {
		case MissingWork:
			res.MissingCount++
		case Excused:
			res.ExcusedCount++
		case Blank:
			res.UngradedCount++
			hasBlank = true
		case Graded:
			if sc.DaysLate > 0 {
				res.LateCount++
			}
		}
	}
	// Every decimal the result points to lives in one slice: one
	// allocation per student instead of one per number.
	decs := g.resultDecimals(2*len(p.cats) + 3)
	keep := func(d Decimal) *Decimal {
		decs = append(decs, d)
		return &decs[len(decs)-1]
	}
	current := g.current[:len(p.cats)]
	clear(g.blankIn)
	for ci := range p.cats {
		current[ci] = g.category(ci, s, false)
		cr := &res.Categories[ci]
		cr.Name = p.cats[ci].Name
		cr.Counted, cr.Dropped = current[ci].counted, current[ci].dropped
		if current[ci].ok {
			cr.Percent = keep(current[ci].percent)
		}
	}
	final, ok := g.final(current, &res, false)
	if ok {
		var r Decimal
		final, r, res.Letter = g.settle(current, final, func() []catOutcome { return g.categories(s, false) })
		res.Final, res.Rounded = keep(final), keep(r)
	}
	// The projected grade differs from the current one only when blanks
	// were left out; otherwise it is the same computation again.
	projected, same := current, true
	if hasBlank && !p.ungradedZero {
		projected, same = g.projected[:len(p.cats)], false
		g.tracePhase(true)
		for ci := range p.cats {
			// Only a category with a blank left out can differ.
			projected[ci] = current[ci]
			if g.blankIn[ci] {
				projected[ci] = g.category(ci, s, true)
			}
		}
		g.tracePhase(false)
	}
	for ci := range p.cats {
		if same {
			res.Categories[ci].Projected = res.Categories[ci].Percent
		} else if projected[ci].ok {
			res.Categories[ci].Projected = keep(projected[ci].percent)
		}
	}
	if same {
		// Nothing was left out, so the projected grade is the current one.
		res.Projected, res.ProjectedLetter = res.Rounded, res.Letter
	} else if pf, ok := g.final(projected, &res, true); ok {
		_, r, letter := g.settle(projected, pf, func() []catOutcome { return g.categories(s, true) })
		res.Projected, res.ProjectedLetter = keep(r), letter
	}
	g.flags(current, &res)
	return res
}

// resultCategories returns a zeroed slice of n category results for one
// student, carved from a block shared by the next students: grading a book
// allocates its results a block at a time instead of student by student.
func (g *grader) resultCategories(n int) []CategoryResult { return carve(&g.catBlock, n) }

// resultDecimals returns an empty slice with room for exactly n decimals,
// carved like resultCategories; its capacity is exact, so an append past
// it would copy rather than overwrite the next student's.
func (g *grader) resultDecimals(n int) []Decimal { return carve(&g.decBlock, n)[:0] }

// carve cuts the next n elements, capacity n, from *block, starting a new
// block of resultBlock students' worth when it runs out.
func carve[T any](block *[]T, n int) []T {
	if len(*block) < n {
		*block = make([]T, n*resultBlock)
	}
	out := (*block)[:n:n]
	*block = (*block)[n:]
	return out
}

// resultBlock is how many students' results one block holds.
const resultBlock = 128

// categories grades every category of a student again, into a new slice
// (for the exact recomputation of roundFinal; the trace is off for it).
func (g *grader) categories(s *Student, projected bool) []catOutcome {
	outs := make([]catOutcome, len(g.p.cats))
	phase := g.projectedPhase
	g.projectedPhase = true // keeps Explain's trace as it was
	for ci := range g.p.cats {
		outs[ci] = g.category(ci, s, projected)
	}
	g.projectedPhase = phase
	return outs
}

// gradeError carries a per-student failure out of deep grading code.
type gradeError struct{ msg string }

func (g *grader) fail(format string, args ...any) {
	panic(gradeError{msg: fmt.Sprintf(format, args...)})
}

// letter picks the letter for a final: the first cutoff at or below it.
// exact, when known, is the final as an exact fraction, which decides a
// final that lies on a cutoff (letters_from: exact).
func (p *Program) letter(final, rounded Decimal, exact *big.Rat) string {
	for _, l := range p.norms.Grading.Letters {
		var at bool
		switch {
		case !p.lettersExact:
			at = rounded.Cmp(l.Min) >= 0
		case exact != nil:
			at = exact.Cmp(l.Min.rat()) >= 0
		default:
			at = final.Cmp(l.Min) >= 0
		}
		if at {
			return l.Letter
		}
	}
	return ""
}

// nearBoundary bounds how close an inexact final may come to a rounding
// boundary or a cutoff before its exact value decides: far below the
// digits any grade shows (6 places at most), far above the error of
// 19-digit arithmetic on percents (about 10^-16).
var nearBoundary = DecimalFromInt(1, -12)

// settle rounds a final and picks its letter. A final that final computed
// as an exact fraction is rounded and compared with the cutoffs exactly, in
// machine words; any other goes through roundFinal.
func (g *grader) settle(outs []catOutcome, final Decimal, recompute func() []catOutcome) (Decimal, Decimal, string) {
	p := g.p
	if g.exactOK {
		if r, rf, ok := g.exactFinal.round(p.roundPlaces, p.roundMode); ok {
			if l, ok := p.letterOfFrac(g.exactFinal, r, rf); ok {
				return final, r, l
			}
			return final, r, p.letter(final, r, g.exactFinal.rat())
		}
	}
	final, r, exact := g.roundFinal(outs, final, recompute)
	return final, r, p.letter(final, r, exact)
}

// letterOfFrac is letter for a final known as an exact fraction, compared
// with the cutoffs in machine words (the rounded final too, as the fraction
// roundedFrac, when it has one); ok is false when a cutoff has too many
// digits for that.
func (p *Program) letterOfFrac(final frac, rounded Decimal, roundedFrac frac) (string, bool) {
	if p.cutoffs == nil {
		return "", false
	}
	for i, l := range p.norms.Grading.Letters {
		c := p.cutoffs[i]
		var at bool
		switch {
		case p.lettersExact:
			at = final.cmpScaled(c.num, c.den) >= 0
		case roundedFrac.den != 0:
			at = roundedFrac.cmpScaled(c.num, c.den) >= 0
		default:
			at = rounded.Cmp(l.Min) >= 0
		}
		if at {
			return l.Letter, true
		}
	}
	return "", true
}

// roundFinal rounds the weighted final. Divisions such as 200/3 make the
// decimal final inexact, and a final that is exactly 75 may come out as
// 75.00000000000000002, which round: up would take to 76. So when an
// inexact final lies within nearBoundary of a rounding boundary (or of a
// cutoff, with letters_from: exact), it is recomputed as an exact fraction
// from the categories' exact fractions (math/big), and that decides. Only a
// team-written final expression (floats) and the power law (logarithms)
// have no exact fraction and keep the decimal's answer.
//
// It returns the final (recomputed from the exact fraction when that was
// needed, so an exact 80 reads 80), the rounded final, and the exact
// fraction when it was computed.
func (g *grader) roundFinal(outs []catOutcome, final Decimal, recompute func() []catOutcome) (Decimal, Decimal, *big.Rat) {
	p := g.p
	rounded := roundDecimal(final, p.roundPlaces, p.roundMode)
	if p.final != nil || !g.inexact || !g.nearBoundary(final, rounded) {
		return final, rounded, nil
	}
	exact := g.exactWeighted(outs)
	if exact == nil && recompute != nil {
		// Some category has no exact fraction yet: grade the student's
		// categories again, this time keeping them.
		g.exactMode = true
		exact = g.exactWeighted(recompute())
		g.exactMode = false
	}
	if exact == nil || exact.Sign() < 0 {
		return final, rounded, nil
	}
	num, _ := ParseDecimal(exact.Num().String())
	den, _ := ParseDecimal(exact.Denom().String())
	return num.quo(den), roundRat(exact, p.roundPlaces, p.roundMode), exact
}

// nearBoundary reports whether final is within nearBoundary of a value
// where its rounding or its letter changes. It is on every student's path,
// so it costs one subtraction and two comparisons with bounds the program
// computed once: with rounded = round(final), d = |final − rounded| is near
// a half step (half modes) or near 0 or a whole step (down, up).
func (g *grader) nearBoundary(final, rounded Decimal) bool {
	p := g.p
	abs := func(x Decimal) Decimal {
		x.d.Negative = false
		return x
	}
	if p.lettersExact || p.roundMode == "none" {
		for _, l := range p.norms.Grading.Letters {
			if abs(final.sub(l.Min)).Cmp(nearBoundary) < 0 {
				return true
			}
		}
	}
	if p.roundMode == "none" {
		return false
	}
	d := abs(final.sub(rounded))
	if p.roundMode == "half_up" || p.roundMode == "half_even" {
		return d.Cmp(p.near.halfLo) > 0 && d.Cmp(p.near.halfHi) < 0
	}
	return d.Cmp(nearBoundary) < 0 || d.Cmp(p.near.stepLo) > 0
}

// exactWeighted is the weighted final as an exact fraction, or nil when a
// counted category has no exact fraction.
func (g *grader) exactWeighted(outs []catOutcome) *big.Rat {
	num, den := new(big.Rat), new(big.Rat)
	for ci, o := range outs {
		w := g.p.cats[ci].Weight.rat()
		switch {
		case o.ok && o.den > 0:
			num.Add(num, new(big.Rat).Mul(w, big.NewRat(o.num, o.den)))
			den.Add(den, w)
		case o.ok && o.exact != nil:
			num.Add(num, new(big.Rat).Mul(w, o.exact))
			den.Add(den, w)
		case o.ok:
			return nil
		case g.p.emptyZero:
			den.Add(den, w)
		}
	}
	if den.Sign() == 0 {
		return nil
	}
	return num.Quo(num, den)
}

// roundRat rounds a non-negative exact fraction to places with one of the
// norms' rounding modes: the same rules as roundDecimal, decided exactly.
func roundRat(x *big.Rat, places int, mode string) Decimal {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(places)), nil)
	n := new(big.Int).Mul(x.Num(), scale)
	q, r := new(big.Int).QuoRem(n, x.Denom(), new(big.Int))
	twice := new(big.Int).Lsh(r, 1)
	up := false
	switch mode {
	case "down":
	case "up":
		up = r.Sign() != 0
	case "half_even":
		c := twice.Cmp(x.Denom())
		up = c > 0 || (c == 0 && q.Bit(0) == 1)
	default: // half_up
		up = twice.Cmp(x.Denom()) >= 0
	}
	if up {
		q.Add(q, big.NewInt(1))
	}
	d, _ := ParseDecimal(q.String())
	d.d.Exponent -= int32(places)
	return d.reduced()
}

// final combines category outcomes into the final percent.
func (g *grader) final(outs []catOutcome, res *StudentResult, projected bool) (Decimal, bool) {
	p := g.p
	g.exactOK = false
	if p.final == nil && !g.general {
		if weighted, ok, done := g.fractionFinal(outs); done {
			if !projected {
				g.weighted, g.weightedOK = weighted, ok
			}
			if g.trace != nil {
				g.traceWeighted(outs, p.countedWeight(outs), weighted, ok, projected)
			}
			return weighted, ok
		}
	}
	var num, den, term Decimal
	inexact := false
	for ci, o := range outs {
		w := p.cats[ci].Weight
		switch {
		case o.ok:
			c1, _ := ctx.Mul(&term.d, &w.d, &o.percent.d)
			c2, _ := ctx.Add(&num.d, &num.d, &term.d)
			inexact = inexact || o.inexact || c1.Inexact() || c2.Inexact()
			den = den.add(w)
		case p.emptyZero:
			den = den.add(w)
		}
	}
	weightedOK := !den.IsZero()
	var weighted Decimal
	if weightedOK {
		var exact bool
		weighted, exact = quoDecimal(num, den)
		inexact = inexact || !exact
	}
	g.inexact = inexact
	if !projected {
		g.weighted, g.weightedOK = weighted, weightedOK
	}
	g.traceWeighted(outs, den, weighted, weightedOK, projected)
	if p.final == nil {
		return weighted, weightedOK
	}
	env := g.finalEnv
	g.fillEnv(env, outs, res)
	if p.env.weighted {
		env["weighted"] = floatOrNaN(weighted, weightedOK)
	}
	out, err := g.machine.Run(p.final, env)
	if err != nil {
		g.fail("the final expression failed for this student: %v", err)
	}
	f, _ := out.(float64)
	d, err := decimalFromFloat(f)
	if err != nil {
		// NaN comes from an empty category used in the expression.
		g.fail("the final expression gave no number for this student (%v); a category it uses may have nothing graded: guard it with graded(\"Name\")", err)
	}
	g.traceFinalExpr(d, projected)
	return d, true
}

// fractionFinal is the weighted final computed as an exact fraction in
// machine words: Σ w·percent / Σ w over the counted categories, when every
// counted category's percent is an exact fraction (points, and the mean
// over equal points possible) and the weights are integers over one power
// of ten. done is false when it cannot (another aggregate, an overflow);
// final then computes in decimals. The fraction is kept in g.exactFinal for
// settle, which rounds it exactly; the decimal returned is it to 19 digits.
func (g *grader) fractionFinal(outs []catOutcome) (weighted Decimal, ok, done bool) {
	p := g.p
	if p.intWeights == nil {
		return Decimal{}, false, false
	}
	f, total, ok := g.weightedSum(outs, false)
	if !ok {
		// Some product overflowed: again, keeping every fraction in
		// lowest terms, which costs a gcd at each step.
		if f, total, ok = g.weightedSum(outs, true); !ok {
			return Decimal{}, false, false
		}
	}
	if total == 0 {
		return Decimal{}, false, true
	}
	if f.den, ok = mul64(f.den, total); !ok {
		if f, ok = f.scale(1, total); !ok {
			return Decimal{}, false, false
		}
	}
	d, exact, ok := f.decimal()
	if !ok {
		return Decimal{}, false, false
	}
	g.exactFinal, g.exactOK, g.inexact = f, true, !exact
	return d, true, true
}

// weightedSum is Σ w·percent over the counted categories as a fraction, and
// Σ w over them (and over the empty ones with empty_categories: zero).
// Without reduce, the fractions are only cleared of common factors of ten
// (points in millionths have six): denominators then stay small, and no
// gcd is needed; ok is false on an overflow.
func (g *grader) weightedSum(outs []catOutcome, reduce bool) (sum frac, total uint64, ok bool) {
	p := g.p
	sum = frac{0, 1}
	for ci, o := range outs {
		w := p.intWeights[ci]
		switch {
		case o.ok:
			if o.den <= 0 || o.num < 0 {
				return frac{}, 0, false
			}
			n, d := uint64(o.num), uint64(o.den)
			if reduce {
				term, ok := newFrac(n, d).scale(w, 1)
				if ok {
					sum, ok = sum.add(term)
				}
				if !ok {
					return frac{}, 0, false
				}
			} else {
				for n%10 == 0 && d%10 == 0 {
					n, d = n/10, d/10
				}
				t, ok1 := mul64(n, w)
				if d == sum.den {
					var carry uint64
					sum.num, carry = bits.Add64(sum.num, t, 0)
					if !ok1 || carry != 0 {
						return frac{}, 0, false
					}
				} else {
					a, ok2 := mul64(sum.num, d)
					b, ok3 := mul64(t, sum.den)
					den, ok4 := mul64(sum.den, d)
					num, carry := bits.Add64(a, b, 0)
					if !ok1 || !ok2 || !ok3 || !ok4 || carry != 0 {
						return frac{}, 0, false
					}
					sum = frac{num, den}
				}
			}
			total += w
		case p.emptyZero:
			total += w
		}
	}
	return sum, total, true
}

// countedWeight is the sum of the weights the final divides by, for
// Explain.
func (p *Program) countedWeight(outs []catOutcome) Decimal {
	var den Decimal
	for ci, o := range outs {
		if o.ok || p.emptyZero {
			den = den.add(p.cats[ci].Weight)
		}
	}
	return den
}

// quoDecimal divides, and says whether the quotient is exact; dividing by a
// power of ten (weights summing to 100, the usual case) only moves the
// decimal point, exactly and without a long division.
func quoDecimal(num, den Decimal) (Decimal, bool) {
	r := den.reduced()
	if r.d.Coeff.IsInt64() && r.d.Coeff.Int64() == 1 && !r.d.Negative {
		out := num
		out.d.Exponent -= r.d.Exponent
		return out, true
	}
	var out Decimal
	c, _ := ctx.Quo(&out.d, &num.d, &den.d)
	return out, !c.Inexact()
}

func floatOrNaN(d Decimal, ok bool) float64 {
	if !ok {
		return nan
	}
	return d.Float64()
}

// fillEnv sets the per-student values the grading expressions use (names
// no expression mentions are left alone: each value put in the map costs an
// allocation, for every student).
func (g *grader) fillEnv(env map[string]any, outs []catOutcome, res *StudentResult) {
	p := g.p
	for ci, o := range outs {
		g.graded[ci] = o.ok
	}
	for _, ci := range p.env.cats {
		env[p.cats[ci].ident] = outs[ci].f
	}
	for _, c := range p.env.counts {
		env[countNames[c]] = [...]int{res.MissingCount, res.LateCount, res.ExcusedCount, res.UngradedCount}[c]
	}
}

// countNames are the counts expressions may read, in the order of
// envUse.counts' indices.
var countNames = [...]string{"missing_count", "late_count", "excused_count", "ungraded_count"}

func (g *grader) flags(outs []catOutcome, res *StudentResult) {
	p := g.p
	if len(p.flags) == 0 {
		return
	}
	env := g.flagEnv
	g.fillEnv(env, outs, res)
	if p.env.weighted {
		env["weighted"] = floatOrNaN(g.weighted, g.weightedOK)
	}
	if p.env.final {
		env["final"], env["rounded"] = nan, nan
		if res.Final != nil {
			env["final"] = res.Final.Float64()
			env["rounded"] = res.Rounded.Float64()
		}
	}
	if p.env.letter {
		env["letter"] = res.Letter
	}
	for _, f := range p.flags {
		out, err := g.machine.Run(f.prog, env)
		if err != nil {
			g.fail("flag %q failed for this student: %v", f.name, err)
		}
		if b, _ := out.(bool); b {
			res.Flags = append(res.Flags, f.name)
			g.traceFlag(f.name)
		}
	}
}

// category computes one category's percent for one student; projected
// counts blanks as zero.
func (g *grader) category(ci int, s *Student, projected bool) catOutcome {
	p := g.p
	c := &p.cats[ci]
	if g.trace == nil && !g.general && g.plan.uniform[ci] > 0 {
		return g.uniformCategory(ci, s, projected)
	}
	book := g.plan.book
	items := g.items[:0]
	ct := g.traceCategory(ci)
	for _, j := range g.plan.byCat[ci] {
		a := &book.Assignments[j]
		sc := s.Scores[j]
		it := item{j: j, possible: a.Possible, extra: a.ExtraCredit, pinned: g.plan.pinned[j]}
		var counts bool
		it.earned, counts = g.scoreValue(ci, j, sc, projected)
		if sc.Status == Graded {
			g.adjust(&it, c, a, sc, ct)
		} else if ct != nil {
			ct.line(j, sc, p.scoreNote(sc, counts))
		}
		if !counts {
			continue
		}
		if it.extra && c.aggregate != "points" {
			ct.note(j, "extra credit only counts in categories that add up points; left out")
			continue
		}
		if !it.extra && it.possible == 0 && c.aggregate != "points" {
			ct.note(j, "worth 0 points: left out of a percent average")
			continue
		}
		items = append(items, it)
	}
	g.items = items
	var out catOutcome
	if c.aggregate == "points" {
		out = g.pointsCategory(c, items, ct)
	} else {
		out = g.percentCategory(c, items, ct)
	}
	ct.done(out)
	return out
}

// scoreValue is what score sc on assignment j counts for in category ci
// before a late deduction and the floor (which adjust applies to graded
// scores), and whether it counts at all: the one place the ungraded and
// missing policies are applied.
func (g *grader) scoreValue(ci, j int, sc Score, projected bool) (earned Points, counts bool) {
	p := g.p
	switch sc.Status {
	case Excused:
		return 0, false
	case Blank:
		if !projected && !p.ungradedZero {
			g.blankIn[ci] = true
			return 0, false
		}
		return 0, true
	case MissingWork:
		switch p.norms.Grading.Missing.Policy {
		case "exclude":
			return 0, false
		case "percent":
			return g.plan.missingPoints[j], true
		}
		return 0, true
	}
	return sc.Earned, true
}

// scoreNote says in words, for Explain, what scoreValue decided for a
// score that is not graded.
func (p *Program) scoreNote(sc Score, counts bool) string {
	switch {
	case sc.Status == Excused:
		return "excused: left out"
	case sc.Status == Blank && counts:
		return "not graded yet: counts as 0"
	case sc.Status == Blank:
		return "not graded yet: left out"
	case !counts:
		return "missing: left out (missing: exclude)"
	case p.norms.Grading.Missing.Policy == "percent":
		pct := p.norms.Grading.Missing.Percent
		return fmt.Sprintf("missing: counts as %s%% (missing: %s)", pct, pct)
	}
	return "missing: counts as 0"
}

// uniformCategory grades the most common category in one pass: points or
// mean over assignments all worth the same points, no extra credit, no
// never_drop, a few drop_lowest. With equal points possible, the best
// scores to drop are simply the lowest (the earlier of equal ones), and
// points and mean give the same percent, 100·Σearned / (n·possible), so
// no item list, drop search or second pass is needed. It gives exactly
// what category's general path gives (a test grades random books both
// ways); Explain takes the general path, which traces each step.
func (g *grader) uniformCategory(ci int, s *Student, projected bool) catOutcome {
	p := g.p
	c := &p.cats[ci]
	book := g.plan.book
	possible := g.plan.uniform[ci]
	// low[:nLow] are the lowest earned so far, ascending; a later equal
	// score does not displace an earlier one.
	var low [maxUniformDrops]Points
	nLow, want := 0, c.DropLowest
	var sum Points
	counted := 0
	for _, j := range g.plan.byCat[ci] {
		sc := s.Scores[j]
		earned, counts := g.scoreValue(ci, j, sc, projected)
		if !counts {
			continue
		}
		if sc.Status == Graded && ((sc.DaysLate > 0 && p.late != nil) || earned < g.plan.floorPoints[j] || earned < 0) {
			it := item{j: j, earned: earned, possible: possible}
			g.adjust(&it, c, &book.Assignments[j], sc, nil)
			earned = it.earned
		}
		counted++
		sum += earned
		if want > 0 && (nLow < want || earned < low[nLow-1]) {
			k := min(nLow, want-1)
			for k > 0 && earned < low[k-1] {
				low[k] = low[k-1]
				k--
			}
			low[k] = earned
			nLow = min(nLow+1, want)
		}
	}
	drops, _ := dropCounts(c, counted, counted)
	for _, e := range low[:drops] {
		sum -= e
	}
	out := catOutcome{counted: counted - drops, dropped: drops, f: nan}
	if out.counted > 0 {
		out.setRatio(sum, possible*Points(out.counted))
	}
	return out
}

// deduction turns a late expression's result (percentage points) into
// points of an assignment worth possible. Whole-number deductions, by far
// the most common, are exact integer arithmetic; any other float goes
// through its shortest decimal, as everywhere expressions meet decimals.
func (g *grader) deduction(f float64, possible Points) (Points, Decimal) {
	if f == math.Trunc(f) && f <= 100 && possible < 1<<53/100 {
		n := int64(f)
		return Points(divHalfEven(int64(possible)*n, 100)), DecimalFromInt(n, 0)
	}
	ded, err := decimalFromFloat(f)
	if err != nil {
		g.fail("the late expression gave no number: %v", err)
	}
	return pointsOfPercent(ded, possible), ded
}

// divHalfEven is n/d for n >= 0, d > 0, rounded half to even like
// pointsOfPercent, so both paths give the same points.
func divHalfEven(n, d int64) int64 {
	q, r := n/d, n%d
	if 2*r > d || (2*r == d && q%2 == 1) {
		q++
	}
	return q
}

// pointsOfPercent is pct percent of possible, kept to a millionth of a
// point (rounded half-even). possible is already in millionths, so this is
// possible·pct/100 rounded to a whole number of them.
func pointsOfPercent(pct Decimal, possible Points) Points {
	v := DecimalFromInt(int64(possible), -2).mul(pct)
	var r apd.Decimal
	_, _ = ctx.Quantize(&r, &v.d, 0)
	n, err := r.Int64()
	if err != nil {
		return 0
	}
	return Points(n)
}

// adjust applies the late deduction and the floor to a graded score. Both
// work on points: a deduction of d percentage points is d% of possible, and
// the floor is floor% of possible, each kept to a millionth of a point, so a
// score that is neither late nor under the floor costs no decimal arithmetic.
func (g *grader) adjust(it *item, c *compiledCategory, a *Assignment, sc Score, ct *catTracer) {
	p := g.p
	if a.Possible <= 0 {
		ct.line(it.j, sc, "")
		return
	}
	var notes []string
	adjusted := sc.Earned
	if sc.DaysLate > 0 && p.late != nil {
		env, used := g.lateEnv, p.used
		if !p.lateByDaysOnly {
			if used["percent"] {
				// An IEEE division of two exact integers: the same float on
				// every platform, the nearest to the exact percent.
				env["percent"] = float64(int64(sc.Earned)*100) / float64(a.Possible)
			}
			if used["possible"] {
				env["possible"] = float64(a.Possible) / pointsScale
			}
			if used["category"] {
				env["category"] = c.Name
			}
			if used["assignment"] {
				env["assignment"] = a.Name
			}
		}
		f := g.lateDeduction(sc.DaysLate, a)
		if f < 0 {
			g.fail("the late expression gave %v on %q; a deduction cannot be negative", f, a.Name)
		}
		if f > 0 {
			dp, ded := g.deduction(f, a.Possible)
			adjusted -= dp
			if ct != nil {
				notes = append(notes, fmt.Sprintf("%d days late: -%s%% (%s points)", sc.DaysLate, ded.reduced(), dp))
			}
		}
	}
	if floor := g.plan.floorPoints[it.j]; !it.extra && adjusted < floor {
		adjusted = floor
		if ct != nil {
			notes = append(notes, fmt.Sprintf("raised to the floor of %s%%", p.floor.reduced()))
		}
	} else if adjusted < 0 {
		adjusted = 0
		notes = append(notes, "a late deduction never goes below 0%")
	}
	it.earned = adjusted
	if ct != nil {
		ct.line(it.j, sc, strings.Join(notes, "; "))
	}
}

// lateDeduction runs the late expression for a score days late (the
// environment's other names are already set), reusing the result for the
// same number of days when the expression reads nothing else.
func (g *grader) lateDeduction(days int, a *Assignment) float64 {
	memo := g.p.lateByDaysOnly && days < len(g.lateMemo)
	if memo && g.lateKnown[days] {
		return g.lateMemo[days]
	}
	g.lateEnv["days_late"] = days
	out, err := g.machine.Run(g.p.late, g.lateEnv)
	if err != nil {
		g.fail("the late expression failed on %q: %v", a.Name, err)
	}
	f, _ := out.(float64)
	if math.IsNaN(f) {
		// NaN compares false with everything: unchecked, it would pass as
		// no deduction at all.
		g.fail("the late expression gave NaN (not a number, as 0/0 gives) on %q, %d days late; it must give the percent to deduct", a.Name, days)
	}
	if memo {
		g.lateMemo[days], g.lateKnown[days] = f, true
	}
	return f
}

// pointsCategory is the points aggregate: earned over possible, after the
// drops that give the highest (drop_lowest) then lowest (drop_highest)
// category percent.
func (g *grader) pointsCategory(c *compiledCategory, items []item, ct *catTracer) catOutcome {
	var fixedE, fixedP Points // extra credit and pinned items: always kept
	cands := g.cands[:0]
	counted := 0
	for i, it := range items {
		if it.extra {
			fixedE += it.earned
			continue
		}
		counted++
		if it.pinned {
			fixedE += it.earned
			fixedP += it.possible
			continue
		}
		cands = append(cands, i)
	}
	g.cands = cands
	k, h := dropCounts(c, len(cands), counted)
	dropped := g.dropBuf(len(items))
	nDropped := 0
	if k > 0 || h > 0 {
		var keptP Points
		for _, i := range cands {
			keptP += items[i].possible
		}
		if keptP+fixedP > 0 {
			for _, i := range g.bestDrops(items, cands, fixedE, fixedP, k, true) {
				dropped[i] = true
				nDropped++
			}
			if h > 0 {
				var rest []int
				for _, i := range cands {
					if !dropped[i] {
						rest = append(rest, i)
					}
				}
				for _, i := range g.bestDrops(items, rest, fixedE, fixedP, h, false) {
					dropped[i] = true
					nDropped++
				}
			}
		}
	}
	var e, pp Points
	for i, it := range items {
		if dropped[i] {
			ct.drop(it.j)
			continue
		}
		e += it.earned
		if !it.extra {
			pp += it.possible
		}
	}
	out := catOutcome{counted: counted - nDropped, dropped: nDropped, f: nan}
	if pp > 0 {
		out.setRatio(e, pp)
	}
	if ct != nil {
		ct.sums(e, pp)
	}
	return out
}

// dropCounts limits drop_lowest and drop_highest so that a category always
// keeps at least one counted score (as Canvas does).
func dropCounts(c *compiledCategory, candidates, counted int) (k, h int) {
	k = min(c.DropLowest, candidates, max(counted-1, 0))
	h = min(c.DropHighest, candidates-k, max(counted-1-k, 0))
	return max(k, 0), max(h, 0)
}

// bestDrops chooses n of the candidate items to drop so that the kept
// points give the highest (maximise) or lowest percent. It is Dinkelbach's
// method for fractional programs: for a ratio q, the best set to keep is the
// one with the largest (or smallest) Σ(earned − q·possible), found by
// dropping the n items with the smallest (largest) earned − q·possible; the
// kept set's ratio becomes the next q, which strictly improves until it is
// optimal. Every comparison is exact (128-bit integer cross-multiplication).
// Among items that tie, the earlier assignment is dropped.
func (g *grader) bestDrops(items []item, cands []int, fixedE, fixedP Points, n int, maximise bool) []int {
	if n <= 0 || len(cands) == 0 {
		return nil
	}
	if cap(g.keys) < len(items) {
		g.keys = make([]i128, len(items))
		g.taken = make([]bool, len(items))
	}
	keys, taken := g.keys[:len(items)], g.taken[:len(items)]
	// Start from the usual answer, the lowest (highest) single percents:
	// when it is already the best set, one round confirms it.
	chosen := g.chosen[:0]
	defer func() { g.chosen = chosen[:0] }()
	for _, i := range cands {
		taken[i] = false
	}
	for len(chosen) < n {
		best := -1
		for _, i := range cands {
			if taken[i] {
				continue
			}
			if c := 0; best >= 0 {
				c = cmpPercent(items[i], items[best])
				if (maximise && c >= 0) || (!maximise && c <= 0) {
					continue
				}
			}
			best = i
		}
		taken[best] = true
		chosen = append(chosen, best)
	}
	// With equal points possible on every candidate, the kept possible is
	// the same whichever are dropped, so the lowest (highest) scores are
	// the best set: no search needed.
	equal := true
	for _, i := range cands {
		equal = equal && items[i].possible == items[cands[0]].possible
	}
	if equal {
		sort.Ints(chosen)
		return chosen
	}
	qE, qP := fixedE, fixedP
	for _, i := range cands {
		if !taken[i] {
			qE += items[i].earned
			qP += items[i].possible
		}
	}
	if qP == 0 {
		// No ratio to start from: start from keeping everything.
		chosen = chosen[:0]
		for _, i := range cands {
			qE += items[i].earned
			qP += items[i].possible
		}
	}
	for iter := 0; iter < len(cands)+2; iter++ {
		// key = earned − q·possible, scaled by qP > 0 so it is an exact
		// integer: earned·qP − qE·possible.
		for _, i := range cands {
			keys[i] = sub128(mul128(items[i].earned, qP), mul128(qE, items[i].possible))
			taken[i] = false
		}
		// Take the n smallest keys (maximise) or the n largest; scanning in
		// assignment order with a strict comparison drops the earlier of
		// two equal candidates.
		next := g.next[:0]
		for len(next) < n {
			best := -1
			for _, i := range cands {
				if taken[i] {
					continue
				}
				if best < 0 {
					best = i
					continue
				}
				c := keys[i].cmp(keys[best])
				if (maximise && c < 0) || (!maximise && c > 0) {
					best = i
				}
			}
			taken[best] = true
			next = append(next, best)
		}
		e, pp := fixedE, fixedP
		for _, i := range cands {
			if !taken[i] {
				e += items[i].earned
				pp += items[i].possible
			}
		}
		if len(chosen) > 0 && (pp == 0 || cmpRatio(e, pp, qE, qP)*sign(maximise) <= 0) {
			break // no strict improvement: the previous choice is optimal
		}
		chosen, g.next = next, chosen
		if pp == 0 {
			break
		}
		qE, qP = e, pp
	}
	sort.Ints(chosen)
	return chosen
}

// i128 is a signed 128-bit integer as a sign and a magnitude, enough for
// the exact keys of the drop search.
type i128 struct {
	neg bool
	mag u128
}

func sub128(a, b u128) i128 {
	if cmp128(a, b) >= 0 {
		lo, borrow := bits.Sub64(a.lo, b.lo, 0)
		hi, _ := bits.Sub64(a.hi, b.hi, borrow)
		return i128{mag: u128{hi, lo}}
	}
	r := sub128(b, a)
	r.neg = r.mag != (u128{})
	return r
}

func (a i128) cmp(b i128) int {
	switch {
	case a.neg && !b.neg:
		return -1
	case !a.neg && b.neg:
		return 1
	case a.neg:
		return cmp128(b.mag, a.mag)
	}
	return cmp128(a.mag, b.mag)
}

func sign(max bool) int {
	if max {
		return 1
	}
	return -1
}

// selectN appends to out the n elements of idx that come first by less, in
// ascending index order; among equal elements the earlier one is taken. It
// scans n times, which beats sorting for the few drops norms use.
func selectN(out, idx []int, n int, less func(a, b int) bool) []int {
	for len(out) < n && len(out) < len(idx) {
		best := -1
		for _, i := range idx {
			if containsInt(out, i) {
				continue
			}
			if best < 0 || less(i, best) {
				best = i
			}
		}
		out = append(out, best)
	}
	sort.Ints(out)
	return out
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

// dropBuf returns a cleared reusable []bool of length n.
func (g *grader) dropBuf(n int) []bool {
	if cap(g.dropped) < n {
		g.dropped = make([]bool, n)
	}
	b := g.dropped[:n]
	clear(b)
	return b
}

// cmpRatio compares e1/p1 with e2/p2 (p1, p2 > 0) exactly.
func cmpRatio(e1, p1, e2, p2 Points) int {
	return cmp128(mul128(e1, p2), mul128(e2, p1))
}

type u128 struct{ hi, lo uint64 }

func mul128(a, b Points) u128 {
	hi, lo := bits.Mul64(uint64(max(a, 0)), uint64(max(b, 0)))
	return u128{hi, lo}
}

func add128(a, b u128) u128 {
	lo, carry := bits.Add64(a.lo, b.lo, 0)
	hi, _ := bits.Add64(a.hi, b.hi, carry)
	return u128{hi, lo}
}

func cmp128(a, b u128) int {
	switch {
	case a.hi != b.hi:
		if a.hi < b.hi {
			return -1
		}
		return 1
	case a.lo != b.lo:
		if a.lo < b.lo {
			return -1
		}
		return 1
	}
	return 0
}

// cmpPercent compares two items' percents exactly.
func cmpPercent(a, b item) int {
	if a.possible == b.possible && a.possible > 0 {
		// The usual case within a category: no products needed.
		switch {
		case a.earned < b.earned:
			return -1
		case a.earned > b.earned:
			return 1
		}
		return 0
	}
	return cmpRatio(a.earned, a.possible, b.earned, b.possible)
}

// percentCategory handles every aggregate of assignment percents. Percents
// are compared exactly as fractions and turned into decimals only when the
// aggregate needs their values.
func (g *grader) percentCategory(c *compiledCategory, items []item, ct *catTracer) catOutcome {
	counted := len(items)
	cands := g.cands[:0]
	for i, it := range items {
		if !it.pinned {
			cands = append(cands, i)
		}
	}
	g.cands = cands
	k, h := dropCounts(c, len(cands), counted)
	dropped := g.dropBuf(len(items))
	if k > 0 || h > 0 {
		lower := func(a, b int) bool { return cmpPercent(items[a], items[b]) < 0 }
		g.chosen = selectN(g.chosen[:0], cands, k, lower)
		for _, i := range g.chosen {
			dropped[i] = true
		}
		if h > 0 {
			rest := g.rest[:0]
			for _, i := range cands {
				if !dropped[i] {
					rest = append(rest, i)
				}
			}
			g.rest = rest
			higher := func(a, b int) bool { return cmpPercent(items[a], items[b]) > 0 }
			g.chosen = selectN(g.chosen[:0], rest, h, higher)
			for _, i := range g.chosen {
				dropped[i] = true
			}
		}
	}
	kept := g.kept[:0]
	samePossible := true
	for i, it := range items {
		if dropped[i] {
			ct.drop(it.j)
			continue
		}
		if len(kept) > 0 && it.possible != kept[0].possible {
			samePossible = false
		}
		kept = append(kept, it)
	}
	g.kept = kept
	out := catOutcome{counted: len(kept), dropped: k + h, f: nan}
	if len(kept) == 0 {
		return out
	}
	out.ok = true
	pct := func(it item) Decimal { return percentOf(it.earned, it.possible) }
	switch c.aggregate {
	case "mean":
		if samePossible {
			// With equal points possible, the mean of percents is one
			// exact division: 100·Σearned / (n·possible).
			var e Points
			for _, it := range kept {
				e += it.earned
			}
			out.setRatio(e, kept[0].possible*Points(len(kept)))
		} else {
			out.percent = mean(g.percents(kept))
		}
	case "median":
		out.percent = median(g.percents(kept))
	case "highest":
		best := kept[0]
		for _, it := range kept[1:] {
			if cmpPercent(it, best) > 0 {
				best = it
			}
		}
		out.percent = pct(best)
	case "most_recent":
		out.percent = pct(kept[len(kept)-1])
	case "decaying":
		out.percent = decaying(g.percents(kept), c.decayWeight)
	case "power_law":
		out.percent = powerLaw(g.percents(kept))
	case "mode":
		out.percent = mode(g.percents(kept), c.tieHighest)
	}
	if c.aggregate != "mean" || !samePossible {
		out.f = out.percent.Float64()
		// Sums and means of quotients may have been rounded anywhere.
		out.inexact = true
	}
	if g.exactMode && out.den == 0 {
		out.exact = exactAggregate(c, kept, out.percent)
	}
	return out
}

// exactAggregate is a percent aggregate as an exact fraction, or nil for
// the power law (its logarithms have none). percent is the decimal result,
// which picks the mode's value.
func exactAggregate(c *compiledCategory, kept []item, percent Decimal) *big.Rat {
	r := func(it item) *big.Rat { return big.NewRat(int64(it.earned)*100, int64(it.possible)) }
	switch c.aggregate {
	case "mean":
		sum := new(big.Rat)
		for _, it := range kept {
			sum.Add(sum, r(it))
		}
		return sum.Quo(sum, big.NewRat(int64(len(kept)), 1))
	case "median":
		s := append([]item(nil), kept...)
		sort.SliceStable(s, func(a, b int) bool { return cmpPercent(s[a], s[b]) < 0 })
		n := len(s)
		if n%2 == 1 {
			return r(s[n/2])
		}
		m := new(big.Rat).Add(r(s[n/2-1]), r(s[n/2]))
		return m.Quo(m, big.NewRat(2, 1))
	case "highest":
		best := kept[0]
		for _, it := range kept[1:] {
			if cmpPercent(it, best) > 0 {
				best = it
			}
		}
		return r(best)
	case "most_recent":
		return r(kept[len(kept)-1])
	case "decaying":
		w := c.decayWeight.rat()
		keep := new(big.Rat).Sub(big.NewRat(1, 1), w)
		d := r(kept[0])
		for _, it := range kept[1:] {
			d = new(big.Rat).Add(new(big.Rat).Mul(d, keep), new(big.Rat).Mul(r(it), w))
		}
		return d
	case "mode":
		for _, it := range kept {
			if percentOf(it.earned, it.possible).Cmp(percent) == 0 {
				return r(it)
			}
		}
	}
	return nil
}

// percents fills the reusable buffer with the items' exact percents.
func (g *grader) percents(items []item) []Decimal {
	pcts := g.pcts[:0]
	for _, it := range items {
		pcts = append(pcts, percentOf(it.earned, it.possible))
	}
	g.pcts = pcts
	return pcts
}

func mean(v []Decimal) Decimal {
	var s Decimal
	for _, x := range v {
		s = s.add(x)
	}
	return s.quo(DecimalFromInt(int64(len(v)), 0))
}

func median(v []Decimal) Decimal {
	s := append([]Decimal(nil), v...)
	sort.SliceStable(s, func(a, b int) bool { return s[a].Cmp(s[b]) < 0 })
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return s[n/2-1].add(s[n/2]).quo(DecimalFromInt(2, 0))
}

// decaying: d1 = s1, dn = d(n-1)·(1−w) + sn·w, in assignment order.
func decaying(v []Decimal, w Decimal) Decimal {
	one := DecimalFromInt(1, 0)
	d := v[0]
	for _, s := range v[1:] {
		d = d.mul(one.sub(w)).add(s.mul(w))
	}
	return d
}

// mode is the most frequent percent; ties go to the value seen most
// recently, or to the highest value.
func mode(v []Decimal, highest bool) Decimal {
	best, bestN, bestLast := Decimal{}, 0, -1
	for i, x := range v {
		n, last := 0, -1
		for j, y := range v {
			if x.Cmp(y) == 0 {
				n++
				last = j
			}
		}
		if last != i {
			continue // count each value once, at its latest occurrence
		}
		better := n > bestN
		if n == bestN {
			if highest {
				better = x.Cmp(best) > 0
			} else {
				better = last > bestLast
			}
		}
		if better {
			best, bestN, bestLast = x, n, last
		}
	}
	return best
}
