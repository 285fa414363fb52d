package engine

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/vm"
)

// This file is the conduct part of the norms file (calendar, conduct and
// conduct examples) and its compilation; docs/conduct.md describes each key,
// and conduct.go applies the compiled result to an incident log.

// Calendar holds the school year's terms and how the team writes dates.
type Calendar struct {
	// DateFormat says how dates with both day and month as numbers are
	// written, here and in incident logs: "mdy" (default, 9/3/2026 is
	// September 3) or "dmy" (3/9/2026 is September 3). ISO dates
	// (2026-09-03) are read the same way under either.
	DateFormat string `json:"date_format,omitempty" jsonschema:"enum=mdy,enum=dmy"`
	// Terms of the school year, which may not overlap. A `term` reset or
	// window needs them; the `year` is the span from the first term's start
	// to the last term's end.
	Terms []Term `json:"terms,omitempty"`
}

// Term is one term (semester, trimester, quarter) of the school year.
type Term struct {
	Name string `json:"name" jsonschema:"required"`
	// Start and End are the term's first and last days, inclusive.
	Start string `json:"start" jsonschema:"required"`
	End   string `json:"end" jsonschema:"required"`
}

// Conduct holds the team's consequence ladders and escalation rules.
type Conduct struct {
	// Behaviors are the kinds of incident the team logs, each with its
	// ladder of consequences.
	Behaviors []Behavior `json:"behaviors,omitempty"`
	// Rules escalate across behaviors and windows of time, such as two
	// disrespect incidents in 30 days.
	Rules []ConductRule `json:"rules,omitempty"`
	// UnknownBehaviors says what an incident whose behavior the norms do
	// not know does: "error" (default: the log is refused, naming the row)
	// or "flag" (the incident is reported, flagged, with no consequence).
	UnknownBehaviors string `json:"unknown_behaviors,omitempty" jsonschema:"enum=error,enum=flag"`
}

// Behavior is one kind of incident and its ladder of consequences.
type Behavior struct {
	Name string `json:"name" jsonschema:"required"`
	// Aliases are other names teachers write for it ("tardy", "late to
	// class"); names and aliases match case-insensitively, spaces trimmed.
	Aliases []string `json:"aliases,omitempty"`
	// Ladder lists the consequence of the 1st, 2nd, 3rd... occurrence in
	// the current reset period.
	Ladder []string `json:"ladder" jsonschema:"required,minItems=1"`
	// Then says what happens past the end of the ladder: "repeat" (default:
	// the last step again) or "escalate" (the consequence of the rule named
	// by EscalateTo).
	Then string `json:"then,omitempty" jsonschema:"enum=repeat,enum=escalate"`
	// EscalateTo names the rule whose consequence applies past the end of
	// the ladder, with then: escalate.
	EscalateTo string `json:"escalate_to,omitempty"`
	// Resets is the period after which the ladder starts again: day, week
	// (ISO weeks, Monday to Sunday), month, term, year or never (default).
	Resets string `json:"resets,omitempty" jsonschema:"enum=day,enum=week,enum=month,enum=term,enum=year,enum=never"`
	// Points each incident adds, for rules using points(window).
	Points int `json:"points,omitempty" jsonschema:"minimum=0"`
}

// ConductRule is an escalation across behaviors: when its condition holds
// after an incident, its consequence applies too, once per window.
type ConductRule struct {
	Name string `json:"name" jsonschema:"required"`
	// When is an expression over count("Behavior", window) and
	// points(window), e.g. count("Disrespect", "30d") >= 2.
	When string `json:"when" jsonschema:"required"`
	// Then is the rule's consequence.
	Then string `json:"then" jsonschema:"required"`
	// Window is the window the rule fires once per: after firing, it does
	// not fire again for the student until that window has passed. Default:
	// every window its condition counts over.
	Window string `json:"window,omitempty"`
	// Description says what the team does, for reports.
	Description string `json:"description,omitempty"`
}

// ExampleIncident is one incident of a conduct example.
type ExampleIncident struct {
	// Date as teachers write it (2026-09-03, or per calendar.date_format).
	Date string `json:"date" jsonschema:"required"`
	// Time of day, optional (14:05, 2:05 pm).
	Time     string `json:"time,omitempty"`
	Behavior string `json:"behavior" jsonschema:"required"`
}

