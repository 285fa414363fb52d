package engine

// This file is the model of a norms file, version 1. Field tags are the key
// names in the file (YAML or JSON); docs/norms-file.md describes each one and
// schema/norms.schema.json is generated from these types.

// Norms is a team's agreed rules, as loaded from a norms file.
type Norms struct {
	// Version of the norms file format; must be 1.
	Version int `json:"norms" jsonschema:"required,enum=1"`
	// Team is the name of the teaching team that agreed on these norms.
	Team string `json:"team" jsonschema:"required"`
	// Grading says how scores become category percents, a final and a letter.
	Grading Grading `json:"grading" jsonschema:"required"`
	// Flags name interventions for common planning, each with a condition.
	Flags []Flag `json:"flags,omitempty"`
	// Calendar holds the school year's terms, for conduct resets.
	Calendar Calendar `json:"calendar,omitempty"`
	// Conduct holds the team's consequence ladders.
	Conduct Conduct `json:"conduct,omitempty"`
	// Examples are the team's agreed cases; `norms test` checks them.
	Examples []Example `json:"examples,omitempty"`
	// Gradebook says where a gradebook spreadsheet keeps its students,
	// assignments, categories and points, when it is neither the Norms
	// template nor a Canvas export; and how assignment names map to
	// categories when the sheet has no category row.
	Gradebook GradebookLayout `json:"gradebook,omitempty"`

	// positions of every value, by data path; filled by Load.
	src *source
}

// Grading holds the grading norms.
type Grading struct {
	// Categories of assignments, each with a relative weight.
	Categories []Category `json:"categories" jsonschema:"required,minItems=1"`
	// Ungraded says what a blank score means for the current grade:
	// "exclude" (default) or "zero". The projected final always counts
	// blanks as zero.
	Ungraded string `json:"ungraded,omitempty" jsonschema:"enum=exclude,enum=zero"`
	// Missing says what a missing score counts as: "zero" (default),
	// "exclude", or a percent (a minimum-grade policy, e.g. 50).
	Missing Missing `json:"missing,omitempty"`
	// Floor is the lowest percent any graded assignment counts for, after
	// late deductions (default 0).
	Floor *Decimal `json:"floor,omitempty"`
	// Late is an expression giving percentage points deducted from a late
	// assignment, over days_late, percent, possible, category, assignment.
	Late string `json:"late,omitempty"`
	// AllowOverPossible lets a score exceed its points possible (otherwise
	// such a score is reported as a data error).
	AllowOverPossible bool `json:"allow_over_possible,omitempty"`
	// EmptyCategories says what a category with nothing graded does to the
	// final: "reweight" (default: left out, the other weights renormalised)
	// or "zero" (counts as 0 percent).
	EmptyCategories string `json:"empty_categories,omitempty" jsonschema:"enum=reweight,enum=zero"`
	// Final is an optional expression for the final percent over category
	// percents, weighted, and counts; default: the weighted mean.
	Final string `json:"final,omitempty"`
	// Round says how the final is rounded before letters are applied.
	Round Round `json:"round,omitempty"`
	// Letters are ordered cutoffs: inclusive lower bounds, highest first.
	Letters []Letter `json:"letters,omitempty"`
	// LettersFrom says whether letters apply to the "rounded" final
	// (default) or the "exact" one.
	LettersFrom string `json:"letters_from,omitempty" jsonschema:"enum=rounded,enum=exact"`
}

// Category is one category of assignments (Homework, Quizzes, Tests...).
type Category struct {
	Name string `json:"name" jsonschema:"required"`
	// Weight is relative: the final is Σ w·p / Σ w over counted categories.
	Weight Decimal `json:"weight" jsonschema:"required"`
	// Aggregate is how the category's assignments combine: points (default),
	// mean, median, highest, most_recent, decaying, power_law, mode.
	Aggregate string `json:"aggregate,omitempty" jsonschema:"enum=points,enum=mean,enum=median,enum=highest,enum=most_recent,enum=decaying,enum=power_law,enum=mode"`
	// DecayWeight is w for the decaying aggregate (default 0.65): each new
	// score counts w, everything before it 1-w.
	DecayWeight *Decimal `json:"decay_weight,omitempty"`
	// TieBreak chooses between equally frequent scores for the mode
	// aggregate: "most_recent" (default) or "highest".
	TieBreak string `json:"tie_break,omitempty" jsonschema:"enum=most_recent,enum=highest"`
	// DropLowest drops this many of the lowest scores.
	DropLowest int `json:"drop_lowest,omitempty" jsonschema:"minimum=0"`
	// DropHighest drops this many of the highest scores.
	DropHighest int `json:"drop_highest,omitempty" jsonschema:"minimum=0"`
	// NeverDrop names assignments that are never dropped.
	NeverDrop []string `json:"never_drop,omitempty"`
}

// Round says how the final is rounded.
type Round struct {
	// Places after the decimal point (default 0).
	Places int `json:"places,omitempty" jsonschema:"minimum=0,maximum=6"`
	// Mode is half_up (default), half_even, down, up or none.
	Mode string `json:"mode,omitempty" jsonschema:"enum=half_up,enum=half_even,enum=down,enum=up,enum=none"`
}

// Letter is one letter cutoff: a final at or above Min earns Letter.
type Letter struct {
	Letter string  `json:"letter" jsonschema:"required"`
	Min    Decimal `json:"min" jsonschema:"required"`
}

// Flag is a named intervention with the condition that raises it.
type Flag struct {
	Name string `json:"name" jsonschema:"required"`
	// When is an expression over the grading environment, e.g. Quizzes < 70.
	When string `json:"when" jsonschema:"required"`
	// Description says what the team does about it, for reports.
	Description string `json:"description,omitempty"`
}

// Example is one of the team's agreed cases: a student's scores and what
// the norms must give for them.
type Example struct {
	Name string `json:"name" jsonschema:"required"`
	// Scores per category, in assignment order. Each is a score as teachers
	// type it: 95 (out of 100), "47/50", "90%", missing, excused, null
	// (blank), "85 late 2".
	Scores map[string][]ScoreText `json:"scores,omitempty"`
	// Incidents make this a conduct example: a student's incident history,
	// oldest first; the expectation is the consequence of the last one.
	Incidents []ExampleIncident `json:"incidents,omitempty"`
	// Expect is what the norms must give.
	Expect Expectation `json:"expect" jsonschema:"required"`
}

// Expectation is the expected outcome of an example. Only the fields given
// are compared.
type Expectation struct {
	// Final is the expected rounded final percent.
	Final *Decimal `json:"final,omitempty"`
	// Letter is the expected letter.
	Letter string `json:"letter,omitempty"`
	// Flags, when given, must be exactly the flags raised (in any order).
	Flags *[]string `json:"flags,omitempty"`
	// Categories are expected category percents (rounded like the final).
	Categories map[string]Decimal `json:"categories,omitempty"`
	// Consequence is the expected consequence of a conduct example's last
	// incident.
	Consequence string `json:"consequence,omitempty"`
}

// ScoreText is one score written as a teacher types it; see ParseScore.
// In YAML it may be a number, a string or null.
type ScoreText string

// Missing is the missing-work policy: "zero", "exclude" or a percent.
type Missing struct {
	// Policy is "zero", "exclude" or "percent".
	Policy string
	// Percent is the minimum percent when Policy is "percent".
	Percent Decimal
}
