package loader

import (
	"bytes"
	"context"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/korean"

	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/textproc"
)

// HTMLLoader extracts the visible text of an HTML page. Scripts, styles,
// templates, <noscript>, <svg>, hidden elements and the <head> (except
// <title>) are dropped; block elements become line breaks, list items get
// "- " or "N. " markers, table cells are separated by tabs; h1-h6 become
// lines of their own and start sections, with heading paths as in Markdown.
// Entities are decoded. A <meta charset> (or http-equiv Content-Type)
// declaring EUC-KR / CP949 or Windows-1252 is honoured before parsing when
// the bytes are not valid UTF-8. Title is <title>, else the first h1, else
// the file name; the <title> text is not repeated in Text.
//
// The parser is a small tolerant tokenizer written here, because
// golang.org/x/net/html is not a dependency of the module; it does not build
// a DOM, and it treats unclosed or stray tags leniently.
type HTMLLoader struct{}

// Format names the format: "html".
func (HTMLLoader) Format() string { return "html" }

// Load implements Loader.
func (HTMLLoader) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	if err := checkContext(ctx); err != nil {
		return nil, err
	}
	var declared []string
	if enc, label := declaredCharset(data); enc != nil && !utf8.Valid(data) && !textproc.LooksBinary(data) {
		if conv, err := enc.NewDecoder().Bytes(data); err == nil {
			bad := bytes.Count(conv, []byte("\uFFFD"))
			data = conv
			declared = append(declared, both(noteMetaCharset, label))
			if bad > 0 {
				declared = append(declared, both(noteUndecodable, bad, label))
			}
		}
	}
	d, err := decode(data)
	if err != nil {
		return nil, err
	}
	if declared != nil {
		d.notes = append(declared, d.notes...)
	}
	x := extractHTML(d.text)
	title := x.title
	if title == "" {
		title = x.firstH1
	}
	if title == "" {
		title = baseTitle(name)
	}
	var secs []schema.Section
	if x.text != "" {
		secs = headingSections(x.text, x.headings)
	} else {
		d.notes = append(d.notes, both(noteNoVisibleText))
	}
	return newDocument("html", title, d, x.text, secs), nil
}

// declaredCharset looks for a charset declaration in the first 4 KB (where
// the HTML standard says it must be) and returns a decoder for the charsets
// this loader supports, with a label for notes. UTF-8 and unknown labels give
// nil: Normalize's own detection then applies.
func declaredCharset(data []byte) (encoding.Encoding, string) {
	head := bytes.ToLower(data[:min(len(data), 4096)])
	for {
		i := bytes.Index(head, []byte("<meta"))
		if i < 0 {
			return nil, ""
		}
		head = head[i+5:]
		end := bytes.IndexByte(head, '>')
		if end < 0 {
			end = len(head)
		}
		tag := head[:end]
		j := bytes.Index(tag, []byte("charset"))
		if j < 0 {
			continue
		}
		v := bytes.TrimLeft(tag[j+len("charset"):], " \t\r\n")
		if !bytes.HasPrefix(v, []byte("=")) {
			continue
		}
		v = bytes.TrimLeft(v[1:], " \t\r\n\"'")
		k := 0
		for k < len(v) && (isAlnum(v[k]) || v[k] == '-' || v[k] == '_' || v[k] == '.' || v[k] == ':') {
			k++
		}
		switch string(v[:k]) {
		case "euc-kr", "cp949", "windows-949", "x-windows-949", "ks_c_5601-1987", "ks_c_5601-1989",
			"ksc5601", "ksc_5601", "korean", "iso-ir-149", "csksc56011987", "cseuckr", "uhc":
			return korean.EUCKR, "EUC-KR"
		case "iso-8859-1", "latin1", "l1", "windows-1252", "cp1252", "us-ascii", "ascii", "iso8859-1":
			return charmap.Windows1252, "Windows-1252"
		}
		return nil, ""
	}
}

func isAlnum(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}

// htmlText is what extractHTML found.
type htmlText struct {
	text     string
	title    string
	firstH1  string
	headings []heading
}

// Element classes for extraction.
var (
	// rawTextTags hold text that is not markup; their content runs to the
	// matching end tag. Only <title>'s is kept.
	rawTextTags = map[string]bool{
		"script": true, "style": true, "title": true, "textarea": true, "xmp": true,
		"iframe": true, "noembed": true, "noframes": true, "noscript": true, "plaintext": true,
	}
	// droppedTags are parsed as markup, but nothing inside them is visible
	// text worth indexing.
	droppedTags = map[string]bool{
		"template": true, "svg": true, "math": true, "object": true, "canvas": true,
		"select": true, "datalist": true,
	}
	// voidTags have no end tag, so they never open a dropped subtree.
	voidTags = map[string]bool{
		"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
		"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
	}
	// blockBreaks is how many line breaks a block element puts around its
	// content: 2 (a paragraph break) or 1.
	blockBreaks = map[string]int{
		"p": 2, "h1": 2, "h2": 2, "h3": 2, "h4": 2, "h5": 2, "h6": 2, "blockquote": 2, "pre": 2,
		"table": 2, "ul": 2, "ol": 2, "dl": 2, "section": 2, "article": 2, "header": 2,
		"footer": 2, "main": 2, "nav": 2, "aside": 2, "figure": 2, "form": 2, "fieldset": 2,
		"address": 2, "details": 2, "hr": 2, "hgroup": 2, "body": 2,
		"div": 1, "li": 1, "dt": 1, "dd": 1, "tr": 1, "caption": 1, "figcaption": 1,
		"summary": 1, "legend": 1, "center": 1, "option": 1, "thead": 1, "tbody": 1, "tfoot": 1,
	}
)

// headingLevel returns 1-6 for h1-h6, else 0.
func headingLevel(tag string) int {
	if len(tag) == 2 && tag[0] == 'h' && tag[1] >= '1' && tag[1] <= '6' {
		return int(tag[1] - '0')
	}
	return 0
}

// isHidden reports whether a start tag's attributes hide the element.
func isHidden(attrs map[string]string) bool {
	if _, ok := attrs["hidden"]; ok {
		return true
	}
	if attrs["aria-hidden"] == "true" {
		return true
	}
	style := strings.ReplaceAll(strings.ToLower(attrs["style"]), " ", "")
	return strings.Contains(style, "display:none") || strings.Contains(style, "visibility:hidden")
}
