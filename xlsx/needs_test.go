package xlsx

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine"
	"github.com/xuri/excelize/v2"
)

// TestWithoutExcelize: the few workbooks only excelize handles. Built with
// excelize (the norms command) each works; built with -tags noexcelize
// (the browser module: go test -tags noexcelize -run TestWithoutExcelize
// ./xlsx) each is refused with an error at the workbook or the cell that
// says what to do, never a wrong or partial result. A case with fills set
// is one that used to need excelize and now works in both builds.
func TestWithoutExcelize(t *testing.T) {
	merged := build(t, map[string]cells{"Gradebook": starterCells(t)}, []string{"Gradebook"}, func(f *excelize.File) {
		// A merged range over result columns: the streaming path would cut
		// it in half.
		if err := f.MergeCell("Gradebook", "L4", "O4"); err != nil {
			t.Fatal(err)
		}
	})
	uncached := build(t, map[string]cells{"Gradebook": template("=4+5", 18)}, []string{"Gradebook"}, nil)
	tests := []struct {
		name string
		run  func(t *testing.T) engine.Diagnostics
		// want is the refusal without excelize: its path and text.
		wantPath, want string
		// fills: no refusal in either build.
		fills bool
	}{
		{"a merged range over result columns", func(t *testing.T) engine.Diagnostics {
			return fillBook(t, merged)
		}, "", "this workbook needs the norms command-line tool to be filled (a shared formula or merged range reaches result column M): run norms fill on it", false},
		{"an Incidents sheet to fill", func(t *testing.T) engine.Diagnostics {
			// The streaming path writes the consequences (it used to be
			// excelize's alone): the browser fills such a workbook too.
			w := open(t, incidentBook(t, starterIncidents(t), true), Options{})
			_, ds := w.Fill(starterProgram(t), fillOpts)
			if ok, why := w.Streaming(); !ok || ds.HasErrors() {
				return append(ds, engine.Diagnostic{Severity: engine.Error, Message: "not streamed: " + why})
			}
			var buf bytes.Buffer
			if err := w.Write(&buf); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			r := w.Conduct().Incidents[0]
			occ, _ := f.GetCellValue("Incidents", cellName(8, w.incidents.Rows[r.Row-1]))
			cons, _ := f.GetCellValue("Incidents", cellName(9, w.incidents.Rows[r.Row-1]))
			if wantOcc, wantCons := conductValues(&r); occ != fmt.Sprint(wantOcc) || cons != wantCons {
				t.Errorf("first incident: got %q %q, want %v %q", occ, cons, wantOcc, wantCons)
			}
			return ds
		}, "", "", true},
		{"a formula without a stored value", func(t *testing.T) engine.Diagnostics {
			w, ds := Open("book.xlsx", uncached, Options{})
			if w != nil {
				if got := w.Sheets[0].Book.Students[0].Scores[0].Earned.String(); got != "9" {
					t.Errorf("=4+5 reads as %s, want 9", got)
				}
				w.Close()
			}
			return ds
		}, "Gradebook!C4", "Gradebook!C4: Ana Lopez, HW 1: this formula has no stored value (the workbook was saved by a program that does not calculate); open the workbook in Excel and save it, so the value is stored", false},
		{"the team's workbook", func(t *testing.T) engine.Diagnostics {
			_, ds := BuildTemplate(starterProgram(t), TemplateOptions{})
			return ds
		}, "", "this workbook needs the norms command-line tool: norms init --norms builds the team's workbook", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := tt.run(t)
			if withExcelize || tt.fills {
				if ds.HasErrors() {
					t.Fatalf("with excelize %v: %v", withExcelize, ds)
				}
				return
			}
			if !ds.HasErrors() {
				t.Fatalf("without excelize: no error, want %q", tt.want)
			}
			d := ds[len(ds)-1]
			if d.Path != tt.wantPath || !strings.Contains(d.Message, tt.want) {
				t.Errorf("got %s: %s\nwant %s: ...%s...", d.Path, d.Message, tt.wantPath, tt.want)
			}
		})
	}
}

// fillBook opens, fills and writes a workbook with the starter norms.
func fillBook(t *testing.T, data []byte) engine.Diagnostics {
	t.Helper()
	w, ds := Open("book.xlsx", data, Options{})
	if w == nil {
		return ds
	}
	defer w.Close()
	if _, fds := w.Fill(starterProgram(t), fillOpts); fds.HasErrors() {
		return append(ds, fds...)
	}
	var buf bytes.Buffer
	if err := w.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return ds
}
