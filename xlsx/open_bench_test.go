package xlsx

import (
	"fmt"
	"testing"
)

// BenchmarkOpen reads a template gradebook of numbers, as norms grade and
// the first half of norms fill do: the package, the shared strings, the
// styles and every cell of the sheet.
func BenchmarkOpen(b *testing.B) {
	for _, size := range []struct{ students, assignments int }{{30, 40}, {2000, 60}} {
		b.Run(fmt.Sprintf("rows=%d/cols=%d", size.students, size.assignments), func(b *testing.B) {
			head, cats, possible := []any{"Student", "ID"}, []any{"Category", nil}, []any{"Points Possible", nil}
			for j := 0; j < size.assignments; j++ {
				head = append(head, fmt.Sprintf("HW %d", j+1))
				cats = append(cats, "Homework")
				possible = append(possible, 10)
			}
			rows := cells{head, cats, possible}
			for i := 0; i < size.students; i++ {
				row := []any{fmt.Sprintf("Student %d", i), fmt.Sprintf("s%d", i)}
				for j := 0; j < size.assignments; j++ {
					row = append(row, (i+j)%11)
				}
				rows = append(rows, row)
			}
			data := build(b, map[string]cells{"Gradebook": rows}, []string{"Gradebook"}, nil)
			b.SetBytes(int64(len(data)))
			b.ResetTimer()
			for b.Loop() {
				w, ds := Open("book.xlsx", data, Options{})
				if ds.HasErrors() {
					b.Fatal(ds)
				}
				if len(w.Sheets[0].Book.Students) != size.students {
					b.Fatalf("%d students, want %d", len(w.Sheets[0].Book.Students), size.students)
				}
				w.Close()
			}
		})
	}
}
