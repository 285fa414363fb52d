//go:build js && wasm

// Command bareexpr is the yardstick the browser and edge issues measure
// against: "a bare expr module", github.com/expr-lang/expr and nothing else
// of Norms, behind one syscall/js function. The start-up tests build it
// and time it beside norms.wasm on the same machine, in the same run
// (wasm/npm/e2e/startup.test.js in Chromium, wasm/worker/test/cold.mjs in
// workerd), so a figure such as "155 ms for a bare expr module" can be
// compared with ours on a machine that is faster or slower than the one it
// was taken on. It is never shipped.
//
// globalThis.__bareExpr(source) compiles source with expr and runs it on
// {x: 1}, returning the result or the error's text.
package main

import (
	"syscall/js"

	"github.com/expr-lang/expr"
)

func main() {
	js.Global().Set("__bareExpr", js.FuncOf(func(_ js.Value, args []js.Value) any {
		program, err := expr.Compile(args[0].String())
		if err != nil {
			return err.Error()
		}
		out, err := expr.Run(program, map[string]any{"x": 1})
		if err != nil {
			return err.Error()
		}
		return js.ValueOf(out)
	}))
	select {}
}
