package hwp

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/loader/internal/safezip"
	"github.com/seogo/seogo/schema"
)

// XLoader reads HWPX (OWPML) documents: a zip whose Contents/section*.xml
// parts hold the body, in the order Contents/content.hpf's spine gives. The
// zero value is ready to use. The layout follows the same rules as Loader
// (see the package comment).
type XLoader struct{}

// Format names the format in Document.Format.
func (XLoader) Format() string { return "hwpx" }

// maxXMLDepth bounds element nesting. Real sections nest about 20 deep
// (table in a text box in a table...); a hostile file must not make the
// element stack, or the reader's work per element, grow without bound.
const maxXMLDepth = 256

// Load reads an HWPX document.
func (XLoader) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	zr, err := safezip.Open(data, safezip.Limits{})
	if err != nil {
		// Both errors are shown (each in the reader's language); ErrNotHWP is
		// the one errors.Is finds.
		return nil, &i18n.Error{Text: i18n.Text{Ko: "%v: %v", En: "%v: %v"}, Args: []any{ErrNotHWP, err}, Err: ErrNotHWP}
	}
	if m, err := zr.Read("META-INF/manifest.xml"); err == nil && bytes.Contains(m, []byte("encryption-data")) {
		return nil, ErrEncrypted
	}
	secs := hwpxSections(zr)
	if len(secs) == 0 {
		return nil, notHWP(i18n.Text{Ko: "Contents/section*.xml 본문이 없음", En: "no Contents/section*.xml body parts"})
	}
	var b loader.Builder
	x := &xreader{ctx: ctx, b: &b}
	if h, err := zr.Read("Contents/header.xml"); err == nil {
		x.readHeader(h) // only for heading levels: a damaged header costs only those
	}
	for _, s := range secs {
		part, err := zr.Read(s)
		if errors.Is(err, safezip.ErrBomb) {
			return nil, err
		}
		if err != nil {
			b.Note(noteSectionError, s, i18n.Localize(err, i18n.En))
			continue
		}
		if err := x.section(part); err != nil {
			if ctx.Err() != nil || errors.Is(err, errTooDeep) {
				return nil, err
			}
			b.Note(noteSectionError, s, i18n.Localize(err, i18n.En))
		}
	}
	if x.pua > 0 {
		b.Note(notePrivateUse, x.pua)
	}
	return b.Document("hwpx", name)
}

// hwpxSections lists the section parts in reading order: the spine of
// Contents/content.hpf, or, when it is missing or names no section (some
// writers leave out the manifest), Contents/sectionN.xml by number.
func hwpxSections(zr *safezip.Reader) []string {
	var secs []string
	if hpf, err := zr.Read("Contents/content.hpf"); err == nil {
		secs = spineSections(zr, hpf)
	}
	if len(secs) > 0 {
		return secs
	}
	type numbered struct {
		n    int
		name string
	}
	var found []numbered
	for _, n := range zr.Names() {
		rest, ok := strings.CutPrefix(strings.ToLower(n), "contents/section")
		if !ok {
			continue
		}
		num, err := strconv.Atoi(strings.TrimSuffix(rest, ".xml"))
		if err == nil && strings.HasSuffix(rest, ".xml") {
			found = append(found, numbered{num, n})
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].n < found[j].n })
	for _, f := range found {
		secs = append(secs, f.name)
	}
	return secs
}

// spineSections reads the OPF package: items map ids to parts, the spine
// orders them. Only items that exist and look like sections are kept.
func spineSections(zr *safezip.Reader, hpf []byte) []string {
	d := xml.NewDecoder(bytes.NewReader(hpf))
	items := map[string]string{}
	var spine []string
	for depth := 0; ; {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				return nil
			}
			switch t.Name.Local {
			case "item":
				items[attr(t, "id")] = attr(t, "href")
			case "itemref":
				spine = append(spine, attr(t, "idref"))
			}
		case xml.EndElement:
			depth--
		}
	}
	var secs []string
	seen := map[string]bool{}
	for _, id := range spine {
		href, ok := items[id]
		if !ok {
			continue
		}
		name := path.Clean(href)
		if !strings.Contains(name, "/") {
			name = "Contents/" + name // hrefs are relative to the package in some writers
		}
		if canon, ok := zr.Lookup(name); ok && !seen[canon] && strings.Contains(strings.ToLower(canon), "section") {
			seen[canon] = true
			secs = append(secs, canon)
		}
	}
	return secs
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// xreader holds the state of one HWPX load.
type xreader struct {
	ctx      context.Context
	b        *loader.Builder
	outlines map[int]int // paraPr id → heading level, for outline paragraphs
	pua      int
	pages    pager
}

// readHeader finds the paragraph properties that are outline headings:
// <hh:paraPr id="N"><hh:heading type="OUTLINE" level="L"/>.
func (x *xreader) readHeader(h []byte) {
	d := xml.NewDecoder(bytes.NewReader(h))
	x.outlines = map[int]int{}
	cur, depth := -1, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				return
			}
			switch t.Name.Local {
			case "paraPr":
				cur = -1
				if id, err := strconv.Atoi(attr(t, "id")); err == nil {
					cur = id
				}
			case "heading":
				if lv, err := strconv.Atoi(attr(t, "level")); err == nil && cur >= 0 && attr(t, "type") == "OUTLINE" && lv >= 0 && lv < 10 {
					x.outlines[cur] = lv + 1
				}
			}
		case xml.EndElement:
			depth--
		}
	}
}

func (x *xreader) outlineLevel(shape int) int { return x.outlines[shape] }

// errTooDeep is returned for XML nested deeper than maxXMLDepth.
var errTooDeep = i18n.Errorf(
	"XML 요소가 너무 깊이(%d단계 넘게) 중첩되어 있습니다: 손상되었거나 악의적인 파일일 수 있으니 한글에서 열어 다시 저장해 보세요",
	"XML elements nested deeper than %d levels: the file is damaged or hostile; open it in Hancom Office and save it again", maxXMLDepth)

// readXML feeds every token of part to visit, with the element depth
// capped and the context checked as it goes.
func (x *xreader) readXML(part []byte, visit func(xml.Token)) error {
	d := xml.NewDecoder(bytes.NewReader(part))
	depth := 0
	for n := 0; ; n++ {
		if n%(ctxEvery*4) == 0 {
			if err := x.ctx.Err(); err != nil {
				return i18n.Errorf("읽기를 멈췄습니다: %w", "loading stopped: %w", err)
			}
		}
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return i18n.Errorf("XML이 손상되었습니다: %v", "damaged XML: %v", err.Error())
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				return errTooDeep
			}
		case xml.EndElement:
			depth--
		}
		visit(tok)
	}
}
