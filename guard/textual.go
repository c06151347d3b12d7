package guard

import (
	"net/netip"
	"strings"
	"unicode/utf8"
)

// Entities that are not (only) numbers: e-mail addresses, IPv6 addresses,
// car plates and person names. Each has a hand-written scanner that starts
// from a cheap anchor ('@', ':', a plate syllable, a label word).

// scanEmail finds addresses around each '@'.
func scanEmail(s string, out []candidate) []candidate {
	for off := 0; ; {
		k := strings.IndexByte(s[off:], '@')
		if k < 0 {
			return out
		}
		at := off + k
		off = at + 1
		ls := at
		for ls > 0 && isEmailLocal(s[ls-1]) {
			ls--
		}
		for ls < at && s[ls] == '.' {
			ls++
		}
		de := at + 1
		for de < len(s) && (isAlnum(s[de]) || s[de] == '.' || s[de] == '-') {
			de++
		}
		for de > at+1 && (s[de-1] == '.' || s[de-1] == '-') {
			de--
		}
		if ls == at || de == at+1 {
			continue
		}
		domain := s[at+1 : de]
		dot := strings.LastIndexByte(domain, '.')
		if dot <= 0 || len(domain)-dot-1 < 2 || strings.Contains(domain, "..") {
			continue
		}
		tld := domain[dot+1:]
		if strings.IndexFunc(tld, func(r rune) bool { return r > 'z' || !isAlpha(byte(r)) }) >= 0 {
			continue
		}
		out = append(out, candidate{EntityEmail, "email", ls, de, 0.9})
		off = de
	}
}

func isEmailLocal(c byte) bool {
	return isAlnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

// scanIPv6 validates each run of hex digits and colons that holds at least
// two colons ("2001:db8::1", "fe80::1ff:fe23:4567:890a").
func scanIPv6(s string, out []candidate) []candidate {
	for off := 0; off < len(s); {
		k := strings.IndexByte(s[off:], ':')
		if k < 0 {
			break
		}
		c := off + k
		st, en := c, c
		for st > 0 && isIPv6Byte(s[st-1]) {
			st--
		}
		for en < len(s) && isIPv6Byte(s[en]) {
			en++
		}
		off = en + 1
		for en > st && s[en-1] == '.' {
			en--
		}
		if strings.Count(s[st:en], ":") < 2 || en-st < 6 {
			continue
		}
		if st > 0 && (isAlnum(s[st-1]) || s[st-1] == '_') || en < len(s) && (isAlnum(s[en]) || s[en] == '_') {
			continue
		}
		a, err := netip.ParseAddr(s[st:en])
		if err != nil || !a.Is6() || a.IsUnspecified() {
			continue
		}
		out = append(out, candidate{EntityIPAddress, "ipv6", st, en, 0.7})
	}
	return out
}

func isIPv6Byte(c byte) bool {
	return isDigit(c) || (c|0x20 >= 'a' && c|0x20 <= 'f') || c == ':' || c == '.'
}

const (
	plateSyllables = "가나다라마거너더러머버서어저고노도로모보소오조구누두루무부수우주아바사자배하허호"
	// plateUnits are syllables that after "12조 3456" make it an amount or
	// a count, not a plate.
	plateUnits = "억만천원조개명년월일시분초배회번호층동위점건장권대석표세살킬그미리평"
)

var plateRegions = []string{"서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원", "충북", "충남", "전북", "전남", "경북", "경남", "제주"}

// scanPlates finds car plates: 12가3456, 123가4567, 서울12가3456.
func scanPlates(s string, out []candidate) []candidate {
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		ds := i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		if n := i - ds; n < 2 || n > 3 {
			continue
		}
		j := i
		if j < len(s) && s[j] == ' ' {
			j++
		}
		r, rn := utf8.DecodeRuneInString(s[j:])
		if !strings.ContainsRune(plateSyllables, r) {
			continue
		}
		j += rn
		if j < len(s) && s[j] == ' ' {
			j++
		}
		k := j
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		if k-j != 4 {
			continue
		}
		if k < len(s) {
			if c := s[k]; isAlnum(c) || (c == '.' || c == ',') && k+1 < len(s) && isDigit(s[k+1]) {
				continue
			}
			if u, _ := utf8.DecodeRuneInString(s[k:]); strings.ContainsRune(plateUnits, u) {
				continue
			}
		}
		start := ds
		if ds > 0 && (isAlnum(s[ds-1]) || s[ds-1] == '.' || s[ds-1] == ',' || s[ds-1] == '-') {
			continue
		}
		for _, reg := range plateRegions {
			if strings.HasSuffix(s[:ds], reg) {
				start = ds - len(reg)
				break
			}
		}
		out = append(out, candidate{EntityCarPlate, "car_plate", start, k, 0.7})
		i = k
	}
	return out
}
