// Package reportjson writes the JSON of a grade report (engine.Report) and
// of diagnostics (engine.Diagnostics) without reflection: byte for byte
// what encoding/json's json.Marshal writes for the same values, at a
// fraction of its cost where it matters most, in WebAssembly. There, the
// edge worker's /v1/grade spent about a quarter of its time in
// encoding/json (reflection, then re-validating every Decimal's
// MarshalJSON output), and the first request also paid for compiling all
// of encoding/json's encoders.
//
// It is the one fast way to encode these values: the HTTP API (package
// api) and the browser module (wasm/encode.go) use it, and so should any
// other face that writes reports (cmd/norms's `grade --format json` can
// indent its output with json.Indent, which gives what json.MarshalIndent
// gives). Everything else keeps using encoding/json.
//
// Byte-identical means: the same field order and names as the engine's
// json tags, null for nil pointers and nil slices, omitempty where the tag
// says so, decimals as the strings Decimal.MarshalJSON writes, and strings
// escaped as encoding/json escapes them (HTML characters, U+2028/U+2029,
// invalid UTF-8). The tests compare the two over every conformance vector
// and a generated school, and fail when the engine gains a field this
// package does not write.
package reportjson

import (
	"strconv"
	"unicode/utf8"

	"github.com/teamnorms/norms/engine"
)

// AppendReport appends the JSON of r to dst, as json.Marshal(r) writes it.
func AppendReport(dst []byte, r *engine.Report) []byte {
	if r == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, `{"team":`...)
	dst = AppendString(dst, r.Team)
	dst = append(dst, `,"categories":`...)
	if r.Categories == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range r.Categories {
			if i > 0 {
				dst = append(dst, ',')
			}
			c := &r.Categories[i]
			dst = append(dst, `{"name":`...)
			dst = AppendString(dst, c.Name)
			dst = append(dst, `,"weight":`...)
			dst = appendDecimal(dst, c.Weight)
			dst = append(dst, `,"identifier":`...)
			dst = AppendString(dst, c.Identifier)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"students":`...)
	if r.Students == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range r.Students {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = AppendStudent(dst, &r.Students[i])
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

// AppendStudent appends the JSON of one student's result, as
// json.Marshal(s) writes it.
func AppendStudent(dst []byte, s *engine.StudentResult) []byte {
	if s == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, `{"id":`...)
	dst = AppendString(dst, s.ID)
	dst = append(dst, `,"name":`...)
	dst = AppendString(dst, s.Name)
	dst = append(dst, `,"categories":`...)
	if s.Categories == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range s.Categories {
			if i > 0 {
				dst = append(dst, ',')
			}
			c := &s.Categories[i]
			dst = append(dst, `{"name":`...)
			dst = AppendString(dst, c.Name)
			dst = append(dst, `,"percent":`...)
			dst = appendDecimalPtr(dst, c.Percent)
			dst = append(dst, `,"projected":`...)
			dst = appendDecimalPtr(dst, c.Projected)
			dst = append(dst, `,"counted":`...)
			dst = strconv.AppendInt(dst, int64(c.Counted), 10)
			dst = append(dst, `,"dropped":`...)
			dst = strconv.AppendInt(dst, int64(c.Dropped), 10)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"final":`...)
	dst = appendDecimalPtr(dst, s.Final)
	dst = append(dst, `,"rounded":`...)
	dst = appendDecimalPtr(dst, s.Rounded)
	dst = append(dst, `,"letter":`...)
	dst = AppendString(dst, s.Letter)
	dst = append(dst, `,"projected":`...)
	dst = appendDecimalPtr(dst, s.Projected)
	dst = append(dst, `,"projected_letter":`...)
	dst = AppendString(dst, s.ProjectedLetter)
	dst = append(dst, `,"flags":`...)
	dst = appendStrings(dst, s.Flags)
	dst = append(dst, `,"missing_count":`...)
	dst = strconv.AppendInt(dst, int64(s.MissingCount), 10)
	dst = append(dst, `,"late_count":`...)
	dst = strconv.AppendInt(dst, int64(s.LateCount), 10)
	dst = append(dst, `,"excused_count":`...)
	dst = strconv.AppendInt(dst, int64(s.ExcusedCount), 10)
	dst = append(dst, `,"ungraded_count":`...)
	dst = strconv.AppendInt(dst, int64(s.UngradedCount), 10)
	if s.Error != "" { // omitempty
		dst = append(dst, `,"error":`...)
		dst = AppendString(dst, s.Error)
	}
	return append(dst, '}')
}

// AppendDiagnostics appends the JSON of ds, as json.Marshal(ds) writes it:
// null for a nil list, [] for an empty one.
func AppendDiagnostics(dst []byte, ds engine.Diagnostics) []byte {
	if ds == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i := range ds {
		if i > 0 {
			dst = append(dst, ',')
		}
		d := &ds[i]
		dst = append(dst, `{"code":`...)
		dst = AppendString(dst, d.Code)
		dst = append(dst, `,"severity":`...)
		dst = AppendString(dst, string(d.Severity))
		// The omitempty fields, Pos's inlined where Diagnostic embeds it.
		if d.File != "" {
			dst = append(dst, `,"file":`...)
			dst = AppendString(dst, d.File)
		}
		if d.Line != 0 {
			dst = append(dst, `,"line":`...)
			dst = strconv.AppendInt(dst, int64(d.Line), 10)
		}
		if d.Column != 0 {
			dst = append(dst, `,"column":`...)
			dst = strconv.AppendInt(dst, int64(d.Column), 10)
		}
		if d.Path != "" {
			dst = append(dst, `,"path":`...)
			dst = AppendString(dst, d.Path)
		}
		dst = append(dst, `,"message":`...)
		dst = AppendString(dst, d.Message)
		if d.Snippet != "" {
			dst = append(dst, `,"snippet":`...)
			dst = AppendString(dst, d.Snippet)
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

func appendStrings(dst []byte, list []string) []byte {
	if list == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, s := range list {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(dst, s)
	}
	return append(dst, ']')
}

// appendDecimal writes d as Decimal.MarshalJSON does, a JSON string of its
// exact digits, without the two copies MarshalJSON makes. Its text is
// digits, a sign and a point, which need no escaping (the tests hold
// this against MarshalJSON itself).
func appendDecimal(dst []byte, d engine.Decimal) []byte {
	dst, _ = d.AppendText(append(dst, '"'))
	return append(dst, '"')
}

func appendDecimalPtr(dst []byte, d *engine.Decimal) []byte {
	if d == nil {
		return append(dst, "null"...)
	}
	return appendDecimal(dst, *d)
}

const hex = "0123456789abcdef"

// AppendString appends s as a JSON string escaped as encoding/json escapes
// it by default: ", \ and control characters; <, > and & as \u003c,
// \u003e, \u0026 (HTML-safe); U+2028 and U+2029 (JavaScript-safe); and
// each byte of invalid UTF-8 as \ufffd. Runs of plain text are copied in
// one append.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b < utf8.RuneSelf {
			if plain(b) {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				// Other control characters, and <, > and &.
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		// U+2028 and U+2029 are valid in JSON but end a line in older
		// JavaScript; encoding/json escapes them, so this does too.
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// plain reports whether an ASCII byte is written as it is: printable, and
// not one of " \ < > &. (A test, not a table: no work at package init.)
func plain(b byte) bool {
	return b >= 0x20 && b != '"' && b != '\\' && b != '<' && b != '>' && b != '&'
}
