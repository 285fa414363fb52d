package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/teamnorms/norms/engine"
)

// Section is one gradebook of the team: a class section. Its Name is what
// the report calls it (the book's file name, or the sheet's name in a
// workbook of several sheets); File is what messages call it.
type Section struct {
	Name string
	File string
	Book *engine.Gradebook
}

// CheckSections says whether the sections can be reported side by side:
// every book must have the same assignments (by name) in the same
// categories as the first. A difference is an error naming both files and
// the assignments that differ, so a typo in one teacher's book is caught
// before the team compares averages that do not measure the same work.
func CheckSections(sections []Section) engine.Diagnostics {
	var ds engine.Diagnostics
	if len(sections) == 0 {
		return ds
	}
	first := sections[0]
	want := map[string]string{} // assignment name -> category, folded
	for _, a := range first.Book.Assignments {
		want[a.Name] = a.Category
	}
	for _, s := range sections[1:] {
		var probs []string
		seen := map[string]bool{}
		for _, a := range s.Book.Assignments {
			seen[a.Name] = true
			cat, ok := want[a.Name]
			switch {
			case !ok:
				probs = append(probs, fmt.Sprintf("%q is in %s only", a.Name, s.File))
			case !strings.EqualFold(cat, a.Category):
				probs = append(probs, fmt.Sprintf("%q is %s in %s but %s in %s", a.Name, cat, first.File, a.Category, s.File))
			}
		}
		for _, a := range first.Book.Assignments {
			if !seen[a.Name] {
				probs = append(probs, fmt.Sprintf("%q is in %s only", a.Name, first.File))
			}
		}
		if len(probs) > 0 {
			const most = 5
			if len(probs) > most {
				probs = append(probs[:most], fmt.Sprintf("and %d more", len(probs)-most))
			}
			ds = append(ds, engine.Diagnostic{Code: "report/books-differ", Severity: engine.Error, File: s.File,
				Message: fmt.Sprintf("%s and %s disagree on assignments: %s; the team's gradebooks must share assignment names and categories to be compared (rename the column or fix its category)",
					first.File, s.File, strings.Join(probs, "; "))})
		}
	}
	return ds
}

// Outcome is one student's result under one norms file, as the diff shows
// it: the rounded final (exact) and the letter, or why there is none.
type Outcome struct {
	Final  string `json:"final"`
	Letter string `json:"letter"`
	Error  string `json:"error,omitempty"`
}

// Change is a student whose final or letter differs under the proposed
// norms. Direction is "up" when the letter goes up, "down" when it goes
// down (in the order of the letter cutoffs), "same" when the letter stays
// (only the final moved, or a side has no letter).
type Change struct {
	Section   string  `json:"section"`
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Current   Outcome `json:"current"`
	Proposed  Outcome `json:"proposed"`
	Direction string  `json:"change"`
}

// LetterCount is how many students have a letter ("" when they have none:
// nothing graded yet, or a student who could not be graded).
type LetterCount struct {
	Letter string `json:"letter"`
	Count  int    `json:"count"`
}

// Totals sum up a diff over one section, or the team.
type Totals struct {
	Section  string `json:"section"`
	Students int    `json:"students"`
	Changed  int    `json:"changed"`
	Up       int    `json:"up"`
	Down     int    `json:"down"`
	// Current and Proposed are the distributions of letters, in Letters'
	// order, then "" (no letter) if any student has none.
	Current  []LetterCount `json:"current"`
	Proposed []LetterCount `json:"proposed"`
}

// Diff is what the proposed norms would change: every student whose result
// changes, the totals per section and for the team, and the norms' own
// examples that the proposed norms fail.
type Diff struct {
	Current  string `json:"current"`
	Proposed string `json:"proposed"`
	// Letters in the order of the cutoffs, highest first: the current
	// norms' letters, then any letter only the proposed norms have, by its
	// cutoff.
	Letters  []string               `json:"letters"`
	Changes  []Change               `json:"changes"`
	Sections []Totals               `json:"sections"`
	Team     Totals                 `json:"team"`
	Failing  []engine.ExampleResult `json:"failing_examples"`
	Examples int                    `json:"examples"`
}

// Compare grades every section under both norms and returns what changes.
// Names are the norms files' names, for the output. The diagnostics are
// those of grading (a section's file is filled in when it has none).
func Compare(current, proposed *engine.Program, currentName, proposedName string, sections []Section) (*Diff, engine.Diagnostics) {
	cur, ds := gradeAll(current, sections)
	if ds.HasErrors() {
		return nil, ds
	}
	d, more := compare(current, proposed, currentName, proposedName, sections, cur)
	return d, append(ds, more...)
}

