// Package report builds the team report: one self-contained HTML page a
// teaching team brings to common planning. It shows the grade distribution
// per section and for the team, category averages side by side, the
// intervention groups (every flag with the students it names, missing
// work), with an incident log the incidents per behavior per week and the
// students one incident away from a heavier consequence, the norms in
// words with their sha256 hash, and with proposed norms what they would
// change (Compare, which `norms diff` prints too).
//
// The package only arranges what the engine computes: Build grades each
// Section with engine.Program.Grade, applies the conduct norms with
// Program.Conduct and compares with Compare; Write renders the result with
// html/template (student names are data, escaped everywhere) into a page
// with inline CSS and inline SVG charts, which makes no request of any
// server and prints cleanly. Like the engine, it reads no file and no
// clock: the caller gives the books, the log, the norms text and the date.
package report

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/teamnorms/norms/engine"
)

// Input is everything a report is built from.
type Input struct {
	// Program is the compiled norms, NormsName the norms file's name and
	// NormsText its bytes (for the hash).
	Program   *engine.Program
	NormsName string
	NormsText []byte
	// Words are the norms in words, one sentence a line (the caller passes
	// Norms.InWords, which the filled workbooks' Norms sheet shows).
	Words []string
	// Sections are the team's gradebooks, in the order to show them.
	Sections []Section
	// Log, if not nil, is the incident log, LogName its name. LocateLog,
	// if not nil, places the diagnostics about the log where the teacher
	// sees it: xlsx.IncidentSheet.Locate names the cells of a workbook's
	// Incidents sheet, not lines of the text the log was read as.
	Log       *engine.IncidentLog
	LogName   string
	LocateLog func(engine.Diagnostics) engine.Diagnostics
	// AsOf is the day the conduct standing is given for (YYYY-MM-DD, or as
	// the norms' date_format reads dates); Date is the day the report is
	// made, printed on it. The package never reads the clock.
	AsOf string
	Date string
	// Proposed, if not nil, adds a section on what these norms would
	// change; ProposedName and ProposedText as for the norms.
	Proposed     *engine.Program
	ProposedName string
	ProposedText []byte
}

// Report is the content of the page, ready to render.
type Report struct {
	Team      string
	Date      string
	NormsName string
	NormsHash string
	Words     []string
	Letters   []string
	// Categories are the norms' category names, in order.
	Categories []string
	// Sections hold each section's distribution and averages, then the
	// team's (all sections together) as the last.
	Sections []SectionSummary
	Flags    []FlagGroup
	Missing  []Student
	// Ungraded are students who could not be graded, with the reason.
	Ungraded []Student
	Conduct  *Conduct
	Diff     *Diff
	// ProposedHash is the sha256 of the proposed norms file.
	ProposedHash string
}

// SectionSummary is one section's (or the team's) grades at a glance.
type SectionSummary struct {
	Name     string
	Students int
	// Letters counts students per letter, in the cutoffs' order, then
	// those with no letter yet when there are any.
	Letters []LetterCount
	// Averages are the mean category percents, in the norms' order, and
	// the mean rounded final; nil when nothing counted.
	Averages []*float64
	Final    *float64
}

// FlagGroup is a flag of the norms and the students it names.
type FlagGroup struct {
	Name        string
	When        string
	Description string
	Students    []Student
}

// Student is a student named in a list of the report.
type Student struct {
	Section string
	ID      string
	Name    string
	Letter  string
	Final   string
	Missing int
	Note    string
}

// Conduct is the conduct part of the report.
type Conduct struct {
	LogName   string
	AsOf      string
	Incidents int
	Behaviors []string
	// Weeks are the weeks (Mondays, YYYY-MM-DD) from the first incident's
	// to the last's; Counts[b][w] is the incidents of Behaviors[b] in
	// Weeks[w], Unknown the incidents whose behavior the norms lack.
	Weeks   []string
	Counts  [][]int
	Unknown int
	// Near are the students one incident away from a heavier consequence.
	Near []Near
}

// Near is a student whose next incident of a behavior would get a
// different consequence than their last one did (see nearNext).
type Near struct {
	StudentID   string
	StudentName string
	Behavior    string
	Count       int
	Since       string
	Current     string
	Next        string
	Rules       []string
}

// Hash is the sha256 of a norms file, in hex, as the report prints it.
func Hash(text []byte) string {
	sum := sha256.Sum256(text)
	return hex.EncodeToString(sum[:])
}

