package xlsx

import (
	"bytes"
	"encoding/csv"
	"fmt"

	"github.com/teamnorms/norms/engine"
)

// maxCSVBytes bounds a Canvas CSV export, as the engine bounds its own CSV
// gradebooks: 20,000 students x 60 assignments is about 15 MB.
const maxCSVBytes = 64 << 20

// ReadCanvasCSV reads a Canvas gradebook exported as CSV (Grades > Export >
// Export Entire Gradebook). It reads the same layout as a Canvas .xlsx
// export: columns Student, ID, SIS User ID, SIS Login ID, Section, then
// assignments named "Title (id)", a Points Possible row, and Canvas's own
// computed columns, which are ignored. Categories come from opts.CategoryMap.
// Diagnostics name cells as line:column and as a cell reference ("D7").
func ReadCanvasCSV(file string, data []byte, opts Options) (*engine.Gradebook, engine.Diagnostics) {
	fail := func(line, col int, format string, args ...any) (*engine.Gradebook, engine.Diagnostics) {
		return nil, engine.Diagnostics{{Code: "gradebook/invalid", Severity: engine.Error, File: file,
			Pos: engine.Pos{Line: line, Column: col}, Message: fmt.Sprintf(format, args...)}}
	}
	if len(data) > maxCSVBytes {
		return fail(0, 0, "the gradebook is %d bytes; the limit is %d", len(data), maxCSVBytes)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // Excel's and Canvas's UTF-8 byte order mark
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		if pe, ok := err.(*csv.ParseError); ok {
			return fail(pe.Line, pe.Column, "this is not valid CSV: %v", pe.Err)
		}
		return fail(0, 0, "this is not valid CSV: %v", err)
	}
	g := &grid{rows: rows}
	sh, ds := parseGrid(file, g, opts, nil)
	if sh == nil {
		return nil, capDiagnostics(ds)
	}
	if sh.Layout != Canvas {
		return fail(1, 1, "this is not a Canvas export (it has no SIS User ID, SIS Login ID or Section column); read a Norms CSV gradebook with the CSV reader")
	}
	return sh.Book, capDiagnostics(ds)
}
