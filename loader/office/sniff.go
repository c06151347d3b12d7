package office

import (
	"bytes"
	"encoding/binary"
	"strings"

	"github.com/seogo/seogo/loader/internal/safezip"
)

// SniffZip names the office format of a zip container: "docx", "pptx",
// "xlsx" (by their main parts), "odt", "ods", "odp" (by the mimetype entry),
// or "" for anything else. Given the whole file it reads the central
// directory; given only the head of a file it falls back to the local file
// headers found there (ODF puts its mimetype first, uncompressed, for
// exactly this; OOXML producers write [Content_Types].xml and the main parts
// early).
func SniffZip(data []byte) string {
	if !bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return ""
	}
	if z, err := safezip.Open(data, safezip.Limits{}); err == nil {
		if z.Has("mimetype") {
			if b, err := z.Read("mimetype"); err == nil {
				if f := odfFormat(string(b)); f != "" {
					return f
				}
			}
		}
		if f := ooxmlFormat(z.Names()); f != "" {
			return f
		}
		return ""
	}
	return sniffLocalHeaders(data)
}

// sniffLocalHeaders walks the local file headers present in data.
func sniffLocalHeaders(data []byte) string {
	var names []string
	for off := 0; off+30 <= len(data) && len(names) < 64; {
		if !bytes.Equal(data[off:off+4], []byte("PK\x03\x04")) {
			break
		}
		method := binary.LittleEndian.Uint16(data[off+8:])
		csize := int(binary.LittleEndian.Uint32(data[off+18:]))
		nlen := int(binary.LittleEndian.Uint16(data[off+26:]))
		xlen := int(binary.LittleEndian.Uint16(data[off+28:]))
		start := off + 30
		if start+nlen > len(data) {
			break
		}
		name := string(data[start : start+nlen])
		body := start + nlen + xlen
		if name == "mimetype" && method == 0 && body+csize <= len(data) {
			return odfFormat(string(data[body : body+csize]))
		}
		names = append(names, name)
		if binary.LittleEndian.Uint16(data[off+6:])&0x8 != 0 {
			break // sizes follow the data: the next header cannot be found cheaply
		}
		off = body + csize
	}
	return ooxmlFormat(names)
}

func odfFormat(mimetype string) string {
	switch strings.TrimSpace(mimetype) {
	case "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text-template":
		return "odt"
	case "application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.spreadsheet-template":
		return "ods"
	case "application/vnd.oasis.opendocument.presentation", "application/vnd.oasis.opendocument.presentation-template":
		return "odp"
	}
	return ""
}

func ooxmlFormat(names []string) string {
	for _, n := range names {
		switch n = strings.ToLower(n); {
		case strings.HasPrefix(n, "word/"):
			return "docx"
		case strings.HasPrefix(n, "ppt/"):
			return "pptx"
		case strings.HasPrefix(n, "xl/"):
			return "xlsx"
		}
	}
	return ""
}

// mailHeaders are the header fields that make a text look like mail; any
// two of them (and nothing but header lines before them) are enough.
var mailHeaders = map[string]bool{
	"from": true, "to": true, "subject": true, "date": true, "message-id": true, "received": true,
	"return-path": true, "mime-version": true, "delivered-to": true, "reply-to": true, "cc": true,
	"x-mailer": true, "dkim-signature": true, "authentication-results": true, "in-reply-to": true,
	"references": true, "sender": true, "content-type": false,
}

// SniffMail reports whether head (the start of a file) looks like an RFC
// 5322 message: it starts with header fields, at least two of them the
// ones mail carries (From, To, Subject, Date, Received, Message-ID…).
func SniffMail(head []byte) bool {
	text := string(head)
	text = strings.TrimPrefix(text, "\ufeff")
	if strings.HasPrefix(text, "From ") { // an mbox separator line
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			text = text[i+1:]
		}
	}
	lines := strings.Split(text, "\n")
	if len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last line may be cut off
	}
	known := 0
	for i, line := range lines {
		line = strings.TrimRight(line, "\r")
		if line == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if i == 0 {
				return false
			}
			continue // a folded continuation
		}
		colon := strings.IndexByte(line, ':')
		if colon <= 0 || strings.ContainsAny(line[:colon], " \t") {
			return false
		}
		if mailHeaders[strings.ToLower(line[:colon])] {
			known++
		}
		if known >= 2 {
			return true
		}
	}
	return false
}
