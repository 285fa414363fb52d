// Package api is the HTTP face of Norms, described once and served by two
// hosts: `norms serve --api` (cmd/norms/serve.go, net/http) and the edge
// worker (wasm/worker, the engine compiled to WebAssembly and run by
// workerd). Neither host decides anything: each turns its own request type
// into a [Request], calls [Server.Handle] and writes the [Response] back.
// That is why this package imports no net/http and no syscall/js: it is
// plain Go, compiled into the native binary and into the wasm module alike,
// so both hosts answer byte for byte the same.
//
// The endpoints, all JSON in and JSON out, are documented in docs/api.md:
//
//	GET  /v1/health    the server is up; cache and memory figures
//	POST /v1/check     {norms}: every problem of a norms file
//	POST /v1/test      {norms}: check, then run the norms' examples
//	POST /v1/grade     {norms | norms_name, gradebook | gradebook_csv}
//	POST /v1/explain   {... as grade, student}
//	POST /v1/conduct   {norms | norms_name, incidents | incidents_csv, as_of, student}
//
// Every problem with the norms or the data is answered 400 with
// {"error": "...", "diagnostics": [...]}, the engine's own Diagnostic
// objects, positioned exactly as the CLI positions them. Bodies over the
// size limit get 413, requests over the work limit (students x assignments,
// incidents) 413 too, failing examples 422, a wrong path 404 and a wrong
// method 405. A 500 means a bug in Norms, never a bad input: Handle
// recovers every panic into one.
//
// Norms texts are compiled once and kept, by the SHA-256 of their text, in
// a bounded LRU cache, so a client that sends the same norms with every
// request pays for compiling them once. Norms bound at deploy time by name
// (Options.NamedNorms) are compiled by New and never evicted.
package api

import (
	"container/list"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/internal/reportjson"
)

// Request is an HTTP request as the hosts hand it over: the body already
// read (at most MaxBodyBytes+1 bytes of it, see Server.Handle) and the
// header names in any case.
type Request struct {
	Method  string
	Path    string // may carry a query string, which is ignored
	Body    []byte
	Headers map[string]string
}

// Response is what the host writes back: the status, the headers (names
// in their canonical case) and the body, always JSON except for 204.
type Response struct {
	Status  int
	Headers map[string]string
	Body    []byte
}

// Options configure a Server. The zero value is usable: every limit then
// takes its default.
type Options struct {
	// MaxBodyBytes bounds a request body (default 5 MB, 5,000,000 bytes).
	MaxBodyBytes int64
	// MaxCells bounds the work of one grade or explain request: students
	// x assignments of its gradebook (default 250,000, such as 2,500
	// students x 100 assignments, about 0.1 s of grading).
	MaxCells int
	// MaxIncidents bounds the incidents of one conduct request (default
	// 50,000).
	MaxIncidents int
	// NamedNorms are norms bound at deploy time: name -> norms text.
	// Requests name one with "norms_name" instead of sending "norms".
	NamedNorms map[string]string
	// CORSOrigin, if set, is sent as Access-Control-Allow-Origin ("*" or
	// one origin) and preflight requests (OPTIONS) are answered.
	CORSOrigin string
	// CacheSize is how many compiled norms texts are kept (default 64; a
	// negative size keeps none).
	CacheSize int
	// Version is reported by /v1/health; empty means the module version.
	Version string
}

// Defaults of Options.
const (
	DefaultMaxBodyBytes = 5_000_000
	DefaultMaxCells     = 250_000
	DefaultMaxIncidents = 50_000
	DefaultCacheSize    = 64
)

// Server answers API requests. It is safe for concurrent use.
type Server struct {
	opts  Options
	named map[string]*engine.Program
	cache *lru
}

