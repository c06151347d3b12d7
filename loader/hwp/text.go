package hwp

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// A PARA_TEXT record is UTF-16LE in which code units below 32 are controls
// (spec table 6). "Char" controls take one unit; "inline" and "extended"
// controls take eight: the code, a 4-byte control id, 4 reserved units and
// the code again. Each extended control has a CTRL_HEADER record, in the
// same order, among the paragraph's children.
const controlUnits = 8

// controlKind classifies a control code.
func controlKind(c uint16) (extended, wide bool) {
	switch c {
	case 1, 2, 3, 11, 12, 14, 15, 16, 17, 18, 21, 22, 23:
		return true, true
	case 4, 5, 6, 7, 8, 9, 19, 20:
		return false, true
	}
	return false, false
}

// decodeParaText turns a PARA_TEXT record into the text runs between its
// extended controls: runs[k] is the text before the k-th extended control
// (len(runs) is the number of controls plus one). Lone surrogates are
// dropped rather than turned into U+FFFD; private-use characters (Hancom's
// font-specific symbols and old-Hangul codes, which no other program can
// show) are dropped and counted in pua.
func decodeParaText(b []byte) (runs []string, pua int) {
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	var sb strings.Builder
	for i := 0; i < len(units); {
		c := units[i]
		if c >= 32 {
			r := rune(c)
			n := 1
			switch {
			case utf16.IsSurrogate(r):
				if c < 0xDC00 && i+1 < len(units) && units[i+1] >= 0xDC00 && units[i+1] < 0xE000 {
					r = utf16.DecodeRune(r, rune(units[i+1]))
					n = 2
				} else {
					i++ // a lone surrogate: a damaged file or a writer's bug
					continue
				}
			}
			i += n
			if isPrivateUse(r) {
				pua++
				continue
			}
			if r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF {
				continue // a replacement character stored in the file: not text
			}
			sb.WriteRune(r)
			continue
		}
		extended, wide := controlKind(c)
		switch {
		case extended:
			runs = append(runs, sb.String())
			sb.Reset()
		case c == 9:
			sb.WriteByte(' ') // tabs align, they do not separate words more than a space
		case c == 10:
			sb.WriteByte('\n')
		case c == 24:
			sb.WriteByte('-') // hyphen
		case c == 30, c == 31:
			sb.WriteByte(' ') // 묶음 빈칸 (non-breaking space), 고정폭 빈칸 (fixed-width space)
		}
		if wide {
			i += controlUnits
		} else {
			i++
		}
	}
	return append(runs, sb.String()), pua
}

// isPrivateUse reports runes in the Unicode private-use areas.
func isPrivateUse(r rune) bool {
	return r >= 0xE000 && r <= 0xF8FF || r >= 0xF0000
}

// plainUTF16 decodes UTF-16LE text without HWP controls (the PrvText
// stream): CR LF and CR become line breaks, other controls are dropped, as
// are lone surrogates and private-use characters (counted in pua).
func plainUTF16(b []byte) (string, int) {
	units := make([]uint16, len(b)/2)
	for i := range units {
		units[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
	}
	var sb strings.Builder
	pua := 0
	runes := utf16.Decode(units)
	for i, r := range runes {
		switch {
		case r == '\r':
			if i+1 >= len(runes) || runes[i+1] != '\n' {
				sb.WriteByte('\n')
			}
		case r == '\n':
			sb.WriteRune(r)
		case r == '\t':
			sb.WriteByte(' ')
		case r < 32 || r == utf8.RuneError:
		case isPrivateUse(r):
			pua++
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String(), pua
}
