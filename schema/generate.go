// Package schema holds norms.schema.json, the JSON Schema of the norms file
// format version 1, for editors and other tools: VS Code's YAML extension
// and other YAML language servers complete keys, show their descriptions and
// mark mistakes as people type when a norms file starts with
//
//	# yaml-language-server: $schema=https://teamnorms.github.io/norms/schema/norms.schema.json
//
// The schema is generated from the engine's types (engine.Norms and the
// types it holds) by internal/schemagen, never edited by hand; run
// `go generate ./schema` after changing those types. The package's test
// fails when the committed schema is stale, and checks the starter norms
// against it. The engine itself does not use the schema: engine.Load and
// engine.Compile check more than a schema can say, with positions and
// messages meant for teachers.
package schema

//go:generate go run ../internal/schemagen -o ../schema/norms.schema.json
