package report

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
)

// The page is one html/template (report.html): auto-escaping makes every
// name, note and norms text data, never markup. Charts are inline SVG drawn
// by the template from the geometry below, which is only arithmetic on
// counts: bar heights and positions, no plotting library.

//go:embed report.html
var pageText string

var page = template.Must(template.New("report.html").Funcs(template.FuncMap{
	"pct":      pct,
	"pctBar":   pctBar,
	"letterOf": letterOf,
	"add":      func(a, b int) int { return a + b },
}).Parse(pageText))

// Write renders the report as one self-contained HTML page.
func (r *Report) Write(w io.Writer) error {
	var buf bytes.Buffer
	if err := page.Execute(&buf, r.view()); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// HTML renders the report into a byte slice.
func (r *Report) HTML() ([]byte, error) {
	var buf bytes.Buffer
	err := r.Write(&buf)
	return buf.Bytes(), err
}

// view is what the template reads: the report and the geometry of its
// charts.
type view struct {
	*Report
	Histograms []histogram
	Weekly     []weekly
	DiffBars   *pairChart
}

// histogram is one section's letter distribution as an SVG bar chart.
type histogram struct {
	Name          string
	Students      int
	Width, Height int
	Bars          []bar
	Max           int
}

type bar struct {
	X, Y, W, H int
	// LX and LY place the letter under the bar, CY the count above it.
	LX, LY, CY int
	Label      string
	Count      int
}

// Chart sizes in SVG user units; the SVGs scale to their box by CSS.
const (
	histW, histH  = 360, 170
	histTop       = 18 // room for the count above the tallest bar
	histBottom    = 22 // room for the letters
	weekW, weekH  = 6, 54
	weekGap       = 1
	pairW, pairH  = 560, 190
	inlineBarSize = 80
)

func (r *Report) view() view {
	v := view{Report: r}
	// Sections share one scale so their bars compare; the team, larger,
	// has its own.
	secMax := 1
	for _, s := range r.Sections[:len(r.Sections)-1] {
		for _, l := range s.Letters {
			secMax = max(secMax, l.Count)
		}
	}
	for i, s := range r.Sections {
		m := secMax
		if i == len(r.Sections)-1 {
			m = 1
			for _, l := range s.Letters {
				m = max(m, l.Count)
			}
		}
		v.Histograms = append(v.Histograms, newHistogram(s, m))
	}
	if c := r.Conduct; c != nil {
		for b, name := range c.Behaviors {
			v.Weekly = append(v.Weekly, newWeekly(name, c.Weeks, c.Counts[b]))
		}
	}
	if d := r.Diff; d != nil {
		v.DiffBars = newPairChart(d.Team)
	}
	return v
}

func newHistogram(s SectionSummary, scale int) histogram {
	h := histogram{Name: s.Name, Students: s.Students, Width: histW, Height: histH, Max: scale}
	n := max(len(s.Letters), 1)
	slot := histW / n
	plot := histH - histTop - histBottom
	for i, l := range s.Letters {
		bh := l.Count * plot / scale
		x := i*slot + slot/8
		h.Bars = append(h.Bars, bar{
			X: x, W: slot - slot/4, H: bh, Y: histTop + plot - bh,
			LX: i*slot + slot/2, LY: histH - 6, CY: histTop + plot - bh - 4,
			Label: letterOf(l.Letter), Count: l.Count,
		})
	}
	return h
}

// weekly is one behavior's incidents per week: a small multiple.
type weekly struct {
	Behavior      string
	Width, Height int
	Bars          []bar
	Total, Max    int
	First, Last   string
}

func newWeekly(name string, weeks []string, counts []int) weekly {
	w := weekly{Behavior: name, Width: max(len(weeks), 1) * (weekW + weekGap), Height: weekH}
	for _, n := range counts {
		w.Total += n
		w.Max = max(w.Max, n)
	}
	if len(weeks) > 0 {
		w.First, w.Last = weeks[0], weeks[len(weeks)-1]
	}
	scale := max(w.Max, 1)
	for i, n := range counts {
		bh := n * (weekH - 2) / scale
		if n > 0 {
			bh = max(bh, 2)
		}
		w.Bars = append(w.Bars, bar{X: i * (weekW + weekGap), W: weekW, H: bh, Y: weekH - bh, Label: weeks[i], Count: n})
	}
	return w
}

// pairChart is the team's letter distribution before and after the
// proposed norms: two bars per letter.
type pairChart struct {
	Width, Height int
	Before, After []bar
	Max           int
}

func newPairChart(t Totals) *pairChart {
	p := &pairChart{Width: pairW, Height: pairH}
	m := 1
	for i := range t.Current {
		m = max(m, t.Current[i].Count, t.Proposed[i].Count)
	}
	p.Max = m
	n := max(len(t.Current), 1)
	slot := pairW / n
	plot := pairH - histTop - histBottom
	bw := slot * 3 / 8
	for i := range t.Current {
		hb := t.Current[i].Count * plot / m
		ha := t.Proposed[i].Count * plot / m
		x := i*slot + slot/8
		p.Before = append(p.Before, bar{X: x, W: bw, H: hb, Y: histTop + plot - hb, CY: histTop + plot - hb - 4,
			LX: i*slot + slot/2, LY: pairH - 6, Label: letterOf(t.Current[i].Letter), Count: t.Current[i].Count})
		p.After = append(p.After, bar{X: x + bw, W: bw, H: ha, Y: histTop + plot - ha, CY: histTop + plot - ha - 4,
			Label: letterOf(t.Proposed[i].Letter), Count: t.Proposed[i].Count})
	}
	return p
}

// pct shows an average percent to one place, "–" when nothing counted.
func pct(v *float64) string {
	if v == nil {
		return "–"
	}
	return strconv.FormatFloat(*v, 'f', 1, 64)
}

// pctBar is the width of an inline bar for a percent (0 to 100, clamped).
func pctBar(v *float64) string {
	if v == nil {
		return "0"
	}
	w := min(max(*v, 0), 100) * inlineBarSize / 100
	return fmt.Sprintf("%.1f", w)
}

// letterOf names the "no letter" count.
func letterOf(l string) string {
	if l == "" {
		return "none"
	}
	return l
}
