//go:build !xlsx

package main

import (
	"testing"

	"github.com/teamnorms/norms/engine/starter"
)

// TestNoXLSX: the engine-only build says, of a workbook, which module
// reads it, whether asked to grade it or to fill it.
func TestNoXLSX(t *testing.T) {
	a := newAPI()
	h := compile(t, a, string(starter.NormsYAML))
	if v := decode(t, a.Version()); v["fill"] != false {
		t.Errorf("version: %v", v)
	}
	zip := []byte("PK\x03\x04 the start of a zip archive")
	m := decode(t, a.Grade(h, zip, "", "book.xlsx"))
	answer, out := a.Fill(h, zip, "book.xlsx", "")
	for what, m := range map[string]map[string]any{"grade": m, "fill": decode(t, answer)} {
		ds := m["diagnostics"].([]any)
		if m["ok"] != false || len(ds) != 1 || ds[0].(map[string]any)["code"] != "wasm/no-xlsx" {
			t.Errorf("%s: %v, want wasm/no-xlsx", what, m)
		}
	}
	if out != nil {
		t.Errorf("fill gave %d bytes", len(out))
	}
}
