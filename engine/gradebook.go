package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
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
			return Score{}, fmt.Errorf("%s is late but has no score; write the score before \"late\"", quoteCell(text))
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
		return Score{}, fmt.Errorf("%s is not a score; write points (9), a fraction (9/10), a percent (90%%), M for missing, EX for excused, or leave it blank", quoteCell(text))
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
			return Score{}, fmt.Errorf("%s: %v", quoteCell(text), err)
		}
	case strings.Contains(s, "/"):
		num, den, _ := strings.Cut(s, "/")
		n, err1 := ParseDecimal(strings.TrimSpace(num))
		dd, err2 := ParseDecimal(strings.TrimSpace(den))
		if err1 != nil || err2 != nil {
			return bad()
		}
		if dd.Sign() <= 0 {
			return Score{}, fmt.Errorf("%s: the part after / must be above zero", quoteCell(text))
		}
		var err error
		sc.Earned, err = scaledPoints(n, dd, possible)
		if err != nil {
			return Score{}, fmt.Errorf("%s: %v", quoteCell(text), err)
		}
	default:
		d, err := ParseDecimal(s)
		if err != nil {
			return bad()
		}
		sc.Earned, err = PointsFromDecimal(d)
		if err != nil {
			return Score{}, fmt.Errorf("%s is not a score: points are at most 1,000,000,000, with at most 6 decimal places", quoteCell(strings.TrimSpace(text)))
		}
	}
	if sc.Earned < 0 {
		return Score{}, fmt.Errorf("%s is below zero; scores start at 0", quoteCell(text))
	}
	return sc, nil
}

