package office

import (
	"bytes"
	"context"
	"encoding/xml"
	"strings"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/schema"
)

// ODT reads OpenDocument text (.odt, .ott): text:h headings with their
// outline level, paragraphs, lists ("- " or "N. " by the list style),
// tables as " | " rows, frames and text boxes after their anchor paragraph
// and notes after the paragraph that cites them. Tracked deletions and
// comments are left out.
type ODT struct{}

// ODS reads OpenDocument spreadsheets (.ods): one page and heading per
// sheet, rows as in XLSX, cells as displayed (the text the producer stored
// beside the value).
type ODS struct{}

// ODP reads OpenDocument presentations (.odp): one page per slide, the
// title frame as its heading, other frames and tables in order, and the
// speaker notes when Notes is set.
type ODP struct {
	Notes bool
}

// Format names the format: "odt", "ods", "odp".
func (ODT) Format() string { return "odt" }

// Format names the format.
func (ODS) Format() string { return "ods" }

// Format names the format.
func (ODP) Format() string { return "odp" }

// Load implements loader.Loader.
func (ODT) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	return loadODF(ctx, name, data, "odt", false)
}

// Load implements loader.Loader.
func (ODS) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	return loadODF(ctx, name, data, "ods", false)
}

// Load implements loader.Loader.
func (l ODP) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	return loadODF(ctx, name, data, "odp", l.Notes)
}

// loadODF reads any OpenDocument package: the body element (office:text,
// office:spreadsheet, office:presentation) decides the layout, whatever the
// extension said.
func loadODF(ctx context.Context, name string, data []byte, format string, notes bool) (*schema.Document, error) {
	p, err := openPackage(ctx, data, strings.ToUpper(format))
	if err != nil {
		return nil, err
	}
	if !p.zip.Has("content.xml") {
		return nil, notOffice(i18n.Text{
			Ko: "OpenDocument 본문(content.xml)이 없습니다: 확장자가 내용과 맞는지 확인하세요",
			En: "the OpenDocument content (content.xml) is missing: check that the extension matches the content"})
	}
	// A password-protected ODF file is a normal zip whose parts are
	// encrypted; the manifest says so.
	if m, err := p.read("META-INF/manifest.xml"); err == nil && bytes.Contains(m, []byte("encryption-data")) {
		return nil, ErrEncrypted
	}
	o := &odf{b: &loader.Builder{}, notes: notes, numbered: map[string][10]bool{}, titled: map[int]bool{}}
	title := o.meta(p)
	if r, err := p.xml("styles.xml"); err != nil {
		return nil, err
	} else if r != nil {
		if err := r.walk(o.styles(r), nil); err != nil {
			return nil, err
		}
	}
	r, err := p.xml("content.xml")
	if err != nil {
		return nil, err
	}
	err = r.walk(func(se xml.StartElement) error {
		if !strings.Contains(se.Name.Space, ":office:") {
			return nil
		}
		switch se.Name.Local {
		case "automatic-styles":
			return r.walk(o.styles(r), nil)
		case "text":
			bs, err := o.content(r)
			emitBlocks(o.b, bs)
			return err
		case "spreadsheet":
			return o.sheets(r)
		case "presentation":
			return o.slides(r)
		case "scripts", "font-face-decls", "forms":
			return r.skip()
		}
		return nil
	}, nil)
	if err != nil {
		return nil, err
	}
	doc, err := finish(o.b, format, name, title)
	if o.slide > 0 {
		clearUntitled(doc, o.titled)
	}
	return doc, err
}

// clearUntitled drops the heading path the builder carried over into
// slides that have no title of their own.
func clearUntitled(doc *schema.Document, titled map[int]bool) {
	if doc == nil {
		return
	}
	for i := range doc.Sections {
		if !titled[doc.Sections[i].Page] {
			doc.Sections[i].Headings = nil
		}
	}
}

type odf struct {
	b        *loader.Builder
	notes    bool
	numbered map[string][10]bool // list style → numbered at each level
	titled   map[int]bool
	slide    int
}

