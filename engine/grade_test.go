package engine

import (
	"strings"
	"testing"
)

// TestFlagsSeeEveryAggregate: expressions see each category's percent
// whatever aggregate computed it (each aggregate hands its float over by a
// different path).
func TestFlagsSeeEveryAggregate(t *testing.T) {
	for _, agg := range Aggregates {
		t.Run(agg, func(t *testing.T) {
			text := strings.ReplaceAll(`norms: 1
team: T
grading:
  categories:
    - {name: Quizzes, weight: 100, aggregate: AGG}
flags:
  - {name: low, when: "Quizzes < 70 and Quizzes > 50"}
  - {name: weighted, when: "weighted == Quizzes"}
examples:
  - name: sixty
    scores: {Quizzes: [60, "30/50", "6/10"]}
    expect: {final: 60, flags: [low, weighted]}
`, "AGG", agg)
			p, ds := Check("n.yaml", []byte(text))
			if p == nil {
				t.Fatal(ds)
			}
			for _, r := range p.RunExamples() {
				if !r.Pass {
					t.Errorf("%s: %v", agg, r.Failures)
				}
			}
		})
	}
}

// TestGradeConcurrent: one Program grades from many goroutines at once with
// the same answers (go test -race checks that nothing is shared unsafely).
func TestGradeConcurrent(t *testing.T) {
	prog, ds := Check("school.yaml", []byte(schoolNorms))
	if prog == nil {
		t.Fatal(ds)
	}
	book := schoolBook(100)
	want, _ := prog.Grade(book)
	errs := make(chan string, 8)
	for range 8 {
		go func() {
			got, _ := prog.Grade(book)
			for i := range got.Students {
				if got.Students[i].Rounded.String() != want.Students[i].Rounded.String() || got.Students[i].Letter != want.Students[i].Letter {
					errs <- got.Students[i].ID
					return
				}
			}
			errs <- ""
		}()
	}
	for range 8 {
		if id := <-errs; id != "" {
			t.Errorf("student %s graded differently in parallel", id)
		}
	}
}

// TestExactFinalAtBoundary: 0/5 weighted 7, 1/6 weighted 1 and 13/15
// weighted 50 is exactly 75, but rounded decimal quotients can give
// 75.00000000000000000000000000000002, which round: up would take to 76.
// The exact fraction must decide, for points and for a mean whose fraction
// is rebuilt on demand (each category is one assignment, so both
// aggregates give the same percents).
func TestExactFinalAtBoundary(t *testing.T) {
	for _, agg := range []string{"points", "mean"} {
		text := strings.ReplaceAll(`norms: 1
team: T
grading:
  categories:
    - {name: A, weight: 7, aggregate: AGG}
    - {name: B, weight: 1, aggregate: AGG}
    - {name: C, weight: 50, aggregate: AGG}
  round: {places: 0, mode: up}
  letters:
    - {letter: P, min: 76}
    - {letter: F, min: 0}
`, "AGG", agg)
		p, ds := Check("n.yaml", []byte(text))
		if p == nil {
			t.Fatal(ds)
		}
		book, ds := ReadGradebookCSV("b.csv", []byte("Student,ID,A1,B1,C1\nCategory,,A,B,C\nPoints Possible,,5,6,15\nAna,1,0,1,13\n"))
		if book == nil {
			t.Fatal(ds)
		}
		rep, _ := p.Grade(book)
		s := rep.Students[0]
		if s.Rounded.String() != "75" || s.Final.String() != "75" || s.Letter != "F" {
			t.Errorf("%s: final %s rounded %s letter %s, want exactly 75, 75, F", agg, s.Final, s.Rounded, s.Letter)
		}
	}
}
