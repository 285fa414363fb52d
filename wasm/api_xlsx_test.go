//go:build xlsx

package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
	"github.com/teamnorms/norms/xlsx"
	"github.com/xuri/excelize/v2"
)

// starterWorkbook is the starter gradebook typed into a workbook's
// Gradebook sheet, with edit applied to its rows first.
func starterWorkbook(t *testing.T, edit func(rows [][]string)) []byte {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(starter.GradebookCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(rows)
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Gradebook"); err != nil {
		t.Fatal(err)
	}
	for r, row := range rows {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellStr("Gradebook", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// nativeFill is what norms fill writes: xlsx.Open, Fill, Write.
func nativeFill(t *testing.T, data []byte, opts xlsx.FillOptions) []byte {
	t.Helper()
	p, ds := engine.Check("norms.yaml", starter.NormsYAML)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	w, ds := xlsx.Open("book.xlsx", data, xlsx.Options{Layout: p.Norms().Gradebook})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	defer w.Close()
	if _, ds := w.Fill(p, opts); ds.HasErrors() {
		t.Fatal(ds)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func code(m map[string]any) string {
	ds, _ := m["diagnostics"].([]any)
	if len(ds) == 0 {
		return ""
	}
	return ds[0].(map[string]any)["code"].(string)
}

// TestXLSXGrade: the xlsx build reads workbooks (format guessed from the
// bytes) into the gradebook the CSV gives.
func TestXLSXGrade(t *testing.T) {
	a := newAPI()
	h := compile(t, a, string(starter.NormsYAML))
	v := decode(t, a.Version())
	if v["fill"] != true || !reflect.DeepEqual(v["formats"], []any{"csv", "json", "xlsx"}) {
		t.Errorf("version: %v", v)
	}
	fromXLSX := decode(t, a.Grade(h, starterWorkbook(t, nil), "", "book.xlsx"))
	fromCSV := decode(t, a.Grade(h, starter.GradebookCSV, "csv", ""))
	if fromXLSX["ok"] != true {
		t.Fatalf("grade: %v", fromXLSX)
	}
	got, want := fromXLSX["report"].(map[string]any)["students"], fromCSV["report"].(map[string]any)["students"]
	if !reflect.DeepEqual(got, want) {
		t.Errorf("students from the workbook:\n%v\nfrom the CSV:\n%v", got, want)
	}
	m := decode(t, a.Explain(h, starterWorkbook(t, nil), "xlsx", "", "7002"))
	if m["ok"] != true || !strings.Contains(m["text"].(string), "Jordan Lee (7002)") {
		t.Errorf("explain: %v", m)
	}

	// What grading finds is at its cell, as norms grade prints it: Maya
	// Patel's HW 1 (row 6, column C) over its 10 points.
	over := starterWorkbook(t, func(rows [][]string) { rows[5][2] = "30" })
	for _, answer := range []string{a.Grade(h, over, "", "book.xlsx"), a.Explain(h, over, "", "book.xlsx", "7001")} {
		m := decode(t, answer)
		d := m["diagnostics"].([]any)[0].(map[string]any)
		if m["ok"] != false || d["code"] != "gradebook/over-possible" || d["path"] != "Gradebook!C6" || d["file"] != "book.xlsx" {
			t.Errorf("over possible: %v", d)
		}
	}
}

// TestXLSXFill: fill gives the very bytes norms fill writes, with its
// options; mistakes are diagnostics at their cell, with no bytes; the
// module serves on.
func TestXLSXFill(t *testing.T) {
	a := newAPI()
	h := compile(t, a, string(starter.NormsYAML))
	book := starterWorkbook(t, nil)
	for _, tc := range []struct {
		opts string
		want xlsx.FillOptions
	}{
		{`{"date": "2026-01-15"}`, xlsx.FillOptions{Date: "2026-01-15"}},
		{`{"date": "2026-01-15", "formulas": true, "explain": true}`, xlsx.FillOptions{Date: "2026-01-15", Formulas: true, Explain: true}},
	} {
		answer, out := a.Fill(h, book, "book.xlsx", tc.opts)
		m := decode(t, answer)
		if m["ok"] != true || m["summary"] != "graded 8 students in 1 sheet" || m["ungraded"] != json.Number("0") {
			t.Fatalf("fill %s: %v", tc.opts, m)
		}
		tc.want.NormsFile, tc.want.NormsText = "norms.yaml", starter.NormsYAML
		if want := nativeFill(t, book, tc.want); !bytes.Equal(out, want) {
			t.Errorf("fill %s: %d bytes, not the %d bytes norms fill writes", tc.opts, len(out), len(want))
		}
	}

	for _, tc := range []struct {
		name, book, opts, code, path string
	}{
		{"not a workbook", "Student,ID\nAna,1\n", `{}`, "xlsx/format", ""},
		{"a bad score", string(starterWorkbook(t, func(r [][]string) { r[6][3] = "lots" })), `{}`, "gradebook/invalid", "Gradebook!D7"},
		{"a bad date", string(book), `{"date": "15/01/2026"}`, "wasm/options", ""},
		{"an unknown option", string(book), `{"colour": "red"}`, "wasm/options", ""},
		{"a bad category map", string(book), `{"category_map": ["HW*"]}`, "wasm/options", ""},
	} {
		answer, out := a.Fill(h, []byte(tc.book), "book.xlsx", tc.opts)
		m := decode(t, answer)
		if m["ok"] != false || out != nil || code(m) != tc.code {
			t.Errorf("%s: %d bytes, %v; want no bytes and %s", tc.name, len(out), m, tc.code)
			continue
		}
		d := m["diagnostics"].([]any)[0].(map[string]any)
		if tc.path != "" && (d["path"] != tc.path || !strings.HasPrefix(d["message"].(string), tc.path+": ")) {
			t.Errorf("%s: %v, want it at %s", tc.name, d, tc.path)
		}
	}

	// A student the norms cannot grade: the workbook, and an error.
	final := strings.Replace(string(starter.NormsYAML), "\n  floor: 0\n", "\n  floor: 0\n  final: Tests\n", 1)
	h2 := compile(t, a, final)
	answer, out := a.Fill(h2, starterWorkbook(t, func(r [][]string) { r[6][7], r[6][11] = "", "" }), "", `{"date": "2026-01-15"}`)
	m := decode(t, answer)
	if m["ok"] != true || len(out) == 0 || m["ungraded"] != json.Number("1") || code(m) != "grade/student" {
		t.Errorf("an ungraded student: %d bytes, %v", len(out), m)
	}

	// Released handles are refused.
	a.Release(h)
	if answer, out := a.Fill(h, book, "", ""); code(decode(t, answer)) != "wasm/handle" || out != nil {
		t.Errorf("released: %s", answer)
	}
}
