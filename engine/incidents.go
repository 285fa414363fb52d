package engine

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// IncidentLog is a conduct log: the data Program.Conduct works on. Rows may
// be in any order and come from several teachers; Conduct orders them. The
// readers (ReadIncidentsCSV, ReadIncidentsJSON) produce this form, with
// positions kept for diagnostics.
type IncidentLog struct {
	Incidents []Incident `json:"incidents"`

	// file names the source in diagnostics.
	file string
}

// Incident is one row of a conduct log.
type Incident struct {
	// Row is the 1-based position of the incident in the log, set by the
	// readers (0 means its index plus one).
	Row int `json:"-"`
	// Date is YYYY-MM-DD once read; Conduct also reads the other forms
	// ParseIncidentDate accepts, for logs built by code.
	Date string `json:"date"`
	// Time is HH:MM (or HH:MM:SS), or empty when not given.
	Time        string `json:"time,omitempty"`
	StudentID   string `json:"student_id,omitempty"`
	StudentName string `json:"student_name,omitempty"`
	// Behavior as written; Conduct matches it to a behavior's name or
	// alias.
	Behavior string `json:"behavior"`
	Teacher  string `json:"teacher,omitempty"`
	Note     string `json:"note,omitempty"`

	at incidentPos
}

// incidentPos remembers where an incident's values are in its file.
type incidentPos struct {
	row, date, time, behavior Pos
}

// ParseIncidentDate reads a date as teachers type it (2026-09-03;
// 9/3/2026 under date format "mdy", 3/9/2026 under "dmy"; an Excel date
// number such as 46268) and returns it as YYYY-MM-DD.
func ParseIncidentDate(text, dateFormat string) (string, error) {
	day, _, err := parseIncidentDate(text, dateFormat)
	if err != nil {
		return "", err
	}
	return isoDate(day), nil
}

// maxLogBytes bounds an incident log read from text: a large district's
// year is about 500,000 incidents, some 60 MB of CSV.
const maxLogBytes = 128 << 20

// incidentColumns are the columns of a log, in the documented order, with
// the other headings accepted for each (compared after foldHeading).
var incidentColumns = []struct {
	name     string
	synonyms []string
}{
	{"date", []string{"day", "incident_date"}},
	{"time", []string{"incident_time"}},
	{"student_id", []string{"id", "studentid", "student_number"}},
	{"student_name", []string{"student", "name", "studentname"}},
	{"behavior", []string{"behaviour", "incident"}},
	{"teacher", []string{"staff", "reported_by"}},
	{"note", []string{"notes", "comment", "comments"}},
}

const (
	colDate = iota
	colTime
	colID
	colName
	colBehavior
	colTeacher
	colNote
	numCols
)

// foldHeading makes "Student ID", "student-id" and "STUDENT_ID" alike.
func foldHeading(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }), "_")
}

func columnOf(heading string) int {
	h := foldHeading(heading)
	for i, c := range incidentColumns {
		if h == c.name {
			return i
		}
		for _, s := range c.synonyms {
			if h == s {
				return i
			}
		}
	}
	return -1
}

func columnNames() []string {
	out := make([]string, len(incidentColumns))
	for i, c := range incidentColumns {
		out[i] = c.name
	}
	return out
}

// incidentDiag is an error about an incident log at pos.
func incidentDiag(file string, pos Pos, path, code, format string, args ...any) Diagnostic {
	return Diagnostic{Code: code, Severity: Error, File: file, Pos: pos, Path: path, Message: fmt.Sprintf(format, args...)}
}

// logReader builds incidents from cells, whatever the format, so that CSV
// and JSON logs are checked alike.
type logReader struct {
	file   string
	format string
	log    *IncidentLog
	ds     Diagnostics
}

func newLogReader(file, dateFormat string) (*logReader, bool) {
	r := &logReader{file: file, format: dateFormat, log: &IncidentLog{file: file, Incidents: []Incident{}}}
	if dateFormat == "" {
		r.format = dateMDY
	}
	if r.format != dateMDY && r.format != dateDMY {
		r.ds = append(r.ds, incidentDiag(file, Pos{}, "", "incidents/date-format", "date format %q is not one of mdy, dmy", dateFormat))
		return r, false
	}
	return r, true
}

