package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
)

// This file is the whole browser face except its syscall/js wiring
// (main.go): every call takes plain Go values (texts, a handle) and returns
// one JSON document, so it is tested natively by `go test ./wasm` as well as
// through the Node package. It decides no grading rule: every rule is in
// engine/.
//
// Every answer is an object with "ok" and "diagnostics" (the engine's
// Diagnostic objects, never null), plus the call's result. Decimals and
// points are JSON strings here, not numbers, because a JavaScript number
// cannot hold 19 significant digits: "97.33333333333333334"
// must reach the page as it left the engine.

// bookReader reads a gradebook of one format; file only names it in
// diagnostics.
type bookReader func(file string, data []byte) (*engine.Gradebook, engine.Diagnostics)

// bookReaders are the gradebook formats this build reads. The xlsx variant
// of the module (built with -tags xlsx, see build.sh) adds "xlsx" from a
// file of its own; the engine-only module knows json and csv.
var bookReaders = map[string]bookReader{
	"json": engine.ReadGradebookJSON,
	"csv":  engine.ReadGradebookCSV,
}

// api holds the compiled programs, keyed by the handles given to JS. JS
// calls arrive one at a time on the event loop, but the lock keeps the map
// safe should a build ever serve goroutines.
type api struct {
	mu    sync.Mutex
	next  int
	progs map[int]*engine.Program
}

func newAPI() *api { return &api{progs: map[int]*engine.Program{}} }

// result is the envelope of every answer.
type result map[string]any

// call runs fn, turning a panic into an error answer so that one bad input
// never stops the Go runtime: the module keeps serving the next call.
func (a *api) call(name string, fn func() result) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = encode(result{"ok": false, "diagnostics": engine.Diagnostics{{
				Code: "wasm/internal", Severity: engine.Error,
				Message: fmt.Sprintf("internal error in %s, please report it with the file that caused it: %v", name, r),
			}}})
		}
	}()
	r := fn()
	ds, _ := r["diagnostics"].(engine.Diagnostics)
	if ds == nil {
		ds = engine.Diagnostics{} // [] in JSON, never null
	}
	r["diagnostics"] = ds
	if _, ok := r["ok"]; !ok {
		r["ok"] = !ds.HasErrors()
	}
	return encode(r)
}

// errorResult is the answer for a misuse of the API (a released handle, an
// unknown format): no position, a stable code.
func errorResult(code, format string, args ...any) result {
	return result{"ok": false, "diagnostics": engine.Diagnostics{{Code: code, Severity: engine.Error, Message: fmt.Sprintf(format, args...)}}}
}

func (a *api) program(handle int) (*engine.Program, result) {
	a.mu.Lock()
	defer a.mu.Unlock()
	p := a.progs[handle]
	if p == nil {
		return nil, errorResult("wasm/handle", "these norms were released or never loaded (handle %d); load them again", handle)
	}
	return p, nil
}

// Version names the build: the Go version and the gradebook formats read.
func (a *api) Version() string {
	return a.call("version", func() result {
		goVersion := runtime.Version()
		formats := make([]string, 0, len(bookReaders))
		for f := range bookReaders {
			formats = append(formats, f)
		}
		sort.Strings(formats)
		return result{"go": goVersion, "formats": formats, "conduct": true}
	})
}

// Starter returns the starter norms and sample gradebook (what `norms init`
// writes), for pages that offer to try Norms without a file of their own.
func (a *api) Starter() string {
	return a.call("starter", func() result {
		return result{"norms": string(starter.NormsYAML), "gradebook": string(starter.GradebookCSV)}
	})
}

// Check loads and compiles a norms file and reports every problem.
func (a *api) Check(text, file string) string {
	return a.call("check", func() result {
		_, ds := engine.Check(orDefault(file, "norms.yaml"), []byte(text))
		return result{"diagnostics": ds}
	})
}

// Compile compiles a norms file and keeps the program under a new handle;
// with errors there is no handle and ok is false.
func (a *api) Compile(text, file string) string {
	return a.call("compile", func() result {
		p, ds := engine.Check(orDefault(file, "norms.yaml"), []byte(text))
		if p == nil {
			return result{"ok": false, "diagnostics": ds}
		}
		a.mu.Lock()
		a.next++
		h := a.next
		a.progs[h] = p
		a.mu.Unlock()
		n := p.Norms()
		return result{"handle": h, "diagnostics": ds, "team": n.Team, "date_format": p.DateFormat(),
			"categories": len(n.Grading.Categories), "flags": len(n.Flags), "examples": len(n.Examples)}
	})
}

// Release forgets a handle's program so its memory can be reclaimed.
func (a *api) Release(handle int) string {
	return a.call("release", func() result {
		a.mu.Lock()
		defer a.mu.Unlock()
		_, had := a.progs[handle]
		delete(a.progs, handle)
		return result{"released": had}
	})
}

// Handles counts the programs held, for leak tests.
func (a *api) Handles() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.progs)
}

