package xlsx

import (
	"bytes"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/teamnorms/norms/engine"
)

// Conduct in workbooks: an Incidents sheet is a conduct log, read by the
// engine's own CSV reader so that its columns, synonyms and checks are
// exactly those of an incidents.csv. The sheet's rows are turned into CSV
// text (every field quoted, so each field's line and column in the text
// are known) and the engine's diagnostics are mapped back to the cells
// they are about: Incidents!A7, not line 7 of a file nobody has.

// incidentsSheet is the name of the sheet read as a conduct log (any case).
const incidentsSheet = "Incidents"

// The result columns fill writes beside each incident.
const (
	occurrenceHead  = resultPrefix + "#"
	consequenceHead = resultPrefix + "Consequence"
)

// Headings of the date and time columns, folded as the engine folds them
// (the engine reads the rest): their Excel date and time numbers are
// turned into the text the engine reads.
var (
	dateHeadings = []string{"date", "day", "incident_date"}
	timeHeadings = []string{"time", "incident_time"}
)

// IncidentSheet is a workbook's Incidents sheet read as a conduct log.
type IncidentSheet struct {
	// Name is the sheet's name.
	Name string
	// Log is the incident log, as engine.ReadIncidentsCSV gives it.
	Log *engine.IncidentLog
	// HeaderRow is the row of column names (1-based).
	HeaderRow int
	// Rows[k] is the sheet row of Log.Incidents[k].
	Rows []int

	file string
	// lastCol is the last column that is not a Norms result column;
	// resultCols are the result columns already in the sheet, by header.
	lastCol    int
	resultCols map[string]int
	lastRow    int
	// rowCount is the number of the sheet's last row with a value (what
	// excelize's GetRows gives): fill empties old results down to it.
	rowCount int
	// scan and cannot are what reading the sheet's XML found for the
	// streaming fill path (stream.go): its merged ranges and shared
	// formulas, and why it cannot rewrite the sheet (nil when it can).
	scan   *sheetScan
	cannot error
	// fields are where each cell's field starts in the CSV text, in
	// order, to map diagnostics back to cells.
	fields []csvField
}

type csvField struct {
	line, col int // in the CSV text
	row, cell int // in the sheet
}

// ReadIncidents reads the Incidents sheet of a workbook as a conduct log.
// Dates are read as dateFormat says (engine.Program.DateFormat); Excel
// date and time cells work as typed. Diagnostics name the workbook and the
// cell.
func ReadIncidents(file string, data []byte, dateFormat string, opts Options) (*IncidentSheet, engine.Diagnostics) {
	fail := func(code, format string, args ...any) (*IncidentSheet, engine.Diagnostics) {
		return nil, engine.Diagnostics{{Code: code, Severity: engine.Error, File: file, Message: fmt.Sprintf(format, args...)}}
	}
	w, ds := openWorkbook(file, data, opts, "an incident log")
	if w == nil {
		return nil, ds
	}
	name := findIncidentsSheet(w.pkg.names)
	if name == "" {
		return fail("xlsx/no-incidents", "the workbook has no sheet named Incidents; conduct reads the incident log from a sheet named Incidents whose first row names the columns (date, time, student_id, student_name, behavior, teacher, note)")
	}
	return w.readIncidentSheet(name, dateFormat)
}

// findIncidentsSheet returns the name of the workbook's Incidents sheet
// (any case), or "".
func findIncidentsSheet(names []string) string {
	for _, name := range names {
		if strings.EqualFold(strings.TrimSpace(name), incidentsSheet) {
			return name
		}
	}
	return ""
}

func foldHead(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }), "_")
}

func oneOfHeads(h string, heads []string) bool {
	for _, x := range heads {
		if foldHead(h) == x {
			return true
		}
	}
	return false
}

