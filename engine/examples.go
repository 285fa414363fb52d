package engine

import (
	"fmt"
	"sort"
	"strings"
)

// exampleScore reads one score of an example: a plain number is points out
// of 100, "47/50" is 47 of 50 possible, "90%" a percent of 100; marks and
// "late N" as ParseScore reads them.
func exampleScore(t ScoreText) (Score, Points, error) {
	text := strings.TrimSpace(string(t))
	possible := Points(100 * pointsScale)
	body := text
	if b, _, ok, err := cutLate(text); err != nil {
		return Score{}, 0, err
	} else if ok {
		body = b
	}
	if _, den, ok := strings.Cut(body, "/"); ok {
		d, err := ParseDecimal(strings.TrimSpace(den))
		if err != nil {
			return Score{}, 0, fmt.Errorf("%q is not a score; write 95, \"47/50\", \"90%%\", missing, excused or leave it blank", text)
		}
		if possible, err = PointsFromDecimal(d); err != nil || possible <= 0 {
			return Score{}, 0, fmt.Errorf("%q: the points possible after / must be a number above 0", text)
		}
	}
	sc, err := ParseScore(text, possible)
	return sc, possible, err
}

// exampleBook turns an example's scores into a one-student gradebook: the
// assignments of each category are named "<Category> 1", "<Category> 2"...
func (p *Program) exampleBook(ex Example) *Gradebook {
	book := &Gradebook{}
	st := Student{ID: "example", Name: ex.Name}
	for _, c := range p.cats {
		for cat, scores := range ex.Scores {
			if !strings.EqualFold(cat, c.Name) {
				continue
			}
			for i, t := range scores {
				sc, possible, _ := exampleScore(t) // checked by Compile
				book.Assignments = append(book.Assignments, Assignment{Name: fmt.Sprintf("%s %d", c.Name, i+1), Category: c.Name, Possible: possible})
				st.Scores = append(st.Scores, sc)
			}
		}
	}
	book.Students = []Student{st}
	return book
}

// RunExamples checks every example of the norms (grading and conduct) and
// reports each, in the file's order.
func (p *Program) RunExamples() []ExampleResult {
	var out []ExampleResult
	for i, ex := range p.norms.Examples {
		pos := p.norms.src.lookup(fmt.Sprintf("examples[%d]", i))
		if ex.isConduct() {
			r := p.runConductExample(i, ex)
			r.Pos = pos
			out = append(out, r)
			continue
		}
		r := ExampleResult{Name: ex.Name, Pos: pos}
		rep, ds := p.Grade(p.exampleBook(ex))
		if ds.HasErrors() {
			r.Failures = append(r.Failures, ds.Error())
			out = append(out, r)
			continue
		}
		got := rep.Students[0]
		r.Got = &got
		r.Failures = p.compareExample(ex.Expect, got)
		r.Pass = len(r.Failures) == 0
		out = append(out, r)
	}
	return out
}

func (p *Program) compareExample(want Expectation, got StudentResult) []string {
	var fails []string
	if got.Error != "" {
		return []string{got.Error}
	}
	show := func(d *Decimal) string {
		if d == nil {
			return "none"
		}
		return d.String()
	}
	if want.Final != nil {
		if got.Rounded == nil || got.Rounded.Cmp(*want.Final) != 0 {
			fails = append(fails, fmt.Sprintf("final: expected %s, got %s", want.Final.reduced(), show(got.Rounded)))
		}
	}
	if want.Letter != "" && want.Letter != got.Letter {
		fails = append(fails, fmt.Sprintf("letter: expected %s, got %s", want.Letter, orNone(got.Letter)))
	}
	if want.Flags != nil {
		w := append([]string(nil), *want.Flags...)
		g := append([]string(nil), got.Flags...)
		sort.Strings(w)
		sort.Strings(g)
		if strings.Join(w, "\x00") != strings.Join(g, "\x00") {
			fails = append(fails, fmt.Sprintf("flags: expected [%s], got [%s]", strings.Join(*want.Flags, ", "), strings.Join(got.Flags, ", ")))
		}
	}
	for _, name := range sortedKeys(want.Categories) {
		exp := want.Categories[name]
		ci := p.catIndex[strings.ToLower(name)]
		cr := got.Categories[ci]
		var gotR *Decimal
		if cr.Percent != nil {
			r := roundDecimal(*cr.Percent, p.roundPlaces, p.roundMode)
			gotR = &r
		}
		if gotR == nil || gotR.Cmp(exp) != 0 {
			fails = append(fails, fmt.Sprintf("%s: expected %s, got %s", name, exp.reduced(), show(gotR)))
		}
	}
	return fails
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}