// add checks one incident's cells and appends it. cells and pos are
// indexed by the col constants; row is where the incident starts.
func (r *logReader) add(cells *[numCols]string, pos *[numCols]Pos, row Pos) {
	k := len(r.log.Incidents)
	path := fmt.Sprintf("incidents[%d]", k)
	inc := Incident{
		Row: k + 1, StudentID: strings.TrimSpace(cells[colID]), StudentName: strings.TrimSpace(cells[colName]),
		Behavior: strings.TrimSpace(cells[colBehavior]), Teacher: strings.TrimSpace(cells[colTeacher]), Note: strings.TrimSpace(cells[colNote]),
		at: incidentPos{row: row, date: pos[colDate], time: pos[colTime], behavior: pos[colBehavior]},
	}
	ok := true
	day, sec, err := parseIncidentDate(cells[colDate], r.format)
	if err != nil {
		r.ds = append(r.ds, incidentDiag(r.file, pos[colDate], path+".date", "incidents/date", "row %d: %v", k+1, err))
		ok = false
	}
	if t := strings.TrimSpace(cells[colTime]); t != "" {
		if sec, err = parseIncidentTime(t); err != nil {
			r.ds = append(r.ds, incidentDiag(r.file, pos[colTime], path+".time", "incidents/time", "row %d: %v", k+1, err))
			ok = false
		}
	}
	if inc.StudentID == "" && inc.StudentName == "" {
		r.ds = append(r.ds, incidentDiag(r.file, row, path+".student_id", "incidents/no-student", "row %d has no student ID and no student name; give at least one", k+1))
		ok = false
	}
	if inc.Behavior == "" {
		r.ds = append(r.ds, incidentDiag(r.file, pos[colBehavior], path+".behavior", "incidents/no-behavior", "row %d has no behavior", k+1))
		ok = false
	}
	if ok {
		inc.Date, inc.Time = isoDate(day), clockText(sec)
	}
	// The incident is kept even when wrong, so that row numbers stay those
	// of the file; the log is not returned when there are errors anyway.
	r.log.Incidents = append(r.log.Incidents, inc)
}

func (r *logReader) done() (*IncidentLog, Diagnostics) {
	ds := r.ds.sortAndCap()
	if ds.HasErrors() {
		return nil, ds
	}
	return r.log, ds
}

// ReadIncidentsCSV reads a conduct log in CSV: a header row naming the
// columns (date, time, student_id, student_name, behavior, teacher, note;
// case-insensitive, with id, student and name accepted too; date, behavior
// and a student column are required) and one incident per row. Commas,
// semicolons or tabs separate the cells, whichever the header uses. Dates
// are read as calendar.date_format says (dateFormat "mdy" or "dmy", ""
// meaning mdy; see Program.DateFormat). An empty log is not an error. file
// only names the source in diagnostics.
func ReadIncidentsCSV(file string, data []byte, dateFormat string) (*IncidentLog, Diagnostics) {
	r, ok := newLogReader(file, dateFormat)
	if !ok {
		return r.done()
	}
	if len(data) > maxLogBytes {
		r.ds = append(r.ds, incidentDiag(file, Pos{}, "", "incidents/too-large", "the log is %d bytes; the limit is %d", len(data), maxLogBytes))
		return r.done()
	}
	if utf16Text(data) {
		r.ds = append(r.ds, incidentDiag(file, Pos{Line: 1, Column: 1}, "", "incidents/syntax", utf16Advice))
		return r.done()
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // Excel's UTF-8 byte order mark
	if len(bytes.TrimSpace(data)) == 0 {
		return r.done()
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = csvSeparator(data)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	csvErr := func(err error) {
		var pe *csv.ParseError
		pos := Pos{}
		msg := err.Error()
		if errors.As(err, &pe) {
			pos = Pos{Line: pe.Line, Column: pe.Column}
			msg = pe.Err.Error()
			if line, col, _, ok := unclosedQuote(data, pe, byte(cr.Comma)); ok {
				r.ds = append(r.ds, incidentDiag(file, Pos{Line: line, Column: col}, "", "incidents/syntax",
					`this is not valid CSV: the quoted cell that starts here is never closed; add the closing " or, inside a quoted cell, write each " as ""`))
				return
			}
			if errors.Is(pe.Err, csv.ErrBareQuote) || errors.Is(pe.Err, csv.ErrQuote) {
				msg += ` (a cell containing " must be in quotes, with each " inside doubled: "He said ""no""")`
			}
		}
		r.ds = append(r.ds, incidentDiag(file, pos, "", "incidents/syntax", "this is not valid CSV: %s", msg))
	}
	header, err := cr.Read()
	if err != nil {
		csvErr(err)
		return r.done()
	}
	cols := make([]int, len(header))
	var where [numCols]int
	for i := range where {
		where[i] = -1
	}
	for i, h := range header {
		line, col := cr.FieldPos(i)
		cols[i] = columnOf(h)
		switch {
		case strings.TrimSpace(h) == "":
			cols[i] = -1
		case cols[i] < 0:
			d := incidentDiag(file, Pos{Line: line, Column: col}, "", "incidents/unknown-column",
				"column %q is not used%s; the columns read are: %s", h, didYouMean(h, columnNames()), strings.Join(columnNames(), ", "))
			d.Severity = Warning
			r.ds = append(r.ds, d)
		case where[cols[i]] >= 0:
			r.ds = append(r.ds, incidentDiag(file, Pos{Line: line, Column: col}, "", "incidents/duplicate-column",
				"column %q is given twice (as %q and %q); keep one", incidentColumns[cols[i]].name, header[where[cols[i]]], h))
			cols[i] = -1
		default:
			where[cols[i]] = i
		}
	}
	header = append([]string(nil), header...) // ReuseRecord reuses it
	var missing []string
	if where[colDate] < 0 {
		missing = append(missing, "date")
	}
	if where[colBehavior] < 0 {
		missing = append(missing, "behavior")
	}
	if where[colID] < 0 && where[colName] < 0 {
		missing = append(missing, "student_id or student_name")
	}
	if len(missing) > 0 {
		// Without the columns that matter, warnings about the others (often
		// a data row taken for a header) would only bury this one.
		r.ds = Diagnostics{incidentDiag(file, Pos{Line: 1, Column: 1}, "", "incidents/header",
			"the first row must name the columns, and it names none for: %s (it has: %s); write a header such as date,time,student_id,student_name,behavior,teacher,note",
			strings.Join(missing, ", "), strings.Join(header, ", "))}
		return r.done()
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			csvErr(err)
			return r.done()
		}
		blank := true
		for _, c := range rec {
			blank = blank && strings.TrimSpace(c) == ""
		}
		if blank {
			continue
		}
		var cells [numCols]string
		var pos [numCols]Pos
		line, _ := cr.FieldPos(0)
		for c, i := range where {
			if i < 0 {
				continue
			}
			if i < len(rec) {
				cells[c] = rec[i]
				l, col := cr.FieldPos(i)
				pos[c] = Pos{Line: l, Column: col}
			} else {
				pos[c] = Pos{Line: line, Column: 1}
			}
		}
		r.add(&cells, &pos, Pos{Line: line, Column: 1})
	}
	return r.done()
}

// csvSeparator guesses the separator from the header line: Excel in many
// European locales writes semicolons, and some tools write tabs.
func csvSeparator(data []byte) rune {
	line := data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		line = data[:i]
	}
	best, bestN := ',', bytes.Count(line, []byte{','})
	for _, sep := range []rune{';', '\t'} {
		if n := bytes.Count(line, []byte{byte(sep)}); n > bestN {
			best, bestN = sep, n
		}
	}
	return best
}

