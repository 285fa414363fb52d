package api

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/teamnorms/norms/engine"
)

var bodyCases = []string{
	`{"norms": "norms: 1\n", "gradebook": {"assignments": [], "students": [1, 2.5e3, true, false, null, "x\u00e9\"", {"a": [[]]}]}}`,
	`{"norms_name": "grade7", "gradebook_csv": "a,b\n"}`,
	`{"gradebook_csv": "Student,ID\n\u003cA\u0026B\u003e,1\r\n", "student": "\ud83d\ude00 \ud83d", "as_of": "\t"}`,
	`{"norms": null, "gradebook": null, "gradebook_csv": null}`,
	`{}`,
	` {"norms": {"norms": 1}} `,
	`{"norms": "x"} trailing`,
	`{"norms": "x", "norms": "y"}`,
	`{"Norms": "x"}`,
	`{"norms_name": 5}`,
	`{"gradebook": [1, 2,]}`,
	`{"gradebook": "\x01"}`,
	`{"gradebook": "\uZZZZ"}`,
	"{\"norms_name\": \"a\xffb\"}",
	`{"gradebook": 01}`,
	`{"gradebook": -}`,
	`{"gradebook": 1.}`,
	`{"gradebook": {"a" 1}}`,
	`{"student": "s1", "as_of": "2024-01-01", "incidents": [], "incidents_csv": null}`,
	`[1]`,
	`null`,
}

func TestDecodeBodyFastAgrees(t *testing.T) {
	allowed := []string{"norms", "norms_name", "gradebook", "gradebook_csv", "incidents", "incidents_csv", "as_of", "student"}
	accepted := 0
	check := func(body []byte) {
		fast, ok := decodeBodyFast(body, allowed)
		if !ok {
			return
		}
		accepted++
		var slow rawRequest
		if err := decodeBodySlow(body, &slow, allowed); err != nil {
			t.Fatalf("the fast decoder accepted a body encoding/json refuses (%v): %s", err.msg, body)
		}
		if !reflect.DeepEqual(normalize(fast), normalize(slow)) {
			t.Fatalf("the decoders disagree on %s:\nfast %+v\nslow %+v", body, fast, slow)
		}
		if msg := checkBook(fast); msg != "" {
			t.Fatalf("%s: %s", body, msg)
		}
	}
	for _, c := range bodyCases {
		check([]byte(c))
	}
	for _, c := range gradebookBodies {
		check([]byte(c.body))
	}
	check(class30x40())
	if accepted < 6 {
		t.Errorf("the fast decoder accepted only %d bodies", accepted)
	}
	if r, ok := decodeBodyFast(class30x40(), allowed); !ok {
		t.Error("the fast decoder refused the load test's request")
	} else if r.book == nil {
		t.Error("the fast decoder did not read the load test's gradebook: it would be scanned twice")
	}
}

// gradebookBodies are requests whose gradebook decodeBodyFast reads (book)
// or only checks (nil), for the engine to read or report.
var gradebookBodies = []struct {
	body string
	read bool
}{
	{`{"gradebook": {"assignments": [{"name": "HW1", "category": "Homework", "possible": 10}], "students": [{"id": "1", "name": "A", "scores": {"HW1": "9"}}]}}`, true},
	{`{"gradebook":{"students":[],"assignments":[]} , "norms": "x"}`, true},
	{`{"gradebook": {"assignments": [], "students": []}, "gradebook_csv": "a,b\n"}`, true},
	{`{"gradebook": {"assignments": [{"name": "HW1", "category": "Homework", "possible": 10}], "students": [{"id": "1", "name": "A", "scores": {"HW2": 9}}]}}`, false},
	{`{"gradebook": {"assignments": [], "students": [], "extra": [[{}]]}}`, false},
	{`{"gradebook": {"assignments": []}`, false},
	{`{"gradebook": {"assignments": []}} x`, false},
	{`{"gradebook": null}`, false},
}

func TestDecodeBodyFastReadsGradebook(t *testing.T) {
	allowed := []string{"norms", "gradebook", "gradebook_csv"}
	for _, c := range gradebookBodies {
		r, ok := decodeBodyFast([]byte(c.body), allowed)
		if got := ok && r.book != nil; got != c.read {
			t.Errorf("decodeBodyFast(%s): read the gradebook %v, want %v", c.body, got, c.read)
		}
		if msg := checkBook(r); msg != "" {
			t.Errorf("%s: %s", c.body, msg)
		}
	}
}

// checkBook says how the book decodeBodyFast read, if any, differs from
// what engine.ReadGradebookJSON reads from the gradebook's bytes.
func checkBook(r rawRequest) string {
	if r.book == nil {
		return ""
	}
	want, ds := engine.ReadGradebookJSON(gradebookFile, r.Gradebook)
	if len(ds) != 0 || !reflect.DeepEqual(r.book, want) {
		return fmt.Sprintf("the gradebook read with the body is not what the engine reads:\nwith the body %+v\nengine %+v %v", r.book, want, ds)
	}
	return ""
}

// normalize makes empty raw values nil, as both decoders mean the same,
// and leaves out the book (checkBook checks it).
func normalize(r rawRequest) rawRequest {
	r.book = nil
	for _, p := range []*[]byte{(*[]byte)(&r.Norms), (*[]byte)(&r.Gradebook), (*[]byte)(&r.Incidents)} {
		if len(*p) == 0 {
			*p = nil
		} else {
			*p = append([]byte(nil), *p...)
		}
	}
	return r
}

func FuzzDecodeBodyFastAgrees(f *testing.F) {
	for _, c := range bodyCases {
		f.Add([]byte(c))
	}
	for _, c := range gradebookBodies {
		f.Add([]byte(c.body))
	}
	allowed := []string{"norms", "norms_name", "gradebook", "gradebook_csv", "student"}
	f.Fuzz(func(t *testing.T, body []byte) {
		fast, ok := decodeBodyFast(body, allowed)
		if !ok {
			return
		}
		var slow rawRequest
		if err := decodeBodySlow(body, &slow, allowed); err != nil {
			t.Fatalf("the fast decoder accepted a body encoding/json refuses (%v): %q", err.msg, body)
		}
		if !reflect.DeepEqual(normalize(fast), normalize(slow)) {
			t.Fatalf("the decoders disagree on %q:\nfast %+v\nslow %+v", body, fast, slow)
		}
		if msg := checkBook(fast); msg != "" {
			t.Fatalf("%q: %s", body, msg)
		}
	})
}

// BenchmarkReadRequest30x40 is the reading part of BenchmarkGrade30x40:
// the body decoded and its gradebook read, which scans the gradebook once.
func BenchmarkReadRequest30x40(b *testing.B) {
	s := newTestServer(b, Options{})
	body := class30x40()
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		r, _, err := decodeBody(body, "norms", "norms_name", "gradebook", "gradebook_csv")
		if err != nil {
			b.Fatal(err.msg)
		}
		if _, _, err := s.gradebook(r); err != nil {
			b.Fatal(err.msg)
		}
	}
}
