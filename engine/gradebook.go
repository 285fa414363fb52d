package engine

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Gradebook is a class's assignments and every student's scores, the data
// Program.Grade works on. Students' scores are aligned with Assignments:
// Students[i].Scores[j] is the score on Assignments[j]. The readers
// (ReadGradebookJSON, ReadGradebookCSV, and the xlsx package) all produce
// this form.
type Gradebook struct {
	Assignments []Assignment `json:"assignments"`
	Students    []Student    `json:"students"`
	// File names the source in diagnostics found while grading.
	File string `json:"-"`
	// CategoryLine is the row of the categories in a CSV or sheet, when
	// read from one, so an unknown category can name its cell.
	CategoryLine int `json:"-"`
}

// Assignment is one column of a gradebook.
type Assignment struct {
	Name     string `json:"name"`
	Category string `json:"category"`
	// Possible is the points possible.
	Possible Points `json:"possible"`
	// Due, if given (YYYY-MM-DD), orders assignments for the order-sensitive
	// aggregates (most_recent, decaying, power_law, mode); otherwise the
	// order is the order of the columns.
	Due string `json:"due,omitempty"`
	// ExtraCredit assignments add earned points, not possible points.
	ExtraCredit bool `json:"extra_credit,omitempty"`
	// Column is the assignment's column in a CSV or sheet (1-based), when
	// read from one, so grading problems can name the cell.
	Column int `json:"-"`
}

// Student is one row of a gradebook.
type Student struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Scores []Score `json:"-"`
	// Line is the student's row in a CSV or sheet (1-based), when read
	// from one.
	Line int `json:"-"`
}

// Status is what kind of mark a score is.
type Status uint8

const (
	// Blank is a score not entered yet (ungraded).
	Blank Status = iota
	// Graded is a score with points.
	Graded
	// MissingWork is work that was due and not turned in.
	MissingWork
	// Excused is left out of earned and possible points alike.
	Excused
)

func (s Status) String() string {
	return [...]string{"blank", "graded", "missing", "excused"}[s]
}

// Score is one student's mark on one assignment.
type Score struct {
	Status Status
	// Earned points, when Status is Graded.
	Earned Points
	// DaysLate, when above zero, triggers the norms' late expression.
	DaysLate int
}

// ParseScore reads a score as a teacher types it, for an assignment worth
// possible points:
//
//	9, 9.5        points earned
//	9/10          a fraction, scaled to possible when the denominator differs
//	90%           a percent of possible
//	M, missing    missing work
//	EX, excused   excused
//	(blank)       not graded yet
//
// Any of these may end in "late N" or "(late N)": N days late.
func ParseScore(text string, possible Points) (Score, error) {
	if p, ok := plainPoints(text); ok {
		// The common case, a plain number of points, without the general
		// parser: a gradebook is mostly such cells.
		return Score{Status: Graded, Earned: p}, nil
	}
	s := strings.TrimSpace(text)
	var sc Score
	if body, days, ok, err := cutLate(s); err != nil {
		return Score{}, err
	} else if ok {
		s, sc.DaysLate = body, days
	}
	switch strings.ToLower(s) {
	case "":
		if sc.DaysLate > 0 {
			return Score{}, fmt.Errorf("%q is late but has no score; write the score before \"late\"", text)
		}
		return sc, nil
	case "m", "missing", "mi":
		sc.Status = MissingWork
		return sc, nil
	case "ex", "exc", "excused":
		sc.Status = Excused
		return sc, nil
	}
	bad := func() (Score, error) {
		return Score{}, fmt.Errorf("%q is not a score; write points (9), a fraction (9/10), a percent (90%%), M for missing, EX for excused, or leave it blank", text)
	}
	sc.Status = Graded
	switch {
	case strings.HasSuffix(s, "%"):
		pct, err := ParseDecimal(strings.TrimSpace(strings.TrimSuffix(s, "%")))
		if err != nil {
			return bad()
		}
		sc.Earned, err = scaledPoints(pct, DecimalFromInt(100, 0), possible)
		if err != nil {
			return Score{}, fmt.Errorf("%q: %v", text, err)
		}
	case strings.Contains(s, "/"):
		num, den, _ := strings.Cut(s, "/")
		n, err1 := ParseDecimal(strings.TrimSpace(num))
		dd, err2 := ParseDecimal(strings.TrimSpace(den))
		if err1 != nil || err2 != nil {
			return bad()
		}
		if dd.Sign() <= 0 {
			return Score{}, fmt.Errorf("%q: the part after / must be above zero", text)
		}
		var err error
		sc.Earned, err = scaledPoints(n, dd, possible)
		if err != nil {
			return Score{}, fmt.Errorf("%q: %v", text, err)
		}
	default:
		d, err := ParseDecimal(s)
		if err != nil {
			return bad()
		}
		sc.Earned, err = PointsFromDecimal(d)
		if err != nil {
			return Score{}, fmt.Errorf("%q: %v", text, err)
		}
	}
	if sc.Earned < 0 {
		return Score{}, fmt.Errorf("%q is below zero; scores start at 0", text)
	}
	return sc, nil
}