// gradeAll grades each section, in order.
func gradeAll(p *engine.Program, sections []Section) ([]*engine.Report, engine.Diagnostics) {
	var all engine.Diagnostics
	reps := make([]*engine.Report, len(sections))
	for i, s := range sections {
		rep, ds := p.Grade(s.Book)
		for j := range ds {
			if ds[j].File == "" {
				ds[j].File = s.File
			}
		}
		all = append(all, ds...)
		reps[i] = rep
	}
	return reps, all
}

func compare(current, proposed *engine.Program, currentName, proposedName string, sections []Section, cur []*engine.Report) (*Diff, engine.Diagnostics) {
	prop, ds := gradeAll(proposed, sections)
	if ds.HasErrors() {
		return nil, ds
	}
	d := &Diff{Current: currentName, Proposed: proposedName, Changes: []Change{}, Failing: []engine.ExampleResult{}}
	d.Letters = letterOrder(current.Norms(), proposed.Norms())
	rank := map[string]int{}
	for i, l := range d.Letters {
		rank[l] = i
	}
	d.Team = Totals{Section: "team"}
	teamCur, teamProp := map[string]int{}, map[string]int{}
	for i, s := range sections {
		t := Totals{Section: s.Name}
		secCur, secProp := map[string]int{}, map[string]int{}
		for j, a := range cur[i].Students {
			// Both reports come from the same book, so students line up.
			b := prop[i].Students[j]
			before, after := outcome(a), outcome(b)
			t.Students++
			secCur[before.Letter]++
			secProp[after.Letter]++
			if before == after {
				continue
			}
			c := Change{Section: s.Name, ID: a.ID, Name: a.Name, Current: before, Proposed: after, Direction: "same"}
			rb, okb := rank[before.Letter]
			ra, oka := rank[after.Letter]
			if okb && oka && ra != rb {
				// A lower index is a higher letter.
				if ra < rb {
					c.Direction = "up"
					t.Up++
				} else {
					c.Direction = "down"
					t.Down++
				}
			}
			t.Changed++
			d.Changes = append(d.Changes, c)
		}
		for l, n := range secCur {
			teamCur[l] += n
		}
		for l, n := range secProp {
			teamProp[l] += n
		}
		t.Current, t.Proposed = distribution(d.Letters, secCur, secProp)
		d.Sections = append(d.Sections, t)
		d.Team.Students += t.Students
		d.Team.Changed += t.Changed
		d.Team.Up += t.Up
		d.Team.Down += t.Down
	}
	d.Team.Current, d.Team.Proposed = distribution(d.Letters, teamCur, teamProp)
	for _, r := range proposed.RunExamples() {
		d.Examples++
		if !r.Pass {
			r.Got = nil // the failures say what differs; the full result is noise here
			d.Failing = append(d.Failing, r)
		}
	}
	return d, ds
}

// outcome is what the diff compares of a student's result.
func outcome(s engine.StudentResult) Outcome {
	if s.Error != "" {
		return Outcome{Error: s.Error}
	}
	o := Outcome{Letter: s.Letter}
	if s.Rounded != nil {
		o.Final = s.Rounded.String()
	}
	return o
}

// letterOrder is the current norms' letters, highest cutoff first, then the
// letters only the proposed norms have, placed by their cutoff.
func letterOrder(cur, prop *engine.Norms) []string {
	type cut struct {
		letter string
		min    engine.Decimal
	}
	var cuts []cut
	seen := map[string]bool{}
	for _, n := range []*engine.Norms{cur, prop} {
		for _, l := range n.Grading.Letters {
			if !seen[l.Letter] {
				seen[l.Letter] = true
				cuts = append(cuts, cut{l.Letter, l.Min})
			}
		}
	}
	// Stable: letters of equal cutoff keep the current norms' order.
	slices.SortStableFunc(cuts, func(a, b cut) int { return b.min.Cmp(a.min) })
	out := make([]string, len(cuts))
	for i, c := range cuts {
		out[i] = c.letter
	}
	return out
}

// distribution lists the counts of every letter in order, then the
// students with no letter, if either side has any.
func distribution(letters []string, a, b map[string]int) (ca, cb []LetterCount) {
	for _, l := range letters {
		ca = append(ca, LetterCount{l, a[l]})
		cb = append(cb, LetterCount{l, b[l]})
	}
	if a[""] > 0 || b[""] > 0 {
		ca = append(ca, LetterCount{"", a[""]})
		cb = append(cb, LetterCount{"", b[""]})
	}
	return ca, cb
}
