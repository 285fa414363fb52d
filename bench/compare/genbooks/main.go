// Command genbooks writes the books of bench/compare/run.sh into a
// directory: for each size, the gradebook bench's benchmarks measure
// (book-NxM.xlsx), the same gradebook as CSV (book-NxM.csv, for norms
// grade), and the starter norms file (norms.yaml).
//
//	go run ./bench/compare/genbooks DIR [30x40 2000x60 20000x60]
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/teamnorms/norms/bench"
	"github.com/teamnorms/norms/engine/starter"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: genbooks DIR [NxM]...")
		os.Exit(2)
	}
	dir := os.Args[1]
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail(err)
	}
	sizes := bench.Sizes
	if len(os.Args) > 2 {
		sizes = nil
		for _, a := range os.Args[2:] {
			var s bench.Size
			if _, err := fmt.Sscanf(a, "%dx%d", &s.Students, &s.Assignments); err != nil {
				fail(fmt.Errorf("size %q: want NxM, such as 2000x60", a))
			}
			sizes = append(sizes, s)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "norms.yaml"), []byte(starter.NormsYAML), 0o644); err != nil {
		fail(err)
	}
	for _, s := range sizes {
		path, err := bench.WriteBook(dir, s.Students, s.Assignments)
		if err != nil {
			fail(err)
		}
		csv := strings.TrimSuffix(path, ".xlsx") + ".csv"
		if err := bench.WriteCSV(csv, s.Students, s.Assignments); err != nil {
			fail(err)
		}
		fmt.Println(path)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "genbooks:", err)
	os.Exit(1)
}
