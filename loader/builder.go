package loader

import (
	"strings"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/textproc"
)

// Builder assembles a Document from the blocks a structured format (PDF,
// HWP, Office) yields in reading order, so every such loader lays out text,
// pages, heading paths and tables the same way:
//
//   - blocks (paragraphs, headings, tables) are separated by a blank line;
//   - a table is one line per row, cells joined by " | ";
//   - a new section starts at every heading and at every page change, and
//     carries the heading path and the 1-based page (slide, sheet) number;
//   - pages are separated by a blank line too: the page numbers live in the
//     sections, so citations never re-derive them from the text.
//
// The zero value is ready to use. Text is normalised (NFC, invalid UTF-8,
// control characters) as it is added.
type Builder struct {
	b       strings.Builder
	secs    []schema.Section
	path    headingPath
	heads   []string
	page    int
	open    bool // a section is open at the end of b
	notes   []string
	meta    map[string]string
	noteSet map[string]bool
}

// Page makes the following blocks belong to page n (1-based). Calling it
// with the current page does nothing.
func (b *Builder) Page(n int) {
	if n == b.page {
		return
	}
	b.page = n
	b.open = false
}

// CurrentPage is the page set by the last call to Page (0 before any).
func (b *Builder) CurrentPage() int { return b.page }

// Heading adds a heading of the given level (1 = outermost) and starts a new
// section under it. Blank headings are ignored.
func (b *Builder) Heading(level int, text string) {
	text = oneLine(text)
	if text == "" {
		return
	}
	b.heads = b.path.push(max(level, 1), text)
	b.open = false
	b.block(text)
}

// Paragraph adds a block of text. Line breaks inside it are kept (a PDF's or
// a poem's lines); blank lines inside collapse to one; a blank paragraph is
// ignored.
func (b *Builder) Paragraph(text string) {
	text = textproc.NormalizeString(text)
	lines := strings.Split(text, "\n")
	kept := lines[:0]
	for _, l := range lines {
		l = strings.Trim(l, " \t\u00a0\u3000")
		if strings.TrimSpace(l) == "" {
			if len(kept) > 0 && kept[len(kept)-1] != "" {
				kept = append(kept, "")
			}
			continue
		}
		kept = append(kept, l)
	}
	for len(kept) > 0 && kept[len(kept)-1] == "" {
		kept = kept[:len(kept)-1]
	}
	if len(kept) == 0 {
		return
	}
	b.block(strings.Join(kept, "\n"))
}

// Table adds rows as one block: cells are flattened to one line each and
// joined by " | "; rows whose cells are all blank are dropped.
func (b *Builder) Table(rows [][]string) {
	var lines []string
	for _, row := range rows {
		cells := make([]string, len(row))
		blank := true
		for i, c := range row {
			cells[i] = oneLine(c)
			if cells[i] != "" {
				blank = false
			}
		}
		if !blank {
			lines = append(lines, strings.TrimSpace(strings.Join(cells, " | ")))
		}
	}
	if len(lines) > 0 {
		b.block(strings.Join(lines, "\n"))
	}
}

// Note records a non-fatal remark for the ingest summary, in both languages;
// the same note is kept once.
func (b *Builder) Note(t i18n.Text, args ...any) {
	n := both(t, args...)
	if b.noteSet == nil {
		b.noteSet = map[string]bool{}
	}
	if !b.noteSet[n] {
		b.noteSet[n] = true
		b.notes = append(b.notes, n)
	}
}

// Meta sets a metadata key (format-specific facts: "pages", "author", ...).
func (b *Builder) Meta(key, value string) {
	if b.meta == nil {
		b.meta = map[string]string{}
	}
	b.meta[key] = value
}

// Len is the length of the text so far in bytes.
func (b *Builder) Len() int { return b.b.Len() }

// Document returns the assembled document. It returns ErrEmpty (with the
// notes, which often say why: a scanned PDF, a protected HWP) when no text
// was added.
func (b *Builder) Document(format, name string) (*schema.Document, error) {
	meta := map[string]string{"format": format}
	for k, v := range b.meta {
		meta[k] = v
	}
	doc := &schema.Document{
		Title:    baseTitle(name),
		Format:   format,
		Text:     b.b.String(),
		Sections: b.secs,
		Metadata: meta,
		Notes:    b.notes,
	}
	if strings.TrimSpace(doc.Text) == "" {
		if len(b.notes) > 0 {
			return doc, i18n.Errorf("%w: %s", "%w: %s", ErrEmpty, strings.Join(b.notes, "; "))
		}
		return doc, ErrEmpty
	}
	return doc, nil
}

func (b *Builder) block(text string) {
	if b.b.Len() > 0 {
		b.b.WriteString("\n\n")
		if b.open {
			b.secs[len(b.secs)-1].End = b.b.Len()
		}
	}
	if !b.open {
		b.secs = append(b.secs, schema.Section{Start: b.b.Len(), Headings: b.heads, Page: b.page})
		b.open = true
	}
	b.b.WriteString(text)
	b.secs[len(b.secs)-1].End = b.b.Len()
}

// oneLine normalises s and folds all its white space to single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(textproc.NormalizeString(s)), " ")
}
