package xlsx

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// This file holds the byte-level XML helpers of the streaming fill path
// (stream.go). They read the few shapes SpreadsheetML parts have (a start
// tag with attributes, an element's extent, its children) without decoding
// the document: the parts are rewritten by splicing bytes, so everything
// Norms does not touch is kept byte for byte, and a sheet of a million
// cells costs a scan, not a parse into objects.

// tagEnd returns the index just past the '>' closing the tag that starts at
// b[i] (a '<'), respecting quoted attribute values ('>' is legal in them,
// as in a number format "[>=100]0"), or -1.
func tagEnd(b []byte, i int) int {
	var quote byte
	for j := i + 1; j < len(b); j++ {
		c := b[j]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return j + 1
		}
	}
	return -1
}

// tagName returns the name of the tag starting at b[i] ("c", "/row").
// The names of a sheet's cells are returned without allocating: a
// district gradebook has millions of them.
func tagName(b []byte, i int) string {
	j := i + 1
	for j < len(b) && !isSpace(b[j]) && b[j] != '>' && !(b[j] == '/' && j > i+1) {
		j++
	}
	n := b[i+1 : j]
	for _, common := range commonTags {
		if string(n) == common {
			return common
		}
	}
	return string(n)
}

var commonTags = []string{"c", "/c", "v", "/v", "f", "/f", "is", "/is", "t", "/t", "row", "/row"}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// selfClosing reports whether the tag b[i:end] ends with "/>".
func selfClosing(b []byte, end int) bool { return end >= 2 && b[end-2] == '/' }

// attr returns the value of attribute name in the start tag tag, its
// escapes undone.
func attr(tag []byte, name string) (string, bool) {
	v, ok := attrBytes(tag, name)
	if !ok {
		return "", false
	}
	return unescape(string(v)), true
}

// attrBytes is attr without undoing escapes or allocating, for the cell
// references and style ids of every cell.
func attrBytes(tag []byte, name string) ([]byte, bool) {
	i := 1
	for i < len(tag) && !isSpace(tag[i]) && tag[i] != '>' && tag[i] != '/' {
		i++
	}
	for i < len(tag) {
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		start := i
		for i < len(tag) && tag[i] != '=' && !isSpace(tag[i]) && tag[i] != '>' && tag[i] != '/' {
			i++
		}
		key := tag[start:i]
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || tag[i] != '=' {
			return nil, false
		}
		i++
		for i < len(tag) && isSpace(tag[i]) {
			i++
		}
		if i >= len(tag) || (tag[i] != '"' && tag[i] != '\'') {
			return nil, false
		}
		q := tag[i]
		i++
		vs := i
		for i < len(tag) && tag[i] != q {
			i++
		}
		if string(key) == name {
			return tag[vs:i], true
		}
		i++
	}
	return nil, false
}

func unescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'", "&amp;", "&").Replace(s)
}

// setAttr returns the start tag with attribute name set to value (added
// before the tag's end when absent). value must need no escaping.
func setAttr(tag []byte, name, value string) []byte {
	key := []byte(" " + name + "=")
	if k := bytes.Index(tag, key); k >= 0 {
		vs := k + len(key)
		if vs < len(tag) && (tag[vs] == '"' || tag[vs] == '\'') {
			ve := bytes.IndexByte(tag[vs+1:], tag[vs])
			if ve >= 0 {
				out := append([]byte{}, tag[:vs+1]...)
				out = append(out, value...)
				return append(out, tag[vs+1+ve:]...)
			}
		}
	}
	cut := len(tag) - 1
	if selfClosing(tag, len(tag)) {
		cut = len(tag) - 2
	}
	out := append([]byte{}, tag[:cut]...)
	out = append(out, " "+name+`="`+value+`"`...)
	return append(out, tag[cut:]...)
}

// element is the extent of one element in a document: b[start:end] is all
// of it, b[start:open] its start tag (which is all of it when self-closing).
type element struct {
	name             string
	start, open, end int
}

// nextElement finds the next element at or after i whose name is in names
// (any element when names is empty), skipping declarations and comments,
// and returns its extent. Nested elements are skipped whole.
func nextElement(b []byte, i int, names ...string) (element, bool) {
	for {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 {
			return element{}, false
		}
		i += k
		if i+1 < len(b) && (b[i+1] == '?' || b[i+1] == '!' || b[i+1] == '/') {
			end := tagEnd(b, i)
			if end < 0 {
				return element{}, false
			}
			i = end
			continue
		}
		name := tagName(b, i)
		open := tagEnd(b, i)
		if open < 0 {
			return element{}, false
		}
		match := len(names) == 0
		for _, n := range names {
			match = match || n == name
		}
		end := open
		if !selfClosing(b, open) {
			end = closeOf(b, open, name)
			if end < 0 {
				return element{}, false
			}
		}
		if match {
			return element{name, i, open, end}, true
		}
		i = end
	}
}

// closeOf returns the index just past the end tag that closes an element
// named name whose content starts at i, counting nested elements of the
// same name, or -1.
func closeOf(b []byte, i int, name string) int {
	depth := 1
	for {
		k := bytes.IndexByte(b[i:], '<')
		if k < 0 {
			return -1
		}
		i += k
		end := tagEnd(b, i)
		if end < 0 {
			return -1
		}
		switch n := tagName(b, i); {
		case n == "/"+name:
			depth--
			if depth == 0 {
				return end
			}
		case n == name && !selfClosing(b, end):
			depth++
		}
		i = end
	}
}

// children returns the extents of the child elements of the element e.
func children(b []byte, e element) []element {
	var out []element
	if e.open == e.end {
		return nil
	}
	content := e.end - len("</"+e.name+">")
	for i := e.open; i < content; {
		c, ok := nextElement(b[:content], i)
		if !ok {
			break
		}
		out = append(out, c)
		i = c.end
	}
	return out
}

// escapeText escapes s for XML text or a quoted attribute, dropping the
// control characters XML 1.0 cannot hold (a stray one in a name would
// make Excel refuse the whole workbook).
func escapeText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteRune(r)
		case r < 0x20 || r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF:
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cellRef parses "AB12" into column 28, row 12.
func cellRef[T string | []byte](s T) (col, row int, ok bool) {
	i := 0
	for i < len(s) && 'A' <= s[i]&^0x20 && s[i]&^0x20 <= 'Z' {
		col = col*26 + int(s[i]&^0x20-'A'+1)
		i++
	}
	if i == 0 || i == len(s) || col > 16384 {
		return 0, 0, false
	}
	row, ok = atoi(s[i:])
	return col, row, ok && row >= 1
}

// atoi reads a decimal number of up to 9 digits.
func atoi[T string | []byte](s T) (int, bool) {
	if len(s) == 0 || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// rect is a range of cells, 1-based and inclusive.
type rect struct{ c1, r1, c2, r2 int }

// parseRange reads "A1:C3" or "B2" (an absolute $ is ignored).
func parseRange(s string) (rect, bool) {
	s = strings.ReplaceAll(s, "$", "")
	a, b, found := strings.Cut(s, ":")
	c1, r1, ok := cellRef(a)
	if !ok {
		return rect{}, false
	}
	if !found {
		return rect{c1, r1, c1, r1}, true
	}
	c2, r2, ok := cellRef(b)
	if !ok {
		return rect{}, false
	}
	return rect{min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)}, true
}

// sqrefRects reads a space-separated list of ranges.
func sqrefRects(s string) ([]rect, bool) {
	var out []rect
	for _, part := range strings.Fields(s) {
		r, ok := parseRange(part)
		if !ok {
			return nil, false
		}
		out = append(out, r)
	}
	return out, true
}
