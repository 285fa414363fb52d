package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
)

func newTestServer(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func js(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

var (
	starterNorms = string(starter.NormsYAML)
	starterBook  = string(starter.GradebookCSV)
	starterLog   = string(starter.IncidentsCSV)
	// brokenNorms has two errors, at 6:15 (a negative weight) and 7:13 (a
	// second category A), the positions `norms check` prints.
	brokenNorms = "norms: 1\nteam: T\ngrading:\n  categories:\n    - name: A\n      weight: -5\n    - name: A\n      weight: 100\n"
	// failingNorms has an example that does not hold.
	failingNorms = "norms: 1\nteam: T\ngrading:\n  categories:\n    - {name: Work, weight: 100}\n  letters:\n    - {letter: P, min: 60}\n    - {letter: F, min: 0}\nexamples:\n  - name: sixty passes\n    scores: {Work: [60]}\n    expect: {letter: F}\n"
	// hugeExpr is a norms file whose final expression is far past the
	// engine's expression bounds.
	hugeExpr = "norms: 1\nteam: T\ngrading:\n  categories:\n    - {name: Work, weight: 100}\n  final: \"" + strings.Repeat("Work + ", 20000) + "Work\"\n"
)

// TestHandle is the table of the API's answers: statuses, and a fragment
// each answer must contain.
func TestHandle(t *testing.T) {
	s := newTestServer(t, Options{MaxCells: 1000, NamedNorms: map[string]string{"team": starterNorms}})
	tests := []struct {
		name         string
		method, path string
		body         string
		headers      map[string]string
		status       int
		contains     []string
	}{
		{"health", "GET", "/v1/health", "", nil, 200, []string{`"ok":true`, `"named_norms":["team"]`, `"max_body_bytes":5000000`, `"heap_alloc_bytes":`}},
		{"health with a query", "GET", "/v1/health?probe=1", "", nil, 200, []string{`"ok":true`}},
		{"unknown path", "GET", "/v1/nope", "", nil, 404, []string{`no endpoint /v1/nope`, `POST /v1/grade`}},
		{"trailing slash", "POST", "/v1/grade/", "{}", nil, 404, nil},
		{"GET a POST endpoint", "GET", "/v1/grade", "", nil, 405, []string{`/v1/grade takes POST, not GET`}},
		{"POST health", "POST", "/v1/health", "{}", nil, 405, nil},
		{"empty body", "POST", "/v1/check", "", nil, 400, []string{`the request body is empty`}},
		{"malformed JSON", "POST", "/v1/check", "{\n  \"norms\": \"x\",,\n}", nil, 400, []string{`"code":"api/json"`, `"line":2`, `not valid JSON`}},
		{"truncated JSON", "POST", "/v1/check", `{"norms": "x`, nil, 400, []string{`"code":"api/json"`}},
		{"array body", "POST", "/v1/check", `[1,2]`, nil, 400, []string{`must be a JSON object`}},
		{"unknown field", "POST", "/v1/grade", js(map[string]any{"norms": starterNorms, "gradebok": starterBook}), nil, 400, []string{`unknown field \"gradebok\"`, `did you mean \"gradebook\"`}},
		{"norms is a number", "POST", "/v1/check", `{"norms": 12}`, nil, 400, []string{`"code":"api/type"`}},
		{"no norms", "POST", "/v1/check", `{}`, nil, 400, []string{`the request has no norms`}},
		{"both norms and name", "POST", "/v1/check", js(map[string]any{"norms": starterNorms, "norms_name": "team"}), nil, 400, []string{`not both`}},
		{"unknown norms name", "POST", "/v1/check", `{"norms_name": "teem"}`, nil, 400, []string{`no norms are named \"teem\"`, `team`}},
		{"norms with errors", "POST", "/v1/check", js(map[string]any{"norms": brokenNorms}), nil, 400, []string{
			`"error":"norms.yaml:6:15: the weight of`, `and 1 more problems`,
			`"code":"norms/weight-negative"`, `"code":"norms/duplicate-name","severity":"error","file":"norms.yaml","line":7,"column":13`}},
		{"norms as a JSON object", "POST", "/v1/check", `{"norms": {"norms": 1, "team": "T", "grading": {"categories": [{"name": "A", "weight": 100}]}}}`, nil, 200, []string{`"team":"T"`}},
		{"huge expression", "POST", "/v1/check", js(map[string]any{"norms": hugeExpr}), nil, 400, []string{`"code":"norms/`}},
		{"check", "POST", "/v1/check", js(map[string]any{"norms": starterNorms}), nil, 200, []string{`"ok":true`, `"diagnostics":[]`}},
		{"check by name", "POST", "/v1/check", `{"norms_name": "team"}`, nil, 200, []string{`"ok":true`}},
		{"test passes", "POST", "/v1/test", js(map[string]any{"norms": starterNorms}), nil, 200, []string{`"ok":true`, `"failed":0`, `"pass":true`}},
		{"test fails", "POST", "/v1/test", js(map[string]any{"norms": failingNorms}), nil, 422, []string{`"ok":false`, `"error":"1 of 1 examples failed"`, `letter: expected F, got P`}},
		{"grade csv", "POST", "/v1/grade", js(map[string]any{"norms": starterNorms, "gradebook_csv": starterBook}), nil, 200, []string{`"report":{"team":`, `"rounded":"`}},
		{"grade by name", "POST", "/v1/grade", js(map[string]any{"norms_name": "team", "gradebook_csv": starterBook}), nil, 200, []string{`"students":[`}},
		{"grade json", "POST", "/v1/grade", js(map[string]any{"norms": starterNorms, "gradebook": map[string]any{
			"assignments": []any{map[string]any{"name": "HW1", "category": "Homework", "possible": 10}},
			"students":    []any{map[string]any{"id": "s1", "name": "Ann", "scores": map[string]any{"HW1": "9"}}}}}), nil, 200, []string{`"percent":"90"`}},
		{"grade without a gradebook", "POST", "/v1/grade", js(map[string]any{"norms": starterNorms}), nil, 400, []string{`has no gradebook`}},
		{"grade with both gradebooks", "POST", "/v1/grade", js(map[string]any{"norms": starterNorms, "gradebook_csv": starterBook, "gradebook": map[string]any{}}), nil, 400, []string{`not both`}},
		{"bad gradebook csv", "POST", "/v1/grade", js(map[string]any{"norms": starterNorms, "gradebook_csv": "Student,ID,HW1\nCategory,,Homework\nPoints Possible,,10\nAnn,s1,lots\n"}), nil, 400, []string{`"file":"gradebook.csv"`, `"line":4`}},
		{"gradebook is a string", "POST", "/v1/grade", js(map[string]any{"norms": starterNorms, "gradebook": "id,name"}), nil, 400, []string{`"code":"gradebook/`}},
		{"too many cells", "POST", "/v1/grade", js(map[string]any{"norms": starterNorms, "gradebook_csv": wideBook(40, 30)}), nil, 413, []string{`40 students x 30 assignments = 1200 scores`, `at most 1000`}},
		{"explain", "POST", "/v1/explain", js(map[string]any{"norms": starterNorms, "gradebook_csv": starterBook, "student": firstStudent()}), nil, 200, []string{`"explanation":{`, `"text":"`}},
		{"explain without student", "POST", "/v1/explain", js(map[string]any{"norms": starterNorms, "gradebook_csv": starterBook}), nil, 400, []string{`no \"student\"`}},
		{"explain unknown student", "POST", "/v1/explain", js(map[string]any{"norms": starterNorms, "gradebook_csv": starterBook, "student": "Nobody At All"}), nil, 400, []string{`"code":"explain/no-student"`}},
		{"conduct csv", "POST", "/v1/conduct", js(map[string]any{"norms": starterNorms, "incidents_csv": starterLog, "as_of": "2026-10-01"}), nil, 200, []string{`"incidents":[{`, `"standing":[`}},
		{"conduct json array", "POST", "/v1/conduct", js(map[string]any{"norms": starterNorms, "incidents": []any{}}), nil, 200, []string{`"incidents":[]`}},
		{"conduct without log", "POST", "/v1/conduct", js(map[string]any{"norms": starterNorms}), nil, 400, []string{`has no incidents`}},
		{"conduct bad as_of", "POST", "/v1/conduct", js(map[string]any{"norms": starterNorms, "incidents": []any{}, "as_of": "someday"}), nil, 400, []string{`"code":"conduct/as-of"`}},
		{"conduct without behaviors", "POST", "/v1/conduct", js(map[string]any{"norms": failingNorms, "incidents": []any{}}), nil, 400, []string{`"code":"conduct/no-behaviors"`}},
		{"body over the limit", "POST", "/v1/check", `{"norms": "` + strings.Repeat("x", DefaultMaxBodyBytes) + `"}`, nil, 413, []string{`over the limit of 5000000 bytes`}},
		{"content-length over the limit", "POST", "/v1/grade", "", map[string]string{"content-length": "50000000"}, 413, nil},
		{"preflight without CORS", "OPTIONS", "/v1/grade", "", nil, 204, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := s.Handle(Request{Method: tt.method, Path: tt.path, Body: []byte(tt.body), Headers: tt.headers})
			if resp.Status != tt.status {
				t.Errorf("status %d, want %d\n%.2000s", resp.Status, tt.status, resp.Body)
			}
			for _, c := range tt.contains {
				if !bytes.Contains(resp.Body, []byte(c)) {
					t.Errorf("answer lacks %s:\n%.2000s", c, resp.Body)
				}
			}
			if resp.Status != 204 {
				if ct := resp.Headers["Content-Type"]; ct != "application/json; charset=utf-8" {
					t.Errorf("Content-Type %q", ct)
				}
				if !json.Valid(resp.Body) {
					t.Errorf("answer is not JSON:\n%.2000s", resp.Body)
				}
			}
			if resp.Status == 405 && resp.Headers["Allow"] == "" {
				t.Error("a 405 must say what is allowed")
			}
		})
	}
}

// TestDiagnosticsAsCLI checks that the API's diagnostics are the engine's,
// position for position: what `norms check` prints for the same text.
func TestDiagnosticsAsCLI(t *testing.T) {
	s := newTestServer(t, Options{})
	_, want := engine.Check("norms.yaml", []byte(brokenNorms))
	resp := s.Handle(Request{Method: "POST", Path: "/v1/check", Body: []byte(js(map[string]any{"norms": brokenNorms}))})
	var got struct {
		Diagnostics engine.Diagnostics `json:"diagnostics"`
	}
	if err := json.Unmarshal(resp.Body, &got); err != nil {
		t.Fatal(err)
	}
	if g, w := got.Diagnostics.Error(), want.Error(); g != w {
		t.Errorf("diagnostics:\n%s\nwant (engine.Check):\n%s", g, w)
	}
}

func wideBook(students, assignments int) string {
	var b strings.Builder
	b.WriteString("Student,ID")
	for j := range assignments {
		fmt.Fprintf(&b, ",HW%d", j+1)
	}
	b.WriteString("\nCategory,")
	for range assignments {
		b.WriteString(",Homework")
	}
	b.WriteString("\nPoints Possible,")
	for range assignments {
		b.WriteString(",10")
	}
	for i := range students {
		fmt.Fprintf(&b, "\nStudent %d,s%d", i+1, i+1)
		for j := range assignments {
			fmt.Fprintf(&b, ",%d", (i+j)%11)
		}
	}
	return b.String() + "\n"
}

func firstStudent() string {
	book, _ := engine.ReadGradebookCSV("gradebook.csv", starter.GradebookCSV)
	return book.Students[0].ID
}

func TestCORS(t *testing.T) {
	s := newTestServer(t, Options{CORSOrigin: "https://school.example"})
	resp := s.Handle(Request{Method: "OPTIONS", Path: "/v1/grade"})
	if resp.Status != 204 || resp.Headers["Access-Control-Allow-Origin"] != "https://school.example" ||
		resp.Headers["Access-Control-Allow-Methods"] != "POST, OPTIONS" || resp.Headers["Access-Control-Allow-Headers"] != "Content-Type" {
		t.Errorf("preflight: %d %v", resp.Status, resp.Headers)
	}
	resp = s.Handle(Request{Method: "GET", Path: "/v1/health"})
	if resp.Headers["Access-Control-Allow-Origin"] != "https://school.example" || resp.Headers["Vary"] != "Origin" {
		t.Errorf("health: %v", resp.Headers)
	}
	resp = newTestServer(t, Options{}).Handle(Request{Method: "GET", Path: "/v1/health"})
	if _, ok := resp.Headers["Access-Control-Allow-Origin"]; ok {
		t.Error("no CORS header without CORSOrigin")
	}
}

func TestNamedNormsMustCompile(t *testing.T) {
	_, err := New(Options{NamedNorms: map[string]string{"bad": brokenNorms}})
	if err == nil || !strings.Contains(err.Error(), `named norms "bad" do not compile`) || !strings.Contains(err.Error(), "bad:7:13") {
		t.Errorf("New with broken named norms: %v", err)
	}
}

// TestCache checks that a norms text is compiled once, and that the cache
// keeps no more than CacheSize texts, dropping the least recently used.
func TestCache(t *testing.T) {
	s := newTestServer(t, Options{CacheSize: 2})
	variant := func(i int) string { return strings.Replace(starterNorms, "team:", fmt.Sprintf("# %d\nteam:", i), 1) }
	check := func(text string) {
		t.Helper()
		if r := s.Handle(Request{Method: "POST", Path: "/v1/check", Body: []byte(js(map[string]any{"norms": text}))}); r.Status != 200 {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
	}
	for range 3 {
		check(variant(1))
	}
	if st := s.Stats(); st.CacheMisses != 1 || st.CacheHits != 2 || st.CacheEntries != 1 {
		t.Errorf("after 3 of one text: %+v", st)
	}
	check(variant(2))
	check(variant(1)) // 1 is now the most recent, 2 the least
	check(variant(3)) // evicts 2
	if st := s.Stats(); st.CacheEntries != 2 || st.CacheMisses != 3 {
		t.Errorf("after 3 texts: %+v", st)
	}
	check(variant(1))
	if st := s.Stats(); st.CacheMisses != 3 {
		t.Errorf("text 1 should still be cached: %+v", st)
	}
	check(variant(2))
	if st := s.Stats(); st.CacheMisses != 4 {
		t.Errorf("text 2 should have been evicted: %+v", st)
	}
	off := newTestServer(t, Options{CacheSize: -1})
	off.Handle(Request{Method: "POST", Path: "/v1/check", Body: []byte(js(map[string]any{"norms": starterNorms}))})
	if st := off.Stats(); st.CacheEntries != 0 {
		t.Errorf("CacheSize -1 keeps nothing: %+v", st)
	}
}

// TestCacheAnswersTheTextSent: the cache's shortcut for the text last
// seen (a string comparison instead of a SHA-256) never answers for
// another text, nor with an entry it has evicted.
func TestCacheAnswersTheTextSent(t *testing.T) {
	for _, size := range []int{1, 2, -1} {
		s := newTestServer(t, Options{CacheSize: size})
		team := func(name string) string {
			t.Helper()
			text := strings.Replace(starterNorms, "team: ", "team: "+name+" ", 1)
			r := s.Handle(Request{Method: "POST", Path: "/v1/check", Body: []byte(js(map[string]any{"norms": text}))})
			var a struct{ Team string }
			if err := json.Unmarshal(r.Body, &a); err != nil || r.Status != 200 {
				t.Fatalf("status %d: %s", r.Status, r.Body)
			}
			return strings.Fields(a.Team)[0]
		}
		for _, name := range []string{"A", "A", "B", "A", "C", "C", "B", "A"} {
			if got := team(name); got != name {
				t.Errorf("cache size %d: sent the norms of team %s, answered for team %s", size, name, got)
			}
		}
		if st := s.Stats(); size == 1 && (st.CacheHits != 2 || st.CacheMisses != 6) {
			t.Errorf("cache size 1: %d hits and %d misses, want 2 and 6", st.CacheHits, st.CacheMisses)
		}
	}
}

// TestPanicIs500 checks that a panic inside an endpoint is answered, not
// fatal.
func TestPanicIs500(t *testing.T) {
	endpoints["/v1/panic"] = endpoint{"GET", func(*Server, []byte) (int, any, *apiError) { panic("boom") }}
	defer delete(endpoints, "/v1/panic")
	resp := newTestServer(t, Options{}).Handle(Request{Method: "GET", Path: "/v1/panic"})
	if resp.Status != 500 || !bytes.Contains(resp.Body, []byte(`internal error`)) || !bytes.Contains(resp.Body, []byte(`boom`)) {
		t.Errorf("%d %s", resp.Status, resp.Body)
	}
}

// badBodies are hostile or broken bodies; none may be answered 500.
var badBodies = []string{
	``, `null`, `true`, `"text"`, `[]`, `{`, `{"norms": null}`, `{"norms": []}`, `{"norms": ""}`, `{"norms": "\u0000"}`,
	`{"norms": "norms: 1"}`, `{"norms": "{{{{"}`, `{"norms": "- - - -"}`, `{"norms": "norms: [1, 2"}`,
	`{"norms": "&a [*a, *a]"}`, `{"norms_name": 5}`, `{"gradebook": 5}`, `{"student": []}`,
	js(map[string]any{"norms": hugeExpr}),
	js(map[string]any{"norms": strings.Repeat("a: [", 10000)}),
	js(map[string]any{"norms": starterNorms, "gradebook": []any{}}),
	js(map[string]any{"norms": starterNorms, "gradebook": map[string]any{"assignments": "x"}}),
	js(map[string]any{"norms": starterNorms, "gradebook": map[string]any{"assignments": []any{map[string]any{"name": "A", "category": "Nope", "possible": -1}}, "students": []any{map[string]any{"id": "1", "scores": map[string]any{"A": "late late"}}}}}),
	js(map[string]any{"norms": starterNorms, "gradebook_csv": "\"\n\"\"\"\n"}),
	js(map[string]any{"norms": starterNorms, "gradebook_csv": "Student,ID,A\nCategory,,Homework\nPoints Possible,,1e999\nx,s1,1e999\n"}),
	js(map[string]any{"norms": starterNorms, "gradebook_csv": starterBook, "student": ""}),
	js(map[string]any{"norms": starterNorms, "incidents": "x"}),
	js(map[string]any{"norms": starterNorms, "incidents": []any{map[string]any{"date": "99/99/9999", "behavior": 1}}}),
	js(map[string]any{"norms": starterNorms, "incidents_csv": "date,behavior\n1,2\n"}),
	js(map[string]any{"norms": starterNorms, "incidents": []any{}, "as_of": "0"}),
	js(map[string]any{"norms": starterNorms, "norms_name": "x"}),
}

// TestNoBadInputIs500 sends every bad body to every endpoint.
func TestNoBadInputIs500(t *testing.T) {
	s := newTestServer(t, Options{})
	for path := range endpoints {
		for _, body := range badBodies {
			for _, method := range []string{"POST", "GET", "PUT", "DELETE", "OPTIONS", "post"} {
				resp := s.Handle(Request{Method: method, Path: path, Body: []byte(body)})
				if resp.Status >= 500 {
					t.Errorf("%s %s %.200s: %d %s", method, path, body, resp.Status, resp.Body)
				}
			}
		}
	}
}

// TestBigBodyIsRefusedUnread: a 50 MB body is refused by its size, before
// parsing: the body is not JSON, so a parse would have answered 400.
func TestBigBodyIsRefusedUnread(t *testing.T) {
	s := newTestServer(t, Options{})
	body := bytes.Repeat([]byte("x"), 50<<20)
	resp := s.Handle(Request{Method: "POST", Path: "/v1/grade", Body: body})
	if resp.Status != 413 {
		t.Errorf("status %d, want 413", resp.Status)
	}
}

// FuzzHandle: no body, on any endpoint, makes the server answer 500.
func FuzzHandle(f *testing.F) {
	for _, b := range badBodies {
		if len(b) < 4096 {
			f.Add("/v1/grade", b)
		}
	}
	f.Add("/v1/check", js(map[string]any{"norms": starterNorms}))
	f.Add("/v1/conduct", js(map[string]any{"norms": starterNorms, "incidents_csv": starterLog}))
	s := newTestServer(f, Options{MaxCells: 10000})
	f.Fuzz(func(t *testing.T, path, body string) {
		if r := s.Handle(Request{Method: "POST", Path: path, Body: []byte(body)}); r.Status >= 500 {
			t.Errorf("%s %q: %d %s", path, body, r.Status, r.Body)
		}
	})
}

func ExampleServer_Handle() {
	s, _ := New(Options{})
	resp := s.Handle(Request{Method: "POST", Path: "/v1/check", Body: []byte(`{"norms": "norms: 1\nteam: T\ngrading:\n  categories:\n    - {name: Work, weight: 100, agregate: mean}\n"}`)})
	fmt.Println(resp.Status)
	fmt.Print(string(resp.Body))
	// Output:
	// 400
	// {"error":"norms.yaml:5:33: unknown key \"agregate\" in grading.categories[0] (did you mean \"aggregate\"?); expected one of: name, weight, aggregate, decay_weight, tie_break, drop_lowest, drop_highest, never_drop [norms/unknown-key]","diagnostics":[{"code":"norms/unknown-key","severity":"error","file":"norms.yaml","line":5,"column":33,"path":"grading.categories[0].agregate","message":"unknown key \"agregate\" in grading.categories[0] (did you mean \"aggregate\"?); expected one of: name, weight, aggregate, decay_weight, tie_break, drop_lowest, drop_highest, never_drop","snippet":" |     - {name: Work, weight: 100, agregate: mean}\n | ................................^"}]}
}
