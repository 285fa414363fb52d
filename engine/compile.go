package engine

import (
	"fmt"
	"math"
	"reflect"
	"strings"

	"github.com/expr-lang/expr/vm"
)

// Program is a norms file compiled for use: every check passed, every
// expression compiled once. It is immutable, so one Program may grade many
// gradebooks, from many goroutines.
type Program struct {
	norms *Norms

	cats     []compiledCategory
	catIndex map[string]int

	late  *vm.Program
	final *vm.Program
	flags []compiledFlag

	// conduct is the compiled conduct section (ladders, rules, calendar).
	conduct *conductProgram

	floor        Decimal
	ungradedZero bool
	emptyZero    bool
	lettersExact bool
	roundPlaces  int
	roundMode    string

	// used holds every name the final and flag expressions mention, so
	// that grading fills in only those.
	used map[string]bool
	// env is what of the grading environment the final and flag
	// expressions read, from used, so that grading looks nothing up.
	env envUse
	// lateByDaysOnly is set when the late expression reads nothing but
	// days_late, so its result for a number of days can be reused.
	lateByDaysOnly bool

	// near holds the bounds of grader.nearBoundary for the rounding step.
	near struct{ halfLo, halfHi, stepLo Decimal }

	// intWeights are the categories' weights as integers over one power of
	// ten (20, 30, 50; or 125, 875 for 0.125 and 0.875), and cutoffs the
	// letters' minimums as fractions, for the exact final in machine words
	// (grader.fractionFinal). Each is nil when some value does not fit.
	intWeights []uint64
	cutoffs    []frac
}

type compiledCategory struct {
	Category
	ident       string
	aggregate   string
	decayWeight Decimal
	tieHighest  bool
	neverDrop   map[string]bool
}

type compiledFlag struct {
	name string
	prog *vm.Program
}

// Norms returns the norms the program was compiled from.
func (p *Program) Norms() *Norms { return p.norms }

// Aggregates lists the aggregate names a category may use.
var Aggregates = []string{"points", "mean", "median", "highest", "most_recent", "decaying", "power_law", "mode"}

// nan is the value of an empty category's percent in expressions: every
// comparison with it is false, so no flag fires for a category with no work.
var nan = math.NaN()

// gradingEnv declares the environment of the final and flag expressions.
func gradingEnv(cats []compiledCategory, forFlags bool) exprEnv {
	env := exprEnv{
		"weighted":       0.0,
		"missing_count":  0,
		"late_count":     0,
		"excused_count":  0,
		"ungraded_count": 0,
		"graded":         func(string) bool { return false },
	}
	for _, c := range cats {
		env[c.ident] = 0.0
	}
	if forFlags {
		env["final"] = 0.0
		env["rounded"] = 0.0
		env["letter"] = ""
	}
	return env
}

// lateEnv declares the environment of the late expression.
var lateEnv = exprEnv{"days_late": 0, "percent": 0.0, "possible": 0.0, "category": "", "assignment": ""}

// Compile checks loaded norms as a whole and compiles their expressions. The
// program is nil exactly when the diagnostics hold an error; warnings (such
// as weights not summing to 100) come back either way.
func Compile(n *Norms) (*Program, Diagnostics) {
	src := n.src
	if src == nil {
		src = &source{pos: map[string]Pos{}, keys: map[string]Pos{}}
	}
	c := &compiler{src: src, p: &Program{norms: n, catIndex: map[string]int{}, used: map[string]bool{}}}
	c.grading(&n.Grading)
	c.expressions(n)
	c.examples(n)
	c.conduct(n)
	c.layout(n)
	ds := c.diags.sortAndCap()
	if ds.HasErrors() {
		return nil, ds
	}
	c.p.prepareExact()
	c.p.prepareEnv()
	return c.p, ds
}

// envUse lists what grading must put in the expressions' environment.
type envUse struct {
	// cats are the indices of the categories read, counts the indices in
	// countNames of the counts read.
	cats, counts            []int
	weighted, final, letter bool
}

