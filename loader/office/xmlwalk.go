package office

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/seogo/seogo/i18n"
)

// maxDepth bounds element nesting. Real documents stay under ~40 levels
// (a table in a text box in a table…); the cap keeps the recursive-descent
// readers below from being driven arbitrarily deep by a hostile part.
const maxDepth = 256

// ctxEvery is how many tokens pass between checks of the context: often
// enough that a cancelled ingest stops within milliseconds, rarely enough to
// cost nothing.
const ctxEvery = 4096

var errTooDeep = i18n.Errorf(
	"XML 요소가 %d단계보다 깊게 중첩되어 있습니다(손상되었거나 악의적인 파일일 수 있음)",
	"XML elements are nested deeper than %d levels (a damaged or hostile file)", maxDepth)

// xmlReader pulls tokens from one XML part for the recursive-descent readers
// of every format: it tracks the depth (and refuses to go past maxDepth),
// watches the context, and turns the decoder's errors into bilingual ones
// that name the part.
type xmlReader struct {
	ctx   context.Context
	dec   *xml.Decoder
	part  string
	depth int
	n     int
}

func newXMLReader(ctx context.Context, part string, data []byte) *xmlReader {
	// encoding/xml reads only UTF-8 and declares other encodings through
	// CharsetReader; UTF-16 parts (allowed by OPC, rare) are converted first
	// so the decoder never sees anything but UTF-8.
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		if conv, _, err := transform.Bytes(unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder(), data); err == nil {
			data = conv
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		switch strings.ToLower(label) {
		case "utf-16", "utf-16le", "utf-16be", "us-ascii", "ascii":
			return in, nil // already UTF-8 (see above) or a subset of it
		}
		return nil, i18n.Errorf("지원하지 않는 XML 인코딩 %q", "unsupported XML encoding %q", label)
	}
	return &xmlReader{ctx: ctx, dec: dec, part: part}
}

// next returns the next token; io.EOF at the end of the part. Start and end
// elements move depth; CharData is copied only by callers that keep it.
func (r *xmlReader) next() (xml.Token, error) {
	r.n++
	if r.n%ctxEvery == 0 {
		if err := r.ctx.Err(); err != nil {
			return nil, i18n.Errorf("읽기를 멈췄습니다: %w", "loading stopped: %w", err)
		}
	}
	tok, err := r.dec.Token()
	if err != nil {
		if err == io.EOF {
			if r.depth > 0 {
				return nil, r.damaged(io.ErrUnexpectedEOF)
			}
			return nil, io.EOF
		}
		var ie *i18n.Error
		if errors.As(err, &ie) {
			return nil, i18n.Errorf("%s: %w", "%s: %w", r.part, err)
		}
		return nil, r.damaged(err)
	}
	switch tok.(type) {
	case xml.StartElement:
		r.depth++
		if r.depth > maxDepth {
			return nil, i18n.Errorf("%s: %w", "%s: %w", r.part, errTooDeep)
		}
	case xml.EndElement:
		r.depth--
	}
	return tok, nil
}

func (r *xmlReader) damaged(err error) error {
	return i18n.Errorf("%s: XML이 손상되었습니다(%v). 원래 프로그램에서 다시 저장해 보세요: %w",
		"%s: damaged XML (%v); try saving the file again from the program that made it: %w", r.part, err.Error(), ErrNotOffice)
}

// skip consumes the rest of the element whose start was just read.
func (r *xmlReader) skip() error {
	for d := r.depth; r.depth >= d; {
		if _, err := r.next(); err != nil {
			return err
		}
	}
	return nil
}

// walk calls fn for every start element inside the element whose start was
// just read (or, at depth 0, the whole part), and returns after its end.
// fn either consumes the element it is given (by reading to its end, e.g.
// with skip) or returns without reading, in which case walk descends into
// it and fn sees its children: unknown wrappers are transparent. text, when
// set, receives the character data walk passes over.
func (r *xmlReader) walk(fn func(se xml.StartElement) error, text func(string)) error {
	top := r.depth
	for {
		tok, err := r.next()
		if err == io.EOF && top == 0 {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if fn != nil {
				if err := fn(t); err != nil {
					return err
				}
			}
		case xml.EndElement:
			if r.depth < top {
				return nil
			}
		case xml.CharData:
			if text != nil {
				text(string(t))
			}
		}
	}
}

// text returns the character data of the element whose start was just read,
// with its children's, and consumes the element.
func (r *xmlReader) text() (string, error) {
	var b strings.Builder
	err := r.walk(nil, func(s string) { b.WriteString(s) })
	return b.String(), err
}

// attr returns the value of the attribute with the given local name (any
// namespace: OOXML's strict and transitional schemas differ only in URIs).
func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// attrInt is attr as a non-negative integer, def when absent or malformed.
func attrInt(se xml.StartElement, local string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(attr(se, local)))
	if err != nil || n < 0 {
		return def
	}
	return n
}

// onOff reads an OOXML boolean property (<w:vanish/>, w:val="0"/"false"/"off").
func onOff(se xml.StartElement) bool {
	switch attr(se, "val") {
	case "0", "false", "off":
		return false
	}
	return true
}

// relID returns an element's r:id: the "id" attribute in a namespace (the
// relationships one), not a plain id such as p:sldId's numeric one.
func relID(se xml.StartElement) string {
	for _, a := range se.Attr {
		if a.Name.Local == "id" && a.Name.Space != "" {
			return a.Value
		}
	}
	return ""
}
