package engine

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/expr-lang/expr/vm"
)

// This file applies the conduct norms to an incident log (docs/conduct.md).
// Each incident's consequence depends only on the same student's incidents
// before it in time: the log is sorted once (date, then time, an incident
// without a time first, then input order) and walked once, keeping per
// student the ladder position of each behavior and the last firing of each
// rule.

// ConductOptions are the parameters of Program.Conduct.
type ConductOptions struct {
	// AsOf is "today" (YYYY-MM-DD, or as calendar.date_format reads dates):
	// incidents after it are left out, and the report gives each student's
	// standing on that day. The engine never reads the clock, so the caller
	// says which day it is. Empty: no standing, every incident counts.
	AsOf string `json:"as_of,omitempty"`
	// Student, if set, keeps only the incidents of the student with this
	// ID, or this name (case-insensitive).
	Student string `json:"student,omitempty"`
}

// ConductReport is the result of applying the conduct norms to a log.
type ConductReport struct {
	Team    string `json:"team"`
	AsOf    string `json:"as_of,omitempty"`
	Student string `json:"student,omitempty"`
	// Incidents in chronological order (date, time, input order).
	Incidents []IncidentResult `json:"incidents"`
	// Standing is given with AsOf: one entry per student and behavior the
	// student has incidents of, by student ID (or name), then the norms'
	// order of behaviors.
	Standing []Standing `json:"standing,omitempty"`
}

// IncidentResult is one incident of the log with its consequence.
type IncidentResult struct {
	// Row is the incident's 1-based position in the log (CSV: the data
	// row, the header not counted; JSON: the index in incidents plus one).
	Row int `json:"row"`
	// Line is where the incident starts in the log file, when known.
	Line int `json:"line,omitempty"`
	// Date (YYYY-MM-DD) and Time (HH:MM, empty if not given).
	Date        string `json:"date"`
	Time        string `json:"time,omitempty"`
	StudentID   string `json:"student_id"`
	StudentName string `json:"student_name"`
	// Behavior is the behavior's name in the norms (not the alias written),
	// or the text as written when the norms do not know it.
	Behavior string `json:"behavior"`
	Teacher  string `json:"teacher,omitempty"`
	Note     string `json:"note,omitempty"`
	// Occurrence counts this behavior for this student in the current
	// reset period, this incident included (1 for the first).
	Occurrence int `json:"occurrence"`
	// Consequence is the ladder's step for Occurrence: past the ladder's
	// end, the last step again, or with then: escalate the consequence of
	// the rule named in EscalatedTo.
	Consequence string `json:"consequence"`
	EscalatedTo string `json:"escalated_to,omitempty"`
	// Rules that fired on this incident, in the norms' order, each with
	// its own consequence, which applies alongside Consequence.
	Rules []FiredRule `json:"rules"`
	// Flags say what is unusual about the incident ("unknown behavior").
	Flags []string `json:"flags,omitempty"`
}

// FiredRule is a rule that fired, with its consequence.
type FiredRule struct {
	Name        string `json:"name"`
	Consequence string `json:"consequence"`
}

// Standing is where a student stands with one behavior on the AsOf day.
type Standing struct {
	StudentID   string `json:"student_id"`
	StudentName string `json:"student_name"`
	Behavior    string `json:"behavior"`
	// Resets is the behavior's reset period; Since the first day of the
	// current one (empty for never).
	Resets string `json:"resets"`
	Since  string `json:"since,omitempty"`
	// Count is the number of incidents of the behavior in the current
	// reset period, up to and including AsOf.
	Count int `json:"count"`
	// Next is the consequence the next incident of this behavior would get
	// (on AsOf), NextEscalatedTo the rule it escalates to if any, and
	// NextRules the rules that incident would fire.
	Next            string      `json:"next"`
	NextEscalatedTo string      `json:"next_escalated_to,omitempty"`
	NextRules       []FiredRule `json:"next_rules"`
}

