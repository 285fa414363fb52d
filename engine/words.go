package engine

import (
	"fmt"
	"strconv"
	"strings"
)

// InWords says what the norms do, one sentence a line, for the Norms sheet
// of filled workbooks and the team report: categories with their weights and aggregates, drops, the missing,
// late, floor and ungraded policies, rounding, letters and flags. It reads
// the loaded norms only and decides nothing: every default it names is the
// one docs/norms-file.md documents.
func (n *Norms) InWords() []string {
	g := n.Grading
	var lines []string
	add := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	total := 0.0
	for _, c := range g.Categories {
		total += c.Weight.Float64()
	}
	for _, c := range g.Categories {
		share := ""
		if total > 0 {
			share = fmt.Sprintf(" (%s%% of the final when every category has grades)", trimFloat(100*c.Weight.Float64()/total))
		}
		line := fmt.Sprintf("%s: weight %s%s; %s", c.Name, c.Weight.String(), share, aggregateWords(c))
		if c.DropLowest > 0 {
			line += fmt.Sprintf("; the lowest %s dropped", plural(c.DropLowest, "score is", "scores are"))
		}
		if c.DropHighest > 0 {
			line += fmt.Sprintf("; the highest %s dropped", plural(c.DropHighest, "score is", "scores are"))
		}
		if len(c.NeverDrop) > 0 {
			line += "; never dropped: " + strings.Join(c.NeverDrop, ", ")
		}
		lines = append(lines, line+".")
	}
	switch g.Missing.Policy {
	case "exclude":
		add("Missing work (M) is left out, like excused work.")
	case "percent":
		add("Missing work (M) counts as %s%%.", g.Missing.Percent.String())
	default:
		add("Missing work (M) counts as zero.")
	}
	add("Excused work (EX) is left out of earned and possible points alike.")
	if g.Ungraded == "zero" {
		add("A blank score (not graded yet) counts as zero.")
	} else {
		add("A blank score (not graded yet) is left out of the current grade; the projected grade counts it as zero.")
	}
	if strings.TrimSpace(g.Late) != "" {
		add("Late work loses this many percentage points: %s (days_late is the number of days late).", strings.TrimSpace(g.Late))
	} else {
		add("Late work loses nothing.")
	}
	if g.Floor != nil && g.Floor.Sign() > 0 {
		add("No graded assignment counts for less than %s%%, after late deductions.", g.Floor.String())
	}
	if g.AllowOverPossible {
		add("A score may be above its points possible.")
	}
	if g.EmptyCategories == "zero" {
		add("A category with nothing graded counts as 0%%.")
	} else {
		add("A category with nothing graded is left out, and the other categories' weights share its place.")
	}
	if strings.TrimSpace(g.Final) != "" {
		add("The final is computed as: %s.", strings.TrimSpace(g.Final))
	} else {
		add("The final is the weighted mean of the category percents.")
	}
	mode := g.Round.Mode
	if mode == "" {
		mode = "half_up"
	}
	if mode == "none" {
		add("The final is not rounded.")
	} else {
		add("The final is rounded to %s, %s.", plural(g.Round.Places, "decimal place", "decimal places"), strings.ReplaceAll(mode, "_", " "))
	}
	if len(g.Letters) > 0 {
		var ls []string
		for _, l := range g.Letters {
			ls = append(ls, fmt.Sprintf("%s from %s", l.Letter, l.Min.String()))
		}
		from := "rounded"
		if g.LettersFrom == "exact" {
			from = "exact"
		}
		add("Letters (from the %s final): %s.", from, strings.Join(ls, ", "))
	}
	for _, fl := range n.Flags {
		line := fmt.Sprintf("Flag %q when %s", fl.Name, fl.When)
		if fl.Description != "" {
			line += ": " + fl.Description
		}
		lines = append(lines, strings.TrimSuffix(line, ".")+".")
	}
	return lines
}

func aggregateWords(c Category) string {
	switch c.Aggregate {
	case "", "points":
		return "total points earned / total points possible"
	case "mean":
		return "the mean of the assignment percents, each assignment counting the same"
	case "median":
		return "the median of the assignment percents"
	case "highest":
		return "the highest assignment percent"
	case "most_recent":
		return "the most recent assignment percent"
	case "decaying":
		w := "0.65"
		if c.DecayWeight != nil {
			w = c.DecayWeight.String()
		}
		return "a decaying average: each new score counts " + w + ", everything before it the rest"
	case "power_law":
		return "a power-law trend of the assignment percents"
	case "mode":
		tb := "the most recent"
		if c.TieBreak == "highest" {
			tb = "the highest"
		}
		return "the most frequent assignment percent (ties: " + tb + ")"
	}
	return c.Aggregate
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// trimFloat writes a share for people: up to 2 places, no trailing zeros.
func trimFloat(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	return s
}
