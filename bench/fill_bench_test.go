// Package bench measures norms fill against the floor of any xlsx tool:
// opening a workbook with excelize, reading every cell with the row
// iterator and saving it unchanged. Run:
//
//	go test -run '^$' -bench . -benchtime 3x ./bench            # 30 and 2,000 rows
//	go test -run '^$' -bench '/rows=20000' -benchtime 1x ./bench # 20,000 rows
//
// Each benchmark reports ns/op, the bytes allocated per operation
// (alloc-MiB/op, from runtime.MemStats.TotalAlloc) and the peak heap in use
// while it ran (peak-heap-MiB, HeapInuse sampled every 5 ms). The goal is
// fill within 1.5x of the floor's time and under 300 MiB at every size.
package bench

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
	"github.com/teamnorms/norms/xlsx"
	"github.com/xuri/excelize/v2"
)

// sizes are the books measured: a class, a school, a district. The district
// is generated only when the -bench pattern names it, as it takes a while.
var sizes = []struct{ students, assignments int }{{30, 40}, {2000, 60}, {20000, 60}}

func wantDistrict() bool {
	f := flag.Lookup("test.bench")
	return f != nil && strings.Contains(f.Value.String(), "20000")
}

// book writes a gradebook of n students x m assignments into dir (once)
// and returns its path. It has what real books have: a styled header, a
// fill on some score cells, a frozen pane and a second sheet.
func book(b *testing.B, dir string, n, m int) string {
	b.Helper()
	path := filepath.Join(dir, fmt.Sprintf("book-%dx%d.xlsx", n, m))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		b.Helper()
		if err != nil {
			b.Fatal(err)
		}
	}
	must(f.SetSheetName("Sheet1", "Gradebook"))
	_, err := f.NewSheet("Notes")
	must(err)
	must(f.SetCellValue("Notes", "A1", "Parent conferences on Thursday"))
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	must(err)
	yellow, err := f.NewStyle(&excelize.Style{Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFF2CC"}}})
	must(err)
	sw, err := f.NewStreamWriter("Gradebook")
	must(err)
	must(sw.SetPanes(&excelize.Panes{Freeze: true, XSplit: 2, YSplit: 3, TopLeftCell: "C4", ActivePane: "bottomRight"}))
	cats := []string{"Homework", "Quizzes", "Tests"}
	possible := []int{10, 20, 100}
	head := []any{excelize.Cell{StyleID: bold, Value: "Student"}, excelize.Cell{StyleID: bold, Value: "ID"}}
	catRow := []any{"Category", nil}
	ptsRow := []any{"Points Possible", nil}
	for j := 0; j < m; j++ {
		head = append(head, excelize.Cell{StyleID: bold, Value: fmt.Sprintf("%s %d", cats[j%3], j/3+1)})
		catRow = append(catRow, cats[j%3])
		ptsRow = append(ptsRow, possible[j%3])
	}
	must(sw.SetRow("A1", head))
	must(sw.SetRow("A2", catRow))
	must(sw.SetRow("A3", ptsRow))
	for i := 0; i < n; i++ {
		row := []any{fmt.Sprintf("Student %d", i+1), fmt.Sprintf("s%06d", i+1)}
		for j := 0; j < m; j++ {
			// A deterministic mix of what teachers type.
			k := (i*31 + j*7) % 50
			var v any
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
			if k == 4 {
				v = excelize.Cell{StyleID: yellow, Value: v}
			}
			row = append(row, v)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		must(sw.SetRow(cell, row))
	}
	must(sw.Flush())
	must(f.SaveAs(path))
	return path
}

// measure runs op b.N times and reports allocation and peak heap.
func measure(b *testing.B, op func()) {
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak uint64
	var mu sync.Mutex
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				mu.Lock()
				peak = max(peak, ms.HeapInuse)
				mu.Unlock()
			}
		}
	}()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		op()
	}
	b.StopTimer()
	close(done)
	wg.Wait()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	peak = max(peak, after.HeapInuse)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "alloc-MiB/op")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

func forSizes(b *testing.B, run func(b *testing.B, path, out string)) {
	dir := b.TempDir()
	for _, s := range sizes {
		b.Run(fmt.Sprintf("rows=%d/cols=%d", s.students, s.assignments), func(b *testing.B) {
			if s.students >= 20000 && !wantDistrict() {
				b.Skip("the 20,000-row book runs only when -bench names it: -bench '/rows=20000'")
			}
			path := book(b, dir, s.students, s.assignments)
			run(b, path, filepath.Join(dir, "out.xlsx"))
		})
	}
}

// BenchmarkFloor: open, read every cell with the row iterator, save.
func BenchmarkFloor(b *testing.B) {
	forSizes(b, func(b *testing.B, path, out string) {
		measure(b, func() {
			f, err := excelize.OpenFile(path)
			if err != nil {
				b.Fatal(err)
			}
			rows, err := f.Rows("Gradebook")
			if err != nil {
				b.Fatal(err)
			}
			cellsRead := 0
			for rows.Next() {
				cols, err := rows.Columns(excelize.Options{RawCellValue: true})
				if err != nil {
					b.Fatal(err)
				}
				cellsRead += len(cols)
			}
			rows.Close()
			if cellsRead == 0 {
				b.Fatal("no cells read")
			}
			if err := f.SaveAs(out); err != nil {
				b.Fatal(err)
			}
			f.Close()
		})
	})
}

// BenchmarkFill: what norms fill does: read the file, open and read the
// gradebook, grade, write the results and the Norms sheet, save.
func BenchmarkFill(b *testing.B) {
	p, ds := engine.Check("norms.yaml", starter.NormsYAML)
	if ds.HasErrors() {
		b.Fatal(ds)
	}
	forSizes(b, func(b *testing.B, path, out string) {
		measure(b, func() {
			data, err := os.ReadFile(path)
			if err != nil {
				b.Fatal(err)
			}
			w, ds := xlsx.Open(path, data, xlsx.Options{})
			if ds.HasErrors() {
				b.Fatal(ds)
			}
			if _, ds := w.Fill(p, xlsx.FillOptions{NormsText: starter.NormsYAML, Date: "2026-01-15"}); ds.HasErrors() {
				b.Fatal(ds)
			}
			var buf bytes.Buffer
			if err := w.Write(&buf); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(out, buf.Bytes(), 0o644); err != nil {
				b.Fatal(err)
			}
			w.Close()
		})
	})
}
