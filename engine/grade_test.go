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
