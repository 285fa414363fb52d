package api

import (
	"encoding/json"
	"testing"

	"github.com/teamnorms/norms/internal/conformance"
)

// TestBodiesAreJSONMarshal: the bodies that write their own JSON (grade's
// and every error's, through internal/reportjson) write what json.Marshal
// writes for them, for every grading vector of the corpus, each error
// vector, and a few errors of the API itself.
func TestBodiesAreJSONMarshal(t *testing.T) {
	vectors, err := conformance.Load("../testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	s := newTestServer(t, Options{})
	bodies := map[string][]byte{
		"unknown field":   []byte(`{"norms": "x", "gradebok": {}}`),
		"malformed":       []byte(`{"norms": "x",,}`),
		"no norms":        []byte(`{"gradebook_csv": "a,b"}`),
		"HTML in message": []byte(`{"norms": "norms: 1\nteam: <b>&</b>\n", "gradebook_csv": "<x>"}`),
	}
	for _, v := range vectors {
		if len(v.Gradebook) > 0 {
			b, _ := json.Marshal(map[string]any{"norms": v.Norms, "gradebook": v.Gradebook})
			bodies[v.File] = b
		}
	}
	grades, errs := 0, 0
	for name, body := range bodies {
		_, out, aerr := s.grade(body)
		var a jsonAppender
		if aerr != nil {
			a = errorBody{Error: aerr.msg, Diagnostics: aerr.diags}
			errs++
		} else {
			a = out.(gradeBody)
			grades++
		}
		want, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.appendJSON(nil); string(got) != string(want) {
			t.Errorf("%s: appendJSON differs from json.Marshal\n got: %s\nwant: %s", name, got, want)
		}
	}
	if grades < 40 || errs < 4 {
		t.Fatalf("compared %d grade answers and %d errors; want 40+ and 4+", grades, errs)
	}
}
