package engine

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// ReadGradebookCSV reads the CSV form of a gradebook (docs/gradebook-json.md):
//
//	Student,ID,HW 1,HW 2,Quiz 1
//	Category,,Homework,Homework,Quizzes
//	Points Possible,,10,10,20
//	Due,,2026-09-03,2026-09-10,2026-09-12      (optional)
//	Extra Credit,,,,                           (optional: yes, true or x)
//	Ana Lopez,s1,9,M,18 late 2
//
// Diagnostics name the row and column as line:column (column counts cells),
// and the path names the assignment.
func ReadGradebookCSV(file string, data []byte) (*Gradebook, Diagnostics) {
	errAt := func(row, col int, path, format string, args ...any) Diagnostic {
		return Diagnostic{Code: "gradebook/invalid", Severity: Error, File: file, Pos: Pos{Line: row, Column: col}, Path: path, Message: fmt.Sprintf(format, args...)}
	}
	if len(data) > maxBookBytes {
		return nil, Diagnostics{errAt(0, 0, "", "the gradebook is %d bytes; the limit is %d", len(data), maxBookBytes)}
	}
	if utf16Text(data) {
		return nil, Diagnostics{errAt(1, 1, "", utf16Advice)}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // Excel's UTF-8 byte order mark
	// Records are read one at a time into one reused slice (ReuseRecord):
	// reading the whole file first (ReadAll) kept every row's slice alive
	// and doubled what a large book allocates. Cells are strings of their
	// own either way, so names and IDs kept from a record stay valid.
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = csvSeparator(data) // , or, as Excel writes CSV in some languages, ; or tab
	r.FieldsPerRecord = -1
	// (Not with tabs between columns: it would trim the tab of an empty
	// cell too, moving the next cell left; cells are trimmed later anyway.)
	r.TrimLeadingSpace = r.Comma != '\t'
	r.ReuseRecord = true
	notCSV := func(err error) Diagnostics {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if line, _, cell, ok := unclosedQuote(data, pe, byte(r.Comma)); ok {
				return Diagnostics{errAt(line, cell, "", `this is not valid CSV: the quoted cell that starts here is never closed; add the closing " or, inside a quoted cell, write each " as ""`)}
			}
			return Diagnostics{errAt(pe.Line, pe.Column, "", "this is not valid CSV: %v", pe.Err)}
		}
		return Diagnostics{errAt(0, 0, "", "this is not valid CSV: %v", err)}
	}
	head, err := r.Read()
	if err == io.EOF {
		return nil, Diagnostics{errAt(1, 1, "", "the gradebook is empty; the first row must be Student, ID, then assignment names")}
	} else if err != nil {
		return nil, notCSV(err)
	}
	head = slices.Clone(head)
	if len(head) < 2 || !strings.EqualFold(strings.TrimSpace(head[0]), "student") || !strings.EqualFold(strings.TrimSpace(head[1]), "id") {
		return nil, Diagnostics{errAt(1, 1, "", "the first row must start with the columns Student and ID, then one column per assignment")}
	}
	book := &Gradebook{File: file}
	var ds Diagnostics
	for c := 2; c < len(head); c++ {
		name := strings.TrimSpace(head[c])
		if name == "" {
			ds = append(ds, errAt(1, c+1, "", "column %s has no assignment name", columnName(c)))
		}
		for _, a := range book.Assignments {
			if a.Name == name && name != "" {
				ds = append(ds, errAt(1, c+1, "", "assignment %q appears twice; names must be unique", name))
			}
		}
		book.Assignments = append(book.Assignments, Assignment{Name: name, Column: c + 1})
	}
	seen := map[string]bool{}
	// row is the 0-based index of the record read (the header is 0), so
	// row+1 is its line when no cell spans lines.
	row := 0
	setup := true // setup rows come first, each named by its first cell
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		} else if err != nil {
			return nil, notCSV(err)
		}
		row++
		if setup {
			label, ok := SetupRow(first(rec))
			if ok {
				if seen[label] {
					ds = append(ds, errAt(row+1, 1, "", "the %q row appears twice", rec[0]))
				}
				seen[label] = true
				for c := 2; c < len(head); c++ {
					cell := ""
					if c < len(rec) {
						cell = strings.TrimSpace(rec[c])
					}
					a := &book.Assignments[c-2]
					if label == "category" {
						book.CategoryLine = row + 1
					}
					if path, err := a.SetFromSetupRow(label, cell); err != nil {
						ds = append(ds, errAt(row+1, c+1, fmt.Sprintf("assignments[%d].%s", c-2, path), "%v", err))
					}
				}
				continue
			}
			setup = false
			if missing := missingSetupRow(seen, row, errAt); missing != nil {
				return nil, append(ds, *missing).sortAndCap()
			}
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) > len(head) {
			ds = append(ds, errAt(row+1, len(head)+1, "", "this row has %d cells but the header has %d", len(rec), len(head)))
		}
		st := Student{Name: strings.TrimSpace(first(rec)), Scores: make([]Score, len(book.Assignments)), Line: row + 1}
		if len(rec) > 1 {
			st.ID = strings.TrimSpace(rec[1])
		}
		i := len(book.Students)
		for c := 2; c < len(rec) && c < len(head); c++ {
			a := book.Assignments[c-2]
			sc, err := ParseScore(rec[c], a.Possible)
			if err != nil {
				ds = append(ds, errAt(row+1, c+1, fmt.Sprintf("students[%d].scores[%q]", i, a.Name), "%s, %s: %v", st.Name, a.Name, err))
				continue
			}
			st.Scores[c-2] = sc
		}
		book.Students = append(book.Students, st)
	}
	if setup {
		// Only setup rows (or none): the check the first student row makes.
		if missing := missingSetupRow(seen, row+1, errAt); missing != nil {
			return nil, append(ds, *missing).sortAndCap()
		}
	}
	ds = append(ds, book.CheckShape()...)
	ds = ds.sortAndCap()
	if ds.HasErrors() {
		return nil, ds
	}
	return book, ds
}

