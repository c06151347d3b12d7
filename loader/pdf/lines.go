package pdf

import (
	"sort"

	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
)

// A pdfium line is usually right as it is, and costs two or three calls:
// the rectangles of its character runs give its box. Two things go wrong
// often enough to check, both visible in the rectangles:
//
//   - runs that sit on different heights were merged into one line (Hancom
//     puts the page number "- 2 -" just above the first line of even pages,
//     and pdfium appends it to that line);
//   - a run drawn after the rest of the line lands at its end although it
//     sits in its middle (LibreOffice draws fallback-font glyphs such as
//     "․" last: "운임 하역비 ․ ․ ․").
//
// Only then are the characters' own boxes fetched (a call per character)
// to split the line into rows and put each row in left-to-right order.

// box is a rectangle in points from the page's top-left corner.
type box struct{ x0, y0, x1, y1 float64 }

// placeLine turns one pdfium line (seg, starting at character index start)
// into one or more positioned lines.
func (e *extractor) placeLine(tp references.FPDF_TEXTPAGE, start int, seg []rune, height float64) []line {
	rects := e.rects(tp, start, len(seg), height)
	if len(rects) == 0 {
		return []line{{text: string(seg)}}
	}
	rows := rowsOf(rects)
	if len(rows) == 1 && !backwards(rects) {
		u := rows[0]
		return []line{{text: string(seg), x0: u.x0, y0: u.y0, x1: u.x1, y1: u.y1, hasBox: true}}
	}
	chars := make([]placed, len(seg))
	for i, r := range seg {
		chars[i].r = r
		b, err := e.inst.FPDFText_GetCharBox(&requests.FPDFText_GetCharBox{TextPage: tp, Index: start + i})
		if err == nil && b.Right > b.Left {
			chars[i].b = box{b.Left, height - b.Top, b.Right, height - b.Bottom}
			chars[i].ok = true
		}
	}
	return splitRows(chars, rows)
}

// rects returns pdfium's rectangles for count characters from start.
func (e *extractor) rects(tp references.FPDF_TEXTPAGE, start, count int, height float64) []box {
	n, err := e.inst.FPDFText_CountRects(&requests.FPDFText_CountRects{TextPage: tp, StartIndex: start, Count: count})
	if err != nil || n.Count <= 0 {
		return nil
	}
	out := make([]box, 0, n.Count)
	for k := 0; k < n.Count; k++ {
		r, err := e.inst.FPDFText_GetRect(&requests.FPDFText_GetRect{TextPage: tp, Index: k})
		if err != nil {
			return nil
		}
		// PDF space grows upwards; reading space grows downwards.
		out = append(out, box{
			x0: min(r.Left, r.Right), x1: max(r.Left, r.Right),
			y0: height - max(r.Top, r.Bottom), y1: height - min(r.Top, r.Bottom),
		})
	}
	return out
}

// sameRow reports whether two boxes share at least half of the smaller
// one's height.
func sameRow(a, b box) bool {
	overlap := min(a.y1, b.y1) - max(a.y0, b.y0)
	return overlap >= 0.5*min(a.y1-a.y0, b.y1-b.y0)
}

// rowsOf groups rectangles into rows by height, returning each row's union.
func rowsOf(rects []box) []box {
	var rows []box
next:
	for _, r := range rects {
		for i, row := range rows {
			if sameRow(row, r) {
				rows[i] = box{min(row.x0, r.x0), min(row.y0, r.y0), max(row.x1, r.x1), max(row.y1, r.y1)}
				continue next
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// backwards reports whether a run starts left of where the one before it
// ended, on the same row.
func backwards(rects []box) bool {
	for i := 1; i < len(rects); i++ {
		if sameRow(rects[i-1], rects[i]) && rects[i].x0 < rects[i-1].x1-1 {
			return true
		}
	}
	return false
}

// placed is a character with its box (ok is false for characters pdfium
// generated, such as spaces, which have none).
type placed struct {
	r  rune
	b  box
	ok bool
}

// splitRows distributes characters over rows (top to bottom) and orders
// each row left to right. A character without a box follows the one before
// it.
func splitRows(chars []placed, rows []box) []line {
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].y0 < rows[j].y0 })
	type item struct {
		r rune
		x float64
	}
	items := make([][]item, len(rows))
	row, x := 0, -1.0
	for _, c := range chars {
		if c.ok {
			cy := (c.b.y0 + c.b.y1) / 2
			row = nearestRow(rows, cy)
			x = (c.b.x0 + c.b.x1) / 2
		} else {
			x += 0.001
		}
		items[row] = append(items[row], item{c.r, x})
	}
	var out []line
	for i, it := range items {
		sort.SliceStable(it, func(a, b int) bool { return it[a].x < it[b].x })
		rs := make([]rune, len(it))
		for k, v := range it {
			rs[k] = v.r
		}
		text := string(rs)
		if len(it) == 0 || isBlank(text) {
			continue
		}
		r := rows[i]
		out = append(out, line{text: text, x0: r.x0, y0: r.y0, x1: r.x1, y1: r.y1, hasBox: true})
	}
	return out
}

func nearestRow(rows []box, y float64) int {
	best, dist := 0, -1.0
	for i, r := range rows {
		d := 0.0
		switch {
		case y < r.y0:
			d = r.y0 - y
		case y > r.y1:
			d = y - r.y1
		}
		if dist < 0 || d < dist {
			best, dist = i, d
		}
	}
	return best
}

func isBlank(s string) bool {
	for _, r := range s {
		if r != ' ' && r != '\t' && r != '\r' && r != '\u00a0' {
			return false
		}
	}
	return true
}
