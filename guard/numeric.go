package guard

import (
	"net/netip"
	"regexp"
	"strings"
)

// Number-shaped entities are found in two steps. A hand-written scan finds
// digit clusters (digit runs joined by at most three separator bytes) — Korean
// prose has few, so the regular expressions below run only on those small
// windows, never on the whole text. Each candidate then has to pass its
// entity's validation (dates, check digits, prefixes) and digit boundaries:
// a phone number inside a longer digit run is not a phone number.

// numericRule is one number-shaped pattern. score returns the base score
// (before context words) and false to reject the match.
type numericRule struct {
	entity   string
	detector string
	re       *regexp.Regexp
	score    func(m string, digits string, sub []string) (float64, bool)
	// letters allows an ASCII letter inside the match (passports), so the
	// boundary check looks for alphanumerics only outside it.
	letters bool
}

var numericRules = []numericRule{
	{entity: EntityRRN, detector: "rrn", re: regexp.MustCompile(`\d{6}(?: ?- ?| )?\d{7}`), score: scoreRRN},
	{entity: EntityPhone, detector: "phone_mobile",
		re:    regexp.MustCompile(`(?:\+82[- ]?(?:\(0\))?0?|0)1[016789]([-. ]?|\) ?)\d{3,4}([-. ]?)\d{4}`),
		score: scorePhone},
	{entity: EntityPhone, detector: "phone_landline",
		re:    regexp.MustCompile(`(?:\+82[- ]?(?:\(0\))?0?|\(?0)(?:2|3[1-3]|4[1-4]|5[1-5]|6[1-4]|70|50[2-8])([-. ]?|\) ?)\d{3,4}([-. ]?)\d{4}`),
		score: scorePhone},
	{entity: EntityPhone, detector: "phone_representative",
		re:    regexp.MustCompile(`(?:15(?:22|33|44|55|66|77|88|99)|16(?:00|11|22|33|44|55|61|66|68|70|77|88)|18(?:00|11|33|55|77|99))[-. ]\d{4}`),
		score: scoreRepresentative},
	{entity: EntityCreditCard, detector: "card_luhn", re: regexp.MustCompile(`\d{4}[- ]\d{4}[- ]\d{4}[- ]\d{1,7}|\d{4}[- ]\d{6}[- ]\d{4,5}|\d{13,19}`), score: scoreCard},
	{entity: EntityBRN, detector: "brn", re: regexp.MustCompile(`\d{3}-\d{2}-\d{5}|\d{10}`), score: scoreBRN},
	{entity: EntityDriverLicense, detector: "driver_license", re: regexp.MustCompile(`\d{2}-?\d{2}-?\d{6}-?\d{2}`), score: scoreLicence},
	{entity: EntityHealthInsurance, detector: "health_insurance", re: regexp.MustCompile(`\d-?\d{10}`), score: func(m, d string, _ []string) (float64, bool) { return 0.2, true }},
	{entity: EntityBankAccount, detector: "bank_account", re: regexp.MustCompile(`\d{2,6}(?:-\d{2,8}){1,3}|\d{10,14}`), score: scoreAccount},
	{entity: EntityPassport, detector: "passport", letters: true, re: regexp.MustCompile(`[MSRODG]\d{8}|[MSRODG]\d{3}[A-Z]\d{4}`), score: func(m, d string, _ []string) (float64, bool) { return 0.55, true }},
	{entity: EntityIPAddress, detector: "ipv4", re: regexp.MustCompile(`\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}`), score: scoreIPv4},
}

func scoreRRN(m, d string, _ []string) (float64, bool) {
	if len(d) != 13 || !validBirthDate(d[:6], d[6]) {
		return 0, false
	}
	s := 0.7
	if !strings.Contains(m, "-") {
		s = 0.45 // 13 bare digits: order numbers look like this too
	}
	if rrnCheck(d) {
		s += 0.2
	}
	if d[6] == '9' || d[6] == '0' {
		s -= 0.2 // born in the 1800s: possible, but rarely a living person
	}
	return s, true
}

func scorePhone(m, d string, sub []string) (float64, bool) {
	sep1, sep2 := sub[1], sub[2]
	if strings.HasPrefix(m, "+82") {
		return 0.85, true
	}
	switch {
	case sep1 != "" && sep2 != "":
		return 0.85, true
	case sep1 == "" && sep2 == "":
		if strings.HasPrefix(d, "01") && len(d) == 11 {
			return 0.7, true
		}
		return 0.4, true // bare landline-shaped digits: only with context
	}
	return 0.5, true
}

func scoreRepresentative(m, d string, _ []string) (float64, bool) {
	a, b := atoi(d[:4]), atoi(d[4:])
	if b >= 1000 && b <= 2100 && a < b {
		return 0.3, true // "1592-1598" is a span of years
	}
	return 0.7, true
}

