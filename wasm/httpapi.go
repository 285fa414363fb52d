//go:build js && wasm && worker

// Built only with -tags worker (wasm/worker/build.sh): the browser module
// has no use for the HTTP layer and does not carry its bytes.

package main

// This file exposes the HTTP API (package api, docs/api.md) to JavaScript,
// for the edge worker (wasm/worker/worker.mjs): the worker turns each
// fetch into one call of
//
//	globalThis.__normsAPI.handle(method, path, body, headersJSON)
//	  -> {status: number, headers: string (a JSON object), body: Uint8Array}
//
// (body: the request's bytes as a Uint8Array, or its text; headersJSON:
// the headers Go reads, today Content-Length alone, or "") and builds its
// Response from the answer, so the worker and `norms serve
// --api` answer from the same Go code. configure(optionsJSON), called once
// before the first handle, sets the options a deployment binds:
//
//	{"cors_origin": "*", "max_body_bytes": 5000000, "cache_size": 64,
//	 "named_norms": {"grade7": "norms: 1\n..."}}
//	  -> {ok: true, max_body_bytes} or {ok: false, error}
//
// The call is synchronous: Go runs the request to its end inside handle
// and returns the answer, never waiting on a JS timer or promise, so a
// request costs one turn of the host's event loop. The answer's body is
// the bytes Go wrote (one copy into a new Uint8Array), never decoded into a
// JS string and encoded again.
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
)

var uint8Array = js.Global().Get("Uint8Array")

func init() {
	h := &httpAPI{}
	obj := js.Global().Get("Object").New()
	obj.Set("handle", js.FuncOf(h.handle))
	obj.Set("configure", js.FuncOf(h.configure))
	js.Global().Set("__normsAPI", obj)
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

func (h *httpAPI) configure(_ js.Value, args []js.Value) (out any) {
	answer := func(err error) any {
		o := js.Global().Get("Object").New()
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
	if len(args) > 0 && args[0].Type() == js.TypeString && args[0].String() != "" {
		if err := json.Unmarshal([]byte(args[0].String()), &o); err != nil {
			return answer(fmt.Errorf("the options are not valid JSON: %v", err))
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

func (h *httpAPI) handle(_ js.Value, args []js.Value) (out any) {
	answer := func(resp normsapi.Response) any {
		hdr, _ := json.Marshal(resp.Headers)
		o := js.Global().Get("Object").New()
		o.Set("status", resp.Status)
		o.Set("headers", string(hdr))
		b := uint8Array.New(len(resp.Body))
		js.CopyBytesToJS(b, resp.Body)
		o.Set("body", b)
		return o
	}
	defer func() {
		// Handle recovers its own panics; this catches those of reading
		// the arguments, so the module keeps serving either way.
		if r := recover(); r != nil {
			msg, _ := json.Marshal(map[string]string{"error": fmt.Sprintf("internal error in the worker glue: %v", r)})
			out = answer(normsapi.Response{Status: 500, Headers: map[string]string{"Content-Type": "application/json; charset=utf-8"}, Body: msg})
		}
	}()
	text := func(i int) string {
		if i < len(args) && args[i].Type() == js.TypeString {
			return args[i].String()
		}
		return ""
	}
	var headers map[string]string
	if hj := text(3); hj != "" {
		if err := json.Unmarshal([]byte(hj), &headers); err != nil {
			panic(fmt.Sprintf("headers are not a JSON object of strings: %v", err))
		}
	}
	// The body comes as bytes (a Uint8Array, one copy into Go) or as text.
	var body []byte
	if len(args) > 2 && args[2].Type() == js.TypeObject && args[2].InstanceOf(uint8Array) {
		body = make([]byte, args[2].Get("length").Int())
		js.CopyBytesToGo(body, args[2])
	} else {
		body = []byte(text(2))
	}
	req := normsapi.Request{Method: text(0), Path: text(1), Body: body, Headers: headers}
	return answer(h.server().Handle(req))
}
