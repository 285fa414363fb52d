package xlsx

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
	"github.com/xuri/excelize/v2"
)

// starterIncidents is the starter incident log as an Incidents sheet, with
// headings as teachers write them and some dates and times as Excel date
// and time cells (serial numbers), which must read as the CSV's text does.
func starterIncidents(t *testing.T) cells {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(starter.IncidentsCSV)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := cells{{"Date", "Time", "Student ID", "Student Name", "Behaviour", "Teacher", "Notes"}}
	for i, row := range rows[1:] {
		r := make([]any, len(row))
		for c, v := range row {
			r[c] = v
		}
		day, err := engine.ParseIncidentDate(row[0], "mdy")
		if err != nil {
			t.Fatal(err)
		}
		d, _ := time.Parse("2006-01-02", day)
		switch {
		case i == 15: // 2026-10-01 09:05: one date-and-time cell
			r[0], r[1] = d.Add(9*time.Hour+5*time.Minute), ""
		case i%2 == 0:
			r[0] = d // an Excel date cell
		}
		if i == 3 { // 2:15 pm as an Excel time number
			r[1] = (14*60 + 15) / 1440.0
		}
		out = append(out, r)
	}
	return out
}

func incidentBook(t *testing.T, inc cells, withGradebook bool) []byte {
	sheets, order := map[string]cells{"Incidents": inc}, []string{"Incidents"}
	if withGradebook {
		sheets["Gradebook"], order = starterCells(t), []string{"Gradebook", "Incidents"}
	}
	return build(t, sheets, order, nil)
}

func plain(log *engine.IncidentLog) []engine.Incident {
	var out []engine.Incident
	for _, in := range log.Incidents {
		out = append(out, engine.Incident{Date: in.Date, Time: in.Time, StudentID: in.StudentID, StudentName: in.StudentName,
			Behavior: in.Behavior, Teacher: in.Teacher, Note: in.Note})
	}
	return out
}

// TestReadIncidents: an Incidents sheet reads as the same log as the CSV
// it was made from, Excel dates and times included.
func TestReadIncidents(t *testing.T) {
	data := incidentBook(t, starterIncidents(t), false)
	is, ds := ReadIncidents("log.xlsx", data, "mdy", Options{})
	if ds.HasErrors() || len(ds) != 0 {
		t.Fatalf("ReadIncidents: %v", ds)
	}
	want, wds := engine.ReadIncidentsCSV("incidents.csv", starter.IncidentsCSV, "mdy")
	if wds.HasErrors() {
		t.Fatal(wds)
	}
	if got, want := plain(is.Log), plain(want); !reflect.DeepEqual(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Errorf("incident %d:\ngot  %+v\nwant %+v", i+1, got[i], want[i])
			}
		}
		t.Fatalf("got %d incidents, want %d", len(got), len(want))
	}
	if is.HeaderRow != 1 || len(is.Rows) != len(want.Incidents) || is.Rows[0] != 2 {
		t.Errorf("header row %d, rows %v", is.HeaderRow, is.Rows)
	}
}

// TestReadIncidentsErrors: problems name the cell of the sheet, not a
// line of the CSV text the engine read.
func TestReadIncidentsErrors(t *testing.T) {
	inc := cells{
		{"date", "student", "behavior", "note"},
		{"2026-09-16", "Ana", "Phone", "two\nlines"},
		{nil, nil, nil, nil},
		{"someday", "Ben", "Phone", "after a blank row"},
		{"2026-09-18", "Cy", "", ""},
		{"2026-09-19", "", "Tardy", ""},
	}
	_, ds := ReadIncidents("log.xlsx", incidentBook(t, inc, false), "mdy", Options{})
	var got []string
	for _, d := range ds {
		got = append(got, d.Path+" "+d.Code)
		if strings.Contains(d.Message, "row 2") || strings.Contains(d.Message, "row 3") || d.File != "log.xlsx" || d.Line != 0 {
			t.Errorf("diagnostic not about the sheet: %s", d.Error())
		}
	}
	want := []string{"Incidents!A4 incidents/date", "Incidents!C5 incidents/no-behavior", "Incidents!A6 incidents/no-student"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v\n%v", got, want, ds)
	}
	_, ds = ReadIncidents("log.xlsx", incidentBook(t, cells{{nil}, {"when", "who", "what"}, {"2026-09-16", "Ana", "Phone"}}, false), "mdy", Options{})
	if len(ds) != 1 || ds[0].Path != "Incidents!A2" || ds[0].Code != "incidents/header" {
		t.Errorf("header: got %v", ds)
	}
	// A student ID whose shared string the workbook lacks (damaged).
	damaged := editPart(t, incidentBook(t, inc, false), "xl/worksheets/sheet1.xml", func(x string) string {
		re := regexp.MustCompile(`<c r="B2"[^>]*>.*?</c>`)
		if !re.MatchString(x) {
			t.Fatalf("no B2: %s", x)
		}
		return re.ReplaceAllLiteralString(x, `<c r="B2" t="s"><v>999</v></c>`)
	})
	_, ds = ReadIncidents("log.xlsx", damaged, "mdy", Options{})
	if len(ds) != 1 || ds[0].Path != "Incidents!B2" || ds[0].Code != "xlsx/format" {
		t.Errorf("a damaged cell: got %v", ds)
	}
	_, ds = ReadIncidents("log.xlsx", build(t, map[string]cells{"Other": {{"date"}}}, []string{"Other"}, nil), "mdy", Options{})
	if len(ds) != 1 || ds[0].Code != "xlsx/no-incidents" {
		t.Errorf("no Incidents sheet: got %v", ds)
	}
}

