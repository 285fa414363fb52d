package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/teamnorms/norms/engine"
)

// Options configures how workbooks are read.
type Options struct {
	// CategoryMap gives Canvas assignments their categories: Canvas exports
	// no category, so the team says which titles belong where. The first
	// rule whose pattern matches an assignment's title wins, and these
	// rules come before Layout.Categories (the --category-map flag adds to
	// and overrides the norms file). Template gradebooks carry their
	// categories in row 2 and ignore this.
	CategoryMap []CategoryRule
	// Layout is the norms file's gradebook: section. When it says where
	// things are (Structural), it drives the reading of every gradebook
	// sheet; its category rules apply to Canvas exports and to layouts
	// without a category row. The zero value detects the template and
	// Canvas exports.
	Layout engine.GradebookLayout
	// MaxUnzipSize bounds the total uncompressed size of a workbook, so that
	// a small file that inflates to gigabytes (a zip bomb) is refused before
	// it is read. Zero means DefaultMaxUnzipSize.
	MaxUnzipSize int64
	// Progress, when set, is called with 1 for each row of a gradebook
	// sheet that Open reads, then for each row Write writes (Fill, on the
	// excelize path), so a caller can show how far a long fill is. It may
	// be called from another goroutine than the caller's.
	Progress func(rows int)
}

// DefaultMaxUnzipSize is the default bound on a workbook's uncompressed
// size: a district gradebook of 20,000 students x 60 assignments is about
// 60 MB of XML, so 1 GiB leaves room for pictures and many sheets.
const DefaultMaxUnzipSize = 1 << 30

// CategoryRule maps Canvas assignment titles to a category.
type CategoryRule struct {
	// Pattern is a shell pattern (path.Match syntax: * ? [a-z]) matched
	// against the title without Canvas's " (id)", ignoring case.
	Pattern string
	// Category is a category of the norms.
	Category string
}

// ParseCategoryRule reads a rule written pattern=Category, as the
// --category-map flag takes it: "HW*=Homework", "*Quiz*=Quizzes".
func ParseCategoryRule(s string) (CategoryRule, error) {
	pat, cat, ok := strings.Cut(s, "=")
	pat, cat = strings.TrimSpace(pat), strings.TrimSpace(cat)
	if !ok || pat == "" || cat == "" {
		return CategoryRule{}, fmt.Errorf("a category mapping is written PATTERN=CATEGORY, such as 'HW*=Homework', not %q", s)
	}
	if _, err := path.Match(strings.ToLower(pat), ""); err != nil {
		return CategoryRule{}, fmt.Errorf("the pattern %q is not valid (use * for any text, ? for one character)", pat)
	}
	return CategoryRule{Pattern: pat, Category: cat}, nil
}

func (r CategoryRule) match(title string) bool {
	ok, _ := path.Match(strings.ToLower(r.Pattern), strings.ToLower(title))
	return ok
}

// Layout is the shape of a gradebook sheet.
type Layout int

const (
	// Template is the Norms layout: Student, ID, then one column per
	// assignment; row 2 the categories, row 3 the points possible.
	Template Layout = iota
	// Canvas is a Canvas LMS gradebook export.
	Canvas
	// Custom is the layout the norms file's gradebook: section describes.
	Custom
)

func (l Layout) String() string {
	switch l {
	case Canvas:
		return "Canvas export"
	case Custom:
		return "gradebook: layout of the norms"
	}
	return "Norms template"
}

// categoryRules are the rules that give assignments their categories when
// the sheet has none: the command line's first, then the norms file's.
func (o Options) categoryRules() []CategoryRule {
	rules := append([]CategoryRule(nil), o.CategoryMap...)
	for _, m := range o.Layout.Categories {
		rules = append(rules, CategoryRule{Pattern: m.Match, Category: m.Category})
	}
	return rules
}

