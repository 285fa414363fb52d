package engine

import (
	"strings"
	"testing"
)

const minimalNorms = `norms: 1
team: T
grading:
  categories:
    - name: Quizzes
      weight: 100
  letters:
    - {letter: P, min: 60}
    - {letter: F, min: 0}
`

// TestDiagnosticPositions checks that every kind of problem names the right
// file:line:col, including positions inside expressions in each YAML style.
func TestDiagnosticPositions(t *testing.T) {
	tests := []struct {
		name, extra string
		code        string
		line, col   int
		msg         string
	}{
		{"unknown key", "grading2: {}\n", "norms/unknown-key", 10, 1, `did you mean "grading"`},
		{"plain expression", "flags:\n  - name: f\n    when: Quizes < 70\n", "norms/expr", 12, 11, `did you mean "Quizzes"`},
		{"quoted expression", "flags:\n  - name: f\n    when: \"Quizzes < 70 and Testz > 1\"\n", "norms/expr", 12, 29, "unknown name 'Testz'"},
		{"block expression", "flags:\n  - name: f\n    when: |\n      Quizzes < 70 and\n      Nope > 1\n", "norms/expr", 14, 7, "unknown name 'Nope'"},
		{"not a bool", "flags:\n  - name: f\n    when: Quizzes + 1\n", "norms/expr", 12, 11, "true or false"},
		// Columns count characters: each "é" is one, though two bytes.
		{"after non-ASCII text", "flags:\n  - name: f\n    when: '\"ééé\" != \"\" and Quizes < 70'\n", "norms/expr", 12, 28, `did you mean "Quizzes"`},
		{"block after non-ASCII text", "flags:\n  - name: f\n    when: |\n      \"ééé\" != \"\" and Nope > 1\n", "norms/expr", 13, 23, "unknown name 'Nope'"},
		{"graded of unknown", "flags:\n  - name: f\n    when: graded(\"Quiz\")\n", "norms/unknown-category", 12, 18, `graded("Quiz") names no category`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ds := Check("n.yaml", []byte(minimalNorms+tt.extra))
			for _, d := range ds {
				if d.Code == tt.code {
					if d.Line != tt.line || d.Column != tt.col || !strings.Contains(d.Message, tt.msg) {
						t.Errorf("got %s", d.Error())
					}
					return
				}
			}
			t.Errorf("no %s diagnostic; got:\n%s", tt.code, ds.Error())
		})
	}
}

func TestCheckFindsEverythingAtOnce(t *testing.T) {
	text := `norms: 1
team: T
grading:
  categories:
    - {name: Homework, weight: -5, aggregate: pointz}
    - {name: Homework, weight: ten}
  round: {mode: half_down}
  letters:
    - {letter: A, min: 90}
    - {letter: B, min: 95}
    - {letter: C, min: 10}
`
	_, ds := Check("n.yaml", []byte(text))
	if len(ds) != 1 || ds[0].Code != "norms/type" || ds[0].Line != 6 {
		// A type error stops at Load: Compile needs well-typed values.
		t.Fatalf("load: got\n%s", ds.Error())
	}
	text = strings.Replace(text, "weight: ten", "weight: 10", 1)
	_, ds = Check("n.yaml", []byte(text))
	want := []string{"norms/weight-sum", "norms/weight-negative", "norms/enum", "norms/duplicate-name", "norms/enum", "norms/letters-order", "norms/letters-cover"}
	var got []string
	for _, d := range ds {
		got = append(got, d.Code)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("codes = %v, want %v (sorted by position)\n%s", got, want, ds.Error())
	}
}

func TestWarnings(t *testing.T) {
	text := strings.Replace(minimalNorms, "weight: 100", "weight: 80", 1) +
		"  round: {places: 0}\n"
	text = strings.Replace(text, "    - {letter: P, min: 60}\n", "    - {letter: A, min: 90}\n    - {letter: A-, min: 89.5}\n", 1)
	p, ds := Check("n.yaml", []byte(text))
	if p == nil {
		t.Fatalf("warnings must not stop compiling:\n%s", ds.Error())
	}
	codes := map[string]bool{}
	for _, d := range ds {
		codes[d.Code] = d.Severity == Warning
	}
	if !codes["norms/weight-sum"] || !codes["norms/letter-unreachable"] {
		t.Errorf("want weight-sum and letter-unreachable warnings, got:\n%s", ds.Error())
	}
}

