package office

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/korean"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/textproc"
)

// EML reads RFC 5322 mail (.eml): the subject is the title and heading, the
// From/To/Cc/Date headers a first paragraph, then the body. In a
// multipart/alternative the text/plain part is preferred and text/html,
// stripped of tags, is the fallback; other text parts of a multipart/mixed
// follow in order, attached mails are read too, and binary attachments are
// named in a note. Transfer encodings (quoted-printable, base64) and
// charsets (UTF-8, EUC-KR and its aliases ks_c_5601-1987/CP949, and the
// WHATWG labels) are decoded, in encoded-word headers too.
type EML struct{}

// Format names the format: "eml".
func (EML) Format() string { return "eml" }

// Limits on MIME structure: real mail nests a few levels and has tens of
// parts; hostile mail can nest multiparts without end.
const (
	maxMIMEDepth = 16
	maxMIMEParts = 1000
)

var errNotMail = i18n.Text{
	Ko: "메일 형식(RFC 5322)이 아닙니다: 헤더를 읽을 수 없습니다(%v)",
	En: "not a mail message (RFC 5322): the headers cannot be read (%v)"}

// Load implements loader.Loader.
func (EML) Load(ctx context.Context, name string, data []byte) (*schema.Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, i18n.Errorf("읽기를 멈췄습니다: %w", "loading stopped: %w", err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		return nil, i18n.Errorf(errNotMail.Ko, errNotMail.En, err.Error())
	}
	m := &mailReader{ctx: ctx, b: &loader.Builder{}}
	subject := m.message(msg.Header, msg.Body, 1)
	if m.err != nil {
		return nil, m.err
	}
	if len(m.attachments) > 0 {
		m.b.Note(noteAttachment, strings.Join(m.attachments, ", "))
	}
	return finish(m.b, "eml", name, subject)
}

type mailReader struct {
	ctx         context.Context
	b           *loader.Builder
	parts       int
	attachments []string
	err         error
	top         bool // the top-level headers were read
}

var wordDecoder = &mime.WordDecoder{CharsetReader: func(charset string, in io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(in)
	if err != nil {
		return nil, err
	}
	return strings.NewReader(decodeCharset(b, charset)), nil
}}

// header decodes an encoded-word header; raw 8-bit headers (EUC-KR from old
// Korean mailers) are decoded by guessing, as textproc does for files.
func header(h mail.Header, key string) string {
	v := h.Get(key)
	if d, err := wordDecoder.DecodeHeader(v); err == nil {
		v = d
	}
	if !utf8.ValidString(v) {
		v = decodeCharset([]byte(v), "")
	}
	return strings.Join(strings.Fields(v), " ")
}

// message lays out one message (the file, or an attached message/rfc822)
// and returns its subject.
func (m *mailReader) message(h mail.Header, body io.Reader, level int) string {
	subject := header(h, "Subject")
	m.b.Heading(level, subject)
	var lines []string
	for _, k := range []string{"From", "To", "Cc", "Date"} {
		if v := header(h, k); v != "" {
			lines = append(lines, k+": "+v)
			if !m.top {
				m.b.Meta(strings.ToLower(k), v)
			}
		}
	}
	if !m.top && subject != "" {
		m.b.Meta("subject", subject)
	}
	m.top = true
	m.b.Paragraph(strings.Join(lines, "\n"))
	m.part(textproto.MIMEHeader(h), body, 0, level)
	return subject
}

// part reads one MIME entity.
func (m *mailReader) part(h textproto.MIMEHeader, body io.Reader, depth, level int) {
	if m.err != nil {
		return
	}
	if m.parts++; m.parts > maxMIMEParts || depth > maxMIMEDepth {
		return
	}
	if err := m.ctx.Err(); err != nil {
		m.err = i18n.Errorf("읽기를 멈췄습니다: %w", "loading stopped: %w", err)
		return
	}
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mt == "" {
		mt, params = "text/plain", map[string]string{}
	}
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	filename := dparams["filename"]
	if filename == "" {
		filename = params["name"]
	}
	switch {
	case strings.HasPrefix(mt, "multipart/"):
		m.multipart(mt, params["boundary"], body, depth, level)
	case mt == "message/rfc822":
		if sub, err := mail.ReadMessage(transferDecoded(h, body)); err == nil {
			m.message(sub.Header, sub.Body, level+1)
		}
	case disp == "attachment" || (filename != "" && !strings.HasPrefix(mt, "text/")):
		if filename == "" {
			filename = mt
		}
		if d, err := wordDecoder.DecodeHeader(filename); err == nil {
			filename = d
		}
		m.attachments = append(m.attachments, filename)
	case mt == "text/plain" || mt == "text/html":
		m.b.Paragraph(m.text(mt, params, h, body))
	}
}