// Workbook is an open workbook and the gradebook sheets found in it.
type Workbook struct {
	// File names the workbook in diagnostics.
	File string
	// Sheets are the gradebook sheets, in the workbook's order.
	Sheets []*Sheet

	// ex is the workbook opened with excelize, only when the excelize
	// fill path, an uncalculated formula or the template needs it
	// (fill_excelize.go); reading never does.
	ex excelState
	// sst are the shared strings, which every sheet's cells index.
	sst []string
	// styleKind[i] says what number format cell style i has, so a
	// number shown as 90% is read as a percent; nil when no style of the
	// workbook is a percent or a date, which spares a style lookup per cell.
	styleKind []numKind

	// The workbook's bytes, its package structure and what reading each
	// gradebook sheet found besides its values (formulas, styles, merged
	// ranges), for reading and the streaming fill path (stream.go).
	// streamErr says why that path cannot be used (nil when it can); plan
	// is set by Fill.
	data      []byte
	limit     int64
	pkg       *pkg
	scans     map[string]*sheetScan
	streamErr error
	plan      *streamPlan
	// formulas are the formula plans of Sheets (nil entries without
	// --formulas).
	formulas []*formulaPlan
	// incidents is the Incidents sheet and conduct its report, set by
	// Fill when the workbook has one.
	incidents *IncidentSheet
	conduct   *engine.ConductReport
	// progress is Options.Progress.
	progress func(rows int)
}

// Sheet is one gradebook sheet: its gradebook and where each part of it is.
type Sheet struct {
	Name   string
	Layout Layout
	// Book is the sheet's gradebook, as engine.ReadGradebookCSV would give it.
	Book *engine.Gradebook
	// HeaderRow is the row of column names (1-based).
	HeaderRow int
	// StudentRows[i] is the row of Book.Students[i] (1-based).
	StudentRows []int
	// LastDataCol is the last column (1-based) that is not a Norms result
	// column; new result columns go after it.
	LastDataCol int
	// resultCols maps the header of each result column already in the
	// sheet ("Norms: Final") to its column, so filling again replaces them.
	resultCols map[string]int
	// setupRows are the rows between the header and the students
	// (0-based, as in the grid).
	setupRows []int
	// assignCols[j] is the column (1-based) of Book.Assignments[j].
	assignCols []int
	// possibleRow is the sheet row of points possible (1-based), which
	// fill --formulas refers to.
	possibleRow int
	// nameCol and idCol are the columns (0-based) of students' names and
	// IDs: A and B but in a gradebook: layout.
	nameCol, idCol int
}

// numKind is the kind of number format a cell style has.
type numKind uint8

const (
	plainNumber numKind = iota
	percentNumber
	dateNumber
)

// resultPrefix starts the header of every column Norms writes. Columns with
// it are results, never data, so they are found and replaced on every fill.
const resultPrefix = "Norms: "

// Open reads a workbook and finds its gradebook sheets. file only names the
// workbook in diagnostics. The workbook must be closed with Close.
func Open(file string, data []byte, opts Options) (*Workbook, engine.Diagnostics) {
	w, ds := openWorkbook(file, data, opts, "a gradebook")
	if w == nil {
		return nil, ds
	}
	p := w.pkg
	names, sds := w.gradebookSheets(opts.Layout)
	ds = append(ds, sds...)
	for _, name := range names {
		sh, sds := w.readSheet(name, opts)
		ds = append(ds, sds...)
		if sh != nil {
			w.Sheets = append(w.Sheets, sh)
		}
	}
	// A workbook with only an Incidents sheet is a conduct log to fill.
	if len(w.Sheets) == 0 && !ds.HasErrors() && findIncidentsSheet(p.names) == "" {
		ds = append(ds, engine.Diagnostic{Code: "xlsx/no-gradebook", Severity: engine.Error, File: file,
			Message: "no sheet of this workbook is a gradebook: a gradebook sheet has Student in A1 and ID in B1 (or is named Gradebook)"})
	}
	ds = capDiagnostics(ds)
	if ds.HasErrors() {
		return nil, ds
	}
	return w, ds
}

// openWorkbook opens a workbook's package, its shared strings and the
// number formats of its styles, or says in a teacher's words why it
// cannot (what names what the file should be, for a zip bomb).
func openWorkbook(file string, data []byte, opts Options, what string) (*Workbook, engine.Diagnostics) {
	fail := func(code, format string, args ...any) (*Workbook, engine.Diagnostics) {
		return nil, engine.Diagnostics{{Code: code, Severity: engine.Error, File: file, Message: fmt.Sprintf(format, args...)}}
	}
	if err := sniff(data); err != nil {
		return fail("xlsx/format", "%v", err)
	}
	limit := opts.MaxUnzipSize
	if limit <= 0 {
		limit = DefaultMaxUnzipSize
	}
	p, err := openPackage(data, limit)
	if err != nil {
		if errors.Is(err, errTooBig) {
			return fail("xlsx/too-big", "the workbook unpacks to more than %d MB; is it really %s?", limit>>20, what)
		}
		return fail("xlsx/format", "this is not a workbook Norms can read: %v; open it in Excel and save it again as .xlsx", err)
	}
	w := &Workbook{File: file, data: data, limit: limit, pkg: p, scans: map[string]*sheetScan{}, progress: opts.Progress, streamErr: p.streamErr}
	if w.styleKind, err = p.styleKinds(); err == nil {
		w.sst, err = p.sharedStrings()
	}
	if err != nil {
		return fail("xlsx/format", "this is not a workbook Norms can read: %v; open it in Excel and save it again as .xlsx", err)
	}
	return w, nil
}

