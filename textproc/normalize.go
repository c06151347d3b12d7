// Package textproc cleans raw text into the one form every later stage relies
// on (UTF-8, NFC, "\n" line endings, no control characters) and segments it
// into sentences with rules for Korean and English.
//
// Normalisation is on the ingest hot path, so each step first checks cheaply
// whether it has anything to do and returns its input untouched when not.
package textproc

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Info describes what Normalize did, for the ingest summary.
type Info struct {
	// Encoding is the detected source encoding: "utf-8", "utf-8-bom",
	// "utf-16le", "utf-16be" or "euc-kr" (which covers CP949 / UHC).
	Encoding string
	// Invalid counts the source bytes that could not be decoded and were
	// replaced by U+FFFD.
	Invalid int
	// NFDFixed is true when the text was not in NFC (typically NFD Hangul
	// from macOS) and was composed.
	NFDFixed bool
}

// Normalize decodes raw file bytes into clean text. It strips a byte order
// mark, decodes UTF-16 and legacy Korean (EUC-KR / CP949), replaces undecodable
// bytes with U+FFFD, composes to NFC, turns CRLF and CR into LF and drops NUL
// and the other C0 control characters except "\n" and "\t" ("\v" and "\f"
// become "\n", so words they separated stay apart). It never fails: the worst
// input yields replacement characters, counted in Info.Invalid.
//
// UTF-16 is recognised only by its byte order mark; without one it looks
// binary (NUL bytes) and LooksBinary says so.
func Normalize(raw []byte) (string, Info) {
	var info Info
	var s string
	valid := true // s is known to be valid UTF-8
	switch {
	case hasPrefix(raw, bomUTF8):
		info.Encoding = "utf-8-bom"
		s = string(raw[len(bomUTF8):])
		valid = utf8.ValidString(s)
	case hasPrefix(raw, bomUTF16LE):
		info.Encoding = "utf-16le"
		s, info.Invalid = decodeUTF16(raw[len(bomUTF16LE):], false)
	case hasPrefix(raw, bomUTF16BE):
		info.Encoding = "utf-16be"
		s, info.Invalid = decodeUTF16(raw[len(bomUTF16BE):], true)
	default:
		info.Encoding = "utf-8"
		s = string(raw)
		if alreadyNormal(s) {
			return s, info
		}
		valid = utf8.ValidString(s)
		if !valid {
			if dec, bad, ok := decodeLegacyKorean(raw); ok {
				info.Encoding = "euc-kr"
				s, info.Invalid, valid = dec, bad, true
			}
		}
	}
	s, bad := sanitize(s, valid)
	info.Invalid += bad
	s, info.NFDFixed = toNFC(s)
	return s, info
}

// NormalizeString applies Normalize's cleaning to text that is already a Go
// string (a query, a title): invalid UTF-8 becomes U+FFFD, then NFC, LF line
// endings and no control characters. No encoding detection is attempted.
func NormalizeString(s string) string {
	if alreadyNormal(s) {
		return s
	}
	s, _ = sanitize(s, utf8.ValidString(s))
	s, _ = toNFC(s)
	return s
}

// alreadyNormal reports whether s is valid UTF-8, holds nothing sanitize
// would change and is NFC: the common case, checked in one pass instead of
// three. Inert runs go by fast (see skipInert); only the stretches around
// other runes reach the norm package.
func alreadyNormal(s string) bool {
	for i := 0; i < len(s); {
		if i = skipInert(s, i, true); i >= len(s) {
			break
		}
		if s[i] < utf8.RuneSelf {
			return false // a control byte skipInert stopped at
		}
		p, q := stretchAt(s, i)
		for j := i; j < q; {
			r, n := utf8.DecodeRuneInString(s[j:])
			if (r == utf8.RuneError && n == 1) || r == '\u2028' || r == '\u2029' || r == '\uFEFF' {
				return false
			}
			j += n
		}
		if !norm.NFC.IsNormalString(s[p:q]) {
			return false
		}
		i = q
	}
	return true
}

// skipInert returns the index of the first rune at or after s[i] that is not
// inert (see inertLen), or len(s). ASCII goes eight bytes at a time and
// Hangul syllables a rune at a time; this loop is most of the time
// alreadyNormal and toNFC spend on Korean text. With controls set it also
// stops at an ASCII byte that needsFix marks.
func skipInert(s string, i int, controls bool) int {
	for i < len(s) {
		if i+8 <= len(s) {
			w := load64(s, i)
			if w&highs == 0 && (!controls || ((w-ones*0x20)&^w&highs == 0 && !hasZeroByte(w^(ones*0x7f)))) {
				i += 8
				continue
			}
		}
		if c := s[i]; c < utf8.RuneSelf {
			if controls && needsFix[c] {
				return i
			}
			i++
			continue
		}
		if hangulAt(s, i) { // most of a Korean text: keep this call inlined
			i += 3
			continue
		}
		if n := inertLen(s, i); n > 0 {
			i += n
			continue
		}
		return i
	}
	return i
}

