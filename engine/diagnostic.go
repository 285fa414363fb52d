package engine

import (
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a diagnostic stops the norms from being used.
type Severity string

const (
	// Error means the norms (or data) cannot be used until it is fixed.
	Error Severity = "error"
	// Warning is worth a look but does not stop grading.
	Warning Severity = "warning"
)

// Pos is a 1-based line and column in a source text. The zero Pos means
// "no position" (for example, a problem with the file as a whole).
type Pos struct {
	Line   int `json:"line,omitempty"`
	Column int `json:"column,omitempty"`
}

// IsValid reports whether p points somewhere.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Diagnostic is one problem found in a norms file or in data. The same value
// is printed by the CLI, returned as JSON by the browser and HTTP faces, and
// compared by tests, so every field is stable.
type Diagnostic struct {
	// Code is a stable identifier such as "norms/unknown-key".
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`
	// File names the source (a norms file path, "gradebook.csv", ...).
	File string `json:"file,omitempty"`
	Pos
	// Path is the data path of the offending value, e.g.
	// "grading.categories[1].weight" or "students[3].scores.Quiz 2".
	Path    string `json:"path,omitempty"`
	Message string `json:"message"`
	// Snippet is the source line with a caret under the column, when known.
	Snippet string `json:"snippet,omitempty"`
}

// Error formats the diagnostic as file:line:col: message, the form editors
// and terminals recognise, followed by the snippet if there is one.
func (d Diagnostic) Error() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File)
		b.WriteString(":")
	}
	if d.Line > 0 {
		fmt.Fprintf(&b, "%d:%d:", d.Line, d.Column)
	}
	if b.Len() > 0 {
		b.WriteString(" ")
	}
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Message)
	if d.Code != "" {
		fmt.Fprintf(&b, " [%s]", d.Code)
	}
	if d.Snippet != "" {
		b.WriteString("\n")
		b.WriteString(d.Snippet)
	}
	return b.String()
}

// maxDiagnostics caps how many problems are reported at once: past this, a
// file is so broken that more lines would only bury the first real mistake.
const maxDiagnostics = 100

// Diagnostics is a sorted list of problems. As an error it is non-nil only
// when it holds at least one Error-severity diagnostic.
type Diagnostics []Diagnostic

// Error joins every diagnostic, one per line.
func (ds Diagnostics) Error() string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = d.Error()
	}
	return strings.Join(parts, "\n")
}

// HasErrors reports whether any diagnostic is an error (not a warning).
func (ds Diagnostics) HasErrors() bool {
	for _, d := range ds {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Err returns ds as an error if it holds an error, and nil otherwise, so
// that warnings alone never fail a call.
func (ds Diagnostics) Err() error {
	if ds.HasErrors() {
		return ds
	}
	return nil
}

// sortAndCap orders diagnostics by file, position, then path and code, so the
// same input always gives the same report, and keeps at most maxDiagnostics.
func (ds Diagnostics) sortAndCap() Diagnostics {
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Code < b.Code
	})
	if len(ds) > maxDiagnostics {
		extra := len(ds) - maxDiagnostics
		ds = append(ds[:maxDiagnostics:maxDiagnostics], Diagnostic{
			Code: "norms/too-many-problems", Severity: Error,
			Message: fmt.Sprintf("%d more problems not shown; fix the ones above first", extra),
		})
	}
	return ds
}

// snippetAt renders the source line of pos with a caret under its column.
func snippetAt(src []byte, pos Pos) string {
	if !pos.IsValid() || len(src) == 0 {
		return ""
	}
	lines := strings.Split(string(src), "\n")
	if pos.Line > len(lines) {
		return ""
	}
	line := strings.TrimRight(lines[pos.Line-1], "\r")
	col := pos.Column
	if col < 1 {
		col = 1
	}
	return " | " + line + "\n | " + strings.Repeat(".", col-1) + "^"
}

// closest returns the candidate nearest to name by edit distance, if it is
// close enough to be a likely typo; used for "did you mean" hints.
func closest(name string, candidates []string) string {
	best, bestD := "", -1
	ln := strings.ToLower(name)
	for _, c := range candidates {
		d := editDistance(ln, strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 || bestD > max(2, len(name)/3) {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func didYouMean(name string, candidates []string) string {
	if c := closest(name, candidates); c != "" {
		return fmt.Sprintf(" (did you mean %q?)", c)
	}
	return ""
}
