// Command norms applies a teaching team's grading norms, written once in a
// norms file, the same way every time.
//
// Usage:
//
//	norms <command> [flags] [arguments]
//
// The commands are init, check, test, grade, explain, conduct, version and
// help; `norms help <command>` prints a command's help. Every command ends with
// one of these exit codes, which scripts and CI can rely on:
//
//	0  success
//	1  the norms or data have errors (every problem is printed)
//	2  bad command line (unknown command or flag, missing argument)
//	3  examples failed (norms test)
//
// Results go to stdout and nothing else does: diagnostics, warnings and
// progress go to stderr, so `norms grade ... > report.csv` is always clean.
//
// The command only wires files to the engine package: it reads the norms
// file and gradebook, calls engine.Check, Program.Grade, Program.Explain or
// Program.RunExamples, and formats what comes back. Main takes its
// arguments and streams as parameters so that tests run every command
// in-process.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// Exit codes; docs/norms-file.md#exit-codes documents them for users.
const (
	exitOK       = 0
	exitErrors   = 1
	exitUsage    = 2
	exitExamples = 3
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise the module version recorded by `go install` is used.
var version = ""

func main() { os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }

// Main runs the norms command with args (without the program name) and
// returns its exit code. Every error is printed here, once.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	defer func() {
		// A panic is a bug in norms, never the user's fault; say so rather
		// than dump a stack trace on a teacher.
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "norms: internal error: %v\n(this is a bug in norms; please report it with the command you ran)\n", r)
			code = exitErrors
		}
	}()
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	return e.exit(e.dispatch(args))
}

// env is what a command may touch: its streams. Files are opened by path.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// command is one norms command. Its help text is its documentation: the
// synopsis line, then the description with every flag.
type command struct {
	name     string
	synopsis string // "norms check [--format text|json] NORMS"
	short    string // one line for the command list
	long     string // the rest of `norms help <name>`
	run      func(e *env, args []string) error
}

// help is the full help text of the command.
func (c *command) help() string {
	return "usage: " + c.synopsis + "\n\n" + strings.TrimSpace(c.long) + "\n"
}

// commands lists every command in the order help shows them. It is filled in
// init because the help command refers back to it.
var commands []*command

func init() {
	commands = []*command{initCmd, checkCmd, testCmd, gradeCmd, explainCmd, conductCmd, diffCmd, reportCmd, fillCmd, serveCmd, versionCmd, helpCmd}
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// usageText is the top-level help: what norms is, its commands and exit codes.
func usageText() string {
	var b strings.Builder
	b.WriteString("Norms applies a teaching team's grading norms, written once in a norms file.\n\n")
	b.WriteString("usage: norms <command> [flags] [arguments]\n\ncommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-8s %s\n", c.name, c.short)
	}
	b.WriteString(`
Run "norms help <command>" for a command's flags and arguments.
Start with "norms init" to write a starter norms file and a sample gradebook,
or "norms grade --example" to see a graded report at once.

exit codes:
  0  success
  1  the norms or data have errors (every problem is printed)
  2  bad command line (unknown command or flag, missing argument)
  3  examples failed (norms test)
`)
	return b.String()
}

// dispatch picks the command named by args[0] and runs it.
func (e *env) dispatch(args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, usageText())
		return exitCode(exitUsage)
	}
	switch args[0] {
	case "-h", "-help", "--help":
		fmt.Fprint(e.stdout, usageText())
		return nil
	}
	c := lookup(args[0])
	if c == nil {
		return unknownCommand(args[0])
	}
	err := c.run(e, args[1:])
	if errors.Is(err, flag.ErrHelp) {
		// -h after a command asks for that command's help.
		fmt.Fprint(e.stdout, c.help())
		return nil
	}
	var ue *usageError
	if errors.As(err, &ue) && ue.cmd == "" && !ue.top {
		ue.cmd = c.name
	}
	return err
}

// exit prints err (once) and turns it into an exit code.
func (e *env) exit(err error) int {
	var code exitCode
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &code):
		// The command already printed its problems (diagnostics, failures).
		return int(code)
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "norms: %s\n", ue.msg)
		if ue.cmd != "" {
			fmt.Fprintf(e.stderr, "Try: norms help %s\n", ue.cmd)
		} else {
			fmt.Fprintf(e.stderr, "Try: norms help\n")
		}
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "norms: %v\n", err)
		return exitErrors
	}
}

