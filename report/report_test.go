package report_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
	"github.com/teamnorms/norms/report"
)

const hostile = `<script>alert(1)</script>`

// starterInput is the report input of the starter norms, two sections (the
// sample gradebook, and the same with student 7005 renamed to markup), the
// sample incident log and, with proposed, the starter norms with the
// homework weight cut from 20 to 10.
func starterInput(t testing.TB, proposed bool) report.Input {
	t.Helper()
	prog, ds := engine.Check("norms.yaml", starter.NormsYAML)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	book1, ds := engine.ReadGradebookCSV("period1.csv", starter.GradebookCSV)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	text2 := regexp.MustCompile(`(?m)^[^,\n]+,7005,`).ReplaceAllString(string(starter.GradebookCSV), `"`+hostile+`",7005,`)
	if text2 == string(starter.GradebookCSV) {
		t.Fatal("the sample gradebook no longer has student 7005; update the test")
	}
	book2, ds := engine.ReadGradebookCSV("period2.csv", []byte(text2))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	log, ds := engine.ReadIncidentsCSV("incidents.csv", starter.IncidentsCSV, prog.DateFormat())
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	in := report.Input{
		Program: prog, NormsName: "norms.yaml", NormsText: starter.NormsYAML, Words: prog.Norms().InWords(),
		Sections: []report.Section{{Name: "period1.csv", File: "period1.csv", Book: book1}, {Name: "period2.csv", File: "period2.csv", Book: book2}},
		Log:      log, LogName: "incidents.csv", AsOf: "2026-11-20", Date: "2026-11-20",
	}
	if proposed {
		text := bytes.Replace(starter.NormsYAML, []byte("      weight: 20\n"), []byte("      weight: 10\n"), 1)
		p, ds := engine.Check("proposed.yaml", text)
		if ds.HasErrors() {
			t.Fatal(ds)
		}
		in.Proposed, in.ProposedName, in.ProposedText = p, "proposed.yaml", text
	}
	return in
}

func build(t *testing.T, in report.Input) (*report.Report, string) {
	t.Helper()
	rep, ds := report.Build(in)
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	page, err := rep.HTML()
	if err != nil {
		t.Fatal(err)
	}
	return rep, string(page)
}

// section returns the HTML of the element with the given id up to the
// next section, so that a check looks where it should.
func section(t *testing.T, page, id string) string {
	t.Helper()
	i := strings.Index(page, `id="`+id+`"`)
	if i < 0 {
		t.Fatalf("the page has no #%s", id)
	}
	rest := page[i:]
	if j := strings.Index(rest[1:], "<section "); j >= 0 {
		rest = rest[:j+1]
	}
	return rest
}

func TestStarterReport(t *testing.T) {
	in := starterInput(t, true)
	rep, page := build(t, in)

	for _, id := range []string{"distribution", "averages", "interventions", "missing", "conduct", "proposed", "norms"} {
		section(t, page, id)
	}
	if got := strings.Count(page, `<figure class="histogram"`); got != 3 {
		t.Errorf("histograms: got %d, want 3 (two sections and the team)", got)
	}

	// Every flagged student is listed under their flag, in their section.
	flags := section(t, page, "interventions")
	for _, s := range in.Sections {
		graded, _ := in.Program.Grade(s.Book)
		for _, st := range graded.Students {
			for _, f := range st.Flags {
				i := strings.Index(flags, `data-flag="`+f+`"`)
				if i < 0 {
					t.Fatalf("no group for flag %q", f)
				}
				group := flags[i:]
				group = group[:strings.Index(group, "</div>")]
				row := fmt.Sprintf(`<td class="student">%s</td><td>%s</td><td>%s</td>`, escape(st.Name), st.ID, s.Name)
				if !strings.Contains(group, row) {
					t.Errorf("%s (%s) of %s is flagged %q but not listed under it", st.Name, st.ID, s.Name, f)
				}
			}
			if st.MissingCount > 0 && !strings.Contains(section(t, page, "missing"), escape(st.Name)) {
				t.Errorf("%s has %d missing but is not in the missing-work list", st.Name, st.MissingCount)
			}
		}
	}

	// Names are data: the hostile one is escaped wherever it appears.
	if strings.Contains(page, hostile) || strings.Contains(page, "<script") {
		t.Error("the page contains a raw <script>: a student name was not escaped")
	}
	if !strings.Contains(page, escape(hostile)) {
		t.Errorf("the escaped name %q is not in the page", escape(hostile))
	}

	// Offline: nothing that could make a request.
	for _, bad := range []string{"http://", "https://", "src=", "@import", "url(", "<link"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page contains %q; it must load nothing", bad)
		}
	}

	// The norms: in words, their hash and the date.
	norms := section(t, page, "norms")
	if !strings.Contains(norms, report.Hash(starter.NormsYAML)) || !strings.Contains(norms, "2026-11-20") {
		t.Error("the norms section lacks the hash or the date")
	}
	for _, w := range in.Words {
		if !strings.Contains(norms, escape(w)) {
			t.Errorf("the norms section lacks %q", w)
		}
	}

	// Conduct: three behaviors' weekly charts, and the standing list.
	if rep.Conduct == nil || len(rep.Conduct.Behaviors) != 3 {
		t.Fatalf("conduct: %+v", rep.Conduct)
	}
	total := rep.Conduct.Unknown
	for _, c := range rep.Conduct.Counts {
		for _, n := range c {
			total += n
		}
	}
	if total != rep.Conduct.Incidents {
		t.Errorf("weekly counts add up to %d, want the %d incidents", total, rep.Conduct.Incidents)
	}

	// The diff: the hostile student's letter goes down, as in norms diff.
	if rep.Diff == nil || rep.Diff.Team.Down == 0 || len(rep.Diff.Failing) == 0 {
		t.Errorf("diff: %+v", rep.Diff)
	}
}

