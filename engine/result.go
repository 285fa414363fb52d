package engine

// Report is the result of grading a gradebook: one StudentResult per student,
// in the gradebook's order.
type Report struct {
	Team string `json:"team"`
	// Categories names the norms' categories in order, with their weights.
	Categories []CategoryInfo  `json:"categories"`
	Students   []StudentResult `json:"students"`
}

// CategoryInfo is a category's name, weight and the identifier expressions
// use for its percent.
type CategoryInfo struct {
	Name       string  `json:"name"`
	Weight     Decimal `json:"weight"`
	Identifier string  `json:"identifier"`
}

// StudentResult is one student's grade. Percents are exact decimals (up to
// 19 significant digits); Rounded is the final after the norms' rounding.
// A percent is null (nil) when nothing counted toward it.
type StudentResult struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Categories are in the norms' order.
	Categories []CategoryResult `json:"categories"`
	// Final is the current grade, exact: blanks handled by grading.ungraded.
	Final *Decimal `json:"final"`
	// Rounded is Final rounded by grading.round.
	Rounded *Decimal `json:"rounded"`
	// Letter is the letter of Rounded (or Final with letters_from: exact).
	Letter string `json:"letter"`
	// Projected is the final if every blank score were zero, rounded like
	// Rounded, with its letter (Canvas shows both grades the same way).
	Projected       *Decimal `json:"projected"`
	ProjectedLetter string   `json:"projected_letter"`
	// Flags raised for this student, in the norms' order.
	Flags []string `json:"flags"`
	// Counts of marks across all assignments.
	MissingCount  int `json:"missing_count"`
	LateCount     int `json:"late_count"`
	ExcusedCount  int `json:"excused_count"`
	UngradedCount int `json:"ungraded_count"`
	// Error, when set, says why this student could not be graded (an
	// expression failed on their data); the other fields are then empty.
	Error string `json:"error,omitempty"`
}

// CategoryResult is one category's outcome for one student.
type CategoryResult struct {
	Name string `json:"name"`
	// Percent is the current category percent; nil when nothing counted.
	Percent *Decimal `json:"percent"`
	// Projected is the percent with blanks as zero; nil when nothing counts.
	Projected *Decimal `json:"projected"`
	// Counted is how many scores counted, Dropped how many were dropped.
	Counted int `json:"counted"`
	Dropped int `json:"dropped"`
}

// ExampleResult is the outcome of one of the norms' examples.
type ExampleResult struct {
	Name string `json:"name"`
	Pass bool   `json:"pass"`
	// Failures list each expectation that did not hold, as
	// "letter: expected B+, got B".
	Failures []string `json:"failures,omitempty"`
	// Got is the student's result under the norms.
	Got *StudentResult `json:"got,omitempty"`
	Pos
}
