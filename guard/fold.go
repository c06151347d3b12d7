package guard

import "unicode/utf8"

// folded is a view of a text in which detection is simple: full-width ASCII
// becomes ASCII, Unicode dashes become '-', the ideographic space a space,
// decomposed Hangul (NFD jamo) is composed, and zero-width characters are
// dropped. Detectors run on s; span maps their offsets back to the original.
type folded struct {
	s string
	// src[i] is the original byte range of the rune that produced byte i of
	// s; nil when s is the original text unchanged.
	src []srcRange
}

type srcRange struct{ start, end int32 }

// span maps a byte range of the folded text to the original text. The result
// covers whole original runes.
func (f *folded) span(start, end int) (int, int) {
	if f.src == nil {
		return start, end
	}
	if start >= end {
		if start >= len(f.src) {
			return int(f.src[len(f.src)-1].end), int(f.src[len(f.src)-1].end)
		}
		return int(f.src[start].start), int(f.src[start].start)
	}
	return int(f.src[start].start), int(f.src[end-1].end)
}

// fold builds the folded view of s. Text that needs no folding (ASCII and
// precomposed Hangul, the common case) is returned as is without a map.
func fold(s string) folded {
	if !needsFold(s) {
		return folded{s: s}
	}
	out := make([]byte, 0, len(s))
	src := make([]srcRange, 0, len(s))
	emit := func(r rune, start, end int) {
		n := len(out)
		out = utf8.AppendRune(out, r)
		for range len(out) - n {
			src = append(src, srcRange{int32(start), int32(end)})
		}
	}
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= 0x1100 && r <= 0x1112: // leading consonant: try L V (T)
			if v, vn := utf8.DecodeRuneInString(s[i+n:]); v >= 0x1161 && v <= 0x1175 {
				syl := 0xAC00 + ((r-0x1100)*21+(v-0x1161))*28
				end := i + n + vn
				if t, tn := utf8.DecodeRuneInString(s[end:]); t >= 0x11A8 && t <= 0x11C2 {
					syl += t - 0x11A7
					end += tn
				}
				emit(syl, i, end)
				i = end
				continue
			}
			emit(r, i, i+n)
		case r >= 0xAC00 && r <= 0xD7A3 && (r-0xAC00)%28 == 0: // LV + T
			if t, tn := utf8.DecodeRuneInString(s[i+n:]); t >= 0x11A8 && t <= 0x11C2 {
				emit(r+t-0x11A7, i, i+n+tn)
				i += n + tn
				continue
			}
			emit(r, i, i+n)
		case invisible(r):
			// dropped
		default:
			emit(foldRune(r), i, i+n)
		}
		i += n
	}
	return folded{s: string(out), src: src}
}

// needsFold reports whether s contains a rune fold would change. Hangul
// syllables (first byte 0xEA–0xED) are skipped three bytes at a time.
func needsFold(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r >= 0xAC00 && r <= 0xD7A3 {
			if (r-0xAC00)%28 == 0 {
				if t, _ := utf8.DecodeRuneInString(s[i+n:]); t >= 0x11A8 && t <= 0x11C2 {
					return true
				}
			}
			i += n
			continue
		}
		if (r >= 0x1100 && r <= 0x11FF) || invisible(r) || foldRune(r) != r {
			return true
		}
		i += n
	}
	return false
}

// invisible reports characters that render as nothing and are used to split
// numbers and words without the reader noticing.
func invisible(r rune) bool {
	switch r {
	case 0x00AD, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2060,
		0x2061, 0x2062, 0x2063, 0x2064, 0xFEFF:
		return true
	}
	return false
}

// foldRune maps one rune to the form detectors expect.
func foldRune(r rune) rune {
	switch {
	case r >= 0xFF01 && r <= 0xFF5E: // full-width ASCII
		return r - 0xFF01 + '!'
	case r == 0x3000, r == 0x00A0, r == 0x202F, r >= 0x2000 && r <= 0x200A:
		return ' '
	case r >= 0x2010 && r <= 0x2015, r == 0x2212, r == 0xFE63:
		return '-'
	}
	return r
}
