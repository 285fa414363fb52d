package main

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressRows is the size of book from which fill shows a progress bar:
// below it a fill takes well under a second.
const progressRows = 2000

// fillProgress is fill's progress bar on standard error: shown only when
// standard error is a terminal and the book has more than progressRows
// rows, so scripts, logs and tests see nothing. xlsx calls rows for each
// row read (Open) and then written (Write).
type fillProgress struct {
	out io.Writer // nil: quiet
	// newBar makes a bar; a parameter so tests can see what is shown.
	newBar func(out io.Writer, max int, what string) *progressbar.ProgressBar

	mu      sync.Mutex
	read    int // rows read
	writing bool
	bar     *progressbar.ProgressBar
}

// newFillProgress is quiet unless stderr is a terminal.
func newFillProgress(stderr io.Writer) *fillProgress {
	p := &fillProgress{newBar: newRowsBar}
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.out = f
	}
	return p
}

// newRowsBar is a bar counting rows; max -1 is a spinner (the number of
// rows is not known while the workbook is read).
func newRowsBar(out io.Writer, max int, what string) *progressbar.ProgressBar {
	return progressbar.NewOptions(max,
		progressbar.OptionSetWriter(out),
		progressbar.OptionSetDescription(what),
		progressbar.OptionSetItsString("rows"),
		progressbar.OptionShowIts(),
		progressbar.OptionShowCount(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

// rows is xlsx.Options.Progress.
func (p *fillProgress) rows(n int) {
	if p.out == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.writing {
		p.read += n
		if p.bar == nil && p.read > progressRows {
			p.bar = p.newBar(p.out, -1, "reading")
			p.bar.Add(p.read - n)
		}
	}
	if p.bar != nil {
		p.bar.Add(n)
	}
}

// write ends the reading bar and, for a big book, starts the writing one,
// whose end is the number of rows read.
func (p *fillProgress) write() {
	if p.out == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finishLocked()
	p.writing = true
	if p.read > progressRows {
		p.bar = p.newBar(p.out, p.read, "writing")
	}
}

// done clears the bar, so the summary line that follows stands alone.
func (p *fillProgress) done() {
	if p.out == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finishLocked()
}

func (p *fillProgress) finishLocked() {
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
	}
}
