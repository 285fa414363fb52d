//go:build xlsx

package main

// This file gives the xlsx module (wasm/build.sh xlsx) the team report of
// `norms report`: report.Build and Report.HTML, the very calls of
// cmd/norms/reportcmd.go, on files the page hands over instead of paths.
// It only reads the files and assembles report.Input the way runReport
// does; what the report says is all in package report. It lives in the
// xlsx build because package report brings html/template and
// crypto/sha256, which the engine-only module has no room for (see
// teamReporter in api.go).
//
// Files are read by the readers engine.FileFormat names, and sections
// named and checked by package report (BookSection, WorkbookSections,
// NameSections), as for the CLI. wasm/npm/test/report.test.js and
// e2e/report.test.js compare the module's report, and its warnings, with
// those of `norms report` on the same files, byte for byte, so that a
// change on either side is seen.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/report"
	"github.com/teamnorms/norms/xlsx"
)

func init() { teamReporter = buildReport }

// ReportInput is the input of Report, as JS gives it (JSON): the files of
// `norms report --log LOG --proposed PROPOSED --as-of DATE BOOK...`.
type ReportInput struct {
	// Books are the team's gradebooks, one section each (one per sheet of
	// a workbook of several gradebook sheets), in the order to show them.
	Books []ReportFile `json:"books"`
	// Log, if given, is the incident log (CSV, JSON or a workbook's
	// Incidents sheet).
	Log *ReportFile `json:"log"`
	// Proposed, if given, is a proposed norms file to compare with.
	Proposed *ReportFile `json:"proposed"`
	// Date is --as-of: the day printed on the report and of the conduct
	// standing, YYYY-MM-DD or as the norms' date_format writes dates. The
	// JS package passes the local date when the caller gives none: the
	// module's clock is UTC.
	Date string `json:"date"`
}

// ReportFile is one file of the report: its name (what the report and the
// diagnostics call it, as the CLI calls a file by its path), its text or
// the index of its bytes among Report's files, and its format (csv, json,
// xlsx; "" chooses as the CLI does, by the name's extension, then by the
// content).
type ReportFile struct {
	Name   string `json:"name"`
	Text   string `json:"text"`
	Data   *int   `json:"data"`
	Format string `json:"format"`
}

// bytesOf returns the file's content: its bytes when it gives an index,
// else its text.
func (f *ReportFile) bytesOf(files [][]byte) ([]byte, error) {
	if f.Data == nil {
		return []byte(f.Text), nil
	}
	if *f.Data < 0 || *f.Data >= len(files) {
		return nil, fmt.Errorf("%s: data %d is not one of the %d files given", f.Name, *f.Data, len(files))
	}
	return files[*f.Data], nil
}

// buildReport is runReport of cmd/norms without the files: the proposed
// norms checked first, the date read by the norms' date format, every
// book read (all of their problems reported before giving up), the log,
// then report.Build and the page.
func buildReport(a *api, handle int, input string, files [][]byte) result {
	var in ReportInput
	dec := json.NewDecoder(strings.NewReader(input))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return errorResult("wasm/options", `the report's input is {"books": [{"name", "text" or "data", "format"}], "log", "proposed", "date"}: %v`, err)
	}
	if len(in.Books) == 0 {
		return errorResult("wasm/options", "the team report needs at least one gradebook (.csv, .json or .xlsx)")
	}
	p, bad := a.program(handle)
	if bad != nil {
		return bad
	}
	a.mu.Lock()
	src := a.sources[handle]
	a.mu.Unlock()

	var ds engine.Diagnostics
	rin := report.Input{Program: p, NormsName: src.file, NormsText: src.text}
	if in.Proposed != nil {
		// Proposed norms are checked first, as norms diff does.
		name := orDefault(in.Proposed.Name, "proposed.yaml")
		text, err := in.Proposed.bytesOf(files)
		if err != nil {
			return errorResult("wasm/options", "%v", err)
		}
		prop, pds := engine.Check(name, text)
		ds = append(ds, named(pds, name)...)
		if pds.HasErrors() {
			return result{"diagnostics": ds}
		}
		rin.Proposed, rin.ProposedName, rin.ProposedText = prop, name, text
	}
	if strings.TrimSpace(in.Date) == "" {
		// As fill does: the module's clock (UTC) only when no date is
		// given; the JS package passes the local date.
		in.Date = time.Now().Format("2006-01-02")
	}
	iso, err := engine.ParseIncidentDate(strings.TrimSpace(in.Date), p.DateFormat())
	if err != nil {
		return errorResult("wasm/options", "date: %v", err)
	}
	rin.AsOf, rin.Date = iso, iso
	// The norms in words are those of the Norms sheet of filled workbooks.
	rin.Words = p.Norms().InWords()

	sections, sds, failed := readSections(p, in.Books, files)
	ds = append(ds, sds...)
	if failed != nil {
		return failed
	}
	if sds.HasErrors() {
		return result{"diagnostics": ds}
	}
	rin.Sections = sections
	if in.Log != nil {
		rin.LogName = orDefault(in.Log.Name, "incidents.csv")
		data, err := in.Log.bytesOf(files)
		if err != nil {
			return errorResult("wasm/options", "%v", err)
		}
		log, lds, bad := readLog(p, rin.LogName, data, in.Log.Format)
		if bad != nil {
			return bad
		}
		ds = append(ds, named(lds, rin.LogName)...)
		if lds.HasErrors() {
			return result{"diagnostics": ds}
		}
		rin.Log = log
	}
	rep, bds := report.Build(rin)
	ds = append(ds, bds...)
	if ds.HasErrors() || rep == nil {
		return result{"diagnostics": ds}
	}
	page, err := rep.HTML()
	if err != nil {
		return errorResult("wasm/internal", "the report could not be written: %v", err)
	}
	return result{"html": string(page), "diagnostics": ds}
}

