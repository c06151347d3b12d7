package guard

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Person names are found only in context: after a label (성명: 홍길동,
// 이름은 김철수, Name: John Smith) or before an honorific (홍길동 님, 김철수씨).
// A bare name in running text is not detected: without a dictionary of
// names, "이승기" the singer and "이 승기" (this victory) look the same.

const koreanSurnames = "김이박최정강조윤장임한오서신권황안송류유홍전고문양손배백허남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예봉경사가복태목형피두감음빈동온범좌팽승간상시갈단견당화창옹순빙종풍"

var compoundSurnames = []string{"남궁", "황보", "제갈", "선우", "독고", "사공", "서문"}

var nameLabels = []string{"성명", "이름", "성함", "고객명", "환자명", "예금주", "신청인", "담당자", "작성자", "수신인", "보호자", "대표자", "수령인", "피보험자", "계약자",
	"소유자", "검토자", "승인자", "결재자", "배우자", "운전자", "임대인", "임차인", "매도인", "매수인", "의뢰인", "민원인", "세대주", "가입자", "명의자", "받는 분", "보내는 분", "직원", "고객", "환자", "사용자"}

// commonNouns are words that begin with a surname syllable and often follow
// a label without a colon ("고객 정보", "소유자 주소", "직원 연락처"): after
// such a label a name is accepted only if it does not start with one.
var commonNouns = []string{"정보", "주소", "정정", "전화", "이메", "연락", "성별", "기재", "조회", "조건", "배정", "배송", "문의", "명의", "서명", "서류", "신청", "신고",
	"변경", "안내", "확인", "본인", "이름", "성명", "성함", "이용", "이름", "임금", "전체", "정기", "교육", "관리", "차량", "주차", "우편", "문자", "방문", "구매",
	"상담", "민원", "유형", "등급", "가족", "가끔", "사이", "사단", "사항", "주요", "주변", "기존", "기타", "번호", "한도", "계좌", "계약", "지원", "지급", "선택", "동의", "편의", "만족", "전용", "전원", "하나", "모두", "전부", "일부", "대상",
	"설명", "소개", "소속", "소득", "공지", "신분", "신원", "서비스", "차단", "정상", "주민", "연령", "연봉", "인적", "노동", "노조", "장기", "장애", "황금", "유지", "유의"}

// nameSuffixes may follow a name directly (particles, copulas, honorifics).
var nameSuffixes = []string{"", "님", "씨", "은", "는", "이", "가", "을", "를", "의", "과", "와", "도", "께", "께서", "에게", "한테", "입니다", "이고", "이며", "이다", "이에요", "예요", "이요", "이라고", "라고", "으로", "로", "님의", "씨의", "님께", "님이", "씨가", "씨는", "님은"}

// nameSuffixStarts begin longer particles and copulas after a name
// (이고요, 입니다만, 님께서는): matched as prefixes of what follows.
var nameSuffixStarts = []string{"이고", "이며", "이에", "이었", "이라", "이구", "인데", "입니", "님께", "님의", "님이", "님은", "씨께", "씨의", "씨가", "씨는", "에게", "한테", "께서"}

func nameSuffix(rest string) bool {
	if slices.Contains(nameSuffixes, rest) {
		return true
	}
	for _, p := range nameSuffixStarts {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	return false
}

// nameTitles: a surname followed by these is a way of addressing someone
// (김부장님), and whole words before 님 that begin with a surname syllable.
var (
	nameTitles = []string{"부장", "과장", "차장", "사장", "대리", "교수", "선생", "팀장", "실장", "원장", "회장", "의원", "기사", "주임", "대표", "이사", "상무", "전무", "계장", "반장", "소장", "국장", "청장", "총장", "여사", "작가", "감독", "박사", "선배", "후배", "군수", "시장", "목사", "신부", "수녀", "장관", "차관", "위원", "지사", "고객", "병장", "상병", "일병", "중사", "하사", "소위", "중위", "대위", "소령", "중령", "대령", "주무", "사무", "연구", "공무", "간호", "변호", "조합", "지점", "점장", "구청", "도지", "사모", "형님", "누님"}
	titleWords = []string{"이사장", "부사장", "주무관", "사무관", "조교수", "부교수", "변호사", "간호사", "위원장", "조합장", "구청장", "도지사", "지점장", "연구원", "공무원", "도련님", "아버님", "어머님", "할머님", "선생님", "하느님", "하나님", "부처님", "임금님", "공주님", "왕자님", "손님"}
)

// notNames are common words that begin with a surname syllable and follow
// "이름은" in running text.
var notNames = []string{"어머니", "아버지", "모두", "모든", "무엇", "다음", "아들", "이것", "이는", "이후", "우리", "고유", "어디", "무슨", "모르", "정확", "원래", "본래", "지금", "현재", "공식", "정식", "같은", "같다", "다른", "다르", "하나", "두개", "여러"}

// seedWords are ordinary words ending in 씨 (글씨, 솜씨): the syllable before
// 씨 rules the honorific out.
const seedSyllables = "글솜맵말날불홀맘음가저볍"

// scanNames finds labelled and honorific names in s.
func scanNames(s string, out []candidate) []candidate {
	// One pass over the text, trying only the labels that begin with the
	// rune at hand: thirty-odd strings.Index calls over a Korean text cost
	// more than the rest of detection.
	for ls := 0; ls < len(s); {
		r, n := utf8.DecodeRuneInString(s[ls:])
		for _, label := range labelsByRune[r] {
			if strings.HasPrefix(s[ls:], label) {
				out = nameAfterLabel(s, ls, label, out)
			}
		}
		ls += n
	}
	out = scanHonorifics(s, out)
	return scanEnglishNames(s, out)
}

// byFirstRune indexes words by their first rune.
func byFirstRune(words []string) map[rune][]string {
	m := map[rune][]string{}
	for _, w := range words {
		r, _ := utf8.DecodeRuneInString(w)
		m[r] = append(m[r], w)
	}
	return m
}

var (
	labelsByRune = byFirstRune(nameLabels)
	titlesByRune = byFirstRune(addressTitles)
)

// nameAfterLabel adds the name that follows the label at ls, if any.
func nameAfterLabel(s string, ls int, label string, out []candidate) []candidate {
	p := ls + len(label)
	r, _ := utf8.DecodeLastRuneInString(s[:ls])
	inWord := isHangul(r) // "공동성명은": the label ends another word
	q := p
	for q < len(s) && s[q] == ' ' {
		q++
	}
	marked := false
	if q < len(s) && s[q] == ':' {
		marked = true
		q++
	} else if inWord {
		return out
	} else if strings.HasPrefix(s[q:], "은 ") || strings.HasPrefix(s[q:], "는 ") {
		marked = true
		q += len("은 ")
	} else if q == p {
		return out // "이름난", "성명서": the label is part of a word
	}
	for q < len(s) && s[q] == ' ' {
		q++
	}
	if e, ok := koreanName(s, q, !marked); ok {
		sc := 0.8
		if !marked {
			sc = 0.65
		}
		out = append(out, candidate{EntityPerson, "person_label", q, e, sc})
	}
	return out
}

// koreanName returns the end of a 2–4 syllable name starting at q, with a
// known surname, followed by nothing Hangul but a suffix (nameSuffix).
// strict (a label without a colon: "소유자 홍길동") asks for a full name of
// three syllables, or four with a compound surname, that does not begin with
// a common noun: "소유자 주소" and "신청인 성명" are not names.
func koreanName(s string, q int, strict bool) (int, bool) {
	var ends [8]int
	n, i := 0, q
	for i < len(s) && n < len(ends) {
		r, sz := utf8.DecodeRuneInString(s[i:])
		if !isHangul(r) {
			break
		}
		i += sz
		ends[n] = i
		n++
	}
	if n < 2 {
		return 0, false
	}
	first, _ := utf8.DecodeRuneInString(s[q:])
	compound := false
	for _, c := range compoundSurnames {
		if strings.HasPrefix(s[q:], c) {
			compound = true
		}
	}
	if !compound && !strings.ContainsRune(koreanSurnames, first) {
		return 0, false
	}
	rest := s[q:i]
	if strings.HasPrefix(rest, "이름") || strings.HasPrefix(rest, "성명") || strings.HasPrefix(rest, "성함") {
		return 0, false // "고객: 이름은 …": the next label, not a name
	}
	if strict && startsWithAny(rest, commonNouns) {
		return 0, false
	}
	for _, l := range []int{3, 2, 4} {
		if l > n || (l == 4 && !compound) || (l == 2 && compound) || (l == 2 && strict) {
			continue
		}
		if nameSuffix(s[ends[l-1]:i]) {
			name := rest[:ends[l-1]-q]
			if titled(name) {
				return 0, false
			}
			return ends[l-1], true
		}
	}
	return 0, false
}

func titled(name string) bool {
	if slices.Contains(titleWords, name) || slices.Contains(notNames, name) {
		return true
	}
	_, sz := utf8.DecodeRuneInString(name)
	return slices.Contains(nameTitles, name[sz:])
}

// scanHonorifics finds "홍길동 님", "김철수씨": exactly three syllables
// beginning with a surname, standing alone before the honorific.
func scanHonorifics(s string, out []candidate) []candidate {
	for _, h := range []string{"님", "씨"} {
		for off := 0; ; {
			k := strings.Index(s[off:], h)
			if k < 0 {
				break
			}
			at := off + k
			off = at + len(h)
			e := at
			if e > 0 && s[e-1] == ' ' {
				e--
			}
			st, n := e, 0
			for st > 0 && n < 4 {
				r, sz := utf8.DecodeLastRuneInString(s[:st])
				if !isHangul(r) {
					break
				}
				st -= sz
				n++
			}
			if n != 3 && !(n == 4 && compoundSurname(s[st:e])) {
				continue
			}
			name := s[st:e]
			if last, _ := utf8.DecodeLastRuneInString(name); h == "씨" && e == at && strings.ContainsRune(seedSyllables, last) {
				continue
			}
			if !surnameFirst(name) || titled(name) {
				continue
			}
			out = append(out, candidate{EntityPerson, "person_honorific", st, e, 0.6})
		}
	}
	return scanTitles(s, out)
}

// addressTitles follow a full name after a space when someone is addressed
// or referred to by role: 홍길동 고객님, 김철수 주무관, 이영희 과장.
var addressTitles = []string{"고객님", "회원님", "주무관", "사무관", "과장", "부장", "차장", "팀장", "실장", "선생님", "교수", "원장", "기사님", "환자분", "주임", "대표님", "사장님", "변호사", "간호사", "조교"}

// scanTitles finds full names (three syllables, four with a compound
// surname) standing alone before one of addressTitles.
func scanTitles(s string, out []candidate) []candidate {
	for at := 0; at < len(s); {
		r, n := utf8.DecodeRuneInString(s[at:])
		if at >= 2 && s[at-1] == ' ' {
			for _, title := range titlesByRune[r] {
				if strings.HasPrefix(s[at:], title) {
					out = nameBeforeTitle(s, at, at+len(title), out)
				}
			}
		}
		at += n
	}
	return out
}

// nameBeforeTitle adds the full name standing before the title at
// [at, after), if any.
func nameBeforeTitle(s string, at, after int, out []candidate) []candidate {
	e := at - 1
	st, n := e, 0
	for st > 0 && n < 5 {
		r, sz := utf8.DecodeLastRuneInString(s[:st])
		if !isHangul(r) {
			break
		}
		st -= sz
		n++
	}
	name := s[st:e]
	if n != 3 && !(n == 4 && compoundSurname(name)) || !surnameFirst(name) || titled(name) {
		return out
	}
	// "과장하다" (exaggerate) is no title; "유능한 변호사", "국세청
	// 차장": an adjective or an institution, not a name, before it
	if next, _ := utf8.DecodeRuneInString(s[after:]); strings.ContainsRune("하했한된되해", next) {
		return out
	}
	if last, _ := utf8.DecodeLastRuneInString(name); strings.ContainsRune("한던된운적청처국단", last) {
		return out
	}
	if startsWithAny(name, commonNouns) {
		return out
	}
	return append(out, candidate{EntityPerson, "person_title", st, e, 0.6})
}

func compoundSurname(name string) bool { return startsWithAny(name, compoundSurnames) }

func surnameFirst(name string) bool {
	first, _ := utf8.DecodeRuneInString(name)
	return strings.ContainsRune(koreanSurnames, first) || compoundSurname(name)
}

func startsWithAny(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// scanEnglishNames finds capitalised words after "Name:", "name is", and
// titles such as "Mr." ("Name: John Smith", "Dr. Kim").
func scanEnglishNames(s string, out []candidate) []candidate {
	if !strings.ContainsAny(s, "NnMD") {
		return out
	}
	for _, t := range []struct {
		label string
		max   int
		score float64
	}{{"name:", 3, 0.8}, {"name is ", 3, 0.7}, {"mr. ", 2, 0.6}, {"mrs. ", 2, 0.6}, {"ms. ", 2, 0.6}, {"dr. ", 2, 0.6}} {
		for off := 0; off < len(s); {
			k := indexFold(s[off:], t.label)
			if k < 0 {
				break
			}
			p := off + k + len(t.label)
			off = p
			if b := off - len(t.label); b > 0 && isAlpha(s[b-1]) {
				continue
			}
			for p < len(s) && s[p] == ' ' {
				p++
			}
			st, e, words := p, p, 0
			for words < t.max && e < len(s) && s[e] >= 'A' && s[e] <= 'Z' {
				w := e + 1
				for w < len(s) && (s[w] >= 'a' && s[w] <= 'z' || s[w] == '\'' || s[w] == '-') {
					w++
				}
				if w-e < 2 {
					break
				}
				e, words = w, words+1
				if e+1 < len(s) && s[e] == ' ' && s[e+1] >= 'A' && s[e+1] <= 'Z' {
					e++
				} else {
					break
				}
			}
			if e > st && s[e-1] == ' ' {
				e--
			}
			if words > 0 {
				out = append(out, candidate{EntityPerson, "person_label_en", st, e, t.score})
			}
		}
	}
	return out
}

// indexFold is strings.Index for an ASCII lower-case needle, ignoring the
// case of s.
func indexFold(s, needle string) int {
	for i := 0; i+len(needle) <= len(s); i++ {
		j := 0
		for j < len(needle) && lowerASCII(s[i+j]) == needle[j] {
			j++
		}
		if j == len(needle) {
			return i
		}
	}
	return -1
}

func isHangul(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
