package engine

import (
	"fmt"
	"strings"
)

// Explanation is the derivation of one student's grade, step by step, in
// words a teacher can show a family: which scores counted, which were
// dropped and why, late deductions and floors, each category's percent,
// weight and contribution, reweighting, rounding, the letter and each flag.
type Explanation struct {
	Student    StudentResult         `json:"student"`
	Categories []CategoryExplanation `json:"categories"`
	// Steps are the steps after the categories: weighting, rounding,
	// letter, projected grade and flags.
	Steps []string `json:"steps"`
}

// CategoryExplanation is one category's part of an explanation.
type CategoryExplanation struct {
	Name      string      `json:"name"`
	Aggregate string      `json:"aggregate"`
	Weight    Decimal     `json:"weight"`
	Scores    []ScoreLine `json:"scores"`
	// Earned and Possible are the kept points, for the points aggregate.
	Earned   *Points  `json:"earned,omitempty"`
	Possible *Points  `json:"possible,omitempty"`
	Percent  *Decimal `json:"percent"`
	Summary  string   `json:"summary"`
}

// ScoreLine is one assignment's part of a category explanation.
type ScoreLine struct {
	Assignment string `json:"assignment"`
	Score      string `json:"score"`
	Possible   Points `json:"possible"`
	// Status is counted, dropped or left out.
	Status string `json:"status"`
	Note   string `json:"note,omitempty"`
}

// Explain grades one student, chosen by ID or by name (case-insensitive),
// and returns the derivation of their grade.
func (p *Program) Explain(book *Gradebook, student string) (*Explanation, Diagnostics) {
	plan, ds := p.plan(book)
	if ds.HasErrors() {
		return nil, ds
	}
	idx := -1
	var names []string
	for i, s := range book.Students {
		names = append(names, s.Name, s.ID)
		if s.ID == student || strings.EqualFold(s.Name, student) {
			if idx >= 0 && book.Students[idx].ID != s.ID {
				return nil, append(ds, Diagnostic{Code: "explain/ambiguous", Severity: Error,
					Message: fmt.Sprintf("%q names more than one student (%s and %s); use the student ID", student, book.Students[idx].ID, s.ID)})
			}
			if idx < 0 {
				idx = i
			}
		}
	}
	if idx < 0 {
		return nil, append(ds, Diagnostic{Code: "explain/no-student", Severity: Error,
			Message: fmt.Sprintf("no student has the ID or name %q%s", student, didYouMean(student, names))})
	}
	return p.explain(plan, &book.Students[idx]), ds
}

// ExplainAll explains every student of a gradebook, in its order, checking
// and arranging the book once (for an Explain sheet or a report of a whole
// class).
func (p *Program) ExplainAll(book *Gradebook) ([]*Explanation, Diagnostics) {
	plan, ds := p.plan(book)
	if ds.HasErrors() {
		return nil, ds
	}
	out := make([]*Explanation, len(book.Students))
	for i := range book.Students {
		out[i] = p.explain(plan, &book.Students[i])
	}
	return out, ds
}