func (p *Program) prepareEnv() {
	for ci, c := range p.cats {
		if p.used[c.ident] {
			p.env.cats = append(p.env.cats, ci)
		}
	}
	for i, name := range countNames {
		if p.used[name] {
			p.env.counts = append(p.env.counts, i)
		}
	}
	p.env.weighted = p.used["weighted"]
	p.env.final = p.used["final"] || p.used["rounded"]
	p.env.letter = p.used["letter"]
}

// prepareExact sets intWeights and cutoffs when every weight and cutoff
// fits: weights scaled to integers over their longest fraction, and their
// sum, must stay below 2^40, so a weighted sum of percents cannot come near
// 64 bits through the weights alone.
func (p *Program) prepareExact() {
	// Each weight as n/s (s a power of ten), then all over the largest s.
	scaled := make([]frac, len(p.cats))
	var common uint64 = 1
	for i, c := range p.cats {
		n, s, ok := scaledDecimal(c.Weight)
		if !ok {
			return
		}
		scaled[i], common = frac{n, s}, max(common, s)
	}
	weights := make([]uint64, len(p.cats))
	var total uint64
	for i, w := range scaled {
		// s divides common: both are powers of ten.
		n, ok := mul64(w.num, common/w.den)
		if !ok || n >= 1<<40 {
			return
		}
		weights[i], total = n, total+n
	}
	if total >= 1<<40 {
		return
	}
	cutoffs := make([]frac, len(p.norms.Grading.Letters))
	for i, l := range p.norms.Grading.Letters {
		n, s, ok := scaledDecimal(l.Min)
		if !ok {
			return
		}
		cutoffs[i] = frac{n, s}
	}
	p.intWeights, p.cutoffs = weights, cutoffs
}

// Check loads and compiles a norms file, returning every problem found.
func Check(file string, text []byte) (*Program, Diagnostics) {
	n, ds := Load(file, text)
	if ds.HasErrors() {
		return nil, ds
	}
	p, more := Compile(n)
	return p, append(ds, more...).sortAndCap()
}

type compiler struct {
	src   *source
	p     *Program
	diags Diagnostics
}

func (c *compiler) errorf(code, path, format string, args ...any) {
	c.diags = append(c.diags, c.src.at(code, path, format, args...))
}

func (c *compiler) warnf(code, path, format string, args ...any) {
	d := c.src.at(code, path, format, args...)
	d.Severity = Warning
	c.diags = append(c.diags, d)
}

