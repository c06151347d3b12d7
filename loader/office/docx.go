package office

import (
	"context"
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/schema"
)

// DOCX reads Word documents (.docx, .docm, .dotx). Paragraph styles become
// heading levels ("heading N", "제목 N", "Title", or an outline level), list
// paragraphs get "- " or "N. " markers, tables become " | " rows, text boxes
// are read once (the DrawingML copy, not its VML fallback), tracked
// deletions are dropped and insertions kept; footnotes and endnotes follow
// the body under their own heading. Headers, footers and comments are left
// out: they repeat on every page or are not the document's text.
type DOCX struct{}

// Format names the format: "docx".
func (DOCX) Format() string { return "docx" }

// Load implements loader.Loader.
func (DOCX) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	p, err := openPackage(ctx, data, "DOCX")
	if err != nil {
		return nil, err
	}
	main, err := p.mainPart("wordprocessingml.document.main", "word/document.xml", "DOCX")
	if err != nil {
		return nil, err
	}
	rels, err := p.rels(main)
	if err != nil {
		return nil, err
	}
	d := &docx{b: &loader.Builder{}, counters: map[string][]int{}}
	if d.styles, err = readStyles(p, rels.byType(relStyles)); err != nil {
		return nil, err
	}
	if d.numbering, err = readNumbering(p, rels.byType(relNumbering)); err != nil {
		return nil, err
	}
	title := p.coreProps(d.b)
	r, err := p.xml(main)
	if err != nil {
		return nil, err
	}
	body, err := d.content(r, nil)
	if err != nil {
		return nil, err
	}
	emitBlocks(d.b, body)
	var notes []block
	for _, part := range []string{rels.byType(relFootnotes), rels.byType(relEndnotes)} {
		bs, err := d.notes(p, part)
		if err != nil {
			return nil, err
		}
		notes = append(notes, bs...)
	}
	if len(notes) > 0 {
		d.b.Heading(1, "각주 · Footnotes")
		emitBlocks(d.b, notes)
		d.b.Note(noteFootnotes)
	}
	return finish(d.b, "docx", name, title)
}

// block is one paragraph, heading, list item or table, before layout.
type block struct {
	text    string
	heading int        // heading level, 0 for body text
	marker  string     // list marker ("- ", "3. "), "" when not a list item
	rows    [][]string // a table when non-nil
}

type docx struct {
	b         *loader.Builder
	styles    map[string]style
	numbering numbering
	counters  map[string][]int // numId → running number per level
}

// cellProps are the merge facts of a table cell, filled from its w:tcPr.
type cellProps struct {
	span  int
	merge string // "restart", "continue" or ""
}

// content reads block-level children (paragraphs, tables, wrappers such as
// w:sdt) of the element just started, or the whole part at depth 0. tc
// receives the cell properties when the element is a table cell.
func (d *docx) content(r *xmlReader, tc *cellProps) ([]block, error) {
	var out []block
	err := r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "p":
			bs, err := d.paragraph(r)
			out = append(out, bs...)
			return err
		case "tbl":
			rows, err := d.table(r)
			if len(rows) > 0 {
				out = append(out, block{rows: rows})
			}
			return err
		case "tcPr":
			if tc == nil {
				return r.skip()
			}
			return r.walk(func(se xml.StartElement) error {
				switch se.Name.Local {
				case "gridSpan":
					tc.span = attrInt(se, "val", 1)
				case "vMerge":
					tc.merge = attr(se, "val")
					if tc.merge == "" {
						tc.merge = "continue"
					}
				case "tcPrChange":
					return r.skip()
				}
				return nil
			}, nil)
		case "del", "moveFrom", "Fallback", "sectPr", "headerReference", "footerReference":
			return r.skip()
		}
		return nil
	}, nil)
	return out, err
}

// paraProps are what w:pPr says about a paragraph's role.
type paraProps struct {
	style   string
	outline int // 0-based outline level, -1 when not set
	numID   string
	ilvl    int
}

// paragraph reads a w:p. Text boxes anchored in it come after it, as blocks
// of their own.
func (d *docx) paragraph(r *xmlReader) ([]block, error) {
	props := paraProps{outline: -1}
	var text strings.Builder
	var boxes []block
	err := r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "pPr":
			return d.paraProps(r, &props)
		case "t":
			s, err := r.text()
			text.WriteString(s)
			return err
		case "tab", "ptab":
			text.WriteByte('\t')
		case "br", "cr":
			text.WriteByte('\n')
		case "noBreakHyphen":
			text.WriteByte('-')
		case "sym":
			if c, err := strconv.ParseUint(attr(se, "char"), 16, 32); err == nil && (c < 0xE000 || c > 0xF8FF) {
				text.WriteRune(rune(c)) // symbol-font code points (U+F0xx) have no meaning outside the font
			}
		case "txbxContent":
			bs, err := d.content(r, nil)
			boxes = append(boxes, bs...)
			return err
		case "p": // a paragraph inside a paragraph: malformed, kept after it
			bs, err := d.paragraph(r)
			boxes = append(boxes, bs...)
			return err
		case "tbl":
			rows, err := d.table(r)
			if len(rows) > 0 {
				boxes = append(boxes, block{rows: rows})
			}
			return err
		case "del", "moveFrom", "delText", "instrText", "rPr", "Fallback", "footnoteReference", "endnoteReference":
			return r.skip()
		}
		return nil
	}, nil)
	if err != nil {
		return nil, err
	}
	out := make([]block, 0, 1+len(boxes))
	if s := text.String(); strings.TrimSpace(s) != "" {
		out = append(out, block{text: s, heading: d.headingLevel(props), marker: d.marker(props)})
	}
	return append(out, boxes...), nil
}

