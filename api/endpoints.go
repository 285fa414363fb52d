package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"strings"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/internal/jsonscan"
	"github.com/teamnorms/norms/internal/reportjson"
)

// This file holds the endpoints: each decodes its body strictly (an unknown
// field is a 400 naming it, so a typo such as "gradebok" is not silently
// ignored), calls the engine, and returns what the engine returned.

// normsRef is how a request gives its norms: the text, or a name bound at
// deploy time. The text is a JSON string holding YAML or JSON; a JSON
// object is taken as the norms themselves (JSON is YAML), with positions
// then counted inside that object.
type normsRef struct {
	Norms     *string
	NormsName string
}

// rawRequest holds every field any endpoint takes; decodeBody then checks
// that a request uses only those of its endpoint.
type rawRequest struct {
	Norms        json.RawMessage `json:"norms"`
	NormsName    string          `json:"norms_name"`
	Gradebook    json.RawMessage `json:"gradebook"`
	GradebookCSV *string         `json:"gradebook_csv"`
	Student      *string         `json:"student"`
	Incidents    json.RawMessage `json:"incidents"`
	IncidentsCSV *string         `json:"incidents_csv"`
	AsOf         string          `json:"as_of"`

	// book is Gradebook as decodeBodyFast read it (the book
	// engine.ReadGradebookJSON reads from Gradebook), or nil.
	book *engine.Gradebook
}

// gradebookFile names the request's JSON gradebook in diagnostics.
const gradebookFile = "gradebook.json"

// requestFile names the request body in diagnostics about its JSON.
const requestFile = "request.json"

// decodeBody reads body into a rawRequest, allowing only the fields named.
func decodeBody(body []byte, allowed ...string) (*rawRequest, normsRef, *apiError) {
	var r rawRequest
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, normsRef{}, fail(400, "the request body is empty; send a JSON object such as {\"norms\": \"...\"}")
	}
	// Most bodies are read in one pass that keeps the values as views of
	// the body (fastbody.go); any other, and every one with a problem, by
	// encoding/json: its keys, each value kept raw.
	if fr, ok := decodeBodyFast(body, allowed); ok {
		r = fr
	} else if err := decodeBodySlow(body, &r, allowed); err != nil {
		return nil, normsRef{}, err
	}
	ref := normsRef{NormsName: r.NormsName}
	if raw := bytes.TrimSpace(r.Norms); len(raw) > 0 && string(raw) != "null" {
		var text string
		switch raw[0] {
		case '"':
			// Most norms texts need only the common escapes (\n, \"...):
			// unquoted in one pass; any other by encoding/json.
			if t, ok := jsonscan.Unquote(raw); ok {
				text = string(t)
			} else if err := json.Unmarshal(raw, &text); err != nil {
				return nil, normsRef{}, jsonError(body, err)
			}
		case '{':
			text = string(raw)
		default:
			return nil, normsRef{}, fieldType("norms", "the text of a norms file (a JSON string), or the norms as a JSON object")
		}
		ref.Norms = &text
	}
	return &r, ref, nil
}

// decodeBodySlow reads body into r with encoding/json: its keys, each value
// kept raw, every problem a positioned diagnostic.
func decodeBodySlow(body []byte, r *rawRequest, allowed []string) *apiError {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(body, &keys); err != nil {
		return jsonError(body, err)
	}
	if keys == nil {
		return jsonError(body, &json.UnmarshalTypeError{Value: "null", Type: reflect.TypeOf(keys)})
	}
	for k, raw := range keys {
		if !oneOf(k, allowed...) {
			return &apiError{status: 400, msg: fmt.Sprintf("unknown field %q; this endpoint takes %s", k, strings.Join(allowed, ", ")),
				diags: engine.Diagnostics{{Code: "api/unknown-field", Severity: engine.Error, File: requestFile, Path: k,
					Message: fmt.Sprintf("unknown field %q%s", k, closestHint(k, allowed))}}}
		}
		var err error
		switch k {
		case "norms":
			r.Norms = raw
		case "gradebook":
			r.Gradebook = raw
		case "incidents":
			r.Incidents = raw
		case "norms_name":
			err = json.Unmarshal(raw, &r.NormsName)
		case "gradebook_csv":
			err = json.Unmarshal(raw, &r.GradebookCSV)
		case "incidents_csv":
			err = json.Unmarshal(raw, &r.IncidentsCSV)
		case "student":
			err = json.Unmarshal(raw, &r.Student)
		case "as_of":
			err = json.Unmarshal(raw, &r.AsOf)
		}
		if err != nil {
			return fieldType(k, "a JSON string")
		}
	}
	return nil
}