func TestHostileNorms(t *testing.T) {
	tests := map[string]string{
		"billion laughs": "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n",
		"huge range":     minimalNorms + "flags:\n  - name: f\n    when: len(map(1..100000000, # * 2)) > 0\n",
		"deep nesting":   minimalNorms + "flags:\n  - name: f\n    when: " + strings.Repeat("(", 2000) + "true" + strings.Repeat(")", 2000) + "\n",
		"many nodes":     minimalNorms + "flags:\n  - name: f\n    when: " + strings.Repeat("1 + ", 400) + "1 > 0\n",
		"clock":          minimalNorms + "flags:\n  - name: f\n    when: now().Year() > 2000\n",
	}
	for name, text := range tests {
		t.Run(name, func(t *testing.T) {
			p, ds := Check("n.yaml", []byte(text))
			if p == nil {
				return // refused at compile time, with a diagnostic
			}
			if len(ds) > 0 {
				t.Logf("%s", ds.Error())
			}
			book := &Gradebook{Assignments: []Assignment{{Name: "Q1", Category: "Quizzes", Possible: 10 * pointsScale}},
				Students: []Student{{ID: "1", Name: "A", Scores: []Score{{Status: Graded, Earned: 5 * pointsScale}}}}}
			rep, _ := p.Grade(book)
			if rep.Students[0].Error == "" {
				t.Errorf("expected the flag to fail within its memory budget")
			}
		})
	}
}

func TestRoundDecimal(t *testing.T) {
	tests := []struct {
		in     string
		places int
		mode   string
		want   string
	}{
		{"89.5", 0, "half_up", "90"},
		{"89.5", 0, "half_even", "90"},
		{"88.5", 0, "half_even", "88"},
		{"89.49999", 0, "half_up", "89"},
		{"89.45", 1, "half_up", "89.5"},
		{"89.45", 1, "down", "89.4"},
		{"89.41", 1, "up", "89.5"},
		{"89.456", 2, "none", "89.456"},
		{"0.001", 0, "up", "1"},
		{"0.05527915975677169707020453289110005", 0, "up", "1"},
		{"0.001", 1, "up", "0.1"},
		{"0.001", 0, "down", "0"},
		{"0.001", 0, "half_up", "0"},
	}
	for _, tt := range tests {
		if got := roundDecimal(MustDecimal(tt.in), tt.places, tt.mode).String(); got != tt.want {
			t.Errorf("round(%s, %d, %s) = %s, want %s", tt.in, tt.places, tt.mode, got, tt.want)
		}
	}
	// 0.1 and 0.2 weights: exactly 89.5, not 89.49999999999999.
	w := MustDecimal("0.1").mul(MustDecimal("85")).add(MustDecimal("0.2").mul(MustDecimal("91.75"))).quo(MustDecimal("0.3"))
	if got := w.reduced().String(); got != "89.5" {
		t.Errorf("weighted = %s, want 89.5", got)
	}
}

