package engine

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestFastPathsMatchGeneral grades random books under random norms twice:
// with the fast paths (uniformCategory, the machine-word final) and with
// the general ones (every item listed, drops searched, the final in
// decimals with the exact recomputation near boundaries), and requires the
// same result for every student, to the last digit.
func TestFastPathsMatchGeneral(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	aggs := []string{"points", "mean", "points", "median"}
	for round := 0; round < 300; round++ {
		var nb strings.Builder
		fmt.Fprintf(&nb, "norms: 1\nteam: T\ngrading:\n  categories:\n")
		ncat := 1 + r.IntN(3)
		for c := 0; c < ncat; c++ {
			weight := []string{"20", "30", "50", "0.125", "1", "0", "33.3"}[r.IntN(7)]
			if c == 0 && weight == "0" {
				weight = "10"
			}
			fmt.Fprintf(&nb, "    - {name: C%d, weight: %s, aggregate: %s, drop_lowest: %d", c, weight, aggs[r.IntN(len(aggs))], r.IntN(6))
			if r.IntN(6) == 0 {
				fmt.Fprintf(&nb, ", drop_highest: 1")
			}
			if r.IntN(8) == 0 {
				fmt.Fprintf(&nb, ", never_drop: [C%d-1]", c)
			}
			nb.WriteString("}\n")
		}
		if r.IntN(2) == 0 {
			nb.WriteString("  late: \"min(days_late * 7, 40)\"\n")
		}
		if r.IntN(3) == 0 {
			nb.WriteString("  late: \"percent > 90 ? 5 : days_late * 3\"\n")
		}
		fmt.Fprintf(&nb, "  missing: %s\n", []string{"zero", "exclude", "50", "33.3"}[r.IntN(4)])
		if r.IntN(3) == 0 {
			fmt.Fprintf(&nb, "  floor: %d\n", 10*r.IntN(6))
		}
		fmt.Fprintf(&nb, "  ungraded: %s\n", []string{"exclude", "zero"}[r.IntN(2)])
		fmt.Fprintf(&nb, "  empty_categories: %s\n", []string{"reweight", "zero"}[r.IntN(2)])
		fmt.Fprintf(&nb, "  round: {places: %d, mode: %s}\n", r.IntN(3), []string{"half_up", "half_even", "down", "up", "none"}[r.IntN(5)])
		fmt.Fprintf(&nb, "  letters_from: %s\n", []string{"rounded", "exact"}[r.IntN(2)])
		nb.WriteString("  letters:\n    - {letter: A, min: 90}\n    - {letter: B, min: 79.5}\n    - {letter: C, min: 70}\n    - {letter: F, min: 0}\n")
		nb.WriteString("  allow_over_possible: true\n")
		nb.WriteString("flags:\n  - {name: low, when: \"weighted < 75\"}\n")
		text := strings.Replace(nb.String(), "  late: \"min(days_late * 7, 40)\"\n  late:", "  late:", 1)
		prog, ds := Check("random.yaml", []byte(text))
		if prog == nil {
			t.Fatalf("round %d: %v\n%s", round, ds, text)
		}
		book := &Gradebook{}
		for c := 0; c < ncat; c++ {
			n := 1 + r.IntN(8)
			uniform := r.IntN(3) > 0
			for i := 1; i <= n; i++ {
				possible := int64(10)
				if !uniform {
					possible = int64(1 + r.IntN(20))
				}
				book.Assignments = append(book.Assignments, Assignment{Name: fmt.Sprintf("C%d-%d", c, i), Category: fmt.Sprintf("C%d", c),
					Possible: Points(possible * pointsScale), ExtraCredit: !uniform && r.IntN(10) == 0})
			}
		}
		for s := 0; s < 20; s++ {
			st := Student{ID: fmt.Sprint(s), Scores: make([]Score, len(book.Assignments))}
			for j, a := range book.Assignments {
				switch k := r.IntN(20); {
				case k == 0:
					st.Scores[j] = Score{Status: MissingWork}
				case k == 1:
					st.Scores[j] = Score{Status: Blank}
				case k == 2:
					st.Scores[j] = Score{Status: Excused}
				default:
					// Often equal scores, to exercise ties among drops.
					earned := Points(r.Int64N(int64(a.Possible)/pointsScale+2)) * pointsScale
					if r.IntN(4) == 0 {
						earned += Points(r.Int64N(pointsScale))
					}
					st.Scores[j] = Score{Status: Graded, Earned: earned}
					if r.IntN(5) == 0 {
						st.Scores[j].DaysLate = 1 + r.IntN(70)
					}
				}
			}
			book.Students = append(book.Students, st)
		}
		plan, ds := prog.plan(book)
		if ds.HasErrors() {
			t.Fatalf("round %d: %v", round, ds)
		}
		fast, general := prog.newGrader(plan, nil), prog.newGrader(plan, nil)
		general.general = true
		for i := range book.Students {
			got, want := fast.student(&book.Students[i]), general.student(&book.Students[i])
			none := prog.roundMode == "none"
			if !reflect.DeepEqual(show(got, none), show(want, none)) {
				t.Fatalf("round %d, student %d:\nfast    %v\ngeneral %v\nnorms:\n%s", round, i, show(got, none), show(want, none), text)
			}
			// The general final is rounded to 19 digits at each step, the
			// fast one once: they may differ in the last digits only (and so
			// may the finals that round: none prints).
			for _, pair := range [][2]*Decimal{{got.Final, want.Final}, {got.Rounded, want.Rounded}, {got.Projected, want.Projected}} {
				if !closeDecimals(pair[0], pair[1]) {
					t.Fatalf("round %d, student %d: %v vs %v\n%s", round, i, pair[0], pair[1], text)
				}
			}
		}
	}
}

// closeDecimals: both nil, or within 10^-14 of each other.
func closeDecimals(a, b *Decimal) bool {
	if a == nil || b == nil {
		return a == b
	}
	diff := a.sub(*b)
	diff.d.Negative = false
	return diff.Cmp(DecimalFromInt(1, -14)) <= 0
}

// show is a student result as text, every number in its printed digits
// (without the rounded finals when they are not rounded: round mode none).
func show(r StudentResult, none bool) string {
	d := func(x *Decimal) string {
		if x == nil {
			return "-"
		}
		return x.String()
	}
	var b strings.Builder
	for _, c := range r.Categories {
		fmt.Fprintf(&b, "%s=%s/%s n%d d%d ", c.Name, d(c.Percent), d(c.Projected), c.Counted, c.Dropped)
	}
	if !none {
		fmt.Fprintf(&b, "rounded=%s projected=%s ", d(r.Rounded), d(r.Projected))
	}
	fmt.Fprintf(&b, "%s %s flags=%v err=%q", r.Letter, r.ProjectedLetter, r.Flags, r.Error)
	return b.String()
}
