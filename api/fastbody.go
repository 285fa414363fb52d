package api

import (
	"github.com/teamnorms/norms/engine"
	"github.com/teamnorms/norms/internal/jsonscan"
)

// decodeBodyFast reads a request body in one pass (package jsonscan) when
// it is an object of known fields, each at most once, with values of the
// right kinds: the common request. It checks the whole body is valid JSON
// as it goes, keeps "norms", "gradebook" and "incidents" as views of the
// body (no copy), and returns ok=false on anything else, for decodeBody to
// decode with encoding/json and report with its exact diagnostics.
// Whatever it accepts, decodeBody reads to the same request
// (TestDecodeBodyFastAgrees).
//
// A gradebook in the common JSON form is read into r.book in that same
// pass, by the engine's one-pass reader, which checks its JSON as it reads
// it: the gradebook is scanned once, not checked here and read again by
// Server.gradebook. Any other gradebook is only checked here, and read
// (and reported) there by engine.ReadGradebookJSON.
func decodeBodyFast(body []byte, allowed []string) (r rawRequest, ok bool) {
	s := jsonscan.Scanner{B: body}
	var seen uint16
	s.SkipSpace()
	ok = s.Object(func(key []byte) bool {
		bit := uint16(0)
		for i, a := range allowed {
			if string(key) == a {
				bit = 1 << i
			}
		}
		if bit == 0 || seen&bit != 0 {
			return false
		}
		seen |= bit
		start := s.I
		switch string(key) {
		case "gradebook":
			if book, n := engine.ReadGradebookJSONPrefix(gradebookFile, body[start:]); book != nil {
				s.I += n
				r.book = book
			} else if !s.Value() {
				return false
			}
			r.Gradebook = body[start:s.I:s.I]
			return true
		case "norms", "incidents":
			if !s.Value() {
				return false
			}
			if string(key) == "norms" {
				r.Norms = body[start:s.I:s.I]
			} else {
				r.Incidents = body[start:s.I:s.I]
			}
			return true
		}
		// A string, or null (which leaves the field as it is).
		if s.Literal("null") {
			return true
		}
		text, ok := s.Str()
		if !ok {
			return false
		}
		t := string(text)
		switch string(key) {
		case "norms_name":
			r.NormsName = t
		case "gradebook_csv":
			r.GradebookCSV = &t
		case "incidents_csv":
			r.IncidentsCSV = &t
		case "student":
			r.Student = &t
		case "as_of":
			r.AsOf = t
		default:
			return false
		}
		return true
	})
	return r, ok && s.AtEnd()
}