// flagUnknownBehavior is the flag of an incident whose behavior the norms
// do not know, under unknown_behaviors: flag.
const flagUnknownBehavior = "unknown behavior"

// conductProg returns the compiled conduct part of the program.
func (p *Program) conductProg() *conductProgram {
	if p == nil {
		return nil
	}
	return p.conduct
}

// DateFormat is the norms' calendar.date_format ("mdy" or "dmy"), which the
// incident log readers need.
func (p *Program) DateFormat() string {
	if cp := p.conductProg(); cp != nil {
		return cp.dateFormat
	}
	return dateMDY
}

// conductEvent is one incident being applied: its place in the log, its
// student, when it happened and which span of each period that falls in.
type conductEvent struct {
	in   int32 // index in the log
	stu  int32 // index in the student table
	beh  int32 // behavior index, -1 when unknown
	day  int32
	sec  int32 // seconds since midnight, -1 when no time was given
	keys [numPeriods]int32
	// isoDate and isoTime say the incident's Date is already YYYY-MM-DD
	// and its Time HH:MM (as the readers write them), so that the report
	// shares the text instead of writing it again.
	isoDate, isoTime bool
}

// sortEvents puts events in the order of the report and of every count:
// date, time (none first), input order (events are built in input order).
// The three are packed into one integer per event, which sorts several
// times faster than comparing structs: 22 bits of day since 1900 (to year
// 9999), 17 of seconds plus one, 25 of index.
func sortEvents(evs []conductEvent) []conductEvent {
	const dayBits, secBits, idxBits = 22, 17, 25
	base := civilDay(minYear, 1, 1)
	if len(evs) >= 1<<idxBits {
		slices.SortStableFunc(evs, func(a, b conductEvent) int {
			return cmp.Or(cmp.Compare(a.day, b.day), cmp.Compare(a.sec, b.sec))
		})
		return evs
	}
	keys := make([]uint64, len(evs))
	for i := range evs {
		keys[i] = uint64(int(evs[i].day)-base)<<(secBits+idxBits) | uint64(evs[i].sec+1)<<idxBits | uint64(i)
	}
	slices.Sort(keys)
	out := make([]conductEvent, len(evs))
	for i, k := range keys {
		out[i] = evs[k&(1<<idxBits-1)]
	}
	return out
}

// periodKeys numbers the span of each period that day falls in. Along a
// sorted log every key only grows, which lets counts stop at the first
// incident of an earlier span.
func (cp *conductProgram) periodKeys(day int) [numPeriods]int32 {
	var k [numPeriods]int32
	k[perDay] = int32(day)
	k[perWeek] = int32(weekStart(day))
	y, m, _ := civilDate(day)
	k[perMonth] = int32(y*12 + m - 1)
	// Terms: term i is span 2i+1; the days before term i (after term i-1)
	// are span 2i, so a break between terms is a span of its own and a
	// term reset happens when the break starts and again when the next
	// term does.
	i := sort.Search(len(cp.terms), func(i int) bool { return cp.terms[i].start > day })
	if i > 0 && day <= cp.terms[i-1].end {
		k[perTerm] = int32(2*i - 1)
	} else {
		k[perTerm] = int32(2 * i)
	}
	// The year is the span of all terms; the days before and after it are
	// spans of their own.
	if n := len(cp.terms); n > 0 {
		switch {
		case day < cp.terms[0].start:
			k[perYear] = -1
		case day > cp.terms[n-1].end:
			k[perYear] = 1
		}
	}
	return k
}