// explain grades one student with every step recorded.
func (p *Program) explain(plan *gradePlan, s *Student) *Explanation {
	ex := &Explanation{}
	g := p.newGrader(plan, ex)
	ex.Categories = make([]CategoryExplanation, len(p.cats))
	for ci, c := range p.cats {
		ex.Categories[ci] = CategoryExplanation{Name: c.Name, Aggregate: c.aggregate, Weight: c.Weight.reduced(), Scores: []ScoreLine{}}
	}
	ex.Student = g.student(s)
	res := ex.Student
	if res.Error != "" {
		ex.Steps = append(ex.Steps, "could not grade: "+res.Error)
		return ex
	}
	if res.Final != nil {
		if p.roundMode == "none" {
			ex.Steps = append(ex.Steps, fmt.Sprintf("final %s (not rounded)", res.Final))
		} else {
			ex.Steps = append(ex.Steps, fmt.Sprintf("final %s rounded %s to %d decimal places: %s", res.Final, strings.ReplaceAll(p.roundMode, "_", " "), p.roundPlaces, res.Rounded))
		}
		from := res.Rounded
		if p.lettersExact {
			from = res.Final
		}
		if res.Letter != "" {
			ex.Steps = append(ex.Steps, fmt.Sprintf("letter %s: %s is at least %s", res.Letter, from, p.letterMin(res.Letter)))
		}
	} else {
		ex.Steps = append(ex.Steps, "no final yet: no category has anything counted")
	}
	if res.Projected != nil && (res.Rounded == nil || res.Projected.Cmp(*res.Rounded) != 0) {
		ex.Steps = append(ex.Steps, fmt.Sprintf("projected final, counting the %d scores not graded yet as 0: %s (%s)", res.UngradedCount, res.Projected, res.ProjectedLetter))
	}
	if len(p.flags) > 0 && len(res.Flags) == 0 {
		ex.Steps = append(ex.Steps, "no flag raised")
	}
	return ex
}

func (p *Program) letterMin(letter string) Decimal {
	for _, l := range p.norms.Grading.Letters {
		if l.Letter == letter {
			return l.Min.reduced()
		}
	}
	return Decimal{}
}

// catTracer records one category's steps; a nil tracer records nothing, so
// grading without Explain pays one nil check per step.
type catTracer struct {
	ex  *CategoryExplanation
	g   *grader
	cat *compiledCategory
}

func (g *grader) traceCategory(ci int) *catTracer {
	if g.trace == nil || g.projectedPhase {
		return nil
	}
	ce := &g.trace.Categories[ci]
	ce.Scores = ce.Scores[:0]
	return &catTracer{ex: ce, g: g, cat: &g.p.cats[ci]}
}

func (g *grader) tracePhase(projected bool) { g.projectedPhase = projected }

func (t *catTracer) line(j int, sc Score, note string) {
	if t == nil {
		return
	}
	a := t.g.plan.book.Assignments[j]
	status := "counted"
	if strings.Contains(note, "left out") {
		status = "left out"
	}
	if a.ExtraCredit {
		note = strings.TrimPrefix(note+"; extra credit: adds points, not possible points", "; ")
	}
	t.ex.Scores = append(t.ex.Scores, ScoreLine{Assignment: a.Name, Score: sc.String(), Possible: a.Possible, Status: status, Note: note})
}

func (t *catTracer) find(j int) *ScoreLine {
	name := t.g.plan.book.Assignments[j].Name
	for i := range t.ex.Scores {
		if t.ex.Scores[i].Assignment == name {
			return &t.ex.Scores[i]
		}
	}
	return nil
}

func (t *catTracer) note(j int, note string) {
	if t == nil {
		return
	}
	if l := t.find(j); l != nil {
		l.Status = "left out"
		l.Note = strings.TrimPrefix(l.Note+"; "+note, "; ")
	}
}

func (t *catTracer) drop(j int) {
	if t == nil {
		return
	}
	if l := t.find(j); l != nil {
		l.Status = "dropped"
		why := "dropped (drop_lowest/drop_highest)"
		if t.cat.aggregate == "points" {
			why = "dropped: of every choice of scores to drop, this one leaves the best category percent (drop_lowest) or removes the highest (drop_highest)"
		}
		l.Note = strings.TrimPrefix(l.Note+"; "+why, "; ")
	}
}

func (t *catTracer) sums(e, p Points) {
	if t == nil {
		return
	}
	t.ex.Earned, t.ex.Possible = &e, &p
}

