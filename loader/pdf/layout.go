package pdf

import (
	"slices"
	"sort"
)

// Reading order. pdfium returns text in content-stream order, which is the
// reading order for most producers (Hancom, LibreOffice, Word) but not for
// all two-column layouts: some write across the page, line by line. When a
// page clearly has two columns, order puts the left column before the right
// one, between the full-width lines (titles, running headers) that cut the
// page into bands; otherwise it keeps pdfium's order.

// Column detection thresholds.
const (
	colMinLines  = 4    // lines each column needs
	colMaxSpan   = 0.25 // share of lines allowed to cross the gutter (titles, headers)
	colMinGutter = 6.0  // points of white between the columns
)

// order returns lines in reading order.
func order(lines []line) []line {
	gutter, ok := findGutter(lines)
	if !ok {
		return lines
	}
	out := make([]line, 0, len(lines))
	var left, right []line
	flush := func() {
		byTop := func(a, b line) int {
			switch {
			case a.y0 < b.y0:
				return -1
			case a.y0 > b.y0:
				return 1
			}
			return 0
		}
		slices.SortStableFunc(left, byTop)
		slices.SortStableFunc(right, byTop)
		out = append(out, left...)
		out = append(out, right...)
		left, right = left[:0], right[:0]
	}
	// Walk top-down so a full-width line closes the band above it.
	sorted := slices.Clone(lines)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].y0 < sorted[j].y0 })
	for _, l := range sorted {
		switch {
		case !l.hasBox:
			left = append(left, l)
		case l.x1 <= gutter:
			left = append(left, l)
		case l.x0 >= gutter:
			right = append(right, l)
		default:
			flush()
			out = append(out, l)
		}
	}
	flush()
	return out
}

// findGutter looks for a vertical strip near the middle of the text that
// few lines cross, with enough lines on each side that overlap in height.
// It returns the strip's x and whether the page clearly has two columns.
func findGutter(lines []line) (float64, bool) {
	minX, maxX, boxed := 0.0, 0.0, 0
	for _, l := range lines {
		if !l.hasBox {
			continue
		}
		if boxed == 0 || l.x0 < minX {
			minX = l.x0
		}
		if boxed == 0 || l.x1 > maxX {
			maxX = l.x1
		}
		boxed++
	}
	// The scan below steps one point at a time: a page wider than any
	// paper (or NaN from a hostile file) is not worth it.
	if boxed < 2*colMinLines || boxed*10 < len(lines)*9 || !(maxX-minX >= 100 && maxX-minX < 20000) {
		return 0, false
	}
	// Scan point by point; the gutter is the middle of the widest run of
	// positions crossed by the fewest lines.
	lo, hi := minX+0.35*(maxX-minX), minX+0.65*(maxX-minX)
	best, bestCross, bestRun := 0.0, boxed+1, -1.0
	curCross, curStart := -1, lo
	for x := lo; x <= hi+1; x++ {
		cross := -2 // past the end: closes the last run
		if x <= hi {
			cross = 0
			for _, l := range lines {
				if l.hasBox && l.x0 < x && l.x1 > x {
					cross++
				}
			}
		}
		if cross == curCross {
			continue
		}
		if curCross >= 0 {
			run := x - 1 - curStart
			if curCross < bestCross || (curCross == bestCross && run > bestRun) {
				best, bestCross, bestRun = curStart+run/2, curCross, run
			}
		}
		curCross, curStart = cross, x
	}
	if bestRun < colMinGutter {
		return 0, false
	}
	if float64(bestCross) > colMaxSpan*float64(boxed) {
		return 0, false
	}
	var lTop, lBot, rTop, rBot float64
	nl, nr := 0, 0
	for _, l := range lines {
		switch {
		case !l.hasBox:
		case l.x1 <= best:
			if nl == 0 || l.y0 < lTop {
				lTop = l.y0
			}
			lBot = max(lBot, l.y1)
			nl++
		case l.x0 >= best:
			if nr == 0 || l.y0 < rTop {
				rTop = l.y0
			}
			rBot = max(rBot, l.y1)
			nr++
		}
	}
	if nl < colMinLines || nr < colMinLines {
		return 0, false
	}
	// The two sides must share most of their height: a narrow caption
	// beside a picture, or a form's labels and values, are not columns
	// unless both run down the page together.
	overlap := min(lBot, rBot) - max(lTop, rTop)
	if overlap < 0.5*min(lBot-lTop, rBot-rTop) {
		return 0, false
	}
	return best, true
}

// blocks groups lines into paragraphs: a new block starts where the white
// space above a line is clearly more than the usual line spacing of the
// page (measured, since Hancom documents are often double-spaced), or
// where the text moves back up (the next column).
func blocks(lines []line) []string {
	if len(lines) == 0 {
		return nil
	}
	var heights, gaps []float64
	for i, l := range lines {
		if !l.hasBox || l.y1 <= l.y0 {
			continue
		}
		heights = append(heights, l.y1-l.y0)
		if i > 0 && lines[i-1].hasBox {
			if g := l.y0 - lines[i-1].y1; g >= 0 {
				gaps = append(gaps, g)
			}
		}
	}
	h, gap := median(heights), median(gaps)
	limit := max(gap+0.4*h, 0.6*h)
	var out []string
	cur := []string{lines[0].text}
	for i := 1; i < len(lines); i++ {
		prev, l := lines[i-1], lines[i]
		if h > 0 && prev.hasBox && l.hasBox && (l.y0-prev.y1 > limit || l.y1 < prev.y0) {
			out = append(out, joinLines(cur))
			cur = cur[:0]
		}
		cur = append(cur, l.text)
	}
	return append(out, joinLines(cur))
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	sort.Float64s(v)
	return v[len(v)/2]
}

func joinLines(lines []string) string {
	n := 0
	for _, l := range lines {
		n += len(l) + 1
	}
	b := make([]byte, 0, n)
	for i, l := range lines {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, l...)
	}
	return string(b)
}
