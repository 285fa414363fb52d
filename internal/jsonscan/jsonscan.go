// Package jsonscan reads JSON in one pass over its bytes, for readers that
// know the shape of what they read and want it without reflection or
// copies: the HTTP API's request bodies (api/fastbody.go) and the
// documented JSON form of a gradebook (engine/gradebookjson.go), which in
// a /v1/grade request is one value inside the other and is scanned once.
//
// A Scanner is a position in its input. Each method reads one thing there
// (blanks, a byte, a literal, a string, a number, any value, the members
// of an object or the elements of an array) and moves past it, or returns
// false, leaving the position unspecified. Nothing here reports an error:
// a reader built on it returns "not mine" on any false, and its caller
// reads the input again with encoding/json, whose diagnostics are the
// documented ones. So the package never decides an answer of its own.
// What it does read, it reads exactly as encoding/json does: its tests and
// FuzzScanner check each primitive against encoding/json, and each reader
// built on it has its own agreement test and fuzz target.
//
// It is plain Go (unicode/utf8 and unicode/utf16 only): the engine, which
// compiles to WebAssembly and does no I/O, imports it.
package jsonscan

import (
	"unicode/utf16"
	"unicode/utf8"
)

// MaxDepth bounds how deep arrays and objects nest in what Value reads,
// far below encoding/json's own limit (10,000): deeper input is left to
// encoding/json.
const MaxDepth = 500

// Scanner reads the JSON in B from I.
type Scanner struct {
	B []byte // the input
	I int    // where the next read starts
}

// SkipSpace moves past blanks (space, tab, newline, carriage return).
func (s *Scanner) SkipSpace() {
	for s.I < len(s.B) {
		switch s.B[s.I] {
		case ' ', '\t', '\n', '\r':
			s.I++
		default:
			return
		}
	}
}

// Eat moves past c if it is next.
func (s *Scanner) Eat(c byte) bool {
	if s.I < len(s.B) && s.B[s.I] == c {
		s.I++
		return true
	}
	return false
}

// Peek is the next byte, or 0 at the end.
func (s *Scanner) Peek() byte {
	if s.I < len(s.B) {
		return s.B[s.I]
	}
	return 0
}

// Literal moves past word (null, true or false) if it is next.
func (s *Scanner) Literal(word string) bool {
	if len(s.B)-s.I >= len(word) && string(s.B[s.I:s.I+len(word)]) == word {
		s.I += len(word)
		return true
	}
	return false
}

// AtEnd moves past blanks and says whether that is the end of the input:
// json.Unmarshal refuses anything after the value.
func (s *Scanner) AtEnd() bool {
	s.SkipSpace()
	return s.I == len(s.B)
}

// Str reads a string and returns its text: a view of B when it has no
// escapes (no copy), else the text Unquote decodes. It refuses what
// encoding/json would read differently from the bytes (invalid UTF-8) and
// what Unquote refuses.
func (s *Scanner) Str() ([]byte, bool) {
	if !s.Eat('"') {
		return nil, false
	}
	start := s.I
	high := false
	for i := start; i < len(s.B); i++ {
		switch c := s.B[i]; {
		case c == '"':
			raw := s.B[start:i]
			if high && !utf8.Valid(raw) {
				return nil, false
			}
			s.I = i + 1
			return raw, true
		case c == '\\':
			// Escapes are rare (a CSV text always has \n): check the
			// string to its end, then decode it.
			s.I = start - 1
			if !s.SkipStr() {
				return nil, false
			}
			return Unquote(s.B[start-1 : s.I])
		case c < 0x20:
			return nil, false
		case c >= 0x80:
			high = true
		}
	}
	return nil, false
}

// SkipStr checks a string (its escapes; no control characters) and moves
// past it. Like encoding/json, it accepts invalid UTF-8.
func (s *Scanner) SkipStr() bool {
	if !s.Eat('"') {
		return false
	}
	b := s.B
	for i := s.I; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			s.I = i + 1
			return true
		case c < 0x20:
			return false
		case c == '\\':
			i++
			if i >= len(b) {
				return false
			}
			switch b[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(b) {
					return false
				}
				for _, h := range b[i+1 : i+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						return false
					}
				}
				i += 4
			default:
				return false
			}
		}
	}
	return false
}

// Number reads a number and returns its text, a view of B.
func (s *Scanner) Number() ([]byte, bool) {
	b, i := s.B, s.I
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
	text := b[s.I:i]
	s.I = i
	return text, true
}