// quoteCell quotes what a teacher typed in a cell for a message, cut to
// its first 40 characters: a pasted page of text need not come back whole.
func quoteCell(text string) string {
	if utf8.RuneCountInString(text) <= 40 {
		return strconv.Quote(text)
	}
	r := []rune(text)
	return strconv.Quote(string(r[:40])) + fmt.Sprintf("... (%d characters)", len(r))
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

// maxDaysLate is the most days a score can be late (ten years).
const maxDaysLate = 3650

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
	if convErr != nil || n < 0 || n > maxDaysLate {
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

// maxBookBytes bounds a gradebook read from text: a district export of
// 20,000 students x 60 assignments is about 15 MB.
const maxBookBytes = 64 << 20

// utf8BOM is the byte order mark some Windows editors write at the start
// of a UTF-8 file; the readers skip it.
var utf8BOM = []byte("\xef\xbb\xbf")

// ReadGradebookJSON reads the documented JSON form of a gradebook
// (docs/gradebook-json.md): one object {"assignments": [...], "students":
// [...]}, nothing after it but blanks, each key at most once. A UTF-8 byte
// order mark is skipped. {} is a gradebook with no assignments and no
// students; null, a list or any other value is not a gradebook. file only
// names the source in diagnostics, which give the line:column of the value
// and its data path (students[2].scores["Quiz 1"]).
func ReadGradebookJSON(file string, data []byte) (*Gradebook, Diagnostics) {
	if len(data) > maxBookBytes {
		return nil, Diagnostics{{Code: "gradebook/invalid", Severity: Error, File: file,
			Message: fmt.Sprintf("the gradebook is %d bytes; the limit is %d", len(data), maxBookBytes)}}
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	// Most gradebooks are read in one pass (gradebookjson.go); any other,
	// and every one with a problem, by the reader of record below.
	if book := readGradebookJSONFast(file, data); book != nil {
		return book, nil
	}
	return readGradebookJSONSlow(file, data)
}

// readGradebookJSONSlow is the reader of record. It checks the syntax with
// encoding/json, then reads the gradebook token by token (json.Decoder),
// so that every problem is reported with the line:column of the value and
// its data path, all of them at once: a value of the wrong type, a key
// given twice (which encoding/json would let the last one win), an unknown
// key, a score that is not one.
func readGradebookJSONSlow(file string, data []byte) (*Gradebook, Diagnostics) {
	r := &jsonBookReader{file: file, data: data, book: &Gradebook{File: file}}
	end, ok := r.checkSyntax()
	if !ok {
		return nil, r.ds
	}
	func() {
		defer func() {
			if e := recover(); e != nil {
				if _, stop := e.(jsonBookStop); !stop {
					panic(e)
				}
				// Cannot happen once checkSyntax has passed; reported so
				// that it is never silent.
				r.errorf(Pos{}, "", "this is not a gradebook in the documented JSON form")
			}
		}()
		r.start(0, end)
		r.read()
	}()
	if r.stop {
		return nil, r.ds.sortAndCap()
	}
	ds := append(r.ds, r.book.checkShape(&r.at)...)
	ds = ds.sortAndCap()
	if ds.HasErrors() {
		return nil, ds
	}
	return r.book, ds
}

// jsonBookReader reads a JSON gradebook token by token.
type jsonBookReader struct {
	file string
	data []byte
	dec  *json.Decoder
	base int // where dec's input starts in data
	book *Gradebook
	// index maps assignment names to columns.
	index map[string]int
	at    shapePos
	ds    Diagnostics
	// stop is set when the gradebook cannot be read further (not an
	// object): the other checks would only repeat it.
	stop bool
	// cur and curPos turn offsets into positions as the reading moves
	// forward, without counting lines from the start each time.
	cur    int
	curPos Pos
}

// jsonBookStop is the panic that ends reading on a token error, which
// checkSyntax makes impossible.
type jsonBookStop struct{}

func (r *jsonBookReader) errorf(pos Pos, path, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	r.ds = append(r.ds, Diagnostic{Code: "gradebook/invalid", Severity: Error, File: r.file, Pos: pos, Path: path, Message: msg})
}

// checkSyntax checks that data is one JSON value followed by nothing but
// blanks, reporting the first syntax error at the byte that is wrong, and
// returns where the value ends. Text after the value is reported, and the
// value is read anyway.
func (r *jsonBookReader) checkSyntax() (end int, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(r.data))
	var raw json.RawMessage
	err := dec.Decode(&raw)
	var se *json.SyntaxError
	switch {
	case err == nil:
	case err == io.EOF:
		r.errorf(Pos{Line: 1, Column: 1}, "", "the gradebook is empty; write {\"assignments\": [...], \"students\": [...]}")
		return 0, false
	case errors.Is(err, io.ErrUnexpectedEOF):
		r.errorf(r.pos(len(r.data)), "", "this is not a gradebook in the documented JSON form: the text ends too early (a missing ], } or closing \")")
		return 0, false
	case errors.As(err, &se):
		// Offset counts the bytes read, the wrong one included.
		r.errorf(r.pos(int(se.Offset)-1), "", "this is not a gradebook in the documented JSON form: %s", se.Error())
		return 0, false
	default:
		r.errorf(Pos{}, "", "this is not a gradebook in the documented JSON form: %s", strings.TrimPrefix(err.Error(), "json: "))
		return 0, false
	}
	end = int(dec.InputOffset())
	rest := end
	for rest < len(r.data) && isJSONSpace(r.data[rest]) {
		rest++
	}
	if rest < len(r.data) {
		r.errorf(r.pos(rest), "", "unexpected text after the gradebook: %s; the gradebook ends with the } that closes its first {", quoteStart(r.data[rest:]))
	}
	return end, true
}

func isJSONSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// quoteStart quotes the start of b, for a message.
func quoteStart(b []byte) string {
	if len(b) > 20 {
		return strconv.Quote(string(b[:20])) + "..."
	}
	return strconv.Quote(string(b))
}

// pos is the line:column of offset off in data (columns count bytes).
func (r *jsonBookReader) pos(off int) Pos {
	off = min(max(off, 0), len(r.data))
	if off < r.cur || r.curPos.Line == 0 {
		r.cur, r.curPos = 0, Pos{Line: 1, Column: 1}
	}
	for _, c := range r.data[r.cur:off] {
		switch {
		case c == '\n':
			r.curPos.Line, r.curPos.Column = r.curPos.Line+1, 1
		case c&0xC0 != 0x80: // characters, as offsetPos counts them
			r.curPos.Column++
		}
	}
	r.cur = off
	return r.curPos
}

// start reads data[from:to] from now on.
func (r *jsonBookReader) start(from, to int) {
	r.dec = json.NewDecoder(bytes.NewReader(r.data[from:to]))
	r.dec.UseNumber()
	r.base = from
}

// offset is where the next token starts.
func (r *jsonBookReader) offset() int {
	off := r.base + int(r.dec.InputOffset())
	for off < len(r.data) && (isJSONSpace(r.data[off]) || r.data[off] == ',' || r.data[off] == ':') {
		off++
	}
	return off
}

// next returns the next token and where it starts.
func (r *jsonBookReader) next() (json.Token, Pos) {
	off := r.offset()
	t, err := r.dec.Token()
	if err != nil {
		r.stop = true
		panic(jsonBookStop{})
	}
	return t, r.pos(off)
}

// key returns the next key of an object and where it starts.
func (r *jsonBookReader) key() (string, Pos) {
	t, pos := r.next()
	k, _ := t.(string)
	return k, pos
}

// skip moves past the rest of the value t starts.
func (r *jsonBookReader) skip(t json.Token) {
	if t != json.Delim('{') && t != json.Delim('[') {
		return
	}
	for depth := 1; depth > 0; {
		t, err := r.dec.Token()
		if err != nil {
			r.stop = true
			panic(jsonBookStop{})
		}
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}

// skipValue moves past the next value.
func (r *jsonBookReader) skipValue() {
	t, _ := r.next()
	r.skip(t)
}

// jsonWhat says what a token is, for a message.
func jsonWhat(t json.Token) string {
	switch v := t.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(v)
	case json.Number:
		return "the number " + v.String()
	case string:
		if len(v) > 40 {
			return strconv.Quote(v[:40]) + "..."
		}
		return strconv.Quote(v)
	case json.Delim:
		if v == '{' {
			return "an object {...}"
		}
		return "a list [...]"
	}
	return fmt.Sprint(t)
}

// once reports a key given twice in one object, at its second place, and
// moves past its value; it says whether the key is new.
func (r *jsonBookReader) once(seen map[string]bool, key string, pos Pos, path string) bool {
	if seen[key] {
		r.errorf(pos, path, "%q is given twice here; keep one (a JSON reader would silently keep only the last)", key)
		r.skipValue()
		return false
	}
	seen[key] = true
	return true
}

// read reads the gradebook object.
func (r *jsonBookReader) read() {
	t, pos := r.next()
	if t != json.Delim('{') {
		what := jsonWhat(t)
		if t == nil {
			what = "null, which is not a gradebook"
		}
		r.errorf(pos, "", "a gradebook is an object {\"assignments\": [...], \"students\": [...]}; this is %s", what)
		r.stop = true
		return
	}
	seen := map[string]bool{}
	studentsFrom, studentsTo := -1, -1
	for r.dec.More() {
		key, kpos := r.key()
		switch k := strings.ToLower(key); k {
		case "assignments":
			if r.once(seen, k, kpos, key) {
				r.assignments()
			}
		case "students":
			if !r.once(seen, k, kpos, key) {
				continue
			}
			if seen["assignments"] {
				r.students()
				continue
			}
			// Scores need the assignments: read the students once they
			// are known.
			studentsFrom = r.offset()
			r.skipValue()
			studentsTo = r.base + int(r.dec.InputOffset())
		default:
			r.errorf(kpos, key, "unknown key %q%s; a gradebook has the keys \"assignments\" and \"students\"", key, didYouMean(key, []string{"assignments", "students"}))
			r.skipValue()
		}
	}
	r.next() // }
	if studentsFrom >= 0 {
		r.start(studentsFrom, studentsTo)
		r.students()
	}
}

// shapePos is where, in a JSON gradebook, the values CheckShape checks are.
type shapePos struct {
	ids, possible, due []Pos
	// notRead marks the students that are not objects (already reported).
	notRead []bool
}

func (r *jsonBookReader) assignments() {
	t, pos := r.next()
	switch t {
	case nil:
		return
	case json.Delim('['):
		r.book.Assignments = []Assignment{}
	default:
		r.errorf(pos, "assignments", "expected a list [...] of assignments, got %s", jsonWhat(t))
		r.skip(t)
		return
	}
	r.index = map[string]int{}
	for j := 0; r.dec.More(); j++ {
		path := fmt.Sprintf("assignments[%d]", j)
		var a Assignment
		t, pos := r.next()
		r.at.possible = append(r.at.possible, pos)
		r.at.due = append(r.at.due, pos)
		if t != json.Delim('{') {
			r.errorf(pos, path, "expected an assignment, an object such as {\"name\": \"HW 1\", \"category\": \"Homework\", \"possible\": 10}, got %s", jsonWhat(t))
			r.skip(t)
			r.book.Assignments = append(r.book.Assignments, a)
			continue
		}
		seen := map[string]bool{}
		namePos, hasName, nameBad := pos, false, false
		for r.dec.More() {
			key, kpos := r.key()
			k := strings.ToLower(key)
			kpath := path + "." + key
			switch k {
			case "name", "category", "due", "possible", "extra_credit":
				if !r.once(seen, k, kpos, kpath) {
					continue
				}
			default:
				r.errorf(kpos, kpath, "unknown key %q%s; an assignment's keys are name, category, possible, due and extra_credit", key, didYouMean(key, []string{"name", "category", "possible", "due", "extra_credit"}))
				r.skipValue()
				continue
			}
			v, vpos := r.next()
			switch k {
			case "name", "category", "due":
				if k == "name" {
					namePos, hasName = vpos, true
				}
				s, isText := v.(string)
				if !isText && v != nil {
					r.errorf(vpos, kpath, "expected text in quotes, got %s", jsonWhat(v))
					r.skip(v)
					if k == "name" {
						nameBad = true
					}
					continue
				}
				switch k {
				case "name":
					a.Name, hasName = s, v != nil
				case "category":
					a.Category = s
				case "due":
					a.Due = s
					r.at.due[j] = vpos
				}
			case "possible":
				r.at.possible[j] = vpos
				p, err := pointsFromJSON(v)
				if err != nil {
					r.errorf(vpos, kpath, "%v", err)
					r.skip(v)
					continue
				}
				a.Possible = p
			case "extra_credit":
				switch v := v.(type) {
				case bool:
					a.ExtraCredit = v
				case nil:
				default:
					r.errorf(vpos, kpath, "expected true or false, got %s", jsonWhat(v))
					r.skip(v)
				}
			}
		}
		r.next() // }
		switch first, dup := r.index[a.Name]; {
		case nameBad:
		case !hasName:
			r.errorf(pos, path+".name", "this assignment has no name; give it one, such as \"name\": \"HW 1\"")
		case strings.TrimSpace(a.Name) == "":
			r.errorf(namePos, path+".name", "the assignment's name is empty; give it one, such as \"name\": \"HW 1\"")
		case dup:
			r.errorf(namePos, path+".name", "assignment %q appears twice (also assignments[%d]); names must be unique", a.Name, first)
		default:
			r.index[a.Name] = j
		}
		r.book.Assignments = append(r.book.Assignments, a)
	}
	r.next() // ]
}

// pointsFromJSON reads points possible: a number or a numeric string.
func pointsFromJSON(v json.Token) (Points, error) {
	var text string
	switch v := v.(type) {
	case json.Number:
		text = v.String()
	case string:
		text = v
	default:
		return 0, fmt.Errorf("expected a number of points, got %s", jsonWhat(v))
	}
	d, err := ParseDecimal(strings.TrimSpace(text))
	if err != nil {
		return 0, fmt.Errorf("expected a number of points, got %s", jsonWhat(v))
	}
	p, err := PointsFromDecimal(d)
	if err != nil {
		return 0, fmt.Errorf("expected a number of points, at most 1,000,000,000 with at most 6 decimal places, got %s", jsonWhat(v))
	}
	return p, nil
}

func (r *jsonBookReader) students() {
	t, pos := r.next()
	switch t {
	case nil:
		return
	case json.Delim('['):
	default:
		r.errorf(pos, "students", "expected a list [...] of students, got %s", jsonWhat(t))
		r.skip(t)
		return
	}
	n := len(r.book.Assignments)
	names := assignmentNames(r.book)
	given := make([]bool, n)
	for i := 0; r.dec.More(); i++ {
		// Paths are written only for a problem: a large book has many
		// students and scores.
		path := func() string { return fmt.Sprintf("students[%d]", i) }
		st := Student{Scores: make([]Score, n)}
		t, pos := r.next()
		r.at.ids = append(r.at.ids, pos)
		r.at.notRead = append(r.at.notRead, t != json.Delim('{'))
		if t != json.Delim('{') {
			r.errorf(pos, path(), "expected a student, an object such as {\"id\": \"7001\", \"name\": \"Maya Patel\", \"scores\": {...}}, got %s", jsonWhat(t))
			r.skip(t)
			r.book.Students = append(r.book.Students, st)
			continue
		}
		var seen uint8
		for r.dec.More() {
			key, kpos := r.key()
			var bit uint8
			switch {
			case strings.EqualFold(key, "id"):
				bit = 1
			case strings.EqualFold(key, "name"):
				bit = 2
			case strings.EqualFold(key, "scores"):
				bit = 4
			default:
				r.errorf(kpos, path()+"."+key, "unknown key %q%s; a student's keys are id, name and scores", key, didYouMean(key, []string{"id", "name", "scores"}))
				r.skipValue()
				continue
			}
			if !r.onceBit(&seen, bit, key, kpos, func() string { return path() + "." + key }) {
				continue
			}
			v, vpos := r.next()
			switch bit {
			case 1, 2:
				s, isText := v.(string)
				switch {
				case isText || v == nil:
				case bit == 1:
					if num, isNum := v.(json.Number); isNum {
						r.errorf(vpos, path()+"."+key, "write the ID as text in quotes (\"%s\"), not as the number %s", num, num)
						st.ID = num.String() // reported here, not again as "no ID"
						r.at.ids[i] = vpos
					} else {
						r.errorf(vpos, path()+"."+key, "expected the student's ID as text in quotes, such as \"7001\", got %s", jsonWhat(v))
						r.at.notRead[i] = true // reported here, not again as "no ID"
					}
					r.skip(v)
					continue
				default:
					r.errorf(vpos, path()+"."+key, "expected text in quotes, got %s", jsonWhat(v))
					r.skip(v)
					continue
				}
				if bit == 1 {
					st.ID = s
					r.at.ids[i] = vpos
				} else {
					st.Name = s
				}
			case 4:
				switch v {
				case nil:
				case json.Delim('{'):
					clear(given)
					r.scores(i, &st, names, given)
				default:
					r.errorf(vpos, path()+"."+key, "expected an object of scores by assignment name, such as {\"HW 1\": 9, \"Quiz 1\": \"M\"}, got %s", jsonWhat(v))
					r.skip(v)
				}
			}
		}
		r.next() // }
		r.book.Students = append(r.book.Students, st)
	}
	r.next() // ]
}

// onceBit is once for keys tracked by bits of seen.
func (r *jsonBookReader) onceBit(seen *uint8, bit uint8, key string, pos Pos, path func() string) bool {
	if *seen&bit != 0 {
		r.errorf(pos, path(), "%q is given twice here; keep one (a JSON reader would silently keep only the last)", key)
		r.skipValue()
		return false
	}
	*seen |= bit
	return true
}

// scorePath is the path of student i's score on the assignment name.
func scorePath(i int, name string) string {
	return fmt.Sprintf("students[%d].scores[%q]", i, name)
}

// scores reads student i's scores, whose { has been read, and its }.
// given marks the assignments scored so far.
func (r *jsonBookReader) scores(i int, st *Student, names []string, given []bool) {
	for r.dec.More() {
		name, kpos := r.key()
		j, ok := r.index[name]
		switch {
		case !ok:
			r.errorf(kpos, scorePath(i, name), "no assignment is named %q%s", name, didYouMean(name, names))
			r.skipValue()
			continue
		case given[j]:
			r.errorf(kpos, scorePath(i, name), "the score for %q is given twice; keep one (a JSON reader would silently keep only the last)", name)
			r.skipValue()
			continue
		}
		given[j] = true
		if sc, ok := r.score(i, name, r.book.Assignments[j].Possible); ok {
			st.Scores[j] = sc
		}
	}
	r.next() // }
}

// score reads student i's score on the assignment name: a number, a
// string as ParseScore reads it, null, or {"score": number, string or
// null, "late": days}. A lateness is given once, and only with a score,
// as in a CSV cell.
func (r *jsonBookReader) score(i int, name string, possible Points) (Score, bool) {
	t, pos := r.next()
	if t != json.Delim('{') {
		return r.scalarScore(t, pos, i, name, "", possible, "a number, text such as \"9/10\", \"M\" or \"EX\", null, or {\"score\": 9, \"late\": 2}")
	}
	var sc Score
	ok, late := true, 0
	var latePos Pos
	var seen uint8
	for r.dec.More() {
		key, kpos := r.key()
		var bit uint8
		switch {
		case strings.EqualFold(key, "score"):
			bit = 1
		case strings.EqualFold(key, "late"):
			bit = 2
		default:
			r.errorf(kpos, scorePath(i, name)+"."+key, "unknown key %q%s; a score object is {\"score\": 9, \"late\": 2}", key, didYouMean(key, []string{"score", "late"}))
			r.skipValue()
			ok = false
			continue
		}
		if !r.onceBit(&seen, bit, key, kpos, func() string { return scorePath(i, name) + "." + key }) {
			ok = false
			continue
		}
		v, vpos := r.next()
		if bit == 1 {
			var good bool
			sc, good = r.scalarScore(v, vpos, i, name, "."+key, possible, "a number, text such as \"9/10\" or \"M\", or null")
			ok = ok && good
			continue
		}
		latePos = vpos
		if v == nil {
			continue
		}
		if num, isNum := v.(json.Number); isNum {
			if n, err := strconv.Atoi(num.String()); err == nil && n >= 0 && n <= maxDaysLate {
				late = n
				continue
			}
		}
		r.errorf(vpos, scorePath(i, name)+"."+key, "expected a whole number of days late, from 0 to %d, got %s", maxDaysLate, jsonWhat(v))
		r.skip(v)
		ok = false
	}
	r.next() // }
	switch {
	case seen&1 == 0:
		r.errorf(pos, scorePath(i, name), "this score has no \"score\"; write {\"score\": 9, \"late\": 2}")
		return Score{}, false
	case !ok:
		return Score{}, false
	case late == 0:
	case sc.Status == Blank:
		r.errorf(latePos, scorePath(i, name)+".late", "the score is late but has no score; write the score in \"score\"")
		return Score{}, false
	case sc.DaysLate > 0:
		r.errorf(latePos, scorePath(i, name)+".late", "the days late are given twice, in \"score\" (late %d) and in \"late\" (%d); give them once", sc.DaysLate, late)
		return Score{}, false
	default:
		sc.DaysLate = late
	}
	return sc, true
}

// scalarScore reads a score that is a number, a string or null; its path
// is student i's score on name, then suffix.
func (r *jsonBookReader) scalarScore(t json.Token, pos Pos, i int, name, suffix string, possible Points, expected string) (Score, bool) {
	var text string
	switch v := t.(type) {
	case nil:
		return Score{}, true
	case string:
		text = v
	case json.Number:
		text = v.String()
	default:
		r.errorf(pos, scorePath(i, name)+suffix, "expected a score: %s; got %s", expected, jsonWhat(t))
		r.skip(t)
		return Score{}, false
	}
	sc, err := ParseScore(text, possible)
	if err != nil {
		r.errorf(pos, scorePath(i, name)+suffix, "%v", err)
		return Score{}, false
	}
	return sc, true
}

func assignmentNames(b *Gradebook) []string {
	names := make([]string, len(b.Assignments))
	for i, a := range b.Assignments {
		names[i] = a.Name
	}
	return names
}

// CheckShape finds the problems any reader of a gradebook can have:
// duplicate or blank student IDs, negative points possible, due dates that
// are not YYYY-MM-DD days of the calendar. Readers call it once they have
// built the book; positions come from Student.Line when the reader set it.
func (b *Gradebook) CheckShape() Diagnostics { return b.checkShape(nil) }

// checkShape is CheckShape, with the positions of the values in a JSON
// gradebook when at is not nil.
func (b *Gradebook) checkShape(at *shapePos) Diagnostics {
	var ds Diagnostics
	file := b.File
	pos := func(i int) Pos {
		if at != nil && i < len(at.ids) {
			return at.ids[i]
		}
		if b.Students[i].Line == 0 {
			return Pos{}
		}
		return Pos{Line: b.Students[i].Line, Column: 2}
	}
	assignmentPos := func(ps []Pos, j int) Pos {
		if at != nil && j < len(ps) {
			return ps[j]
		}
		return Pos{}
	}
	// The path is written only for a student with a problem: this runs on
	// every book read, and a string per student was half of what reading
	// a large CSV book allocated.
	path := func(i int) string { return fmt.Sprintf("students[%d].id", i) }
	seen := make(map[string]int, len(b.Students))
	for i, s := range b.Students {
		if at != nil && i < len(at.notRead) && at.notRead[i] {
			continue // not a student object: reported by the reader
		}
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
			ds = append(ds, Diagnostic{Code: "gradebook/possible", Severity: Error, File: file, Pos: assignmentPos(at.possibleOrNil(), j), Path: fmt.Sprintf("assignments[%d].possible", j),
				Message: fmt.Sprintf("assignment %q has negative points possible", a.Name)})
		}
		if a.Due != "" {
			if problem := dueDateProblem(a.Due); problem != "" {
				ds = append(ds, Diagnostic{Code: "gradebook/due", Severity: Error, File: file, Pos: assignmentPos(at.dueOrNil(), j), Path: fmt.Sprintf("assignments[%d].due", j),
					Message: fmt.Sprintf("assignment %q has due date %q; %s", a.Name, a.Due, problem)})
			}
		}
	}
	return ds
}

func (at *shapePos) possibleOrNil() []Pos {
	if at == nil {
		return nil
	}
	return at.possible
}

func (at *shapePos) dueOrNil() []Pos {
	if at == nil {
		return nil
	}
	return at.due
}

// dueDateProblem says what is wrong with a due date, or "" when it is a
// day of the calendar written YYYY-MM-DD.
func dueDateProblem(s string) string {
	if !isISODate(s) {
		return "write it as YYYY-MM-DD, such as 2025-09-05"
	}
	y, _ := strconv.Atoi(s[:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:])
	switch {
	case y < 1:
		return "there is no year 0000; write it as YYYY-MM-DD, such as 2025-09-05"
	case m < 1 || m > 12:
		return fmt.Sprintf("there is no month %02d (months run from 01 to 12); write it as YYYY-MM-DD", m)
	case d < 1 || d > daysIn(y, m):
		return fmt.Sprintf("%s %d has no day %02d (it has %d days)", time.Month(m), y, d, daysIn(y, m))
	}
	return ""
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

// offsetPos turns a byte offset into a line and column; columns count
// characters, as the norms file's do ("José" is four).
func offsetPos(data []byte, off int) Pos {
	off = min(max(off, 0), len(data))
	line, col := 1, 1
	for _, c := range data[:off] {
		switch {
		case c == '\n':
			line, col = line+1, 1
		case c&0xC0 != 0x80: // not a UTF-8 continuation byte
			col++
		}
	}
	return Pos{Line: line, Column: col}
}
