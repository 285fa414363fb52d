package jsonscan

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// Every primitive must read what it accepts as encoding/json does: Value
// accepts what json.Valid accepts (within MaxDepth), and a value read
// through Object, Array, Str, Number and Literal is the one json.Unmarshal
// decodes.

var valueCases = []string{
	`{}`, `[]`, `""`, `0`, `-0`, `1.5e-3`, `2E+10`, `true`, `false`, `null`,
	` {"a": [1, 2.5e3, true, false, null, "x\u00e9\"", {"b": [[]]}]} `,
	`{"a":1,"a":2}`, `["\ud83d\ude00", "\ud83d", "\u003c\u0026\u003e", "\/\b\f\n\r\t"]`,
	"\"é ü 漢\"", "\"a\xffb\"", "[\"a\xffb\\n\"]", `{"k\u00e9y": "v"}`,
	// What json.Valid refuses.
	``, ` `, `{`, `[1,]`, `[1 2]`, `{"a" 1}`, `{"a":}`, `{a:1}`, `{"a":1,}`, `01`, `-`, `1.`, `.5`, `1e`, `+1`,
	`tru`, `nul`, `True`, `"\x01"`, "\"\x01\"", `"\uZZZZ"`, `"\u12"`, `"\q"`, `"abc`, `"\"`, `[1] [2]`, `{} x`,
	`{"a":1}}`, `]`, `"\ud83d\"`,
}

func TestValueAgrees(t *testing.T) {
	for _, c := range valueCases {
		if msg := checkValue([]byte(c)); msg != "" {
			t.Error(msg)
		}
	}
}

// checkValue compares Value with json.Valid on data, and what the other
// primitives read with what json.Unmarshal decodes.
func checkValue(data []byte) string {
	s := Scanner{B: data}
	s.SkipSpace()
	got := s.Value() && s.AtEnd()
	want := json.Valid(data)
	// n arrays and objects nested take 2n bytes: a shorter input is within
	// MaxDepth.
	if got != want && (got || len(data) <= 2*MaxDepth) {
		return fmt.Sprintf("Value(%q) = %v; json.Valid says %v", data, got, want)
	}
	s = Scanner{B: data}
	s.SkipSpace()
	v, ok := decodeAny(&s, 0)
	if !ok || !s.AtEnd() {
		return ""
	}
	var w any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&w); err != nil {
		return fmt.Sprintf("the scanner read %q, which encoding/json refuses: %v", data, err)
	}
	if !reflect.DeepEqual(v, w) {
		return fmt.Sprintf("the scanner read %q as %#v; encoding/json as %#v", data, v, w)
	}
	return ""
}

// decodeAny reads any value with the scanner's primitives, as
// encoding/json decodes it into an any (numbers as json.Number).
func decodeAny(s *Scanner, depth int) (any, bool) {
	if depth > 100 {
		return nil, false
	}
	switch s.Peek() {
	case '{':
		m := map[string]any{}
		ok := s.Object(func(key []byte) bool {
			v, ok := decodeAny(s, depth+1)
			m[string(key)] = v
			return ok
		})
		return m, ok
	case '[':
		a := []any{}
		ok := s.Array(func() bool {
			v, ok := decodeAny(s, depth+1)
			a = append(a, v)
			return ok
		})
		return a, ok
	case '"':
		text, ok := s.Str()
		return string(text), ok
	case 't':
		return true, s.Literal("true")
	case 'f':
		return false, s.Literal("false")
	case 'n':
		return nil, s.Literal("null")
	}
	text, ok := s.Number()
	return json.Number(text), ok
}

func TestObjectArrayRead(t *testing.T) {
	data := []byte(`{"a\n": [1, "x", {"b": null}], "c": "d\u00e9"} tail`)
	s := Scanner{B: data}
	var keys []string
	ok := s.Object(func(key []byte) bool {
		keys = append(keys, string(key))
		if string(key) != "a\n" {
			_, ok := s.Str()
			return ok
		}
		n := 0
		return s.Array(func() bool {
			n++
			return s.Value()
		}) && n == 3
	})
	if !ok || strings.Join(keys, "|") != "a\n|c" || string(data[s.I:]) != " tail" {
		t.Errorf("Object read %q, ok %v, and stopped before %q; want [a\\n c], true, \" tail\"", keys, ok, data[s.I:])
	}
	if s.AtEnd() {
		t.Error(`AtEnd is true before " tail"`)
	}
	// A member that does not read its value stops the object.
	s = Scanner{B: []byte(`{"a": 1}`)}
	if s.Object(func([]byte) bool { return false }) {
		t.Error("Object is true when member is false")
	}
	s = Scanner{B: []byte(` []`)}
	if s.Array(func() bool { return true }) {
		t.Error("Array read an array after a blank; the caller skips blanks")
	}
}