// stretchAt returns the span [p, q) that NFC must see around the non-inert
// rune at s[i]: from the rune before it (a starter it may compose with) up to
// the next inert rune.
func stretchAt(s string, i int) (p, q int) {
	p = i
	if i > 0 {
		_, n := utf8.DecodeLastRuneInString(s[:i])
		p = i - n
	}
	q = i
	for q < len(s) && inertLen(s, q) == 0 {
		_, n := utf8.DecodeRuneInString(s[q:])
		q += n
	}
	return p, q
}

// needsFix marks the bytes that make sanitize do work: C0 controls other
// than "\n" and "\t", DEL, and the lead bytes of the few multi-byte runes it
// rewrites (U+2028, U+2029 start with 0xE2; U+FEFF with 0xEF).
var needsFix = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = c != '\n' && c != '\t'
	}
	t[0x7f], t[0xe2], t[0xef] = true, true, true
	return t
}()

// clean reports whether valid UTF-8 s has none of the bytes needsFix marks.
// It is the fast path of sanitize, so it tests eight bytes at a time.
func clean(s string) bool {
	i := 0
	for {
		for i+8 <= len(s) && !suspectWord(load64(s, i)) {
			i += 8
		}
		if i >= len(s) {
			return true
		}
		end := min(i+8, len(s))
		for ; i < end; i++ {
			c := s[i]
			if !needsFix[c] {
				continue
			}
			switch {
			case c == 0xe2:
				if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xa8 || s[i+2] == 0xa9) {
					return false
				}
			case c == 0xef:
				if i+2 < len(s) && s[i+1] == 0xbb && s[i+2] == 0xbf {
					return false
				}
			default:
				return false
			}
		}
	}
}

// SWAR helpers: test all eight bytes of a word at once.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

func load64(s string, i int) uint64 {
	_ = s[i+7]
	return uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
		uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
}

func hasZeroByte(x uint64) bool { return (x-ones)&^x&highs != 0 }

// suspectWord reports whether x may hold a byte that needsFix marks: a byte
// below 0x20 (also "\n" and "\t", which the byte loop then lets pass), 0x7F,
// 0xE2 or 0xEF.
func suspectWord(x uint64) bool {
	return (x-ones*0x20)&^x&highs != 0 ||
		hasZeroByte(x^(ones*0x7f)) || hasZeroByte(x^(ones*0xe2)) || hasZeroByte(x^(ones*0xef))
}

// sanitize replaces each run of invalid UTF-8 bytes with one U+FFFD (and
// returns how many bytes were invalid), maps CRLF, CR, VT, FF, U+2028 and
// U+2029 to LF, and drops other C0 controls, DEL and stray U+FEFF (byte
// order marks left inside concatenated files). It returns s itself when
// there is nothing to do. valid says whether s is known to be valid UTF-8
// (the caller has checked; checking twice costs a tenth of Normalize).
func sanitize(s string, valid bool) (string, int) {
	if valid && clean(s) {
		return s, 0
	}
	var b strings.Builder
	b.Grow(len(s))
	invalid, last := 0, 0
	for i := 0; i < len(s); {
		if valid {
			// Only the bytes needsFix marks matter in valid UTF-8.
			for i+8 <= len(s) && !suspectWord(load64(s, i)) {
				i += 8
			}
			if i >= len(s) {
				break
			}
		}
		c := s[i]
		if c < utf8.RuneSelf || (valid && c != 0xe2 && c != 0xef) {
			if !needsFix[c] {
				i++
				continue
			}
			b.WriteString(s[last:i])
			switch c {
			case '\r':
				b.WriteByte('\n')
				if i+1 < len(s) && s[i+1] == '\n' {
					i++
				}
			case '\v', '\f':
				b.WriteByte('\n')
			}
			i++
			last = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(s[last:i])
			j := i + 1
			for j < len(s) && s[j] >= utf8.RuneSelf {
				if r, n := utf8.DecodeRuneInString(s[j:]); r != utf8.RuneError || n != 1 {
					break
				}
				j++
			}
			invalid += j - i
			b.WriteString("\uFFFD")
			i, last = j, j
		case r == '\u2028' || r == '\u2029':
			b.WriteString(s[last:i])
			b.WriteByte('\n')
			i += n
			last = i
		case r == '\uFEFF':
			b.WriteString(s[last:i])
			i += n
			last = i
		default:
			i += n
		}
	}
	b.WriteString(s[last:])
	return b.String(), invalid
}