func oneOf(v string, allowed ...string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

func (c *compiler) enum(path, value, def string, allowed ...string) string {
	if value == "" {
		return def
	}
	if !oneOf(value, allowed...) {
		c.errorf("norms/enum", path, "%q is not allowed here; use one of: %s%s", value, strings.Join(allowed, ", "), didYouMean(value, allowed))
		return def
	}
	return value
}

var hundred = DecimalFromInt(100, 0)

func (c *compiler) grading(g *Grading) {
	p := c.p
	if strings.TrimSpace(c.p.norms.Team) == "" && c.src.lookup("team").IsValid() {
		c.errorf("norms/team", "team", "the team name is empty; write the team's name")
	}
	if len(g.Categories) == 0 {
		c.errorf("norms/no-categories", "grading.categories", "there are no categories; add at least one, such as Homework with a weight")
	}
	sum := Decimal{}
	idents := map[string]string{}
	for i, cat := range g.Categories {
		path := fmt.Sprintf("grading.categories[%d]", i)
		cc := compiledCategory{Category: cat, ident: Identifier(cat.Name), neverDrop: map[string]bool{}}
		if strings.TrimSpace(cat.Name) == "" {
			c.errorf("norms/name", path+".name", "a category has no name")
		} else if _, dup := p.catIndex[strings.ToLower(cat.Name)]; dup {
			c.errorf("norms/duplicate-name", path+".name", "category %q is defined twice; merge them or rename one", cat.Name)
		} else if other, clash := idents[cc.ident]; clash {
			c.errorf("norms/identifier-clash", path+".name", "categories %q and %q are both called %s in expressions; rename one", other, cat.Name, cc.ident)
		} else if cc.ident == "" || gradingEnv(nil, true)[cc.ident] != nil {
			c.errorf("norms/identifier-clash", path+".name", "category %q cannot be used in expressions (it is empty or a reserved name once spaces and symbols are removed); rename it", cat.Name)
		}
		idents[cc.ident] = cat.Name
		if cat.Weight.Sign() < 0 {
			c.errorf("norms/weight-negative", path+".weight", "the weight of %q is %s; weights are 0 or more", cat.Name, cat.Weight)
		}
		sum = sum.add(cat.Weight)
		cc.aggregate = c.enum(path+".aggregate", cat.Aggregate, "points", Aggregates...)
		cc.decayWeight = MustDecimal("0.65")
		if cat.DecayWeight != nil {
			cc.decayWeight = *cat.DecayWeight
			if cc.decayWeight.Sign() <= 0 || cc.decayWeight.Cmp(DecimalFromInt(1, 0)) > 0 {
				c.errorf("norms/range", path+".decay_weight", "decay_weight must be above 0 and at most 1 (0.65 counts each new score 65%%), got %s", cc.decayWeight)
			}
			if cc.aggregate != "decaying" {
				c.warnf("norms/unused", path+".decay_weight", "decay_weight is only used by aggregate: decaying")
			}
		}
		cc.tieHighest = c.enum(path+".tie_break", cat.TieBreak, "most_recent", "most_recent", "highest") == "highest"
		if cat.TieBreak != "" && cc.aggregate != "mode" {
			c.warnf("norms/unused", path+".tie_break", "tie_break is only used by aggregate: mode")
		}
		if cat.DropLowest < 0 {
			c.errorf("norms/range", path+".drop_lowest", "drop_lowest must be 0 or more")
		}
		if cat.DropHighest < 0 {
			c.errorf("norms/range", path+".drop_highest", "drop_highest must be 0 or more")
		}
		for _, name := range cat.NeverDrop {
			cc.neverDrop[name] = true
		}
		if _, dup := p.catIndex[strings.ToLower(cat.Name)]; !dup {
			p.catIndex[strings.ToLower(cat.Name)] = len(p.cats)
		}
		p.cats = append(p.cats, cc)
	}
	if len(g.Categories) > 0 && sum.IsZero() && !c.diags.HasErrors() {
		c.errorf("norms/weight-zero", "grading.categories", "every category has weight 0; give at least one a weight")
	} else if len(g.Categories) > 0 && sum.Cmp(hundred) != 0 && sum.Sign() > 0 {
		// (A negative weight is an error already; "divided by -5" would
		// only confuse.)
		c.warnf("norms/weight-sum", "grading.categories", "the weights add up to %s, not 100; they are used as relative weights (each divided by %s)", sum.reduced(), sum.reduced())
	}

	c.enum("grading.ungraded", g.Ungraded, "exclude", "exclude", "zero")
	p.ungradedZero = g.Ungraded == "zero"
	p.emptyZero = c.enum("grading.empty_categories", g.EmptyCategories, "reweight", "reweight", "zero") == "zero"
	p.lettersExact = c.enum("grading.letters_from", g.LettersFrom, "rounded", "rounded", "exact") == "exact"
	p.roundMode = c.enum("grading.round.mode", g.Round.Mode, "half_up", "half_up", "half_even", "down", "up", "none")
	p.roundPlaces = g.Round.Places
	if g.Round.Places < 0 || g.Round.Places > 6 {
		c.errorf("norms/range", "grading.round.places", "round.places must be between 0 and 6, got %d", g.Round.Places)
		p.roundPlaces = 0
	}
	step := DecimalFromInt(1, int32(-p.roundPlaces))
	half := DecimalFromInt(5, int32(-p.roundPlaces-1))
	p.near.halfLo, p.near.halfHi = half.sub(nearBoundary), half.add(nearBoundary)
	p.near.stepLo = step.sub(nearBoundary)
	if g.Missing.Policy == "" {
		g.Missing.Policy = "zero"
	}
	if g.Floor != nil {
		p.floor = *g.Floor
		if p.floor.Sign() < 0 || p.floor.Cmp(hundred) > 0 {
			c.errorf("norms/range", "grading.floor", "floor is a percent between 0 and 100, got %s", p.floor)
		}
	}
	c.letters(g)
}

func (c *compiler) letters(g *Grading) {
	seen := map[string]bool{}
	for i, l := range g.Letters {
		path := fmt.Sprintf("grading.letters[%d]", i)
		if strings.TrimSpace(l.Letter) == "" {
			c.errorf("norms/name", path+".letter", "a letter cutoff has no letter")
		}
		if seen[l.Letter] {
			c.errorf("norms/duplicate-name", path+".letter", "letter %q appears twice", l.Letter)
		}
		seen[l.Letter] = true
		if l.Min.Sign() < 0 {
			c.warnf("norms/letters-negative", path+".min", "letter %s starts at %s, but a final is never below 0; write min: 0", l.Letter, l.Min)
		}
		if i > 0 && l.Min.Cmp(g.Letters[i-1].Min) >= 0 {
			c.errorf("norms/letters-order", path+".min", "letter cutoffs must go from highest to lowest: %s (%s) is not below %s (%s)", l.Letter, l.Min, g.Letters[i-1].Letter, g.Letters[i-1].Min)
		}
	}
	if n := len(g.Letters); n > 0 && g.Letters[n-1].Min.Sign() > 0 {
		c.errorf("norms/letters-cover", fmt.Sprintf("grading.letters[%d].min", n-1), "the lowest letter (%s) starts at %s, so a final below that gets no letter; give the lowest letter min: 0", g.Letters[n-1].Letter, g.Letters[n-1].Min)
	}
	// With rounding, only multiples of 10^-places can be compared with the
	// cutoffs; a letter whose band contains none of them can never be given.
	if c.p.lettersExact || c.p.roundMode == "none" {
		return
	}
	for i := 1; i < len(g.Letters); i++ {
		lo, hi := g.Letters[i].Min, g.Letters[i-1].Min
		if lo.Cmp(hi) >= 0 {
			continue
		}
		first := roundDecimal(lo, c.p.roundPlaces, "up") // smallest multiple >= lo
		if first.Cmp(hi) >= 0 {
			c.warnf("norms/letter-unreachable", fmt.Sprintf("grading.letters[%d].min", i), "letter %s can never be given: finals are rounded to %d places, and no rounded final is at least %s and below %s", g.Letters[i].Letter, c.p.roundPlaces, lo, hi)
		}
	}
}

func (c *compiler) expressions(n *Norms) {
	p := c.p
	g := &n.Grading
	if g.Late != "" {
		p.late = c.expr("grading.late", g.Late, lateEnv, reflect.Float64)
		if p.late != nil {
			uses := identifiers{}
			walkProgram(p.late, uses)
			p.lateByDaysOnly = !uses["percent"] && !uses["possible"] && !uses["category"] && !uses["assignment"]
		}
	}
	if g.Final != "" {
		p.final = c.expr("grading.final", g.Final, gradingEnv(p.cats, false), reflect.Float64)
	}
	seen := map[string]bool{}
	for i, f := range n.Flags {
		path := fmt.Sprintf("flags[%d]", i)
		if strings.TrimSpace(f.Name) == "" {
			c.errorf("norms/name", path+".name", "a flag has no name")
		} else if seen[f.Name] {
			c.errorf("norms/duplicate-name", path+".name", "flag %q is defined twice", f.Name)
		}
		seen[f.Name] = true
		if prog := c.expr(path+".when", f.When, gradingEnv(p.cats, true), reflect.Bool); prog != nil {
			p.flags = append(p.flags, compiledFlag{name: f.Name, prog: prog})
		}
	}
}

// expr compiles one expression and checks the category names given to
// graded("...") against the norms.
func (c *compiler) expr(path, code string, env exprEnv, kind reflect.Kind) *vm.Program {
	prog, d := c.src.compileExpr(path, code, env, kind)
	if d != nil {
		c.diags = append(c.diags, *d)
		return nil
	}
	args := &stringCallArgs{fn: "graded"}
	walkProgram(prog, args)
	walkProgram(prog, identifiers(c.p.used))
	for _, a := range args.found {
		if _, ok := c.p.catIndex[strings.ToLower(a.value)]; !ok {
			d := c.src.diag("norms/unknown-category", path, c.src.exprPos(path, runeToByteOffset(code, a.offset), code),
				"graded(%q) names no category%s", a.value, didYouMean(a.value, c.categoryNames()))
			c.diags = append(c.diags, d)
		}
	}
	return prog
}

func (c *compiler) categoryNames() []string {
	out := make([]string, len(c.p.cats))
	for i, cat := range c.p.cats {
		out[i] = cat.Name
	}
	return out
}

func (c *compiler) examples(n *Norms) {
	seen := map[string]bool{}
	for i, ex := range n.Examples {
		path := fmt.Sprintf("examples[%d]", i)
		if seen[ex.Name] {
			c.errorf("norms/duplicate-name", path+".name", "example %q is defined twice", ex.Name)
		}
		seen[ex.Name] = true
		if ex.isConduct() {
			c.conductExample(i, ex)
			continue
		}
		for _, cat := range sortedKeys(ex.Scores) {
			cpath := path + ".scores." + cat
			if _, ok := c.p.catIndex[strings.ToLower(cat)]; !ok {
				c.diags = append(c.diags, c.src.diag("norms/unknown-category", cpath, c.src.keys[cpath],
					"example %q gives scores for %q, which is not a category%s", ex.Name, cat, didYouMean(cat, c.categoryNames())))
				continue
			}
			for j, st := range ex.Scores[cat] {
				if _, _, err := exampleScore(st); err != nil {
					c.errorf("norms/score", fmt.Sprintf("%s[%d]", cpath, j), "%v", err)
				}
			}
		}
		for cat := range ex.Expect.Categories {
			if _, ok := c.p.catIndex[strings.ToLower(cat)]; !ok {
				kp := path + ".expect.categories." + cat
				c.diags = append(c.diags, c.src.diag("norms/unknown-category", kp, c.src.keys[kp],
					"example %q expects a percent for %q, which is not a category%s", ex.Name, cat, didYouMean(cat, c.categoryNames())))
			}
		}
		if l := ex.Expect.Letter; l != "" && !c.hasLetter(l) {
			c.errorf("norms/unknown-letter", path+".expect.letter", "example %q expects letter %q, which is not one of the norms' letters", ex.Name, l)
		}
		if ex.Expect.Flags != nil {
			for j, f := range *ex.Expect.Flags {
				if !seenFlag(n.Flags, f) {
					c.errorf("norms/unknown-flag", fmt.Sprintf("%s.expect.flags[%d]", path, j), "example %q expects flag %q, which the norms do not define", ex.Name, f)
				}
			}
		}
		if ex.Expect.Consequence != "" {
			c.errorf("norms/example-kind", path+".expect.consequence", "example %q expects a consequence but lists no incidents; a conduct example needs incidents:, a grading example expects final, letter, flags or categories", ex.Name)
		} else if ex.Expect.Final == nil && ex.Expect.Letter == "" && ex.Expect.Flags == nil && len(ex.Expect.Categories) == 0 {
			c.errorf("norms/empty-example", path+".expect", "example %q expects nothing; give final, letter, flags or categories", ex.Name)
		}
	}
}

func (c *compiler) hasLetter(l string) bool {
	for _, x := range c.p.norms.Grading.Letters {
		if x.Letter == l {
			return true
		}
	}
	return false
}

func seenFlag(flags []Flag, name string) bool {
	for _, f := range flags {
		if f.Name == name {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return sortedStrings(out)
}