// New returns a server with opts, compiling every named norms text first:
// norms bound at deploy time that do not compile are a deployment mistake,
// reported here with every problem, not to the first client.
func New(opts Options) (*Server, error) {
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.MaxCells <= 0 {
		opts.MaxCells = DefaultMaxCells
	}
	if opts.MaxIncidents <= 0 {
		opts.MaxIncidents = DefaultMaxIncidents
	}
	if opts.CacheSize == 0 {
		opts.CacheSize = DefaultCacheSize
	}
	if opts.Version == "" {
		opts.Version = moduleVersion()
	}
	s := &Server{opts: opts, named: map[string]*engine.Program{}, cache: newLRU(opts.CacheSize)}
	for _, name := range sortedNames(opts.NamedNorms) {
		prog, ds := engine.Check(name, []byte(opts.NamedNorms[name]))
		if prog == nil {
			return nil, fmt.Errorf("named norms %q do not compile:\n%s", name, ds.Error())
		}
		s.named[name] = prog
	}
	return s, nil
}

// MaxBodyBytes is the body limit in force; hosts read at most one byte more.
func (s *Server) MaxBodyBytes() int64 { return s.opts.MaxBodyBytes }

// apiError is an answer other than 200: its status, a message, and the
// diagnostics behind it, if any.
type apiError struct {
	status int
	msg    string
	diags  engine.Diagnostics
	allow  string // the Allow header of a 405
}

func (e *apiError) Error() string { return e.msg }

func fail(status int, format string, args ...any) *apiError {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...)}
}

// badInput is the 400 of norms or data with error diagnostics. The message
// is the first error, so that a client that shows only "error" still shows
// something a teacher can act on.
func badInput(ds engine.Diagnostics) *apiError {
	msg := "the request has errors"
	n := 0
	for _, d := range ds {
		if d.Severity != engine.Error {
			continue
		}
		if n == 0 {
			d.Snippet = ""
			msg = d.Error()
		}
		n++
	}
	if n > 1 {
		msg += fmt.Sprintf(" (and %d more problems, see diagnostics)", n-1)
	}
	return &apiError{status: 400, msg: msg, diags: ds}
}

// endpoint is one route: its method and what it does with the body.
type endpoint struct {
	method string
	run    func(s *Server, body []byte) (status int, out any, err *apiError)
}

var endpoints = map[string]endpoint{
	"/v1/health":  {"GET", (*Server).health},
	"/v1/check":   {"POST", (*Server).check},
	"/v1/test":    {"POST", (*Server).test},
	"/v1/grade":   {"POST", (*Server).grade},
	"/v1/explain": {"POST", (*Server).explain},
	"/v1/conduct": {"POST", (*Server).conduct},
}

// Handle answers one request. It never panics: a panic inside (a bug) is
// answered 500 with its message, and the server keeps serving.
//
// Hosts read at most MaxBodyBytes+1 bytes of the body: a longer body is
// answered 413 without being looked at, and so is one whose Content-Length
// header already says it is too long (the host may then pass no body at
// all, and should not read it).
func (s *Server) Handle(req Request) (resp Response) {
	defer func() {
		if r := recover(); r != nil {
			resp = s.respond(500, errorBody{Error: fmt.Sprintf("internal error, please report it with the request that caused it: %v", r)}, "")
		}
	}()
	path, _, _ := strings.Cut(req.Path, "?")
	ep, ok := endpoints[path]
	if !ok {
		return s.respond(404, errorBody{Error: fmt.Sprintf("no endpoint %s; the endpoints are %s", path, strings.Join(endpointNames(), ", "))}, "")
	}
	method := strings.ToUpper(req.Method)
	if method == "OPTIONS" {
		return s.preflight(ep)
	}
	if method == "HEAD" && ep.method == "GET" {
		method = "GET"
	}
	if method != ep.method {
		return s.respond(405, errorBody{Error: fmt.Sprintf("%s takes %s, not %s", path, ep.method, req.Method)}, ep.method+", OPTIONS")
	}
	if n, ok := contentLength(req.Headers); ok && n > s.opts.MaxBodyBytes || int64(len(req.Body)) > s.opts.MaxBodyBytes {
		return s.respond(413, errorBody{Error: fmt.Sprintf("the request body is over the limit of %d bytes", s.opts.MaxBodyBytes)}, "")
	}
	status, out, err := ep.run(s, req.Body)
	if err != nil {
		return s.respond(err.status, errorBody{Error: err.msg, Diagnostics: err.diags}, err.allow)
	}
	return s.respond(status, out, "")
}