// multipart reads a multipart entity. In an alternative, the last text/plain
// part that has text wins, else the last text/html one (RFC 2046 orders the
// alternatives from plainest to richest).
func (m *mailReader) multipart(mt, boundary string, body io.Reader, depth, level int) {
	if boundary == "" {
		return
	}
	mr := multipart.NewReader(body, boundary)
	type alt struct {
		mt     string
		params map[string]string
		h      textproto.MIMEHeader
		data   []byte
	}
	var alts []alt
	for {
		p, err := mr.NextRawPart()
		if err != nil {
			break // the end, or a truncated message: keep what was read
		}
		if mt != "multipart/alternative" {
			m.part(p.Header, p, depth+1, level)
			continue
		}
		pmt, params, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		data, _ := io.ReadAll(io.LimitReader(p, 64<<20))
		alts = append(alts, alt{pmt, params, p.Header, data})
	}
	var best *alt
	for i := range alts {
		a := &alts[i]
		switch {
		case a.mt == "text/plain" || a.mt == "":
			if strings.TrimSpace(m.text("text/plain", a.params, a.h, bytes.NewReader(a.data))) != "" {
				best = a
			}
		case best == nil || best.mt != "text/plain":
			best = a
		}
	}
	if best != nil {
		m.part(best.h, bytes.NewReader(best.data), depth+1, level)
	}
}

// text decodes a text part to UTF-8: transfer encoding, charset, format=flowed
// soft breaks (RFC 3676), and tags for HTML.
func (m *mailReader) text(mt string, params map[string]string, h textproto.MIMEHeader, body io.Reader) string {
	raw, _ := io.ReadAll(transferDecoded(h, body))
	s := decodeCharset(raw, params["charset"])
	if mt == "text/html" {
		doc, err := loader.HTMLLoader{}.Load(m.ctx, "part.html", []byte(s))
		if err != nil || doc == nil {
			return ""
		}
		return doc.Text
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if strings.EqualFold(params["format"], "flowed") {
		s = unflow(s, strings.EqualFold(params["delsp"], "yes"))
	}
	return s
}

// unflow joins the soft line breaks of format=flowed text: a line ending in
// a space continues on the next line.
func unflow(s string, delsp bool) string {
	var b strings.Builder
	for _, line := range strings.Split(s, "\n") {
		if line != "-- " {
			line = strings.TrimPrefix(line, " ") // space-stuffing
		}
		if strings.HasSuffix(line, " ") && line != "-- " {
			if delsp {
				line = line[:len(line)-1]
			}
			b.WriteString(line)
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	return b.String()
}

// transferDecoded undoes the Content-Transfer-Encoding. Broken base64
// yields what decodes before the damage.
func transferDecoded(h textproto.MIMEHeader, body io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "quoted-printable":
		return quotedprintable.NewReader(body)
	case "base64":
		raw, _ := io.ReadAll(body)
		clean := bytes.Map(func(r rune) rune {
			if r == ' ' || r == '\t' || r == '\r' || r == '\n' {
				return -1
			}
			return r
		}, raw)
		clean = bytes.TrimRight(clean, "=")
		out := make([]byte, base64.RawStdEncoding.DecodedLen(len(clean)))
		n, _ := base64.RawStdEncoding.Decode(out, clean)
		return bytes.NewReader(out[:n])
	}
	return body
}

// decodeCharset converts b from the named charset to UTF-8. Korean mail
// names EUC-KR many ways (ks_c_5601-1987 is Outlook's); an unknown or
// missing charset is guessed by textproc (UTF-8, else EUC-KR).
func decodeCharset(b []byte, charset string) string {
	cs := strings.ToLower(strings.Trim(charset, "\"' "))
	var enc encoding.Encoding
	switch cs {
	case "", "utf-8", "utf8", "us-ascii", "ascii":
		if utf8.Valid(b) {
			return string(b)
		}
	case "euc-kr", "euckr", "ks_c_5601-1987", "ks_c_5601", "ksc5601", "cp949", "ms949", "x-windows-949", "windows-949", "uhc":
		enc = korean.EUCKR
	default:
		enc, _ = htmlindex.Get(cs)
	}
	if enc != nil {
		if out, err := enc.NewDecoder().Bytes(b); err == nil {
			return string(out)
		}
	}
	s, _ := textproc.Normalize(b)
	return s
}
