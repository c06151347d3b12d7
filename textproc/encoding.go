package textproc

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"
)

var (
	bomUTF8    = []byte{0xef, 0xbb, 0xbf}
	bomUTF16LE = []byte{0xff, 0xfe}
	bomUTF16BE = []byte{0xfe, 0xff}
)

// decodeUTF16 converts UTF-16 without its byte order mark to UTF-8. Unpaired
// surrogates and a dangling odd byte become U+FFFD; the count of such bytes is
// returned.
func decodeUTF16(b []byte, bigEndian bool) (string, int) {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/2) // Hangul: 2 bytes in UTF-16, 3 in UTF-8
	invalid := 0
	unit := func(i int) rune {
		if bigEndian {
			return rune(b[i])<<8 | rune(b[i+1])
		}
		return rune(b[i+1])<<8 | rune(b[i])
	}
	i := 0
	for ; i+1 < len(b); i += 2 {
		r := unit(i)
		switch {
		case r < 0xd800 || r > 0xdfff:
			sb.WriteRune(r)
		case r < 0xdc00 && i+3 < len(b):
			if r2 := unit(i + 2); r2 >= 0xdc00 && r2 <= 0xdfff {
				sb.WriteRune(utf16.DecodeRune(r, r2))
				i += 2
				continue
			}
			fallthrough
		default:
			sb.WriteRune(utf8.RuneError)
			invalid += 2
		}
	}
	if i < len(b) {
		sb.WriteRune(utf8.RuneError)
		invalid++
	}
	return sb.String(), invalid
}

// decodeLegacyKorean decodes b as EUC-KR / CP949 (x/text's EUCKR is the
// Unified Hangul Code superset) and reports whether the result is believable:
// at most 2% of the non-ASCII characters undecodable, and some Hangul in it.
// The Hangul test keeps Latin-1 or damaged UTF-8 from being misread: UTF-8
// Korean fed to this decoder yields mostly errors and Hanja.
func decodeLegacyKorean(b []byte) (text string, invalid int, ok bool) {
	dec, err := korean.EUCKR.NewDecoder().Bytes(b)
	if err != nil {
		return "", 0, false
	}
	nonASCII, bad, hangul := 0, 0, false
	for i := 0; i < len(dec); {
		c := dec[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(dec[i:])
		i += n
		nonASCII++
		switch {
		case r == utf8.RuneError:
			// The source is not valid UTF-8, and EUC-KR cannot encode
			// U+FFFD, so every replacement here is a decoding error.
			bad++
		case r >= 0xac00 && r <= 0xd7a3:
			hangul = true
		}
	}
	if !hangul || bad*50 > nonASCII {
		return "", 0, false
	}
	// The decoder replaces one or two source bytes per error; count bytes
	// as the first byte of each error (the conservative figure).
	return string(dec), bad, true
}

// LooksBinary reports whether sample (typically a file's first bytes; only
// the first 8 KB are read) is binary rather than text: a known binary file
// signature, any NUL byte, or more than 10% control bytes. Text with a UTF-16
// byte order mark, EUC-KR and UTF-8 Korean all count as text: their high
// bytes are not controls.
func LooksBinary(sample []byte) bool {
	if len(sample) > 8<<10 {
		sample = sample[:8<<10]
	}
	if hasPrefix(sample, bomUTF16LE) || hasPrefix(sample, bomUTF16BE) {
		return false
	}
	for _, magic := range binaryMagic {
		if hasPrefix(sample, []byte(magic)) {
			return true
		}
	}
	controls := 0
	for _, c := range sample {
		switch {
		case c == 0:
			return true
		case c >= 0x20 && c != 0x7f:
		case c == '\n', c == '\r', c == '\t', c == '\f', c == '\v':
		case c == 0x1b: // ESC: colour codes in logs
		case c == 0x1a: // Ctrl-Z: the end-of-file mark of DOS editors
		default:
			controls++
		}
	}
	return controls*10 > len(sample)
}

// binaryMagic are signatures of common binary documents that a text loader
// must not read as text even when their first kilobytes hold no NUL byte.
var binaryMagic = []string{
	"%PDF-",
	"PK\x03\x04",                       // zip: docx, xlsx, pptx, hwpx, epub
	"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", // OLE compound file: hwp, doc, xls
	"\x89PNG\r\n\x1a\n",
	"\xff\xd8\xff", // JPEG
	"GIF87a", "GIF89a",
	"\x1f\x8b", // gzip
	"\x7fELF",
	"7z\xbc\xaf\x27\x1c",
	"Rar!\x1a\x07",
}