// spanStart is the first day of the span of period per that day is in, or
// -1 when it has none (never, or the days before the first term).
func (cp *conductProgram) spanStart(per period, day int) int {
	switch per {
	case perDay:
		return day
	case perWeek:
		return weekStart(day)
	case perMonth:
		y, m, _ := civilDate(day)
		return civilDay(y, m, 1)
	case perTerm:
		i := sort.Search(len(cp.terms), func(i int) bool { return cp.terms[i].start > day })
		switch {
		case i > 0 && day <= cp.terms[i-1].end:
			return cp.terms[i-1].start
		case i > 0:
			return cp.terms[i-1].end + 1
		}
	case perYear:
		if n := len(cp.terms); n > 0 {
			switch {
			case day > cp.terms[n-1].end:
				return cp.terms[n-1].end + 1
			case day >= cp.terms[0].start:
				return cp.terms[0].start
			}
		}
	}
	return -1
}

// holds says whether o, an incident at or before cur, is in cur's window.
func (w window) holds(cur, o *conductEvent) bool {
	if w.days > 0 {
		return cur.day-o.day < int32(w.days)
	}
	return cur.keys[w.per] == o.keys[w.per]
}

// step is the consequence of the occ-th occurrence of behavior b, and the
// rule it escalates to, if it does.
func (cp *conductProgram) step(b *conductBehavior, occ int) (string, string) {
	switch {
	case occ <= len(b.ladder):
		return b.ladder[occ-1], ""
	case b.escalate >= 0:
		r := &cp.rules[b.escalate]
		return r.then, r.name
	}
	return b.ladder[len(b.ladder)-1], ""
}

// ruleState is what count and points see while a rule is evaluated: the
// current incident and the same student's incidents before it, oldest
// first. Its methods are the functions of rule conditions.
type ruleState struct {
	cp   *conductProgram
	evs  []conductEvent
	cur  *conductEvent
	prev []int32
}

func (st *ruleState) count(behavior, win string) int {
	b, ok := st.cp.litBehavior[behavior]
	if !ok {
		// Compile resolved every literal; only a name computed at run time
		// gets here, and Compile refuses those, so this is a safe default.
		b, ok = st.cp.byName[behaviorKey(behavior)]
		if !ok {
			return 0
		}
	}
	w, ok := st.cp.litWindow[win]
	if !ok {
		if w, ok = parseWindow(win); !ok {
			return 0
		}
	}
	n := 0
	if st.cur.beh == int32(b) {
		n++
	}
	for i := len(st.prev) - 1; i >= 0; i-- {
		o := &st.evs[st.prev[i]]
		if !w.holds(st.cur, o) {
			break
		}
		if o.beh == int32(b) {
			n++
		}
	}
	return n
}

func (st *ruleState) points(win string) int {
	w, ok := st.cp.litWindow[win]
	if !ok {
		if w, ok = parseWindow(win); !ok {
			return 0
		}
	}
	n := st.behaviorPoints(st.cur)
	for i := len(st.prev) - 1; i >= 0; i-- {
		o := &st.evs[st.prev[i]]
		if !w.holds(st.cur, o) {
			break
		}
		n += st.behaviorPoints(o)
	}
	return n
}

// countAny and pointsAny are count and points in the form expr calls
// without reflection (see conductRule.prog); Compile has checked the
// arguments' types.
func (st *ruleState) countAny(args ...any) any {
	b, _ := args[0].(string)
	w, _ := args[1].(string)
	return st.count(b, w)
}

func (st *ruleState) pointsAny(args ...any) any {
	w, _ := args[0].(string)
	return st.points(w)
}

func (st *ruleState) behaviorPoints(e *conductEvent) int {
	if e.beh < 0 {
		return 0
	}
	return st.cp.behaviors[e.beh].points
}

// conductRun is the state of one Program.Conduct call; the program itself
// is never written, so one program serves many goroutines.
type conductRun struct {
	cp      *conductProgram
	evs     []conductEvent
	st      ruleState
	env     map[string]any
	machine vm.VM
	// fired[s*len(rules)+r] is the event on which rule r last fired for
	// student s, or -1.
	fired []int32
}

