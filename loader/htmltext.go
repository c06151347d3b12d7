package loader

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seogo/seogo/textproc"
)

// extractHTML walks normalised HTML source once, tag by tag, and writes
// the visible text. It never fails: malformed markup degrades to text.
func extractHTML(src string) htmlText {
	x := extractor{src: src, headingStart: -1}
	x.run()
	x.closeHeading()
	return htmlText{
		text:     strings.TrimRight(x.out.b.String(), " \n"),
		title:    x.title,
		firstH1:  x.firstH1,
		headings: x.headings,
	}
}

type extractor struct {
	src string
	out textOut

	inHead   bool
	dropTag  string // the element whose subtree is being dropped
	dropDeep int    // nesting of dropTag inside itself
	pre      int    // depth of <pre>: white space is kept
	preStart bool   // no text yet since <pre>: its first newline is dropped
	lists    []int  // open lists: -1 for <ul>, else the last <ol> item number
	cell     int    // cells seen in the current table row

	headingLevel int // the open h1-h6, 0 when none
	headingStart int // offset in the output where its text begins, -1 before any
	headingText  strings.Builder
	headings     []heading
	firstH1      string
	title        string
}

// headOnlyTags may appear in <head>; any other start tag ends an implicit
// head (pages often omit </head> and <body>).
var headOnlyTags = map[string]bool{
	"title": true, "meta": true, "link": true, "script": true, "style": true,
	"base": true, "noscript": true, "template": true,
}

func (x *extractor) run() {
	src := x.src
	for i := 0; i < len(src); {
		j := strings.IndexByte(src[i:], '<')
		if j < 0 {
			x.text(src[i:])
			return
		}
		x.text(src[i : i+j])
		i += j
		rest := src[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			end := strings.Index(rest[4:], "-->")
			if end < 0 {
				return // an unclosed comment runs to the end of the file
			}
			i += 4 + end + 3
		case strings.HasPrefix(rest, "<!") || strings.HasPrefix(rest, "<?"):
			end := strings.IndexByte(rest, '>')
			if end < 0 {
				return
			}
			i += end + 1
		case len(rest) > 2 && rest[1] == '/' && isAlpha(rest[2]):
			name, _ := tagName(rest[2:])
			end := strings.IndexByte(rest, '>')
			if end < 0 {
				return
			}
			i += end + 1
			x.endTag(name)
		case len(rest) > 1 && isAlpha(rest[1]):
			name, n := tagName(rest[1:])
			attrs, selfClosing, end := parseAttrs(rest, 1+n)
			if end < 0 {
				return // EOF inside a tag: the tag is dropped
			}
			i += end
			if rawTextTags[name] && !selfClosing {
				i += x.rawText(name, src[i:])
				continue
			}
			x.startTag(name, attrs, selfClosing)
		default:
			x.text("<")
			i++
		}
	}
}

// rawText handles the content of a raw text element starting at s and
// returns its length including the end tag.
func (x *extractor) rawText(name, s string) int {
	end, next := findEndTag(s, name)
	if name == "title" && x.dropTag == "" && x.title == "" {
		x.title = collapse(decodeEntities(s[:end]))
	}
	return next
}

// findEndTag finds "</name" (any case) followed by a delimiter and returns
// where it starts and where the text after its '>' starts.
func findEndTag(s, name string) (end, next int) {
	for pos := 0; ; {
		k := strings.Index(s[pos:], "</")
		if k < 0 {
			return len(s), len(s)
		}
		k += pos
		after := k + 2 + len(name)
		if after <= len(s) && strings.EqualFold(s[k+2:after], name) &&
			(after == len(s) || strings.IndexByte(" \t\n\f/>", s[after]) >= 0) {
			gt := strings.IndexByte(s[after:], '>')
			if gt < 0 {
				return k, len(s)
			}
			return k, after + gt + 1
		}
		pos = k + 2
	}
}

