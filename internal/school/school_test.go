package school

import (
	"flag"
	"os"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/bench/school-50.* from the current output")

// TestGolden keeps the generator fixed: wasm/npm/bench/school.js must write
// the same files (wasm/npm/test/package.test.js compares it with them), so
// a change to either generator shows here or there.
func TestGolden(t *testing.T) {
	b := New(50)
	for name, got := range map[string][]byte{"school-50.csv": b.CSV(), "school-50.json": b.JSON()} {
		path := "../../testdata/bench/" + name
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test ./internal/school -update writes it)", err)
		}
		if string(got) != string(want) {
			t.Errorf("%s: the generator writes %d bytes that differ from the golden file's %d", name, len(got), len(want))
		}
	}
}

func TestShape(t *testing.T) {
	b := New(2000)
	if len(b.Assignments) != 60 || len(b.Students) != 2000 {
		t.Fatalf("%d assignments, %d students; want 60 and 2000", len(b.Assignments), len(b.Students))
	}
	var missing, blank, late, all int
	for _, s := range b.Students {
		for j, sc := range s.Scores {
			all++
			switch {
			case sc.Missing:
				missing++
			case sc.Blank:
				blank++
			case sc.DaysLate > 0:
				late++
			}
			if sc.Points < 0 || sc.Points > b.Assignments[j].Possible {
				t.Fatalf("%s: %d points of %d", s.ID, sc.Points, b.Assignments[j].Possible)
			}
		}
	}
	// About 3% missing, 1% blank, 5% late.
	for _, c := range []struct {
		what     string
		n        int
		lo, high float64
	}{{"missing", missing, 0.025, 0.035}, {"blank", blank, 0.007, 0.013}, {"late", late, 0.045, 0.055}} {
		if f := float64(c.n) / float64(all); f < c.lo || f > c.high {
			t.Errorf("%s: %.4f of the scores, want %.3f-%.3f", c.what, f, c.lo, c.high)
		}
	}
}