func (ex Example) isConduct() bool { return len(ex.Incidents) > 0 }

// period is a span of the calendar a ladder resets at or a rule counts
// over. Each day belongs to exactly one span of each period; periodKeys
// numbers them.
type period uint8

const (
	perDay period = iota
	perWeek
	perMonth
	perTerm
	perYear
	perNever
	numPeriods
)

var periodNames = [numPeriods]string{"day", "week", "month", "term", "year", "never"}

// String is the period's name in the norms file.
func (p period) String() string { return periodNames[p] }

// window is what count and points look back over: the last days days
// (today included) when days > 0, otherwise the current span of per.
type window struct {
	days int
	per  period
}

// maxWindowDays bounds "Nd" windows at ten years: longer is never meant.
const maxWindowDays = 3660

// String writes the window as the norms file does: "30d" or a period.
func (w window) String() string {
	if w.days > 0 {
		return strconv.Itoa(w.days) + "d"
	}
	return w.per.String()
}

// parseWindow reads "30d" or a period name.
func parseWindow(s string) (window, bool) {
	for p, name := range periodNames {
		if s == name {
			return window{per: period(p)}, true
		}
	}
	if n, ok := strings.CutSuffix(s, "d"); ok && allDigits(n) && len(n) <= 4 {
		d, _ := strconv.Atoi(n)
		if d >= 1 && d <= maxWindowDays {
			return window{days: d}, true
		}
	}
	return window{}, false
}

// needsTerms says whether the window depends on calendar.terms.
func (w window) needsTerms() bool { return w.days == 0 && (w.per == perTerm || w.per == perYear) }

// conductProgram is the conduct part of a compiled Program.
type conductProgram struct {
	behaviors []conductBehavior
	rules     []conductRule
	// byName maps every behavior name and alias, folded by behaviorKey, to
	// its behavior; names lists them as written, for did-you-mean.
	byName map[string]int
	names  []string
	// terms are sorted by start.
	terms       []termSpan
	dateFormat  string
	flagUnknown bool
	// usesTerms is set when some reset or window depends on the terms, so
	// that incidents outside every term are worth a warning.
	usesTerms bool
	// literal arguments of count and points in rule conditions, resolved
	// once here so that evaluation does no string work.
	litBehavior map[string]int
	litWindow   map[string]window
	// consequences are every consequence the norms can give, so that an
	// example expecting another one is caught by Compile.
	consequences []string
}

type conductBehavior struct {
	name   string
	ladder []string
	// escalate is the rule whose consequence applies past the ladder's
	// end, or -1 to repeat the last step.
	escalate int
	resets   period
	points   int
}

type conductRule struct {
	name, then string
	prog       *vm.Program
	// windows the rule fires once per: it is held back while the current
	// incident is in the same span, of any of them, as its last firing.
	windows []window
	// on[b] says whether incidents of behavior b are checked: those its
	// condition counts (count("B", ...), and every behavior with points if
	// it uses points). Nil means every behavior.
	on []bool
}

type termSpan struct {
	name       string
	start, end int
}

