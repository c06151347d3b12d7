package guard

import (
	"sort"
	"strings"
)

// DefaultThresholds are the scores a finding needs to count, per entity.
// Number-shaped entities that are ambiguous without context (bank accounts,
// health-insurance numbers, bare digit runs) score below them unless a
// context word is near.
var DefaultThresholds = map[string]float64{
	EntityRRN: 0.5, EntityFRN: 0.5, EntityPhone: 0.5, EntityEmail: 0.5,
	EntityCreditCard: 0.5, EntityBRN: 0.5, EntityPassport: 0.5,
	EntityDriverLicense: 0.5, EntityBankAccount: 0.5, EntityHealthInsurance: 0.5,
	EntityCarPlate: 0.5, EntityIPAddress: 0.5, EntityPerson: 0.5,
}

// contextWords raise an entity's score when they occur shortly before (or
// just after) a candidate. English words are lower-case; text is compared
// case-insensitively.
var contextWords = map[string][]string{
	EntityRRN:             {"주민", "생년월일", "등록번호", "rrn", "resident", "ssn", "jumin"},
	EntityFRN:             {"외국인", "등록번호", "alien", "foreigner", "residence card"},
	EntityPhone:           {"전화", "연락", "휴대", "핸드폰", "폰", "번호", "문의", "팩스", "고객센터", "tel", "phone", "mobile", "call", "fax", "contact", "☎"},
	EntityEmail:           {"메일", "mail", "연락"},
	EntityCreditCard:      {"카드", "card", "visa", "master", "결제", "신용", "credit"},
	EntityBRN:             {"사업자", "등록번호", "business", "법인", "brn", "tax id"},
	EntityPassport:        {"여권", "passport"},
	EntityDriverLicense:   {"운전", "면허", "licen", "driver"},
	EntityBankAccount:     {"계좌", "입금", "송금", "예금주", "이체", "은행", "농협", "신한", "카카오뱅크", "토스뱅크", "케이뱅크", "새마을금고", "우체국", "수협", "신협", "뱅크", "account", "acct", "bank", "iban"},
	EntityHealthInsurance: {"건강보험", "보험증", "의료보험", "건보", "요양기관", "health insurance", "insurance"},
	EntityCarPlate:        {"차량", "번호판", "자동차", "차번호", "주차", "vehicle", "plate", "car"},
	EntityIPAddress:       {"ip", "아이피", "접속", "서버", "주소", "address", "host", "로그", "server"},
}

// contextBonus is what a context word adds; entities that need context to be
// found at all get more.
var contextBonus = map[string]float64{
	EntityBankAccount: 0.5, EntityHealthInsurance: 0.5, EntityBRN: 0.25,
	EntityDriverLicense: 0.3, EntityPassport: 0.35, EntityIPAddress: 0.3,
}

const (
	contextBefore = 48 // bytes: about 16 Hangul syllables
	contextAfter  = 24
)

// priority breaks ties between overlapping findings of equal score: the more
// sensitive and more specific entity wins.
var priority = func() map[string]int {
	m := map[string]int{}
	for i, e := range []string{EntityRRN, EntityFRN, EntityCreditCard, EntityPassport, EntityDriverLicense, EntityBRN, EntityPhone, EntityEmail, EntityIPAddress, EntityCarPlate, EntityHealthInsurance, EntityBankAccount, EntityPerson} {
		m[e] = len(m) - i // earlier = higher
	}
	return m
}()

// Detect returns the personal information in text with DefaultThresholds,
// ordered by position, without overlaps.
func Detect(text string) []Finding {
	return detect(text, DefaultThresholds)
}

