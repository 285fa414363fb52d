package engine

// Placeholder types for the conduct part of the norms file; the conduct
// issue fills them in.

// Calendar holds the school year's terms.
type Calendar struct{}

// Conduct holds the team's consequence ladders and escalation rules.
type Conduct struct{}

// ExampleIncident is one incident of a conduct example.
type ExampleIncident struct{}

func (ex Example) isConduct() bool { return len(ex.Incidents) > 0 }

func (c *compiler) conduct(n *Norms) {}

func (c *compiler) conductExample(i int, ex Example) {}

func (p *Program) runConductExample(i int, ex Example) ExampleResult {
	return ExampleResult{Name: ex.Name, Failures: []string{"conduct examples are not supported yet"}}
}