func (t *catTracer) done(out catOutcome) {
	if t == nil {
		return
	}
	c := t.cat
	if !out.ok {
		t.ex.Summary = fmt.Sprintf("%s: nothing counted yet, so this category is %s", c.Name, emptyWord(t.g.p.emptyZero))
		return
	}
	v := out.percent.reduced()
	t.ex.Percent = &v
	show := roundDecimal(out.percent, 2, "half_up")
	switch c.aggregate {
	case "points":
		t.ex.Summary = fmt.Sprintf("%s: %s of %s points = %s%%", c.Name, t.ex.Earned, t.ex.Possible, show)
	case "decaying":
		t.ex.Summary = fmt.Sprintf("%s: decaying average (each newer score counts %s) of %d scores = %s%%", c.Name, c.decayWeight.reduced(), out.counted, show)
	case "power_law":
		t.ex.Summary = fmt.Sprintf("%s: power law trend of %d scores, read at the latest one = %s%%", c.Name, out.counted, show)
	default:
		t.ex.Summary = fmt.Sprintf("%s: %s of %d scores = %s%%", c.Name, strings.ReplaceAll(c.aggregate, "_", " "), out.counted, show)
	}
	if out.dropped > 0 {
		t.ex.Summary += fmt.Sprintf(" (%d dropped)", out.dropped)
	}
}

func (g *grader) traceWeighted(outs []catOutcome, den, weighted Decimal, ok, projected bool) {
	if g.trace == nil || projected {
		return
	}
	var parts []string
	for ci, o := range outs {
		c := g.p.cats[ci]
		switch {
		case o.ok && ok:
			contrib := c.Weight.mul(o.percent).quo(den)
			parts = append(parts, fmt.Sprintf("%s %s%% x weight %s/%s = %s", c.Name, roundDecimal(o.percent, 2, "half_up"), c.Weight.reduced(), den.reduced(), roundDecimal(contrib, 2, "half_up")))
		case !o.ok && g.p.emptyZero:
			parts = append(parts, fmt.Sprintf("%s has nothing graded and counts as 0%% (empty_categories: zero)", c.Name))
		case !o.ok:
			parts = append(parts, fmt.Sprintf("%s has nothing graded: its weight %s is left out and the others are renormalised", c.Name, c.Weight.reduced()))
		}
	}
	g.trace.Steps = append(g.trace.Steps, parts...)
	if ok {
		g.trace.Steps = append(g.trace.Steps, fmt.Sprintf("weighted average: %s", weighted.reduced()))
	}
}

func (g *grader) traceFinalExpr(d Decimal, projected bool) {
	if g.trace == nil || projected {
		return
	}
	g.trace.Steps = append(g.trace.Steps, fmt.Sprintf("final from the team's formula (%s): %s", g.p.norms.Grading.Final, d.reduced()))
}

func (g *grader) traceFlag(name string) {
	if g.trace == nil {
		return
	}
	for _, f := range g.p.norms.Flags {
		if f.Name == name {
			g.trace.Steps = append(g.trace.Steps, fmt.Sprintf("flag %q raised: %s", f.Name, f.When))
		}
	}
}

// Text renders the explanation as plain text, the form the CLI prints.
func (ex *Explanation) Text() string {
	var b strings.Builder
	s := ex.Student
	fmt.Fprintf(&b, "%s (%s)\n", s.Name, s.ID)
	for _, c := range ex.Categories {
		fmt.Fprintf(&b, "\n%s  (weight %s, %s)\n", c.Name, c.Weight, strings.ReplaceAll(c.Aggregate, "_", " "))
		for _, l := range c.Scores {
			score := l.Score
			if score == "" {
				score = "(blank)"
			}
			line := fmt.Sprintf("  %-24s %10s / %-6s %-9s %s", l.Assignment, score, l.Possible, l.Status, l.Note)
			b.WriteString(strings.TrimRight(line, " "))
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "  = %s\n", c.Summary)
	}
	b.WriteString("\n")
	for _, st := range ex.Steps {
		fmt.Fprintf(&b, "%s\n", st)
	}
	return b.String()
}