// TestFillIncidents: fill writes each incident's occurrence and
// consequence beside it, as Program.Conduct gives them, and filling again
// replaces them (on the streaming path, to the same bytes).
func TestFillIncidents(t *testing.T) {
	p := starterProgram(t)
	want, ds := p.Conduct(mustLog(t), engine.ConductOptions{})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	for _, withGradebook := range []bool{true, false} {
		data := incidentBook(t, starterIncidents(t), withGradebook)
		for pass := 1; pass <= 2; pass++ {
			out := fill(t, data, fillOpts)
			if pass == 2 && !*slowPath && !bytes.Equal(out, data) {
				t.Errorf("streamed: filling a filled workbook changed its bytes")
			}
			data = out
			f, err := excelize.OpenReader(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			head, _ := f.GetRows("Incidents")
			if got := strings.Join(head[0], "|"); got != "Date|Time|Student ID|Student Name|Behaviour|Teacher|Notes|Norms: #|Norms: Consequence" {
				t.Fatalf("pass %d: header %s", pass, got)
			}
			for _, r := range want.Incidents {
				row := r.Row + 1
				occ, _ := f.GetCellValue("Incidents", cellName(8, row))
				cons, _ := f.GetCellValue("Incidents", cellName(9, row))
				wantOcc, wantCons := conductValues(&r)
				if wo, _ := wantOcc.(int); (wantOcc == nil && occ != "") || (wantOcc != nil && occ != strconv.Itoa(wo)) || cons != wantCons {
					t.Errorf("pass %d, row %d: got %q %q, want %v %q", pass, row, occ, cons, wantOcc, wantCons)
				}
			}
			if withGradebook {
				if got, _ := f.GetCellValue("Gradebook", "A1"); got != "Student" {
					t.Errorf("gradebook lost")
				}
			}
			f.Close()
		}
	}
}

func mustLog(t *testing.T) *engine.IncidentLog {
	t.Helper()
	log, ds := engine.ReadIncidentsCSV("incidents.csv", starter.IncidentsCSV, "mdy")
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	return log
}

// TestFillIncidentsWithoutConduct: norms with no conduct part leave an
// Incidents sheet alone, with a warning, and still grade.
func TestFillIncidentsWithoutConduct(t *testing.T) {
	text := string(starter.NormsYAML)
	i := strings.Index(text, "\nconduct:")
	if i < 0 {
		t.Fatal("the starter norms have no conduct section")
	}
	// The conduct section and the examples (some are conduct examples)
	// end the file: cut both.
	p, ds := engine.Check("norms.yaml", []byte(text[:i]))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	w := open(t, incidentBook(t, starterIncidents(t), true), Options{})
	defer w.Close()
	_, ds = w.Fill(p, fillOpts)
	if ds.HasErrors() || len(ds) != 1 || ds[0].Code != "xlsx/no-conduct" {
		t.Fatalf("got %v, want one xlsx/no-conduct warning", ds)
	}
	if ok, why := w.Streaming(); !ok {
		t.Errorf("took the excelize path: %s", why)
	}
}