// ReadIncidentsJSON reads a conduct log in JSON: {"incidents": [...]} or a
// bare array, each incident an object with the keys date, time,
// student_id, student_name, behavior, teacher, note (the CSV headings and
// their synonyms are accepted too). Values are text; numbers are accepted
// for student_id and for date (an Excel date number). Dates are read as
// dateFormat says, as for ReadIncidentsCSV. An empty log is not an error.
func ReadIncidentsJSON(file string, data []byte, dateFormat string) (*IncidentLog, Diagnostics) {
	r, ok := newLogReader(file, dateFormat)
	if !ok {
		return r.done()
	}
	if len(data) > maxLogBytes {
		r.ds = append(r.ds, incidentDiag(file, Pos{}, "", "incidents/too-large", "the log is %d bytes; the limit is %d", len(data), maxLogBytes))
		return r.done()
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return r.done()
	}
	j := &jsonLog{r: r, data: data, dec: json.NewDecoder(bytes.NewReader(data))}
	j.dec.UseNumber()
	if err := j.read(); err != nil {
		j.syntax(err)
	}
	return r.done()
}

// jsonLog reads a log with encoding/json's token stream, which (unlike
// Unmarshal) lets every value be traced back to its line and column.
type jsonLog struct {
	r    *logReader
	data []byte
	dec  *json.Decoder
}

// errJSONReported stops reading after a problem already reported.
var errJSONReported = errors.New("reported")

// next returns the next token and the position where it starts.
func (j *jsonLog) next() (json.Token, Pos, error) {
	off := int(j.dec.InputOffset())
	for off < len(j.data) && strings.IndexByte(" \t\r\n,:", j.data[off]) >= 0 {
		off++
	}
	t, err := j.dec.Token()
	return t, offsetPos(j.data, off), err
}

func (j *jsonLog) errorf(pos Pos, path, format string, args ...any) error {
	j.r.ds = append(j.r.ds, incidentDiag(j.r.file, pos, path, "incidents/json", format, args...))
	return errJSONReported
}