// toNFC composes s to NFC and reports whether anything changed.
//
// norm.NFC on a whole Korean document is several times slower than the rest
// of Normalize, and almost all of it is precomposed Hangul and ASCII, which
// NFC leaves alone. So the text is scanned for "inert" runes (ASCII, Hangul
// syllables, Hangul compatibility jamo: all starters that are never the
// second half of a composition) and only the stretches between them, together
// with the starter just before each (it may compose with what follows, as
// "가" + U+11A8 -> "각"), go through the norm package. Normalising these
// stretches separately gives the same result as normalising the whole text,
// because no composition or reordering crosses an inert starter.
func toNFC(s string) (string, bool) {
	var out []byte // nil until the first stretch changes
	last := 0      // s[last:] is not yet copied to out
	for i := 0; i < len(s); {
		if i = skipInert(s, i, false); i >= len(s) {
			break
		}
		p, q := stretchAt(s, i)
		stretch := s[p:q]
		jamoOnly, composes := conjoiningJamo(stretch)
		if composes || (!jamoOnly && !norm.NFC.IsNormalString(stretch)) {
			if out == nil {
				out = make([]byte, 0, len(s))
			}
			out = append(out, s[last:p]...)
			if jamoOnly {
				out = appendComposedHangul(out, stretch)
			} else {
				out = norm.NFC.AppendString(out, stretch)
			}
			last = q
		}
		i = q
	}
	if out == nil {
		return s, false
	}
	out = append(out, s[last:]...)
	return string(out), true
}

// Hangul composition constants (Unicode 3.12, "Conjoining Jamo Behavior").
const (
	hangulBase = 0xac00
	jamoLBase  = 0x1100
	jamoVBase  = 0x1161
	jamoTBase  = 0x11a7
	jamoLCount = 19
	jamoVCount = 21
	jamoTCount = 28
	hangulLast = hangulBase + jamoLCount*jamoVCount*jamoTCount - 1
)

// conjoiningJamo reports whether stretch, after its first rune (an inert
// starter or the text's first rune), holds only Hangul jamo (U+1100..U+11FF)
// and syllables, and whether any of them compose. NFD Hangul from macOS is
// exactly this, and composing it arithmetically is about ten times faster
// than the general algorithm of the norm package, with the same result:
// jamo are all starters, so only adjacent L+V and LV+T pairs combine.
func conjoiningJamo(stretch string) (jamoOnly, composes bool) {
	prev, n := utf8.DecodeRuneInString(stretch)
	if prev >= utf8.RuneSelf && inertLen(stretch, 0) == 0 && !(prev >= 0x1100 && prev <= 0x11ff) {
		return false, false
	}
	for _, r := range stretch[n:] {
		switch {
		case r >= jamoVBase && r < jamoVBase+jamoVCount:
			composes = composes || (prev >= jamoLBase && prev < jamoLBase+jamoLCount)
		case r > jamoTBase && r < jamoTBase+jamoTCount:
			composes = composes || isLVSyllable(prev)
		case (r >= 0x1100 && r <= 0x11ff) || (r >= hangulBase && r <= hangulLast):
		default:
			return false, false
		}
		prev = r
	}
	return true, composes
}

// appendComposedHangul appends stretch with its L+V and LV+T jamo pairs
// composed into syllables; conjoiningJamo has vetted stretch.
func appendComposedHangul(dst []byte, stretch string) []byte {
	pending := rune(-1)
	for _, r := range stretch {
		switch {
		case pending >= jamoLBase && pending < jamoLBase+jamoLCount && r >= jamoVBase && r < jamoVBase+jamoVCount:
			pending = hangulBase + ((pending-jamoLBase)*jamoVCount+(r-jamoVBase))*jamoTCount
			continue
		case isLVSyllable(pending) && r > jamoTBase && r < jamoTBase+jamoTCount:
			pending += r - jamoTBase
			continue
		}
		if pending >= 0 {
			dst = utf8.AppendRune(dst, pending)
		}
		pending = r
	}
	if pending >= 0 {
		dst = utf8.AppendRune(dst, pending)
	}
	return dst
}

func isLVSyllable(r rune) bool {
	return r >= hangulBase && r <= hangulLast && (r-hangulBase)%jamoTCount == 0
}

// hangulAt reports whether a Hangul syllable (U+AC00..U+D7A3) is encoded
// at s[i]. It is small enough for the compiler to inline.
func hangulAt(s string, i int) bool {
	if i+2 >= len(s) {
		return false
	}
	c, c1, c2 := s[i], s[i+1], s[i+2]
	r := rune(c&0x0f)<<12 | rune(c1&0x3f)<<6 | rune(c2&0x3f)
	return c>>4 == 0xe && c1&0xc0 == 0x80 && c2&0xc0 == 0x80 && r >= 0xac00 && r <= 0xd7a3
}

// inertLen returns the byte length of the rune at s[i] when NFC can neither
// change it nor combine it with the rune before it, else 0: ASCII, Hangul
// syllables (U+AC00..U+D7A3) and Hangul compatibility jamo (U+3131..U+318E).
func inertLen(s string, i int) int {
	c := s[i]
	if c < utf8.RuneSelf {
		return 1
	}
	if c < 0xe3 || c > 0xed || i+2 >= len(s) {
		return 0
	}
	c1, c2 := s[i+1], s[i+2]
	if c1&0xc0 != 0x80 || c2&0xc0 != 0x80 {
		return 0
	}
	r := rune(c&0x0f)<<12 | rune(c1&0x3f)<<6 | rune(c2&0x3f)
	if (r >= 0xac00 && r <= 0xd7a3) || (r >= 0x3131 && r <= 0x318e) {
		return 3
	}
	return 0
}

func hasPrefix(b, prefix []byte) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == string(prefix)
}