// fire evaluates the rules for cur, given the student's earlier incidents,
// and returns those that fire. With commit, firings are remembered (cur is
// evs[e]); without, cur is hypothetical (a standing's next incident).
func (r *conductRun) fire(cur *conductEvent, e int32, prev []int32, commit bool) ([]FiredRule, []string) {
	out := []FiredRule{}
	var flags []string
	nr := len(r.cp.rules)
	for ri := range r.cp.rules {
		rule := &r.cp.rules[ri]
		if rule.on != nil && !rule.on[cur.beh] {
			continue
		}
		if f := r.fired[int(cur.stu)*nr+ri]; f >= 0 && held(rule.windows, cur, &r.evs[f]) {
			continue
		}
		r.st.cur, r.st.prev = cur, prev
		res, err := r.machine.Run(rule.prog, r.env)
		if err != nil {
			flags = append(flags, fmt.Sprintf("rule %q could not be evaluated: %v", rule.name, err))
			continue
		}
		if ok, _ := res.(bool); !ok {
			continue
		}
		out = append(out, FiredRule{Name: rule.name, Consequence: rule.then})
		if commit {
			r.fired[int(cur.stu)*nr+ri] = e
		}
	}
	return out, flags
}

// held says whether a rule that last fired on f is still held back at cur:
// it is while cur is in the same span as f of any of the rule's windows.
func held(ws []window, cur, f *conductEvent) bool {
	for _, w := range ws {
		if w.holds(cur, f) {
			return true
		}
	}
	return false
}