func (x *extractor) startTag(name string, attrs map[string]string, selfClosing bool) {
	if x.dropTag != "" {
		if name == x.dropTag && !selfClosing {
			x.dropDeep++
		}
		return
	}
	if x.inHead && !headOnlyTags[name] {
		x.inHead = false
	}
	if name == "head" {
		x.inHead = true
		return
	}
	if name == "body" {
		x.inHead = false
	}
	if (droppedTags[name] || isHidden(attrs)) && !voidTags[name] && !selfClosing {
		x.dropTag, x.dropDeep = name, 1
		return
	}
	breaks := x.breaks(name) // before a list is pushed: nesting decides
	switch name {
	case "br":
		x.out.lineBreak()
		return
	case "pre":
		x.pre++
		x.preStart = true
	case "ul":
		x.lists = append(x.lists, -1)
	case "ol":
		x.lists = append(x.lists, 0)
	case "tr":
		x.cell = 0
	case "td", "th":
		if x.cell > 0 {
			x.out.tab()
		}
		x.cell++
	}
	if level := headingLevel(name); level > 0 {
		x.closeHeading()
		x.out.brk(2)
		x.headingLevel, x.headingStart = level, -1
		x.headingText.Reset()
		return
	}
	if breaks > 0 {
		x.closeHeadingAtBlock(name)
		x.out.brk(breaks)
	}
	if name == "li" {
		x.listMarker()
	}
}

func (x *extractor) endTag(name string) {
	if x.dropTag != "" {
		if name == x.dropTag {
			x.dropDeep--
			if x.dropDeep == 0 {
				x.dropTag = ""
			}
		}
		return
	}
	switch name {
	case "head":
		x.inHead = false
		return
	case "pre":
		if x.pre > 0 {
			x.pre--
		}
	case "ul", "ol":
		if len(x.lists) > 0 {
			x.lists = x.lists[:len(x.lists)-1]
		}
	case "br":
		x.out.lineBreak() // "</br>" is treated as <br> by browsers
		return
	}
	if headingLevel(name) > 0 {
		x.closeHeading()
		x.out.brk(2)
		return
	}
	if n := x.breaks(name); n > 0 {
		x.out.brk(n)
	}
}

// breaks is how many line breaks the block element name puts around its
// content; a list inside a list item only starts a new line.
func (x *extractor) breaks(name string) int {
	if (name == "ul" || name == "ol") && len(x.lists) > 0 {
		return 1
	}
	return blockBreaks[name]
}

// closeHeadingAtBlock ends an open heading when a block that cannot be part
// of a heading starts (a page that forgot </h2>).
func (x *extractor) closeHeadingAtBlock(name string) {
	if x.headingLevel > 0 && name != "div" && name != "center" {
		x.closeHeading()
	}
}

// closeHeading records the open heading, if it has text.
func (x *extractor) closeHeading() {
	if x.headingLevel == 0 {
		return
	}
	text := collapse(x.headingText.String())
	if x.headingStart >= 0 && text != "" {
		x.headings = append(x.headings, heading{x.headingLevel, text, x.headingStart, x.out.b.Len()})
		if x.headingLevel == 1 && x.firstH1 == "" {
			x.firstH1 = text
		}
	}
	x.headingLevel = 0
}

func (x *extractor) listMarker() {
	depth := len(x.lists)
	marker := "- "
	if depth > 0 && x.lists[depth-1] >= 0 {
		x.lists[depth-1]++
		marker = itoa(x.lists[depth-1]) + ". "
	}
	if depth > 1 {
		marker = strings.Repeat("  ", depth-1) + marker
	}
	x.out.literal(marker)
}

// text writes a run of character data.
func (x *extractor) text(s string) {
	if s == "" || x.dropTag != "" || x.inHead {
		return
	}
	s = decodeEntities(s)
	var start int
	if x.pre > 0 {
		if x.preStart {
			s = strings.TrimPrefix(s, "\n")
			x.preStart = false
		}
		start = x.out.verbatim(s)
	} else {
		start = x.out.words(s)
	}
	if x.headingLevel > 0 {
		if x.headingStart < 0 {
			x.headingStart = start
		}
		x.headingText.WriteString(s)
		x.headingText.WriteByte(' ')
	}
}

// decodeEntities decodes character references and re-normalises the result
// when it changed: a reference can spell NFD jamo or a control character.
func decodeEntities(s string) string {
	if strings.IndexByte(s, '&') < 0 {
		return s
	}
	return textproc.NormalizeString(html.UnescapeString(s))
}

// collapse trims s and folds each run of white space into one space.
func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func isAlpha(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }

