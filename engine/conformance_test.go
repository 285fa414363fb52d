package engine_test

import (
	"strings"
	"testing"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/internal/conformance"
)

// TestConformance runs every vector of testdata/conformance (grading,
// errors and conduct) through the engine: the same files, read and compared
// by the same package, run against the HTTP API, and in JavaScript against
// the browser package and the worker.
func TestConformance(t *testing.T) {
	vectors, err := conformance.Load("../testdata/conformance")
	if err != nil {
		t.Fatal(err)
	}
	var grading, conduct int
	for _, v := range vectors {
		if v.IsConduct() {
			conduct++
		} else {
			grading++
		}
		t.Run(v.File, func(t *testing.T) {
			for _, p := range run(v) {
				t.Error(p)
			}
		})
	}
	// The issues ask for at least 40 grading and 20 conduct vectors.
	if grading < 40 || conduct < 20 {
		t.Errorf("%d grading and %d conduct vectors; want at least 40 and 20", grading, conduct)
	}
}

// run answers one vector with the engine and returns every mismatch.
func run(v *conformance.Vector) []string {
	prog, ds := engine.Check("norms.yaml", []byte(v.Norms))
	if v.IsConduct() {
		var rep *engine.ConductReport
		if prog != nil {
			var log *engine.IncidentLog
			var lds engine.Diagnostics
			switch {
			case v.IncidentsCSV != nil:
				log, lds = engine.ReadIncidentsCSV("incidents.csv", []byte(*v.IncidentsCSV), prog.DateFormat())
			case v.Incidents != nil:
				log, lds = engine.ReadIncidentsJSON("incidents.json", v.Incidents, prog.DateFormat())
			}
			ds = append(ds, lds...)
			if log != nil {
				var cds engine.Diagnostics
				rep, cds = prog.Conduct(log, engine.ConductOptions{AsOf: v.AsOf, Student: v.Student})
				ds = append(ds, cds...)
			}
		}
		if done, p := v.CheckErrors(ds); done {
			return p
		}
		return v.CheckConduct(rep, ds, prog.RunConductExamples())
	}
	var rep *engine.Report
	if prog != nil && len(v.Gradebook) > 0 {
		book, bds := engine.ReadGradebookJSON("gradebook.json", v.Gradebook)
		ds = append(ds, bds...)
		if book != nil {
			var gds engine.Diagnostics
			rep, gds = prog.Grade(book)
			ds = append(ds, gds...)
		}
	}
	if done, p := v.CheckErrors(ds); done {
		return p
	}
	if rep == nil {
		return []string{"no report: " + strings.TrimSpace(ds.Error())}
	}
	return v.CheckReport(rep)
}
