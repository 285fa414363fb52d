package api

import (
	"encoding/json"
	"reflect"
	"testing"
)

var bodyCases = []string{
	`{"norms": "norms: 1\n", "gradebook": {"assignments": [], "students": [1, 2.5e3, true, false, null, "x\u00e9\"", {"a": [[]]}]}}`,
	`{"norms_name": "grade7", "gradebook_csv": "a,b\n"}`,
	`{"gradebook_csv": "Student,ID\n\u003cA\u0026B\u003e,1\r\n", "student": "\ud83d\ude00 \ud83d", "as_of": "\t"}`,
	`{"norms": null, "gradebook": null, "gradebook_csv": null}`,
	`{}`,
	` {"norms": {"norms": 1}} `,
	`{"norms": "x"} trailing`,
	`{"norms": "x", "norms": "y"}`,
	`{"Norms": "x"}`,
	`{"norms_name": 5}`,
	`{"gradebook": [1, 2,]}`,
	`{"gradebook": "\x01"}`,
	`{"gradebook": "\uZZZZ"}`,
	"{\"norms_name\": \"a\xffb\"}",
	`{"gradebook": 01}`,
	`{"gradebook": -}`,
	`{"gradebook": 1.}`,
	`{"gradebook": {"a" 1}}`,
	`{"student": "s1", "as_of": "2024-01-01", "incidents": [], "incidents_csv": null}`,
	`[1]`,
	`null`,
}

func TestDecodeBodyFastAgrees(t *testing.T) {
	allowed := []string{"norms", "norms_name", "gradebook", "gradebook_csv", "incidents", "incidents_csv", "as_of", "student"}
	accepted := 0
	check := func(body []byte) {
		fast, ok := decodeBodyFast(body, allowed)
		if !ok {
			return
		}
		accepted++
		var slow rawRequest
		if err := decodeBodySlow(body, &slow, allowed); err != nil {
			t.Fatalf("the fast decoder accepted a body encoding/json refuses (%v): %s", err.msg, body)
		}
		if !reflect.DeepEqual(normalize(fast), normalize(slow)) {
			t.Fatalf("the decoders disagree on %s:\nfast %+v\nslow %+v", body, fast, slow)
		}
	}
	for _, c := range bodyCases {
		check([]byte(c))
	}
	check(class30x40())
	if accepted < 6 {
		t.Errorf("the fast decoder accepted only %d bodies", accepted)
	}
	if _, ok := decodeBodyFast(class30x40(), allowed); !ok {
		t.Error("the fast decoder refused the load test's request")
	}
}

// normalize makes empty raw values nil, as both decoders mean the same.
func normalize(r rawRequest) rawRequest {
	for _, p := range []*[]byte{(*[]byte)(&r.Norms), (*[]byte)(&r.Gradebook), (*[]byte)(&r.Incidents)} {
		if len(*p) == 0 {
			*p = nil
		} else {
			*p = append([]byte(nil), *p...)
		}
	}
	return r
}

func FuzzDecodeBodyFastAgrees(f *testing.F) {
	for _, c := range bodyCases {
		f.Add([]byte(c))
	}
	allowed := []string{"norms", "norms_name", "gradebook", "gradebook_csv", "student"}
	f.Fuzz(func(t *testing.T, body []byte) {
		fast, ok := decodeBodyFast(body, allowed)
		if !ok {
			return
		}
		var slow rawRequest
		if err := decodeBodySlow(body, &slow, allowed); err != nil {
			t.Fatalf("the fast decoder accepted a body encoding/json refuses (%v): %q", err.msg, body)
		}
		if !reflect.DeepEqual(normalize(fast), normalize(slow)) {
			t.Fatalf("the decoders disagree on %q:\nfast %+v\nslow %+v", body, fast, slow)
		}
	})
}

func TestUnquoteFastAgrees(t *testing.T) {
	cases := []string{
		`""`, `"norms: 1\nteam: T\n"`, `"a\"b\\c\/d\be\ff\rg\th"`, `"x\u00e9"`, `"é ü 漢"`, "\"a\xffb\"",
		"\"a\x01\"", `"a\"`, `"\"`, `"a"b"`, `"a\qb"`, `"\ud800"`, `x`, `"`, "\"\xed\xa0\x80\"",
		`"when: Quizzes \u003c 70 \u0026\u0026 x \u003e 1"`, `"\ud83d\ude00"`, `"\uD83D\uDE00!"`, `"\ud83dx"`, `"\ud83d\u0041"`,
		`"\udc00\ud800"`, `"\ud83d\ud83d\ude00"`, `"\ud83d"`, `"\ud83d\"`, `"\ud83d\u12"`, `"\u12"`, `"\u12g4"`, `"\u0000"`, `"\u2028"`,
	}
	for _, c := range cases {
		got, ok := unquoteFast([]byte(c))
		var want string
		err := json.Unmarshal([]byte(c), &want)
		if ok && (err != nil || got != want) {
			t.Errorf("unquoteFast(%q) = %q; encoding/json: %q, %v", c, got, want, err)
		}
	}
	if _, ok := unquoteFast([]byte(`"norms: 1\n  x: \"y\"\n"`)); !ok {
		t.Errorf("unquoteFast refused a common norms text")
	}
	// What Go clients send: encoding/json escapes <, > and &.
	goClient, _ := json.Marshal("when: Quizzes < 70 && missing_count > 2\n")
	if _, ok := unquoteFast(goClient); !ok {
		t.Errorf("unquoteFast refused %s, a norms text as encoding/json writes it", goClient)
	}
}

func FuzzUnquoteFast(f *testing.F) {
	for _, c := range []string{`"a\u003cb"`, `"\ud83d\ude00"`, `"\ud83dx"`, `"x\n\"y\""`, "\"\xff\""} {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		got, ok := unquoteFast(raw)
		if !ok {
			return
		}
		var want string
		if err := json.Unmarshal(raw, &want); err != nil || got != want {
			t.Errorf("unquoteFast(%q) = %q; encoding/json: %q, %v", raw, got, want, err)
		}
	})
}
