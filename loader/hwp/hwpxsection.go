package hwp

import (
	"encoding/xml"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Frame kinds of the HWPX element stack that matter to the layout.
const (
	frameOther = iota
	framePara  // <hp:p>
	frameTable // <hp:tbl>
	frameCell  // <hp:tc>
	frameNote  // <hp:footNote>, <hp:endNote>
	frameSkip  // headers, footers, hidden comments, master pages
	frameText  // <hp:t>
)

type xframe struct {
	kind int
	para *xpara
	rows *[][]string
	cell *cellSink
}

// xpara is a paragraph being read. A top-level paragraph keeps its blocks
// until its end, where its line layout (which comes last in the XML) says
// which page it starts on.
type xpara struct {
	text  strings.Builder
	shape int
	out   sink
	top   bool
	held  *heldSink
	vpos  []int32
}

// flush hands the text read so far to the paragraph's sink.
func (p *xpara) flush() {
	if p.text.Len() > 0 {
		p.out.paragraph(p.text.String(), p.shape, p.top)
		p.text.Reset()
	}
}

// heldSink keeps blocks to replay later.
type heldSink struct{ blocks []heldBlock }

type heldBlock struct {
	text  string
	shape int
	top   bool
	rows  [][]string
}

func (h *heldSink) paragraph(text string, shape int, top bool) {
	h.blocks = append(h.blocks, heldBlock{text: text, shape: shape, top: top})
}
func (h *heldSink) table(rows [][]string) { h.blocks = append(h.blocks, heldBlock{rows: rows}) }

func (h *heldSink) replay(out sink) {
	for _, b := range h.blocks {
		if b.rows != nil {
			out.table(b.rows)
		} else {
			out.paragraph(b.text, b.shape, b.top)
		}
	}
}

// discard drops what is read inside skipped parts.
type discard struct{}

func (discard) paragraph(string, int, bool) {}
func (discard) table([][]string)            {}

// xsection lays out one section part.
type xsection struct {
	x     *xreader
	body  bodySink
	stack []xframe
	notes []string
}

func (x *xreader) section(part []byte) error {
	s := &xsection{x: x, body: bodySink{x.b, x.outlineLevel}}
	err := x.readXML(part, s.token)
	for _, n := range s.notes {
		x.b.Paragraph(n)
	}
	return err
}

func (s *xsection) token(tok xml.Token) {
	switch t := tok.(type) {
	case xml.StartElement:
		s.stack = append(s.stack, s.start(t))
	case xml.EndElement:
		if len(s.stack) > 0 {
			s.end(s.stack[len(s.stack)-1])
			s.stack = s.stack[:len(s.stack)-1]
		}
	case xml.CharData:
		if n := len(s.stack); n > 0 && s.stack[n-1].kind == frameText {
			if p := s.para(); p != nil {
				s.write(p, string(t))
			}
		}
	}
}

// container finds where a new paragraph or table goes: the enclosing cell,
// note or skipped part, or the enclosing paragraph (a text box anchored in
// it: the paragraph's text so far comes first), or the body.
func (s *xsection) container() (out sink, top bool) {
	for i := len(s.stack) - 1; i >= 0; i-- {
		f := s.stack[i]
		switch f.kind {
		case framePara:
			f.para.flush()
			return f.para.out, false
		case frameCell, frameNote:
			return f.cell, false
		case frameSkip:
			return discard{}, false
		}
	}
	return s.body, true
}

// para is the innermost open paragraph.
func (s *xsection) para() *xpara {
	for i := len(s.stack) - 1; i >= 0; i-- {
		if s.stack[i].kind == framePara {
			return s.stack[i].para
		}
	}
	return nil
}

func (s *xsection) write(p *xpara, text string) {
	for _, r := range text {
		if isPrivateUse(r) {
			s.x.pua++
			continue
		}
		if r == utf8.RuneError {
			continue // stored in the file, or an invalid byte: not text
		}
		p.text.WriteRune(r)
	}
}

func (s *xsection) start(e xml.StartElement) xframe {
	switch e.Name.Local {
	case "p":
		out, top := s.container()
		p := &xpara{out: out, top: top}
		p.shape, _ = strconv.Atoi(attr(e, "paraPrIDRef"))
		if top {
			p.held = &heldSink{}
			p.out = p.held
		}
		return xframe{kind: framePara, para: p}
	case "t", "mainText": // mainText: the base text of a 덧말 (ruby); its subText is left out
		return xframe{kind: frameText}
	case "tbl":
		out, _ := s.container()
		rows := [][]string{}
		return xframe{kind: frameTable, rows: &rows, para: &xpara{out: out}} // para.out: where the table goes
	case "tr":
		if t := s.table(); t != nil {
			*t.rows = append(*t.rows, nil)
		}
	case "tc":
		return xframe{kind: frameCell, cell: &cellSink{sep: " "}}
	case "footNote", "endNote":
		return xframe{kind: frameNote, cell: &cellSink{sep: "\n"}}
	case "header", "footer", "hiddenComment", "masterPage":
		return xframe{kind: frameSkip}
	case "tab", "lineBreak", "hyphen", "nbSpace", "fwSpace":
		if p := s.para(); p != nil {
			p.text.WriteString(map[string]string{"tab": " ", "lineBreak": "\n", "hyphen": "-", "nbSpace": " ", "fwSpace": " "}[e.Name.Local])
		}
	case "lineseg":
		if p := s.para(); p != nil && p.top {
			v, err := strconv.ParseInt(attr(e, "vertpos"), 10, 32)
			if err == nil {
				p.vpos = append(p.vpos, int32(v))
			}
		}
	}
	return xframe{kind: frameOther}
}

// table is the innermost open table.
func (s *xsection) table() *xframe {
	for i := len(s.stack) - 1; i >= 0; i-- {
		if s.stack[i].kind == frameTable {
			return &s.stack[i]
		}
	}
	return nil
}

func (s *xsection) end(f xframe) {
	switch f.kind {
	case framePara:
		p := f.para
		p.flush()
		if !p.top {
			return
		}
		for i, v := range p.vpos {
			s.x.pages.line(v, false)
			if i == 0 {
				s.x.b.Page(s.x.pages.page)
			}
		}
		p.held.replay(s.body)
	case frameCell:
		// The stack still holds this cell; its table is below it.
		s.stack = s.stack[:len(s.stack)-1]
		if t := s.table(); t != nil {
			if len(*t.rows) == 0 {
				*t.rows = append(*t.rows, nil)
			}
			last := len(*t.rows) - 1
			(*t.rows)[last] = append((*t.rows)[last], f.cell.text())
		}
		s.stack = append(s.stack, f)
	case frameTable:
		if len(*f.rows) > 0 {
			f.para.out.table(*f.rows)
		}
	case frameNote:
		if t := f.cell.text(); strings.TrimSpace(t) != "" {
			s.notes = append(s.notes, t)
		}
	}
}
