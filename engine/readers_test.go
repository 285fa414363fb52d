package engine

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// The gradebook and incident-log readers: every problem at its place
// (line:column and path), in words a teacher can act on, and nothing that
// changes a grade accepted silently.

// jsonBookHead is a gradebook's assignments, for the cases below: HW 1 is
// 10 points, Quiz 1 is 20.
const jsonBookHead = `{"assignments": [{"name": "HW 1", "category": "Homework", "possible": 10}, {"name": "Quiz 1", "category": "Quizzes", "possible": 20}],
 "students": [`

// withScore is a gradebook whose one student has score on Quiz 1 (written
// as JSON), on line 3, the score starting at column 55.
func withScore(score string) string {
	return jsonBookHead + "\n" + `  {"id": "7001", "name": "Maya", "scores": {"Quiz 1": ` + score + `}}]}`
}

type wantDiag struct {
	code, path string
	line, col  int
	msg        string // contained in the message
}

func (w wantDiag) String() string {
	return fmt.Sprintf("%s %s at %d:%d containing %q", w.code, w.path, w.line, w.col, w.msg)
}

func hasDiag(ds Diagnostics, w wantDiag) bool {
	for _, d := range ds {
		if d.Code == w.code && d.Path == w.path && d.Line == w.line && d.Column == w.col && strings.Contains(d.Message, w.msg) {
			return true
		}
	}
	return false
}

// goInternals are words of encoding/json's errors that mean nothing to a
// teacher.
var goInternals = []string{"Go struct", "Go value", "engine.", "gradebookDoc", "studentDoc", "unmarshal", "json:"}

