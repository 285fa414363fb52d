package engine

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// maxNormsBytes bounds the size of a norms file: a team's norms fit in a few
// kilobytes, and a hostile file must not cost the parser unbounded memory.
const maxNormsBytes = 1 << 20

// source remembers where each value of a norms file came from, so that
// problems found after loading (by Compile, by examples) name file:line:col.
type source struct {
	file string
	text []byte
	// pos maps a data path ("grading.categories[1].weight") to the position
	// of its value, and keys maps it to the position of its key.
	pos  map[string]Pos
	keys map[string]Pos
	// style keeps the YAML style of string scalars, to map positions inside
	// expressions back to the file (see exprPos).
	style map[string]yaml.Style
}

// Load reads a norms file, YAML or JSON (JSON is YAML's subset, and goes
// through the same parser so its errors carry the same positions). file only
// names the source in diagnostics. Load checks structure (unknown keys,
// wrong types); Compile checks meaning. The returned norms are nil exactly
// when the diagnostics hold an error.
func Load(file string, text []byte) (*Norms, Diagnostics) {
	src := &source{file: file, text: text, pos: map[string]Pos{}, keys: map[string]Pos{}, style: map[string]yaml.Style{}}
	if len(text) > maxNormsBytes {
		return nil, Diagnostics{src.diag("norms/too-large", "", Pos{}, "the norms file is %d bytes; the limit is %d (a team's norms fit in a few kilobytes)", len(text), maxNormsBytes)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, Diagnostics{yamlSyntaxDiag(src, err)}
	}
	if len(doc.Content) == 0 {
		return nil, Diagnostics{src.diag("norms/empty", "", Pos{Line: 1, Column: 1}, "the norms file is empty; start from `norms init`")}
	}
	d := &decoder{src: src}
	n := &Norms{src: src}
	d.decode(doc.Content[0], reflect.ValueOf(n).Elem(), "")
	if _, ok := src.pos["norms"]; !ok && len(d.diags) == 0 {
		d.diags = append(d.diags, src.diag("norms/version", "norms", Pos{Line: 1, Column: 1}, "the file must start with `norms: 1` (the version of the norms file format)"))
	} else if n.Version != 1 && src.pos["norms"].IsValid() && !d.diags.HasErrors() {
		// (A version that did not decode, such as 1e400, is reported by
		// the decoder already; "version 0" would only confuse.)
		d.diags = append(d.diags, src.diag("norms/version", "norms", src.pos["norms"], "unsupported norms file version %d; this Norms reads version 1", n.Version))
	}
	ds := d.diags.sortAndCap()
	if ds.HasErrors() {
		return nil, ds
	}
	return n, ds
}

// diag builds an error diagnostic at pos with a snippet of the source.
func (s *source) diag(code, path string, pos Pos, format string, args ...any) Diagnostic {
	return Diagnostic{
		Code: code, Severity: Error, File: s.file, Pos: pos, Path: path,
		Message: fmt.Sprintf(format, args...), Snippet: snippetAt(s.text, pos),
	}
}

// at is diag at the position recorded for path (its value), falling back to
// the nearest recorded parent so every problem points somewhere useful.
func (s *source) at(code, path, format string, args ...any) Diagnostic {
	return s.diag(code, path, s.lookup(path), format, args...)
}

func (s *source) lookup(path string) Pos {
	if s == nil {
		return Pos{}
	}
	for p := path; ; {
		if pos, ok := s.pos[p]; ok {
			return pos
		}
		i := strings.LastIndexAny(p, ".[")
		if i <= 0 {
			return Pos{}
		}
		p = p[:i]
	}
}

// yamlSyntaxDiag turns the YAML library's error ("yaml: line 3: ...") into
// a diagnostic with a position.
func yamlSyntaxDiag(src *source, err error) Diagnostic {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	pos := Pos{}
	if strings.HasPrefix(msg, "line ") {
		rest := msg[len("line "):]
		if i := strings.Index(rest, ":"); i > 0 {
			if n, convErr := strconv.Atoi(rest[:i]); convErr == nil {
				pos = Pos{Line: n, Column: 1}
				msg = strings.TrimSpace(rest[i+1:])
			}
		}
	}
	if !pos.IsValid() {
		pos = unplacedYAMLError(src.text, msg)
	}
	if msg == "found unexpected end of stream" && pos.IsValid() {
		// go-yaml's words for a quote never closed, at the quote's line.
		if col, q := openQuote(src.text, pos.Line); col > 0 {
			pos.Column = col
			msg = fmt.Sprintf("the quote (%c) opened here is never closed, so the rest of the file is read as its text", q)
		}
	}
	// go-yaml reports parser (not scanner) errors at the 0-based line where
	// the enclosing block or [ ] / { } started; make it 1-based and say so.
	for _, p := range parserErrors {
		if strings.HasPrefix(msg, p) && pos.IsValid() {
			pos.Line++
			msg += " in what starts on this line (look for a missing comma, bracket, quote or a wrong indentation)"
			break
		}
	}
	return src.diag("norms/syntax", "", pos, "this is not valid YAML or JSON: %s", msg)
}

// unplacedYAMLError finds where the problem is for the few errors go-yaml
// gives without a line: a control character, an alias to an anchor that is
// not defined, nesting deeper than it allows (a hostile or generated file).
// The zero Pos when it cannot tell.
func unplacedYAMLError(text []byte, msg string) Pos {
	switch {
	case strings.Contains(msg, "control characters are not allowed"):
		for i, c := range text {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f {
				return offsetPos(text, i)
			}
		}
	case strings.HasPrefix(msg, "unknown anchor '"):
		name := strings.TrimPrefix(msg, "unknown anchor '")
		if i := strings.IndexByte(name, '\''); i > 0 {
			if at := bytes.Index(text, []byte("*"+name[:i])); at >= 0 {
				return offsetPos(text, at)
			}
		}
	case strings.HasPrefix(msg, "exceeded max depth"):
		// The first bracket past the limit, counting [ and { outside
		// quotes (a flow collection is how a file gets that deep).
		depth, quote := 0, byte(0)
		for i, c := range text {
			switch {
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				quote = c
			case c == '[' || c == '{':
				if depth++; depth > maxYAMLDepth {
					return offsetPos(text, i)
				}
			case c == ']' || c == '}':
				depth--
			}
		}
	}
	return Pos{}
}

// openQuote finds, on line (1-based) of text, the quote that is not closed
// on that line: its column (in characters) and the quote; 0 when there is
// none.
func openQuote(text []byte, line int) (int, rune) {
	lines := strings.Split(string(text), "\n")
	if line < 1 || line > len(lines) {
		return 0, 0
	}
	var open rune
	openCol, col := 0, 0
	for _, r := range lines[line-1] {
		col++
		switch {
		case open == 0 && (r == '"' || r == '\''):
			open, openCol = r, col
		case open != 0 && r == open:
			open = 0
		case open == 0 && r == '#':
			return 0, 0 // a comment: nothing after it is quoted
		}
	}
	if open == 0 {
		return 0, 0
	}
	return openCol, open
}

// maxYAMLDepth is go-yaml's limit on nesting (its "exceeded max depth").
const maxYAMLDepth = 10000

// parserErrors are the messages of go-yaml's parser, whose line numbers are
// off by one (its scanner's are right).
var parserErrors = []string{
	"did not find expected node content", "did not find expected key",
	"did not find expected '-' indicator", "did not find expected ',' or ']'",
	"did not find expected ',' or '}'", "did not find expected <document start>",
}

// decoder walks a YAML node tree into the norms types, collecting every
// problem instead of stopping at the first, and recording positions. It is
// ours rather than yaml.Node.Decode because that stops at the first error,
// knows no data paths and cannot report unknown keys with positions.
type decoder struct {
	src   *source
	diags Diagnostics
}

func nodePos(n *yaml.Node) Pos { return Pos{Line: n.Line, Column: n.Column} }

func (d *decoder) errorf(n *yaml.Node, code, path, format string, args ...any) {
	d.diags = append(d.diags, d.src.diag(code, path, nodePos(n), format, args...))
}

// kindName names a YAML node's kind in a teacher's words.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a set of keys"
	case yaml.SequenceNode:
		return "a list"
	}
	if n.Tag == "!!null" {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

func joinPath(parent, key string) string {
	if parent == "" {
		return key
	}
	return parent + "." + key
}

var (
	decimalType   = reflect.TypeOf(Decimal{})
	missingType   = reflect.TypeOf(Missing{})
	scoreTextType = reflect.TypeOf(ScoreText(""))
)

func (d *decoder) decode(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.AliasNode {
		// Aliases are refused outright: norms files are short, and expanding
		// them is how a hostile file makes a small text into a huge tree.
		d.errorf(n, "norms/alias", path, "anchors and aliases (*%s) are not allowed in a norms file; write the value out", n.Value)
		return
	}
	d.src.pos[path] = nodePos(n)
	switch v.Type() {
	case decimalType:
		d.decodeDecimal(n, v, path)
		return
	case missingType:
		d.decodeMissing(n, v, path)
		return
	case scoreTextType:
		if n.Kind != yaml.ScalarNode {
			d.errorf(n, "norms/type", path, "expected a score such as 95, \"47/50\" or missing, got %s", kindName(n))
			return
		}
		if n.Tag != "!!null" {
			v.SetString(n.Value)
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if n.Tag == "!!null" {
			return
		}
		p := reflect.New(v.Type().Elem())
		d.decode(n, p.Elem(), path)
		v.Set(p)
	case reflect.String:
		if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
			d.errorf(n, "norms/type", path, "expected text, got %s", kindName(n))
			return
		}
		d.src.style[path] = n.Style
		v.SetString(n.Value)
	case reflect.Int:
		i, err := strconv.Atoi(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil {
			d.errorf(n, "norms/type", path, "expected a whole number, got %s", kindName(n))
			return
		}
		v.SetInt(int64(i))
	case reflect.Bool:
		b, err := strconv.ParseBool(n.Value)
		if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || err != nil {
			d.errorf(n, "norms/type", path, "expected true or false, got %s", kindName(n))
			return
		}
		v.SetBool(b)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.errorf(n, "norms/type", path, "expected a list (lines starting with -), got %s", kindName(n))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.decode(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.errorf(n, "norms/type", path, "expected a set of keys, got %s", kindName(n))
			return
		}
		m := reflect.MakeMap(v.Type())
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			kp := joinPath(path, k.Value)
			d.src.keys[kp] = nodePos(k)
			if m.MapIndex(reflect.ValueOf(k.Value)).IsValid() {
				d.errorf(k, "norms/duplicate-key", kp, "%q appears twice here; keep one", k.Value)
				continue
			}
			e := reflect.New(v.Type().Elem()).Elem()
			d.decode(val, e, kp)
			m.SetMapIndex(reflect.ValueOf(k.Value), e)
		}
		v.Set(m)
	case reflect.Struct:
		d.decodeStruct(n, v, path)
	default:
		panic("engine: no decoder for " + v.Type().String())
	}
}

func (d *decoder) decodeStruct(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "norms/type", path, "expected a set of keys, got %s", kindName(n))
		return
	}
	t := v.Type()
	fields := map[string]int{}
	var names []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if !f.IsExported() || name == "" || name == "-" {
			continue
		}
		fields[name] = i
		names = append(names, name)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		kp := joinPath(path, k.Value)
		idx, ok := fields[k.Value]
		if !ok {
			where := "here"
			if path != "" {
				where = "in " + path
			}
			d.errorf(k, "norms/unknown-key", kp, "unknown key %q %s%s; expected one of: %s", k.Value, where, didYouMean(k.Value, names), strings.Join(names, ", "))
			continue
		}
		if seen[k.Value] {
			d.errorf(k, "norms/duplicate-key", kp, "%q appears twice here; keep one", k.Value)
			continue
		}
		seen[k.Value] = true
		d.src.keys[kp] = nodePos(k)
		d.decode(val, v.Field(idx), kp)
	}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name := strings.Split(f.Tag.Get("json"), ",")[0]
		if strings.Contains(f.Tag.Get("jsonschema"), "required") && !seen[name] && name != "" {
			where := "at the top of the file"
			if path != "" {
				where = "in " + path
			}
			d.errorf(n, "norms/missing-key", joinPath(path, name), "%q is required %s", name, where)
		}
	}
}

