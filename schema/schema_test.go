package schema_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/engine/starter"
)

const schemaFile = "norms.schema.json"

// TestSchemaUpToDate regenerates the schema in memory and compares it with
// the committed file, so a change to the engine's types cannot ship with a
// stale schema.
func TestSchemaUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator with go run")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to run the generator with")
	}
	cmd := exec.Command(goTool, "run", "../internal/schemagen", "-o", "-")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	got, err := cmd.Output()
	if err != nil {
		t.Fatalf("running the schema generator: %v\n%s", err, stderr.String())
	}
	want, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatalf("%v; run `go generate ./schema`", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("schema/%s is stale: it differs from what the engine's types give (first difference at line %d); run `go generate ./schema` and commit the result",
			schemaFile, firstDiffLine(got, want))
	}
}

func firstDiffLine(a, b []byte) int {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}

// compileSchema compiles the committed schema.
func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("schema/%s is not JSON: %v", schemaFile, err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://teamnorms.github.io/norms/schema/norms.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("schema/%s is not a valid JSON Schema: %v", schemaFile, err)
	}
	return s
}

// yamlToJSON reads YAML as a language server would and gives the instance
// the schema is checked against.
func yamlToJSON(t *testing.T, text []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(text, &v); err != nil {
		t.Fatalf("not YAML: %v", err)
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("YAML with no JSON form: %v", err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// TestStarterNormsValid checks that the norms `norms init` writes are valid
// against the schema editors will use on them.
func TestStarterNormsValid(t *testing.T) {
	s := compileSchema(t)
	if err := s.Validate(yamlToJSON(t, starter.NormsYAML)); err != nil {
		t.Errorf("the starter norms (engine/starter/norms.yaml) do not match the schema:\n%v", err)
	}
}

// TestSchemaRejects makes sure the schema is not vacuous: a few mistakes
// teachers make are refused.
func TestSchemaRejects(t *testing.T) {
	s := compileSchema(t)
	for _, tc := range []struct{ name, yaml string }{
		{"wrong version", "norms: 2\nteam: T\ngrading: {categories: [{name: A, weight: 1}]}\n"},
		{"no team", "norms: 1\ngrading: {categories: [{name: A, weight: 1}]}\n"},
		{"no categories", "norms: 1\nteam: T\ngrading: {categories: []}\n"},
		{"unknown key", "norms: 1\nteam: T\ngrading: {categories: [{name: A, weight: 1}], ungradded: zero}\n"},
		{"weight as text", "norms: 1\nteam: T\ngrading: {categories: [{name: A, weight: heavy}]}\n"},
		{"bad aggregate", "norms: 1\nteam: T\ngrading: {categories: [{name: A, weight: 1, aggregate: average}]}\n"},
		{"bad missing", "norms: 1\nteam: T\ngrading: {categories: [{name: A, weight: 1}], missing: half}\n"},
		{"missing above 100", "norms: 1\nteam: T\ngrading: {categories: [{name: A, weight: 1}], missing: 150}\n"},
		{"score as a list", "norms: 1\nteam: T\ngrading: {categories: [{name: A, weight: 1}]}\nexamples: [{name: e, scores: {A: [[1]]}, expect: {final: 1}}]\n"},
		{"round places", "norms: 1\nteam: T\ngrading: {categories: [{name: A, weight: 1}], round: {places: 9}}\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := s.Validate(yamlToJSON(t, []byte(tc.yaml))); err == nil {
				t.Errorf("the schema accepts:\n%s", tc.yaml)
			}
		})
	}
	// And the forms the format allows are accepted.
	ok := "norms: 1\nteam: T\ngrading:\n  categories: [{name: A, weight: 0.5, decay_weight: 0.65}]\n  missing: 50\n" +
		"examples: [{name: e, scores: {A: [95, \"47/50\", \"90%\", missing, excused, null, \"85 late 2\"]}, expect: {final: 89.5, flags: []}}]\n"
	if err := s.Validate(yamlToJSON(t, []byte(ok))); err != nil {
		t.Errorf("the schema refuses a valid norms file: %v", err)
	}
}

// TestStarter checks what `norms init` writes and `norms grade --example`
// uses: the starter norms have no problem, not even a warning, their
// examples (computed by hand) pass, and the sample gradebook grades cleanly
// with them.
func TestStarter(t *testing.T) {
	p, ds := engine.Check("norms.yaml", starter.NormsYAML)
	if len(ds) > 0 {
		t.Fatalf("the starter norms have problems:\n%v", ds)
	}
	for _, r := range p.RunExamples() {
		if !r.Pass {
			t.Errorf("starter example %q fails: %s", r.Name, strings.Join(r.Failures, "; "))
		}
	}
	book, ds := engine.ReadGradebookCSV("gradebook.csv", starter.GradebookCSV)
	if len(ds) > 0 {
		t.Fatalf("the sample gradebook has problems:\n%v", ds)
	}
	rep, ds := p.Grade(book)
	if len(ds) > 0 {
		t.Fatalf("grading the sample gradebook: %v", ds)
	}
	// The sample shows each flag on exactly one student (docs say who).
	flagged := map[string][]string{}
	for _, s := range rep.Students {
		if s.Error != "" || s.Rounded == nil || s.Letter == "" {
			t.Errorf("%s has no grade: %q", s.Name, s.Error)
		}
		for _, f := range s.Flags {
			flagged[f] = append(flagged[f], s.Name)
		}
	}
	want := map[string][]string{"Quiz support": {"Ava Nguyen"}, "Missing work meeting": {"Ethan Brooks"}}
	for f, names := range want {
		if strings.Join(flagged[f], ",") != strings.Join(names, ",") {
			t.Errorf("flag %q is raised for %v, want %v", f, flagged[f], names)
		}
	}
}

// TestDocsShowStarter keeps the copies of the starter files in the docs
// identical to the files themselves.
func TestDocsShowStarter(t *testing.T) {
	for _, tc := range []struct {
		doc, lang string
		file      []byte
	}{
		{"../docs/norms-file.md", "yaml", starter.NormsYAML},
		{"../docs/gradebook-json.md", "csv", starter.GradebookCSV},
	} {
		doc, err := os.ReadFile(tc.doc)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(doc, []byte("```"+tc.lang+"\n"+string(tc.file)+"```\n")) {
			t.Errorf("%s does not show the starter file as it is; copy it in again", tc.doc)
		}
	}
}