func TestReadGradebookJSONErrors(t *testing.T) {
	const inv = "gradebook/invalid"
	cases := []struct {
		name, text string
		want       []wantDiag
	}{
		// 1. Syntax errors at the byte that is wrong.
		{"csv read as json", "Student,ID\n", []wantDiag{{inv, "", 1, 1, "invalid character 'S'"}}},
		{"bracket", `{"assignments": ]}`, []wantDiag{{inv, "", 1, 17, "invalid character ']'"}}},
		{"bare key", "{\n  x\n}", []wantDiag{{inv, "", 2, 3, "invalid character 'x'"}}},
		{"truncated", `{"assignments": [`, []wantDiag{{inv, "", 1, 18, "ends too early"}}},
		// 2. Types, with the path and the value's place.
		{"assignments not a list", `{"assignments": 5}`, []wantDiag{{inv, "assignments", 1, 17, "assignments: expected a list [...] of assignments, got the number 5"}}},
		{"possible not a number", `{"assignments": [{"name": "Q", "category": "Quizzes", "possible": "ten"}]}`,
			[]wantDiag{{inv, "assignments[0].possible", 1, 67, `assignments[0].possible: expected a number of points, got "ten"`}}},
		{"possible a list", `{"assignments": [{"name": "Q", "category": "Quizzes", "possible": [1]}]}`,
			[]wantDiag{{inv, "assignments[0].possible", 1, 67, "expected a number of points, got a list"}}},
		{"possible negative", `{"assignments": [{"name": "Q", "category": "Quizzes", "possible": -1}]}`,
			[]wantDiag{{"gradebook/possible", "assignments[0].possible", 1, 67, "negative points possible"}}},
		{"name a number", `{"assignments": [{"name": 5}]}`, []wantDiag{{inv, "assignments[0].name", 1, 27, "expected text in quotes, got the number 5"}}},
		{"name empty", `{"assignments": [{"name": " "}]}`, []wantDiag{{inv, "assignments[0].name", 1, 27, "name is empty"}}},
		{"name missing", `{"assignments": [{"category": "Quizzes"}]}`, []wantDiag{{inv, "assignments[0].name", 1, 18, "has no name"}}},
		{"name twice", `{"assignments": [{"name": "Q"}, {"name": "Q"}]}`, []wantDiag{{inv, "assignments[1].name", 1, 42, `assignment "Q" appears twice (also assignments[0])`}}},
		{"unknown assignment key", `{"assignments": [{"name": "Q", "possibel": 5}]}`, []wantDiag{{inv, "assignments[0].possibel", 1, 32, `did you mean "possible"`}}},
		{"extra credit text", `{"assignments": [{"name": "Q", "extra_credit": "yes"}]}`, []wantDiag{{inv, "assignments[0].extra_credit", 1, 48, `expected true or false, got "yes"`}}},
		{"students not a list", `{"students": "x"}`, []wantDiag{{inv, "students", 1, 14, "expected a list"}}},
		{"id a number", jsonBookHead + `{"id": 7001}]}`, []wantDiag{{inv, "students[0].id", 2, 22, `write the ID as text in quotes ("7001")`}}},
		{"id missing", jsonBookHead + `{"name": "Maya"}]}`, []wantDiag{{"gradebook/no-id", "students[0].id", 2, 15, "has no ID"}}},
		{"id twice", jsonBookHead + `{"id": "1", "name": "A"}, {"id": "1", "name": "B"}]}`, []wantDiag{{"gradebook/duplicate-id", "students[1].id", 2, 48, `"1" is used twice (A and B)`}}},
		{"scores a list", jsonBookHead + `{"id": "1", "scores": []}]}`, []wantDiag{{inv, "students[0].scores", 2, 37, "expected an object of scores"}}},
		{"score true", withScore("true"), []wantDiag{{inv, `students[0].scores["Quiz 1"]`, 3, 55, "expected a score"}}},
		{"score negative", withScore("-5"), []wantDiag{{inv, `students[0].scores["Quiz 1"]`, 3, 55, "below zero"}}},
		{"score 7 decimals", withScore("1.0000001"), []wantDiag{{inv, `students[0].scores["Quiz 1"]`, 3, 55, "at most 6 decimal places"}}},
		{"score unknown assignment", jsonBookHead + "\n" + `  {"id": "7001", "scores": {"Quiz 2": 5}}]}`, []wantDiag{{inv, `students[0].scores["Quiz 2"]`, 3, 29, `did you mean "Quiz 1"`}}},
		// 3. A key given twice is refused at its second place.
		{"score twice", withScore(`18, "Quiz 1": 2`), []wantDiag{{inv, `students[0].scores["Quiz 1"]`, 3, 59, `the score for "Quiz 1" is given twice`}}},
		{"id key twice", jsonBookHead + `{"id": "1", "id": "2"}]}`, []wantDiag{{inv, "students[0].id", 2, 27, `"id" is given twice`}}},
		{"possible twice", `{"assignments": [{"name": "Q", "possible": 10, "possible": 1}]}`, []wantDiag{{inv, "assignments[0].possible", 1, 48, `"possible" is given twice`}}},
		{"assignments twice", `{"assignments": [], "assignments": []}`, []wantDiag{{inv, "assignments", 1, 21, `"assignments" is given twice`}}},
		{"late twice", withScore(`{"score": 9, "late": 1, "late": 2}`), []wantDiag{{inv, `students[0].scores["Quiz 1"].late`, 3, 79, `"late" is given twice`}}},
		// 4. Text after the gradebook; values that are not gradebooks.
		{"trailing garbage", `{"assignments": []} xyz`, []wantDiag{{inv, "", 1, 21, `unexpected text after the gradebook: "xyz"`}}},
		{"trailing object", "{}\n{}", []wantDiag{{inv, "", 2, 1, "unexpected text after the gradebook"}}},
		{"null", "null", []wantDiag{{inv, "", 1, 1, "null, which is not a gradebook"}}},
		{"list", " []", []wantDiag{{inv, "", 1, 2, "a gradebook is an object"}}},
		{"empty", "", []wantDiag{{inv, "", 1, 1, "the gradebook is empty"}}},
		// 6. Due dates that are not days.
		{"due feb 30", `{"assignments": [{"name": "Q", "due": "2025-02-30"}]}`, []wantDiag{{"gradebook/due", "assignments[0].due", 1, 39, "February 2025 has no day 30"}}},
		{"due month 13", `{"assignments": [{"name": "Q", "due": "2025-13-01"}]}`, []wantDiag{{"gradebook/due", "assignments[0].due", 1, 39, "no month 13"}}},
		{"due zeros", `{"assignments": [{"name": "Q", "due": "0000-00-00"}]}`, []wantDiag{{"gradebook/due", "assignments[0].due", 1, 39, "0000"}}},
		{"due 2100-02-29", `{"assignments": [{"name": "Q", "due": "2100-02-29"}]}`, []wantDiag{{"gradebook/due", "assignments[0].due", 1, 39, "February 2100 has no day 29"}}},
		// 8. A score object follows the rules of a CSV cell.
		{"late without score", withScore(`{"score": null, "late": 3}`), []wantDiag{{inv, `students[0].scores["Quiz 1"].late`, 3, 79, "late but has no score"}}},
		{"late with empty score", withScore(`{"score": "", "late": 3}`), []wantDiag{{inv, `students[0].scores["Quiz 1"].late`, 3, 77, "late but has no score"}}},
		{"late past 3650", withScore(`{"score": 9, "late": 4000}`), []wantDiag{{inv, `students[0].scores["Quiz 1"].late`, 3, 76, "from 0 to 3650, got the number 4000"}}},
		{"late twice in two forms", withScore(`{"score": "18 late 3", "late": 1}`), []wantDiag{{inv, `students[0].scores["Quiz 1"].late`, 3, 86, "given twice"}}},
		{"nested score", withScore(`{"score": {"score": 18}}`), []wantDiag{{inv, `students[0].scores["Quiz 1"].score`, 3, 65, "got an object"}}},
		{"late as text", withScore(`{"score": 9, "late": "2"}`), []wantDiag{{inv, `students[0].scores["Quiz 1"].late`, 3, 76, `got "2"`}}},
		{"no score", withScore(`{"late": 2}`), []wantDiag{{inv, `students[0].scores["Quiz 1"]`, 3, 55, `has no "score"`}}},
		// Every problem at once.
		{"all at once", jsonBookHead + "\n" + `{"id": "1", "scores": {"HW 1": true, "Quiz 1": "lots"}}, {"name": "B", "scores": {"Quiz 1": 9, "Quiz 1": 9}}]}`,
			[]wantDiag{
				{inv, `students[0].scores["HW 1"]`, 3, 32, "expected a score"},
				{inv, `students[0].scores["Quiz 1"]`, 3, 48, `"lots" is not a score`},
				{inv, `students[1].scores["Quiz 1"]`, 3, 96, "given twice"},
				{"gradebook/no-id", "students[1].id", 3, 58, "has no ID"},
			}},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			book, ds := ReadGradebookJSON("g.json", []byte(tt.text))
			if book != nil {
				t.Errorf("want no gradebook, got %+v", book)
			}
			for _, w := range tt.want {
				if !hasDiag(ds, w) {
					t.Errorf("want %v, got:\n%s", w, ds.Error())
				}
			}
			for _, d := range ds {
				if d.File != "g.json" {
					t.Errorf("diagnostic without the file name: %v", d)
				}
				for _, word := range goInternals {
					if strings.Contains(d.Message, word) {
						t.Errorf("message speaks Go (%q): %s", word, d.Message)
					}
				}
			}
			if len(ds) > len(tt.want) {
				t.Errorf("want %d diagnostics, got:\n%s", len(tt.want), ds.Error())
			}
		})
	}
}

