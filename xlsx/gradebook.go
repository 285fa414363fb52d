package xlsx

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/teamnorms/norms/engine"
)

// ReadGradebook reads the gradebook sheets of a workbook as one gradebook,
// for grading and explaining (norms grade, norms explain, and the xlsx
// module of the browser face). Sheets for several class periods are read
// together when they share their assignments; otherwise it is an error
// that points at norms fill, which grades each sheet. file only names the
// workbook in diagnostics.
func ReadGradebook(file string, data []byte, opts Options) (*engine.Gradebook, engine.Diagnostics) {
	book, _, ds := ReadGradebookLocated(file, data, opts)
	return book, ds
}

// ReadGradebookLocated is ReadGradebook, with locate, which names the cells
// of the engine's diagnostics about the gradebook. Grading it
// (Program.Grade, Program.Explain) finds an unknown category or a score
// over its points possible at a path of the engine's gradebook
// (students[3].scores["Quiz 1"]), which only the workbook can turn into a
// cell: locate gives them the workbook's name and the cell
// ("Gradebook!D7: ..."), as Fill does, and returns the others as they are.
func ReadGradebookLocated(file string, data []byte, opts Options) (*engine.Gradebook, func(engine.Diagnostics) engine.Diagnostics, engine.Diagnostics) {
	none := func(ds engine.Diagnostics) engine.Diagnostics { return ds }
	wb, ds := Open(file, data, opts)
	if wb == nil {
		return nil, none, ds
	}
	defer wb.Close()
	if len(wb.Sheets) == 0 {
		return nil, none, append(ds, engine.Diagnostic{Code: "gradebook/no-sheet", Severity: engine.Error, File: file,
			Message: "no gradebook sheet found: a gradebook sheet starts with Student and ID in A1 and B1"})
	}
	book := &engine.Gradebook{File: file, Assignments: wb.Sheets[0].Book.Assignments}
	for _, sh := range wb.Sheets {
		if !sameAssignments(book.Assignments, sh.Book.Assignments) {
			return nil, none, append(ds, engine.Diagnostic{Code: "gradebook/sheets-differ", Severity: engine.Error, File: file,
				Message: fmt.Sprintf("sheets %q and %q have different assignments, so they cannot be graded as one list; use norms fill, which grades each sheet", wb.Sheets[0].Name, sh.Name)})
		}
		book.Students = append(book.Students, sh.Book.Students...)
	}
	locate := func(ds engine.Diagnostics) engine.Diagnostics {
		out := make(engine.Diagnostics, len(ds))
		for i, d := range ds {
			out[i] = wb.locateBook(d)
		}
		return out
	}
	return book, locate, append(ds, locate(book.CheckShape())...)
}

// locateBook is locate for a diagnostic about the gradebook ReadGradebook
// made of w's sheets: students in sheet order, the assignments of the
// first (every sheet has the same).
func (w *Workbook) locateBook(d engine.Diagnostic) engine.Diagnostic {
	if d.File != "" && d.File != w.File {
		return d
	}
	if assignmentPath.MatchString(d.Path) {
		return w.locate(w.Sheets[0], d)
	}
	m := studentPath.FindStringSubmatchIndex(d.Path)
	if m == nil {
		return d
	}
	i, _ := strconv.Atoi(d.Path[m[2]:m[3]])
	for _, sh := range w.Sheets {
		if n := len(sh.Book.Students); i >= n {
			i -= n
			continue
		}
		// The path within the sheet's own gradebook, as Fill grades it.
		d.Path = fmt.Sprintf("students[%d]%s", i, d.Path[m[3]+1:])
		return w.locate(sh, d)
	}
	return d
}

// sameAssignments reports whether two sheets list the same assignments, so
// their students can be graded as one list.
func sameAssignments(a, b []engine.Assignment) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Name != b[i].Name || !strings.EqualFold(a[i].Category, b[i].Category) || a[i].Possible != b[i].Possible || a[i].ExtraCredit != b[i].ExtraCredit {
			return false
		}
	}
	return true
}

// Ungraded is one error per student Fill could not grade (a result with
// Error set), at the student's row of its sheet, such as "Gradebook!A7:
// could not grade Ana Ruiz (s1): ...". reports are Fill's, in the order of
// w.Sheets. Fill still writes the other students' results; norms fill
// exits 1 when there are any.
func (w *Workbook) Ungraded(reports []*engine.Report) engine.Diagnostics {
	var ds engine.Diagnostics
	for i, rep := range reports {
		if rep == nil || i >= len(w.Sheets) {
			continue
		}
		sh := w.Sheets[i]
		for j, s := range rep.Students {
			if s.Error == "" {
				continue
			}
			ref := quoteSheet(sh.Name)
			if j < len(sh.StudentRows) {
				ref += "!" + cellName(sh.nameCol+1, sh.StudentRows[j])
			}
			ds = append(ds, engine.Diagnostic{Code: "grade/student", Severity: engine.Error, File: w.File, Path: ref,
				Message: fmt.Sprintf("%s: could not grade %s (%s): %s", ref, s.Name, s.ID, s.Error)})
		}
	}
	return ds
}
