//go:build js && wasm

// Command wasm is the browser face of Norms: the engine compiled to
// WebAssembly (GOOS=js GOARCH=wasm), exposed to JavaScript as one global
// object, globalThis.__norms. The npm package in wasm/npm wraps it in a
// promise-based API (Norms.load, norms.grade...); use that rather than the
// global.
//
// Each function takes its data as strings (a norms file, a gradebook's CSV
// or JSON text, or its bytes as a Uint8Array) and returns one JSON string,
// {"ok": ..., "diagnostics": [...], ...}; see api.go. Calls are batched: one
// call grades a whole gradebook, because each JS-to-Go call has a fixed
// cost. A panic becomes an error answer and the module keeps serving.
//
// fill (xlsx.go, in the module built with -tags xlsx; the engine-only
// module answers wasm/no-xlsx) returns the answer already parsed, with the
// filled workbook as a Uint8Array in its bytes member, copied once from Go
// (js.CopyBytesToJS) rather than sent through a string. report (report.go,
// also only in the xlsx module; the engine-only one answers wasm/no-report)
// builds the team report of `norms report`; the books' bytes come as an
// array of Uint8Arrays beside the JSON input.
//
//	__norms.version()                                   -> {ok, go, formats, conduct, fill}
//	__norms.starter()                                   -> {ok, norms, gradebook}
//	__norms.check(normsText, file?)                      -> {ok, diagnostics}
//	__norms.compile(normsText, file?)                    -> {ok, handle, team, ..., diagnostics}
//	__norms.release(handle)                              -> {ok, released}
//	__norms.runExamples(handle)                          -> {ok, examples, passed, failed}
//	__norms.grade(handle, book, format?, file?)          -> {ok, report, diagnostics}
//	__norms.explain(handle, book, format?, file?, who)   -> {ok, explanation, text, diagnostics}
//	__norms.conduct(handle, log, format?, file?, opts?)  -> {ok, report, diagnostics}
//	__norms.fill(handle, xlsxBytes, file?, opts?)        -> an object (not JSON text): {ok, bytes, sheets, summary, diagnostics, ...}
//	__norms.report(handle, inputJSON, files?)            -> {ok, html, diagnostics} (xlsx module; else wasm/no-report)
//	__norms.handles()                                    -> number of programs held
//	__norms.liveHeap()                                   -> bytes live on Go's heap after a full GC (leak tests)
package main

import (
	"runtime"
	"syscall/js"
)

func main() {
	a := newAPI()
	obj := js.Global().Get("Object").New()
	// fn wraps a function whose own body may panic on arguments of the
	// wrong type (js.Value.Int on a string): the api's call() recovers
	// panics inside the engine, this recovers those of argument reading.
	fn := func(name string, f func(args []js.Value) any) {
		obj.Set(name, js.FuncOf(func(_ js.Value, args []js.Value) (out any) {
			defer func() {
				if r := recover(); r != nil {
					out = a.call(name, func() result { panic(r) })
				}
			}()
			return f(args)
		}))
	}
	fn("version", func(args []js.Value) any { return a.Version() })
	fn("starter", func(args []js.Value) any { return a.Starter() })
	fn("check", func(args []js.Value) any { return a.Check(str(args, 0), str(args, 1)) })
	fn("compile", func(args []js.Value) any { return a.Compile(str(args, 0), str(args, 1)) })
	fn("release", func(args []js.Value) any { return a.Release(arg(args, 0).Int()) })
	fn("handles", func(args []js.Value) any { return a.Handles() })
	fn("liveHeap", func(args []js.Value) any {
		// Linear memory only ever grows (Go's GC target moves with load), so
		// a leak test needs what is still reachable after a collection.
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return float64(m.HeapAlloc)
	})
	fn("runExamples", func(args []js.Value) any { return a.RunExamples(arg(args, 0).Int()) })
	fn("grade", func(args []js.Value) any {
		return a.Grade(arg(args, 0).Int(), data(args, 1), str(args, 2), str(args, 3))
	})
	fn("explain", func(args []js.Value) any {
		return a.Explain(arg(args, 0).Int(), data(args, 1), str(args, 2), str(args, 3), str(args, 4))
	})
	fn("conduct", func(args []js.Value) any {
		return a.Conduct(arg(args, 0).Int(), data(args, 1), str(args, 2), str(args, 3), str(args, 4))
	})
	fn("fill", func(args []js.Value) any {
		answer, filled := a.Fill(arg(args, 0).Int(), data(args, 1), str(args, 2), str(args, 3))
		out := js.Global().Get("JSON").Call("parse", answer)
		if filled != nil {
			b := js.Global().Get("Uint8Array").New(len(filled))
			js.CopyBytesToJS(b, filled)
			out.Set("bytes", b)
		}
		return out
	})
	fn("report", func(args []js.Value) any {
		// The books' bytes come as an array of Uint8Arrays beside the JSON
		// input, which names them by index: no base64 round trip.
		var files [][]byte
		if v := arg(args, 2); !v.IsUndefined() && !v.IsNull() {
			for i := range v.Length() {
				files = append(files, data([]js.Value{v.Index(i)}, 0))
			}
		}
		return a.Report(arg(args, 0).Int(), str(args, 1), files)
	})
	js.Global().Set("__norms", obj)
	select {} // serve calls until the page goes away
}

// arg returns argument i, or undefined when it was not given.
func arg(args []js.Value, i int) js.Value {
	if i < len(args) {
		return args[i]
	}
	return js.Undefined()
}

// str returns argument i as a string; undefined and null are "".
func str(args []js.Value, i int) string {
	v := arg(args, i)
	if v.Type() != js.TypeString {
		if v.IsUndefined() || v.IsNull() {
			return ""
		}
		panic("argument " + string(rune('1'+i)) + " must be a string")
	}
	return v.String()
}

// data returns argument i as bytes: a string (UTF-8 encoded) or a
// Uint8Array (an xlsx file, or text the caller has read as bytes).
func data(args []js.Value, i int) []byte {
	v := arg(args, i)
	if v.Type() == js.TypeString {
		return []byte(v.String())
	}
	if v.InstanceOf(js.Global().Get("Uint8Array")) {
		b := make([]byte, v.Get("length").Int())
		js.CopyBytesToGo(b, v)
		return b
	}
	panic("argument " + string(rune('1'+i)) + " must be a string or a Uint8Array")
}