// Conduct applies the conduct norms to an incident log: each incident's
// occurrence number and consequence, the rules it fires and, with
// opts.AsOf, each student's standing. The report is nil exactly when the
// diagnostics hold an error (an unknown behavior with unknown_behaviors:
// error, a date the norms cannot read).
func (p *Program) Conduct(log *IncidentLog, opts ConductOptions) (*ConductReport, Diagnostics) {
	cp := p.conductProg()
	file := ""
	var incidents []Incident
	if log != nil {
		file, incidents = log.file, log.Incidents
	}
	if cp == nil || len(cp.behaviors) == 0 {
		return nil, Diagnostics{{Code: "conduct/no-behaviors", Severity: Error,
			Message: "the norms define no conduct behaviors; add conduct.behaviors (name and ladder) to the norms file"}}
	}
	rep := &ConductReport{Team: p.norms.Team, Student: opts.Student, Incidents: []IncidentResult{}}
	var ds Diagnostics
	asOf := -1
	if opts.AsOf != "" {
		day, _, err := parseIncidentDate(opts.AsOf, cp.dateFormat)
		if err != nil {
			return nil, Diagnostics{{Code: "conduct/as-of", Severity: Error, Path: "as_of", Message: fmt.Sprintf("as of: %v", err)}}
		}
		asOf = day
		rep.AsOf = isoDate(day)
	}

	// Resolve every incident: its behavior, its student, its day.
	type student struct{ id, name string }
	var students []student
	studentIndex := map[string]int32{}
	resolved := map[string]int32{} // behavior as written -> index or -1
	evs := make([]conductEvent, 0, len(incidents))
	later, outside, firstOutside, firstOutsideDay := 0, 0, -1, 0
	wantStudent := strings.TrimSpace(opts.Student)
	for i := range incidents {
		inc := &incidents[i]
		if wantStudent != "" && strings.TrimSpace(inc.StudentID) != wantStudent && !strings.EqualFold(strings.TrimSpace(inc.StudentName), wantStudent) {
			continue
		}
		// The data path is only formatted for a problem: this loop runs
		// for every incident of a school's year.
		path := func(field string) string { return fmt.Sprintf("incidents[%d]%s", i, field) }
		day, sec, err := parseIncidentDate(inc.Date, cp.dateFormat)
		if err != nil {
			ds = append(ds, incidentDiag(file, inc.at.date, path(".date"), "incidents/date", "%v", err))
			continue
		}
		if inc.Time != "" {
			if sec, err = parseIncidentTime(inc.Time); err != nil {
				ds = append(ds, incidentDiag(file, inc.at.time, path(".time"), "incidents/time", "%v", err))
				continue
			}
		}
		if asOf >= 0 && day > asOf {
			later++
			continue
		}
		beh, ok := resolved[inc.Behavior]
		if !ok {
			beh = -1
			if b, known := cp.byName[behaviorKey(inc.Behavior)]; known {
				beh = int32(b)
			}
			resolved[inc.Behavior] = beh
		}
		if beh < 0 && !cp.flagUnknown {
			ds = append(ds, incidentDiag(file, inc.at.behavior, path(".behavior"), "incidents/unknown-behavior",
				"%q is not a behavior of the norms%s; fix the log, add it as an alias, or set conduct.unknown_behaviors: flag", inc.Behavior, didYouMean(inc.Behavior, cp.names)))
			continue
		}
		id := strings.TrimSpace(inc.StudentID)
		key := id
		if id == "" {
			// Rows without an ID are grouped by name, apart from IDs.
			key = "\x00" + strings.ToLower(strings.TrimSpace(inc.StudentName))
		}
		if id == "" && strings.TrimSpace(inc.StudentName) == "" {
			ds = append(ds, incidentDiag(file, inc.at.row, path(""), "incidents/no-student", "the incident has no student ID and no student name"))
			continue
		}
		s, ok := studentIndex[key]
		if !ok {
			s = int32(len(students))
			studentIndex[key] = s
			students = append(students, student{id: id, name: strings.TrimSpace(inc.StudentName)})
		}
		keys := cp.periodKeys(day)
		if cp.usesTerms && keys[perTerm]%2 == 0 { // even spans are outside terms
			outside++
			if firstOutside < 0 {
				firstOutside, firstOutsideDay = i, day
			}
		}
		evs = append(evs, conductEvent{in: int32(i), stu: s, beh: beh, day: int32(day), sec: int32(sec), keys: keys,
			isoDate: isISODate(inc.Date), isoTime: isClockText(inc.Time)})
	}
	if ds.HasErrors() {
		return nil, ds.sortAndCap()
	}
	if later > 0 {
		ds = append(ds, Diagnostic{Code: "conduct/after-as-of", Severity: Warning, File: file,
			Message: fmt.Sprintf("%d incidents are dated after %s (as of) and were left out", later, rep.AsOf)})
	}
	if outside > 0 {
		inc := &incidents[firstOutside]
		ds = append(ds, incidentDiag(file, inc.at.date, fmt.Sprintf("incidents[%d].date", firstOutside), "conduct/outside-terms",
			"%d incidents fall outside every term (the first on %s); term and year resets and windows count the days outside terms as periods of their own", outside, isoDate(firstOutsideDay)))
		ds[len(ds)-1].Severity = Warning
	}
	if wantStudent != "" && len(evs) == 0 {
		ds = append(ds, Diagnostic{Code: "conduct/no-student", Severity: Warning,
			Message: fmt.Sprintf("no incidents for student %q%s", opts.Student, didYouMean(opts.Student, studentNames(incidents)))})
	}

	evs = sortEvents(evs)

	// Each student's history, in one array: hist[start[s]:start[s]+n[s]]
	// holds the events of student s seen so far, oldest first.
	start := make([]int32, len(students)+1)
	for i := range evs {
		start[evs[i].stu+1]++
	}
	for s := 1; s <= len(students); s++ {
		start[s] += start[s-1]
	}
	hist := make([]int32, len(evs))
	seen := make([]int32, len(students))

	nb, nr := len(cp.behaviors), len(cp.rules)
	run := &conductRun{cp: cp, evs: evs, fired: make([]int32, len(students)*nr)}
	for i := range run.fired {
		run.fired[i] = -1
	}
	run.st = ruleState{cp: cp, evs: evs}
	run.env = map[string]any{"count": run.st.countAny, "points": run.st.pointsAny}
	// lastKey and occ keep, per student and behavior, the reset span of the
	// last incident and how many incidents of that span there were.
	lastKey := make([]int32, len(students)*nb)
	occ := make([]int32, len(students)*nb)

	rep.Incidents = make([]IncidentResult, len(evs))
	for e := range evs {
		ev := &evs[e]
		inc := &incidents[ev.in]
		s := ev.stu
		prev := hist[start[s] : start[s]+seen[s]]
		res := &rep.Incidents[e]
		*res = IncidentResult{
			Row: inc.Row, Line: inc.at.row.Line, Date: inc.Date, Time: inc.Time,
			StudentID: students[s].id, StudentName: inc.StudentName, Behavior: inc.Behavior,
			Teacher: inc.Teacher, Note: inc.Note, Rules: []FiredRule{},
		}
		if res.Row == 0 {
			res.Row = int(ev.in) + 1
		}
		if !ev.isoDate {
			res.Date = isoDate(int(ev.day))
		}
		if !ev.isoTime {
			res.Time = clockText(int(ev.sec))
		}
		hist[start[s]+seen[s]] = int32(e)
		seen[s]++
		if ev.beh < 0 {
			res.Flags = []string{flagUnknownBehavior}
			continue
		}
		b := &cp.behaviors[ev.beh]
		res.Behavior = b.name
		k := int(s)*nb + int(ev.beh)
		if key := ev.keys[b.resets]; occ[k] == 0 || lastKey[k] != key {
			lastKey[k], occ[k] = key, 0
		}
		occ[k]++
		res.Occurrence = int(occ[k])
		res.Consequence, res.EscalatedTo = cp.step(b, res.Occurrence)
		if nr > 0 {
			res.Rules, res.Flags = run.fire(ev, int32(e), prev, true)
			for _, flag := range res.Flags {
				// A condition failing at run time (expr's memory budget) is
				// flagged on the incident and warned about, not fatal: the
				// rest of the report still holds.
				ds = append(ds, incidentDiag(file, inc.at.row, fmt.Sprintf("incidents[%d]", ev.in), "conduct/rule-failed", "%s", flag))
				ds[len(ds)-1].Severity = Warning
			}
		}
	}

	if asOf >= 0 {
		rep.Standing = run.standing(asOf, start, seen, hist, lastKey, occ, func(s int32) (string, string) {
			return students[s].id, students[s].name
		})
	}
	return rep, ds.sortAndCap()
}