func scoreCard(m, d string, _ []string) (float64, bool) {
	if len(d) < 13 || len(d) > 19 || !luhn(d) {
		return 0, false
	}
	if m[4] == '-' || m[4] == ' ' {
		// separators must be consistent: "1234-5678 9012-3456" is two things
		sep := m[4]
		if strings.Count(m, string(sep)) != strings.Count(m, "-")+strings.Count(m, " ") {
			return 0, false
		}
		if knownBIN(d) {
			return 0.8, true
		}
		return 0.55, true
	}
	if knownBIN(d) {
		return 0.45, true
	}
	return 0.25, true
}

func scoreBRN(m, d string, _ []string) (float64, bool) {
	s := 0.25
	if strings.Contains(m, "-") {
		s = 0.4
	}
	if brnCheck(d) {
		s += 0.45
		if !strings.Contains(m, "-") {
			s -= 0.25
		}
	}
	return s, true
}

func scoreLicence(m, d string, _ []string) (float64, bool) {
	if !licenceRegion(d) {
		return 0, false
	}
	if strings.Count(m, "-") == 3 {
		return 0.75, true
	}
	return 0.3, true
}

func scoreAccount(m, d string, _ []string) (float64, bool) {
	if len(d) < 10 || len(d) > 14 {
		return 0, false
	}
	return 0.15, true // never without context words
}

func scoreIPv4(m, d string, _ []string) (float64, bool) {
	a, err := netip.ParseAddr(m)
	if err != nil {
		return 0, false
	}
	b := a.As4()
	if b[0] < 10 && b[1] < 10 && b[2] < 10 && b[3] < 10 {
		return 0.35, true // "1.2.0.3" is more often a version than an address
	}
	return 0.65, true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// candidate is a match before context scoring, in folded-text offsets.
type candidate struct {
	entity, detector string
	start, end       int
	score            float64
}

// scanNumeric finds number-shaped candidates in the folded text s.
func scanNumeric(s string, out []candidate) []candidate {
	var sub []string
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		cs, ce := i, clusterEnd(s, i)
		i = ce
		ws, we := cs, ce
		for k := 0; k < 3 && ws > 0 && (isAlnum(s[ws-1]) || s[ws-1] == '+' || s[ws-1] == '('); k++ {
			ws--
		}
		for k := 0; k < 8 && we < len(s) && isAlnum(s[we]); k++ {
			we++
		}
		w := s[ws:we]
		if nd := countDigits(w); nd < 7 && (nd < 4 || strings.Count(w, ".") < 3) {
			continue // shorter than any entity: years, amounts, counts
		}
		for ri := range numericRules {
			r := &numericRules[ri]
			for _, loc := range r.re.FindAllStringSubmatchIndex(w, -1) {
				ms, me := ws+loc[0], ws+loc[1]
				if me <= cs && !r.letters || ms >= ce {
					continue
				}
				if !numberBoundary(s, ms, me) {
					continue
				}
				m := s[ms:me]
				sub = sub[:0]
				for g := 0; g < len(loc); g += 2 {
					if loc[g] < 0 {
						sub = append(sub, "")
					} else {
						sub = append(sub, w[loc[g]:loc[g+1]])
					}
				}
				sc, ok := r.score(m, digitsOf(m), sub)
				if !ok {
					continue
				}
				out = append(out, candidate{r.entity, r.detector, ms, me, sc})
			}
		}
	}
	return out
}

// clusterEnd returns the end of the digit cluster starting at i: digit runs
// joined by one to three separator bytes ("010-1234-5678", "(02) 123 4567").
func clusterEnd(s string, i int) int {
	for {
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		j := i
		for j < len(s) && j-i < 3 && strings.IndexByte("-. ()/", s[j]) >= 0 {
			j++
		}
		if j == i || j >= len(s) || !isDigit(s[j]) {
			return i
		}
		i = j
	}
}

// numberBoundary reports whether s[start:end] stands alone: no digit, ASCII
// letter or digit-joined separator ("12-" / "-34") right outside it.
func numberBoundary(s string, start, end int) bool {
	if start > 0 {
		c := s[start-1]
		if isAlnum(c) || c == '_' {
			return false
		}
		if (c == '-' || c == '.' || c == ',' || c == '/') && start > 1 && isDigit(s[start-2]) {
			return false
		}
	}
	if end < len(s) {
		c := s[end]
		if isAlnum(c) || c == '_' {
			return false
		}
		if (c == '-' || c == '.' || c == ',' || c == '/') && end+1 < len(s) && isDigit(s[end+1]) {
			return false
		}
	}
	return true
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if isDigit(s[i]) {
			n++
		}
	}
	return n
}

func digitsOf(m string) string {
	var b strings.Builder
	b.Grow(len(m))
	for i := 0; i < len(m); i++ {
		if isDigit(m[i]) {
			b.WriteByte(m[i])
		}
	}
	return b.String()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isAlnum(c byte) bool { return isDigit(c) || isAlpha(c) }
