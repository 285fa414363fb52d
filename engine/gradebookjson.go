package engine

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// readGradebookJSONFast reads the common form of a JSON gradebook in one
// pass over its bytes, without reflection and without keeping any score's
// text: keys exactly as documented, each at most once, strings, numbers,
// {"score", "late"} objects and null scores. It returns nil whenever the
// input has anything else (an error of any kind, an unusual but valid
// form), and ReadGradebookJSON then reads it again with encoding/json, whose
// diagnostics are the documented ones. So it never decides an answer of its
// own: what it accepts, the encoding/json reader reads to the same book,
// which TestGradebookJSONFastAgrees and FuzzGradebookJSONFastAgrees check.
func readGradebookJSONFast(file string, data []byte) *Gradebook {
	s := jsonScan{b: data}
	book := &Gradebook{File: file}
	s.ws()
	if !s.eat('{') {
		return nil
	}
	var index map[string]int
	haveA, haveS := false, false
	studentsAt := -1 // where the students are, when they come before the assignments
	s.ws()
	if !s.eat('}') {
		for {
			s.ws()
			key, ok := s.key()
			if !ok {
				return nil
			}
			s.ws()
			if !s.eat(':') {
				return nil
			}
			s.ws()
			switch string(key) {
			case "assignments":
				if haveA {
					return nil
				}
				haveA = true
				if !s.assignments(book) {
					return nil
				}
				if index = assignmentIndex(book.Assignments); index == nil {
					return nil
				}
				if studentsAt >= 0 {
					// The students came first: read them now, from where
					// they start, and make sure they end where the skip did.
					end := s.i
					s.i = studentsAt
					if !s.students(book, index) || s.i != studentsSkippedTo(data, studentsAt) {
						return nil
					}
					s.i = end
				}
			case "students":
				if haveS {
					return nil
				}
				haveS = true
				if !haveA {
					studentsAt = s.i
					if s.i = studentsSkippedTo(data, s.i); s.i < 0 {
						return nil
					}
					break
				}
				if !s.students(book, index) {
					return nil
				}
			default:
				return nil
			}
			s.ws()
			if s.eat('}') {
				break
			}
			if !s.eat(',') {
				return nil
			}
		}
	}
	if studentsAt >= 0 && !haveA {
		// Students and no assignments: every score name is unknown, or
		// there are none; the general reader says which.
		return nil
	}
	// What follows the object is not read, as json.Decoder does not.
	if len(book.CheckShape()) > 0 {
		return nil
	}
	return book
}

// studentsSkippedTo is the end of the array or null at i, as found by
// brackets and strings alone (students.students then validates it), or -1.
func studentsSkippedTo(b []byte, i int) int {
	if i+4 <= len(b) && string(b[i:i+4]) == "null" {
		return i + 4
	}
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
			if i >= len(b) {
				return -1
			}
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i + 1
			}
			if depth < 0 {
				return -1
			}
		}
	}
	return -1
}

// assignmentIndex maps names to columns, or is nil when a name is blank or
// used twice (the general reader reports those).
func assignmentIndex(as []Assignment) map[string]int {
	index := make(map[string]int, len(as))
	for j, a := range as {
		if _, dup := index[a.Name]; dup || strings.TrimSpace(a.Name) == "" {
			return nil
		}
		index[a.Name] = j
	}
	return index
}

// jsonScan reads JSON from b at i. Every method returns false on anything
// it does not read, leaving the decision to encoding/json.
type jsonScan struct {
	b []byte
	i int
}

func (s *jsonScan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *jsonScan) eat(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

func (s *jsonScan) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// key reads a string and returns its bytes: a view of the input when it
// has no escapes (no allocation), else the decoded text.
func (s *jsonScan) key() ([]byte, bool) {
	if !s.eat('"') {
		return nil, false
	}
	start := s.i
	high := false
	for s.i < len(s.b) {
		c := s.b[s.i]
		switch {
		case c == '"':
			raw := s.b[start:s.i]
			s.i++
			if high && !utf8.Valid(raw) {
				return nil, false
			}
			return raw, true
		case c == '\\':
			return s.escaped(start - 1)
		case c < 0x20:
			return nil, false
		case c >= 0x80:
			high = true
		}
		s.i++
	}
	return nil, false
}

// escaped reads a string with escapes that starts (its quote) at start,
// decoding it with encoding/json so that every escape means what it means
// there.
func (s *jsonScan) escaped(start int) ([]byte, bool) {
	i := start + 1
	for ; i < len(s.b) && s.b[i] != '"'; i++ {
		if s.b[i] == '\\' {
			i++
		}
	}
	if i >= len(s.b) {
		return nil, false
	}
	var text string
	if json.Unmarshal(s.b[start:i+1], &text) != nil {
		return nil, false
	}
	s.i = i + 1
	return []byte(text), true
}

// str reads a string.
func (s *jsonScan) str() (string, bool) {
	b, ok := s.key()
	return string(b), ok
}

// number reads a JSON number and returns its text.
func (s *jsonScan) number() ([]byte, bool) {
	b, start := s.b, s.i
	i := s.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
	default:
		return nil, false
	}
	if i < len(b) && b[i] == '.' {
		i++
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return nil, false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return nil, false
		}
	}
	s.i = i
	return b[start:i], true
}

// literal reads null, true or false.
func (s *jsonScan) literal(word string) bool {
	if len(s.b)-s.i >= len(word) && string(s.b[s.i:s.i+len(word)]) == word {
		s.i += len(word)
		return true
	}
	return false
}