// errorBody is the body of every answer that is not a success.
type errorBody struct {
	Error       string             `json:"error"`
	Diagnostics engine.Diagnostics `json:"diagnostics,omitempty"`
}

func (s *Server) respond(status int, body any, allow string) Response {
	h := map[string]string{
		"Content-Type":           "application/json; charset=utf-8",
		"Cache-Control":          "no-store",
		"X-Content-Type-Options": "nosniff",
	}
	if allow != "" {
		h["Allow"] = allow
	}
	s.cors(h)
	// The engine's results marshal exact numbers as strings themselves, so
	// every face writes the same JSON with plain encoding/json; the bodies
	// of grade and of errors write that same JSON themselves, through
	// internal/reportjson, because encoding/json's reflection was a quarter
	// of a /v1/grade in WebAssembly.
	var b []byte
	if a, ok := body.(jsonAppender); ok {
		b = a.appendJSON(make([]byte, 0, a.sizeHint()))
	} else {
		var err error
		if b, err = json.Marshal(body); err != nil {
			b = []byte(`{"error":"internal error: the response could not be encoded"}`)
			status = 500
		}
	}
	return Response{Status: status, Headers: h, Body: append(b, '\n')}
}

// jsonAppender is a body that writes its own JSON: byte for byte what
// json.Marshal writes for it (TestBodiesAreJSONMarshal), only faster.
type jsonAppender interface {
	appendJSON(b []byte) []byte
	// sizeHint is about the length of the JSON, so it is written into one
	// buffer, not grown and copied as it goes.
	sizeHint() int
}

func (e errorBody) appendJSON(b []byte) []byte {
	b = append(b, `{"error":`...)
	b = reportjson.AppendString(b, e.Error)
	if len(e.Diagnostics) > 0 { // omitempty
		b = append(b, `,"diagnostics":`...)
		b = reportjson.AppendDiagnostics(b, e.Diagnostics)
	}
	return append(b, '}')
}

func (e errorBody) sizeHint() int { return 256 + 256*len(e.Diagnostics) }

func (s *Server) cors(h map[string]string) {
	if s.opts.CORSOrigin == "" {
		return
	}
	h["Access-Control-Allow-Origin"] = s.opts.CORSOrigin
	if s.opts.CORSOrigin != "*" {
		h["Vary"] = "Origin"
	}
}

// preflight answers OPTIONS: 204 with what the endpoint allows.
func (s *Server) preflight(ep endpoint) Response {
	h := map[string]string{"Allow": ep.method + ", OPTIONS"}
	if s.opts.CORSOrigin != "" {
		s.cors(h)
		h["Access-Control-Allow-Methods"] = ep.method + ", OPTIONS"
		h["Access-Control-Allow-Headers"] = "Content-Type"
		h["Access-Control-Max-Age"] = "86400"
	}
	return Response{Status: 204, Headers: h}
}

