package main

import (
	"bytes"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/schollz/progressbar/v3"
)

// The bar is quiet when stderr is not a terminal (as in every test and
// script), and on a terminal shows only for books of more than
// progressRows rows: reading, then writing.
func TestFillProgress(t *testing.T) {
	var buf bytes.Buffer
	if p := newFillProgress(&buf); p.out != nil {
		t.Fatal("a buffer was taken for a terminal")
	}
	run := func(rows int) (shown []string, out string) {
		var term bytes.Buffer
		var mu sync.Mutex
		p := &fillProgress{out: &term, newBar: func(w io.Writer, max int, what string) *progressbar.ProgressBar {
			mu.Lock()
			shown = append(shown, what)
			mu.Unlock()
			return newRowsBar(w, max, what)
		}}
		for range rows {
			p.rows(1)
		}
		p.write()
		for range rows {
			p.rows(1)
		}
		p.done()
		return shown, term.String()
	}
	if shown, out := run(progressRows); len(shown) != 0 || out != "" {
		t.Errorf("%d rows: bars %v, output %q; want none", progressRows, shown, out)
	}
	shown, out := run(progressRows + 1)
	if strings.Join(shown, ",") != "reading,writing" || !strings.Contains(out, "rows") {
		t.Errorf("%d rows: bars %v, output %q; want reading then writing", progressRows+1, shown, out)
	}
}