// TestNearNext checks the list of students one incident from a heavier
// consequence against the definition, on the sample log: a standing with
// count >= 1 whose next incident gets another consequence than the last,
// or fires a rule.
func TestNearNext(t *testing.T) {
	in := starterInput(t, false)
	rep, _ := build(t, in)
	cr, _ := in.Program.Conduct(in.Log, engine.ConductOptions{AsOf: in.AsOf})
	ladders := map[string][]string{}
	for _, b := range in.Program.Norms().Conduct.Behaviors {
		ladders[b.Name] = b.Ladder
	}
	want := map[string]bool{}
	for _, st := range cr.Standing {
		if st.Count < 1 {
			continue
		}
		// The starter norms repeat the last step past a ladder's end.
		l := ladders[st.Behavior]
		cur := l[min(st.Count, len(l))-1]
		if st.Next != cur || len(st.NextRules) > 0 {
			want[st.StudentID+"/"+st.Behavior] = true
		}
	}
	got := map[string]bool{}
	for _, n := range rep.Conduct.Near {
		got[n.StudentID+"/"+n.Behavior] = true
		if n.Current == "" {
			t.Errorf("%s: no last consequence", n.StudentID)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("near: got %v, want %v", got, want)
	}
	if len(want) == 0 {
		t.Error("the sample log has no student near a step; the test checks nothing")
	}
}

func TestSectionsDisagree(t *testing.T) {
	in := starterInput(t, false)
	other := *in.Sections[1].Book
	other.Assignments = append([]engine.Assignment(nil), other.Assignments...)
	other.Assignments[0].Name = "HW 1 (redo)"
	other.Assignments[1].Category = "Homework"
	in.Sections[1].Book = &other
	_, ds := report.Build(in)
	if !ds.HasErrors() {
		t.Fatal("books with different assignments were accepted")
	}
	msg := ds.Error()
	for _, want := range []string{"period1.csv and period2.csv disagree", `"HW 1 (redo)" is in period2.csv only`, `"HW 1" is in period1.csv only`, `"Quiz 1" is Quizzes in period1.csv but Homework in period2.csv`} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q lacks %q", msg, want)
		}
	}
}

