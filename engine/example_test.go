package engine_test

import (
	"fmt"

	"github.com/teamnorms/norms/engine"
)

const norms = `norms: 1
team: Grade 7 Team
grading:
  categories:
    - {name: Homework, weight: 40, drop_lowest: 1}
    - {name: Tests, weight: 60}
  letters:
    - {letter: A, min: 90}
    - {letter: B, min: 80}
    - {letter: F, min: 0}
flags:
  - {name: Test support, when: Tests < 80}
`

const book = `Student,ID,HW 1,HW 2,HW 3,Test 1
Category,,Homework,Homework,Homework,Tests
Points Possible,,10,10,10,50
Ana Lopez,s1,9,M,10,47
Ben Okafor,s2,5/10,8 late 1,,38
`

// Compile a norms file once, then grade a gradebook with it.
func ExampleProgram_Grade() {
	prog, ds := engine.Check("norms.yaml", []byte(norms))
	if prog == nil {
		fmt.Println(ds)
		return
	}
	gb, ds := engine.ReadGradebookCSV("book.csv", []byte(book))
	if gb == nil {
		fmt.Println(ds)
		return
	}
	rep, _ := prog.Grade(gb)
	for _, s := range rep.Students {
		fmt.Println(s.Name, s.Final, s.Rounded, s.Letter, s.Flags)
	}
	// Output:
	// Ana Lopez 94.4 94 A []
	// Ben Okafor 77.6 78 F [Test support]
}

// Problems are reported all at once, each with file:line:col.
func ExampleCheck_error() {
	_, ds := engine.Check("norms.yaml", []byte("norms: 1\nteam: T\ngrading:\n  categories:\n    - {name: Quizzes, weight: 100}\nflags:\n  - {name: f, when: Quizes < 70}\n"))
	for _, d := range ds {
		fmt.Println(d.File, d.Line, d.Column, d.Code)
	}
	// Output:
	// norms.yaml 7 21 norms/expr
}

// Explain says, step by step, how a grade came about.
func ExampleProgram_Explain() {
	prog, _ := engine.Check("norms.yaml", []byte(norms))
	gb, _ := engine.ReadGradebookCSV("book.csv", []byte(book))
	ex, _ := prog.Explain(gb, "s2")
	for _, c := range ex.Categories {
		fmt.Println(c.Summary)
	}
	for _, s := range ex.Steps {
		fmt.Println(s)
	}
	// Output:
	// Homework: 8 of 10 points = 80% (1 dropped)
	// Tests: 38 of 50 points = 76%
	// Homework 80% x weight 40/100 = 32
	// Tests 76% x weight 60/100 = 45.6
	// weighted average: 77.6
	// flag "Test support" raised: Tests < 80
	// final 77.6 rounded half up to 0 decimal places: 78
	// letter F: 78 is at least 0
	// projected final, counting the 1 scores not graded yet as 0: 72 (F)
}
