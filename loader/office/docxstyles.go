package office

import (
	"encoding/xml"
	"strconv"
	"strings"
	"unicode"
)

// style is what a DOCX paragraph style says about structure.
type style struct {
	name    string
	basedOn string
	outline int // 0-based outline level, -1 when not set
	numID   string
	ilvl    int
}

// readStyles reads word/styles.xml: paragraph styles by id.
func readStyles(p *pkg, part string) (map[string]style, error) {
	styles := map[string]style{}
	r, err := p.xml(part)
	if r == nil || err != nil {
		return styles, err
	}
	err = r.walk(func(se xml.StartElement) error {
		if se.Name.Local != "style" {
			if se.Name.Local == "docDefaults" || se.Name.Local == "latentStyles" {
				return r.skip()
			}
			return nil
		}
		id := attr(se, "styleId")
		st := style{outline: -1}
		err := r.walk(func(se xml.StartElement) error {
			switch se.Name.Local {
			case "name":
				st.name = attr(se, "val")
			case "basedOn":
				st.basedOn = attr(se, "val")
			case "outlineLvl":
				st.outline = attrInt(se, "val", -1)
			case "numId":
				st.numID = attr(se, "val")
			case "ilvl":
				st.ilvl = attrInt(se, "val", 0)
			case "rPr", "tblPr", "tcPr", "trPr", "tblStylePr":
				return r.skip()
			}
			return nil
		}, nil)
		styles[id] = st
		return err
	}, nil)
	return styles, err
}

// styleLevel is the heading level a paragraph style gives (0 for none),
// following basedOn a few steps: Word's built-in names are English in the
// file ("heading 1", "Title") whatever the UI language, but other producers
// write localised names ("제목 1") or only an outline level.
func (d *docx) styleLevel(id string) int {
	for range 10 {
		st, ok := d.styles[id]
		if !ok {
			return headingName(id) // no styles part: the id often is the name ("Heading1")
		}
		if n := headingName(st.name); n > 0 {
			return n
		}
		if st.outline >= 0 && st.outline < 9 {
			return st.outline + 1
		}
		if st.basedOn == "" || st.basedOn == id {
			return 0
		}
		id = st.basedOn
	}
	return 0
}

// headingName maps a style name to a heading level: "heading 2",
// "Heading2", "제목 2" → 2; "Title", "제목" → 1; anything else → 0.
func headingName(name string) int {
	n := strings.ToLower(strings.Join(strings.Fields(name), ""))
	switch n {
	case "title", "제목":
		return 1
	}
	for _, prefix := range []string{"heading", "제목"} {
		if rest, ok := strings.CutPrefix(n, prefix); ok && rest != "" && strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsDigit(r) }) < 0 {
			if lvl, err := strconv.Atoi(rest); err == nil && lvl >= 1 && lvl <= 9 {
				return lvl
			}
		}
	}
	return 0
}

// numbering maps a list (w:numId) to the format of each level.
type numbering struct {
	abstractOf map[string]string         // numId → abstractNumId
	levels     map[string][9]levelFormat // abstractNumId → levels
}

type levelFormat struct {
	bullet bool
	start  int
	set    bool
}

func (n numbering) format(numID string, lvl int) levelFormat {
	f := n.levels[n.abstractOf[numID]][lvl]
	if !f.set {
		return levelFormat{bullet: true, start: 1} // unknown list: a plain bullet reads right
	}
	return f
}

// readNumbering reads word/numbering.xml.
func readNumbering(p *pkg, part string) (numbering, error) {
	n := numbering{abstractOf: map[string]string{}, levels: map[string][9]levelFormat{}}
	r, err := p.xml(part)
	if r == nil || err != nil {
		return n, err
	}
	err = r.walk(func(se xml.StartElement) error {
		switch se.Name.Local {
		case "abstractNum":
			id := attr(se, "abstractNumId")
			var lv [9]levelFormat
			err := r.walk(func(se xml.StartElement) error {
				if se.Name.Local != "lvl" {
					return nil
				}
				i := attrInt(se, "ilvl", -1)
				f := levelFormat{start: 1, set: true}
				err := r.walk(func(se xml.StartElement) error {
					switch se.Name.Local {
					case "numFmt":
						f.bullet = attr(se, "val") == "bullet" || attr(se, "val") == "none"
					case "start":
						f.start = attrInt(se, "val", 1)
					case "pPr", "rPr":
						return r.skip()
					}
					return nil
				}, nil)
				if i >= 0 && i < len(lv) {
					lv[i] = f
				}
				return err
			}, nil)
			n.levels[id] = lv
			return err
		case "num":
			id := attr(se, "numId")
			return r.walk(func(se xml.StartElement) error {
				if se.Name.Local == "abstractNumId" {
					n.abstractOf[id] = attr(se, "val")
				}
				return nil
			}, nil)
		}
		return nil
	}, nil)
	return n, err
}