// escape is html/template's escaping of text, to find text in the page.
func escape(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		case '+':
			b.WriteString("&#43;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// schoolInput is the benchmark's team: 10 sections of 30 students and 40
// assignments, and a school year's incident log for its 300 students,
// generated from a fixed seed as the CSV files teachers export, so every
// run reads the same data.
func schoolInput(tb testing.TB) (report.Input, [][]byte, []byte) {
	tb.Helper()
	r := rand.New(rand.NewPCG(7, 2026))
	cats := []string{"Homework", "Quizzes", "Tests"}
	var books [][]byte
	for s := range 10 {
		var b strings.Builder
		b.WriteString("Student,ID")
		for a := range 40 {
			fmt.Fprintf(&b, ",A%d", a+1)
		}
		b.WriteString("\nCategory,")
		for a := range 40 {
			b.WriteString("," + cats[a%3])
		}
		b.WriteString("\nPoints Possible,")
		for a := range 40 {
			fmt.Fprintf(&b, ",%d", []int{10, 20, 100}[a%3])
		}
		b.WriteString("\n")
		for st := range 30 {
			fmt.Fprintf(&b, "Student %d-%d,%d", s+1, st+1, 10000+s*100+st)
			for a := range 40 {
				possible := []int{10, 20, 100}[a%3]
				switch x := r.IntN(100); {
				case x < 4:
					b.WriteString(",M")
				case x < 6:
					b.WriteString(",EX")
				case x < 8:
					b.WriteString(",")
				case x < 12:
					fmt.Fprintf(&b, ",%d late %d", possible/2+r.IntN(possible/2+1), 1+r.IntN(4))
				default:
					fmt.Fprintf(&b, ",%d", possible/3+r.IntN(possible-possible/3+1))
				}
			}
			b.WriteString("\n")
		}
		books = append(books, []byte(b.String()))
	}
	var lg strings.Builder
	lg.WriteString("date,time,student_id,student_name,behavior,teacher,note\n")
	start := time.Date(2026, 8, 24, 0, 0, 0, 0, time.UTC)
	behaviors := []string{"Tardy", "late", "Phone", "cell phone", "Disrespect"}
	for day := range 270 {
		d := start.AddDate(0, 0, day)
		if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
			continue
		}
		for range 30 {
			s, st := r.IntN(10), r.IntN(30)
			fmt.Fprintf(&lg, "%s,%d:%02d,%d,Student %d-%d,%s,T%d,\n", d.Format(time.DateOnly), 8+r.IntN(7), r.IntN(60),
				10000+s*100+st, s+1, st+1, behaviors[r.IntN(len(behaviors))], s)
		}
	}
	prog, ds := engine.Check("norms.yaml", starter.NormsYAML)
	if ds.HasErrors() {
		tb.Fatal(ds)
	}
	in := report.Input{Program: prog, NormsName: "norms.yaml", NormsText: starter.NormsYAML, Words: prog.Norms().InWords(),
		LogName: "incidents.csv", AsOf: "2027-05-28", Date: "2027-05-28"}
	return in, books, []byte(lg.String())
}

// buildSchool reads the books and the log and writes the report, as norms
// report does after reading the files.
func buildSchool(tb testing.TB, in report.Input, books [][]byte, logText []byte) []byte {
	in.Sections = nil
	for i, text := range books {
		name := fmt.Sprintf("section%02d.csv", i+1)
		book, ds := engine.ReadGradebookCSV(name, text)
		if ds.HasErrors() {
			tb.Fatal(ds)
		}
		in.Sections = append(in.Sections, report.Section{Name: name, File: name, Book: book})
	}
	log, ds := engine.ReadIncidentsCSV("incidents.csv", logText, in.Program.DateFormat())
	if ds.HasErrors() {
		tb.Fatal(ds)
	}
	in.Log = log
	rep, ds := report.Build(in)
	if ds.HasErrors() {
		tb.Fatal(ds)
	}
	page, err := rep.HTML()
	if err != nil {
		tb.Fatal(err)
	}
	return page
}

// BenchmarkSchoolReport is the report of 10 gradebooks of 30 students x 40
// assignments and a year's incident log (5,820 incidents): reading
// the CSV, grading, conduct and the HTML. Goal: under 1 s.
func BenchmarkSchoolReport(b *testing.B) {
	in, books, logText := schoolInput(b)
	var size int
	for b.Loop() {
		size = len(buildSchool(b, in, books, logText))
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/report")
	b.ReportMetric(float64(size)/1024, "KiB/page")
}

// TestSchoolReportUnderASecond keeps the benchmark's goal: the school's
// report builds in under a second (the best of three runs, so one pause of
// a shared machine does not fail it).
func TestSchoolReportUnderASecond(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	in, books, logText := schoolInput(t)
	best := time.Hour
	for range 3 {
		t0 := time.Now()
		page := buildSchool(t, in, books, logText)
		best = min(best, time.Since(t0))
		if !bytes.Contains(page, []byte("Student 10-30")) {
			t.Fatal("the last section's last student is missing from the page")
		}
	}
	t.Logf("the report of 10 sections x 30 students x 40 assignments and a year's log builds in %v", best)
	if best > time.Second {
		t.Errorf("the school report took %v, goal < 1 s", best)
	}
}
