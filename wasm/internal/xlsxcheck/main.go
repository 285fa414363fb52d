// Command xlsxcheck makes and compares the workbooks of the tests of the
// browser module that reads and fills .xlsx files (wasm/npm/test and
// wasm/npm/e2e): the Node tests have no excelize, so they ask this command
// for a sample workbook and for the verdict on what the module filled,
// which must be what `norms fill` writes from the same inputs.
//
//	xlsxcheck sample OUT.xlsx [SHEET!CELL=VALUE]...
//	xlsxcheck compare WANT.xlsx GOT.xlsx
//
// sample writes the starter gradebook (engine/starter/gradebook.csv, what
// `norms init` writes) as a workbook with one Gradebook sheet, numbers as
// numbers, then sets the cells given (a value of "" empties a cell), so a
// test can make a workbook with a mistake in a known cell.
//
// compare opens both workbooks with excelize and checks that they have the
// same sheets in the same order and, in every sheet, the same value and
// formula in every cell. It prints "same: ..." and exits 0, or lists the
// differences (at most 20) and exits 1.
package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/teamnorms/norms/engine/starter"
	"github.com/xuri/excelize/v2"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = "usage: xlsxcheck sample OUT.xlsx [SHEET!CELL=VALUE]... | xlsxcheck compare WANT.xlsx GOT.xlsx"

func run(args []string, stdout, stderr io.Writer) int {
	var err error
	switch {
	case len(args) >= 2 && args[0] == "sample":
		err = sample(args[1], args[2:])
	case len(args) == 3 && args[0] == "compare":
		var same bool
		same, err = compare(args[1], args[2], stdout)
		if err == nil && !same {
			return 1
		}
	default:
		fmt.Fprintln(stderr, usage)
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "xlsxcheck:", err)
		return 1
	}
	return 0
}

// sample writes the starter gradebook as a workbook to out, with edits
// ("Gradebook!D7=abc") applied.
func sample(out string, edits []string) error {
	recs, err := csv.NewReader(bytes.NewReader(starter.GradebookCSV)).ReadAll()
	if err != nil {
		return fmt.Errorf("the starter gradebook: %v", err)
	}
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Gradebook"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	for r, rec := range recs {
		for c, v := range rec {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			// Scores and points typed as numbers, as a teacher's workbook
			// has them; names, IDs, dates and marks (M, 45 late 2) as text.
			if n, err := strconv.ParseFloat(v, 64); err == nil && c >= 2 {
				err = f.SetCellFloat(sheet, cell, n, -1, 64)
				if err != nil {
					return err
				}
			} else if v != "" {
				if err := f.SetCellStr(sheet, cell, v); err != nil {
					return err
				}
			}
		}
	}
	for _, e := range edits {
		ref, value, ok := strings.Cut(e, "=")
		sh, cell, ok2 := strings.Cut(ref, "!")
		if !ok || !ok2 {
			return fmt.Errorf("an edit is written SHEET!CELL=VALUE, such as Gradebook!D7=abc, not %q", e)
		}
		if err := f.SetCellStr(sh, cell, value); err != nil {
			return fmt.Errorf("%s: %v", ref, err)
		}
	}
	return f.SaveAs(out)
}

// compare reports whether the workbooks want and got hold the same sheets
// with the same values and formulas, writing what differs to w.
func compare(want, got string, w io.Writer) (bool, error) {
	a, err := excelize.OpenFile(want)
	if err != nil {
		return false, fmt.Errorf("cannot open %s: %v", want, err)
	}
	defer a.Close()
	b, err := excelize.OpenFile(got)
	if err != nil {
		return false, fmt.Errorf("cannot open %s: %v", got, err)
	}
	defer b.Close()
	var diffs []string
	differ := func(format string, args ...any) { diffs = append(diffs, fmt.Sprintf(format, args...)) }
	sa, sb := a.GetSheetList(), b.GetSheetList()
	if strings.Join(sa, "\x00") != strings.Join(sb, "\x00") {
		differ("sheets: %s has %q, %s has %q", want, sa, got, sb)
	}
	cells := 0
	for _, sheet := range sa {
		if idx, _ := b.GetSheetIndex(sheet); idx < 0 {
			continue
		}
		ra, err := a.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return false, fmt.Errorf("%s: sheet %s: %v", want, sheet, err)
		}
		rb, err := b.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			return false, fmt.Errorf("%s: sheet %s: %v", got, sheet, err)
		}
		for r := 0; r < max(len(ra), len(rb)); r++ {
			for c := 0; c < max(rowLen(ra, r), rowLen(rb, r)); c++ {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				va, vb := at(ra, r, c), at(rb, r, c)
				fa, _ := a.GetCellFormula(sheet, cell)
				fb, _ := b.GetCellFormula(sheet, cell)
				if va != "" || vb != "" {
					cells++
				}
				if va != vb {
					differ("%s!%s: %s has %q, %s has %q", sheet, cell, want, va, got, vb)
				}
				if fa != fb {
					differ("%s!%s: %s has the formula =%s, %s has =%s", sheet, cell, want, fa, got, fb)
				}
			}
		}
	}
	if len(diffs) == 0 {
		fmt.Fprintf(w, "same: %d sheets (%s), %d cells with a value\n", len(sa), strings.Join(sa, ", "), cells)
		return true, nil
	}
	fmt.Fprintf(w, "%d differences between %s and %s:\n", len(diffs), want, got)
	for i, d := range diffs {
		if i == 20 {
			fmt.Fprintf(w, "  ... and %d more\n", len(diffs)-20)
			break
		}
		fmt.Fprintln(w, " ", d)
	}
	return false, nil
}

func rowLen(rows [][]string, r int) int {
	if r < len(rows) {
		return len(rows[r])
	}
	return 0
}

func at(rows [][]string, r, c int) string {
	if r < len(rows) && c < len(rows[r]) {
		return rows[r][c]
	}
	return ""
}
