package engine

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/vm"
)

// Expressions are the part of the norms a team writes itself (late, final,
// flags, and conduct rules). They are compiled once by Compile, type-checked
// against a declared environment, and bounded: a hostile norms file can make
// neither a huge expression nor an expression that runs or allocates without
// end (expr's VM stops at its memory budget, which also bounds how far any
// range or loop can go).

// maxExprNodes bounds an expression's size; a team's rule is a few dozen nodes.
const maxExprNodes = 500

// maxExprLen bounds an expression's text.
const maxExprLen = 2000

// unsafeBuiltins are expr built-ins the norms never need and that would make
// results depend on the clock or the time zone (now, date, duration,
// timezone), or let a short text allocate a lot (repeat).
var unsafeBuiltins = []string{"now", "date", "duration", "timezone", "repeat", "toJSON", "fromJSON", "toBase64", "fromBase64"}

// exprEnv declares the names an expression may use and their types, as the
// zero values expr's checker reads types from.
type exprEnv map[string]any

func (e exprEnv) names() []string {
	out := make([]string, 0, len(e))
	for k := range e {
		out = append(out, k)
	}
	return out
}

// compileExpr compiles the expression at path (a data path of the norms
// file) against env, giving a float or bool result as kind says. Errors come
// back as diagnostics positioned in the norms file itself, at the column of
// the problem inside the expression.
func (s *source) compileExpr(path, code string, env exprEnv, kind reflect.Kind, extra ...expr.Option) (*vm.Program, *Diagnostic) {
	if strings.TrimSpace(code) == "" {
		d := s.at("norms/expr", path, "the expression is empty")
		return nil, &d
	}
	if len(code) > maxExprLen {
		d := s.at("norms/expr-too-large", path, "the expression is %d characters long; the limit is %d", len(code), maxExprLen)
		return nil, &d
	}
	opts := []expr.Option{expr.Env(map[string]any(env)), expr.MaxNodes(maxExprNodes), expr.Optimize(true)}
	for _, b := range unsafeBuiltins {
		opts = append(opts, expr.DisableBuiltin(b))
	}
	switch kind {
	case reflect.Float64:
		opts = append(opts, expr.AsFloat64())
	case reflect.Bool:
		opts = append(opts, expr.AsBool())
	}
	opts = append(opts, extra...)
	prog, err := expr.Compile(code, opts...)
	if err == nil {
		return prog, nil
	}
	var fe *file.Error
	msg := err.Error()
	offset := 0
	if errors.As(err, &fe) {
		msg = fe.Message
		offset = runeToByteOffset(code, fe.From)
	}
	msg = teacherMessage(msg, env, kind)
	d := s.diag("norms/expr", path, s.exprPos(path, offset, code), "%s", msg)
	return nil, &d
}

// teacherMessage rewrites expr's messages into ones a teacher can act on.
func teacherMessage(msg string, env exprEnv, kind reflect.Kind) string {
	// A prefix test, not a regular expression: one compiled at package init
	// would cost every start-up of the WebAssembly module.
	if name, ok := strings.CutPrefix(msg, "unknown name "); ok && name != "" && !strings.ContainsAny(name, " \t\n\f\r") {
		return fmt.Sprintf("unknown name '%s'%s; the names you can use here are: %s", name,
			didYouMean(name, env.names()), strings.Join(sortedStrings(env.names()), ", "))
	}
	if strings.HasPrefix(msg, "expected bool, but got") {
		return "this condition must be true or false (for example Quizzes < 70), but " + strings.TrimPrefix(msg, "expected bool, but ") + " is not"
	}
	if strings.HasPrefix(msg, "expected float64, but got") || strings.HasPrefix(msg, "expected float, but got") {
		return "this must give a number, but it gives " + msg[strings.Index(msg, "got ")+4:]
	}
	return msg
}

func runeToByteOffset(s string, runes int) int {
	off := 0
	for i := 0; i < runes && off < len(s); i++ {
		_, size := utf8.DecodeRuneInString(s[off:])
		off += size
	}
	return off
}

func sortedStrings(in []string) []string {
	out := append([]string(nil), in...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// stringCallArgs finds calls of fn with a literal string first argument, so
// that graded("Quizes") can be checked against known names at compile time.
type stringCallArgs struct {
	fn    string
	found []stringArg
}

type stringArg struct {
	value  string
	offset int // rune offset in the expression
}

func (v *stringCallArgs) Visit(node *ast.Node) {
	call, ok := (*node).(*ast.CallNode)
	if !ok || len(call.Arguments) == 0 {
		return
	}
	id, ok := call.Callee.(*ast.IdentifierNode)
	if !ok || id.Value != v.fn {
		return
	}
	if s, ok := call.Arguments[0].(*ast.StringNode); ok {
		v.found = append(v.found, stringArg{value: s.Value, offset: s.Location().From})
	}
}

// Identifier turns a category name into the name expressions use for its
// percent: every run of characters other than letters, digits and _ becomes
// one _, leading and trailing _ are trimmed, and a leading digit gets a _
// in front ("Class Work" -> Class_Work, "3D Art" -> _3D_Art). Letters and
// digits are those of every script, as in expr's own identifiers
// ("Тесты", "数学" stay as they are).
func Identifier(name string) string {
	var b strings.Builder
	under := false
	for _, r := range name {
		ok := r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
		if ok {
			b.WriteRune(r)
			under = false
		} else if !under {
			b.WriteByte('_')
			under = true
		}
	}
	id := strings.Trim(b.String(), "_")
	if first, _ := utf8.DecodeRuneInString(id); unicode.IsDigit(first) {
		id = "_" + id
	}
	return id
}

// walkProgram visits every node of a compiled expression.
func walkProgram(prog *vm.Program, v ast.Visitor) {
	node := prog.Node()
	ast.Walk(&node, v)
}

// identifiers records every identifier an expression mentions.
type identifiers map[string]bool

func (ids identifiers) Visit(node *ast.Node) {
	if id, ok := (*node).(*ast.IdentifierNode); ok {
		ids[id.Value] = true
	}
}