// Close releases the workbook's temporary files (excelize's, when a fill
// went through it).
func (w *Workbook) Close() error { return w.closeExcel() }

// sniff says, in a teacher's words, why bytes that are not an .xlsx file
// cannot be read, before the zip reader gives a less helpful error.
func sniff(data []byte) error {
	switch {
	case len(data) == 0:
		return errors.New("the file is empty")
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		// An OLE compound file: either an encrypted .xlsx (Excel wraps a
		// password-protected workbook in one, with an EncryptionInfo
		// stream) or an old .xls workbook.
		if bytes.Contains(data, utf16le("EncryptionInfo")) {
			return errors.New("the workbook is password-protected; open it in Excel, remove the password (File > Info > Protect Workbook) and save it again")
		}
		return errors.New("this is an old Excel 97-2003 (.xls) workbook; open it in Excel and save it as .xlsx")
	case !bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return errors.New("this is not an .xlsx workbook (an .xlsx file is a zip archive); save the spreadsheet as Excel Workbook (.xlsx), or as CSV and grade that")
	}
	return nil
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, c := range []byte(s) {
		b = append(b, c, 0)
	}
	return b
}

// numFmtKind classifies a number format: built-in formats 9 and 10 are
// 0% and 0.00%, 14-22 and 45-47 are dates and times (ECMA-376 18.8.30).
func numFmtKind(id int, custom *string) numKind {
	if custom != nil {
		return customFmtKind(*custom)
	}
	switch {
	case id == 9 || id == 10:
		return percentNumber
	case 14 <= id && id <= 22, 45 <= id && id <= 47, 27 <= id && id <= 36, 50 <= id && id <= 58:
		return dateNumber
	}
	return plainNumber
}

// customFmtKind classifies a custom format by its codes outside quotes and
// brackets: % makes a percent, y, d or m (not in [Red]) a date.
func customFmtKind(code string) numKind {
	inQuote, inBracket := false, false
	date := false
	for i := 0; i < len(code); i++ {
		c := code[i]
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is literal (or padding)
		case c == '[':
			inBracket = true
		case c == ']':
			inBracket = false
		case inBracket:
		case c == '%':
			return percentNumber
		case c == 'y' || c == 'Y' || c == 'd' || c == 'D' || c == 'm' || c == 'M':
			date = true
		}
	}
	if date {
		return dateNumber
	}
	return plainNumber
}

// gradebookSheets lists the sheets to read as gradebooks: those the
// layout's sheet pattern names, or those isGradebookSheet finds; with a
// layout that moves the header (where A1 and B1 say nothing), the first
// sheet that is not one Norms writes.
func (w *Workbook) gradebookSheets(l engine.GradebookLayout) ([]string, engine.Diagnostics) {
	all := w.pkg.names
	var out []string
	if l.Sheet != "" {
		pat := strings.ToLower(strings.TrimSpace(l.Sheet))
		for _, name := range all {
			if ok, _ := path.Match(pat, strings.ToLower(strings.TrimSpace(name))); ok && name != normsSheet && name != explainSheet {
				out = append(out, name)
			}
		}
		if len(out) == 0 {
			return nil, engine.Diagnostics{{Code: "xlsx/no-gradebook", Severity: engine.Error, File: w.File, Path: "gradebook.sheet",
				Message: fmt.Sprintf("gradebook.sheet is %q, but the workbook has no sheet of that name (its sheets: %s)", l.Sheet, strings.Join(all, ", "))}}
		}
		return out, nil
	}
	for _, name := range all {
		if w.isGradebookSheet(name) {
			out = append(out, name)
		}
	}
	if len(out) == 0 && l.Structural() {
		for _, name := range all {
			if name != normsSheet && name != explainSheet && !strings.EqualFold(strings.TrimSpace(name), incidentsSheet) {
				return []string{name}, nil
			}
		}
	}
	return out, nil
}

