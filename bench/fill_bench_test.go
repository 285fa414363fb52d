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

// wantDistrict says whether the -bench pattern names the district (20,000
// rows), which is generated only then, as it takes a while.
func wantDistrict() bool {
	f := flag.Lookup("test.bench")
	return f != nil && strings.Contains(f.Value.String(), "20000")
}

// book writes the gradebook of n students x m assignments into dir (once)
// and returns its path.
func book(b *testing.B, dir string, n, m int) string {
	b.Helper()
	path, err := WriteBook(dir, n, m)
	if err != nil {
		b.Fatal(err)
	}
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
	for _, s := range Sizes {
		b.Run(fmt.Sprintf("rows=%d/cols=%d", s.Students, s.Assignments), func(b *testing.B) {
			if s.Students >= 20000 && !wantDistrict() {
				b.Skip("the 20,000-row book runs only when -bench names it: -bench '/rows=20000'")
			}
			path := book(b, dir, s.Students, s.Assignments)
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