// Build grades every section, applies the conduct norms to the log and
// compares with the proposed norms. The report is nil exactly when the
// diagnostics hold an error; warnings are returned with a report.
func Build(in Input) (*Report, engine.Diagnostics) {
	ds := CheckSections(in.Sections)
	if ds.HasErrors() {
		return nil, ds
	}
	n := in.Program.Norms()
	r := &Report{Team: n.Team, Date: in.Date, NormsName: in.NormsName, NormsHash: Hash(in.NormsText), Words: in.Words}
	for _, l := range n.Grading.Letters {
		r.Letters = append(r.Letters, l.Letter)
	}
	for _, c := range n.Grading.Categories {
		r.Categories = append(r.Categories, c.Name)
	}
	reps, gds := gradeAll(in.Program, in.Sections)
	ds = append(ds, gds...)
	if ds.HasErrors() {
		return nil, ds
	}
	r.summarise(in.Sections, reps)
	r.interventions(n, in.Sections, reps)

	if in.Log != nil {
		c, cds := conduct(in.Program, in.Log, in.LogName, in.AsOf)
		if in.LocateLog != nil {
			cds = in.LocateLog(cds)
		}
		ds = append(ds, cds...)
		if cds.HasErrors() {
			return nil, ds
		}
		r.Conduct = c
	}
	if in.Proposed != nil {
		d, dds := compare(in.Program, in.Proposed, in.NormsName, in.ProposedName, in.Sections, reps)
		ds = append(ds, dds...)
		if dds.HasErrors() {
			return nil, ds
		}
		r.Diff = d
		r.ProposedHash = Hash(in.ProposedText)
	}
	return r, ds
}

// summarise fills the distributions and averages of each section and of
// the team.
func (r *Report) summarise(sections []Section, reps []*engine.Report) {
	nc := len(r.Categories)
	team := newAcc(nc)
	for i, s := range sections {
		a := newAcc(nc)
		for _, st := range reps[i].Students {
			a.add(st)
			team.add(st)
		}
		r.Sections = append(r.Sections, a.summary(s.Name, r.Letters))
	}
	r.Sections = append(r.Sections, team.summary("Team", r.Letters))
}

// acc accumulates a section's letters and category sums. The averages are
// for reading at a glance, so float64 is exact enough; the grades
// themselves are the engine's exact decimals.
type acc struct {
	students int
	letters  map[string]int
	sum      []float64
	n        []int
	final    float64
	nFinal   int
}

func newAcc(nc int) *acc {
	return &acc{letters: map[string]int{}, sum: make([]float64, nc), n: make([]int, nc)}
}

func (a *acc) add(s engine.StudentResult) {
	a.students++
	a.letters[s.Letter]++
	for i, c := range s.Categories {
		if c.Percent != nil && i < len(a.sum) {
			a.sum[i] += c.Percent.Float64()
			a.n[i]++
		}
	}
	if s.Rounded != nil {
		a.final += s.Rounded.Float64()
		a.nFinal++
	}
}

func (a *acc) summary(name string, letters []string) SectionSummary {
	s := SectionSummary{Name: name, Students: a.students}
	for _, l := range letters {
		s.Letters = append(s.Letters, LetterCount{l, a.letters[l]})
	}
	if a.letters[""] > 0 {
		s.Letters = append(s.Letters, LetterCount{"", a.letters[""]})
	}
	for i := range a.sum {
		if a.n[i] == 0 {
			s.Averages = append(s.Averages, nil)
			continue
		}
		v := a.sum[i] / float64(a.n[i])
		s.Averages = append(s.Averages, &v)
	}
	if a.nFinal > 0 {
		v := a.final / float64(a.nFinal)
		s.Final = &v
	}
	return s
}

// interventions lists each flag's students, the students with missing
// work (most missing first) and those who could not be graded.
func (r *Report) interventions(n *engine.Norms, sections []Section, reps []*engine.Report) {
	byFlag := map[string]int{}
	for _, f := range n.Flags {
		byFlag[f.Name] = len(r.Flags)
		r.Flags = append(r.Flags, FlagGroup{Name: f.Name, When: f.When, Description: f.Description})
	}
	for i, s := range sections {
		for _, st := range reps[i].Students {
			who := Student{Section: s.Name, ID: st.ID, Name: st.Name, Letter: st.Letter, Missing: st.MissingCount}
			if st.Rounded != nil {
				who.Final = st.Rounded.String()
			}
			if st.Error != "" {
				who.Note = st.Error
				r.Ungraded = append(r.Ungraded, who)
				continue
			}
			for _, f := range st.Flags {
				if k, ok := byFlag[f]; ok {
					r.Flags[k].Students = append(r.Flags[k].Students, who)
				}
			}
			if st.MissingCount > 0 {
				r.Missing = append(r.Missing, who)
			}
		}
	}
	slices.SortStableFunc(r.Missing, func(a, b Student) int { return cmp.Compare(b.Missing, a.Missing) })
}