// missingSetupRow is the error of a gradebook without its Category or
// Points Possible row, reported at the 0-based record row (where the first
// student row is), or nil.
func missingSetupRow(seen map[string]bool, row int, errAt func(row, col int, path, format string, args ...any) Diagnostic) *Diagnostic {
	if seen["category"] && seen["points possible"] {
		return nil
	}
	missing := "Category"
	if seen["category"] {
		missing = "Points Possible"
	}
	d := errAt(row+1, 1, "", "the %s row is missing: after the header, give a row starting with Category and a row starting with Points Possible", missing)
	return &d
}

func first(rec []string) string {
	if len(rec) == 0 {
		return ""
	}
	return rec[0]
}

// columnName is the spreadsheet letter of a 0-based column (0 -> A).
func columnName(c int) string {
	s := ""
	for c++; c > 0; c = (c - 1) / 26 {
		s = string(rune('A'+(c-1)%26)) + s
	}
	return s
}

// SetupRow tells whether the first cell of a gradebook row names one of the
// setup rows that come before the students (in CSV and in sheets alike),
// and returns its canonical label: "category", "points possible", "due" or
// "extra credit".
func SetupRow(firstCell string) (string, bool) {
	label := strings.ToLower(strings.Join(strings.Fields(firstCell), " "))
	switch label {
	case "category", "points possible", "due", "extra credit":
		return label, true
	}
	return "", false
}

// SetFromSetupRow sets what one cell of a setup row says about the
// assignment (label as SetupRow gives it). On a bad cell it returns the
// field's name in the JSON form ("possible") and a message a teacher can
// act on; every gradebook reader shares these rules.
func (a *Assignment) SetFromSetupRow(label, cell string) (field string, err error) {
	cell = strings.TrimSpace(cell)
	switch label {
	case "category":
		a.Category = cell
		if cell == "" {
			return "category", fmt.Errorf("assignment %q has no category", a.Name)
		}
	case "points possible":
		d, err := ParseDecimal(cell)
		var pts Points
		if err == nil {
			pts, err = PointsFromDecimal(d)
		}
		if err != nil || pts < 0 {
			return "possible", fmt.Errorf("points possible for %q must be a number of 0 or more, got %q", a.Name, cell)
		}
		a.Possible = pts
	case "due":
		if cell != "" {
			if problem := dueDateProblem(cell); problem != "" {
				// Not kept: CheckShape would report it again, without
				// the cell's place.
				return "due", fmt.Errorf("the due date of %q is %q; %s", a.Name, cell, problem)
			}
		}
		a.Due = cell
	case "extra credit":
		switch strings.ToLower(cell) {
		case "", "no", "false":
		case "yes", "true", "x":
			a.ExtraCredit = true
		default:
			return "extra_credit", fmt.Errorf("write yes or leave blank for extra credit, got %q", cell)
		}
	}
	return "", nil
}

// unclosedQuote finds, for a CSV error about a quote, the quoted cell that
// is never closed, which encoding/csv reports only where it gives up (often
// the end of the file): the line where the cell starts, its column in
// bytes (1-based, as csv.Reader.FieldPos counts) and its cell number
// (1-based). ok is false when the error is not that, or the cell is not
// found. sep is the separator between cells.
func unclosedQuote(data []byte, pe *csv.ParseError, sep byte) (line, col, cell int, ok bool) {
	if !errors.Is(pe.Err, csv.ErrQuote) || pe.StartLine < 1 {
		return 0, 0, 0, false
	}
	// The record's first byte.
	i := 0
	for l := 1; l < pe.StartLine; l++ {
		nl := bytes.IndexByte(data[i:], '\n')
		if nl < 0 {
			return 0, 0, 0, false
		}
		i += nl + 1
	}
	lineStart := i
	cell = 1
	for i < len(data) && data[i] != '\n' {
		// A cell starts at i; blanks before a quote are allowed (a
		// reader may trim them).
		j := i
		for j < len(data) && (data[j] == ' ' || data[j] == '\t') && data[j] != sep {
			j++
		}
		if j < len(data) && data[j] == '"' {
			// A quoted cell: find its closing quote.
			k := j + 1
			spans := false
			for {
				if k >= len(data) {
					return pe.StartLine, j - lineStart + 1, cell, true
				}
				if data[k] == '\n' {
					spans = true
				}
				if data[k] == '"' {
					if k+1 < len(data) && data[k+1] == '"' {
						k += 2
						continue
					}
					break
				}
				k++
			}
			// Closed, but on a later line: when the error is there, this
			// opening quote is the likely mistake.
			if spans && pe.Line > pe.StartLine {
				return pe.StartLine, j - lineStart + 1, cell, true
			}
			i = k + 1
		}
		for i < len(data) && data[i] != sep && data[i] != '\n' {
			i++
		}
		if i < len(data) && data[i] == sep {
			i++
			cell++
		}
	}
	return 0, 0, 0, false
}

// utf16Text reports whether data starts with a UTF-16 byte order mark: what
// Excel writes as "Unicode Text", which the CSV readers cannot read.
func utf16Text(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF})
}

// utf16Advice is the message for a UTF-16 file.
const utf16Advice = "this file is UTF-16 text (Excel's \"Unicode Text\"); save it as \"CSV UTF-8 (Comma delimited)\" and use that file"