// Value checks any value, with arrays and objects nested at most MaxDepth
// deep, and moves past it: B from where it started to I is then its JSON.
func (s *Scanner) Value() bool {
	return s.value(0)
}

// value is Value inside depth arrays and objects.
func (s *Scanner) value(depth int) bool {
	if s.I >= len(s.B) {
		return false
	}
	switch s.B[s.I] {
	case '"':
		return s.SkipStr()
	case '{':
		// Not Object: its keys go through Str, which refuses invalid
		// UTF-8 that encoding/json (and so Value) accepts in a key it
		// only skips.
		if depth >= MaxDepth {
			return false
		}
		s.I++
		s.SkipSpace()
		if s.Eat('}') {
			return true
		}
		for {
			s.SkipSpace()
			if !s.SkipStr() {
				return false
			}
			s.SkipSpace()
			if !s.Eat(':') {
				return false
			}
			s.SkipSpace()
			if !s.value(depth + 1) {
				return false
			}
			s.SkipSpace()
			if s.Eat('}') {
				return true
			}
			if !s.Eat(',') {
				return false
			}
		}
	case '[':
		if depth >= MaxDepth {
			return false
		}
		return s.Array(func() bool { return s.value(depth + 1) })
	case 't':
		return s.Literal("true")
	case 'f':
		return s.Literal("false")
	case 'n':
		return s.Literal("null")
	default:
		_, ok := s.Number()
		return ok
	}
}

// Object reads an object, calling member for each of its members in turn
// with the member's key (as Str returns it) and the scanner at its value,
// past the blanks; member must move past the value or return false.
// Duplicate keys are member's business.
func (s *Scanner) Object(member func(key []byte) bool) bool {
	if !s.Eat('{') {
		return false
	}
	s.SkipSpace()
	if s.Eat('}') {
		return true
	}
	for {
		s.SkipSpace()
		key, ok := s.Str()
		if !ok {
			return false
		}
		s.SkipSpace()
		if !s.Eat(':') {
			return false
		}
		s.SkipSpace()
		if !member(key) {
			return false
		}
		s.SkipSpace()
		if s.Eat('}') {
			return true
		}
		if !s.Eat(',') {
			return false
		}
	}
}

// Array reads an array, calling elem for each element in turn with the
// scanner at it, past the blanks; elem must move past the element or
// return false.
func (s *Scanner) Array(elem func() bool) bool {
	if !s.Eat('[') {
		return false
	}
	s.SkipSpace()
	if s.Eat(']') {
		return true
	}
	for {
		s.SkipSpace()
		if !elem() {
			return false
		}
		s.SkipSpace()
		if s.Eat(']') {
			return true
		}
		if !s.Eat(',') {
			return false
		}
	}
}

// Unquote decodes a string (raw, quotes included) that is valid UTF-8, as
// encoding/json would: the one-letter escapes (\" \\ \/ \b \f \n \r \t)
// and \uXXXX, which Go clients write for <, > and & (a surrogate pair
// makes one rune, a lone surrogate U+FFFD, as encoding/json decodes them).
// It returns false on anything else (control characters, invalid UTF-8, a
// malformed string), for encoding/json to decode or report. Its result is
// a new slice.
func Unquote(raw []byte) ([]byte, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return nil, false
	}
	in := raw[1 : len(raw)-1]
	if !utf8.Valid(in) {
		return nil, false
	}
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case c < 0x20, c == '"':
			return nil, false
		case c != '\\':
			out = append(out, c)
			continue
		}
		i++
		if i == len(in) {
			return nil, false
		}
		switch in[i] {
		case '"', '\\', '/':
			out = append(out, in[i])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(in[i-1:])
			if r < 0 {
				return nil, false
			}
			i += 4
			if utf16.IsSurrogate(r) {
				// A pair is one rune; anything else leaves U+FFFD and
				// the next escape, if any, is read on its own.
				if d := utf16.DecodeRune(r, hex4(in[i+1:])); d != utf8.RuneError {
					out = utf8.AppendRune(out, d)
					i += 6
					continue
				}
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
		default:
			return nil, false
		}
	}
	return out, true
}

// hex4 reads the \uXXXX escape at the start of b: its code, or -1.
func hex4(b []byte) rune {
	if len(b) < 6 || b[0] != '\\' || b[1] != 'u' {
		return -1
	}
	var r rune
	for _, c := range b[2:6] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}
