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

// TestLateExpressionNotANumber: a late expression that gives NaN or an
// infinity cannot grade the score it applies to; NaN used to pass as no
// deduction (it compares false with everything).
func TestLateExpressionNotANumber(t *testing.T) {
	for _, c := range []struct{ late, want string }{
		{"0.0 / 0.0 * days_late", "NaN"},
		{"1.0 / 0.0 * days_late", "+Inf"},
	} {
		text := `norms: 1
team: T
grading:
  categories:
    - {name: Homework, weight: 100}
  late: "` + c.late + `"
`
		p, ds := Check("n.yaml", []byte(text))
		if p == nil {
			t.Fatal(ds)
		}
		book, ds := ReadGradebookCSV("g.csv", []byte("Student,ID,HW 1,HW 2\nCategory,,Homework,Homework\nPoints Possible,,10,10\nAna,1,9 late 1,8\nBo,2,9,8\n"))
		if ds.HasErrors() {
			t.Fatal(ds)
		}
		rep, _ := p.Grade(book)
		if got := rep.Students[0].Error; !strings.Contains(got, c.want) {
			t.Errorf("late %s: Ana's error %q, want one naming %s", c.late, got, c.want)
		}
		if rep.Students[1].Error != "" || rep.Students[1].Final.String() != "85" {
			t.Errorf("late %s: Bo, never late, is graded: %+v", c.late, rep.Students[1])
		}
	}
}

// TestIdentifier: the names expressions use for categories, in every
// script; a category named in Russian or Chinese is usable in a flag.
func TestIdentifier(t *testing.T) {
	for name, want := range map[string]string{
		"Class Work": "Class_Work", "3D Art": "_3D_Art", "Quizzes": "Quizzes", " Lab / Field ": "Lab_Field",
		"Тесты": "Тесты", "数学": "数学", "Éducation physique": "Éducation_physique", "٣ تمارين": "_٣_تمارين", "!!!": "",
	} {
		if got := Identifier(name); got != want {
			t.Errorf("Identifier(%q) = %q, want %q", name, got, want)
		}
	}
	p, ds := Check("n.yaml", []byte(`norms: 1
team: T
grading:
  categories:
    - {name: Тесты, weight: 60}
    - {name: 数学, weight: 40}
flags:
  - {name: low, when: "Тесты < 70 and 数学 >= 50"}
examples:
  - name: both
    scores: {Тесты: [60], 数学: [90]}
    expect: {final: 72, flags: [low]}
`))
	if p == nil {
		t.Fatal(ds)
	}
	for _, r := range p.RunExamples() {
		if !r.Pass {
			t.Errorf("%s: %v", r.Name, r.Failures)
		}
	}
}