// standing gives, for each student and each behavior they have incidents
// of, the count in the current reset period at asOf and what the next
// incident of it would get.
func (r *conductRun) standing(asOf int, start, seen, hist, lastKey, occ []int32, who func(int32) (string, string)) []Standing {
	cp := r.cp
	nb := len(cp.behaviors)
	n := len(seen)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		ia, na := who(a)
		ib, nb := who(b)
		return cmp.Or(cmp.Compare(ia, ib), cmp.Compare(strings.ToLower(na), strings.ToLower(nb)), cmp.Compare(a, b))
	})
	keys := cp.periodKeys(asOf)
	var out []Standing
	has := make([]bool, nb)
	for _, s := range order {
		prev := hist[start[s] : start[s]+seen[s]]
		clear(has)
		for _, e := range prev {
			if b := r.evs[e].beh; b >= 0 {
				has[b] = true
			}
		}
		id, name := who(s)
		for bi := range cp.behaviors {
			if !has[bi] {
				continue
			}
			b := &cp.behaviors[bi]
			k := int(s)*nb + bi
			count := 0
			if occ[k] > 0 && lastKey[k] == keys[b.resets] {
				count = int(occ[k])
			}
			st := Standing{StudentID: id, StudentName: name, Behavior: b.name, Resets: b.resets.String(), Count: count, NextRules: []FiredRule{}}
			if d := cp.spanStart(b.resets, asOf); d >= 0 {
				st.Since = isoDate(d)
			}
			st.Next, st.NextEscalatedTo = cp.step(b, count+1)
			if len(cp.rules) > 0 {
				// The next incident, on asOf after everything logged.
				next := conductEvent{in: -1, stu: s, beh: int32(bi), day: int32(asOf), sec: 1 << 30, keys: keys}
				st.NextRules, _ = r.fire(&next, -1, prev, false)
			}
			out = append(out, st)
		}
	}
	return out
}