// isGradebookSheet reports whether a sheet holds a gradebook: Student in A1
// and ID in B1 (the template and Canvas alike), or a name starting with
// Gradebook. The Norms and Explain sheets that fill writes are never
// gradebooks.
func (w *Workbook) isGradebookSheet(name string) bool {
	if name == normsSheet || name == explainSheet {
		return false
	}
	if strings.HasPrefix(strings.ToLower(name), "gradebook") {
		return true
	}
	// Only the first row is read: a sheet that is not a gradebook may be
	// big, and is never inflated whole.
	rd, err := w.readPart(name, true, nil)
	if err != nil || len(rd.rows) == 0 {
		return false
	}
	var a1, b1 string
	if cells := rd.rows[0]; len(cells) > 0 {
		a1 = cells[0]
		if len(cells) > 1 {
			b1 = cells[1]
		}
	}
	return strings.EqualFold(strings.TrimSpace(a1), "student") && strings.EqualFold(strings.TrimSpace(b1), "id")
}

// grid is a sheet's cells as text, row-major and 0-based, and what could
// not be read as text (a score Excel turned into a date).
type grid struct {
	sheet string // "" for a CSV file
	rows  [][]string
	bad   map[[2]int]string
}

func (g *grid) cell(r, c int) string {
	if r < len(g.rows) && c < len(g.rows[r]) {
		return g.rows[r][c]
	}
	return ""
}

// ref names a 0-based cell: "Gradebook!D7", or "D7" in a CSV file.
func (g *grid) ref(r, c int) string {
	name := cellName(c+1, r+1)
	if g.sheet == "" {
		return name
	}
	return quoteSheet(g.sheet) + "!" + name
}

// quoteSheet quotes a sheet name the way Excel does in a reference when it
// has spaces or punctuation: 'Period 1'!C4.
func quoteSheet(s string) string {
	for _, c := range s {
		if !(c == '_' || c == '.' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return "'" + strings.ReplaceAll(s, "'", "''") + "'"
		}
	}
	return s
}

// readSheet reads one gradebook sheet into a grid, then parses it.
func (w *Workbook) readSheet(name string, opts Options) (*Sheet, engine.Diagnostics) {
	// One pass over the sheet's XML gives the raw stored values (a score
	// of 9.5 in a column formatted "0" is 9.5, not 10), hidden rows and
	// columns like any other (a hidden row is still a student), and the
	// formulas, styles and merged ranges that reading and filling need.
	rd, err := w.readPart(name, false, w.progress)
	if err != nil {
		return nil, engine.Diagnostics{w.diag("xlsx/format", quoteSheet(name), "the sheet cannot be read: %v", err)}
	}
	w.scans[name] = rd.scan
	if w.streamErr == nil && rd.cannot != nil {
		w.streamErr = rd.cannot
	}
	g := &grid{sheet: name, rows: rd.rows, bad: map[[2]int]string{}}
	if ds := w.checkCells(g, rd.scan); ds != nil {
		return nil, ds
	}
	sh, ds := parseGrid(w.File, g, opts, w)
	if sh != nil {
		sh.Name = name
	}
	return sh, ds
}

// checkCells refuses a sheet whose cells refer to shared strings the
// workbook does not have (a damaged workbook: the cell's text is lost,
// and reading it as blank would change a grade), one error per cell, and
// gives boolean cells the text Excel shows, TRUE or FALSE, not their raw
// 1 or 0, so that a score, points possible or extra credit cell reads as
// the teacher sees it (TRUE is not a score; it is not 1 point).
func (w *Workbook) checkCells(g *grid, sc *sheetScan) engine.Diagnostics {
	for key := range sc.bools {
		r, c := int(key>>16)-1, int(key&0xffff)-1
		if r < len(g.rows) && c < len(g.rows[r]) {
			switch g.rows[r][c] {
			case "1":
				g.rows[r][c] = "TRUE"
			case "0":
				g.rows[r][c] = "FALSE"
			}
		}
	}
	if len(sc.badStrings) == 0 {
		return nil
	}
	// A key is row<<16 | col: in key order, the cells are in reading
	// order.
	keys := slices.Sorted(maps.Keys(sc.badStrings))
	at := func(key cellKey) string { return g.ref(int(key>>16)-1, int(key&0xffff)-1) }
	if len(w.sst) == 0 && len(keys) > 1 {
		// No shared strings at all (the part is missing): one error, not
		// one per text cell.
		return engine.Diagnostics{w.diag("xlsx/format", at(keys[0]),
			"the cell refers to shared string %q, and %d other cells of the sheet to others, but the workbook has no shared strings: the workbook is damaged and their text is lost; save it again from the program that wrote it", sc.badStrings[keys[0]], len(keys)-1)}
	}
	var ds engine.Diagnostics
	for _, key := range keys {
		ds = append(ds, w.diag("xlsx/format", at(key),
			"the cell refers to shared string %q, which the workbook does not have (it has %d): the workbook is damaged and the cell's text is lost; type the cell again in Excel and save the workbook", sc.badStrings[key], len(w.sst)))
	}
	return ds
}