// object reads the members of an object (after its "{" is eaten), calling
// member for each with the scanner at the value.
func (s *jsonScan) object(member func(key []byte) bool) bool {
	s.ws()
	if s.eat('}') {
		return true
	}
	for {
		s.ws()
		key, ok := s.key()
		if !ok {
			return false
		}
		s.ws()
		if !s.eat(':') {
			return false
		}
		s.ws()
		if !member(key) {
			return false
		}
		s.ws()
		if s.eat('}') {
			return true
		}
		if !s.eat(',') {
			return false
		}
	}
}

// array reads the elements of an array or null, calling elem for each.
func (s *jsonScan) array(elem func() bool) bool {
	if s.literal("null") {
		return true
	}
	if !s.eat('[') {
		return false
	}
	s.ws()
	if s.eat(']') {
		return true
	}
	for {
		s.ws()
		if !elem() {
			return false
		}
		s.ws()
		if s.eat(']') {
			return true
		}
		if !s.eat(',') {
			return false
		}
	}
}

func (s *jsonScan) assignments(book *Gradebook) bool {
	if s.peek() == '[' {
		book.Assignments = []Assignment{}
	}
	return s.array(func() bool {
		if !s.eat('{') {
			return false
		}
		var a Assignment
		var seen uint8
		ok := s.object(func(key []byte) bool {
			var bit uint8
			var ok bool
			switch string(key) {
			case "name":
				bit = 1
				a.Name, ok = s.str()
			case "category":
				bit = 2
				a.Category, ok = s.str()
			case "due":
				bit = 4
				a.Due, ok = s.str()
			case "possible":
				bit = 8
				start := s.i
				if s.peek() == '"' {
					_, ok = s.key()
				} else {
					_, ok = s.number()
				}
				ok = ok && a.Possible.UnmarshalJSON(s.b[start:s.i]) == nil
			case "extra_credit":
				bit = 16
				if s.literal("true") {
					a.ExtraCredit, ok = true, true
				} else {
					ok = s.literal("false")
				}
			}
			if !ok || seen&bit != 0 {
				return false
			}
			seen |= bit
			return true
		})
		if ok {
			book.Assignments = append(book.Assignments, a)
		}
		return ok
	})
}

func (s *jsonScan) students(book *Gradebook, index map[string]int) bool {
	n := len(book.Assignments)
	var given []bool
	return s.array(func() bool {
		if !s.eat('{') {
			return false
		}
		st := Student{Scores: make([]Score, n)}
		var seen uint8
		ok := s.object(func(key []byte) bool {
			var bit uint8
			var ok bool
			switch string(key) {
			case "id":
				bit = 1
				st.ID, ok = s.str()
			case "name":
				bit = 2
				st.Name, ok = s.str()
			case "scores":
				bit = 4
				if s.literal("null") {
					ok = true
					break
				}
				if !s.eat('{') {
					return false
				}
				if given == nil {
					given = make([]bool, n)
				} else {
					clear(given)
				}
				next := 0 // scores usually come in the assignments' order
				ok = s.object(func(name []byte) bool {
					j := next
					if j >= n || string(name) != book.Assignments[j].Name {
						var known bool
						if j, known = index[string(name)]; !known {
							return false
						}
					}
					if given[j] {
						return false
					}
					next = j + 1
					given[j] = true
					sc, ok := s.score(book.Assignments[j].Possible)
					st.Scores[j] = sc
					return ok
				})
			}
			if !ok || seen&bit != 0 {
				return false
			}
			seen |= bit
			return true
		})
		if ok {
			book.Students = append(book.Students, st)
		}
		return ok
	})
}

// score reads one score as scoreFromJSON does, for the forms it accepts
// without a problem.
func (s *jsonScan) score(possible Points) (Score, bool) {
	switch s.peek() {
	case 'n':
		return Score{}, s.literal("null")
	case '{':
		s.i++
		var sc Score
		late := 0
		var seen uint8
		ok := s.object(func(key []byte) bool {
			var bit uint8
			var ok bool
			switch string(key) {
			case "score":
				bit = 1
				if c := s.peek(); c == '"' || c == '-' || c >= '0' && c <= '9' {
					sc, ok = s.score(possible)
				}
			case "late":
				bit = 2
				var lit []byte
				if lit, ok = s.number(); ok {
					n, err := strconv.ParseInt(string(lit), 10, 64)
					late, ok = int(n), err == nil && n >= 0 && int64(int(n)) == n
				}
			}
			if !ok || seen&bit != 0 {
				return false
			}
			seen |= bit
			return true
		})
		if !ok || seen&1 == 0 {
			return Score{}, false
		}
		if late > 0 {
			sc.DaysLate = late
		}
		return sc, true
	case '"':
		text, ok := s.key()
		if !ok {
			return Score{}, false
		}
		if p, ok := plainPoints(string(text)); ok {
			return Score{Status: Graded, Earned: p}, true
		}
		sc, err := ParseScore(string(text), possible)
		return sc, err == nil
	default:
		lit, ok := s.number()
		if !ok {
			return Score{}, false
		}
		if p, ok := plainPoints(string(lit)); ok {
			// ParseScore's first step, without its copy of the text.
			return Score{Status: Graded, Earned: p}, true
		}
		sc, err := ParseScore(string(lit), possible)
		return sc, err == nil
	}
}