// tagName reads a tag name at the start of s (lower-cased) and its length.
func tagName(s string) (string, int) {
	n := 0
	for n < len(s) && strings.IndexByte(" \t\n\f/>", s[n]) < 0 {
		n++
	}
	return strings.ToLower(s[:n]), n
}

// parseAttrs reads the attributes of the tag s[0:...] from s[i] up to its
// '>' and returns them (names lower-cased; values entity-decoded), whether
// the tag ends with "/>", and the offset after the '>' (-1 when missing).
// A quote only opens a quoted value right after '=', as in the HTML
// standard, so a stray apostrophe cannot swallow the rest of the page.
func parseAttrs(s string, i int) (map[string]string, bool, int) {
	var attrs map[string]string
	for i < len(s) {
		c := s[i]
		switch {
		case c == '>':
			return attrs, i > 0 && s[i-1] == '/', i + 1
		case c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '/':
			i++
			continue
		}
		start := i
		for i < len(s) && strings.IndexByte(" \t\n\f/>=", s[i]) < 0 {
			i++
		}
		name := strings.ToLower(s[start:i])
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			i++
		}
		value := ""
		if i < len(s) && s[i] == '=' {
			i++
			for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
				i++
			}
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				q := strings.IndexByte(s[i+1:], s[i])
				if q < 0 {
					return attrs, false, -1
				}
				value = s[i+1 : i+1+q]
				i += q + 2
			} else {
				vs := i
				for i < len(s) && strings.IndexByte(" \t\n\f>", s[i]) < 0 {
					i++
				}
				value = s[vs:i]
			}
		}
		if name != "" {
			if attrs == nil {
				attrs = map[string]string{}
			}
			if _, dup := attrs[name]; !dup {
				attrs[name] = html.UnescapeString(value)
			}
		} else if i == start {
			i++ // a lone '=': skip it
		}
	}
	return attrs, false, -1
}

// textOut assembles the extracted text: white space collapses to single
// spaces, and block boundaries ask for line breaks that are written only
// when more text follows, so there are never leading, trailing or doubled
// blank lines.
type textOut struct {
	b      strings.Builder
	nl     int  // line breaks asked for (at most 2 are written)
	space  bool // a space is pending
	tabbed bool // a cell separator is pending
}

func (o *textOut) brk(n int) {
	o.nl = max(o.nl, n)
}

// lineBreak is a <br>: consecutive ones add up to a blank line.
func (o *textOut) lineBreak() {
	o.nl = min(o.nl+1, 2)
}

func (o *textOut) tab() { o.tabbed = true }

// flush writes what is pending before visible text. Line breaks already
// written (by preformatted text) count towards those asked for.
func (o *textOut) flush() {
	if o.b.Len() > 0 {
		switch {
		case o.nl > 0:
			s := o.b.String()
			tail := s[max(0, len(s)-2):]
			have := len(tail) - len(strings.TrimRight(tail, "\n"))
			o.b.WriteString("\n\n"[:max(0, min(o.nl, 2)-have)])
		case o.tabbed:
			o.b.WriteByte('\t')
		case o.space:
			o.b.WriteByte(' ')
		}
	}
	o.nl, o.space, o.tabbed = 0, false, false
}

// words writes s with its white space collapsed and returns the offset of
// its first word, or -1 when s is only white space.
func (o *textOut) words(s string) int {
	first := -1
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		if unicode.IsSpace(r) {
			o.space = true
			s = s[n:]
			continue
		}
		end := strings.IndexFunc(s, unicode.IsSpace)
		if end < 0 {
			end = len(s)
		}
		o.flush()
		if first < 0 {
			first = o.b.Len()
		}
		o.b.WriteString(s[:end])
		s = s[end:]
	}
	return first
}

// literal writes s as is after what is pending (list markers).
func (o *textOut) literal(s string) {
	o.flush()
	o.b.WriteString(s)
}

// verbatim writes preformatted text, keeping its white space, and returns
// the offset of its first non-space character, or -1.
func (o *textOut) verbatim(s string) int {
	lead := len(s) - len(strings.TrimLeftFunc(s, unicode.IsSpace))
	if lead == len(s) && o.b.Len() == 0 {
		return -1
	}
	o.flush()
	start := o.b.Len()
	o.b.WriteString(s)
	if lead == len(s) {
		return -1
	}
	return start + lead
}