func (w *Workbook) diag(code, path, format string, args ...any) engine.Diagnostic {
	msg := fmt.Sprintf(format, args...)
	if path != "" {
		msg = path + ": " + msg
	}
	return engine.Diagnostic{Code: code, Severity: engine.Error, File: w.File, Path: path, Message: msg}
}

// mergeHeaders copies the value of merged cells in rows [0, upto) across
// their range, so a category merged over C2:F2 applies to all.
func (w *Workbook) mergeHeaders(g *grid, upto int) {
	for _, m := range w.scans[g.sheet].merges {
		c1, r1, c2, r2 := m.c1, m.r1, m.c2, m.r2
		if r2 > upto {
			continue
		}
		v := g.cell(r1-1, c1-1)
		for r := r1 - 1; r < r2; r++ {
			for len(g.rows) <= r {
				g.rows = append(g.rows, nil)
			}
			for len(g.rows[r]) < c2 {
				g.rows[r] = append(g.rows[r], "")
			}
			for c := c1 - 1; c < c2; c++ {
				if g.rows[r][c] == "" {
					g.rows[r][c] = v
				}
			}
		}
	}
}

// score returns the text of a score cell as the teacher meant it.
func (w *Workbook) score(g *grid, r, c int) (string, error) {
	text := g.cell(r, c)
	if text == "" {
		// A formula with no cached value (a workbook written by a program
		// that does not calculate) looks blank; compute it.
		if w.hasFormula(g.sheet, c+1, r+1) {
			return w.calcFormula(g.sheet, cellName(c+1, r+1))
		}
		return "", nil
	}
	if w.styleKind == nil {
		return text, nil
	}
	if _, err := strconv.ParseFloat(text, 64); err != nil {
		return text, nil // text is read as typed
	}
	id := w.cellStyle(g.sheet, c+1, r+1)
	if id < 0 || id >= len(w.styleKind) {
		return text, nil
	}
	switch w.styleKind[id] {
	case percentNumber:
		// Excel stores 90% as 0.9; the teacher typed a percent.
		d, err := engine.ParseDecimal(text)
		if err != nil {
			return text, nil
		}
		return shiftPoint(d.String(), 2) + "%", nil
	case dateNumber:
		return "", errors.New("this cell holds a date, not a score; Excel turns 9/10 into September 10th: format the column as Text and type the score again, or type 90%")
	}
	return text, nil
}

// hasFormula reports whether a cell holds a formula.
func (w *Workbook) hasFormula(sheet string, col, row int) bool {
	return w.scans[sheet].formulas[keyOf(col, row)]
}

// cellStyle is a cell's style id when the style is a percent or a date,
// else -1: the others read as plain numbers alike.
func (w *Workbook) cellStyle(sheet string, col, row int) int {
	if id, ok := w.scans[sheet].kinds[keyOf(col, row)]; ok {
		return id
	}
	return -1
}

// shiftPoint multiplies a decimal written in plain notation by 10^n,
// exactly, by moving its point (0.905 -> 90.5).
func shiftPoint(s string, n int) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	if strings.ContainsAny(s, "eE") {
		return s // not plain notation; left for ParseScore to refuse
	}
	for len(frac) < n {
		frac += "0"
	}
	intPart += frac[:n]
	frac = frac[n:]
	intPart = strings.TrimLeft(intPart, "0")
	if intPart == "" {
		intPart = "0"
	}
	out := intPart
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// canvasAssignment matches a Canvas assignment header, "Title (12345)".
var canvasAssignment = regexp.MustCompile(`^(.*\S)\s*\((\d+)\)$`)

