// Package engine is the Norms rules engine: the one place where a teaching
// team's grading and conduct norms are read, checked and applied.
//
// It is a facade over stages, each called through this package only:
//
//   - [Load] turns the text of a norms file (YAML, or the same structure as
//     JSON) into a [Norms] value, remembering where every value came from so
//     that later problems can name file:line:col.
//   - [Compile] checks the norms as a whole (weights, letter cutoffs, names)
//     and compiles every expression the team wrote (late, final, flags) once,
//     type-checked against the environment documented in docs/norms-file.md.
//     It returns a [Program].
//   - [Program.Grade], [Program.Explain] and [Program.RunExamples] are then
//     called as often as needed; they never mutate the program, so one
//     program may serve many goroutines.
//
// Built-in rules (aggregates, drops, floors, rounding) are Go code working on
// exact decimals; expressions (github.com/expr-lang/expr) are only for what a
// team writes itself. The package does no file or network I/O and never reads
// the clock, so it compiles unchanged to GOOS=js GOARCH=wasm and gives the
// same answer, to the last digit, on every platform.
//
// Every problem is reported as a [Diagnostic]: a stable code, a position, a
// data path and a message a teacher can act on. Functions that can find more
// than one problem return them all at once, sorted, as [Diagnostics].
package engine
