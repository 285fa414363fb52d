// Package starter holds the starter norms and the sample gradebook that ship
// inside the norms binary: `norms init` writes NormsYAML as a team's first
// norms file, and `norms grade --example` grades GradebookCSV with it, so a
// new user sees the whole pipeline work before writing anything.
//
// Both files are plain text a teacher can read: norms.yaml comments every
// key and shows its examples' arithmetic, and gradebook.csv is in the CSV
// form of docs/gradebook-json.md. The schema tests check that NormsYAML
// stays valid against schema/norms.schema.json.
package starter

import _ "embed"

// NormsYAML is the commented starter norms file (norms.yaml) of a Grade 7
// team: three weighted categories, a late rule, letters, two flags and four
// worked examples.
//
//go:embed norms.yaml
var NormsYAML []byte

// GradebookCSV is a sample gradebook (gradebook.csv) for NormsYAML: eight
// students and ten assignments, with missing, excused, blank, late,
// fractional and extra-credit scores.
//
//go:embed gradebook.csv
var GradebookCSV []byte
