package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompare: a workbook is the same as itself and as a second sample,
// and one changed cell is a difference that names the cell: the verdict
// the Node and browser tests rely on can fail.
func TestCompare(t *testing.T) {
	dir := t.TempDir()
	a, b, c := filepath.Join(dir, "a.xlsx"), filepath.Join(dir, "b.xlsx"), filepath.Join(dir, "c.xlsx")
	for _, args := range [][]string{{"sample", a}, {"sample", b}, {"sample", c, "Gradebook!D7=lots"}} {
		var stderr bytes.Buffer
		if code := run(args, &bytes.Buffer{}, &stderr); code != 0 {
			t.Fatalf("xlsxcheck %v: exit %d: %s", args, code, &stderr)
		}
	}
	var out bytes.Buffer
	if code := run([]string{"compare", a, b}, &out, &out); code != 0 || !strings.HasPrefix(out.String(), "same: 1 sheets (Gradebook), ") {
		t.Errorf("a and b: exit %d: %s", code, &out)
	}
	out.Reset()
	if code := run([]string{"compare", a, c}, &out, &out); code != 1 || !strings.Contains(out.String(), `Gradebook!D7: `+a+` has "17", `+c+` has "lots"`) {
		t.Errorf("a and c: exit %d: %s", code, &out)
	}
	if code := run([]string{"compare", a}, &out, &out); code != 2 {
		t.Errorf("a bad command line: exit %d, want 2", code)
	}
}
