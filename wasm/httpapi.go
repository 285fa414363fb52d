//go:build js && wasm && worker

// Built only with -tags worker (wasm/worker/build.sh): the browser module
// has no use for the HTTP layer and does not carry its bytes.

package main

// This file exposes the HTTP API (package api, docs/api.md) to JavaScript,
// for the edge worker (wasm/worker/worker.mjs): the worker turns each
// fetch into one call of
//
//	globalThis.__normsAPI.handle(method, path, body, contentLength)
//	  -> {status: number, headers: string (a JSON object), body: Uint8Array}
//
// (body: the request's bytes as a Uint8Array, or its text; contentLength:
// the Content-Length header's value, the one header Go reads, or null) and
// builds its Response from the answer, so the worker and `norms serve
// --api` answer from the same Go code. The headers string is the same
// text for every answer with the same headers, so the worker parses each
// distinct one once. configure(options), called once before the first
// handle, sets the options a deployment binds, as a JS object (read
// field by field, so starting the worker never runs encoding/json) or as
// its JSON text:
//
//	{"cors_origin": "*", "max_body_bytes": 5000000, "cache_size": 64,
//	 "named_norms": {"grade7": "norms: 1\n..."}}
//	  -> {ok: true, max_body_bytes} or {ok: false, error}
//
// warmUp() -> [status, status] runs typical requests on a server of its
// own, so that their code is compiled (see warmUp, and worker/warmup.mjs).
//
// The call is synchronous: Go runs the request to its end inside handle
// and returns the answer, never waiting on a JS timer or promise, so a
// request costs one turn of the host's event loop. The request's body
// crosses once (js.CopyBytesToGo) and so does the answer's
// (js.CopyBytesToJS into a new Uint8Array), never as a JS string.
//
// It is set in init, before main (wasm/main.go) parks the program with
// select{}, so it is there as soon as Go.run has started the module. The
// package api is imported as normsapi because this package has an api
// type of its own (api.go, the browser face).

import (
	"encoding/json"
	"fmt"
	"sync"
	"syscall/js"

	normsapi "github.com/teamnorms/norms/api"
	"github.com/teamnorms/norms/engine/starter"
	"github.com/teamnorms/norms/internal/reportjson"
)

var (
	uint8Array = js.Global().Get("Uint8Array")
	object     = js.Global().Get("Object")
)

func init() {
	h := &httpAPI{}
	obj := object.New()
	obj.Set("handle", js.FuncOf(h.handle))
	obj.Set("configure", js.FuncOf(h.configure))
	obj.Set("warmUp", js.FuncOf(warmUp))
	js.Global().Set("__normsAPI", obj)
}

// warmBook is a small class in the starter norms' categories, with the
// kinds of scores a real one has (points, a fraction, late, missing,
// excused, blank), for warmUp.
const warmBook = `{"assignments": [{"name": "HW 1", "category": "Homework", "possible": 10},
 {"name": "Quiz 1", "category": "Quizzes", "possible": "20"}, {"name": "Test 1", "category": "Tests", "possible": 100, "due": "2025-09-30"}],
 "students": [{"id": "1", "name": "Ana", "scores": {"HW 1": "9", "Quiz 1": "17/20", "Test 1": "85 late 2"}},
 {"id": "2", "name": "Ben", "scores": {"HW 1": "M", "Quiz 1": "EX", "Test 1": null}}]}`

// warmUp runs the code of typical requests once, on a server of its own,
// and returns the statuses of its answers. worker.mjs calls it on a
// throwaway instance of the module when workerd loads the worker: the
// machine code V8 compiles for the module's functions (lazily, at their
// first call) is shared by every instance of the module, so the instance
// that then serves the first request finds it compiled. Grading the
// starter norms compiles the norms (YAML, expressions), reads a JSON and
// a CSV gradebook, grades and writes the report, which is most of a first
// /v1/grade's code.
func warmUp(_ js.Value, _ []js.Value) any {
	srv, _ := normsapi.New(normsapi.Options{}) // no named norms: cannot fail
	norms := reportjson.AppendString(nil, string(starter.NormsYAML))
	withJSON := append(append(append([]byte(`{"norms":`), norms...), `,"gradebook":`...), warmBook+"}"...)
	withCSV := append(append(append([]byte(`{"norms":`), norms...), `,"gradebook_csv":`...), reportjson.AppendString(nil, string(starter.GradebookCSV))...)
	withCSV = append(withCSV, '}')
	out := js.Global().Get("Array").New()
	for _, body := range [][]byte{withJSON, withCSV} {
		out.Call("push", srv.Handle(normsapi.Request{Method: "POST", Path: "/v1/grade", Body: body}).Status)
	}
	return out
}

// httpAPI holds the one api.Server of the module, made by configure or, if
// the host never calls it, with the default options on the first request.
type httpAPI struct {
	mu  sync.Mutex
	srv *normsapi.Server
}

// httpOptions is the JSON form of the options configure takes.
type httpOptions struct {
	CORSOrigin   string            `json:"cors_origin"`
	MaxBodyBytes int64             `json:"max_body_bytes"`
	CacheSize    int               `json:"cache_size"`
	MaxCells     int               `json:"max_cells"`
	MaxIncidents int               `json:"max_incidents"`
	NamedNorms   map[string]string `json:"named_norms"`
}

