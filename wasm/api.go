package main

import (
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

// bookReader reads a gradebook of one format with the norms that will
// grade it (an .xlsx gradebook is read by the layout of their gradebook:
// section); file only names it in diagnostics. The locator it returns
// places the diagnostics of grading the book in the file (a workbook's
// cells); nil when they are placed already.
type bookReader func(p *engine.Program, file string, data []byte) (*engine.Gradebook, locator, engine.Diagnostics)

// locator: see bookReader.
type locator func(engine.Diagnostics) engine.Diagnostics

// bookReaders are the gradebook formats this build reads. The xlsx variant
// of the module (built with -tags xlsx, see build.sh) adds "xlsx" from a
// file of its own (xlsx.go); the engine-only module knows json and csv.
var bookReaders = map[string]bookReader{
	"json": func(_ *engine.Program, file string, data []byte) (*engine.Gradebook, locator, engine.Diagnostics) {
		book, ds := engine.ReadGradebookJSON(file, data)
		return book, nil, ds
	},
	"csv": func(_ *engine.Program, file string, data []byte) (*engine.Gradebook, locator, engine.Diagnostics) {
		book, ds := engine.ReadGradebookCSV(file, data)
		return book, nil, ds
	},
}

// FillOptions are the options of Fill, as JS gives them (JSON): those of
// `norms fill` that make sense without files.
type FillOptions struct {
	// Formulas writes live Excel formulas where the norms allow it
	// (--formulas).
	Formulas bool `json:"formulas"`
	// Explain adds the Explain sheet (--explain).
	Explain bool `json:"explain"`
	// Date is the date on the Norms sheet, YYYY-MM-DD (--date); the page
	// passes the teacher's local date, and the module's clock (UTC) is
	// read only when it is left out.
	Date string `json:"date"`
	// CategoryMap gives Canvas assignments their categories, each rule
	// written PATTERN=CATEGORY (--category-map).
	CategoryMap []string `json:"category_map"`
	// NormsFile names the norms file on the Norms sheet (default: the
	// name the norms were compiled under, norms.yaml unless given).
	NormsFile string `json:"norms_file"`
}

// workbookFiller fills an .xlsx workbook as `norms fill` does and returns
// the answer and the filled workbook's bytes (nil on error). The xlsx
// build sets it (xlsx.go); in the engine-only build it is nil and Fill
// says which module to load.
var workbookFiller func(p *engine.Program, normsText []byte, data []byte, file string, opts FillOptions) (result, []byte)

// teamReporter builds the team report as `norms report` does (report.go,
// in the xlsx build only: package report brings html/template and
// crypto/sha256, more than the engine-only module's size budget has to
// spare, and a team's books are often workbooks anyway). In the
// engine-only build it is nil and Report says which module to load.
var teamReporter func(a *api, handle int, input string, files [][]byte) result

// api holds the compiled programs, keyed by the handles given to JS. JS
// calls arrive one at a time on the event loop, but the lock keeps the map
// safe should a build ever serve goroutines.
type api struct {
	mu    sync.Mutex
	next  int
	progs map[int]*engine.Program
	// sources are the norms files the programs were compiled from: fill
	// writes their name and SHA-256 on the Norms sheet.
	sources map[int]normsSource
}

// normsSource is a norms file as it was compiled: its name and text.
type normsSource struct {
	file string
	text []byte
}

func newAPI() *api { return &api{progs: map[int]*engine.Program{}, sources: map[int]normsSource{}} }

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
		return result{"go": runtime.Version(), "formats": formats(), "conduct": true, "fill": workbookFiller != nil}
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
		file = orDefault(file, "norms.yaml")
		p, ds := engine.Check(file, []byte(text))
		if p == nil {
			return result{"ok": false, "diagnostics": ds}
		}
		a.mu.Lock()
		a.next++
		h := a.next
		a.progs[h] = p
		a.sources[h] = normsSource{file: file, text: []byte(text)}
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
		delete(a.sources, handle)
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

// The largest gradebook the module grades at once. A book of 100,000
// students x 10 assignments took the module to 413 MiB of memory in Node
// (reading, grading and the JSON answer), 20,000 x 250 to 223 MiB, and a
// browser gives a module at most 4 GB (often less): a book much past these
// limits stopped the Go program (out of memory) instead of getting an
// answer. A district's export of 20,000 students x 60 assignments is well
// within them; the command-line tool has no such limit.
const (
	maxBookStudents = 100_000
	maxBookScores   = 5_000_000
)

// readBook reads a gradebook in the given format ("" guesses it from the
// file name's extension, else the first bytes) for the program p, and
// returns the name its diagnostics carry and a function that places the
// diagnostics of grading it (named, and at their cells in a workbook).
func readBook(p *engine.Program, data []byte, format, file string) (*engine.Gradebook, engine.Diagnostics, func(engine.Diagnostics) engine.Diagnostics, result) {
	format = strings.ToLower(format)
	if format == "" {
		format = engine.FileFormat(file, data)
	}
	read := bookReaders[format]
	if read == nil && format == "xlsx" {
		return nil, nil, nil, errorResult("wasm/no-xlsx", "this is an Excel workbook (.xlsx), and this build of the module reads only CSV and JSON gradebooks; load the module with xlsx (Norms.load(text, {module: 'xlsx'})) or save the sheet as CSV")
	}
	if read == nil {
		return nil, nil, nil, errorResult("wasm/format", "gradebooks in %q cannot be read here; use %s", format, strings.Join(formats(), " or "))
	}
	file = orDefault(file, "gradebook."+format)
	book, locate, ds := read(p, file, data)
	if book != nil && !ds.HasErrors() {
		if n, scores := len(book.Students), len(book.Students)*max(len(book.Assignments), 1); n > maxBookStudents || scores > maxBookScores {
			return nil, nil, nil, errorResult("wasm/too-large", "%s has %d students and %d assignments; in the browser Norms grades at most %d students and %d scores at once, to stay within the memory a browser gives it: split the gradebook (by class section, say) or use the norms command-line tool",
				file, n, len(book.Assignments), maxBookStudents, maxBookScores)
		}
	}
	place := func(ds engine.Diagnostics) engine.Diagnostics {
		if locate != nil {
			ds = locate(ds)
		}
		return named(ds, file)
	}
	return book, ds, place, nil
}

// named gives the diagnostics without a file the file's name, as the
// CLI's printDiagnostics does: problems found while reading a file are
// about it (the engine's grading and explaining leave
// the file to their caller: "no student has the ID" is about the book).
func named(ds engine.Diagnostics, file string) engine.Diagnostics {
	for i := range ds {
		if ds[i].File == "" {
			ds[i].File = file
		}
	}
	return ds
}

// formats are the gradebook formats of this build, sorted.
func formats() []string {
	fs := make([]string, 0, len(bookReaders))
	for f := range bookReaders {
		fs = append(fs, f)
	}
	sort.Strings(fs)
	return fs
}

// Grade grades a whole gradebook in one call.
func (a *api) Grade(handle int, data []byte, format, file string) string {
	return a.call("grade", func() result {
		p, bad := a.program(handle)
		if bad != nil {
			return bad
		}
		t0 := time.Now()
		book, ds, place, bad := readBook(p, data, format, file)
		if bad != nil {
			return bad
		}
		if ds.HasErrors() {
			return result{"diagnostics": ds}
		}
		t1 := time.Now()
		rep, gds := p.Grade(book)
		ds = append(ds, place(gds)...)
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
		book, ds, place, bad := readBook(p, data, format, file)
		if bad != nil {
			return bad
		}
		if ds.HasErrors() {
			return result{"diagnostics": ds}
		}
		ex, eds := p.Explain(book, student)
		ds = append(ds, place(eds)...)
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
			format = engine.FileFormat(file, data)
		}
		var log *engine.IncidentLog
		var ds engine.Diagnostics
		file = orDefault(file, "incidents."+format)
		switch format {
		case "csv":
			log, ds = engine.ReadIncidentsCSV(file, data, p.DateFormat())
		case "json":
			log, ds = engine.ReadIncidentsJSON(file, data, p.DateFormat())
		default:
			return errorResult("wasm/format", "conduct logs in %q cannot be read here; use csv or json", format)
		}
		if ds.HasErrors() || log == nil {
			return result{"diagnostics": ds}
		}
		rep, cds := p.Conduct(log, opts)
		ds = append(ds, named(cds, file)...)
		if ds.HasErrors() || rep == nil {
			return result{"diagnostics": ds}
		}
		return result{"report": rep, "diagnostics": ds}
	})
}