func (j *jsonLog) syntax(err error) {
	if err == errJSONReported {
		return
	}
	pos := Pos{}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// Decoder.Token reports some errors at the wrong byte and others
		// past it: the position and message are those of the first
		// syntax error encoding/json's scanner finds, whose Offset counts
		// the bytes read, the wrong one included.
		pos = offsetPos(j.data, int(se.Offset))
		dec := json.NewDecoder(bytes.NewReader(j.data))
		for {
			var raw json.RawMessage
			e := dec.Decode(&raw)
			if e == nil {
				continue
			}
			var first *json.SyntaxError
			if errors.As(e, &first) {
				pos, err = offsetPos(j.data, int(first.Offset)-1), first
			}
			break
		}
	} else if err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF) {
		pos = offsetPos(j.data, len(j.data))
		err = errors.New("the text ends too early (a missing ] or })")
	}
	j.r.ds = append(j.r.ds, incidentDiag(j.r.file, pos, "", "incidents/syntax", "this is not a log in the documented JSON form: %s", strings.TrimPrefix(err.Error(), "json: ")))
}

func (j *jsonLog) read() error {
	t, pos, err := j.next()
	if err != nil {
		return err
	}
	switch t {
	case json.Delim('['):
		if err := j.incidents(); err != nil {
			return err
		}
	case json.Delim('{'):
		found := false
		for j.dec.More() {
			kt, kpos, err := j.next()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			if key != "incidents" {
				return j.errorf(kpos, key, "unknown key %q%s; a log is {\"incidents\": [...]}", key, didYouMean(key, []string{"incidents"}))
			}
			if found {
				return j.errorf(kpos, key, "\"incidents\" appears twice; keep one")
			}
			found = true
			vt, vpos, err := j.next()
			if err != nil {
				return err
			}
			if vt == nil {
				continue // "incidents": null is an empty log
			}
			if vt != json.Delim('[') {
				return j.errorf(vpos, "incidents", "\"incidents\" must be a list [...] of incidents")
			}
			if err := j.incidents(); err != nil {
				return err
			}
		}
		if _, _, err := j.next(); err != nil { // the closing }
			return err
		}
	default:
		return j.errorf(pos, "", "a log is {\"incidents\": [...]} or a list [...] of incidents")
	}
	if _, tpos, err := j.next(); err != io.EOF {
		if err != nil {
			return err
		}
		return j.errorf(tpos, "", "unexpected text after the log")
	}
	return nil
}

// incidents reads the incidents of a list whose [ has been read, and its ].
func (j *jsonLog) incidents() error {
	for j.dec.More() {
		path := fmt.Sprintf("incidents[%d]", len(j.r.log.Incidents))
		t, pos, err := j.next()
		if err != nil {
			return err
		}
		if t != json.Delim('{') {
			return j.errorf(pos, path, "each incident must be an object such as {\"date\": \"2026-09-03\", \"student_id\": \"S1\", \"behavior\": \"Tardy\"}")
		}
		var cells [numCols]string
		var at [numCols]Pos
		var given [numCols]bool
		for j.dec.More() {
			kt, kpos, err := j.next()
			if err != nil {
				return err
			}
			key, _ := kt.(string)
			col := columnOf(key)
			if col < 0 {
				return j.errorf(kpos, path+"."+key, "unknown key %q%s; an incident's keys are: %s", key, didYouMean(key, columnNames()), strings.Join(columnNames(), ", "))
			}
			if given[col] {
				return j.errorf(kpos, path+"."+key, "%q is given twice in this incident (as %s); keep one", incidentColumns[col].name, key)
			}
			given[col] = true
			vt, vpos, err := j.next()
			if err != nil {
				return err
			}
			at[col] = vpos
			switch v := vt.(type) {
			case string:
				cells[col] = v
			case json.Number:
				if col != colDate && col != colID && col != colName {
					return j.errorf(vpos, path+"."+key, "%s must be text in quotes, got the number %s", key, v)
				}
				cells[col] = v.String()
			case nil:
			default:
				return j.errorf(vpos, path+"."+key, "%s must be text in quotes, got %v", key, jsonKind(vt))
			}
		}
		if _, _, err := j.next(); err != nil { // the closing }
			return err
		}
		j.r.add(&cells, &at, pos)
	}
	_, _, err := j.next() // the closing ]
	return err
}

func jsonKind(t json.Token) string {
	switch t {
	case json.Delim('{'):
		return "an object"
	case json.Delim('['):
		return "a list"
	}
	return fmt.Sprint(t)
}
