package main

import (
	"encoding/json"
	"maps"
	"slices"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/internal/reportjson"
)

// encode is the JSON text of an answer. The engine's objects write their
// exact numbers as JSON strings themselves (engine.Decimal.MarshalJSON), so
// plain encoding/json gives the very objects the CLI and the HTTP API give.
// A result (every answer of api.go) is written field by field instead, its
// grade report and diagnostics by internal/reportjson, the encoder the HTTP
// API uses too: byte for byte what encoding/json writes (encode_test.go),
// without its reflection, which is most of the cost of encoding a report in
// WebAssembly.
func encode(v any) string {
	var b []byte
	var err error
	if r, ok := v.(result); ok {
		b, err = appendResult(nil, r)
	} else {
		b, err = json.Marshal(v)
	}
	if err != nil {
		return `{"ok":false,"diagnostics":[{"code":"wasm/internal","severity":"error","message":"the answer could not be encoded"}]}`
	}
	return string(b)
}

// appendResult writes r as json.Marshal writes a map: keys sorted, each
// value as json.Marshal writes it.
func appendResult(b []byte, r result) ([]byte, error) {
	return appendObject(b, r, func(b []byte, v any) ([]byte, error) {
		switch v := v.(type) {
		case *engine.Report:
			return reportjson.AppendReport(b, v), nil
		case engine.Diagnostics:
			return reportjson.AppendDiagnostics(b, v), nil
		}
		j, err := json.Marshal(v)
		return append(b, j...), err
	})
}

// appendObject writes m as json.Marshal writes a map, keys sorted, each
// value written by value.
func appendObject[V any](b []byte, m map[string]V, value func([]byte, V) ([]byte, error)) ([]byte, error) {
	b = append(b, '{')
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(reportjson.AppendString(b, k), ':')
		var err error
		if b, err = value(b, m[k]); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}
