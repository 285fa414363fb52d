// Command schemagen writes the JSON Schema of the norms file format
// (schema/norms.schema.json) from the Go types that Load decodes into,
// engine.Norms and the types it holds, so the schema cannot drift from the
// loader. Editors use the schema to complete and check norms files as people
// type them (YAML language servers read JSON Schema too).
//
// Key names come from the types' json tags, constraints (required, enum,
// minimum...) from their jsonschema tags, and descriptions from their Go doc
// comments, read from the engine's source. The few types whose text form is
// not what reflection would guess (Decimal, ScoreText, Missing) are mapped by
// hand.
//
// It is run by `go generate ./schema`; schema/schema_test.go fails when the
// committed schema is stale. It is the only user of
// github.com/invopop/jsonschema, which therefore never reaches the engine or
// its wasm build.
//
// Usage:
//
//	go run ./internal/schemagen [-o FILE]
//
// With -o - (the default) the schema goes to standard output.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"

	"github.com/invopop/jsonschema"

	"github.com/teamnorms/norms/engine"
)

// The published identity of the schema. The $id is where the schema is
// served, so editors that fetch by $id find the same file as in the repo.
const (
	schemaID    = "https://teamnorms.github.io/norms/schema/norms.schema.json"
	title       = "Norms file (version 1)"
	description = "A teaching team's grading norms, written once and applied identically everywhere. " +
		"See docs/norms-file.md for the meaning of every key."
	modulePath = "github.com/teamnorms/norms"
)

func main() {
	out := flag.String("o", "-", "write the schema to `file` (- for standard output)")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: schemagen [-o file]\n\nWrites the JSON Schema of the norms file format.\n\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	b, err := generate(root)
	if err != nil {
		return err
	}
	if out == "-" {
		_, err = os.Stdout.Write(b)
		return err
	}
	return os.WriteFile(out, b, 0o644)
}

// moduleRoot finds the directory of this module's go.mod, walking up from the
// working directory: go generate runs in schema/, a person in the root.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if data, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.Contains(data, []byte("module "+modulePath)) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run me inside the " + modulePath + " module")
		}
		dir = parent
	}
}

// generate reflects engine.Norms into the schema, as indented JSON ending in
// a newline. root is the module's directory, where the engine's source (and
// so its doc comments) lives.
func generate(root string) ([]byte, error) {
	r := &jsonschema.Reflector{
		// The loader requires exactly the keys tagged `jsonschema:"required"`,
		// whatever their omitempty.
		RequiredFromJSONSchemaTags: true,
		// The root object is the norms file itself, not a $ref to it.
		ExpandedStruct: true,
		Mapper:         mapType,
	}
	// AddGoComments walks a path relative to the working directory and
	// prefixes it with the import path it is given, so it is run from root.
	wd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	if err := os.Chdir(root); err != nil {
		return nil, err
	}
	err = r.AddGoComments(modulePath, "engine")
	if cdErr := os.Chdir(wd); err == nil {
		err = cdErr
	}
	if err != nil {
		return nil, fmt.Errorf("reading the engine's doc comments: %w", err)
	}
	comments := r.CommentMap
	r.LookupComment = func(t reflect.Type, field string) string {
		return describe(t, field, comments)
	}

	s := r.Reflect(&engine.Norms{})
	s.ID = schemaID
	s.Title = title
	s.Description = description
	if err := setDefaults(s); err != nil {
		return nil, err
	}

	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	// encoding/json escapes <, > and & for HTML, even inside the library's
	// own MarshalJSON output; undo it so "Quizzes < 70" stays readable.
	return []byte(htmlEscapes.Replace(string(b)) + "\n"), nil
}

// defaults are what the engine uses for a key left out, by definition and
// key. The jsonschema tags cannot say them (Go's zero value is not always
// the default), so they are listed here, and a key that disappears from the
// types fails generation instead of silently losing its default.
var defaults = map[string]map[string]any{
	"Grading": {
		"ungraded":            "exclude",
		"missing":             "zero",
		"floor":               0,
		"allow_over_possible": false,
		"empty_categories":    "reweight",
		"letters_from":        "rounded",
	},
	"Category": {
		"aggregate":    "points",
		"decay_weight": 0.65,
		"tie_break":    "most_recent",
		"drop_lowest":  0,
		"drop_highest": 0,
	},
	"Round": {
		"places": 0,
		"mode":   "half_up",
	},
}

func setDefaults(s *jsonschema.Schema) error {
	for def, keys := range defaults {
		d := s.Definitions[def]
		if d == nil {
			return fmt.Errorf("no definition %q for its defaults; update defaults in schemagen", def)
		}
		for key, v := range keys {
			p, ok := d.Properties.Get(key)
			if !ok {
				return fmt.Errorf("%s has no key %q for its default; update defaults in schemagen", def, key)
			}
			p.Default = v
		}
	}
	return nil
}

var htmlEscapes = strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&")

var spaces = regexp.MustCompile(`\s+`)

// describe turns a Go doc comment into a schema description: on one line,
// and naming a field by its key in the file ("ungraded") rather than its Go
// name ("Ungraded"), since people read these in their editor.
func describe(t reflect.Type, field string, comments map[string]string) string {
	key := t.PkgPath() + "." + t.Name()
	if field != "" {
		key += "." + field
	}
	c := strings.TrimSpace(spaces.ReplaceAllString(comments[key], " "))
	if field == "" || c == "" {
		return c
	}
	f, ok := t.FieldByName(field)
	if !ok {
		return c
	}
	// Only when the Go name is the key's (DropLowest, drop_lowest): the
	// comment of Version (key "norms") reads "Version of the format".
	name := strings.Split(f.Tag.Get("json"), ",")[0]
	if !strings.EqualFold(strings.ReplaceAll(name, "_", ""), field) {
		return c
	}
	for _, sep := range []string{" ", ", "} {
		if rest, ok := strings.CutPrefix(c, field+sep); ok {
			return "`" + name + "`" + sep + rest
		}
	}
	return c
}

var (
	decimalType   = reflect.TypeFor[engine.Decimal]()
	scoreTextType = reflect.TypeFor[engine.ScoreText]()
	missingType   = reflect.TypeFor[engine.Missing]()
)

// mapType gives the schema of the types whose text form reflection cannot
// see: they are decoded by hand in engine/load.go. It returns a new value on
// every call because the reflector writes field descriptions into it.
func mapType(t reflect.Type) *jsonschema.Schema {
	switch t {
	case decimalType:
		// An exact decimal, written as a plain number (0.65, 89.5).
		return &jsonschema.Schema{Type: "number"}
	case scoreTextType:
		// A score as a teacher types it; see engine.ParseScore.
		return &jsonschema.Schema{
			AnyOf: []*jsonschema.Schema{
				{Type: "number", Minimum: "0", Description: "points out of 100"},
				{Type: "string", Description: `"47/50", "90%", missing, excused, or any of these followed by "late N"`, Examples: []any{"47/50", "90%", "missing", "excused", "85 late 2"}},
				{Type: "null", Description: "blank: not graded yet"},
			},
		}
	case missingType:
		return &jsonschema.Schema{
			AnyOf: []*jsonschema.Schema{
				{Type: "string", Enum: []any{"zero", "exclude"}},
				{Type: "number", Minimum: "0", Maximum: "100", Description: "missing work counts as this percent"},
				{Type: "string", Pattern: `^[0-9]+(\.[0-9]+)?%$`, Description: "the same percent, written with %"},
			},
		}
	}
	return nil
}