// plainPoints reads text made only of digits with at most one point and at
// most six decimals ("9", "47.5") as exact Points. Anything else (signs,
// exponents, spaces, marks) is left to the general parser.
func plainPoints(text string) (Points, bool) {
	if text == "" || len(text) > 16 {
		return 0, false
	}
	var n int64
	decimals, dot := 0, false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + int64(c-'0')
			if dot {
				decimals++
			}
		case c == '.' && !dot && i > 0 && i < len(text)-1:
			dot = true
		default:
			return 0, false
		}
	}
	if decimals > 6 {
		return 0, false
	}
	for ; decimals < 6; decimals++ {
		n *= 10
	}
	if Points(n) > maxPoints {
		return 0, false
	}
	return Points(n), true
}

// scaledPoints is num/den of possible, rounded half-even to a millionth of a
// point when it is not exact (a fraction like 2/3 of 10 points).
func scaledPoints(num, den Decimal, possible Points) (Points, error) {
	if num.Cmp(den) == 0 {
		return possible, nil
	}
	v := num.mul(possible.Decimal()).quo(den)
	return PointsFromDecimal(roundDecimal(v, 6, "half_even"))
}

// cutLate splits "45 late 2" or "45 (late 2)" into "45" and 2.
func cutLate(s string) (body string, days int, ok bool, err error) {
	low := asciiLower(s) // same length as s, so indexes carry over
	i := strings.LastIndex(low, "late")
	if i < 0 {
		return s, 0, false, nil
	}
	rest := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(low[i+len("late"):]), ")"))
	body = strings.TrimSpace(s[:i])
	body = strings.TrimSpace(strings.TrimSuffix(body, "("))
	n, convErr := strconv.Atoi(rest)
	if convErr != nil || n < 0 || n > 3650 {
		return "", 0, false, fmt.Errorf("%q: after \"late\" write the number of days late, such as \"late 2\"", s)
	}
	return body, n, true, nil
}

// asciiLower lowers only ASCII letters, keeping every byte offset of s
// (strings.ToLower may change the length of other characters).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// String writes the score back the way ParseScore reads it.
func (sc Score) String() string {
	var s string
	switch sc.Status {
	case Blank:
		return ""
	case MissingWork:
		s = "missing"
	case Excused:
		s = "excused"
	default:
		s = sc.Earned.String()
	}
	if sc.DaysLate > 0 {
		s += fmt.Sprintf(" late %d", sc.DaysLate)
	}
	return s
}

// MarshalJSON writes points as a JSON string of exact digits, like Decimal.
func (p Points) MarshalJSON() ([]byte, error) { return []byte(`"` + p.String() + `"`), nil }