func TestReadGradebookJSONAccepts(t *testing.T) {
	plain := withScore(`{"score": "M", "late": 3}`)
	want, ds := ReadGradebookJSON("g.json", []byte(plain))
	if want == nil {
		t.Fatalf("want a gradebook, got %s", ds.Error())
	}
	cases := []struct {
		name, text string
		check      func(*Gradebook) string
	}{
		// 5. A byte order mark, as Windows editors write it.
		{"byte order mark", "\xef\xbb\xbf" + plain, func(b *Gradebook) string {
			if !reflect.DeepEqual(b, want) {
				return fmt.Sprintf("read %+v, without the mark %+v", b, want)
			}
			return ""
		}},
		{"byte order mark, one-pass form", "\xef\xbb\xbf" + `{"assignments":[],"students":[]}`, nil},
		// 4. {} is a gradebook with no assignments and no students.
		{"empty object", "{}", func(b *Gradebook) string {
			if len(b.Assignments)+len(b.Students) != 0 {
				return fmt.Sprintf("got %+v", b)
			}
			return ""
		}},
		{"blanks after", "{} \n\t\r\n", nil},
		// 6. Real days, leap days included.
		{"leap day", `{"assignments": [{"name": "Q", "category": "C", "due": "2024-02-29"}, {"name": "R", "category": "C", "due": "2000-02-29"}]}`, nil},
		// 8. A lateness given once, up to 3650 days, on any mark (as CSV's
		// "M late 3").
		{"late 3650", withScore(`{"score": 9, "late": 3650}`), func(b *Gradebook) string {
			if sc := b.Students[0].Scores[1]; sc.DaysLate != 3650 || sc.Earned != 9*pointsScale {
				return fmt.Sprintf("got %+v", sc)
			}
			return ""
		}},
		{"late in the text", withScore(`{"score": "9 late 2", "late": 0}`), func(b *Gradebook) string {
			if sc := b.Students[0].Scores[1]; sc.DaysLate != 2 {
				return fmt.Sprintf("got %+v", sc)
			}
			return ""
		}},
		{"late null", withScore(`{"score": 9, "late": null}`), nil},
		// Keys as encoding/json always matched them.
		{"keys in capitals", `{"Assignments": [{"Name": "Q", "Category": "C", "Possible": 10}], "STUDENTS": [{"ID": "1", "Scores": {"Q": {"Score": 9, "Late": 1}}}]}`, func(b *Gradebook) string {
			if len(b.Students) != 1 || b.Students[0].Scores[0].DaysLate != 1 || b.Assignments[0].Possible != 10*pointsScale {
				return fmt.Sprintf("got %+v", b)
			}
			return ""
		}},
		{"students before assignments", `{"students": [{"id": "1", "scores": {"Q": 9}}], "assignments": [{"name": "Q", "category": "C", "possible": "10"}]}`, func(b *Gradebook) string {
			if len(b.Students) != 1 || b.Students[0].Scores[0].Earned != 9*pointsScale {
				return fmt.Sprintf("got %+v", b)
			}
			return ""
		}},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			book, ds := ReadGradebookJSON("g.json", []byte(tt.text))
			if book == nil || len(ds) != 0 {
				t.Fatalf("want a gradebook, got %s", ds.Error())
			}
			if tt.check != nil {
				if msg := tt.check(book); msg != "" {
					t.Error(msg)
				}
			}
			checkFastAgrees(t, tt.name, []byte(tt.text))
		})
	}
}