func (w *Workbook) readIncidentSheet(name, dateFormat string) (*IncidentSheet, engine.Diagnostics) {
	file := w.File
	is := &IncidentSheet{Name: name, file: file, resultCols: map[string]int{}}
	// Raw values: a date cell is its serial number (46268), not the text
	// of whatever format it is shown in.
	rd, err := w.readPart(name, false, nil)
	if err != nil {
		return nil, engine.Diagnostics{{Code: "xlsx/format", Severity: engine.Error, File: file, Path: quoteSheet(name),
			Message: fmt.Sprintf("%s: cannot read the sheet: %v", quoteSheet(name), err)}}
	}
	// A damaged cell is refused here as in a gradebook: an incident must
	// not lose its student or behavior to a blank.
	if ds := w.checkCells(&grid{sheet: name, rows: rd.rows}, rd.scan); ds != nil {
		return nil, ds
	}
	// The rows up to the last one with a cell, as excelize's GetRows
	// gives them.
	rows := rd.rows
	for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
		rows = rows[:len(rows)-1]
	}
	is.rowCount, is.scan, is.cannot = len(rows), rd.scan, rd.cannot
	// The header is the first row with anything in it.
	h := 0
	for h < len(rows) && rowEmpty(rows[h]) {
		h++
	}
	if h == len(rows) {
		is.Log, _ = engine.ReadIncidentsCSV(file, nil, dateFormat)
		is.HeaderRow = 1
		return is, nil
	}
	is.HeaderRow = h + 1
	header := rows[h]
	dateCol, timeCol := -1, -1
	skip := map[int]bool{}
	for c, v := range header {
		switch {
		case strings.HasPrefix(strings.TrimSpace(v), resultPrefix):
			is.resultCols[strings.TrimSpace(v)] = c + 1
			skip[c] = true
		case oneOfHeads(v, dateHeadings) && dateCol < 0:
			dateCol = c
		case oneOfHeads(v, timeHeadings) && timeCol < 0:
			timeCol = c
		}
		if !skip[c] && strings.TrimSpace(v) != "" {
			is.lastCol = c + 1
		}
	}
	width := is.lastCol
	var text bytes.Buffer
	line := 1
	for r := h; r < len(rows); r++ {
		cells := make([]string, width)
		for c := 0; c < width && c < len(rows[r]); c++ {
			if !skip[c] {
				cells[c] = rows[r][c]
			}
		}
		if r > h {
			cells = excelDates(cells, dateCol, timeCol)
			if !rowEmpty(cells) {
				is.Rows = append(is.Rows, r+1)
				is.lastRow = r + 1
			}
		}
		col := 1
		for c, v := range cells {
			if c > 0 {
				text.WriteByte(',')
				col++
			}
			is.fields = append(is.fields, csvField{line: line, col: col, row: r + 1, cell: c + 1})
			q := `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
			text.WriteString(q)
			// A cell with line breaks (a note typed with Alt+Enter) moves
			// the fields after it to later lines of the text.
			if n := strings.Count(q, "\n"); n > 0 {
				line += n
				col = len(q) - strings.LastIndex(q, "\n")
			} else {
				col += len(q)
			}
		}
		text.WriteByte('\n')
		line++
	}
	log, ds := engine.ReadIncidentsCSV(file, text.Bytes(), dateFormat)
	is.Log = log
	return is, is.Locate(ds)
}

func rowEmpty(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// excelDates turns a row's Excel date and time numbers into the text the
// engine reads: a date with a time of day (46268.5) becomes the day and,
// when the time column is blank, the time; a time number (0.375) becomes
// 09:00.
func excelDates(cells []string, dateCol, timeCol int) []string {
	num := func(c int) (float64, bool) {
		if c < 0 || c >= len(cells) {
			return 0, false
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(cells[c]), 64)
		return v, err == nil && v >= 0 && !math.IsInf(v, 0)
	}
	if v, ok := num(dateCol); ok && v != math.Trunc(v) {
		day := math.Floor(v)
		cells[dateCol] = strconv.FormatFloat(day, 'f', 0, 64)
		if timeCol >= 0 && timeCol < len(cells) && strings.TrimSpace(cells[timeCol]) == "" {
			cells[timeCol] = clockOf(v - day)
		}
	}
	if v, ok := num(timeCol); ok && v < 1 {
		cells[timeCol] = clockOf(v)
	}
	return cells
}

// clockOf is the time of day of a fraction of a day, HH:MM (HH:MM:SS when
// it has seconds), to the nearest second.
func clockOf(frac float64) string {
	s := int(math.Round(frac * 86400))
	if s >= 86400 {
		s = 86399
	}
	if s%60 != 0 {
		return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%02d:%02d", s/3600, s/60%60)
}

// rowMention is the engine's "row N" of a message, which counts incidents,
// not sheet rows: the cell named before the message says where it is.
var rowMention = regexp.MustCompile(`^row \d+(: | )`)

// Locate gives diagnostics about the log (from reading it or from
// engine.Program.Conduct) the workbook's name and the cell they are about,
// such as Incidents!A7, in place of a line of the CSV text.
func (is *IncidentSheet) Locate(ds engine.Diagnostics) engine.Diagnostics {
	out := make(engine.Diagnostics, 0, len(ds))
	for _, d := range ds {
		ref := quoteSheet(is.Name)
		if d.Line > 0 {
			// The last field starting at or before the position.
			k := sort.Search(len(is.fields), func(i int) bool {
				f := is.fields[i]
				return f.line > d.Line || (f.line == d.Line && f.col > d.Column)
			}) - 1
			if k >= 0 {
				ref += "!" + cellName(is.fields[k].cell, is.fields[k].row)
			}
		}
		msg := d.Message
		if m := rowMention.FindStringSubmatch(msg); m != nil {
			msg = strings.TrimPrefix(msg, m[0])
			if m[1] == " " {
				msg = "this incident " + msg
			}
		}
		d.File, d.Pos, d.Path = is.file, engine.Pos{}, ref
		d.Message = ref + ": " + msg
		out = append(out, d)
	}
	return out
}

// conductValues are the two result cells of an incident: its occurrence
// (blank when the norms do not know the behavior) and its consequence,
// then every rule it fired, then its flags.
func conductValues(r *engine.IncidentResult) (occ any, consequence string) {
	if r.Occurrence > 0 {
		occ = r.Occurrence
	}
	parts := []string{}
	if c := r.Consequence; c != "" {
		if r.EscalatedTo != "" {
			c += " (escalated to rule " + r.EscalatedTo + ")"
		}
		parts = append(parts, c)
	}
	for _, f := range r.Rules {
		parts = append(parts, f.Name+": "+f.Consequence)
	}
	for _, f := range r.Flags {
		parts = append(parts, "("+f+")")
	}
	return occ, strings.Join(parts, "; ")
}