// UnmarshalJSON reads points from a JSON number or a numeric string.
func (p *Points) UnmarshalJSON(b []byte) error {
	var d Decimal
	if err := d.UnmarshalJSON(b); err != nil {
		return err
	}
	v, err := PointsFromDecimal(d)
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// gradebookDoc is the JSON form of a gradebook (docs/gradebook-json.md):
// scores keyed by assignment name, as people and other programs write them.
type gradebookDoc struct {
	Assignments []Assignment `json:"assignments"`
	Students    []studentDoc `json:"students"`
}

type studentDoc struct {
	ID     string                     `json:"id"`
	Name   string                     `json:"name"`
	Scores map[string]json.RawMessage `json:"scores"`
}

// maxBookBytes bounds a gradebook read from text: a district export of
// 20,000 students x 60 assignments is about 15 MB.
const maxBookBytes = 64 << 20

// ReadGradebookJSON reads the documented JSON form of a gradebook. file only
// names the source in diagnostics.
func ReadGradebookJSON(file string, data []byte) (*Gradebook, Diagnostics) {
	errAt := func(path string, pos Pos, format string, args ...any) Diagnostic {
		return Diagnostic{Code: "gradebook/invalid", Severity: Error, File: file, Pos: pos, Path: path, Message: fmt.Sprintf(format, args...)}
	}
	if len(data) > maxBookBytes {
		return nil, Diagnostics{errAt("", Pos{}, "the gradebook is %d bytes; the limit is %d", len(data), maxBookBytes)}
	}
	// Most gradebooks are read in one pass (gradebookjson.go); any other,
	// and every one with a problem, by encoding/json below.
	if book := readGradebookJSONFast(file, data); book != nil {
		return book, nil
	}
	return readGradebookJSONSlow(file, data)
}

// readGradebookJSONSlow is the reader of record: encoding/json, every
// problem reported with its position or path.
func readGradebookJSONSlow(file string, data []byte) (*Gradebook, Diagnostics) {
	errAt := func(path string, pos Pos, format string, args ...any) Diagnostic {
		return Diagnostic{Code: "gradebook/invalid", Severity: Error, File: file, Pos: pos, Path: path, Message: fmt.Sprintf(format, args...)}
	}
	var doc gradebookDoc
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		pos := Pos{}
		var off int64 = -1
		switch e := err.(type) {
		case *json.SyntaxError:
			off = e.Offset
		case *json.UnmarshalTypeError:
			off = e.Offset
		}
		if off >= 0 {
			pos = offsetPos(data, int(off))
		}
		return nil, Diagnostics{errAt("", pos, "this is not a gradebook in the documented JSON form: %s", strings.TrimPrefix(err.Error(), "json: "))}
	}
	book := &Gradebook{Assignments: doc.Assignments, File: file}
	var ds Diagnostics
	index := map[string]int{}
	for j, a := range doc.Assignments {
		path := fmt.Sprintf("assignments[%d]", j)
		if strings.TrimSpace(a.Name) == "" {
			ds = append(ds, errAt(path+".name", Pos{}, "an assignment has no name"))
		}
		if _, dup := index[a.Name]; dup {
			ds = append(ds, errAt(path+".name", Pos{}, "assignment %q appears twice; names must be unique", a.Name))
		}
		index[a.Name] = j
	}
	for i, sd := range doc.Students {
		st := Student{ID: sd.ID, Name: sd.Name, Scores: make([]Score, len(book.Assignments))}
		for name, raw := range sd.Scores {
			path := fmt.Sprintf("students[%d].scores[%q]", i, name)
			j, ok := index[name]
			if !ok {
				ds = append(ds, errAt(path, Pos{}, "no assignment is named %q%s", name, didYouMean(name, assignmentNames(book))))
				continue
			}
			sc, err := scoreFromJSON(raw, book.Assignments[j].Possible)
			if err != nil {
				ds = append(ds, errAt(path, Pos{}, "%v", err))
				continue
			}
			st.Scores[j] = sc
		}
		book.Students = append(book.Students, st)
	}
	ds = append(ds, book.CheckShape()...)
	ds = ds.sortAndCap()
	if ds.HasErrors() {
		return nil, ds
	}
	return book, ds
}