// readSections reads every book as the team's sections, as cmd/norms's
// loadSections does: one per CSV or JSON book, named by its file name; one
// per sheet of an .xlsx book, named by the sheet when there are several.
// Every problem of every book is returned; failed is set for a misuse (a
// format this build cannot read) rather than a problem in a book.
func readSections(p *engine.Program, books []ReportFile, files [][]byte) (sections []report.Section, ds engine.Diagnostics, failed result) {
	opts := xlsx.Options{Layout: p.Norms().Gradebook}
	for i, b := range books {
		name := orDefault(b.Name, fmt.Sprintf("gradebook%d.csv", i+1))
		data, err := b.bytesOf(files)
		if err != nil {
			return nil, nil, errorResult("wasm/options", "%v", err)
		}
		format := strings.ToLower(b.Format)
		if format == "" {
			format = engine.FileFormat(name, data)
		}
		switch format {
		case "xlsx":
			ss, wds := workbookSections(name, data, opts)
			ds = append(ds, named(wds, name)...)
			sections = append(sections, ss...)
		case "csv", "json":
			book, bds, _, bad := readBook(p, data, format, name)
			if bad != nil {
				return nil, nil, bad
			}
			ds = append(ds, named(bds, name)...)
			if !bds.HasErrors() {
				sections = append(sections, report.BookSection(name, book))
			}
		case "spreadsheet":
			ds = append(ds, engine.Diagnostic{Code: "wasm/format", Severity: engine.Error, File: name,
				Message: fmt.Sprintf("cannot read %s: only .xlsx spreadsheets are read; save it as .xlsx or CSV and use that", name)})
		default:
			return nil, nil, errorResult("wasm/format", "gradebooks in %q cannot be read here; use csv, json or xlsx", format)
		}
	}
	if ds.HasErrors() {
		return nil, ds, nil
	}
	report.NameSections(sections)
	return sections, append(ds, report.CheckSections(sections)...), nil
}

// workbookSections reads the gradebook sheets of an .xlsx book, one
// section each, as cmd/norms's workbookSections does.
func workbookSections(name string, data []byte, opts xlsx.Options) ([]report.Section, engine.Diagnostics) {
	wb, ds := xlsx.Open(name, data, opts)
	if wb == nil {
		return nil, ds
	}
	defer wb.Close()
	sheets := make([]report.Sheet, len(wb.Sheets))
	for i, sh := range wb.Sheets {
		sheets[i] = report.Sheet{Name: sh.Name, Book: sh.Book}
	}
	out, sds := report.WorkbookSections(name, sheets)
	return out, append(ds, sds...)
}

// readLog reads the incident log as cmd/norms's loadLog does: CSV, JSON,
// or the Incidents sheet of a workbook, by the format given, else by the
// name's extension, else by the content.
func readLog(p *engine.Program, name string, data []byte, format string) (*engine.IncidentLog, engine.Diagnostics, result) {
	format = strings.ToLower(format)
	if format == "" {
		format = engine.FileFormat(name, data)
	}
	switch format {
	case "csv":
		log, ds := engine.ReadIncidentsCSV(name, data, p.DateFormat())
		return log, ds, nil
	case "json":
		log, ds := engine.ReadIncidentsJSON(name, data, p.DateFormat())
		return log, ds, nil
	case "xlsx":
		is, ds := xlsx.ReadIncidents(name, data, p.DateFormat(), xlsx.Options{})
		if is == nil {
			return nil, ds, nil
		}
		return is.Log, ds, nil
	}
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) || format == "spreadsheet" {
		return nil, nil, errorResult("wasm/format", "cannot read %s: only .xlsx workbooks are read; save it as .xlsx or CSV (File > Save As) and use that", name)
	}
	return nil, nil, errorResult("wasm/format", "incident logs in %q cannot be read here; use csv, json or xlsx", format)
}