func fieldType(field, want string) *apiError {
	msg := fmt.Sprintf("%q must be %s", field, want)
	return &apiError{status: 400, msg: msg, diags: engine.Diagnostics{{Code: "api/type", Severity: engine.Error, File: requestFile, Path: field, Message: msg}}}
}

// jsonError turns a JSON decoding error into a positioned diagnostic.
func jsonError(body []byte, err error) *apiError {
	d := engine.Diagnostic{Code: "api/json", Severity: engine.Error, File: requestFile}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		d.Pos = offsetPos(body, int(syn.Offset))
		d.Message = "the request body is not valid JSON: " + syn.Error()
	case errors.As(err, &typ):
		d.Pos = offsetPos(body, int(typ.Offset))
		d.Path = typ.Field
		d.Message = fmt.Sprintf("%q must be a JSON %s, not %s", typ.Field, jsonKind(typ.Type.Kind().String()), typ.Value)
		if typ.Field == "" {
			d.Message = fmt.Sprintf("the request body must be a JSON object, not %s", typ.Value)
		}
	case errors.Is(err, io.ErrUnexpectedEOF):
		d.Message = "the request body is not valid JSON: it ends too soon"
	default:
		d.Message = "the request body is not valid JSON: " + err.Error()
	}
	return &apiError{status: 400, msg: d.Message, diags: engine.Diagnostics{d}}
}

func jsonKind(k string) string {
	switch k {
	case "ptr", "string":
		return "string"
	case "slice", "map", "struct":
		return "object"
	}
	return k
}

// offsetPos turns a byte offset into a 1-based line and column (in bytes).
func offsetPos(data []byte, off int) engine.Pos {
	off = min(max(off, 0), len(data))
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := off - bytes.LastIndexByte(data[:off], '\n')
	return engine.Pos{Line: line, Column: col}
}

