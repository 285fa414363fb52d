package main

import "encoding/json"

// encode is the JSON text of an answer. The engine's objects write their
// exact numbers as JSON strings themselves (engine.Decimal.MarshalJSON), so
// plain encoding/json gives the very objects the CLI and the HTTP API give.
func encode(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return `{"ok":false,"diagnostics":[{"code":"wasm/internal","severity":"error","message":"the answer could not be encoded"}]}`
	}
	return string(b)
}