func TestParseScore(t *testing.T) {
	ten := Points(10 * pointsScale)
	tests := []struct {
		in   string
		want string
		err  bool
	}{
		{"9", "9", false}, {" 9.5 ", "9.5", false}, {"9/10", "9", false}, {"45/50", "9", false},
		{"90%", "9", false}, {"M", "missing", false}, {"missing", "missing", false}, {"EX", "excused", false},
		{"", "", false}, {"8 late 2", "8 late 2", false}, {"8 (late 3)", "8 late 3", false},
		{"ninety", "", true}, {"-1", "", true}, {"9/0", "", true}, {"late 2", "", true}, {"8 late x", "", true},
		{"1.0000001", "", true},
	}
	for _, tt := range tests {
		sc, err := ParseScore(tt.in, ten)
		if (err != nil) != tt.err {
			t.Errorf("ParseScore(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if err == nil && sc.String() != tt.want {
			t.Errorf("ParseScore(%q) = %q, want %q", tt.in, sc.String(), tt.want)
		}
	}
}

func TestDropsChooseBestSet(t *testing.T) {
	// Dropping the lowest percent (1/10 = 10%) gives 80/110 = 72.7%;
	// dropping 20/100 gives 91/110... the engine must find the best: drop
	// the 20/100 (leaves 1+90+... ) — checked against brute force.
	items := []item{
		{earned: 1 * pointsScale, possible: 10 * pointsScale},
		{earned: 20 * pointsScale, possible: 100 * pointsScale},
		{earned: 90 * pointsScale, possible: 100 * pointsScale},
		{earned: 5 * pointsScale, possible: 5 * pointsScale},
	}
	cands := []int{0, 1, 2, 3}
	for n := 1; n <= 3; n++ {
		got := (&grader{}).bestDrops(items, cands, 0, 0, n, true)
		// brute force over all subsets of size n
		best := -1.0
		var bestSet []int
		for mask := 0; mask < 16; mask++ {
			var set []int
			e, p := 0.0, 0.0
			for i := range items {
				if mask&(1<<i) != 0 {
					set = append(set, i)
				} else {
					e += float64(items[i].earned)
					p += float64(items[i].possible)
				}
			}
			if len(set) == n && p > 0 && e/p > best {
				best, bestSet = e/p, set
			}
		}
		if strings.Trim(strings.Join(strings.Fields(strings.Trim(strings.Repeat(" ", 0)+fmtInts(got), "[]")), ","), " ") != strings.Join(strings.Fields(strings.Trim(fmtInts(bestSet), "[]")), ",") {
			t.Errorf("drop %d: got %v, brute force %v", n, got, bestSet)
		}
	}
}

func fmtInts(v []int) string {
	var b strings.Builder
	for _, x := range v {
		b.WriteString(" ")
		b.WriteString(string(rune('0' + x)))
	}
	return "[" + b.String() + "]"
}

func TestYAMLSyntaxLines(t *testing.T) {
	tests := []struct {
		text string
		line int
	}{
		{"norms: 1\nteam: x\ngrading: {a: [1,\n  b: 2\n", 3},
		{"norms: 1\nteam: x\ngrading:\n  categories:\n    - {name: A, weight: 1\n    - x\n", 5},
		{"norms: 1\n\tteam: x\n", 2},
	}
	for _, tt := range tests {
		_, ds := Load("n.yaml", []byte(tt.text))
		if len(ds) != 1 || ds[0].Code != "norms/syntax" || ds[0].Line != tt.line {
			t.Errorf("%q: got %v, want norms/syntax on line %d", tt.text, ds, tt.line)
		}
	}
}

// TestOneProblemOneDiagnostic: a mistake is reported once, without the
// confusing follow-ups it used to bring ("unsupported norms file version
// 0" after a version that did not decode; weights "each divided by -5").
func TestOneProblemOneDiagnostic(t *testing.T) {
	for _, c := range []struct{ text, code string }{
		{"norms: 1e400\nteam: T\ngrading:\n  categories:\n    - {name: H, weight: 100}\n", "norms/type"},
		{"norms: 1\nteam: T\ngrading:\n  categories:\n    - {name: H, weight: -5}\n", "norms/weight-negative"},
		{"norms: 1\nteam: T\ngrading:\n  categories:\n    - {name: H, weight: 10}\n    - {name: Q, weight: -20}\n", "norms/weight-negative"},
		{"norms: 1\nteam: T\ngrading:\n  categories:\n    - {name: H, weight: 100}\n  letters:\n    - {letter: P, min: 60}\n    - {letter: F, min: -10}\n", "norms/letters-negative"},
	} {
		_, ds := Check("n.yaml", []byte(c.text))
		var codes []string
		for _, d := range ds {
			codes = append(codes, d.Code)
		}
		if len(codes) != 1 || codes[0] != c.code {
			t.Errorf("%q: got %v, want only %s", c.text, codes, c.code)
		}
	}
}

// TestYAMLErrorsWithoutALine: the few errors go-yaml gives without a line
// are placed by Load itself.
func TestYAMLErrorsWithoutALine(t *testing.T) {
	for _, c := range []struct {
		text      string
		line, col int
	}{
		{"norms: 1\nteam: \"a\x07b\"\n", 2, 9},
		{"norms: 1\nteam: *nope\n", 2, 7},
		{strings.Repeat("[", 10005), 1, 10001},
		{"norms: 1\nteam: \"Grade 7 Team\ngrading:\n  categories:\n    - {name: H, weight: 100}\n", 2, 7},
	} {
		_, ds := Load("n.yaml", []byte(c.text))
		if len(ds) != 1 || ds[0].Code != "norms/syntax" || ds[0].Line != c.line || ds[0].Column != c.col {
			t.Errorf("%.20q: got %v, want norms/syntax at %d:%d", c.text, ds, c.line, c.col)
		}
	}
}
