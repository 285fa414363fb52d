package api

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/internal/conformance"
)

// TestConformance runs every file of testdata/conformance/ (g*, e*, c*)
// through Handle, as a client would send it, decodes the JSON answer back
// into the engine's types and compares it with internal/conformance, the
// same comparison the engine's own test makes. The worker's Node tests
// (wasm/worker/test) do the same through the real runtime.
func TestConformance(t *testing.T) {
	vectors, err := conformance.Load("../testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	if len(vectors) < 100 {
		t.Fatalf("expected the whole corpus (100+ files), found %d", len(vectors))
	}
	s := newTestServer(t, Options{})
	for _, v := range vectors {
		t.Run(v.File, func(t *testing.T) {
			for _, p := range runVector(t, s, v) {
				t.Error(p)
			}
		})
	}
}

// answer is the JSON of an answer, decoded into the engine's own types
// (decimals arrive as strings and read back exactly).
type answer struct {
	Diagnostics engine.Diagnostics     `json:"diagnostics"`
	Report      json.RawMessage        `json:"report"`
	Examples    []engine.ExampleResult `json:"examples"`
}

func post(t *testing.T, s *Server, path string, body any) (int, answer, []byte) {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	resp := s.Handle(Request{Method: "POST", Path: path, Body: b})
	var a answer
	if err := json.Unmarshal(resp.Body, &a); err != nil {
		t.Fatalf("%s: answer is not JSON: %v\n%s", path, err, resp.Body)
	}
	return resp.Status, a, resp.Body
}

// runVector sends one vector to the endpoint a client would use and
// returns every mismatch.
func runVector(t *testing.T, s *Server, v *conformance.Vector) []string {
	path, body := "/v1/check", map[string]any{"norms": v.Norms}
	switch {
	case v.IncidentsCSV != nil:
		path, body["incidents_csv"] = "/v1/conduct", *v.IncidentsCSV
	case v.Incidents != nil:
		path, body["incidents"] = "/v1/conduct", v.Incidents
	case len(v.Gradebook) > 0:
		path, body["gradebook"] = "/v1/grade", v.Gradebook
	}
	if path == "/v1/conduct" {
		body["as_of"], body["student"] = v.AsOf, v.Student
	}
	status, a, raw := post(t, s, path, body)
	if done, p := v.CheckErrors(a.Diagnostics); done {
		if len(v.Expect.Errors) > 0 && status != 400 {
			p = append(p, fmt.Sprintf("%s: status %d, want 400", path, status))
		}
		return p
	}
	if status != 200 {
		t.Fatalf("%s: status %d, want 200\n%s", path, status, raw)
	}
	if v.IsConduct() {
		var rep *engine.ConductReport
		if path == "/v1/conduct" {
			rep = new(engine.ConductReport)
			if err := json.Unmarshal(a.Report, rep); err != nil {
				t.Fatalf("report: %v\n%s", err, raw)
			}
		}
		var examples []engine.ExampleResult
		if len(v.Expect.Examples) > 0 {
			status, ta, raw := post(t, s, "/v1/test", map[string]any{"norms": v.Norms})
			if status != 200 && status != 422 {
				t.Fatalf("/v1/test: status %d\n%s", status, raw)
			}
			examples = ta.Examples
		}
		return v.CheckConduct(rep, a.Diagnostics, examples)
	}
	var rep engine.Report
	if err := json.Unmarshal(a.Report, &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, raw)
	}
	return v.CheckReport(&rep)
}