func (d *docx) paraProps(r *xmlReader, p *paraProps) error {
	return r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "pStyle":
			p.style = attr(se, "val")
		case "outlineLvl":
			p.outline = attrInt(se, "val", -1)
		case "numId":
			p.numID = attr(se, "val")
		case "ilvl":
			p.ilvl = attrInt(se, "val", 0)
		case "rPr", "pPrChange", "sectPr":
			return r.skip()
		}
		return nil
	}, nil)
}

// headingLevel is the 1-based heading level of a paragraph, 0 for body text.
// Outline level 9 means "body text" in Word.
func (d *docx) headingLevel(p paraProps) int {
	if p.outline >= 0 && p.outline < 9 {
		return p.outline + 1
	}
	return d.styleLevel(p.style)
}

// marker returns the list marker of a paragraph, counting numbered lists.
func (d *docx) marker(p paraProps) string {
	id, lvl := p.numID, p.ilvl
	if id == "" {
		if st, ok := d.styles[p.style]; ok && st.numID != "" {
			id, lvl = st.numID, st.ilvl
		}
	}
	if id == "" || id == "0" || d.headingLevel(p) > 0 {
		return ""
	}
	lvl = min(max(lvl, 0), 8)
	f := d.numbering.format(id, lvl)
	if f.bullet {
		return "- "
	}
	c := d.counters[id]
	if c == nil {
		c = make([]int, 9)
		d.counters[id] = c
	}
	if c[lvl] == 0 {
		c[lvl] = f.start
	} else {
		c[lvl]++
	}
	for i := lvl + 1; i < len(c); i++ {
		c[i] = 0 // a new item restarts its sub-lists
	}
	return strconv.Itoa(c[lvl]) + ". "
}

// table reads a w:tbl. Vertically merged cells repeat the text of the cell
// that starts the merge, so each row reads whole on its own (like a CSV's
// fill-down); a cell spanning columns is followed by blank cells, which keeps
// the columns aligned without repeating words within one line. Nested tables
// are flattened into their cell's text.
func (d *docx) table(r *xmlReader) ([][]string, error) {
	var rows [][]string
	above := map[int]string{} // grid column → text of the open vertical merge
	err := r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "tr":
			row, err := d.row(r, above)
			rows = append(rows, row)
			return err
		case "tblPr", "tblGrid", "del", "Fallback":
			return r.skip()
		}
		return nil
	}, nil)
	return rows, err
}

func (d *docx) row(r *xmlReader, above map[int]string) ([]string, error) {
	var cells []string
	err := r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "trPr", "tblPrEx":
			return r.walk(func(se xml.StartElement) error {
				if se.Name.Local == "gridBefore" {
					for n := attrInt(se, "val", 0); n > 0 && len(cells) < maxRowCells; n-- {
						cells = append(cells, "")
					}
				}
				return nil
			}, nil)
		case "tc":
			tc := cellProps{span: 1}
			bs, err := d.content(r, &tc)
			if err != nil {
				return err
			}
			col := len(cells)
			text := flatten(bs)
			switch tc.merge {
			case "continue":
				text = above[col]
			case "restart":
				above[col] = text
			default:
				delete(above, col)
			}
			cells = append(cells, text)
			for i := 1; i < tc.span && len(cells) < maxRowCells; i++ {
				cells = append(cells, "")
			}
		case "del", "Fallback":
			return r.skip()
		}
		return nil
	}, nil)
	return cells, err
}

// maxRowCells bounds the blank cells a hostile gridSpan or gridBefore adds.
const maxRowCells = 1000

// flatten turns a cell's blocks into one line: paragraphs joined by spaces,
// a nested table's cells by ", " and its rows by "; ".
func flatten(bs []block) string {
	var parts []string
	for _, b := range bs {
		if b.rows == nil {
			parts = append(parts, b.marker+b.text)
			continue
		}
		var rows []string
		for _, row := range b.rows {
			var cells []string
			for _, c := range row {
				if c = strings.TrimSpace(c); c != "" {
					cells = append(cells, c)
				}
			}
			if len(cells) > 0 {
				rows = append(rows, strings.Join(cells, ", "))
			}
		}
		parts = append(parts, strings.Join(rows, "; "))
	}
	return strings.Join(parts, " ")
}

// emitBlocks lays blocks out in the builder; consecutive list items form
// one paragraph, one item per line.
func emitBlocks(b *loader.Builder, bs []block) {
	var list []string
	flush := func() {
		if len(list) > 0 {
			b.Paragraph(strings.Join(list, "\n"))
			list = nil
		}
	}
	for _, bl := range bs {
		switch {
		case bl.rows != nil:
			flush()
			b.Table(bl.rows)
		case bl.heading > 0:
			flush()
			b.Heading(bl.heading, bl.text)
		case bl.marker != "":
			list = append(list, bl.marker+strings.TrimSpace(bl.text))
		default:
			flush()
			b.Paragraph(bl.text)
		}
	}
	flush()
}

// notes reads footnotes.xml or endnotes.xml, leaving out the separator
// pseudo-notes Word keeps there.
func (d *docx) notes(p *pkg, part string) ([]block, error) {
	r, err := p.xml(part)
	if r == nil || err != nil {
		return nil, err
	}
	var out []block
	err = r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "footnote", "endnote":
			if t := attr(se, "type"); t != "" && t != "normal" {
				return r.skip()
			}
			bs, err := d.content(r, nil)
			out = append(out, bs...)
			return err
		}
		return nil
	}, nil)
	return out, err
}
