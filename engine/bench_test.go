package engine

import (
	"math"
	"os"
	"testing"

	"github.com/teamnorms/norms/internal/school"
)

// schoolNorms are the norms of the grading benchmark: three categories with
// drop_lowest, a late expression and two flags. The file is shared with
// internal/reportjson's tests (wasm/npm/bench/school.js copies it for pages).
var schoolNorms = func() string {
	b, err := os.ReadFile("../testdata/bench/school.yaml")
	if err != nil {
		panic(err)
	}
	return string(b)
}()

// schoolBook is the benchmark school (internal/school: students x 60
// assignments, about 3% missing, 1% blank, 5% late scores) as a Gradebook,
// built directly so the benchmark times grading alone.
func schoolBook(students int) *Gradebook {
	sb := school.New(students)
	b := &Gradebook{}
	for _, a := range sb.Assignments {
		b.Assignments = append(b.Assignments, Assignment{Name: a.Name, Category: a.Category, Possible: Points(a.Possible * pointsScale)})
	}
	for _, s := range sb.Students {
		st := Student{ID: s.ID, Name: s.Name, Scores: make([]Score, len(s.Scores))}
		for j, sc := range s.Scores {
			switch {
			case sc.Missing:
				st.Scores[j] = Score{Status: MissingWork}
			case sc.Blank:
				st.Scores[j] = Score{Status: Blank}
			default:
				st.Scores[j] = Score{Status: Graded, Earned: Points(sc.Points * pointsScale), DaysLate: sc.DaysLate}
			}
		}
		b.Students = append(b.Students, st)
	}
	return b
}

// floorResult is what the hand-written floor computes for one student.
type floorResult struct {
	cats      [3]float64
	final     float64
	letter    string
	projected float64
	flags     int
}

// handWritten grades the benchmark school with no engine: plain Go on
// float64, the rules of schoolNorms written out by hand, with no allocation
// and no sorting (the few lowest scores to drop are tracked as they go by).
// It is the floor the engine's speed is measured against.
func handWritten(b *Gradebook, out []floorResult) {
	type span struct{ from, to, drop int }
	spans := [3]span{{0, 30, 2}, {30, 50, 1}, {50, 60, 1}}
	weights := [3]float64{20, 30, 50}
	for si := range b.Students {
		st := &b.Students[si]
		missing := 0
		for _, sc := range st.Scores {
			if sc.Status == MissingWork {
				missing++
			}
		}
		var r floorResult
		for pass := 0; pass < 2; pass++ { // 0: current, 1: projected
			num, den := 0.0, 0.0
			for c, sp := range spans {
				n := 0
				se, sp2, sum := 0.0, 0.0, 0.0
				// low holds the drop lowest percents seen so far, ascending,
				// with their points (equal possible within each category, so
				// the lowest percents are the best set to drop).
				var low [2]struct{ pct, e, p float64 }
				nl := 0
				for j := sp.from; j < sp.to; j++ {
					sc := st.Scores[j]
					possible := float64(b.Assignments[j].Possible) / pointsScale
					earned := 0.0
					switch sc.Status {
					case Excused:
						continue
					case Blank:
						if pass == 0 {
							continue
						}
					case Graded:
						earned = float64(sc.Earned) / pointsScale
						if sc.DaysLate > 0 {
							ded := math.Min(float64(sc.DaysLate)*10, 30)
							earned = math.Max(earned/possible*100-ded, 0) * possible / 100
						}
					}
					pct := earned / possible
					n++
					se += earned
					sp2 += possible
					sum += pct
					// Insert into the lowest-k list; an equal percent keeps
					// the earlier score first.
					for k := 0; k < sp.drop; k++ {
						if k == nl || pct < low[k].pct {
							copy(low[k+1:sp.drop], low[k:sp.drop-1])
							low[k] = struct{ pct, e, p float64 }{pct, earned, possible}
							if nl < sp.drop {
								nl++
							}
							break
						}
					}
				}
				if n == 0 {
					continue
				}
				drop := min(sp.drop, n-1)
				for k := 0; k < drop; k++ {
					se -= low[k].e
					sp2 -= low[k].p
					sum -= low[k].pct
				}
				v := 100 * se / sp2
				if c == 1 {
					v = 100 * sum / float64(n-drop)
				}
				if pass == 0 {
					r.cats[c] = v
				}
				num += weights[c] * v
				den += weights[c]
			}
			f := math.Floor(num/den + 0.5)
			if pass == 0 {
				r.final = f
				switch {
				case f >= 90:
					r.letter = "A"
				case f >= 80:
					r.letter = "B"
				case f >= 70:
					r.letter = "C"
				case f >= 60:
					r.letter = "D"
				default:
					r.letter = "F"
				}
			} else {
				r.projected = f
			}
		}
		if r.cats[1] < 70 {
			r.flags++
		}
		if missing >= 3 {
			r.flags++
		}
		out[si] = r
	}
}

// TestHandWrittenAgrees keeps the benchmark honest: the floor computes the
// same letters as the engine (floats may differ from exact decimals only in
// digits no rounding sees on this data).
func TestHandWrittenAgrees(t *testing.T) {
	book := schoolBook(300)
	prog, ds := Check("school.yaml", []byte(schoolNorms))
	if prog == nil {
		t.Fatal(ds)
	}
	rep, ds := prog.Grade(book)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	floor := make([]floorResult, len(book.Students))
	handWritten(book, floor)
	for i, s := range rep.Students {
		if s.Letter != floor[i].letter || len(s.Flags) != floor[i].flags || s.Rounded.Float64() != floor[i].final || s.Projected.Float64() != floor[i].projected {
			t.Errorf("%s: engine %s %s flags %v projected %s, hand-written %v %s flags %d projected %v",
				s.ID, s.Rounded, s.Letter, s.Flags, s.Projected, floor[i].final, floor[i].letter, floor[i].flags, floor[i].projected)
		}
	}
}

// BenchmarkGradeSchool grades 2,000 students x 60 assignments with the
// engine; BenchmarkHandWrittenSchool is the floor. Compare ns/op.
func BenchmarkGradeSchool(b *testing.B) {
	book := schoolBook(2000)
	prog, ds := Check("school.yaml", []byte(schoolNorms))
	if prog == nil {
		b.Fatal(ds)
	}
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		if _, ds := prog.Grade(book); ds.HasErrors() {
			b.Fatal(ds)
		}
	}
	reportCPU(b, start, 2000)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/2000, "ns/student")
}

func BenchmarkHandWrittenSchool(b *testing.B) {
	book := schoolBook(2000)
	out := make([]floorResult, len(book.Students))
	b.ReportAllocs()
	start := cpuTime()
	for b.Loop() {
		handWritten(book, out)
	}
	reportCPU(b, start, 2000)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/2000, "ns/student")
}

// BenchmarkCompile compiles the benchmark norms from text.
func BenchmarkCompile(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if p, ds := Check("school.yaml", []byte(schoolNorms)); p == nil {
			b.Fatal(ds)
		}
	}
}

// BenchmarkReadGradebookCSV reads the benchmark school (2,000 x 60) from
// CSV, as a teacher's export reaches every face.
func BenchmarkReadGradebookCSV(b *testing.B) {
	data := school.New(2000).CSV()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, ds := ReadGradebookCSV("school.csv", data); ds.HasErrors() {
			b.Fatal(ds)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/2000, "ns/student")
}