func oneOf(v string, allowed ...string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

// closestHint suggests the allowed field nearest to k, for typos.
func closestHint(k string, allowed []string) string {
	best, bestD := "", 3
	for _, a := range allowed {
		if d := distance(k, a); d < bestD {
			best, bestD = a, d
		}
	}
	if best == "" {
		return "; the fields are " + strings.Join(allowed, ", ")
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// health answers GET /v1/health.
type healthBody struct {
	OK         bool     `json:"ok"`
	Version    string   `json:"version"`
	Go         string   `json:"go"`
	NamedNorms []string `json:"named_norms"`
	Limits     struct {
		MaxBodyBytes int64 `json:"max_body_bytes"`
		MaxCells     int   `json:"max_cells"`
		MaxIncidents int   `json:"max_incidents"`
	} `json:"limits"`
	Stats Stats `json:"stats"`
}

func (s *Server) health(_ []byte) (int, any, *apiError) {
	h := healthBody{OK: true, Version: s.opts.Version, Go: runtime.Version(), NamedNorms: sortedNames(s.opts.NamedNorms), Stats: s.Stats()}
	h.Limits.MaxBodyBytes, h.Limits.MaxCells, h.Limits.MaxIncidents = s.opts.MaxBodyBytes, s.opts.MaxCells, s.opts.MaxIncidents
	return 200, h, nil
}

// checkBody is the answer of /v1/check.
type checkBody struct {
	OK          bool               `json:"ok"`
	Team        string             `json:"team"`
	Diagnostics engine.Diagnostics `json:"diagnostics"`
}

func (s *Server) check(body []byte) (int, any, *apiError) {
	_, ref, err := decodeBody(body, "norms", "norms_name")
	if err != nil {
		return 0, nil, err
	}
	prog, ds, err := s.program(ref)
	if err != nil {
		return 0, nil, err
	}
	return 200, checkBody{OK: true, Team: prog.Norms().Team, Diagnostics: nonNil(ds)}, nil
}

// testBody is the answer of /v1/test, as `norms test --format json` prints.
type testBody struct {
	OK          bool                   `json:"ok"`
	Error       string                 `json:"error,omitempty"`
	Diagnostics engine.Diagnostics     `json:"diagnostics"`
	Examples    []engine.ExampleResult `json:"examples"`
	Passed      int                    `json:"passed"`
	Failed      int                    `json:"failed"`
}

func (s *Server) test(body []byte) (int, any, *apiError) {
	_, ref, err := decodeBody(body, "norms", "norms_name")
	if err != nil {
		return 0, nil, err
	}
	prog, ds, err := s.program(ref)
	if err != nil {
		return 0, nil, err
	}
	out := testBody{Diagnostics: nonNil(ds), Examples: prog.RunExamples()}
	if out.Examples == nil {
		out.Examples = []engine.ExampleResult{}
	}
	for _, r := range out.Examples {
		if r.Pass {
			out.Passed++
		} else {
			out.Failed++
		}
	}
	out.OK = out.Failed == 0
	if !out.OK {
		out.Error = fmt.Sprintf("%d of %d examples failed", out.Failed, len(out.Examples))
		return 422, out, nil
	}
	return 200, out, nil
}

// gradebook reads the request's gradebook, JSON or CSV, and checks it is
// within the work limit.
func (s *Server) gradebook(r *rawRequest) (*engine.Gradebook, engine.Diagnostics, *apiError) {
	hasJSON := len(r.Gradebook) > 0 && string(bytes.TrimSpace(r.Gradebook)) != "null"
	var book *engine.Gradebook
	var ds engine.Diagnostics
	switch {
	case hasJSON && r.GradebookCSV != nil:
		return nil, nil, fail(400, `give either "gradebook" (a JSON object) or "gradebook_csv" (the text of a CSV), not both`)
	case hasJSON && r.book != nil:
		book = r.book // what ReadGradebookJSON would return
	case hasJSON:
		book, ds = engine.ReadGradebookJSON(gradebookFile, r.Gradebook)
	case r.GradebookCSV != nil:
		book, ds = engine.ReadGradebookCSV("gradebook.csv", []byte(*r.GradebookCSV))
	default:
		return nil, nil, fail(400, `the request has no gradebook: send "gradebook" (the JSON form of docs/gradebook-json.md) or "gradebook_csv" (the text of a CSV gradebook)`)
	}
	if book == nil || ds.HasErrors() {
		return nil, nil, badInput(ds)
	}
	if cells := len(book.Students) * max(len(book.Assignments), 1); cells > s.opts.MaxCells {
		return nil, nil, fail(413, "the gradebook has %d students x %d assignments = %d scores; one request may grade at most %d (split the gradebook by class)",
			len(book.Students), len(book.Assignments), cells, s.opts.MaxCells)
	}
	return book, ds, nil
}

// gradeBody is the answer of /v1/grade.
type gradeBody struct {
	Report      *engine.Report     `json:"report"`
	Diagnostics engine.Diagnostics `json:"diagnostics"`
}

func (g gradeBody) appendJSON(b []byte) []byte {
	b = append(b, `{"report":`...)
	b = reportjson.AppendReport(b, g.Report)
	b = append(b, `,"diagnostics":`...)
	b = reportjson.AppendDiagnostics(b, g.Diagnostics)
	return append(b, '}')
}

// sizeHint: a student's result is 400 to 600 bytes of JSON.
func (g gradeBody) sizeHint() int {
	n := 512 + 256*len(g.Diagnostics)
	if g.Report != nil {
		n += 600 * len(g.Report.Students)
	}
	return n
}

func (s *Server) grade(body []byte) (int, any, *apiError) {
	r, ref, err := decodeBody(body, "norms", "norms_name", "gradebook", "gradebook_csv")
	if err != nil {
		return 0, nil, err
	}
	prog, ds, err := s.program(ref)
	if err != nil {
		return 0, nil, err
	}
	book, bds, err := s.gradebook(r)
	if err != nil {
		return 0, nil, err
	}
	rep, gds := prog.Grade(book)
	ds = append(append(append(engine.Diagnostics{}, ds...), bds...), gds...)
	if rep == nil || gds.HasErrors() {
		return 0, nil, badInput(ds)
	}
	return 200, gradeBody{Report: rep, Diagnostics: nonNil(ds)}, nil
}

// explainBody is the answer of /v1/explain: the explanation as data and as
// the text `norms explain` prints.
type explainBody struct {
	Explanation *engine.Explanation `json:"explanation"`
	Text        string              `json:"text"`
	Diagnostics engine.Diagnostics  `json:"diagnostics"`
}

func (s *Server) explain(body []byte) (int, any, *apiError) {
	r, ref, err := decodeBody(body, "norms", "norms_name", "gradebook", "gradebook_csv", "student")
	if err != nil {
		return 0, nil, err
	}
	if r.Student == nil || strings.TrimSpace(*r.Student) == "" {
		return 0, nil, fail(400, `the request has no "student": give the ID or the name of the student to explain`)
	}
	prog, ds, err := s.program(ref)
	if err != nil {
		return 0, nil, err
	}
	book, bds, err := s.gradebook(r)
	if err != nil {
		return 0, nil, err
	}
	ex, eds := prog.Explain(book, *r.Student)
	ds = append(append(append(engine.Diagnostics{}, ds...), bds...), eds...)
	if ex == nil || eds.HasErrors() {
		return 0, nil, badInput(ds)
	}
	return 200, explainBody{Explanation: ex, Text: ex.Text(), Diagnostics: nonNil(ds)}, nil
}

// conductBody is the answer of /v1/conduct.
type conductBody struct {
	Report      *engine.ConductReport `json:"report"`
	Diagnostics engine.Diagnostics    `json:"diagnostics"`
}

func (s *Server) conduct(body []byte) (int, any, *apiError) {
	r, ref, err := decodeBody(body, "norms", "norms_name", "incidents", "incidents_csv", "as_of", "student")
	if err != nil {
		return 0, nil, err
	}
	prog, ds, err := s.program(ref)
	if err != nil {
		return 0, nil, err
	}
	hasJSON := len(r.Incidents) > 0 && string(bytes.TrimSpace(r.Incidents)) != "null"
	var log *engine.IncidentLog
	var lds engine.Diagnostics
	switch {
	case hasJSON && r.IncidentsCSV != nil:
		return 0, nil, fail(400, `give either "incidents" (JSON) or "incidents_csv" (the text of a CSV), not both`)
	case hasJSON:
		log, lds = engine.ReadIncidentsJSON("incidents.json", r.Incidents, prog.DateFormat())
	case r.IncidentsCSV != nil:
		log, lds = engine.ReadIncidentsCSV("incidents.csv", []byte(*r.IncidentsCSV), prog.DateFormat())
	default:
		return 0, nil, fail(400, `the request has no incidents: send "incidents" ({"incidents": [...]} or an array) or "incidents_csv" (the text of a CSV log)`)
	}
	ds = append(append(engine.Diagnostics{}, ds...), lds...)
	if log == nil || lds.HasErrors() {
		return 0, nil, badInput(ds)
	}
	if n := len(log.Incidents); n > s.opts.MaxIncidents {
		return 0, nil, fail(413, "the log has %d incidents; one request may apply the norms to at most %d", n, s.opts.MaxIncidents)
	}
	opts := engine.ConductOptions{AsOf: r.AsOf}
	if r.Student != nil {
		opts.Student = *r.Student
	}
	rep, cds := prog.Conduct(log, opts)
	ds = append(ds, cds...)
	if rep == nil || cds.HasErrors() {
		return 0, nil, badInput(ds)
	}
	return 200, conductBody{Report: rep, Diagnostics: nonNil(ds)}, nil
}

// nonNil makes an empty list of diagnostics [] in JSON, never null.
func nonNil(ds engine.Diagnostics) engine.Diagnostics {
	if ds == nil {
		return engine.Diagnostics{}
	}
	return ds
}