// isCanvas reports whether a header row is a Canvas export's: it has the
// SIS User ID column (or SIS Login ID, or Section) that the template never
// has, beside Student and ID.
func isCanvas(head []string) bool {
	for _, h := range head {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "sis user id", "sis login id", "section":
			return true
		}
	}
	return false
}

// setupLabel is the label of a template setup row, lower case, or "".
func setupLabel(s string) string {
	l := strings.ToLower(strings.TrimSpace(s))
	switch l {
	case "category", "categories", "points possible", "possible", "points", "due", "extra credit":
		switch l {
		case "categories":
			return "category"
		case "possible", "points":
			return "points possible"
		}
		return l
	}
	return ""
}

// parseGrid turns a grid into a gradebook sheet, in either layout.
// fx adjusts a workbook's grid where the stored value is not what the
// teacher typed (merged headers, percent styles); it is nil for CSV files,
// whose cells are text already. It is the concrete *Workbook, not an
// interface: converting *Workbook to an interface would make the linker
// keep every method of the package's types.
func parseGrid(file string, g *grid, opts Options, fx *Workbook) (_ *Sheet, ds engine.Diagnostics) {
	errAt := func(r, c int, code, format string, args ...any) {
		ref := g.ref(r, c)
		d := engine.Diagnostic{Code: code, Severity: engine.Error, File: file, Path: ref,
			Message: ref + ": " + fmt.Sprintf(format, args...)}
		if g.sheet == "" {
			// A CSV file has lines: name them as the CSV reader does.
			d.Pos = engine.Pos{Line: r + 1, Column: c + 1}
		}
		ds = append(ds, d)
	}
	// Report in reading order: row by row, then column by column.
	defer func() { sortByCell(ds) }()
	if opts.Layout.Structural() {
		sh := parseLayout(file, g, opts, fx, errAt, func(d engine.Diagnostic) { ds = append(ds, d) })
		if sh == nil || ds.HasErrors() {
			return nil, ds
		}
		readStudents(g, sh, sh.HeaderRow+len(sh.setupRows), sh.nameCol, sh.idCol, fx, errAt)
		if ds.HasErrors() {
			return nil, ds
		}
		return sh, ds
	}
	if len(g.rows) == 0 {
		errAt(0, 0, "gradebook/invalid", "the sheet is empty; row 1 must be Student, ID, then the assignment names")
		return nil, ds
	}
	if !strings.EqualFold(strings.TrimSpace(g.cell(0, 0)), "student") || !strings.EqualFold(strings.TrimSpace(g.cell(0, 1)), "id") {
		errAt(0, 0, "gradebook/invalid", "row 1 must start with the columns Student and ID, then one column per assignment")
		return nil, ds
	}
	sh := &Sheet{Layout: Template, HeaderRow: 1, Book: &engine.Gradebook{}, resultCols: map[string]int{}, idCol: 1}
	if isCanvas(g.rows[0]) {
		sh.Layout = Canvas
	}
	// Setup rows: between the header and the first student.
	first := 1
	if sh.Layout == Canvas {
		// Canvas puts "    Points Possible" in row 2 (older exports add a
		// row with a blank first cell, such as "Manual Posting", before
		// it); students follow.
		for ; first < len(g.rows); first++ {
			a := strings.TrimSpace(g.cell(first, 0))
			if a != "" && !strings.EqualFold(a, "points possible") {
				break
			}
			sh.setupRows = append(sh.setupRows, first)
		}
	} else {
		for ; first < len(g.rows) && setupLabel(g.cell(first, 0)) != ""; first++ {
			sh.setupRows = append(sh.setupRows, first)
		}
		if first == 1 {
			// No labels: the template's rows 2 and 3 are the categories and
			// points possible, whatever column A holds.
			first = min(3, len(g.rows))
			sh.setupRows = []int{1, 2}[:first-1]
		}
	}
	if fx != nil {
		fx.mergeHeaders(g, first)
	}
	// What each setup row holds.
	labels := make([]string, len(sh.setupRows))
	rowOf := map[string]int{}
	for k, r := range sh.setupRows {
		label := setupLabel(g.cell(r, 0))
		if sh.Layout == Canvas {
			label = ""
			if strings.EqualFold(strings.TrimSpace(g.cell(r, 0)), "points possible") {
				label = "points possible"
			}
		} else if label == "" {
			label = []string{"category", "points possible"}[k]
		}
		labels[k] = label
		if _, dup := rowOf[label]; !dup && label != "" {
			rowOf[label] = r
		}
	}
	if r, ok := rowOf["points possible"]; ok {
		sh.possibleRow = r + 1
	}
	head := g.rows[0]
	type column struct {
		c    int
		name string
	}
	var cols []column
	nameSeen := map[string]int{}
	for c := 2; c < len(head); c++ {
		h := strings.TrimSpace(head[c])
		if strings.HasPrefix(h, resultPrefix) {
			sh.resultCols[h] = c + 1
			continue
		}
		if h != "" || columnHasData(g, c, first) {
			sh.LastDataCol = c + 1
		}
		name := h
		if sh.Layout == Canvas {
			// Only "Title (id)" columns are assignments: Canvas's own
			// computed columns (Current Score, Final Grade, Unposted ...)
			// are left alone.
			m := canvasAssignment.FindStringSubmatch(h)
			if m == nil {
				continue
			}
			name = m[1]
		} else if h == "" {
			if columnHasData(g, c, 1) {
				errAt(0, c, "gradebook/invalid", "this column has scores but no assignment name")
			}
			continue
		} else if cr, ok := rowOf["category"]; ok && strings.TrimSpace(g.cell(cr, c)) == "" {
			if pr, ok := rowOf["points possible"]; ok && strings.TrimSpace(g.cell(pr, c)) == "" {
				// Neither a category nor points possible: a teacher's own
				// column (notes, a formula counting missing work), kept as
				// data and not graded. Said once, in case it was meant to be
				// an assignment.
				ds = append(ds, engine.Diagnostic{Code: "gradebook/not-graded", Severity: engine.Warning, File: file, Path: g.ref(0, c),
					Message: fmt.Sprintf("%s: column %q has no category and no points possible, so it is not graded", g.ref(0, c), h)})
				continue
			}
		}
		nameSeen[name]++
		cols = append(cols, column{c, name})
	}
	sh.LastDataCol = max(sh.LastDataCol, 2)
	for i := range cols {
		if nameSeen[cols[i].name] > 1 {
			if sh.Layout == Canvas {
				// Canvas titles need not be unique; its ids are.
				cols[i].name = strings.TrimSpace(head[cols[i].c])
			} else {
				errAt(0, cols[i].c, "gradebook/invalid", "assignment %q appears twice; names must be unique", cols[i].name)
			}
		}
	}
	book := sh.Book
	for _, col := range cols {
		book.Assignments = append(book.Assignments, engine.Assignment{Name: col.name})
		sh.assignCols = append(sh.assignCols, col.c+1)
	}
	// Setup values.
	seen := map[string]int{}
	for k, r := range sh.setupRows {
		label := labels[k]
		if label == "" {
			continue
		}
		if prev, dup := seen[label]; dup {
			errAt(r, 0, "gradebook/invalid", "the %s row appears twice (also row %d)", label, prev+1)
		}
		seen[label] = r
		for j, col := range cols {
			a := &book.Assignments[j]
			cell := setupCell(label, g.cell(r, col.c))
			// The engine reads setup rows for every reader (CSV and sheets).
			if _, err := a.SetFromSetupRow(label, cell); err != nil {
				errAt(r, col.c, "gradebook/invalid", "%v", err)
			}
		}
	}
	if sh.Layout == Canvas {
		if _, ok := seen["points possible"]; !ok {
			errAt(1, 0, "gradebook/invalid", "this Canvas export has no Points Possible row; export the gradebook again from Canvas (Gradebook > Export)")
		}
		for j, col := range cols {
			cat, ok := canvasCategory(book.Assignments[j].Name, opts.categoryRules())
			if !ok {
				errAt(0, col.c, "gradebook/no-category", "Canvas does not export categories, and no category mapping matches %q; map it with a rule such as '%s*=Homework'", book.Assignments[j].Name, firstWord(book.Assignments[j].Name))
			}
			book.Assignments[j].Category = cat
		}
	} else {
		if _, ok := seen["category"]; !ok {
			errAt(1, 0, "gradebook/invalid", "the Category row is missing: row 2 must give each assignment's category")
		}
		if _, ok := seen["points possible"]; !ok {
			errAt(2, 0, "gradebook/invalid", "the Points Possible row is missing: row 3 must give each assignment's points possible")
		}
	}
	if ds.HasErrors() {
		return nil, ds
	}
	readStudents(g, sh, first, 0, 1, fx, errAt)
	if ds.HasErrors() {
		return nil, ds
	}
	return sh, ds
}

