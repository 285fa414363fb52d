//go:build xlsx

package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
	"github.com/teamnorms/norms/report"
)

// reportAnswer builds the report through the api and decodes the answer.
func reportAnswer(t *testing.T, a *api, h int, in ReportInput, files [][]byte) map[string]any {
	t.Helper()
	j, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	return decode(t, a.Report(h, string(j), files))
}

// firstError is the first error of an answer (the proposal's warnings
// come first, as the CLI prints them), nil when there is none.
func firstError(m map[string]any) map[string]any {
	ds, _ := m["diagnostics"].([]any)
	for _, d := range ds {
		if d := d.(map[string]any); d["severity"] == "error" {
			return d
		}
	}
	return nil
}

// starterTeam is the input of TestReport: the sample gradebook as two
// sections (one as text, one as bytes), the sample log and the starter
// norms with the homework weight cut to 10 as the proposal.
func starterTeam() (ReportInput, [][]byte, []byte) {
	zero := 0
	proposed := bytes.Replace(starter.NormsYAML, []byte("      weight: 20\n"), []byte("      weight: 10\n"), 1)
	return ReportInput{
		Books: []ReportFile{
			{Name: "period1.csv", Text: string(starter.GradebookCSV)},
			{Name: "period2.csv", Data: &zero},
		},
		Log:      &ReportFile{Name: "incidents.csv", Text: string(starter.IncidentsCSV)},
		Proposed: &ReportFile{Name: "proposed.yaml", Text: string(proposed)},
		Date:     "2026-11-20",
	}, [][]byte{starter.GradebookCSV}, proposed
}

// TestReport: the module's report is the one report.Build and HTML make
// from the same files, read as norms report reads them; a bad book is a
// problem at its line, and the next call still works.
func TestReport(t *testing.T) {
	a := newAPI()
	h := compile(t, a, string(starter.NormsYAML))
	in, files, proposed := starterTeam()
	m := reportAnswer(t, a, h, in, files)
	if m["ok"] != true {
		t.Fatalf("report: %v", m["diagnostics"])
	}

	// What runReport builds from the same files.
	prog, _ := engine.Check("norms.yaml", starter.NormsYAML)
	prop, _ := engine.Check("proposed.yaml", proposed)
	b1, _ := engine.ReadGradebookCSV("period1.csv", starter.GradebookCSV)
	b2, _ := engine.ReadGradebookCSV("period2.csv", starter.GradebookCSV)
	log, _ := engine.ReadIncidentsCSV("incidents.csv", starter.IncidentsCSV, prog.DateFormat())
	rep, ds := report.Build(report.Input{
		Program: prog, NormsName: "norms.yaml", NormsText: starter.NormsYAML, Words: prog.Norms().InWords(),
		Sections: []report.Section{{Name: "period1.csv", File: "period1.csv", Book: b1}, {Name: "period2.csv", File: "period2.csv", Book: b2}},
		Log:      log, LogName: "incidents.csv", AsOf: "2026-11-20", Date: "2026-11-20",
		Proposed: prop, ProposedName: "proposed.yaml", ProposedText: proposed,
	})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	want, err := rep.HTML()
	if err != nil {
		t.Fatal(err)
	}
	if got := m["html"].(string); got != string(want) {
		t.Errorf("the module's report differs from report.Build's (%d bytes, want %d)", len(got), len(want))
	}

	// A score that is not one: the problem at its line, named as given.
	bad := strings.Replace(string(starter.GradebookCSV), ",7005,", ",7005,lots", 1)
	if bad == string(starter.GradebookCSV) {
		t.Fatal("the sample gradebook no longer has student 7005; update the test")
	}
	in.Books[1] = ReportFile{Name: "period2.csv", Text: bad}
	m = reportAnswer(t, a, h, in, nil)
	d := firstError(m)
	if m["ok"] != false || d == nil {
		t.Fatalf("a bad book: %v", m)
	}
	if d["file"] != "period2.csv" || d["line"] == nil || d["severity"] != "error" {
		t.Errorf("a bad book: %v, want an error at a line of period2.csv", d)
	}
	if _, has := m["html"]; has {
		t.Error("a report despite the bad book")
	}

	in, files, _ = starterTeam()
	if m := reportAnswer(t, a, h, in, files); m["html"] != string(want) {
		t.Errorf("after a bad book the next report differs: %v", m["diagnostics"])
	}
}