func studentNames(incidents []Incident) []string {
	seen := map[string]bool{}
	var out []string
	for _, inc := range incidents {
		for _, s := range []string{strings.TrimSpace(inc.StudentID), strings.TrimSpace(inc.StudentName)} {
			if s != "" && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	return out
}

// RunConductExamples checks the norms' conduct examples, in the file's
// order. Each example is one student's incidents; it passes when the
// consequence of the incident listed last is the expected one: the ladder's
// step (or escalation) for it, or the consequence of a rule that fired on
// it.
func (p *Program) RunConductExamples() []ExampleResult {
	var out []ExampleResult
	for i, ex := range p.norms.Examples {
		if !ex.isConduct() {
			continue
		}
		r := p.runConductExample(i, ex)
		r.Pos = p.norms.src.lookup(fmt.Sprintf("examples[%d]", i))
		out = append(out, r)
	}
	return out
}

// runConductExample runs conduct example i; RunExamples sets its position.
func (p *Program) runConductExample(i int, ex Example) ExampleResult {
	r := ExampleResult{Name: ex.Name}
	log := &IncidentLog{}
	if p.norms.src != nil {
		log.file = p.norms.src.file
	}
	for j, inc := range ex.Incidents {
		path := fmt.Sprintf("examples[%d].incidents[%d]", i, j)
		log.Incidents = append(log.Incidents, Incident{
			Row: j + 1, Date: inc.Date, Time: inc.Time, StudentID: "example", StudentName: ex.Name, Behavior: inc.Behavior,
			at: incidentPos{row: p.norms.src.lookup(path), date: p.norms.src.lookup(path + ".date"),
				time: p.norms.src.lookup(path + ".time"), behavior: p.norms.src.lookup(path + ".behavior")},
		})
	}
	rep, ds := p.Conduct(log, ConductOptions{})
	if ds.HasErrors() {
		r.Failures = []string{ds.Error()}
		return r
	}
	var last *IncidentResult
	for k := range rep.Incidents {
		if rep.Incidents[k].Row == len(ex.Incidents) {
			last = &rep.Incidents[k]
		}
	}
	want := ex.Expect.Consequence
	if last == nil {
		r.Failures = []string{"the example has no incidents"}
		return r
	}
	ok := last.Consequence == want
	var fired []string
	for _, f := range last.Rules {
		ok = ok || f.Consequence == want
		fired = append(fired, fmt.Sprintf("%s from rule %s", f.Consequence, f.Name))
	}
	if !ok {
		got := orNone(last.Consequence)
		if last.EscalatedTo != "" {
			got += " (escalated to rule " + last.EscalatedTo + ")"
		}
		if len(fired) > 0 {
			got += ", and " + strings.Join(fired, ", ")
		}
		r.Failures = []string{fmt.Sprintf("consequence: expected %s, got %s (occurrence %d of %s)", want, got, last.Occurrence, last.Behavior)}
		// The warnings say why a rule did not fire when that is the
		// reason (its expression failed, say), as norms conduct shows them.
		seen := map[string]bool{}
		for _, d := range ds {
			if !seen[d.Message] {
				seen[d.Message] = true
				r.Failures = append(r.Failures, "warning: "+d.Message)
			}
		}
	}
	r.Pass = ok
	return r
}
