package engine

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// The one-pass reader (gradebookjson.go) must read every book it accepts
// exactly as encoding/json does, and leave every other to it.

func checkFastAgrees(t *testing.T, name string, data []byte) {
	t.Helper()
	fast := readGradebookJSONFast("g.json", data)
	slow, ds := readGradebookJSONSlow("g.json", data)
	if fast == nil {
		return
	}
	if len(ds) != 0 {
		t.Fatalf("%s: the fast reader accepted a book encoding/json reports: %v\n%s", name, ds, data)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Fatalf("%s: the readers disagree:\nfast %+v\nslow %+v\n%s", name, fast, slow, data)
	}
}

var fastCases = []string{
	`{"assignments":[{"name":"HW1","category":"Homework","possible":10}],"students":[{"id":"1","name":"A","scores":{"HW1":{"score":"9","late":2}}}]}`,
	`{"students":[{"id":"1","name":"A","scores":{"HW1":9.5}}],"assignments":[{"name":"HW1","category":"Homework","possible":"10"}]}`,
	`{"students":null,"assignments":[]}`,
	`{"assignments":[],"students":[]}`,
	`{}`,
	` {"assignments":[{"name":"a","category":"c","possible":1e1,"due":"2024-01-02","extra_credit":true}],"students":[{"id":"x","name":"y","scores":null}]} trailing`,
	`{"assignments":[{"name":"a\u00e9","category":"c\n","possible":10}],"students":[{"id":"x","name":"\"y\"","scores":{"a\u00e9":"9/10 late 2","a\u00e9":"8"}}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"a":"M"}},{"id":"x2","name":"y","scores":{"a":{"late":3,"score":"EX"}}}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"a":{"score":null,"late":1}}}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"a":{"score":5,"late":1.0}}}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"a":-1}}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"a":1e2}}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"a":true}}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"b":1}}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","Scores":{"a":1}}]}`,
	`{"assignments":[{"name":" ","category":"c","possible":10}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":-1}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10,"due":"soon"}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y"},{"id":"x","name":"z"}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"a":"95%"}}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"a":"9 (late 2)"}}], "assignments": []}`,
	"{\"assignments\":[{\"name\":\"a\xff\",\"category\":\"c\",\"possible\":10}]}",
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"a":01}}]}`,
	`{"students":[{"id":"x","name":"]","scores":{"a":1}}] , "assignments":[{"name":"a","category":"c","possible":10}]}`,
	`{"students":[{"id":"x","name":"y","scores":{"a":1}}]}`,
	`{"students":{"id":"x"}, "assignments":[]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"a":{"score":5,"late":3651}}}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"a":{"score":5,"late":3650}}}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"a":{"score":"5 late 2","late":1}}}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"a":{"score":"","late":1}}}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"a":{"score":"M","late":1}}}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10,"due":"2025-02-30"}]}`,
	`{"assignments":[{"name":"a","category":"c","possible":10}],"students":[{"id":"x","name":"y","scores":{"a":1,"a":2}}]}`,
}

func TestGradebookJSONFastAgrees(t *testing.T) {
	accepted := 0
	for i, c := range fastCases {
		checkFastAgrees(t, "case "+string(rune('A'+i)), []byte(c))
		if readGradebookJSONFast("g.json", []byte(c)) != nil {
			accepted++
		}
	}
	if accepted < 8 {
		t.Errorf("the fast reader accepted only %d of the cases; it should take the common forms", accepted)
	}
	// Every gradebook of the conformance corpus and the fuzz corpus.
	for _, dir := range []string{"../testdata", "testdata"} {
		filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return nil
			}
			checkFastAgrees(t, path, data)
			var v struct {
				Gradebook json.RawMessage `json:"gradebook"`
			}
			if strings.HasSuffix(path, ".json") && json.Unmarshal(data, &v) == nil && len(v.Gradebook) > 0 {
				checkFastAgrees(t, path+" gradebook", v.Gradebook)
			}
			return nil
		})
	}
	// The benchmark school, in the JSON form.
	book := schoolBook(50)
	checkFastAgrees(t, "school", schoolJSON(book))
	if readGradebookJSONFast("g.json", schoolJSON(book)) == nil {
		t.Error("the fast reader refused the benchmark school")
	}
}

// schoolJSON writes a book in the documented JSON form, with late scores
// as objects.
func schoolJSON(book *Gradebook) []byte {
	type doc struct {
		Assignments []Assignment `json:"assignments"`
		Students    []any        `json:"students"`
	}
	d := doc{Assignments: book.Assignments}
	for _, s := range book.Students {
		scores := map[string]any{}
		for j, sc := range s.Scores {
			name := book.Assignments[j].Name
			switch {
			case sc.Status == Blank:
			case sc.DaysLate > 0:
				scores[name] = map[string]any{"score": json.Number(sc.Earned.String()), "late": sc.DaysLate}
			case sc.Status == Graded:
				scores[name] = json.Number(sc.Earned.String())
			default:
				scores[name] = sc.String()
			}
		}
		d.Students = append(d.Students, map[string]any{"id": s.ID, "name": s.Name, "scores": scores})
	}
	b, _ := json.Marshal(d)
	return b
}

func FuzzGradebookJSONFastAgrees(f *testing.F) {
	for _, c := range fastCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFastAgrees(t, "fuzz", data)
	})
}

func BenchmarkReadGradebookJSON(b *testing.B) {
	data := schoolJSON(schoolBook(2000))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := ReadGradebookJSON("g.json", data); ds.HasErrors() {
			b.Fatal(ds)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/2000, "ns/student")
}

func BenchmarkReadGradebookJSONSlow(b *testing.B) {
	data := schoolJSON(schoolBook(2000))
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := readGradebookJSONSlow("g.json", data); ds.HasErrors() {
			b.Fatal(ds)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/2000, "ns/student")
}

// ReadGradebookJSONPrefix reads a gradebook inside a larger document and
// says where it ends: what the api does with a request's "gradebook".
func TestReadGradebookJSONPrefix(t *testing.T) {
	cases := append(slices.Clip(fastCases), string(schoolJSON(schoolBook(5))))
	read := 0
	for i, c := range cases {
		obj := strings.TrimSuffix(c, " trailing")
		data := []byte(obj + ` , "norms": "x"}`)
		book, n := ReadGradebookJSONPrefix("g.json", data)
		if book == nil {
			if n != 0 || readGradebookJSONFast("g.json", []byte(c)) != nil {
				t.Errorf("case %d: the prefix reader refused what the one-pass reader reads (n %d)", i, n)
			}
			continue
		}
		read++
		if n != len(obj) {
			t.Errorf("case %d: the gradebook ends at %d, not %d", i, n, len(obj))
		}
		want, ds := ReadGradebookJSON("g.json", data[:n])
		if len(ds) != 0 || !reflect.DeepEqual(book, want) {
			t.Errorf("case %d: the prefix reader read %+v; ReadGradebookJSON %+v %v", i, book, want, ds)
		}
	}
	if read < 8 {
		t.Errorf("the prefix reader read only %d of the cases", read)
	}
	// Over the size limit, the book is left to ReadGradebookJSON to report.
	big := []byte(`{"assignments":[{"name":"` + strings.Repeat("a", maxBookBytes) + `","category":"c","possible":1}]}`)
	if book, n := ReadGradebookJSONPrefix("g.json", big); book != nil || n != 0 {
		t.Errorf("the prefix reader read a gradebook of %d bytes; the limit is %d", len(big), maxBookBytes)
	}
}
