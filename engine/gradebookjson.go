package engine

import (
	"strconv"
	"strings"

	"github.com/teamnorms/norms/internal/jsonscan"
)

// The one-pass reader of a JSON gradebook: it reads the common form in one
// pass over the bytes (package jsonscan), without reflection and without
// keeping any score's text: keys exactly as documented, each at most once,
// strings, numbers, {"score", "late"} objects and null scores, and nothing
// after the gradebook but blanks (the prefix reader aside). It gives up
// (nil) whenever the input has anything else (an error of any kind, an
// unusual but valid form), and ReadGradebookJSON then reads it again with
// the reader of record (readGradebookJSONSlow), whose diagnostics are the
// documented ones. So it never
// decides an answer of its own: what it accepts, the encoding/json reader
// reads to the same book, which TestGradebookJSONFastAgrees and
// FuzzGradebookJSONFastAgrees check.

// ReadGradebookJSONPrefix reads the JSON gradebook at the start of data
// (after any blanks) when it has the common form that ReadGradebookJSON
// reads in one pass, and returns it with n, where its JSON ends in data.
// data may go on after that: a gradebook inside a larger document (the
// "gradebook" of an HTTP request) is read where it stands, in the pass
// that checks the document, and so is scanned once. The book is the one
// ReadGradebookJSON(file, data[:n]) returns, with no diagnostics. For any
// other form, and any problem, it returns nil and 0: then give the
// gradebook's bytes alone to ReadGradebookJSON, which reads or reports
// them.
func ReadGradebookJSONPrefix(file string, data []byte) (book *Gradebook, n int) {
	s := bookScan{jsonscan.Scanner{B: data}}
	if book = s.book(file); book == nil || s.I > maxBookBytes {
		return nil, 0
	}
	return book, s.I
}

// readGradebookJSONFast is the one-pass reader on a whole gradebook:
// nothing but blanks may follow its object.
func readGradebookJSONFast(file string, data []byte) *Gradebook {
	book, n := ReadGradebookJSONPrefix(file, data)
	if book == nil {
		return nil
	}
	if rest := (jsonscan.Scanner{B: data, I: n}); !rest.AtEnd() {
		return nil
	}
	return book
}

// bookScan is a jsonscan.Scanner with the gradebook's parts.
type bookScan struct {
	jsonscan.Scanner
}

// book reads the gradebook object, or returns nil.
func (s *bookScan) book(file string) *Gradebook {
	book := &Gradebook{File: file}
	var index map[string]int
	haveA, haveS := false, false
	// Where the students are, when they come before the assignments.
	studentsAt, studentsEnd := -1, -1
	s.SkipSpace()
	ok := s.Object(func(key []byte) bool {
		switch string(key) {
		case "assignments":
			if haveA {
				return false
			}
			haveA = true
			if !s.assignments(book) {
				return false
			}
			if index = assignmentIndex(book.Assignments); index == nil {
				return false
			}
			if studentsAt >= 0 {
				// The students came first: read them now, from where
				// they start, and make sure they end where Value said.
				end := s.I
				s.I = studentsAt
				if !s.students(book, index) || s.I != studentsEnd {
					return false
				}
				s.I = end
			}
			return true
		case "students":
			if haveS {
				return false
			}
			haveS = true
			if haveA {
				return s.students(book, index)
			}
			studentsAt = s.I
			if !s.Value() {
				return false
			}
			studentsEnd = s.I
			return true
		}
		return false
	})
	if !ok || studentsAt >= 0 && !haveA {
		// Students and no assignments: every score name is unknown, or
		// there are none; the general reader says which.
		return nil
	}
	if len(book.CheckShape()) > 0 {
		return nil
	}
	return book
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

// str reads a string.
func (s *bookScan) str() (string, bool) {
	b, ok := s.Str()
	return string(b), ok
}

// arrayOrNull reads an array, calling elem for each element, or null.
func (s *bookScan) arrayOrNull(elem func() bool) bool {
	return s.Literal("null") || s.Array(elem)
}

func (s *bookScan) assignments(book *Gradebook) bool {
	if s.Peek() == '[' {
		book.Assignments = []Assignment{}
	}
	return s.arrayOrNull(func() bool {
		var a Assignment
		var seen uint8
		ok := s.Object(func(key []byte) bool {
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
				start := s.I
				if s.Peek() == '"' {
					_, ok = s.Str()
				} else {
					_, ok = s.Number()
				}
				ok = ok && a.Possible.UnmarshalJSON(s.B[start:s.I]) == nil
			case "extra_credit":
				bit = 16
				if s.Literal("true") {
					a.ExtraCredit, ok = true, true
				} else {
					ok = s.Literal("false")
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

func (s *bookScan) students(book *Gradebook, index map[string]int) bool {
	n := len(book.Assignments)
	var given []bool
	return s.arrayOrNull(func() bool {
		st := Student{Scores: make([]Score, n)}
		var seen uint8
		ok := s.Object(func(key []byte) bool {
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
				if s.Literal("null") {
					ok = true
					break
				}
				if given == nil {
					given = make([]bool, n)
				} else {
					clear(given)
				}
				next := 0 // scores usually come in the assignments' order
				ok = s.Object(func(name []byte) bool {
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

// score reads one score as jsonBookReader.score does, for the forms it
// accepts without a problem.
func (s *bookScan) score(possible Points) (Score, bool) {
	switch s.Peek() {
	case 'n':
		return Score{}, s.Literal("null")
	case '{':
		var sc Score
		late := 0
		var seen uint8
		ok := s.Object(func(key []byte) bool {
			var bit uint8
			var ok bool
			switch string(key) {
			case "score":
				bit = 1
				if c := s.Peek(); c == '"' || c == '-' || c >= '0' && c <= '9' {
					sc, ok = s.score(possible)
				}
			case "late":
				bit = 2
				var lit []byte
				if lit, ok = s.Number(); ok {
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
		if !ok || seen&1 == 0 || late > maxDaysLate {
			return Score{}, false
		}
		if late > 0 {
			// A lateness needs a score, and is given once.
			if sc.Status == Blank || sc.DaysLate > 0 {
				return Score{}, false
			}
			sc.DaysLate = late
		}
		return sc, true
	case '"':
		text, ok := s.Str()
		if !ok {
			return Score{}, false
		}
		if p, ok := plainPoints(string(text)); ok {
			return Score{Status: Graded, Earned: p}, true
		}
		sc, err := ParseScore(string(text), possible)
		return sc, err == nil
	default:
		lit, ok := s.Number()
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