// behaviorKey folds a behavior name as teachers type it: case, surrounding
// spaces and runs of inner spaces do not matter.
func behaviorKey(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// conductEnv declares count and points for rule conditions.
var conductEnv = exprEnv{
	"count":  func(string, string) int { return 0 },
	"points": func(string) int { return 0 },
}

// conductRunEnv declares them as the run-time functions are (see
// conductRules).
var conductRunEnv = exprEnv{
	"count":  func(...any) any { return 0 },
	"points": func(...any) any { return 0 },
}

// conduct compiles the calendar, the conduct section and the conduct
// examples. It runs after the grading part, so conduct examples are checked
// here rather than in conductExample, once behaviors are known.
func (c *compiler) conduct(n *Norms) {
	cp := &conductProgram{byName: map[string]int{}, litBehavior: map[string]int{}, litWindow: map[string]window{}}
	c.p.conduct = cp
	cp.dateFormat = c.enum("calendar.date_format", n.Calendar.DateFormat, dateMDY, dateMDY, dateDMY)
	c.terms(cp, n.Calendar.Terms)
	cp.flagUnknown = c.enum("conduct.unknown_behaviors", n.Conduct.UnknownBehaviors, "error", "error", "flag") == "flag"

	ruleIndex := map[string]int{}
	for i, r := range n.Conduct.Rules {
		if _, dup := ruleIndex[r.Name]; !dup && strings.TrimSpace(r.Name) != "" {
			ruleIndex[r.Name] = i
		}
	}
	c.behaviors(cp, n.Conduct.Behaviors, ruleIndex, n.Conduct.Rules)
	c.conductRules(cp, n.Conduct.Rules)
	seen := map[string]bool{}
	for _, cons := range cp.consequences {
		seen[cons] = true
	}
	var uniq []string
	for cons := range seen {
		uniq = append(uniq, cons)
	}
	cp.consequences = sortedStrings(uniq)
	for i, ex := range n.Examples {
		if ex.isConduct() {
			c.conductExampleData(cp, i, ex)
		}
	}
}

func (c *compiler) terms(cp *conductProgram, terms []Term) {
	names := map[string]bool{}
	for i, t := range terms {
		path := fmt.Sprintf("calendar.terms[%d]", i)
		if strings.TrimSpace(t.Name) == "" {
			c.errorf("norms/name", path+".name", "a term has no name")
		} else if names[strings.ToLower(t.Name)] {
			c.errorf("norms/duplicate-name", path+".name", "term %q is defined twice", t.Name)
		}
		names[strings.ToLower(t.Name)] = true
		start, okS := c.calendarDate(path+".start", t.Start, cp.dateFormat)
		end, okE := c.calendarDate(path+".end", t.End, cp.dateFormat)
		if !okS || !okE {
			continue
		}
		if end < start {
			c.errorf("norms/term-order", path+".end", "term %q ends (%s) before it starts (%s)", t.Name, isoDate(end), isoDate(start))
			continue
		}
		cp.terms = append(cp.terms, termSpan{name: t.Name, start: start, end: end})
	}
	sort.SliceStable(cp.terms, func(i, j int) bool { return cp.terms[i].start < cp.terms[j].start })
	for i := 1; i < len(cp.terms); i++ {
		a, b := cp.terms[i-1], cp.terms[i]
		if b.start <= a.end {
			c.errorf("norms/term-overlap", c.termPath(terms, b.name)+".start", "term %q (%s to %s) overlaps term %q (%s to %s); a day belongs to one term at most",
				b.name, isoDate(b.start), isoDate(b.end), a.name, isoDate(a.start), isoDate(a.end))
		}
	}
}

// termPath finds the data path of the term named name, for positions.
func (c *compiler) termPath(terms []Term, name string) string {
	for i, t := range terms {
		if t.Name == name {
			return fmt.Sprintf("calendar.terms[%d]", i)
		}
	}
	return "calendar.terms"
}

// calendarDate reads a date of the norms file itself (term bounds).
func (c *compiler) calendarDate(path, text, format string) (int, bool) {
	day, sec, err := parseIncidentDate(text, format)
	if err != nil {
		c.errorf("norms/date", path, "%v", err)
		return 0, false
	}
	if sec >= 0 {
		c.errorf("norms/date", path, "%q: a term starts and ends on days; leave out the time", text)
		return 0, false
	}
	return day, true
}

func (c *compiler) behaviors(cp *conductProgram, bs []Behavior, ruleIndex map[string]int, rules []ConductRule) {
	owner := map[string]string{} // folded name or alias -> behavior that has it
	for i, b := range bs {
		path := fmt.Sprintf("conduct.behaviors[%d]", i)
		cb := conductBehavior{name: b.Name, ladder: b.Ladder, escalate: -1, points: b.Points}
		if strings.TrimSpace(b.Name) == "" {
			c.errorf("norms/name", path+".name", "a behavior has no name")
		}
		claim := func(p, name, what string) {
			k := behaviorKey(name)
			if k == "" {
				if what == "alias" {
					c.errorf("norms/name", p, "an alias of %q is empty", b.Name)
				}
				return
			}
			if other, dup := owner[k]; dup {
				code := "norms/duplicate-alias"
				if what == "name" {
					code = "norms/duplicate-name"
				}
				if other == b.Name {
					c.errorf(code, p, "%q is given twice for behavior %q", name, b.Name)
				} else {
					c.errorf(code, p, "%q is both %s of %q and a name or alias of %q; an incident must match one behavior only", name, article(what), b.Name, other)
				}
				return
			}
			owner[k] = b.Name
			cp.byName[k] = i
			cp.names = append(cp.names, strings.TrimSpace(name))
		}
		claim(path+".name", b.Name, "name")
		for j, a := range b.Aliases {
			claim(fmt.Sprintf("%s.aliases[%d]", path, j), a, "alias")
		}
		if len(b.Ladder) == 0 {
			c.errorf("norms/empty-ladder", path+".ladder", "behavior %q has an empty ladder; list its consequences, first occurrence first, such as [Warning, Parent contact]", b.Name)
		}
		for j, step := range b.Ladder {
			if strings.TrimSpace(step) == "" {
				c.errorf("norms/empty-step", fmt.Sprintf("%s.ladder[%d]", path, j), "step %d of the ladder of %q is empty; write the consequence", j+1, b.Name)
			}
			cp.consequences = append(cp.consequences, step)
		}
		then := c.enum(path+".then", b.Then, "repeat", "repeat", "escalate")
		switch {
		case then == "escalate" && b.EscalateTo == "":
			c.errorf("norms/escalate", path+".then", "behavior %q escalates past its ladder but names no rule; add escalate_to: <rule name>", b.Name)
		case then == "escalate":
			if ri, ok := ruleIndex[b.EscalateTo]; ok {
				cb.escalate = ri
			} else {
				names := make([]string, len(rules))
				for k, r := range rules {
					names[k] = r.Name
				}
				c.errorf("norms/unknown-rule", path+".escalate_to", "behavior %q escalates to %q, which is not one of conduct.rules%s", b.Name, b.EscalateTo, didYouMean(b.EscalateTo, names))
			}
		case b.EscalateTo != "":
			c.warnf("norms/unused", path+".escalate_to", "escalate_to is only used with then: escalate; without it the last step of the ladder repeats")
		}
		resets := c.enum(path+".resets", b.Resets, "never", periodNames[:]...)
		cb.resets, _ = periodOf(resets)
		if cb.resets == perTerm || cb.resets == perYear {
			cp.usesTerms = true
			if len(cp.terms) == 0 {
				c.errorf("norms/calendar", path+".resets", "behavior %q resets every %s, but the calendar has no terms; list them under calendar.terms (name, start, end)", b.Name, resets)
			}
		}
		if b.Points < 0 {
			c.errorf("norms/range", path+".points", "points must be 0 or more, got %d", b.Points)
		}
		cp.behaviors = append(cp.behaviors, cb)
	}
}

func article(what string) string {
	if what == "alias" {
		return "an alias"
	}
	return "the name"
}

func periodOf(name string) (period, bool) {
	for p, n := range periodNames {
		if n == name {
			return period(p), true
		}
	}
	return perNever, false
}

func (c *compiler) conductRules(cp *conductProgram, rules []ConductRule) {
	seen := map[string]bool{}
	for i, r := range rules {
		path := fmt.Sprintf("conduct.rules[%d]", i)
		if strings.TrimSpace(r.Name) == "" {
			c.errorf("norms/name", path+".name", "a rule has no name")
		} else if seen[r.Name] {
			c.errorf("norms/duplicate-name", path+".name", "rule %q is defined twice", r.Name)
		}
		seen[r.Name] = true
		if strings.TrimSpace(r.Then) == "" {
			c.errorf("norms/empty-step", path+".then", "rule %q has no consequence; write it after then:", r.Name)
		}
		cp.consequences = append(cp.consequences, r.Then)
		cr := conductRule{name: r.Name, then: r.Then}
		prog, d := c.src.compileExpr(path+".when", r.When, conductEnv, reflect.Bool)
		if d != nil {
			c.diags = append(c.diags, *d)
		} else {
			cr.windows, cr.on = c.ruleCalls(cp, path+".when", r.When, prog)
			// The program that runs is compiled a second time against
			// count and points declared as func(...any) any, which expr
			// calls directly where a typed function goes through
			// reflection (a third of the time of a school's year). The
			// typed compilation above is the one that checks the condition.
			if fast, d := c.src.compileExpr(path+".when", r.When, conductRunEnv, reflect.Bool); d != nil {
				c.diags = append(c.diags, *d)
			} else {
				cr.prog = fast
			}
		}
		if r.Window != "" {
			w, ok := parseWindow(r.Window)
			if !ok {
				c.errorf("norms/window", path+".window", "%q is not a window; write a number of days such as 30d, or one of: %s", r.Window, strings.Join(periodNames[:], ", "))
			} else {
				if w.needsTerms() {
					cp.usesTerms = true
					if len(cp.terms) == 0 {
						c.errorf("norms/calendar", path+".window", "the window %q needs the school year's terms; list them under calendar.terms (name, start, end)", r.Window)
					}
				}
				cr.windows = []window{w}
			}
		}
		if len(cr.windows) == 0 {
			// A condition that counts over no window can only change with
			// the log's content, not with time: it fires once.
			cr.windows = []window{{per: perNever}}
		}
		cp.rules = append(cp.rules, cr)
	}
}

// ruleCalls checks the arguments of count and points in a rule condition:
// behavior names must be known, windows valid, and both written as quoted
// text, so that they are checked here and resolved once. It returns the
// distinct windows the condition counts over and the behaviors whose
// incidents it is checked on (nil: all).
func (c *compiler) ruleCalls(cp *conductProgram, path, code string, prog *vm.Program) ([]window, []bool) {
	posOf := func(offset int) Pos { return c.src.exprPos(path, runeToByteOffset(code, offset), code) }
	on := make([]bool, len(cp.behaviors))
	behaviorArgs := &stringCallArgs{fn: "count"}
	walkProgram(prog, behaviorArgs)
	for _, a := range behaviorArgs.found {
		bi, ok := cp.byName[behaviorKey(a.value)]
		if !ok {
			c.diags = append(c.diags, c.src.diag("norms/unknown-behavior", path, posOf(a.offset),
				"count(%q, ...) names no behavior%s; the behaviors are: %s", a.value, didYouMean(a.value, cp.names), strings.Join(cp.names, ", ")))
			continue
		}
		cp.litBehavior[a.value] = bi
		on[bi] = true
	}
	calls := &conductCalls{}
	walkProgram(prog, calls)
	if len(calls.args) == 0 {
		// A condition that counts nothing is checked on every incident.
		on = nil
	}
	var windows []window
	for _, arg := range calls.args {
		if arg.fn == "points" && on != nil {
			for bi, b := range cp.behaviors {
				on[bi] = on[bi] || b.points > 0
			}
		}
		s, ok := arg.node.(*ast.StringNode)
		if !ok {
			c.diags = append(c.diags, c.src.diag("norms/expr", path, posOf(nodeStart(arg.node)),
				"write the %s of %s(...) as text in quotes, such as %s", arg.what, arg.fn, conductCallExample(arg.fn)))
			continue
		}
		if arg.what != "window" {
			continue
		}
		w, ok := parseWindow(s.Value)
		if !ok {
			c.diags = append(c.diags, c.src.diag("norms/window", path, posOf(s.Location().From),
				"%q is not a window; write a number of days such as \"30d\" (the last 30 days, today included), or one of: %s", s.Value, strings.Join(periodNames[:], ", ")))
			continue
		}
		if w.needsTerms() {
			cp.usesTerms = true
			if len(cp.terms) == 0 {
				c.diags = append(c.diags, c.src.diag("norms/calendar", path, posOf(s.Location().From),
					"the window %q needs the school year's terms; list them under calendar.terms (name, start, end)", s.Value))
				continue
			}
		}
		cp.litWindow[s.Value] = w
		dup := false
		for _, o := range windows {
			dup = dup || o == w
		}
		if !dup {
			windows = append(windows, w)
		}
	}
	return windows, on
}

func conductCallExample(fn string) string {
	if fn == "points" {
		return `points("term")`
	}
	return `count("Tardy", "30d")`
}

// nodeStart is the offset where an expression node's text starts: expr
// places an operator's node at the operator ("Tar" + x at the +), while a
// teacher looks for the start of what they wrote.
func nodeStart(n ast.Node) int {
	v := &minLocation{from: n.Location().From}
	ast.Walk(&n, v)
	return v.from
}

type minLocation struct{ from int }

// Visit implements ast.Visitor.
func (v *minLocation) Visit(node *ast.Node) {
	if f := (*node).Location().From; f < v.from && f >= 0 {
		v.from = f
	}
}

// conductCalls collects the arguments of every count and points call.
type conductCalls struct {
	args []conductArg
}

type conductArg struct {
	fn, what string
	node     ast.Node
}

// Visit implements ast.Visitor.
func (v *conductCalls) Visit(node *ast.Node) {
	call, ok := (*node).(*ast.CallNode)
	if !ok {
		return
	}
	id, ok := call.Callee.(*ast.IdentifierNode)
	if !ok {
		return
	}
	var what []string
	switch id.Value {
	case "count":
		what = []string{"behavior", "window"}
	case "points":
		what = []string{"window"}
	default:
		return
	}
	for i, a := range call.Arguments {
		if i < len(what) {
			v.args = append(v.args, conductArg{fn: id.Value, what: what[i], node: a})
		}
	}
}

// conductExample checks the shape of a conduct example; its incidents and
// expectation are checked by conduct, once behaviors are compiled.
func (c *compiler) conductExample(i int, ex Example) {
	path := fmt.Sprintf("examples[%d]", i)
	if len(ex.Scores) > 0 {
		c.errorf("norms/example-kind", path+".scores", "example %q has both scores and incidents; an example checks either grading (scores) or conduct (incidents), so split it in two", ex.Name)
	}
	e := ex.Expect
	if e.Final != nil || e.Letter != "" || e.Flags != nil || len(e.Categories) > 0 {
		c.errorf("norms/example-kind", path+".expect", "example %q lists incidents, so it can only expect a consequence (the consequence of its last incident)", ex.Name)
	}
	if strings.TrimSpace(e.Consequence) == "" {
		c.errorf("norms/empty-example", path+".expect", "example %q expects nothing; give the consequence of its last incident, such as consequence: Detention", ex.Name)
	}
}

// conductExampleData checks a conduct example's incidents and expected
// consequence against the compiled conduct.
func (c *compiler) conductExampleData(cp *conductProgram, i int, ex Example) {
	path := fmt.Sprintf("examples[%d]", i)
	last := -1
	for j, inc := range ex.Incidents {
		ipath := fmt.Sprintf("%s.incidents[%d]", path, j)
		day, sec, err := parseIncidentDate(inc.Date, cp.dateFormat)
		if err != nil {
			c.errorf("incidents/date", ipath+".date", "%v", err)
			continue
		}
		if inc.Time != "" {
			if sec, err = parseIncidentTime(inc.Time); err != nil {
				c.errorf("incidents/time", ipath+".time", "%v", err)
				continue
			}
		}
		if _, ok := cp.byName[behaviorKey(inc.Behavior)]; !ok && !cp.flagUnknown {
			c.errorf("norms/unknown-behavior", ipath+".behavior", "example %q has an incident of %q, which is not a behavior or alias%s", ex.Name, inc.Behavior, didYouMean(inc.Behavior, cp.names))
		}
		// The expectation is about the incident listed last; if another
		// one comes later in time, the example probably says something
		// other than what its author meant.
		at := day*86400 + sec
		if j == len(ex.Incidents)-1 && last > at {
			c.warnf("norms/example-order", ipath+".date", "the last incident of example %q is not the latest; its consequence is computed from the incidents before it in time only", ex.Name)
		}
		last = max(last, at)
	}
	want := ex.Expect.Consequence
	if strings.TrimSpace(want) != "" && !oneOf(want, cp.consequences...) {
		c.errorf("norms/unknown-consequence", path+".expect.consequence", "example %q expects %q, which no ladder or rule gives%s", ex.Name, want, didYouMean(want, cp.consequences))
	}
}