// RunExamples runs the norms' examples, grading and conduct, in the file's
// order.
func (a *api) RunExamples(handle int) string {
	return a.call("runExamples", func() result {
		p, bad := a.program(handle)
		if bad != nil {
			return bad
		}
		exs := append([]engine.ExampleResult{}, p.RunExamples()...)
		// RunExamples may or may not include the conduct examples yet;
		// add those it left out, then restore the file's order.
		seen := map[string]bool{}
		for _, e := range exs {
			seen[e.Name] = true
		}
		for _, e := range p.RunConductExamples() {
			if !seen[e.Name] {
				exs = append(exs, e)
			}
		}
		sort.SliceStable(exs, func(i, j int) bool {
			if exs[i].Line != exs[j].Line {
				return exs[i].Line < exs[j].Line
			}
			return exs[i].Column < exs[j].Column
		})
		passed := 0
		for _, e := range exs {
			if e.Pass {
				passed++
			}
		}
		return result{"ok": true, "examples": exs, "passed": passed, "failed": len(exs) - passed}
	})
}

// readBook reads a gradebook in the given format ("" guesses json or csv
// from the first character).
func readBook(data []byte, format, file string) (*engine.Gradebook, engine.Diagnostics, result) {
	format = strings.ToLower(format)
	if format == "" {
		format = guessFormat(data)
	}
	read := bookReaders[format]
	if read == nil {
		return nil, nil, errorResult("wasm/format", "gradebooks in %q cannot be read here; use csv or json", format)
	}
	book, ds := read(orDefault(file, "gradebook."+format), data)
	return book, ds, nil
}

// guessFormat says json when the text starts with { or [ (after blanks and
// a byte order mark), csv otherwise.
func guessFormat(data []byte) string {
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return "json"
	}
	return "csv"
}

// Grade grades a whole gradebook in one call.
func (a *api) Grade(handle int, data []byte, format, file string) string {
	return a.call("grade", func() result {
		p, bad := a.program(handle)
		if bad != nil {
			return bad
		}
		t0 := time.Now()
		book, ds, bad := readBook(data, format, file)
		if bad != nil {
			return bad
		}
		if ds.HasErrors() {
			return result{"diagnostics": ds}
		}
		t1 := time.Now()
		rep, gds := p.Grade(book)
		ds = append(ds, gds...)
		if ds.HasErrors() {
			return result{"diagnostics": ds}
		}
		// Where the time goes, for the figures of the browser face: the
		// engine never reads the clock, the adapter may.
		timing := map[string]int64{"read_us": t1.Sub(t0).Microseconds(), "grade_us": time.Since(t1).Microseconds()}
		return result{"report": rep, "diagnostics": ds, "timing": timing}
	})
}

// Explain explains one student's grade (by ID or name), with the text the
// CLI prints.
func (a *api) Explain(handle int, data []byte, format, file, student string) string {
	return a.call("explain", func() result {
		p, bad := a.program(handle)
		if bad != nil {
			return bad
		}
		book, ds, bad := readBook(data, format, file)
		if bad != nil {
			return bad
		}
		if ds.HasErrors() {
			return result{"diagnostics": ds}
		}
		ex, eds := p.Explain(book, student)
		ds = append(ds, eds...)
		if ds.HasErrors() || ex == nil {
			return result{"diagnostics": ds}
		}
		return result{"explanation": ex, "text": ex.Text(), "diagnostics": ds}
	})
}

// Conduct applies the conduct norms to an incident log (csv or json);
// options is the JSON of engine.ConductOptions ({"as_of", "student"}).
func (a *api) Conduct(handle int, data []byte, format, file, options string) string {
	return a.call("conduct", func() result {
		p, bad := a.program(handle)
		if bad != nil {
			return bad
		}
		var opts engine.ConductOptions
		if strings.TrimSpace(options) != "" {
			dec := json.NewDecoder(strings.NewReader(options))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&opts); err != nil {
				return errorResult("wasm/options", "conduct options are {\"as_of\": \"YYYY-MM-DD\", \"student\": \"ID or name\"}: %v", err)
			}
		}
		format = strings.ToLower(format)
		if format == "" {
			format = guessFormat(data)
		}
		var log *engine.IncidentLog
		var ds engine.Diagnostics
		switch format {
		case "csv":
			log, ds = engine.ReadIncidentsCSV(orDefault(file, "incidents.csv"), data, p.DateFormat())
		case "json":
			log, ds = engine.ReadIncidentsJSON(orDefault(file, "incidents.json"), data, p.DateFormat())
		default:
			return errorResult("wasm/format", "conduct logs in %q cannot be read here; use csv or json", format)
		}
		if ds.HasErrors() || log == nil {
			return result{"diagnostics": ds}
		}
		rep, cds := p.Conduct(log, opts)
		ds = append(ds, cds...)
		if ds.HasErrors() || rep == nil {
			return result{"diagnostics": ds}
		}
		return result{"report": rep, "diagnostics": ds}
	})
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