// scoreFromJSON reads a score: a number, a string as ParseScore reads it,
// null, or {"score": number-or-string, "late": days}.
func scoreFromJSON(raw json.RawMessage, possible Points) (Score, error) {
	s := strings.TrimSpace(string(raw))
	switch {
	case s == "null":
		return Score{}, nil
	case strings.HasPrefix(s, "\""):
		text := s[1 : len(s)-1]
		if strings.ContainsAny(text, "\\\"") {
			// Escapes: let encoding/json decode them.
			if err := json.Unmarshal(raw, &text); err != nil {
				return Score{}, err
			}
		}
		return ParseScore(text, possible)
	case strings.HasPrefix(s, "{"):
		var obj struct {
			Score json.RawMessage `json:"score"`
			Late  int             `json:"late"`
		}
		dec := json.NewDecoder(strings.NewReader(s))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&obj); err != nil {
			return Score{}, fmt.Errorf("expected {\"score\": ..., \"late\": days}: %v", strings.TrimPrefix(err.Error(), "json: "))
		}
		if obj.Score == nil {
			return Score{}, fmt.Errorf("the object has no \"score\"")
		}
		sc, err := scoreFromJSON(obj.Score, possible)
		if err != nil {
			return Score{}, err
		}
		if obj.Late < 0 {
			return Score{}, fmt.Errorf("\"late\" must be 0 or more days")
		}
		if obj.Late > 0 {
			sc.DaysLate = obj.Late
		}
		return sc, nil
	default:
		return ParseScore(s, possible)
	}
}

func assignmentNames(b *Gradebook) []string {
	names := make([]string, len(b.Assignments))
	for i, a := range b.Assignments {
		names[i] = a.Name
	}
	return names
}

// CheckShape finds the problems any reader of a gradebook can have:
// duplicate or blank student IDs, negative points possible, malformed due
// dates. Readers call it once they have built the book; positions come from
// Student.Line when the reader set it.
func (b *Gradebook) CheckShape() Diagnostics {
	var ds Diagnostics
	file := b.File
	pos := func(i int) Pos {
		if b.Students[i].Line == 0 {
			return Pos{}
		}
		return Pos{Line: b.Students[i].Line, Column: 2}
	}
	// The path is written only for a student with a problem: this runs on
	// every book read, and a string per student was half of what reading
	// a large CSV book allocated.
	path := func(i int) string { return fmt.Sprintf("students[%d].id", i) }
	seen := make(map[string]int, len(b.Students))
	for i, s := range b.Students {
		if strings.TrimSpace(s.ID) == "" {
			ds = append(ds, Diagnostic{Code: "gradebook/no-id", Severity: Error, File: file, Pos: pos(i), Path: path(i),
				Message: fmt.Sprintf("student %q has no ID; every student needs a unique ID", s.Name)})
			continue
		}
		if first, dup := seen[s.ID]; dup {
			ds = append(ds, Diagnostic{Code: "gradebook/duplicate-id", Severity: Error, File: file, Pos: pos(i), Path: path(i),
				Message: fmt.Sprintf("student ID %q is used twice (%s and %s); IDs must be unique", s.ID, b.Students[first].Name, s.Name)})
			continue
		}
		seen[s.ID] = i
	}
	for j, a := range b.Assignments {
		if a.Possible < 0 {
			ds = append(ds, Diagnostic{Code: "gradebook/possible", Severity: Error, File: file, Path: fmt.Sprintf("assignments[%d].possible", j),
				Message: fmt.Sprintf("assignment %q has negative points possible", a.Name)})
		}
		if a.Due != "" && !isISODate(a.Due) {
			ds = append(ds, Diagnostic{Code: "gradebook/due", Severity: Error, File: file, Path: fmt.Sprintf("assignments[%d].due", j),
				Message: fmt.Sprintf("assignment %q has due date %q; write it as YYYY-MM-DD", a.Name, a.Due)})
		}
	}
	return ds
}

func isISODate(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for i, c := range s {
		if i != 4 && i != 7 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// offsetPos turns a byte offset into a line and column.
func offsetPos(data []byte, off int) Pos {
	off = min(max(off, 0), len(data))
	line, col := 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return Pos{Line: line, Column: col}
}
