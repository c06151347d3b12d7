package hwp

import (
	"sort"
	"strings"
)

// sink receives the blocks of one list of paragraphs: the body, a table
// cell, a footnote.
type sink interface {
	paragraph(text string, shape int, top bool)
	table(rows [][]string)
}

// walker lays out one section stream's records.
type walker struct {
	r     *reader
	recs  []record
	ends  []int
	notes []string // footnote and endnote texts, added after the section body
	seen  int      // paragraphs read, for context checks
}

// list reads the records [a, b): paragraphs at one level, the LIST_HEADERs
// that open a list (ignored here: tables read them), and records such as
// SHAPE_COMPONENT whose children hold the lists of drawing objects.
func (w *walker) list(a, b, depth int, out sink) {
	if depth > maxDepth {
		w.r.note(noteTooDeep, maxDepth)
		return
	}
	for i := a; i < b && w.r.err == nil; i = w.ends[i] {
		switch w.recs[i].tag {
		case tagParaHeader:
			w.para(i, depth, out)
		case tagListHeader, tagParaText, tagParaLineSeg:
		case tagCtrlHeader:
			w.control(i, depth, out, func() {}, func(t string) { out.paragraph(t, 0, false) })
		default:
			w.list(i+1, w.ends[i], depth+1, out)
		}
	}
}

// para reads one paragraph: its text, cut at each extended control, with
// the controls (tables, text boxes, notes) read where they are anchored.
func (w *walker) para(i, depth int, out sink) {
	w.seen++
	if w.seen%ctxEvery == 0 {
		w.r.checkContext()
	}
	shape, _ := u16(w.recs[i].data, 8)
	var runs []string
	var ctrls []int
	var segs []byte
	for j := i + 1; j < w.ends[i]; j = w.ends[j] {
		switch rec := w.recs[j]; rec.tag {
		case tagParaText:
			if runs == nil {
				var pua int
				runs, pua = decodeParaText(rec.data)
				w.r.pua += pua
			}
		case tagParaLineSeg:
			segs = rec.data
		case tagCtrlHeader:
			ctrls = append(ctrls, j)
		}
	}
	top := depth == 0
	if top {
		w.r.pageBefore(segs)
	}
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out.paragraph(cur.String(), int(shape), top)
			cur.Reset()
		}
	}
	write := func(t string) { cur.WriteString(t) }
	next := 0
	for k, run := range runs {
		cur.WriteString(run)
		if k < len(runs)-1 && next < len(ctrls) {
			w.control(ctrls[next], depth, out, flush, write)
			next++
		}
	}
	// Controls without a placeholder in the text (a damaged or unusual
	// writer): read them after the text rather than lose them.
	for ; next < len(ctrls); next++ {
		w.control(ctrls[next], depth, out, flush, write)
	}
	flush()
	if top {
		w.r.pageAfter(segs)
	}
}

// control reads the CTRL_HEADER at i. flush ends the text of the paragraph
// before a block-level object, so the object follows it in reading order;
// inline adds text to the paragraph where the control stands.
func (w *walker) control(i, depth int, out sink, flush func(), inline func(string)) {
	id, ok := u32(w.recs[i].data, 0)
	if !ok || depth >= maxDepth {
		if depth >= maxDepth {
			w.r.note(noteTooDeep, maxDepth)
		}
		return
	}
	switch id {
	case ctrlTable:
		rows, caption := w.table(i, depth+1)
		if len(rows) > 0 || caption != "" {
			flush()
			out.table(rows)
			out.paragraph(caption, 0, false)
		}
	case ctrlShape:
		if w.hasParagraphs(i) {
			flush()
			w.list(i+1, w.ends[i], depth+1, out)
		}
	case ctrlDutmal:
		// 덧말 (ruby): the base text lives in the control, not in the
		// paragraph text; the small annotation above it is left out.
		if n, ok := u16(w.recs[i].data, 4); ok && 6+2*int(n) <= len(w.recs[i].data) {
			runs, pua := decodeParaText(w.recs[i].data[6 : 6+2*int(n)])
			w.r.pua += pua
			inline(strings.Join(runs, ""))
		}
	case ctrlFootnote, ctrlEndnote:
		var c cellSink
		c.sep = "\n"
		w.list(i+1, w.ends[i], depth+1, &c)
		if t := c.text(); strings.TrimSpace(t) != "" {
			w.notes = append(w.notes, t)
		}
	}
	// Headers, footers, section and column definitions (with master
	// pages), hidden comments, fields, bookmarks, equations: left out, see
	// the package comment.
}

// hasParagraphs reports whether the subtree of record i holds paragraphs.
func (w *walker) hasParagraphs(i int) bool {
	for j := i + 1; j < w.ends[i]; j++ {
		if w.recs[j].tag == tagParaHeader {
			return true
		}
	}
	return false
}

// cell is one table cell: its address and its text.
type cell struct {
	row, col int
	order    int
	text     cellSink
}

// table reads a table control: an optional caption (a LIST_HEADER and its
// paragraphs before the TABLE record), a TABLE record, then per cell a
// LIST_HEADER (with the cell's row and column) followed by the cell's
// paragraphs. Rows list the cells that start in them, by column; a merged
// cell appears once, in its first row. The caption is returned apart, to
// follow the table as a paragraph.
func (w *walker) table(i, depth int) (rows [][]string, caption string) {
	var cells []*cell
	var cur *cell
	var capt *cellSink
	seenTable := false
	for k := i + 1; k < w.ends[i] && w.r.err == nil; k = w.ends[k] {
		rec := w.recs[k]
		switch {
		case rec.tag == tagTable:
			seenTable = true
		case !seenTable && (rec.tag == tagListHeader || rec.tag == tagParaHeader):
			if capt == nil {
				capt = &cellSink{sep: " "}
			}
			if rec.tag == tagParaHeader {
				w.para(k, depth, capt)
			}
		case rec.tag == tagListHeader:
			c := &cell{order: len(cells)}
			c.text.sep = " "
			col, ok1 := u16(rec.data, 8)
			row, ok2 := u16(rec.data, 10)
			if ok1 && ok2 {
				c.row, c.col = int(row), int(col)
			} else if cur != nil {
				c.row, c.col = cur.row, cur.col+1
			}
			cells = append(cells, c)
			cur = c
		case rec.tag == tagParaHeader:
			if cur == nil {
				cur = &cell{}
				cur.text.sep = " "
				cells = append(cells, cur)
			}
			w.para(k, depth, &cur.text)
		}
	}
	sort.SliceStable(cells, func(a, b int) bool {
		if cells[a].row != cells[b].row {
			return cells[a].row < cells[b].row
		}
		return cells[a].col < cells[b].col
	})
	for n, c := range cells {
		if n == 0 || c.row != cells[n-1].row {
			rows = append(rows, nil)
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], c.text.text())
	}
	if capt != nil {
		caption = capt.text()
	}
	return rows, caption
}

// cellSink gathers a list's blocks as text: a table cell (paragraphs on
// one line) or a note (paragraphs on their own lines). A nested table is
// flattened: cells joined by " | ", rows by sep.
type cellSink struct {
	sep   string
	parts []string
}

func (c *cellSink) paragraph(text string, _ int, _ bool) { c.parts = append(c.parts, text) }

func (c *cellSink) table(rows [][]string) {
	lines := make([]string, 0, len(rows))
	for _, r := range rows {
		lines = append(lines, strings.Join(r, " | "))
	}
	c.parts = append(c.parts, strings.Join(lines, c.sep))
}

func (c *cellSink) text() string { return strings.Join(c.parts, c.sep) }
