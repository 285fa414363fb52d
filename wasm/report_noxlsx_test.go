//go:build !xlsx

package main

import (
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine/starter"
)

// TestNoReport: the engine-only build says which module builds the team
// report, and only after the handle is known to be good.
func TestNoReport(t *testing.T) {
	a := newAPI()
	h := compile(t, a, string(starter.NormsYAML))
	input := `{"books": [{"name": "period1.csv", "text": "Student,ID"}], "date": "2026-11-20"}`
	m := decode(t, a.Report(h, input, nil))
	ds := m["diagnostics"].([]any)
	if m["ok"] != false || len(ds) != 1 || ds[0].(map[string]any)["code"] != "wasm/no-report" ||
		!strings.Contains(ds[0].(map[string]any)["message"].(string), "module: 'xlsx'") {
		t.Errorf("report: %v, want wasm/no-report naming the xlsx module", m)
	}
	m = decode(t, a.Report(h+1, input, nil))
	if ds := m["diagnostics"].([]any); len(ds) != 1 || ds[0].(map[string]any)["code"] != "wasm/handle" {
		t.Errorf("report of an unknown handle: %v, want wasm/handle", m)
	}
}