// conduct applies the conduct norms to the log as of asOf and counts the
// incidents per behavior per week.
func conduct(p *engine.Program, log *engine.IncidentLog, logName, asOf string) (*Conduct, engine.Diagnostics) {
	rep, ds := p.Conduct(log, engine.ConductOptions{AsOf: asOf})
	for i := range ds {
		if ds[i].File == "" {
			ds[i].File = logName
		}
	}
	if rep == nil {
		return nil, ds
	}
	c := &Conduct{LogName: logName, AsOf: rep.AsOf, Incidents: len(rep.Incidents)}
	for _, b := range p.Norms().Conduct.Behaviors {
		c.Behaviors = append(c.Behaviors, b.Name)
	}
	c.Counts = make([][]int, len(c.Behaviors))
	if len(rep.Incidents) > 0 {
		// Incidents are in date order, and the engine writes every date
		// as YYYY-MM-DD.
		first, err1 := monday(rep.Incidents[0].Date)
		last, err2 := monday(rep.Incidents[len(rep.Incidents)-1].Date)
		if err1 == nil && err2 == nil {
			for d := first; !d.After(last); d = d.AddDate(0, 0, 7) {
				c.Weeks = append(c.Weeks, d.Format(time.DateOnly))
			}
		}
		for b := range c.Counts {
			c.Counts[b] = make([]int, len(c.Weeks))
		}
		index := map[string]int{}
		for i, b := range c.Behaviors {
			index[b] = i
		}
		for _, inc := range rep.Incidents {
			b, known := index[inc.Behavior]
			m, err := monday(inc.Date)
			if !known || err != nil || len(c.Weeks) == 0 {
				c.Unknown++
				continue
			}
			w := int(m.Sub(first).Hours() / (24 * 7))
			c.Counts[b][w]++
		}
	}
	c.Near = nearNext(rep)
	return c, ds
}

// monday is the Monday of the ISO week of a YYYY-MM-DD date, the week the
// conduct norms' week reset uses.
func monday(date string) (time.Time, error) {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return t, err
	}
	back := (int(t.Weekday()) + 6) % 7 // Monday 0 ... Sunday 6
	return t.AddDate(0, 0, -back), nil
}

// nearNext lists the students one incident below a step that changes the
// consequence, from the report's standing (given only with as-of):
// a Standing with Count >= 1 whose next incident's consequence (Next, or
// the rule it escalates to) differs from the consequence the last counted
// incident got (the last incident of that student and behavior in the
// report with Occurrence == Count), or whose next incident would fire a
// rule (NextRules). Count 0 (the period has reset) and a ladder's repeating
// last step are not listed: the next incident changes nothing.
func nearNext(rep *engine.ConductReport) []Near {
	type key struct {
		student, behavior string
		occ               int
	}
	// The last counted incident's consequence, by student ID (or name
	// when the log has no ID, as the engine groups them).
	last := map[key]string{}
	for _, inc := range rep.Incidents {
		who := inc.StudentID
		if who == "" {
			who = "\x00" + strings.ToLower(strings.TrimSpace(inc.StudentName))
		}
		c := inc.Consequence
		if inc.EscalatedTo != "" {
			c += " (rule " + inc.EscalatedTo + ")"
		}
		last[key{who, inc.Behavior, inc.Occurrence}] = c
	}
	var out []Near
	for _, st := range rep.Standing {
		if st.Count < 1 {
			continue
		}
		who := st.StudentID
		if who == "" {
			who = "\x00" + strings.ToLower(strings.TrimSpace(st.StudentName))
		}
		cur := last[key{who, st.Behavior, st.Count}]
		next := st.Next
		if st.NextEscalatedTo != "" {
			next += " (rule " + st.NextEscalatedTo + ")"
		}
		var rules []string
		for _, f := range st.NextRules {
			rules = append(rules, fmt.Sprintf("%s (rule %s)", f.Consequence, f.Name))
		}
		if next == cur && len(rules) == 0 {
			continue
		}
		out = append(out, Near{StudentID: st.StudentID, StudentName: st.StudentName, Behavior: st.Behavior,
			Count: st.Count, Since: st.Since, Current: cur, Next: next, Rules: rules})
	}
	return out
}
