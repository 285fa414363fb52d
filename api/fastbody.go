package api

import (
	"encoding/json"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeBodyFast reads a request body in one pass when it is an object of
// known fields, each at most once, with values of the right kinds: the
// common request. It checks the whole body is valid JSON as it goes, keeps
// "norms", "gradebook" and "incidents" as views of the body (no copy, and
// the gradebook is then read once, by the engine's reader), and returns
// ok=false on anything else, for decodeBody to decode with encoding/json
// and report with its exact diagnostics. Whatever it accepts, decodeBody
// reads to the same request (TestDecodeBodyFastAgrees).
func decodeBodyFast(body []byte, allowed []string) (r rawRequest, ok bool) {
	s := bodyScan{b: body}
	s.ws()
	if !s.eat('{') {
		return r, false
	}
	var seen uint16
	s.ws()
	if s.eat('}') {
		return r, s.rest()
	}
	for {
		s.ws()
		key, ok := s.str()
		if !ok {
			return r, false
		}
		s.ws()
		if !s.eat(':') {
			return r, false
		}
		s.ws()
		bit := uint16(0)
		for i, a := range allowed {
			if string(key) == a {
				bit = 1 << i
			}
		}
		if bit == 0 || seen&bit != 0 {
			return r, false
		}
		seen |= bit
		start := s.i
		switch string(key) {
		case "norms", "gradebook", "incidents":
			if !s.value(0) {
				return r, false
			}
			raw := body[start:s.i:s.i]
			switch string(key) {
			case "norms":
				r.Norms = raw
			case "gradebook":
				r.Gradebook = raw
			case "incidents":
				r.Incidents = raw
			}
		default:
			// A string, or null (which leaves the field as it is).
			if s.literal("null") {
				break
			}
			text, ok := s.str()
			if !ok {
				return r, false
			}
			t := string(text)
			switch string(key) {
			case "norms_name":
				r.NormsName = t
			case "gradebook_csv":
				r.GradebookCSV = &t
			case "incidents_csv":
				r.IncidentsCSV = &t
			case "student":
				r.Student = &t
			case "as_of":
				r.AsOf = t
			default:
				return r, false
			}
		}
		s.ws()
		if s.eat('}') {
			return r, s.rest()
		}
		if !s.eat(',') {
			return r, false
		}
	}
}

// bodyScan reads JSON from b at i; every method returns false on anything
// it does not read.
type bodyScan struct {
	b []byte
	i int
}

func (s *bodyScan) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *bodyScan) eat(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

// rest is true when only blanks follow: json.Unmarshal refuses anything
// after the value.
func (s *bodyScan) rest() bool {
	s.ws()
	return s.i == len(s.b)
}

func (s *bodyScan) literal(w string) bool {
	if len(s.b)-s.i >= len(w) && string(s.b[s.i:s.i+len(w)]) == w {
		s.i += len(w)
		return true
	}
	return false
}

// str reads a string: a view of the body when it has no escapes and is
// valid UTF-8, else its text as encoding/json decodes it (unquoteFast's,
// when it can).
func (s *bodyScan) str() ([]byte, bool) {
	start := s.i
	if !s.skipString() {
		return nil, false
	}
	raw := s.b[start+1 : s.i-1]
	escaped, high := false, false
	for _, c := range raw {
		if c == '\\' {
			escaped = true
		} else if c >= 0x80 {
			high = true
		}
	}
	if !escaped && (!high || utf8.Valid(raw)) {
		return raw, true
	}
	// A CSV gradebook or log always has escapes (\n at least).
	if t, ok := unquoteBytes(s.b[start:s.i]); ok {
		return t, true
	}
	var t string
	if json.Unmarshal(s.b[start:s.i], &t) != nil {
		return nil, false
	}
	return []byte(t), true
}

// skipString checks a string at i (its escapes, no control characters)
// and moves past it.
func (s *bodyScan) skipString() bool {
	if !s.eat('"') {
		return false
	}
	b := s.b
	for i := s.i; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			s.i = i + 1
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

func (s *bodyScan) number() bool {
	b, i := s.b, s.i
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
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		d := i
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == d {
			return false
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
			return false
		}
	}
	s.i = i
	return true
}

// value checks any JSON value at i and moves past it; depth bounds the
// nesting well below encoding/json's own limit.
func (s *bodyScan) value(depth int) bool {
	if depth > 500 || s.i >= len(s.b) {
		return false
	}
	switch s.b[s.i] {
	case '"':
		return s.skipString()
	case '{':
		s.i++
		s.ws()
		if s.eat('}') {
			return true
		}
		for {
			s.ws()
			if !s.skipString() {
				return false
			}
			s.ws()
			if !s.eat(':') {
				return false
			}
			s.ws()
			if !s.value(depth + 1) {
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
	case '[':
		s.i++
		s.ws()
		if s.eat(']') {
			return true
		}
		for {
			s.ws()
			if !s.value(depth + 1) {
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
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	default:
		return s.number()
	}
}

// unquoteFast unquotes a JSON string (raw, quotes included) that is valid
// UTF-8, as encoding/json would: the one-letter escapes (\" \\ \/ \b \f
// \n \r \t) and \uXXXX, which Go clients write for <, > and & (a
// surrogate pair makes one rune, a lone surrogate U+FFFD, as encoding/json
// decodes them); ok=false on anything else (control characters, invalid
// UTF-8, a malformed string), for encoding/json to unquote or report
// (TestUnquoteFastAgrees, FuzzUnquoteFast).
func unquoteFast(raw []byte) (string, bool) {
	b, ok := unquoteBytes(raw)
	return string(b), ok
}

// unquoteBytes is unquoteFast, its text as bytes.
func unquoteBytes(raw []byte) ([]byte, bool) {
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
