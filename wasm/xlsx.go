//go:build xlsx

package main

// This file makes the xlsx module (wasm/build.sh xlsx, dist/norms-xlsx.wasm):
// the engine-only module plus package xlsx, so that grade and explain read
// .xlsx gradebooks (format "xlsx") and fill writes the results into a
// workbook given as bytes, as `norms fill` does. It is an adapter and
// nothing more: reading and filling are xlsx.ReadGradebook and
// Workbook.Fill, the very calls of cmd/norms. Without -tags xlsx none of
// it is in the module. build.sh adds -tags noexcelize, under which package
// xlsx reads and fills without excelize (3.2 MB gzipped instead of 5.85)
// and refuses, naming the command-line tool, the few workbooks only
// excelize fills (docs/xlsx.md, "In the browser"); wasm/test.sh checks
// that no excelize is linked.

import (
	"bytes"
	"fmt"
	"time"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/xlsx"
)

func init() {
	bookReaders["xlsx"] = func(p *engine.Program, file string, data []byte) (*engine.Gradebook, locator, engine.Diagnostics) {
		// The layout of the norms' gradebook: section, as norms grade reads
		// a workbook.
		book, locate, ds := xlsx.ReadGradebookLocated(file, data, xlsx.Options{Layout: p.Norms().Gradebook})
		return book, locate, ds
	}
	workbookFiller = fillWorkbook
}

// fillWorkbook is runFill of cmd/norms without the files: the same options
// checked the same way, the same calls, and the workbook's bytes returned
// instead of written. Every problem is a diagnostic naming its cell
// ("Gradebook!D7"), as the CLI prints it.
func fillWorkbook(p *engine.Program, normsText, data []byte, file string, o FillOptions) (result, []byte) {
	if o.Date == "" {
		// The module's clock is UTC; the JS package passes the local date.
		o.Date = time.Now().Format("2006-01-02")
	} else if _, err := time.Parse("2006-01-02", o.Date); err != nil {
		return errorResult("wasm/options", "the date must be written YYYY-MM-DD, not %q", o.Date), nil
	}
	opts := xlsx.Options{Layout: p.Norms().Gradebook}
	for _, m := range o.CategoryMap {
		rule, err := xlsx.ParseCategoryRule(m)
		if err != nil {
			return errorResult("wasm/options", "category_map: %v", err), nil
		}
		opts.CategoryMap = append(opts.CategoryMap, rule)
	}
	wb, ds := xlsx.Open(file, data, opts)
	if wb == nil || ds.HasErrors() {
		return result{"diagnostics": ds}, nil
	}
	defer wb.Close()
	reports, fds := wb.Fill(p, xlsx.FillOptions{
		NormsFile: o.NormsFile, NormsText: normsText,
		Date: o.Date, Explain: o.Explain, Formulas: o.Formulas,
	})
	ds = append(ds, fds...)
	if ds.HasErrors() {
		return result{"diagnostics": ds}, nil
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		return result{"ok": false, "diagnostics": append(ds, engine.Diagnostic{Code: "xlsx/write", Severity: engine.Error, File: file,
			Message: fmt.Sprintf("cannot write the filled workbook: %v", err)})}, nil
	}
	// Students who could not be graded: errors, yet the workbook holds
	// everyone else's results (norms fill writes it and exits 1).
	ungraded := wb.Ungraded(reports)
	ds = append(ds, ungraded...)
	sheets := make([]result, len(reports))
	students := 0
	for i, rep := range reports {
		sheets[i] = result{"name": wb.Sheets[i].Name, "report": rep}
		students += len(rep.Students)
	}
	noun := "sheets"
	if len(reports) == 1 {
		noun = "sheet"
	}
	summary := fmt.Sprintf("graded %d students in %d %s", students, len(reports), noun)
	conduct := wb.Conduct()
	if conduct != nil {
		summary += fmt.Sprintf(" and the consequences of %d incidents", len(conduct.Incidents))
	}
	streaming, why := wb.Streaming()
	return result{
		// ok: there is a filled workbook, even when some students could
		// not be graded (their errors are in diagnostics, and ungraded
		// counts them).
		"ok": true, "sheets": sheets, "conduct": conduct, "students": students, "ungraded": len(ungraded),
		"summary": summary, "streaming": streaming, "slow_path_reason": why, "diagnostics": ds,
	}, buf.Bytes()
}
