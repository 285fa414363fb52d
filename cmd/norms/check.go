package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/teamnorms/norms/engine"
)

var checkCmd = &command{
	name:     "check",
	synopsis: "norms check [--format text|json] NORMS",
	short:    "check a norms file and point at every mistake",
	long: `
Check reads the norms file NORMS and reports every problem at once, sorted
by position, each as file:line:col: message [code] with the offending line.
Warnings (such as weights that do not add up to 100) are reported but do not
make the check fail.

  --format text   problems on stderr; "NORMS: ok (...)" on stdout when
                  there are no errors (default)
  --format json   {"ok": bool, "diagnostics": [...]} on stdout

Exit code 0 when there are no errors, 1 when there are.
`,
	run: runCheck,
}

var testCmd = &command{
	name:     "test",
	synopsis: "norms test [--format text|json] NORMS",
	short:    "check a norms file and run its examples",
	long: `
Test checks the norms file NORMS like norms check, then grades each of its
examples and compares the result with what the example expects. Each
example prints PASS or FAIL; a failure names the example's line and each
expectation that did not hold ("letter: expected B+, got B").

  --format text   PASS/FAIL lines and a summary on stdout (default)
  --format json   {"ok", "diagnostics", "examples", "passed", "failed"}
                  on stdout

Exit code 0 when every example passes, 1 when the norms have errors, 3 when
an example fails.
`,
	run: runTest,
}

// checkResult is the JSON output of norms check, and the start of norms
// test's.
type checkResult struct {
	OK          bool               `json:"ok"`
	Diagnostics engine.Diagnostics `json:"diagnostics"`
}

// testResult is the JSON output of norms test.
type testResult struct {
	checkResult
	Examples []engine.ExampleResult `json:"examples"`
	Passed   int                    `json:"passed"`
	Failed   int                    `json:"failed"`
}

// normsArgs parses the flags and the one NORMS argument of check and test.
func normsArgs(name string, args []string) (path, format string, err error) {
	fl := newFlags(name)
	fl.StringVar(&format, "format", "text", "text or json")
	pos, err := parseFlags(fl, args)
	if err != nil {
		return "", "", err
	}
	if err := oneOf("format", format, "text", "json"); err != nil {
		return "", "", err
	}
	switch len(pos) {
	case 0:
		return "", "", usagef("%s needs a norms file, such as norms.yaml", name)
	case 1:
		return pos[0], format, nil
	}
	return "", "", usagef("%s takes one norms file, got %d arguments", name, len(pos))
}

func runCheck(e *env, args []string) error {
	path, format, err := normsArgs("check", args)
	if err != nil {
		return err
	}
	text, name, err := e.readInput(path)
	if err != nil {
		return err
	}
	prog, ds := engine.Check(name, text)
	if format == "json" {
		if err := writeJSON(e.stdout, checkResult{OK: !ds.HasErrors(), Diagnostics: nonNil(ds)}); err != nil {
			return err
		}
	} else {
		e.printDiagnostics(ds, name)
	}
	if ds.HasErrors() {
		return exitCode(exitErrors)
	}
	if format == "text" {
		fmt.Fprintf(e.stdout, "%s: ok (%s)\n", name, summary(prog.Norms(), ds))
	}
	return nil
}

// summary counts what a norms file defines, so "ok" says what was checked.
func summary(n *engine.Norms, ds engine.Diagnostics) string {
	parts := []string{
		plural(len(n.Grading.Categories), "category", "categories"),
		plural(len(n.Grading.Letters), "letter", "letters"),
		plural(len(n.Flags), "flag", "flags"),
	}
	if b := len(n.Conduct.Behaviors); b > 0 {
		parts = append(parts, plural(b, "behavior", "behaviors"), plural(len(n.Conduct.Rules), "rule", "rules"))
	}
	s := strings.Join(append(parts, plural(len(n.Examples), "example", "examples")), ", ")
	if len(ds) > 0 {
		s += "; " + plural(len(ds), "warning", "warnings")
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func runTest(e *env, args []string) error {
	path, format, err := normsArgs("test", args)
	if err != nil {
		return err
	}
	text, name, err := e.readInput(path)
	if err != nil {
		return err
	}
	prog, ds := engine.Check(name, text)
	res := testResult{checkResult: checkResult{Diagnostics: nonNil(ds)}, Examples: []engine.ExampleResult{}}
	if !ds.HasErrors() {
		res.Examples = prog.RunExamples()
		for _, r := range res.Examples {
			if r.Pass {
				res.Passed++
			} else {
				res.Failed++
			}
		}
		res.OK = res.Failed == 0
	}
	if format == "json" {
		if err := writeJSON(e.stdout, res); err != nil {
			return err
		}
	} else {
		e.printDiagnostics(ds, name)
		if !ds.HasErrors() {
			printExamples(e.stdout, name, res)
			if len(res.Examples) == 0 {
				fmt.Fprintf(e.stderr, "%s has no examples to test; add the team's agreed cases under examples:\n", name)
			}
		}
	}
	switch {
	case ds.HasErrors():
		return exitCode(exitErrors)
	case res.Failed > 0:
		return exitCode(exitExamples)
	}
	return nil
}

// printExamples writes one PASS or FAIL line per example, each failed
// expectation indented under its FAIL, then the totals.
func printExamples(w io.Writer, file string, res testResult) {
	for _, r := range res.Examples {
		if r.Pass {
			fmt.Fprintf(w, "PASS %s\n", r.Name)
			continue
		}
		where := file
		if r.Line > 0 {
			where = fmt.Sprintf("%s:%d", file, r.Line)
		}
		fmt.Fprintf(w, "FAIL %s (%s)\n", r.Name, where)
		for _, f := range r.Failures {
			// A failure may span lines (the diagnostics of a broken
			// example); keep each one under its FAIL.
			fmt.Fprintf(w, "    %s\n", strings.ReplaceAll(f, "\n", "\n    "))
		}
	}
	fmt.Fprintf(w, "%d passed, %d failed\n", res.Passed, res.Failed)
}

// nonNil makes "no diagnostics" an empty JSON list rather than null, so
// readers of the JSON need not handle both.
func nonNil(ds engine.Diagnostics) engine.Diagnostics {
	if ds == nil {
		return engine.Diagnostics{}
	}
	return ds
}

// writeJSON writes v indented by two spaces, ending in a newline.
func writeJSON(w io.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
