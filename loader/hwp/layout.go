package hwp

import (
	"strings"
	"unicode/utf8"

	"github.com/seogo/seogo/loader"
)

// bodySink writes the body of a document to the Builder. outline gives the
// heading level (1-7) of a paragraph shape, or 0.
type bodySink struct {
	b       *loader.Builder
	outline func(shape int) int
}

// maxHeadingRunes: an outline paragraph longer than this is numbered body
// text (legal documents number whole paragraphs with outline levels), not a
// heading.
const maxHeadingRunes = 80

func (s bodySink) paragraph(text string, shape int, top bool) {
	if top && s.outline != nil {
		if level := s.outline(shape); level > 0 {
			t := strings.TrimSpace(text)
			if t != "" && !strings.Contains(t, "\n") && utf8.RuneCountInString(t) <= maxHeadingRunes {
				s.b.Heading(level, t)
				return
			}
		}
	}
	s.b.Paragraph(text)
}

func (s bodySink) table(rows [][]string) { s.b.Table(rows) }

// pager follows the line layout Hancom saves with a document (HWP line
// segments, HWPX <hp:lineseg>): each top-level line has a vertical position
// on its page, so a line higher than the line before it starts a new page.
// (HWP's "first line of a page" flag would say it directly, but Hancom Office
// does not set it in practice.) A column break of a multi-column page also
// moves up, so such pages count once per column: an approximation, never a
// failure. A document saved without layout stays without pages (page 0).
type pager struct {
	page     int
	seen     bool
	lastVpos int32
}

// line feeds one top-level line; first is the writer's "first line of a
// page" flag.
func (p *pager) line(vpos int32, first bool) {
	switch {
	case !p.seen:
		p.page, p.seen = 1, true
	case vpos < p.lastVpos || first:
		p.page++
	}
	p.lastVpos = vpos
}