// detect runs every scanner on the folded text, scores context, drops
// findings under their entity's threshold (missing = DefaultThresholds), and
// resolves overlaps.
func detect(text string, thresholds map[string]float64) []Finding {
	f := fold(text)
	s := f.s
	cands := make([]candidate, 0, 8)
	cands = scanNumeric(s, cands)
	if strings.IndexByte(s, '@') >= 0 {
		cands = scanEmail(s, cands)
	}
	if strings.IndexByte(s, ':') >= 0 {
		cands = scanIPv6(s, cands)
	}
	cands = scanPlates(s, cands)
	cands = scanNames(s, cands)
	if len(cands) == 0 {
		return nil
	}
	var lower string // the text lower-cased, built on first need
	for i := range cands {
		c := &cands[i]
		if c.entity == EntityRRN && len(digitsOf(s[c.start:c.end])) == 13 {
			if g := digitsOf(s[c.start:c.end])[6]; g >= '5' && g <= '8' {
				c.entity, c.detector = EntityFRN, "frn"
			}
		}
		if lower == "" {
			lower = lowerASCIIString(s)
		}
		if c.entity != EntityEmail && c.entity != EntityPerson && otherIDLabel(lower, c.start) {
			c.score = 0 // "주문번호 20240315123456", "법인등록번호 110111-…"
			continue
		}
		words := contextWords[c.entity]
		if len(words) == 0 {
			continue
		}
		if nearContext(lower, c.start, c.end, words) {
			b, ok := contextBonus[c.entity]
			if !ok {
				b = 0.2
			}
			c.score = min(1, c.score+b)
		}
	}
	kept := cands[:0]
	for _, c := range cands {
		th, ok := thresholds[c.entity]
		if !ok {
			th = DefaultThresholds[c.entity]
		}
		if c.score >= th && c.score > 0 {
			kept = append(kept, c)
		}
	}
	kept = resolveOverlaps(kept)
	out := make([]Finding, len(kept))
	for i, c := range kept {
		st, en := f.span(c.start, c.end)
		out[i] = Finding{Entity: c.entity, Start: st, End: en, Text: text[st:en], Score: round2(c.score), Detector: c.detector}
	}
	return out
}

// otherIDLabels name identifiers that are not personal data. A number right
// after one of them ("주문번호 20240315123456", "법인등록번호 110111-1234567",
// "빌드 5.0.1.2") is that identifier, whatever it looks like and whichever
// context words are near: a bank name two words before an order number does
// not make it an account.
var otherIDLabels = []string{"주문번호", "주문 번호", "접수번호", "접수 번호", "거래번호", "거래 번호", "송장", "송장번호", "운송장번호", "운송장", "등기번호",
	"승인번호", "증권번호", "요청 id", "사번", "학번", "법인등록번호", "법인번호", "사건번호", "모델명", "모델번호", "제품코드", "제품 코드", "상품코드", "부품번호",
	"품번", "시리얼", "일련번호", "serial", "isbn", "버전", "빌드", "릴리스", "펌웨어", "version", "build", "release", "우편번호", "전표번호", "문서번호",
	"예약번호", "관리번호", "order no.", "order #", "invoice", "tracking", "tracking no."}

// otherIDLabel reports whether one of otherIDLabels ends right before start
// in the lower-cased text, separated by at most spaces, a colon or '#'.
func otherIDLabel(lower string, start int) bool {
	i := start
	for i > 0 && i > start-4 && strings.IndexByte(" :#(", lower[i-1]) >= 0 {
		i--
	}
	before := lower[max(0, i-24):i]
	for _, l := range otherIDLabels {
		if strings.HasSuffix(before, l) {
			return true
		}
	}
	return false
}

// nearContext reports whether one of words occurs in the window around
// [start, end) of the lower-cased text.
func nearContext(lower string, start, end int, words []string) bool {
	ws, we := max(0, start-contextBefore), min(len(lower), end+contextAfter)
	before, after := lower[ws:start], lower[end:we]
	for _, w := range words {
		if strings.Contains(before, w) || strings.Contains(after, w) {
			return true
		}
	}
	return false
}

// resolveOverlaps keeps, of overlapping candidates, the highest score, then
// the more sensitive entity, then the longer span. The result is ordered by
// start.
func resolveOverlaps(c []candidate) []candidate {
	sort.SliceStable(c, func(i, j int) bool {
		if c[i].score != c[j].score {
			return c[i].score > c[j].score
		}
		if pi, pj := priority[c[i].entity], priority[c[j].entity]; pi != pj {
			return pi > pj
		}
		if li, lj := c[i].end-c[i].start, c[j].end-c[j].start; li != lj {
			return li > lj
		}
		return c[i].start < c[j].start
	})
	var kept []candidate
	for _, x := range c {
		overlaps := false
		for _, k := range kept {
			if x.start < k.end && k.start < x.end {
				overlaps = true
				break
			}
		}
		if !overlaps {
			kept = append(kept, x)
		}
	}
	sort.Slice(kept, func(i, j int) bool { return kept[i].start < kept[j].start })
	return kept
}

func lowerASCIIString(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = lowerASCII(b[j])
			}
			return string(b)
		}
	}
	return s
}

func round2(x float64) float64 { return float64(int(x*100+0.5)) / 100 }
