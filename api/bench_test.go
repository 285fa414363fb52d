package api

import (
	"encoding/json"
	"fmt"
	"testing"
)

// class30x40 is the worker load test's request: a 30 x 40 class graded
// with the starter norms (wasm/worker/test/load.mjs builds the same).
func class30x40() []byte {
	cats := []string{"Homework", "Quizzes", "Tests"}
	var assignments []map[string]any
	for j := range 40 {
		c := cats[j%3]
		possible := 10
		if c == "Tests" {
			possible = 100
		}
		assignments = append(assignments, map[string]any{"name": fmt.Sprintf("%s %d", c, j+1), "category": c, "possible": possible})
	}
	var students []map[string]any
	for i := range 30 {
		scores := map[string]any{}
		for j, a := range assignments {
			k := (i*7 + j*13) % 23
			p := a["possible"].(int)
			switch k {
			case 0:
				scores[a["name"].(string)] = "M"
			case 1:
				scores[a["name"].(string)] = nil
			case 2:
				scores[a["name"].(string)] = "EX"
			default:
				scores[a["name"].(string)] = fmt.Sprint((p*(60+(i+j*3)%41) + 50) / 100)
			}
		}
		students = append(students, map[string]any{"id": fmt.Sprintf("s%d", i+1), "name": fmt.Sprintf("Student %d", i+1), "scores": scores})
	}
	b, _ := json.Marshal(map[string]any{"norms": starterNorms, "gradebook": map[string]any{"assignments": assignments, "students": students}})
	return b
}

// BenchmarkGrade30x40 is one warm /v1/grade of a 30 x 40 class: the
// request the worker's load test sends (norms cached after the first).
func BenchmarkGrade30x40(b *testing.B) {
	s := newTestServer(b, Options{})
	body := class30x40()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if r := s.Handle(Request{Method: "POST", Path: "/v1/grade", Body: body}); r.Status != 200 {
			b.Fatalf("%d %s", r.Status, r.Body)
		}
	}
}