// Fill fills an .xlsx workbook with the results of the norms of handle,
// as `norms fill` does: the answer, and the filled workbook's bytes (nil
// when there is no workbook to give). options is the JSON of FillOptions.
// Only the xlsx build fills; the engine-only build answers wasm/no-xlsx.
func (a *api) Fill(handle int, data []byte, file, options string) (answer string, filled []byte) {
	answer = a.call("fill", func() result {
		p, bad := a.program(handle)
		if bad != nil {
			return bad
		}
		var opts FillOptions
		if strings.TrimSpace(options) != "" {
			dec := json.NewDecoder(strings.NewReader(options))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&opts); err != nil {
				return errorResult("wasm/options", "fill options are {\"formulas\": true, \"explain\": true, \"date\": \"YYYY-MM-DD\", \"category_map\": [\"HW*=Homework\"], \"norms_file\": \"norms.yaml\"}: %v", err)
			}
		}
		if workbookFiller == nil {
			return errorResult("wasm/no-xlsx", "this build of the module cannot fill Excel workbooks; load the module with xlsx (Norms.load(text, {module: 'xlsx'}))")
		}
		a.mu.Lock()
		src := a.sources[handle]
		a.mu.Unlock()
		opts.NormsFile = orDefault(opts.NormsFile, src.file)
		r, out := workbookFiller(p, src.text, data, orDefault(file, "gradebook.xlsx"), opts)
		filled = out
		return r
	})
	return answer, filled
}

// Report builds the team report of `norms report` from the norms of
// handle and the books, incident log and proposed norms described by input
// (the JSON of ReportInput, report.go), whose files give their bytes
// either as text or as an index into files. Only the xlsx build reports;
// the engine-only build answers wasm/no-report.
func (a *api) Report(handle int, input string, files [][]byte) string {
	return a.call("report", func() result {
		if _, bad := a.program(handle); bad != nil {
			return bad
		}
		if teamReporter == nil {
			return errorResult("wasm/no-report", "this build of the module cannot build the team report; load the module with xlsx (Norms.load(text, {module: 'xlsx'})), which builds it as norms report does")
		}
		return teamReporter(a, handle, input, files)
	})
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