func (d *decoder) decodeDecimal(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.errorf(n, "norms/type", path, "expected a number, got %s", kindName(n))
		return
	}
	dec, err := ParseDecimal(strings.TrimSpace(n.Value))
	if err != nil {
		d.errorf(n, "norms/type", path, "expected a number, got %q", n.Value)
		return
	}
	v.Set(reflect.ValueOf(dec))
}

func (d *decoder) decodeMissing(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.ScalarNode {
		switch s := strings.TrimSpace(n.Value); s {
		case "zero", "exclude":
			v.Set(reflect.ValueOf(Missing{Policy: s}))
			return
		default:
			if dec, err := ParseDecimal(strings.TrimSuffix(s, "%")); err == nil {
				if dec.Sign() < 0 || dec.Cmp(DecimalFromInt(100, 0)) > 0 {
					d.errorf(n, "norms/range", path, "a missing-work percent must be between 0 and 100, got %s", s)
					return
				}
				v.Set(reflect.ValueOf(Missing{Policy: "percent", Percent: dec}))
				return
			}
		}
	}
	d.errorf(n, "norms/type", path, "expected zero, exclude or a percent such as 50, got %s", kindName(n))
}

// exprPos maps an offset (in bytes) inside the expression stored at path back
// to a position in the norms file, whatever YAML style held it: plain and
// quoted scalars start on the key's line, block scalars (| or >) on the next
// lines. Offsets inside quoted strings with escapes may be off by the escape
// length; that is the price of not re-lexing YAML.
func (s *source) exprPos(path string, offset int, expr string) Pos {
	start := s.lookup(path)
	if !start.IsValid() {
		return Pos{}
	}
	st := s.style[path]
	// Columns count characters, as the YAML parser's do (offset counts
	// bytes: "é" is two).
	before := expr[:min(offset, len(expr))]
	if st&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		quote := 0
		if st&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
			quote = 1
		}
		line := start.Line + strings.Count(before, "\n")
		col := start.Column + quote + utf8.RuneCountInString(before)
		if i := strings.LastIndex(before, "\n"); i >= 0 {
			col = quote + utf8.RuneCountInString(before[i+1:]) + 1
		}
		return Pos{Line: line, Column: col}
	}
	// Block scalar: the content starts on the line after the indicator, each
	// line indented as in the file.
	lineIdx := strings.Count(before, "\n")
	colInLine := utf8.RuneCountInString(before[strings.LastIndex(before, "\n")+1:])
	lines := strings.Split(string(s.text), "\n")
	fileLine := start.Line + 1 + lineIdx
	indent := 0
	if fileLine-1 < len(lines) {
		l := lines[fileLine-1]
		indent = len(l) - len(strings.TrimLeft(l, " "))
	}
	return Pos{Line: fileLine, Column: indent + colInLine + 1}
}
