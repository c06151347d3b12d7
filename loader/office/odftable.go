package office

import (
	"encoding/xml"
	"strconv"
	"strings"
)

func itoa(n int) string { return strconv.Itoa(n) }

// maxRepeat bounds how often one ODF cell or row is repeated: producers
// write number-columns-repeated="16384" for the empty rest of a row, and a
// hostile file can repeat a non-empty cell as often as it likes.
const maxRepeat = 1024

// odfSpan is a vertical merge still open in a column: its text and how many
// more rows it covers.
type odfSpan struct {
	text string
	left int
}

// table reads a table:table into rows of the non-empty columns. A cell that
// spans rows repeats its text in the covered cells below (as in DOCX);
// cells covered by a column span stay blank. count counts
// the non-empty cells read against maxSheetCells and records the cap.
func (o *odf) table(r *xmlReader, count *sheetCount) ([][]string, error) {
	var rows [][]cell
	spans := map[int]*odfSpan{}
	err := r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "table-row":
			repeat := min(max(attrInt(se, "number-rows-repeated", 1), 1), maxRepeat)
			row, err := o.tableRow(r, spans, count)
			if err != nil || len(row) == 0 {
				return err
			}
			for range repeat {
				if !count.add(len(row)) {
					break
				}
				rows = append(rows, row)
			}
		case "table-column", "table-columns", "shapes", "named-expressions", "table-source", "scenario", "tracked-changes":
			return r.skip()
		}
		return nil
	}, nil)
	return gridRows(rows), err
}

func (o *odf) tableRow(r *xmlReader, spans map[int]*odfSpan, count *sheetCount) ([]cell, error) {
	var row []cell
	col := 0
	err := r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "table-cell", "covered-table-cell":
			n := attrInt(se, "number-columns-repeated", 1)
			covered := se.Name.Local == "covered-table-cell"
			bs, err := o.content(r)
			if err != nil {
				return err
			}
			text := flatten(bs)
			if covered {
				if s := spans[col]; s != nil && s.left > 0 {
					text = s.text
					s.left--
				}
			} else if rs := attrInt(se, "number-rows-spanned", 1); rs > 1 {
				spans[col] = &odfSpan{text: text, left: rs - 1}
			} else {
				delete(spans, col)
			}
			if strings.TrimSpace(text) == "" {
				col += n // empty cells, often thousands of them, cost nothing
				return nil
			}
			for i := 0; i < min(max(n, 1), maxRepeat) && col < 1<<20; i++ {
				row = append(row, cell{col, text})
				col++
			}
			if n > maxRepeat {
				col += n - maxRepeat
			}
		}
		return nil
	}, nil)
	return row, err
}

// sheetCount counts a sheet's cells against maxSheetCells.
type sheetCount struct {
	n      int
	capped bool
}

func (c *sheetCount) add(n int) bool {
	if c.n+n > maxSheetCells {
		c.capped = true
		return false
	}
	c.n += n
	return true
}

// sheets reads office:spreadsheet: a page, a heading and a table per sheet.
func (o *odf) sheets(r *xmlReader) error {
	i := 0
	return r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "table":
			i++
			name := attr(se, "name")
			var count sheetCount
			rows, err := o.table(r, &count)
			if count.capped {
				o.b.Note(noteCellCap, name, maxSheetCells)
			}
			if len(rows) > 0 {
				o.b.Page(i)
				o.b.Heading(1, name)
				o.b.Table(rows)
			}
			return err
		case "named-expressions", "database-ranges", "data-pilot-tables", "calculation-settings", "content-validations", "tracked-changes":
			return r.skip()
		}
		return nil
	}, nil)
}

// slides reads office:presentation: a page per draw:page, its title frame
// as the heading.
func (o *odf) slides(r *xmlReader) error {
	return r.walk(func(se xml.StartElement) error {
		if se.Name.Local != "page" {
			if se.Name.Local == "settings" || se.Name.Local == "footer-decl" || se.Name.Local == "header-decl" || se.Name.Local == "date-time-decl" {
				return r.skip()
			}
			return nil
		}
		o.slide++
		var title string
		var bs []block
		err := r.walk(func(se xml.StartElement) error {
			switch se.Name.Local {
			case "frame", "custom-shape", "rect", "ellipse", "polygon", "path":
				class := attr(se, "class")
				got, err := o.content(r)
				if err != nil {
					return err
				}
				if class == "title" && title == "" && len(got) > 0 && got[0].rows == nil {
					title = got[0].text
					got = got[1:]
				}
				if class != "page-number" && class != "footer" && class != "header" && class != "date-time" {
					bs = append(bs, joinPlain(got)...)
				}
			case "notes":
				if !o.notes {
					return r.skip()
				}
				got, err := o.content(r)
				bs = append(bs, got...)
				return err
			case "page-thumbnail", "animations", "forms":
				return r.skip()
			}
			return nil
		}, nil)
		o.b.Page(o.slide)
		if title != "" {
			o.titled[o.slide] = true
			o.b.Heading(1, title)
		}
		emitBlocks(o.b, bs)
		return err
	}, nil)
}

// joinPlain makes the consecutive plain paragraphs of one frame a single
// block, a line each, as a PPTX shape's paragraphs are.
func joinPlain(bs []block) []block {
	var out []block
	for _, b := range bs {
		if n := len(out); n > 0 && isPlain(b) && isPlain(out[n-1]) {
			out[n-1].text += "\n" + b.text
			continue
		}
		out = append(out, b)
	}
	return out
}

func isPlain(b block) bool { return b.rows == nil && b.heading == 0 && b.marker == "" }
