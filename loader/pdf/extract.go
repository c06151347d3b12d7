package pdf

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/klippa-app/go-pdfium"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"

	"github.com/seogo/seogo/i18n"
)

// rawDoc is what pdfium gives for a document, before any clean-up.
type rawDoc struct {
	pages         []rawPage
	title, author string
}

// rawPage is one page's text as pdfium orders it, line by line, with each
// line's box so layout can re-order columns.
type rawPage struct {
	width, height float64
	lines         []line
	// mapErrors of sampled characters had no Unicode mapping in their font
	// (a CID font without ToUnicode): pdfium then returns glyph ids that
	// look like text but are not.
	mapErrors, sampled int
}

// line is one line of text. x0,y0 is its top-left corner and x1,y1 its
// bottom-right one, in points from the page's top-left; hasBox is false
// when pdfium gave no position.
type line struct {
	text           string
	x0, y0, x1, y1 float64
	hasBox         bool
}

// mapErrorSample is how many characters per page are checked for a missing
// Unicode mapping: one call per character is costly, and a font without
// ToUnicode spoils all of its characters, so a sample tells.
const mapErrorSample = 24

// extractor reads one document with one pdfium instance. step is called
// after each unit of work (opening, every page) so the caller can watch for
// a stuck pdfium, and returns false when the caller has given up.
type extractor struct {
	inst pdfium.Pdfium
	step func() bool
}

// errAbandoned stops an extraction whose caller has already returned.
var errAbandoned = errors.New("abandoned")

func (e *extractor) run(data []byte, password string) (doc rawDoc, err error) {
	// go-pdfium recovers panics of its own calls; this catches ours (and
	// anything it misses) so a hostile file never takes the process down.
	defer func() {
		if r := recover(); r != nil {
			err = i18n.Errorf("PDF를 읽다가 내부 오류가 났습니다: %v", "internal error while reading the PDF: %v", fmt.Sprint(r))
		}
	}()
	req := &requests.OpenDocument{File: &data}
	if password != "" {
		req.Password = &password
	}
	opened, err := e.inst.OpenDocument(req)
	if err != nil {
		return doc, openError(err, password != "")
	}
	defer e.inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: opened.Document})
	if !e.step() {
		return doc, errAbandoned
	}
	count, err := e.inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: opened.Document})
	if err != nil {
		return doc, damaged(err)
	}
	doc.title = e.meta(opened.Document, "Title")
	doc.author = e.meta(opened.Document, "Author")
	doc.pages = make([]rawPage, 0, count.PageCount)
	for i := 0; i < count.PageCount; i++ {
		pg, err := e.page(opened.Document, i)
		if err != nil {
			// A page pdfium cannot load is kept empty: the rest of the
			// document is still worth reading.
			pg = rawPage{}
		}
		doc.pages = append(doc.pages, pg)
		if !e.step() {
			return doc, errAbandoned
		}
	}
	return doc, nil
}

func (e *extractor) meta(doc references.FPDF_DOCUMENT, tag string) string {
	m, err := e.inst.FPDF_GetMetaText(&requests.FPDF_GetMetaText{Document: doc, Tag: tag})
	if err != nil {
		return ""
	}
	return strings.TrimSpace(m.Value)
}

func (e *extractor) page(doc references.FPDF_DOCUMENT, index int) (rawPage, error) {
	var pg rawPage
	loaded, err := e.inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if err != nil {
		return pg, err
	}
	defer e.inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: loaded.Page})
	ref := requests.Page{ByReference: &loaded.Page}
	if w, err := e.inst.FPDF_GetPageWidth(&requests.FPDF_GetPageWidth{Page: ref}); err == nil {
		pg.width = w.Width
	}
	if h, err := e.inst.FPDF_GetPageHeight(&requests.FPDF_GetPageHeight{Page: ref}); err == nil {
		pg.height = h.Height
	}
	tp, err := e.inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: ref})
	if err != nil {
		return pg, err
	}
	defer e.inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage})
	n, err := e.inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil || n.Count <= 0 {
		return pg, err
	}
	// One call for the whole text; positions come per line below, so a
	// page costs a few calls per line instead of several per character.
	txt, err := e.inst.FPDFText_GetText(&requests.FPDFText_GetText{TextPage: tp.TextPage, StartIndex: 0, Count: n.Count})
	if err != nil {
		return pg, err
	}
	runes := []rune(txt.Text)
	// Character indexes line up with runes unless pdfium produced
	// surrogate pairs or invalid UTF-16; then keep its order without boxes.
	aligned := len(runes) == n.Count && utf8.ValidString(txt.Text)
	start := 0
	for i := 0; i <= len(runes); i++ {
		if i < len(runes) && runes[i] != '\n' {
			continue
		}
		seg := runes[start:i]
		// pdfium ends its lines with a generated "\r\n".
		for len(seg) > 0 && seg[len(seg)-1] == '\r' {
			seg = seg[:len(seg)-1]
		}
		if strings.TrimSpace(string(seg)) != "" {
			if aligned {
				pg.lines = append(pg.lines, e.placeLine(tp.TextPage, start, seg, pg.height)...)
			} else {
				pg.lines = append(pg.lines, line{text: string(seg)})
			}
		}
		start = i + 1
	}
	pg.mapErrors, pg.sampled = e.sampleMapErrors(tp.TextPage, n.Count)
	return pg, nil
}

// sampleMapErrors checks up to mapErrorSample characters spread over the
// page's count characters for a missing Unicode mapping, skipping spaces
// and line breaks (which pdfium may generate). It goes by character index,
// not by the text: GetText leaves out some characters of broken fonts.
func (e *extractor) sampleMapErrors(tp references.FPDF_TEXTPAGE, count int) (bad, sampled int) {
	stride := max(count/(2*mapErrorSample), 1)
	for i := 0; i < count && sampled < mapErrorSample; i += stride {
		u, err := e.inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp, Index: i})
		if err != nil {
			break
		}
		if u.Unicode <= ' ' {
			continue
		}
		res, err := e.inst.FPDFText_HasUnicodeMapError(&requests.FPDFText_HasUnicodeMapError{TextPage: tp, Index: i})
		if err != nil {
			break
		}
		sampled++
		if res.HasUnicodeMapError {
			bad++
		}
	}
	return bad, sampled
}

// openError maps pdfium's reasons for not opening a document.
func openError(err error, withPassword bool) error {
	switch {
	case errors.Is(err, pdfiumerrors.ErrPassword), errors.Is(err, pdfiumerrors.ErrSecurity):
		if withPassword {
			return i18n.Errorf("%w: 암호가 맞지 않습니다", "%w: the password is wrong", ErrEncrypted)
		}
		return ErrEncrypted
	}
	return damaged(err)
}

// damaged wraps ErrNotPDF for a file that starts like a PDF but that pdfium
// cannot read.
func damaged(err error) error {
	return i18n.Errorf("%w: 파일이 손상되었습니다(%v)", "%w: the file is damaged (%v)", ErrNotPDF, err.Error())
}
