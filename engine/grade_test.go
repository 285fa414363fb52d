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