func TestStrView(t *testing.T) {
	data := []byte(`"Quizzes 1" "a\"b" "\ud83d\ude00" "é" "` + "\xff" + `"`)
	s := Scanner{B: data}
	text, ok := s.Str()
	if !ok || string(text) != "Quizzes 1" || &text[0] != &data[1] {
		t.Errorf("Str = %q, %v; want a view of the input holding Quizzes 1", text, ok)
	}
	for _, want := range []string{`a"b`, "\U0001F600", "é"} {
		s.SkipSpace()
		if text, ok := s.Str(); !ok || string(text) != want {
			t.Errorf("Str = %q, %v; want %q", text, ok, want)
		}
	}
	s.SkipSpace()
	if text, ok := s.Str(); ok {
		t.Errorf("Str read invalid UTF-8 as %q; encoding/json reads it as U+FFFD", text)
	}
}

func TestMaxDepth(t *testing.T) {
	for _, n := range []int{MaxDepth, MaxDepth + 1} {
		data := []byte(strings.Repeat(`[{"a":`, n/2) + strings.Repeat("[", n%2) + "1" + strings.Repeat("]", n%2) + strings.Repeat("}]", n/2))
		s := Scanner{B: data}
		if got := s.Value(); got != (n <= MaxDepth) {
			t.Errorf("Value of %d nested arrays and objects = %v", n, got)
		}
	}
}

func FuzzScanner(f *testing.F) {
	for _, c := range valueCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if msg := checkValue(data); msg != "" {
			t.Fatal(msg)
		}
	})
}

func TestUnquoteAgrees(t *testing.T) {
	cases := []string{
		`""`, `"norms: 1\nteam: T\n"`, `"a\"b\\c\/d\be\ff\rg\th"`, `"x\u00e9"`, `"é ü 漢"`, "\"a\xffb\"",
		"\"a\x01\"", `"a\"`, `"\"`, `"a"b"`, `"a\qb"`, `"\ud800"`, `x`, `"`, "\"\xed\xa0\x80\"",
		`"when: Quizzes \u003c 70 \u0026\u0026 x \u003e 1"`, `"\ud83d\ude00"`, `"\uD83D\uDE00!"`, `"\ud83dx"`, `"\ud83d\u0041"`,
		`"\udc00\ud800"`, `"\ud83d\ud83d\ude00"`, `"\ud83d"`, `"\ud83d\"`, `"\ud83d\u12"`, `"\u12"`, `"\u12g4"`, `"\u0000"`, `"\u2028"`,
	}
	for _, c := range cases {
		got, ok := Unquote([]byte(c))
		var want string
		err := json.Unmarshal([]byte(c), &want)
		if ok && (err != nil || string(got) != want) {
			t.Errorf("Unquote(%q) = %q; encoding/json: %q, %v", c, got, want, err)
		}
	}
	if _, ok := Unquote([]byte(`"norms: 1\n  x: \"y\"\n"`)); !ok {
		t.Errorf("Unquote refused a common norms text")
	}
	// What Go clients send: encoding/json escapes <, > and &.
	goClient, _ := json.Marshal("when: Quizzes < 70 && missing_count > 2\n")
	if _, ok := Unquote(goClient); !ok {
		t.Errorf("Unquote refused %s, a norms text as encoding/json writes it", goClient)
	}
}

func FuzzUnquote(f *testing.F) {
	for _, c := range []string{`"a\u003cb"`, `"\ud83d\ude00"`, `"\ud83dx"`, `"x\n\"y\""`, "\"\xff\""} {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, ok := Unquote(raw)
		if !ok {
			return
		}
		var want string
		if err := json.Unmarshal(raw, &want); err != nil || string(got) != want {
			t.Errorf("Unquote(%q) = %q; encoding/json: %q, %v", raw, got, want, err)
		}
	})
}
