package bench

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"

	"github.com/xuri/excelize/v2"
)

// Size is one generated gradebook: Students rows x Assignments scores.
type Size struct{ Students, Assignments int }

// Sizes are the books measured: a class, a school, a district.
var Sizes = []Size{{30, 40}, {2000, 60}, {20000, 60}}

// BookName is the file name of the book of n students x m assignments.
func BookName(n, m int) string { return fmt.Sprintf("book-%dx%d.xlsx", n, m) }

var (
	categories = []string{"Homework", "Quizzes", "Tests"}
	possible   = []int{10, 20, 100}
)

// score is what student i has in assignment j: a deterministic mix of what
// teachers type (M, EX, blanks, late work, points). styled says the cell
// has a fill in the book.
func score(i, j int) (v any, styled bool) {
	k := (i*31 + j*7) % 50
	switch {
	case k == 0:
		v = "M"
	case k == 1:
		v = "EX"
	case k == 2:
		v = nil
	case k == 3:
		v = fmt.Sprintf("%d late 2", possible[j%3]*8/10)
	default:
		v = possible[j%3] * (50 + k) / 100
	}
	return v, k == 4
}

// header returns the three header rows of the Norms template.
func header(m int) (names, cats, pts []string) {
	names = []string{"Student", "ID"}
	cats = []string{"Category", ""}
	pts = []string{"Points Possible", ""}
	for j := 0; j < m; j++ {
		names = append(names, fmt.Sprintf("%s %d", categories[j%3], j/3+1))
		cats = append(cats, categories[j%3])
		pts = append(pts, fmt.Sprint(possible[j%3]))
	}
	return names, cats, pts
}

// WriteBook writes the gradebook of n students x m assignments into dir,
// unless it is there already, and returns its path. It has what real books
// have: a styled header, a fill on some score cells, a frozen pane and a
// second sheet.
func WriteBook(dir string, n, m int) (path string, err error) {
	path = filepath.Join(dir, BookName(n, m))
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Gradebook"); err != nil {
		return "", err
	}
	if _, err := f.NewSheet("Notes"); err != nil {
		return "", err
	}
	if err := f.SetCellValue("Notes", "A1", "Parent conferences on Thursday"); err != nil {
		return "", err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return "", err
	}
	yellow, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}})
	if err != nil {
		return "", err
	}
	sw, err := f.NewStreamWriter("Gradebook")
	if err != nil {
		return "", err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 2, YSplit: 3, TopLeftCell: "C4", ActivePane: "bottomRight"}); err != nil {
		return "", err
	}
	names, _, _ := header(m)
	head := []any{excelize.Cell{StyleID: bold, Value: "Student"}, excelize.Cell{StyleID: bold, Value: "ID"}}
	catRow := []any{"Category", nil}
	ptsRow := []any{"Points Possible", nil}
	for j := 0; j < m; j++ {
		head = append(head, excelize.Cell{StyleID: bold, Value: names[j+2]})
		catRow = append(catRow, categories[j%3])
		ptsRow = append(ptsRow, possible[j%3])
	}
	for r, row := range [][]any{head, catRow, ptsRow} {
		if err := sw.SetRow(fmt.Sprintf("A%d", r+1), row); err != nil {
			return "", err
		}
	}
	for i := 0; i < n; i++ {
		row := []any{fmt.Sprintf("Student %d", i+1), fmt.Sprintf("s%06d", i+1)}
		for j := 0; j < m; j++ {
			v, styled := score(i, j)
			if styled {
				v = excelize.Cell{StyleID: yellow, Value: v}
			}
			row = append(row, v)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		if err := sw.SetRow(cell, row); err != nil {
			return "", err
		}
	}
	if err := sw.Flush(); err != nil {
		return "", err
	}
	return path, f.SaveAs(path)
}

// WriteCSV writes the same gradebook as WriteBook as a CSV gradebook (for
// norms grade) to path.
func WriteCSV(path string, n, m int) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	w := csv.NewWriter(out)
	names, cats, pts := header(m)
	w.Write(names)
	w.Write(cats)
	w.Write(pts)
	row := make([]string, m+2)
	for i := 0; i < n; i++ {
		row[0], row[1] = fmt.Sprintf("Student %d", i+1), fmt.Sprintf("s%06d", i+1)
		for j := 0; j < m; j++ {
			v, _ := score(i, j)
			if v == nil {
				row[j+2] = ""
			} else {
				row[j+2] = fmt.Sprint(v)
			}
		}
		w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
