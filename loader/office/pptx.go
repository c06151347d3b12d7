package office

import (
	"context"
	"encoding/xml"
	"strconv"
	"strings"

	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/schema"
)

// PPTX reads PowerPoint presentations (.pptx, .pptm, .ppsx). Slides come in
// presentation order (the sldIdLst, not file names), each one page numbered
// from 1; the title placeholder is the slide's heading, then every shape's
// text in shape (z) order, group shapes included, and tables as " | " rows.
// With Notes set, the speaker notes follow each slide's content. Pictures
// give their description (alt text); charts and SmartArt are left out: their
// text lives in other parts.
type PPTX struct {
	Notes bool // include speaker notes after each slide
}

// Format names the format: "pptx".
func (PPTX) Format() string { return "pptx" }

// Load implements loader.Loader.
func (l PPTX) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	p, err := openPackage(ctx, data, "PPTX")
	if err != nil {
		return nil, err
	}
	main, err := p.mainPart("presentationml.presentation.main", "ppt/presentation.xml", "PPTX")
	if err != nil {
		return nil, err
	}
	rels, err := p.rels(main)
	if err != nil {
		return nil, err
	}
	r, err := p.xml(main)
	if err != nil {
		return nil, err
	}
	var ids []string
	err = r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "sldId":
			ids = append(ids, relID(se))
		case "notesMasterIdLst", "handoutMasterIdLst", "sldMasterIdLst", "defaultTextStyle", "extLst":
			return r.skip()
		}
		return nil
	}, nil)
	if err != nil {
		return nil, err
	}
	b := &loader.Builder{}
	title := p.coreProps(b)
	titled := map[int]bool{}
	var missing []string
	seen := map[string]bool{}
	for i, id := range ids {
		if i >= maxParts {
			b.Note(noteTooMany, maxParts)
			break
		}
		part := rels.byID[id].target
		if seen[part] {
			continue // a slide listed twice: a damaged or hostile file
		}
		seen[part] = true
		if part == "" || !p.zip.Has(part) {
			missing = append(missing, "slide "+strconv.Itoa(i+1))
			continue
		}
		s, err := readSlide(p, part, false)
		if err != nil {
			return nil, err
		}
		if l.Notes {
			srels, err := p.rels(part)
			if err != nil {
				return nil, err
			}
			if np := srels.byType(relNotesSlide); np != "" {
				notes, err := readSlide(p, np, true)
				if err != nil {
					return nil, err
				}
				s.blocks = append(s.blocks, notes.blocks...)
			}
		}
		if s.hidden {
			b.Note(noteHidden)
		}
		b.Page(i + 1)
		if s.title != "" {
			titled[i+1] = true
			b.Heading(1, s.title)
		}
		emitBlocks(b, s.blocks)
	}
	if len(missing) > 0 {
		b.Note(noteMissing, strings.Join(missing, ", "))
	}
	doc, err := finish(b, "pptx", name, title)
	if doc != nil {
		// The builder keeps a heading path until the next heading; a slide
		// without a title must not claim the previous slide's.
		for i := range doc.Sections {
			if !titled[doc.Sections[i].Page] {
				doc.Sections[i].Headings = nil
			}
		}
	}
	return doc, err
}

type slide struct {
	title  string
	blocks []block
	hidden bool
}

// readSlide reads a slide, or a notes slide (notes: only the body text, not
// the slide image, number, header or footer placeholders).
func readSlide(p *pkg, part string, notes bool) (slide, error) {
	var s slide
	r, err := p.xml(part)
	if r == nil || err != nil {
		return s, err
	}
	err = r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "sld":
			s.hidden = attr(se, "show") == "0" || attr(se, "show") == "false"
		case "sp":
			ph, text, err := shape(r)
			if err != nil || strings.TrimSpace(text) == "" {
				return err
			}
			switch {
			case notes && ph != "" && ph != "body":
				// slide image, number, date, header, footer
			case !notes && (ph == "title" || ph == "ctrTitle") && s.title == "":
				s.title = text
			default:
				s.blocks = append(s.blocks, block{text: text})
			}
		case "tbl":
			rows, err := slideTable(r)
			if len(rows) > 0 {
				s.blocks = append(s.blocks, block{rows: rows})
			}
			return err
		case "pic":
			// A picture's description (alt text) is the only text it has.
			var descr string
			err := r.walk(func(se xml.StartElement) error {
				if se.Name.Local == "cNvPr" && descr == "" {
					descr = attr(se, "descr")
				}
				if se.Name.Local == "blipFill" || se.Name.Local == "spPr" {
					return r.skip()
				}
				return nil
			}, nil)
			if strings.TrimSpace(descr) != "" && !notes {
				s.blocks = append(s.blocks, block{text: descr})
			}
			return err
		case "Fallback", "spPr", "nvGrpSpPr", "grpSpPr", "clrMapOvr", "transition", "timing", "extLst":
			return r.skip()
		}
		return nil
	}, nil)
	return s, err
}

// shape reads a p:sp: its placeholder type ("" when it is not one) and its
// text, a line per paragraph.
func shape(r *xmlReader) (ph, text string, err error) {
	var lines []string
	err = r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "ph":
			ph = attr(se, "type")
			if ph == "" {
				ph = "body" // a placeholder without a type is a body placeholder
			}
		case "txBody":
			ls, err := textBody(r)
			lines = append(lines, ls...)
			return err
		case "spPr", "style", "extLst":
			return r.skip()
		}
		return nil
	}, nil)
	return ph, strings.Join(lines, "\n"), err
}

// textBody reads a:txBody paragraphs as lines.
func textBody(r *xmlReader) ([]string, error) {
	var lines []string
	err := r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "p":
			var b strings.Builder
			err := r.walk(func(se xml.StartElement) error {
				switch se.Name.Local {
				case "t":
					s, err := r.text()
					b.WriteString(s)
					return err
				case "br":
					b.WriteByte('\n')
				case "pPr", "rPr", "endParaRPr":
					return r.skip()
				}
				return nil
			}, nil)
			lines = append(lines, b.String())
			return err
		case "bodyPr", "lstStyle":
			return r.skip()
		}
		return nil
	}, nil)
	return lines, err
}

// slideTable reads an a:tbl. As in DOCX, a vertically merged cell repeats
// the text of the cell that starts the merge; horizontally merged cells
// (hMerge) stay blank.
func slideTable(r *xmlReader) ([][]string, error) {
	var rows [][]string
	above := map[int]string{}
	err := r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "tr":
			var row []string
			err := r.walk(func(se xml.StartElement) error {
				if se.Name.Local != "tc" {
					return nil
				}
				col := len(row)
				lines, err := textBody(r)
				text := strings.Join(lines, " ")
				switch {
				case onOffAttr(attr(se, "vMerge")):
					text = above[col]
				case onOffAttr(attr(se, "hMerge")):
					text = ""
				case attrInt(se, "rowSpan", 1) > 1:
					above[col] = text
				default:
					delete(above, col)
				}
				row = append(row, text)
				return err
			}, nil)
			rows = append(rows, row)
			return err
		case "tblPr", "tblGrid":
			return r.skip()
		}
		return nil
	}, nil)
	return rows, err
}
