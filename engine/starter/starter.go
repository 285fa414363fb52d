// Package starter holds the starter norms, the sample gradebook and the
// sample incident log that ship inside the norms binary: `norms init` writes
// NormsYAML as a team's first norms file, `norms grade --example` grades
// GradebookCSV with it and `norms conduct --example` applies its conduct
// norms to IncidentsCSV, so a new user sees the whole pipeline work before
// writing anything.
//
// The files are plain text a teacher can read: norms.yaml comments every
// key and shows its examples' arithmetic, gradebook.csv is in the CSV form
// of docs/gradebook-json.md and incidents.csv in the log form of
// docs/conduct.md. The schema tests check that NormsYAML stays valid
// against schema/norms.schema.json.
package starter

import _ "embed"

// NormsYAML is the commented starter norms file (norms.yaml) of a Grade 7
// team: three weighted categories, a late rule, letters, two flags, a
// two-term calendar, three conduct behaviors and an escalation rule, and
// six worked examples (four of grading, two of conduct).
//
//go:embed norms.yaml
var NormsYAML []byte

// GradebookCSV is a sample gradebook (gradebook.csv) for NormsYAML: eight
// students and ten assignments, with missing, excused, blank, late,
// fractional and extra-credit scores.
//
//go:embed gradebook.csv
var GradebookCSV []byte

// IncidentsCSV is a sample conduct log (incidents.csv) for NormsYAML:
// twenty-five incidents of eight students logged by four teachers, in the
// order of an export sorted by teacher, with aliases, dates typed as
// 9/15/2026, and a same-day pair whose times decide their order.
//
//go:embed incidents.csv
var IncidentsCSV []byte