// TestReportProblems: misuses are answered with a stable code, never a
// panic; the books are checked against each other as the CLI checks them.
func TestReportProblems(t *testing.T) {
	a := newAPI()
	h := compile(t, a, string(starter.NormsYAML))
	in, files, _ := starterTeam()
	other := strings.Replace(string(starter.GradebookCSV), "HW 1,", "Homework 1,", 1)
	cases := []struct {
		name  string
		edit  func(in *ReportInput)
		code  string
		where string
	}{
		{"no books", func(in *ReportInput) { in.Books = nil }, "wasm/options", ""},
		{"bad date", func(in *ReportInput) { in.Date = "someday" }, "wasm/options", ""},
		{"data out of range", func(in *ReportInput) { seven := 7; in.Books[1].Data = &seven }, "wasm/options", ""},
		{"books disagree", func(in *ReportInput) { in.Books[1] = ReportFile{Name: "other.csv", Text: other} }, "report/books-differ", "other.csv"},
		{"proposal has errors", func(in *ReportInput) {
			in.Proposed.Text = strings.Replace(in.Proposed.Text, "weight: 10", "weight: ten", 1)
		}, "", "proposed.yaml"},
		{"an old Excel file", func(in *ReportInput) { in.Books[0].Name = "period1.xls" }, "wasm/format", "period1.xls"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in, files := in, files
			in.Books = append([]ReportFile(nil), in.Books...)
			p := *in.Proposed
			in.Proposed = &p
			tc.edit(&in)
			m := reportAnswer(t, a, h, in, files)
			d := firstError(m)
			if m["ok"] != false || d == nil {
				t.Fatalf("%v, want an error", m)
			}
			if tc.code != "" && d["code"] != tc.code {
				t.Errorf("code %v, want %s: %v", d["code"], tc.code, d)
			}
			if tc.where != "" && d["file"] != tc.where {
				t.Errorf("file %v, want %s: %v", d["file"], tc.where, d)
			}
		})
	}
	if m := decode(t, a.Report(h, `{"books": [], "extra": 1}`, nil)); m["ok"] != false {
		t.Errorf("an unknown member: %v", m)
	}
}

// TestPageAllowsTheReportStyles: the page shows the report in a srcdoc
// iframe, which inherits the page's Content-Security-Policy; its
// style-src allows the report's inline <style> and style attributes by
// their hashes and nothing else inline, so a change to report/report.html's
// CSS must be matched in web/index.html (or the report shows unstyled).
func TestPageAllowsTheReportStyles(t *testing.T) {
	a := newAPI()
	h := compile(t, a, string(starter.NormsYAML))
	in, files, _ := starterTeam() // with a proposal: its legend has style attributes
	m := reportAnswer(t, a, h, in, files)
	html, _ := m["html"].(string)
	page, err := os.ReadFile("web/index.html")
	if err != nil {
		t.Fatal(err)
	}
	csp := regexp.MustCompile(`style-src ([^;"]*)`).FindStringSubmatch(string(page))
	if csp == nil {
		t.Fatal("web/index.html has no style-src")
	}
	var inline []string
	for _, s := range regexp.MustCompile(`(?s)<style>(.*?)</style>`).FindAllStringSubmatch(html, -1) {
		inline = append(inline, s[1])
	}
	for _, s := range regexp.MustCompile(`style="([^"]*)"`).FindAllStringSubmatch(html, -1) {
		inline = append(inline, s[1])
	}
	if len(inline) < 2 {
		t.Fatalf("the report has %d inline styles; expected its <style> and the legend's", len(inline))
	}
	for _, s := range inline {
		sum := sha256.Sum256([]byte(s))
		hash := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		if !strings.Contains(csp[1], hash) {
			t.Errorf("web/index.html's style-src lacks %s, the hash of the report's inline style %.60q", hash, s)
		}
	}
}