// readStudents reads the student rows from first on: a name in nameCol, an
// ID in idCol and a score under each assignment (0-based columns).
func readStudents(g *grid, sh *Sheet, first, nameCol, idCol int, fx *Workbook, errAt func(r, c int, code, format string, args ...any)) {
	book := sh.Book
	ids := map[string]int{}
	for r := first; r < len(g.rows); r++ {
		if rowBlank(g, r, sh) {
			continue
		}
		st := engine.Student{Name: strings.TrimSpace(g.cell(r, nameCol)), ID: strings.TrimSpace(g.cell(r, idCol)), Scores: make([]engine.Score, len(sh.assignCols))}
		for j, ac := range sh.assignCols {
			c := ac - 1
			a := book.Assignments[j]
			var text string
			var err error
			if msg, bad := g.bad[[2]int{r, c}]; bad {
				err = errors.New(msg)
			} else if fx != nil {
				text, err = fx.score(g, r, c)
			} else {
				text = g.cell(r, c)
			}
			var sc engine.Score
			if err == nil {
				sc, err = engine.ParseScore(text, a.Possible)
			}
			if err != nil {
				errAt(r, c, "gradebook/invalid", "%s, %s: %v", st.Name, a.Name, err)
				continue
			}
			st.Scores[j] = sc
		}
		switch prev, dup := ids[st.ID]; {
		case st.ID == "":
			errAt(r, idCol, "gradebook/no-id", "student %q has no ID; every student needs a unique ID", st.Name)
		case dup:
			errAt(r, idCol, "gradebook/duplicate-id", "student ID %q is used twice (rows %d and %d); IDs must be unique", st.ID, prev, r+1)
		default:
			ids[st.ID] = r + 1
		}
		book.Students = append(book.Students, st)
		sh.StudentRows = append(sh.StudentRows, r+1)
	}
}

