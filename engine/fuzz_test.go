package engine

import (
	"testing"
)

// The readers face text from anywhere (a teacher's file, a web page, an HTTP
// body): whatever the input, they return a value or diagnostics, never panic.
// `go test` runs the seeds; `go test -fuzz FuzzLoad ./engine` explores.

func FuzzLoad(f *testing.F) {
	f.Add([]byte(minimalNorms))
	f.Add([]byte(schoolNorms))
	f.Add([]byte("norms: 1\nteam: x\ngrading: {categories: [{name: A, weight: 1, aggregate: power_law}], late: 'days_late * 2'}\n"))
	f.Add([]byte(`{"norms": 1, "team": "j", "grading": {"categories": [{"name": "A", "weight": 1}]}}`))
	f.Add([]byte("norms: 1\nteam: [\n"))
	f.Add([]byte("a: &a [x]\nb: *a\n"))
	f.Fuzz(func(t *testing.T, text []byte) {
		p, ds := Check("fuzz.yaml", text)
		if p == nil && !ds.HasErrors() {
			t.Fatalf("no program and no error")
		}
		if p != nil {
			_ = p.RunExamples()
		}
	})
}

func FuzzParseScore(f *testing.F) {
	for _, s := range []string{"9", "9/10", "90%", "M", "EX", "", "8 late 2", "8 (late 3)", "1e400", "1/0", "late", "ｌａｔｅ 2", "Ⱥlate 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sc, err := ParseScore(s, 10*pointsScale)
		if err != nil {
			return
		}
		// What ParseScore accepts, it reads back the same from String.
		again, err := ParseScore(sc.String(), 10*pointsScale)
		if err != nil || again != sc {
			t.Fatalf("%q -> %q -> %v, %v", s, sc.String(), again, err)
		}
	})
}

func FuzzReadGradebookCSV(f *testing.F) {
	f.Add([]byte("Student,ID,HW1,Q1\nCategory,,Homework,Quizzes\nPoints Possible,,10,20\nAna,s1,9,M\nBen,s2,,18 late 2\n"))
	f.Add([]byte("Student,ID,A\nPoints Possible,,x\n"))
	f.Add([]byte("\xef\xbb\xbfStudent,ID\n\"unclosed"))
	f.Fuzz(func(t *testing.T, data []byte) {
		book, ds := ReadGradebookCSV("fuzz.csv", data)
		if book == nil && !ds.HasErrors() {
			t.Fatalf("no gradebook and no error")
		}
		if book != nil {
			gradeAnything(t, book)
		}
	})
}

func FuzzReadGradebookJSON(f *testing.F) {
	f.Add([]byte(`{"assignments":[{"name":"HW1","category":"Homework","possible":10}],"students":[{"id":"1","name":"A","scores":{"HW1":{"score":"9","late":2}}}]}`))
	f.Add([]byte(`{"assignments":[{"name":"Q","category":"Quizzes","possible":1e30}]}`))
	f.Add([]byte(`[1,2`))
	f.Fuzz(func(t *testing.T, data []byte) {
		book, ds := ReadGradebookJSON("fuzz.json", data)
		if book == nil && !ds.HasErrors() {
			t.Fatalf("no gradebook and no error")
		}
		if book != nil {
			gradeAnything(t, book)
		}
	})
}

// gradeAnything grades a fuzzed book under norms that accept its categories.
func gradeAnything(t *testing.T, book *Gradebook) {
	text := "norms: 1\nteam: fuzz\ngrading:\n  allow_over_possible: true\n  late: days_late * 5\n  floor: 10\n  categories:\n"
	seen := map[string]bool{}
	for _, a := range book.Assignments {
		name := a.Category
		if seen[name] || Identifier(name) == "" || len(seen) > 5 {
			continue
		}
		seen[name] = true
		text += "    - {name: " + yamlQuote(name) + ", weight: 1, aggregate: power_law, drop_lowest: 1}\n"
	}
	if len(seen) == 0 {
		return
	}
	p, _ := Check("fuzz.yaml", []byte(text))
	if p == nil {
		return
	}
	_, _ = p.Grade(book)
}

func yamlQuote(s string) string {
	out := `"`
	for _, r := range s {
		if r == '"' || r == '\\' {
			out += `\`
		}
		if r < 0x20 {
			continue
		}
		out += string(r)
	}
	return out + `"`
}
