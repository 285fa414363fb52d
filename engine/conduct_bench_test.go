package engine

import (
	"fmt"
	"strings"
	"testing"
)

// conductBenchNorms are a school's conduct norms as the benchmark sizes
// them: five behaviors with weekly and term resets, two rules.
const conductBenchNorms = `norms: 1
team: Lincoln Middle School
grading:
  categories:
    - {name: Work, weight: 100}
calendar:
  terms:
    - {name: Fall, start: 2026-08-24, end: 2026-12-18}
    - {name: Spring, start: 2027-01-04, end: 2027-05-28}
conduct:
  behaviors:
    - name: Tardy
      aliases: [late, late to class]
      ladder: [Warning, Parent contact, Lunch detention]
      resets: week
      points: 1
    - name: Phone
      ladder: [Phone collected, Phone to office]
      resets: week
      points: 1
    - name: Dress code
      ladder: [Reminder, Parent contact]
      resets: term
    - name: Disruption
      ladder: [Warning, Conference, Detention]
      resets: term
      points: 2
    - name: Disrespect
      ladder: [Conference, Detention]
      then: escalate
      escalate_to: Referral
      resets: term
      points: 3
  rules:
    - name: Referral
      when: count("Disrespect", "30d") >= 2 or points("term") >= 12
      then: Office referral
    - name: Chronic tardiness
      when: count("Tardy", "week") >= 3
      then: Saturday school
`

// conductSchoolLog makes a deterministic log of n incidents for students
// students over the school year 2026-08-24..2027-05-28, in random order
// (as several teachers' exports arrive), a third of them without a time.
func conductSchoolLog(students, n int, seed uint64) *IncidentLog {
	names := []string{"Tardy", "late", "Late to class", "Phone", "Dress code", "Disruption", "Disrespect"}
	teachers := []string{"Ms Lee", "Mr Ode", "Mrs Park", "Mr Diaz"}
	first := civilDay(2026, 8, 24)
	span := civilDay(2027, 5, 28) - first + 1
	x := seed*6364136223846793005 + 1442695040888963407
	rnd := func(k int) int {
		x = x*6364136223846793005 + 1442695040888963407 // Knuth's MMIX LCG
		return int((x >> 33) % uint64(k))
	}
	log := &IncidentLog{Incidents: make([]Incident, n)}
	for i := range log.Incidents {
		s := rnd(students)
		day := first + rnd(span)
		if (day+3)%7 >= 5 { // weekends move to the Monday after
			day += 7 - (day+3)%7
		}
		inc := Incident{
			Row: i + 1, Date: isoDate(day), StudentID: fmt.Sprintf("S%05d", s), StudentName: fmt.Sprintf("Student %d", s),
			Behavior: names[rnd(len(names))], Teacher: teachers[rnd(len(teachers))],
		}
		if rnd(3) > 0 {
			inc.Time = clockText(8*3600 + rnd(7*3600))
		}
		log.Incidents[i] = inc
	}
	return log
}

// conductLogCSV writes a log as CSV, for benchmarking the reader.
func conductLogCSV(log *IncidentLog) []byte {
	var b strings.Builder
	b.WriteString("date,time,student_id,student_name,behavior,teacher,note\n")
	for _, inc := range log.Incidents {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s\n", inc.Date, inc.Time, inc.StudentID, inc.StudentName, inc.Behavior, inc.Teacher, inc.Note)
	}
	return []byte(b.String())
}

// BenchmarkConductSchoolYear applies the norms to a school's year: 2,000
// students, 100,000 incidents. The goal is under 0.5 s per run on one core.
func BenchmarkConductSchoolYear(b *testing.B) {
	p := mustConductProgram(b, conductBenchNorms)
	log := conductSchoolLog(2000, 100_000, 42)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rep, ds := p.Conduct(log, ConductOptions{AsOf: "2027-05-28"})
		if rep == nil || len(rep.Incidents) != 100_000 {
			b.Fatal(ds.Error())
		}
	}
}

// BenchmarkConductSchoolYearCSV includes reading the log from CSV text.
func BenchmarkConductSchoolYearCSV(b *testing.B) {
	p := mustConductProgram(b, conductBenchNorms)
	data := conductLogCSV(conductSchoolLog(2000, 100_000, 42))
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		log, ds := ReadIncidentsCSV("log.csv", data, p.DateFormat())
		if log == nil {
			b.Fatal(ds.Error())
		}
		if rep, ds := p.Conduct(log, ConductOptions{AsOf: "2027-05-28"}); rep == nil {
			b.Fatal(ds.Error())
		}
	}
}
