package main

import (
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/teamnorms/norms/engine"
)

// writeTable writes the report as aligned columns for people: the team's
// name, then one row per student. Category percents are shown to 2 places
// (the exact values are in the csv and json formats); "-" marks a percent
// with nothing counted yet.
func writeTable(w io.Writer, rep *engine.Report) {
	head := []string{"Student", "ID"}
	for _, c := range rep.Categories {
		head = append(head, c.Name)
	}
	head = append(head, "Final", "Letter", "Projected", "Flags")
	rows := [][]string{head}
	for _, s := range rep.Students {
		row := []string{s.Name, s.ID}
		if s.Error != "" {
			// The last cell of a row is not aligned, so a long message
			// does not widen the percent columns of every other row.
			rows = append(rows, append(row, "could not grade: "+s.Error))
			continue
		}
		for _, c := range s.Categories {
			row = append(row, twoPlaces(c.Percent))
		}
		projected := "-"
		if s.Projected != nil {
			projected = exact(s.Projected) + " " + s.ProjectedLetter
		}
		row = append(row, orDash(exact(s.Rounded)), orDash(s.Letter), strings.TrimSpace(projected), strings.Join(s.Flags, "; "))
		rows = append(rows, row)
	}
	// Numbers line up on the right: the category columns, Final, Projected.
	right := map[int]bool{}
	for i := range rep.Categories {
		right[2+i] = true
	}
	right[2+len(rep.Categories)] = true
	if rep.Team != "" {
		io.WriteString(w, rep.Team+"\n\n")
	}
	alignColumns(w, rows, right)
}

// alignColumns writes rows with every column as wide as its widest cell and
// two spaces between columns. The last cell of each row is written as is,
// not padded and not counted in its column's width.
func alignColumns(w io.Writer, rows [][]string, right map[int]bool) {
	var width []int
	for _, row := range rows {
		for i, cell := range row[:len(row)-1] {
			if i == len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		b.Reset()
		for i, cell := range row {
			if i > 0 {
				b.WriteString("  ")
			}
			if i == len(row)-1 {
				b.WriteString(cell)
				break
			}
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell))
			if right[i] {
				b.WriteString(pad + cell)
			} else {
				b.WriteString(cell + pad)
			}
		}
		io.WriteString(w, strings.TrimRight(b.String(), " ")+"\n")
	}
}

// writeCSV writes one row per student with exact values, for spreadsheets
// and scripts. A student who could not be graded has blank values (the
// reason is printed on stderr).
func writeCSV(w io.Writer, rep *engine.Report) error {
	cw := newCSVWriter(w)
	head := []string{"student", "id"}
	for _, c := range rep.Categories {
		head = append(head, c.Name)
	}
	head = append(head, "final", "rounded", "letter", "projected", "projected_letter", "flags", "missing_count")
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, s := range rep.Students {
		row := []string{s.Name, s.ID}
		if s.Error != "" {
			row = append(row, make([]string, len(head)-len(row))...)
		} else {
			for _, c := range s.Categories {
				row = append(row, exact(c.Percent))
			}
			row = append(row, exact(s.Final), exact(s.Rounded), s.Letter, exact(s.Projected), s.ProjectedLetter,
				strings.Join(s.Flags, "; "), strconv.Itoa(s.MissingCount))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// exact writes a decimal exactly, without trailing zeros ("89.5"), as the
// JSON report does; nil (nothing counted) is the empty string.
func exact(d *engine.Decimal) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// twoPlaces shows a percent rounded half up to 2 places, for the table
// only; "-" when nothing counted.
func twoPlaces(d *engine.Decimal) string {
	if d == nil {
		return "-"
	}
	return d.Round(2, "half_up").String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