// contentLength reads the Content-Length header, in any case.
func contentLength(h map[string]string) (int64, bool) {
	for k, v := range h {
		if strings.EqualFold(k, "Content-Length") {
			n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

func endpointNames() []string {
	var out []string
	for p, ep := range endpoints {
		out = append(out, ep.method+" "+p)
	}
	sort.Strings(out)
	return out
}

func sortedNames(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// program returns the compiled norms a request names: named norms, or a
// text compiled once and then taken from the cache. Norms with errors are
// a 400 with every diagnostic; warnings come back with the program.
func (s *Server) program(ref normsRef) (*engine.Program, engine.Diagnostics, *apiError) {
	switch {
	case ref.NormsName != "" && ref.Norms != nil:
		return nil, nil, fail(400, `give either "norms" (the text of a norms file) or "norms_name", not both`)
	case ref.NormsName != "":
		prog, ok := s.named[ref.NormsName]
		if !ok {
			names := sortedNames(s.opts.NamedNorms)
			if len(names) == 0 {
				return nil, nil, fail(400, "no norms are bound by name on this server; send the norms text as \"norms\"")
			}
			return nil, nil, fail(400, "no norms are named %q here; the names are %s", ref.NormsName, strings.Join(names, ", "))
		}
		return prog, nil, nil
	case ref.Norms == nil:
		return nil, nil, fail(400, `the request has no norms: send the text of a norms file as "norms" (YAML or JSON, as a JSON string)`)
	}
	prog, ds := s.cache.get(*ref.Norms)
	if prog == nil {
		return nil, nil, badInput(ds)
	}
	return prog, ds, nil
}

// Stats are the figures /v1/health reports.
type Stats struct {
	CacheEntries  int    `json:"cache_entries"`
	CacheCapacity int    `json:"cache_capacity"`
	CacheHits     uint64 `json:"cache_hits"`
	CacheMisses   uint64 `json:"cache_misses"`
	// Go's memory, from runtime.ReadMemStats: the heap in use, and all the
	// memory the Go runtime holds from the system (under wasm, close to
	// the module's linear memory).
	HeapAlloc  uint64 `json:"heap_alloc_bytes"`
	HeapSys    uint64 `json:"heap_sys_bytes"`
	Sys        uint64 `json:"sys_bytes"`
	NumGC      uint32 `json:"num_gc"`
	Goroutines int    `json:"goroutines"`
}

// Stats returns the server's cache and memory figures.
func (s *Server) Stats() Stats {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	st := Stats{HeapAlloc: ms.HeapAlloc, HeapSys: ms.HeapSys, Sys: ms.Sys, NumGC: ms.NumGC, Goroutines: runtime.NumGoroutine()}
	st.CacheEntries, st.CacheCapacity, st.CacheHits, st.CacheMisses = s.cache.stats()
	return st
}

func moduleVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// lru is the cache of compiled norms, keyed by the SHA-256 of their text.
// Texts with errors are kept too (with their diagnostics), so a client that
// resends a broken file does not make the server compile it again.
type lru struct {
	mu           sync.Mutex
	capacity     int
	order        *list.List // front: most recently used
	items        map[[32]byte]*list.Element
	hits, misses uint64
	// last is the text last looked up and found (or added), and its
	// element: a client sends the same norms with every request, and
	// comparing the text is much cheaper than hashing it (SHA-256 was 5%
	// of a warm /v1/grade in WebAssembly). It holds one text, whatever
	// its size, and is checked against items, so an evicted entry is
	// never returned.
	last   string
	lastEl *list.Element
}

type lruEntry struct {
	key   [32]byte
	prog  *engine.Program
	diags engine.Diagnostics
}

func newLRU(capacity int) *lru {
	return &lru{capacity: max(capacity, 0), order: list.New(), items: map[[32]byte]*list.Element{}}
}

// normsFile names a norms text sent in a request, in its diagnostics.
const normsFile = "norms.yaml"

// get returns the compiled text, compiling it on a miss. Compiling happens
// outside the lock, so a slow compile never holds up other requests; two
// requests that miss on the same text at once both compile it, and the
// second result replaces the first (they are equal).
func (c *lru) get(text string) (*engine.Program, engine.Diagnostics) {
	c.mu.Lock()
	last, el := c.last, c.lastEl
	c.mu.Unlock()
	// The comparison (of up to MaxBodyBytes) is made outside the lock.
	if el != nil && text == last {
		c.mu.Lock()
		if e := el.Value.(*lruEntry); c.items[e.key] == el {
			c.order.MoveToFront(el)
			c.hits++
			c.mu.Unlock()
			return e.prog, e.diags
		}
		c.mu.Unlock()
	}
	key := sha256.Sum256([]byte(text))
	c.mu.Lock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		c.hits++
		c.last, c.lastEl = text, el
		e := el.Value.(*lruEntry)
		c.mu.Unlock()
		return e.prog, e.diags
	}
	c.misses++
	c.mu.Unlock()

	prog, ds := engine.Check(normsFile, []byte(text))
	if c.capacity == 0 {
		return prog, ds
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.MoveToFront(el)
		return prog, ds
	}
	el = c.order.PushFront(&lruEntry{key: key, prog: prog, diags: ds})
	c.items[key] = el
	c.last, c.lastEl = text, el
	for c.order.Len() > c.capacity {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*lruEntry).key)
	}
	return prog, ds
}

func (c *lru) stats() (entries, capacity int, hits, misses uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len(), c.capacity, c.hits, c.misses
}