// usageError is a bad command line: exit 2, with a hint naming the help to
// read: the command's (cmd, filled in by dispatch), or with top the list of
// commands.
type usageError struct {
	cmd string
	msg string
	top bool
}

func (u *usageError) Error() string { return u.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

func unknownCommand(name string) error {
	return &usageError{msg: fmt.Sprintf("unknown command %q", name), top: true}
}

// exitCode ends a command whose problems are already printed, with a code.
type exitCode int

func (c exitCode) Error() string { return fmt.Sprintf("exit status %d", int(c)) }

// newFlags returns a flag set that reports errors to its caller instead of
// printing them, so Main prints every error once, in one form.
func newFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args with fs and returns the positional arguments. Unlike
// fs.Parse it accepts flags after positional arguments too (`norms check
// norms.yaml --format json`), as people type them; after "--" everything is
// positional.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	if name := repeated(fs, args); name != "" {
		return nil, usagef("--%s is given twice; give it once", name)
	}
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			// Say it as a person would, and as they typed it (flag
			// writes -bogus for --bogus); flag's other messages ("flag
			// needs an argument: -o") are clear as they are.
			msg, found := strings.CutPrefix(err.Error(), "flag provided but not defined: ")
			if found {
				msg = "unknown flag " + typed(args, msg)
			}
			return nil, usagef("%s", msg)
		}
		rest := fs.Args()
		if n := len(args) - len(rest); n > 0 && args[n-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// repeatable is implemented by the flags that may be given several times
// (--category-map, --norms of serve); any other flag keeps only its last
// value, so giving it twice is a mistake worth a word.
type repeatable interface{ repeatable() }

func (*multiFlag) repeatable() {}
func (namedNorms) repeatable() {}

// repeated returns the first flag of args, before any "--", that is given
// twice and keeps only its last value; "" if none is.
func repeated(fs *flag.FlagSet, args []string) string {
	seen := map[string]bool{}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if len(a) < 2 || a[0] != '-' {
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		if f == nil {
			continue
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !hasValue && !(ok && b.IsBoolFlag()) {
			i++ // its value, whatever it looks like
		}
		if _, ok := f.Value.(repeatable); ok {
			continue
		}
		if seen[name] {
			return name
		}
		seen[name] = true
	}
	return ""
}

// typed is flag as the user typed it in args (--bogus), given flag's
// spelling of it (-bogus).
func typed(args []string, flag string) string {
	name := strings.TrimLeft(flag, "-")
	for _, a := range args {
		if n, _, _ := strings.Cut(strings.TrimLeft(a, "-"), "="); n == name && strings.HasPrefix(a, "-") {
			if i := strings.IndexByte(a, '='); i >= 0 {
				return a[:i]
			}
			return a
		}
	}
	return flag
}

// oneOf checks the value of a --format-like flag.
func oneOf(flagName, value string, allowed ...string) error {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return usagef("--%s must be %s, not %q", flagName, strings.Join(allowed, " or "), value)
}

var versionCmd = &command{
	name:     "version",
	synopsis: "norms version",
	short:    "print the version of norms",
	long:     "Version prints the version of norms and of Go it was built with.",
	run: func(e *env, args []string) error {
		pos, err := parseFlags(newFlags("version"), args)
		if err != nil {
			return err
		}
		if len(pos) > 0 {
			return usagef("version takes no arguments, got %q", pos[0])
		}
		v := version
		bi, ok := debug.ReadBuildInfo()
		if v == "" && ok {
			v = bi.Main.Version
		}
		if v == "" {
			v = "(devel)"
		}
		goVersion := ""
		if ok {
			goVersion = " " + bi.GoVersion
		}
		fmt.Fprintf(e.stdout, "norms %s%s\n", v, goVersion)
		return nil
	},
}

var helpCmd = &command{
	name:     "help",
	synopsis: "norms help [command]",
	short:    "print help for norms or for one command",
	long:     "Help prints the list of commands, or the flags and arguments of one command.",
	run: func(e *env, args []string) error {
		pos, err := parseFlags(newFlags("help"), args)
		if err != nil {
			return err
		}
		switch len(pos) {
		case 0:
			fmt.Fprint(e.stdout, usageText())
			return nil
		case 1:
			c := lookup(pos[0])
			if c == nil {
				return unknownCommand(pos[0])
			}
			fmt.Fprint(e.stdout, c.help())
			return nil
		}
		return usagef("help takes at most one command, got %d arguments", len(pos))
	},
}
