package engine

import (
	"testing"
)

// The incident log readers take text from anywhere (exports, uploads in
// the browser); whatever the bytes, they must return diagnostics, never
// panic, and a log they return must be one Conduct can apply.

var incidentFuzzSeedsCSV = []string{
	"date,time,student_id,student_name,behavior,teacher,note\n2026-09-03,10:05,S1,Ana,Tardy,Ms Lee,\n9/4/2026,,S1,Ana,late,,\n",
	"Date;Time;ID;Student;Behaviour\n3/9/2026;1:30 pm;S1;Ana;Tardy\n46268.25;;S2;Ben;Disrespect\n",
	"date\tstudent\tbehavior\n20260903\tAna\tPhone\n",
	"date,student_id,behavior,note\n2026-09-03,S1,Tardy,\"multi\nline \"\"note\"\"\"\n",
	"date,student_id,behavior\n2026-02-30,S1,Tardy\n60,S1,Tardy\n9999999,S1,x\n",
	"\xef\xbb\xbfdate,student_id,behavior\n,,\n2026-09-03 25:99,S1,Tardy\n",
	"date,student_id,behavior\n2026-09-03,S1,Tardy,extra,cells\n\"unterminated\n",
	"",
}

var incidentFuzzSeedsJSON = []string{
	`{"incidents":[{"date":"2026-09-03","time":"10:05","student_id":"S1","student_name":"Ana","behavior":"Tardy","teacher":"Ms Lee","note":"x"}]}`,
	`[{"date":46268,"id":12,"student":"Ana","behavior":"late"},{"date":"9/4/2026 2:05 pm","student_id":"S1","behavior":"Disrespect"}]`,
	`{"incidents":null}`,
	`[[[[[[[[[[]]]]]]]]]]`,
	`{"incidents":[{"date":{"a":[1,2,{"b":null}]}}]}`,
	`[{"date":"2026-09-03","student_id":"S1","behavior":"Tardy"}] trailing`,
	`[{"date":"2026-09-03","student_id":"S1","behavior":"Tardy",}]`,
	`{"incidents":[{"date":"2026-09-03","student_id":"S1","behavior":"Tardy"}],"incidents":[]}`,
	"",
}

func fuzzConduct(t *testing.T, p *Program, log *IncidentLog, ds Diagnostics) {
	if (log == nil) != ds.HasErrors() {
		t.Fatalf("a log is returned exactly when there are no errors; got log=%v errors=%v", log != nil, ds.HasErrors())
	}
	if log == nil {
		return
	}
	for _, inc := range log.Incidents {
		if _, err := ParseIncidentDate(inc.Date, "mdy"); err != nil {
			t.Fatalf("the reader kept a date Conduct cannot read: %q", inc.Date)
		}
	}
	for _, opts := range []ConductOptions{{}, {AsOf: "2026-12-01", Student: "Ana"}} {
		rep, cds := p.Conduct(log, opts)
		if rep == nil && !cds.HasErrors() {
			t.Fatal("no report and no error")
		}
	}
}

func FuzzReadIncidentsCSV(f *testing.F) {
	for _, s := range incidentFuzzSeedsCSV {
		f.Add([]byte(s), false)
	}
	p := mustConductProgram(f, conductBenchNorms)
	f.Fuzz(func(t *testing.T, data []byte, dmy bool) {
		format := "mdy"
		if dmy {
			format = "dmy"
		}
		log, ds := ReadIncidentsCSV("log.csv", data, format)
		fuzzConduct(t, p, log, ds)
	})
}

func FuzzReadIncidentsJSON(f *testing.F) {
	for _, s := range incidentFuzzSeedsJSON {
		f.Add([]byte(s), false)
	}
	p := mustConductProgram(f, conductBenchNorms)
	f.Fuzz(func(t *testing.T, data []byte, dmy bool) {
		format := "mdy"
		if dmy {
			format = "dmy"
		}
		log, ds := ReadIncidentsJSON("log.json", data, format)
		fuzzConduct(t, p, log, ds)
	})
}

// FuzzParseIncidentDate: any text is a date or an error, and a date read
// once reads back the same.
func FuzzParseIncidentDate(f *testing.F) {
	for _, s := range []string{"2026-09-03", "9/3/2026", "46268.5", "20260903", "9/3/26 2:05 pm", "60", "2026-09-03T10:00"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, dmy bool) {
		format := "mdy"
		if dmy {
			format = "dmy"
		}
		iso, err := ParseIncidentDate(s, format)
		if err != nil {
			return
		}
		if again, err := ParseIncidentDate(iso, format); err != nil || again != iso {
			t.Fatalf("%q read as %s, which reads back as %s, %v", s, iso, again, err)
		}
	})
}
