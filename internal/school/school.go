// Package school generates the benchmark school of the speed figures:
// students x 60 assignments (30 homework of 10 points, 20 quizzes of 20,
// 10 tests of 100), about 3% missing, 1% blank and 5% late scores, the
// same on every machine. The engine's benchmark grades it natively
// (engine/bench_test.go), the wasm package's benchmark runs it through the
// module's whole call (read, grade, encode), and wasm/npm/bench/school.js
// writes the same book, score for score, for Node and the browser; so
// every face's figure is for the same work. The norms it is graded with
// are testdata/bench/school.yaml.
package school

import (
	"fmt"
	"strconv"
	"strings"
)

// Assignment is one column of the school's gradebook.
type Assignment struct {
	Name     string
	Category string
	Possible int64
}

// Score is one cell: Missing ("M"), Blank (left empty), or Points earned,
// DaysLate days late (0: on time).
type Score struct {
	Missing, Blank bool
	Points         int64
	DaysLate       int
}

// Student is one row.
type Student struct {
	ID, Name string
	Scores   []Score // one per assignment, in order
}

// Book is the generated school.
type Book struct {
	Assignments []Assignment
	Students    []Student
}

// New generates a school of the given number of students.
func New(students int) *Book {
	b := &Book{}
	add := func(n int, category string, possible int64) {
		for i := 1; i <= n; i++ {
			b.Assignments = append(b.Assignments, Assignment{Name: fmt.Sprintf("%s %d", category, i), Category: category, Possible: possible})
		}
	}
	add(30, "Homework", 10)
	add(20, "Quizzes", 20)
	add(10, "Tests", 100)
	seed := uint64(42)
	next := func() uint64 { // xorshift: the same school on every machine
		seed ^= seed << 13
		seed ^= seed >> 7
		seed ^= seed << 17
		return seed
	}
	for s := range students {
		st := Student{ID: fmt.Sprintf("s%05d", s), Name: fmt.Sprintf("Student %d", s), Scores: make([]Score, len(b.Assignments))}
		ability := 50 + int64(next()%50)
		for j, a := range b.Assignments {
			r := next() % 100
			switch {
			case r < 3:
				st.Scores[j] = Score{Missing: true}
			case r < 4:
				st.Scores[j] = Score{Blank: true}
			default:
				pct := min(ability+int64(next()%30)-10, 100)
				st.Scores[j] = Score{Points: a.Possible * max(pct, 0) / 100}
				if r < 9 {
					st.Scores[j].DaysLate = int(next()%5) + 1
				}
			}
		}
		b.Students = append(b.Students, st)
	}
	return b
}

// CSV is the book as a teacher exports it from a spreadsheet (the CSV
// form of docs/gradebook-json.md): a late score is written "8 late 2".
func (b *Book) CSV() []byte {
	var w strings.Builder
	w.WriteString("Student,ID")
	for _, a := range b.Assignments {
		w.WriteString("," + a.Name)
	}
	w.WriteString("\nCategory,")
	for _, a := range b.Assignments {
		w.WriteString("," + a.Category)
	}
	w.WriteString("\nPoints Possible,")
	for _, a := range b.Assignments {
		w.WriteString("," + strconv.FormatInt(a.Possible, 10))
	}
	w.WriteString("\n")
	for _, st := range b.Students {
		w.WriteString(st.Name + "," + st.ID)
		for _, sc := range st.Scores {
			w.WriteString(",")
			switch {
			case sc.Missing:
				w.WriteString("M")
			case sc.Blank:
			case sc.DaysLate > 0:
				fmt.Fprintf(&w, "%d late %d", sc.Points, sc.DaysLate)
			default:
				w.WriteString(strconv.FormatInt(sc.Points, 10))
			}
		}
		w.WriteString("\n")
	}
	return []byte(w.String())
}

// JSON is the book as a gradebook JSON document (docs/gradebook-json.md),
// as wasm/npm/bench/school.js writes it: a blank score is left out.
func (b *Book) JSON() []byte {
	var w strings.Builder
	w.WriteString(`{"assignments":[`)
	for i, a := range b.Assignments {
		if i > 0 {
			w.WriteString(",")
		}
		fmt.Fprintf(&w, `{"name":%q,"category":%q,"possible":%d}`, a.Name, a.Category, a.Possible)
	}
	w.WriteString(`],"students":[`)
	for i, st := range b.Students {
		if i > 0 {
			w.WriteString(",")
		}
		fmt.Fprintf(&w, `{"id":%q,"name":%q,"scores":{`, st.ID, st.Name)
		first := true
		for j, sc := range st.Scores {
			if sc.Blank {
				continue
			}
			if !first {
				w.WriteString(",")
			}
			first = false
			fmt.Fprintf(&w, "%q:", b.Assignments[j].Name)
			switch {
			case sc.Missing:
				w.WriteString(`"M"`)
			case sc.DaysLate > 0:
				fmt.Fprintf(&w, `{"score":%d,"late":%d}`, sc.Points, sc.DaysLate)
			default:
				w.WriteString(strconv.FormatInt(sc.Points, 10))
			}
		}
		w.WriteString("}}")
	}
	w.WriteString("]}")
	return []byte(w.String())
}
