package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
	"golang.org/x/term"
)

// progress draws a one-line bar on a terminal and plain lines elsewhere, so
// logs of CI jobs stay readable.
type progress struct {
	w     io.Writer
	tty   bool
	last  time.Time
	label string
	drawn bool
	// tenth and lastDone are what plain output printed last.
	tenth, lastDone int
}

func newProgress(w io.Writer, label string) *progress {
	tty := false
	if f, ok := w.(*os.File); ok {
		tty = term.IsTerminal(int(f.Fd()))
	}
	return &progress{w: w, tty: tty, label: label}
}

// update reports done of total; detail is the current item.
func (p *progress) update(done, total int, bytes int64, detail string) {
	if p.tty {
		now := time.Now()
		if done < total && now.Sub(p.last) < 80*time.Millisecond {
			return
		}
		p.last = now
		const width = 28
		fill := 0
		if total > 0 {
			fill = done * width / total
		}
		bar := strings.Repeat("█", fill) + strings.Repeat("░", width-fill)
		line := fmt.Sprintf("\r%s %s %d/%d %s %s", p.label, bar, done, total, humanize.IBytes(uint64(bytes)), shorten(detail, 40))
		fmt.Fprintf(p.w, "%s\x1b[K", line)
		p.drawn = true
		return
	}
	// Plain output: the first report, each further tenth and the end, so a
	// big batch writes about ten lines whatever steps its caller reports in
	// (a vector index rebuild reports every 1%, not every item).
	tenth := 10 * done / max(total, 1)
	if !p.drawn || tenth > p.tenth || (done == total && p.lastDone != total) {
		p.drawn, p.tenth, p.lastDone = true, tenth, done
		fmt.Fprintf(p.w, "%s %d/%d %s\n", p.label, done, total, detail)
	}
}

// finish ends the bar's line.
func (p *progress) finish() {
	if p.tty && p.drawn {
		fmt.Fprint(p.w, "\r\x1b[K")
	}
}

func shorten(s string, n int) string {
	base := filepath.Base(s)
	r := []rune(base)
	if len(r) <= n {
		return base
	}
	return "…" + string(r[len(r)-n+1:])
}
