package report

import (
	"fmt"
	"path"
	"strings"

	"github.com/teamnorms/norms/engine"
)

// This file turns the team's gradebook files into the report's sections,
// for every face that builds a report or a diff (the CLI from paths, the
// browser module from the files a page opened), so that each only reads
// bytes into gradebooks and all name their sections alike.

// Sheet is one gradebook sheet of a workbook, as package xlsx reads it:
// the sheet's name and its gradebook.
type Sheet struct {
	Name string
	Book *engine.Gradebook
}

// BookSection is the section of a CSV or JSON gradebook file, named by the
// file's base name.
func BookSection(file string, book *engine.Gradebook) Section {
	return Section{Name: baseName(file), File: file, Book: book}
}

// WorkbookSections are the sections of a workbook's gradebook sheets: one
// section named as the file when it has one sheet, one per sheet named by
// the sheet when it has several. Each sheet's gradebook is checked
// (Gradebook.CheckShape) and named by the file; a workbook with no
// gradebook sheet is an error.
func WorkbookSections(file string, sheets []Sheet) ([]Section, engine.Diagnostics) {
	var ds engine.Diagnostics
	if len(sheets) == 0 {
		ds = append(ds, engine.Diagnostic{Code: "gradebook/no-sheet", Severity: engine.Error, File: file,
			Message: "no gradebook sheet found: a gradebook sheet starts with Student and ID in A1 and B1"})
	}
	var out []Section
	for _, sh := range sheets {
		s := BookSection(file, sh.Book)
		if len(sheets) > 1 {
			s.Name = sh.Name
			s.File = fmt.Sprintf("%s (sheet %s)", file, sh.Name)
		}
		sh.Book.File = file
		ds = append(ds, sh.Book.CheckShape()...)
		out = append(out, s)
	}
	return out, ds
}

// NameSections gives every section its own name: two books of the same
// file name in different folders are named by their paths.
func NameSections(sections []Section) {
	count := map[string]int{}
	for _, s := range sections {
		count[s.Name]++
	}
	for i, s := range sections {
		if count[s.Name] > 1 && s.Name == baseName(s.File) {
			sections[i].Name = s.File
		}
	}
}

// baseName is the last element of a file's path, with either separator.
func baseName(file string) string {
	return path.Base(strings.ReplaceAll(file, `\`, "/"))
}