const csvBookHead = "Student,ID,HW 1,Quiz 1\nCategory,,Homework,Quizzes\nPoints Possible,,10,20\n"

func TestReadGradebookCSVErrors(t *testing.T) {
	const inv = "gradebook/invalid"
	cases := []struct {
		name, text string
		want       wantDiag
	}{
		// 6. Due dates that are not days, reported once, at their cell.
		{"due feb 30", csvBookHead + "Due,,2025-09-05,2025-02-30\n", wantDiag{inv, "assignments[1].due", 4, 4, "February 2025 has no day 30"}},
		{"due month 13", csvBookHead + "Due,,2025-13-01,\n", wantDiag{inv, "assignments[0].due", 4, 3, "no month 13"}},
		{"due zeros", csvBookHead + "Due,,,0000-00-00\n", wantDiag{inv, "assignments[1].due", 4, 4, "0000"}},
		{"due shape", csvBookHead + "Due,,9/5/2025,\n", wantDiag{inv, "assignments[0].due", 4, 3, "YYYY-MM-DD"}},
		// 7. A quote never closed: where the quoted cell starts.
		{"open quote", csvBookHead + "Maya,7001,\"18,9\nJo,7002,9,9\nAl,7003,9,9\n", wantDiag{inv, "", 4, 3, "never closed"}},
		{"open quote closed later", csvBookHead + "Maya,7001,\"18,9\nJo,7002,9,\"9\"x\n", wantDiag{inv, "", 4, 3, "never closed"}},
		{"open quote after a quoted cell", csvBookHead + "\"Lopez, Ana\",7001,9,\"9\nJo,7002,9,9\n", wantDiag{inv, "", 4, 4, "never closed"}},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			book, ds := ReadGradebookCSV("g.csv", []byte(tt.text))
			if book != nil {
				t.Errorf("want no gradebook")
			}
			if !hasDiag(ds, tt.want) || len(ds) != 1 {
				t.Errorf("want only %v, got:\n%s", tt.want, ds.Error())
			}
		})
	}
	for _, due := range []string{"2024-02-29", "2025-12-31", "2025-01-01"} {
		if book, ds := ReadGradebookCSV("g.csv", []byte(csvBookHead+"Due,,"+due+",\n")); book == nil || book.Assignments[0].Due != due {
			t.Errorf("due %s: %s", due, ds.Error())
		}
	}
}

