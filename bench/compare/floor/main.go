// Command floor does what bench's BenchmarkFloor does, once, as a process
// of its own for bench/compare/run.sh: open the book with excelize, read
// every cell of the Gradebook sheet with the row iterator, save it
// unchanged.
//
//	floor BOOK.xlsx OUT.xlsx
package main

import (
	"fmt"
	"os"

	"github.com/xuri/excelize/v2"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: floor BOOK.xlsx OUT.xlsx")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
}

func run(path, out string) error {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := f.Rows("Gradebook")
	if err != nil {
		return err
	}
	cellsRead := 0
	for rows.Next() {
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return err
		}
		cellsRead += len(cols)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	if cellsRead == 0 {
		return fmt.Errorf("%s: no cells read", path)
	}
	return f.SaveAs(out)
}