// optionsOf reads the options from a JS object, as encoding/json would
// read its JSON text: absent and null fields keep their zero value, and a
// field of the wrong type is an error.
func optionsOf(v js.Value) (o httpOptions, err error) {
	str := func(name string) string {
		f := v.Get(name)
		switch f.Type() {
		case js.TypeUndefined, js.TypeNull:
			return ""
		case js.TypeString:
			return f.String()
		}
		if err == nil {
			err = fmt.Errorf("%q must be a string, not %s", name, f.Type())
		}
		return ""
	}
	num := func(name string) int64 {
		f := v.Get(name)
		switch f.Type() {
		case js.TypeUndefined, js.TypeNull:
			return 0
		case js.TypeNumber:
			if n := f.Float(); n == float64(int64(n)) {
				return int64(n)
			}
		}
		if err == nil {
			err = fmt.Errorf("%q must be a whole number, not %s", name, js.Global().Get("String").Invoke(f).String())
		}
		return 0
	}
	o.CORSOrigin = str("cors_origin")
	o.MaxBodyBytes = num("max_body_bytes")
	o.CacheSize = int(num("cache_size"))
	o.MaxCells = int(num("max_cells"))
	o.MaxIncidents = int(num("max_incidents"))
	switch named := v.Get("named_norms"); named.Type() {
	case js.TypeUndefined, js.TypeNull:
	case js.TypeObject:
		keys := object.Call("keys", named)
		o.NamedNorms = make(map[string]string, keys.Length())
		for i := range keys.Length() {
			k := keys.Index(i).String()
			t := named.Get(k)
			if t.Type() != js.TypeString {
				return o, fmt.Errorf("named_norms[%q] must be the text of a norms file, not %s", k, t.Type())
			}
			o.NamedNorms[k] = t.String()
		}
	default:
		return o, fmt.Errorf(`"named_norms" must be an object of name -> norms text, not %s`, named.Type())
	}
	return o, err
}

func (h *httpAPI) configure(_ js.Value, args []js.Value) (out any) {
	answer := func(err error) any {
		o := object.New()
		o.Set("ok", err == nil)
		if err != nil {
			o.Set("error", err.Error())
		} else {
			o.Set("max_body_bytes", h.srv.MaxBodyBytes())
		}
		return o
	}
	defer func() {
		if r := recover(); r != nil {
			out = answer(fmt.Errorf("internal error in configure: %v", r))
		}
	}()
	var o httpOptions
	if len(args) > 0 {
		switch a := args[0]; a.Type() {
		case js.TypeObject:
			var err error
			if o, err = optionsOf(a); err != nil {
				return answer(fmt.Errorf("the options are not valid: %v", err))
			}
		case js.TypeString:
			if a.String() != "" {
				if err := json.Unmarshal([]byte(a.String()), &o); err != nil {
					return answer(fmt.Errorf("the options are not valid JSON: %v", err))
				}
			}
		}
	}
	srv, err := normsapi.New(normsapi.Options{CORSOrigin: o.CORSOrigin, MaxBodyBytes: o.MaxBodyBytes, CacheSize: o.CacheSize,
		MaxCells: o.MaxCells, MaxIncidents: o.MaxIncidents, NamedNorms: o.NamedNorms})
	if err != nil {
		return answer(err)
	}
	h.mu.Lock()
	h.srv = srv
	h.mu.Unlock()
	return answer(nil)
}

func (h *httpAPI) server() *normsapi.Server {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.srv == nil {
		h.srv, _ = normsapi.New(normsapi.Options{}) // no named norms: cannot fail
	}
	return h.srv
}

// headersJSON writes headers as a JSON object, keys sorted: the same
// headers give the same text, which the worker parses once and reuses.
func headersJSON(h map[string]string) string {
	b, _ := appendObject(make([]byte, 0, 256), h, func(b []byte, v string) ([]byte, error) {
		return reportjson.AppendString(b, v), nil
	})
	return string(b)
}

func (h *httpAPI) handle(_ js.Value, args []js.Value) (out any) {
	answer := func(resp normsapi.Response) any {
		o := object.New()
		o.Set("status", resp.Status)
		o.Set("headers", headersJSON(resp.Headers))
		b := uint8Array.New(len(resp.Body))
		js.CopyBytesToJS(b, resp.Body)
		o.Set("body", b)
		return o
	}
	defer func() {
		// Handle recovers its own panics; this catches those of reading
		// the arguments, so the module keeps serving either way.
		if r := recover(); r != nil {
			msg := reportjson.AppendString([]byte(`{"error":`), fmt.Sprintf("internal error in the worker glue: %v", r))
			out = answer(normsapi.Response{Status: 500, Headers: map[string]string{"Content-Type": "application/json; charset=utf-8"}, Body: append(msg, "}\n"...)})
		}
	}()
	text := func(i int) string {
		if i < len(args) && args[i].Type() == js.TypeString {
			return args[i].String()
		}
		return ""
	}
	var headers map[string]string
	if cl := text(3); cl != "" {
		headers = map[string]string{"Content-Length": cl}
	}
	// The body comes as bytes (a Uint8Array, one copy into Go) or as text.
	var body []byte
	if len(args) > 2 && args[2].Type() == js.TypeObject && args[2].InstanceOf(uint8Array) {
		body = make([]byte, args[2].Length())
		js.CopyBytesToGo(body, args[2])
	} else {
		body = []byte(text(2))
	}
	req := normsapi.Request{Method: text(0), Path: text(1), Body: body, Headers: headers}
	return answer(h.server().Handle(req))
}
