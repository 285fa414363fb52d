// Package xlsx adapts Excel workbooks to the Norms engine: it reads
// gradebooks from .xlsx files (and Canvas gradebook exports, as .xlsx or
// CSV) into the very engine.Gradebook the CSV and JSON readers produce, and
// writes the engine's results back beside the scores.
//
// The parts fit together like this:
//
//   - [Open] reads a workbook's bytes with the package's own zip and XML
//     code (pkg.go, sheetread.go: one streamed pass per gradebook sheet,
//     the raw values excelize's row iterator would give), guarded against
//     zip bombs, and finds every gradebook sheet in it (one
//     per class period: a sheet whose A1 is "Student" and B1 "ID", or whose
//     name starts with "Gradebook"). Each becomes a [Sheet] with its own
//     engine.Gradebook and the row of every student, so results can be put
//     back on the right row.
//   - Each sheet is either in the Norms template layout (assignment names,
//     then a Category row and a Points Possible row) or a Canvas export
//     (assignments named "Title (id)", a "Points Possible" row, categories
//     given by [CategoryRule]s because Canvas does not export them).
//   - Cell text goes through engine.ParseScore, so "9/10", "90%", "M" and
//     "EX" mean in a workbook exactly what they mean in a CSV file. Numbers
//     Excel stores for a percent-formatted cell (0.9 shown as 90%) are read
//     as the percent the teacher typed.
//   - [Workbook.Fill] grades every sheet with an engine.Program and writes
//     the result columns ("Norms: Homework %", "Norms: Final", ...), a
//     Norms sheet saying which norms were applied, and optionally an
//     Explain sheet; [Workbook.Write] saves the workbook. Only result cells
//     and the Norms and Explain sheets change: every other cell, style,
//     formula, comment, defined name, validation and chart is kept.
//   - Fill and Write stream (stream.go): each gradebook sheet's XML is
//     rewritten one row at a time and every other part of the package is
//     copied unchanged, so a district gradebook fills in about the time
//     excelize takes to open and save it. What the streaming path will not
//     handle safely (a merged range over a result column, say) goes
//     through excelize's ordinary API instead ([Workbook.Streaming] says
//     which was used); only then is excelize opened (fill_excelize.go).
//     Built with -tags noexcelize (the browser module), the package links
//     no excelize, and refuses those workbooks with an error saying to
//     use the norms command (noexcelize.go).
//   - [BuildTemplate] builds the team's gradebook workbook from the norms
//     (norms init --norms): example assignments, the result formulas of
//     fill --formulas on empty rows, score validation and the Norms sheet.
//   - A sheet named Incidents is a conduct log: [ReadIncidents] reads it
//     through the engine's CSV reader (diagnostics mapped back to cells),
//     and Fill writes each incident's occurrence and consequence beside it.
//
// The engine never sees excelize (a CI check keeps it so): this package is
// the only place that knows what a workbook is. Problems are reported as
// engine.Diagnostic values whose File is the workbook's name and whose Path
// is the cell, such as "Gradebook!D7".
package xlsx