// rowBlank reports whether a row has nothing but (perhaps) result cells.
func rowBlank(g *grid, r int, sh *Sheet) bool {
	for c, v := range g.rows[r] {
		if strings.TrimSpace(v) != "" && c < sh.LastDataCol {
			return false
		}
	}
	return true
}

func columnHasData(g *grid, c, from int) bool {
	for r := from; r < len(g.rows); r++ {
		if strings.TrimSpace(g.cell(r, c)) != "" {
			return true
		}
	}
	return false
}

func canvasCategory(title string, rules []CategoryRule) (string, bool) {
	for _, r := range rules {
		if r.match(title) {
			return r.Category, true
		}
	}
	return "", false
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

// maxDiagnostics caps a report, as the engine does: past this, more lines
// only bury the first real mistake.
const maxDiagnostics = 100

// capDiagnostics caps a workbook's diagnostics.
func capDiagnostics(ds engine.Diagnostics) engine.Diagnostics {
	if len(ds) > maxDiagnostics {
		extra := len(ds) - maxDiagnostics
		ds = append(ds[:maxDiagnostics:maxDiagnostics], engine.Diagnostic{Code: "norms/too-many-problems", Severity: engine.Error,
			Message: fmt.Sprintf("%d more problems not shown; fix the ones above first", extra)})
	}
	return ds
}

// sortByCell orders one sheet's diagnostics by row, then column: by the
// cell's coordinates, not the text of its reference (D10 comes after D7).
func sortByCell(ds engine.Diagnostics) {
	key := func(d engine.Diagnostic) (int, int) {
		_, cell, found := strings.Cut(d.Path, "!")
		if !found {
			cell = d.Path
		}
		c, r, ok := cellRef(cell)
		if !ok {
			return 0, 0
		}
		return r, c
	}
	sort.SliceStable(ds, func(i, j int) bool {
		ri, ci := key(ds[i])
		rj, cj := key(ds[j])
		if ri != rj {
			return ri < rj
		}
		return ci < cj
	})
}

// setupCell is a setup row's cell as engine.Assignment.SetFromSetupRow
// reads it: trimmed, and a due date typed in Excel, which the sheet stores
// as a day count, as YYYY-MM-DD.
func setupCell(label, cell string) string {
	cell = strings.TrimSpace(cell)
	if label == "due" && cell != "" {
		if f, err := strconv.ParseFloat(cell, 64); err == nil {
			if t, ok := excelDateToTime(f); ok {
				cell = t.Format("2006-01-02")
			}
		}
	}
	return cell
}