// meta reads meta.xml's title and author.
func (o *odf) meta(p *pkg) string {
	r, err := p.xml("meta.xml")
	if r == nil || err != nil {
		return ""
	}
	var title string
	_ = r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "title", "initial-creator", "creator", "subject":
			s, err := r.text()
			if s = strings.TrimSpace(s); s != "" {
				switch se.Name.Local {
				case "title":
					title = s
					o.b.Meta("title", s)
				case "subject":
					o.b.Meta("subject", s)
				default:
					o.b.Meta("author", s)
				}
			}
			return err
		}
		return nil
	}, nil)
	return title
}

// styles collects which list styles number their items, level by level.
func (o *odf) styles(r *xmlReader) func(xml.StartElement) error {
	return func(se xml.StartElement) error {
		switch se.Name.Local {
		case "list-style":
			name := attr(se, "name")
			var levels [10]bool
			err := r.walk(func(se xml.StartElement) error {
				if lvl := attrInt(se, "level", 0); lvl >= 1 && lvl < len(levels) {
					levels[lvl] = se.Name.Local == "list-level-style-number"
				}
				return r.skip()
			}, nil)
			o.numbered[name] = levels
			return err
		case "font-face-decls", "default-style", "page-layout", "master-page", "presentation-page-layout":
			return r.skip()
		}
		return nil
	}
}

// content reads block-level ODF content (text:h, text:p, text:list,
// table:table, text:section…) of the element just started.
func (o *odf) content(r *xmlReader) ([]block, error) {
	var out []block
	err := r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "h", "p":
			text, extra, err := o.inline(r)
			if strings.TrimSpace(text) != "" {
				bl := block{text: text}
				if se.Name.Local == "h" {
					bl.heading = min(max(attrInt(se, "outline-level", 1), 1), 10)
				}
				out = append(out, bl)
			}
			out = append(out, extra...)
			return err
		case "list":
			bs, err := o.list(r, attr(se, "style-name"), 1, map[int]int{})
			out = append(out, bs...)
			return err
		case "table":
			rows, err := o.table(r, &sheetCount{})
			if len(rows) > 0 {
				out = append(out, block{rows: rows})
			}
			return err
		case "tracked-changes", "annotation", "sequence-decls", "variable-decls", "user-field-decls", "table-of-content-source", "index-title-template":
			return r.skip()
		}
		return nil
	}, nil)
	return out, err
}

// inline reads the text of a text:p or text:h; frames and notes inside it
// come back as blocks to put after it.
func (o *odf) inline(r *xmlReader) (string, []block, error) {
	var b strings.Builder
	var extra []block
	err := r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "s":
			b.WriteString(strings.Repeat(" ", min(attrInt(se, "c", 1), 100)))
		case "tab":
			b.WriteByte('\t')
		case "line-break":
			b.WriteByte('\n')
		case "text-box", "note-body":
			bs, err := o.content(r)
			extra = append(extra, bs...)
			return err
		case "note-citation", "annotation", "annotation-end", "ruby-text", "tracked-changes", "deletion":
			return r.skip()
		}
		return nil
	}, func(s string) { b.WriteString(s) })
	return b.String(), extra, err
}

// list reads a text:list; items get "- " or "N. " by their list style.
func (o *odf) list(r *xmlReader, style string, level int, counters map[int]int) ([]block, error) {
	var out []block
	num := o.numbered[style][min(level, 9)]
	counters[level] = 0
	err := r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "list-item", "list-header":
			item := se.Name.Local == "list-item"
			return r.walk(func(se xml.StartElement) error {
				switch se.Name.Local {
				case "list":
					st := attr(se, "style-name")
					if st == "" {
						st = style
					}
					bs, err := o.list(r, st, level+1, counters)
					out = append(out, bs...)
					return err
				case "p", "h":
					text, extra, err := o.inline(r)
					if strings.TrimSpace(text) != "" {
						marker := ""
						if item {
							marker = "- "
							if num {
								counters[level]++
								marker = itoa(counters[level]) + ". "
							}
							item = false // a second paragraph of the item has no marker
						}
						out = append(out, block{text: text, marker: marker})
					}
					out = append(out, extra...)
					return err
				case "table":
					rows, err := o.table(r, &sheetCount{})
					if len(rows) > 0 {
						out = append(out, block{rows: rows})
					}
					return err
				}
				return nil
			}, nil)
		}
		return nil
	}, nil)
	return out, err
}