func TestReadIncidentsPositions(t *testing.T) {
	cases := []struct {
		name, file, text string
		want             wantDiag
	}{
		// 1. JSON syntax errors at the byte that is wrong.
		{"csv read as json", "json", "date,student_id,behavior\n", wantDiag{"incidents/syntax", "", 1, 1, "invalid character 'd'"}},
		{"bracket", "json", `{"incidents": ]}`, wantDiag{"incidents/syntax", "", 1, 15, "invalid character ']'"}},
		{"bare key", "json", "{\n  x\n}", wantDiag{"incidents/syntax", "", 2, 3, "invalid character 'x'"}},
		{"comma", "json", "[{\"date\": \"2026-09-03\",}]", wantDiag{"incidents/syntax", "", 1, 24, "invalid character '}'"}},
		{"garbage after", "json", "[] garbage", wantDiag{"incidents/syntax", "", 1, 4, "'g'"}},
		// 7. A quote never closed: where the quoted cell starts.
		{"open quote", "csv", "date,student_id,behavior,note\n2026-09-03,S1,Tardy,\"unclosed\n2026-09-04,S1,Tardy,ok\n", wantDiag{"incidents/syntax", "", 2, 21, "never closed"}},
		{"open quote, semicolons", "csv", "date;student_id;behavior;note\n2026-09-03;S1;\"Tardy;x\n", wantDiag{"incidents/syntax", "", 2, 15, "never closed"}},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			var log *IncidentLog
			var ds Diagnostics
			if tt.file == "json" {
				log, ds = ReadIncidentsJSON("log.json", []byte(tt.text), "mdy")
			} else {
				log, ds = ReadIncidentsCSV("log.csv", []byte(tt.text), "mdy")
			}
			if log != nil || !hasDiag(ds, tt.want) || len(ds) != 1 {
				t.Errorf("want only %v, got:\n%s", tt.want, ds.Error())
			}
		})
	}
}

// TestLongCellsAreCut: a score cell holding a page of text is quoted in
// the message by its first 40 characters and its length, not whole.
func TestLongCellsAreCut(t *testing.T) {
	long := strings.Repeat("ninety ", 30000)
	_, err := ParseScore(long, 10*pointsScale)
	if err == nil || len(err.Error()) > 300 || !strings.Contains(err.Error(), `"ninety ninety`) || !strings.Contains(err.Error(), "(210000 characters)") {
		t.Errorf("got %.400v", err)
	}
	if _, err := ParseScore("ninety", 10*pointsScale); err == nil || !strings.HasPrefix(err.Error(), `"ninety" is not a score`) {
		t.Errorf("a short cell: %v", err)
	}
}

// TestJSONColumnsCountCharacters: a position after accented text counts
// characters, not bytes.
func TestJSONColumnsCountCharacters(t *testing.T) {
	_, ds := ReadGradebookJSON("g.json", []byte(`{"assignments": [{"name": "Étude", "category": "Homework", "possible": "dix"}], "students": []}`))
	if len(ds) == 0 || ds[0].Line != 1 || ds[0].Column != 72 {
		t.Errorf("got %v, want an error at 1:72", ds)
	}
}

// TestCSVAsExcelSavesIt: a gradebook saved with ; between columns (Excel in
// languages whose decimal mark is a comma) reads as with commas; a UTF-16
// file ("Unicode Text") is refused with what to do, in both CSV readers.
func TestCSVAsExcelSavesIt(t *testing.T) {
	comma := "Student,ID,HW 1\nCategory,,Homework\nPoints Possible,,10\nAna,1,9\n"
	want, ds := ReadGradebookCSV("g.csv", []byte(comma))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	for _, sep := range []string{";", "\t"} {
		got, ds := ReadGradebookCSV("g.csv", []byte(strings.ReplaceAll(comma, ",", sep)))
		if ds.HasErrors() || len(got.Students) != 1 || got.Students[0].Scores[0] != want.Students[0].Scores[0] {
			t.Errorf("separator %q: %v", sep, ds)
		}
	}
	utf16 := append([]byte{0xFF, 0xFE}, []byte("S\x00t\x00")...)
	if _, ds := ReadGradebookCSV("g.csv", utf16); len(ds) != 1 || !strings.Contains(ds[0].Message, "UTF-16") {
		t.Errorf("UTF-16 gradebook: %v", ds)
	}
	if _, ds := ReadIncidentsCSV("log.csv", utf16, "mdy"); len(ds) != 1 || !strings.Contains(ds[0].Message, "UTF-16") {
		t.Errorf("UTF-16 log: %v", ds)
	}
}
