package guard

import (
	"encoding/base64"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Injection is the verdict on one question.
type Injection struct {
	Detected bool    `json:"injection"`
	Score    float64 `json:"score"`
	// Reasons are the names of the rules that matched, in rule order;
	// "base64:" prefixes rules that matched inside a decoded payload.
	Reasons []string `json:"reasons"`
}

// DefaultInjectionThreshold is the score at which DetectInjection reports an
// injection.
const DefaultInjectionThreshold = 0.5

// injectionRule matches either the spaced form of the normalised text
// (lower case, one space between words: English) or its squeezed form (no
// spaces or punctuation: Korean, whose spacing attackers vary freely).
type injectionRule struct {
	name     string
	score    float64
	spaced   *regexp.Regexp
	squeezed *regexp.Regexp
}

func rx(s string) *regexp.Regexp { return regexp.MustCompile(s) }

var injectionRules = []injectionRule{
	{name: "ignore_instructions", score: 0.9, spaced: rx(`\b(ignore|disregard|forget|override|bypass|skip|abandon|neglect)\b[\w\s,'-]{0,40}?\b(instructions?|prompts?|rules|directions|guidelines|directives|guardrails|constraints|restrictions|programming|commands)\b`),
		squeezed: rx(`(ignore|disregard|forget|override|bypass)(all|the|any|your|my|of)*(previous|prior|above|earlier|preceding|system)(instructions?|prompts?|rules|directions|guidelines)`)},
	{name: "forget_everything", score: 0.7, spaced: rx(`\bforget (everything|all (of )?(that|this|the above|previous))`)},
	{name: "reveal_prompt", score: 0.9, spaced: rx(`\b(reveal|show|print|display|repeat|tell|give|output|leak|dump|expose|what(?:'s| is| are| were)|share|write)\b[\w\s'-]{0,30}?\b(system prompt|system message|initial (prompt|instructions)|hidden (prompt|instructions)|your (instructions|prompt|rules|guidelines|directives)|(prompt|instructions) (above|before))`)},
	{name: "system_prompt", score: 0.55, spaced: rx(`\bsystem (prompt|message)\b|\bpre-?prompt\b`), squeezed: rx(`systemprompt|(시스템|초기|숨겨진|내부|최초)(프롬프트|메시지|메세지|지시문|지침|명령어)`)},
	{name: "roleplay", score: 0.7, spaced: rx(`\byou are (now|no longer)\b|\bfrom now on,? (you|act|respond|answer)\b|\bpretend (to be|you are|that you)\b|\bact as (an? )?(unrestricted|unfiltered|uncensored|evil|jailbroken|different|rogue)\b|\broleplay as\b|\bimagine you are\b|\bstay in character\b`)},
	{name: "dan", score: 0.8, spaced: rx(`\bdo anything now\b|\bdan mode\b|\bdan prompt\b`), squeezed: rx(`doanythingnow`)},
	{name: "developer_mode", score: 0.75, spaced: rx(`\b(developer|dev|god|sudo|debug|admin|unrestricted|jailbreak) mode\b|\bjailbr(eak|oken)\b|\b(no|without any|without) (restrictions|limits|filters|censorship|guidelines|rules)\b`), squeezed: rx(`developermode|jailbreak`)},
	{name: "new_instructions", score: 0.6, spaced: rx(`\bnew (instructions|rules|task|directive)s? ?:|\b(updated|real|actual|true) instructions\b`)},
	{name: "chat_markup", score: 0.8, spaced: rx(`<\|(im_start|im_end|system|user|assistant|endoftext)\|>|\[/?inst\]|<</?sys>>|###\s*(instruction|system|response)|(^|\n)\s*(system|assistant)\s*:`)},

	{name: "ignore_instructions_ko", score: 0.9, squeezed: rx(`(이전|이제까지|지금까지|앞|위|기존|원래|모든|너의|네|당신의|시스템|초기|기본|상위)[가-힣]{0,8}(지시|지침|명령|규칙|프롬프트|제약|제한|설정|가이드|룰|안내)[가-힣]{0,6}(무시|잊어|잊고|잊으|무효|어겨|따르지마|따르지말|신경쓰지)`)},
	{name: "ignore_imperative_ko", score: 0.8, squeezed: rx(`(지시|지침|명령|규칙|프롬프트|제약|제한|가이드라인)(사항|문)?(들)?(은|는|을|를)?(모두|전부|다|싹|전부다)?(무시|잊어)(해|하세요|해라|하라|하십시오|해줘|해주세요|버려|줘)`)},
	{name: "reveal_prompt_ko", score: 0.85, squeezed: rx(`(너의|네|당신의|시스템|초기|숨겨진|받은|원래|내부)[가-힣]{0,4}(프롬프트|지시사항|지시문|지침|시스템메시지|초기설정|설정값|명령어)(을|를|이|가|은|는)?(그대로|전부|모두|전체|한글자도빠짐없이)?(보여|알려|출력|공개|말해|노출|복사|적어|읊어|반복)`)},
	{name: "roleplay_ko", score: 0.6, squeezed: rx(`(너는|넌|당신은|니가|네가)(이제|지금)(부터)?|(이제부터|지금부터|오늘부터)(너는|넌|당신은|니가|네가)`)},
	{name: "roleplay_act_ko", score: 0.45, squeezed: rx(`(역할|행세|인척|흉내|연기|캐릭터)(을|를|이)?(해|하라|해라|하세요|해줘|맡아|수행)`)},
	{name: "jailbreak_ko", score: 0.75, squeezed: rx(`탈옥|(제한|제약|검열|필터|윤리|규칙)(이|이전혀)?없는(ai|인공지능|모드|챗봇|버전)|무제한모드|개발자모드|관리자모드|디버그모드|갓모드`)},
	{name: "disable_safety_ko", score: 0.8, squeezed: rx(`(안전장치|가드레일|필터|검열|윤리규정|윤리지침|제한사항|제약사항)(을|를|은|는)?(모두|전부|다)?(해제|제거|풀어|꺼|끄고|없애|우회|무시)`)},
}

var base64Run = rx(`[A-Za-z0-9+/_-]{20,}={0,2}`)

// DetectInjection scores how much q looks like an attempt to override the
// model's instructions: English and Korean phrasings, chat-template markup,
// and the same hidden behind full-width letters, homoglyphs, zero-width
// characters, letter spacing or base64.
func DetectInjection(q string) Injection {
	var reasons []string
	score := 0.0
	n, obfuscated := normalizeInjection(q)
	add := func(name string, s float64) {
		reasons = append(reasons, name)
		score = max(score, s)
	}
	matchRules(n, add, "")
	for _, m := range base64Run.FindAllString(q, 8) {
		dec, ok := decodeBase64Text(m)
		if !ok {
			continue
		}
		before := len(reasons)
		dn, _ := normalizeInjection(dec)
		matchRules(dn, func(name string, s float64) { add("base64:"+name, max(s, 0.9)) }, "")
		if len(reasons) == before {
			add("base64_text", 0.3)
		}
	}
	if obfuscated {
		if len(reasons) > 0 {
			score += 0.1
		}
		reasons = append(reasons, "obfuscation")
		score = max(score, 0.3)
	}
	if len(reasons) > 1 {
		score += 0.1 * float64(len(reasons)-1)
	}
	score = round2(min(score, 1))
	return Injection{Detected: score >= DefaultInjectionThreshold, Score: score, Reasons: reasons}
}

type normalized struct{ spaced, squeezed string }

func matchRules(n normalized, add func(string, float64), _ string) {
	for _, r := range injectionRules {
		if r.spaced != nil && r.spaced.MatchString(n.spaced) || r.squeezed != nil && r.squeezed.MatchString(n.squeezed) {
			add(r.name, r.score)
		}
	}
}

// normalizeInjection folds q into its spaced and squeezed forms; obfuscated
// reports invisible characters, homoglyphs or full-width letters, which
// honest questions rarely mix with Latin text.
func normalizeInjection(q string) (normalized, bool) {
	obfuscated := false
	for _, r := range q {
		if invisible(r) || r >= 0xFF21 && r <= 0xFF5A {
			obfuscated = true
			break
		}
	}
	q = norm.NFKC.String(q)
	var sp, sq strings.Builder
	sp.Grow(len(q))
	sq.Grow(len(q))
	space := true
	latinNeighbour := false
	for _, r := range q {
		if invisible(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		if h, ok := homoglyphs[r]; ok {
			if latinNeighbour {
				obfuscated = true
			}
			r = h
		}
		r = unicode.ToLower(r)
		latinNeighbour = r < utf8.RuneSelf && isAlpha(byte(r))
		if unicode.IsSpace(r) {
			if r == '\n' {
				sp.WriteByte('\n')
				space = true
				continue
			}
			if !space {
				sp.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		sp.WriteRune(r)
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			sq.WriteRune(r)
		}
	}
	spaced := sp.String()
	return normalized{spaced: spaced, squeezed: sq.String()}, obfuscated
}

// homoglyphs maps Cyrillic and Greek letters that look like Latin ones.
var homoglyphs = map[rune]rune{
	'а': 'a', 'е': 'e', 'о': 'o', 'р': 'p', 'с': 'c', 'у': 'y', 'х': 'x', 'і': 'i', 'ј': 'j', 'ѕ': 's', 'ԁ': 'd', 'ɡ': 'g', 'һ': 'h', 'ӏ': 'l', 'ո': 'n', 'ѵ': 'v', 'ԝ': 'w',
	'А': 'a', 'В': 'b', 'Е': 'e', 'К': 'k', 'М': 'm', 'Н': 'h', 'О': 'o', 'Р': 'p', 'С': 'c', 'Т': 't', 'Х': 'x', 'І': 'i',
	'α': 'a', 'ο': 'o', 'ρ': 'p', 'ν': 'v', 'ι': 'i', 'κ': 'k', 'τ': 't', 'υ': 'u', 'Α': 'a', 'Β': 'b', 'Ε': 'e', 'Ι': 'i', 'Κ': 'k', 'Μ': 'm', 'Ν': 'n', 'Ο': 'o', 'Ρ': 'p', 'Τ': 't', 'Χ': 'x',
}

// decodeBase64Text decodes a base64 run (standard or URL alphabet, padded or
// not) and returns it when it is mostly printable text.
func decodeBase64Text(s string) (string, bool) {
	t := strings.TrimRight(s, "=")
	var b []byte
	var err error
	if strings.ContainsAny(t, "-_") {
		b, err = base64.RawURLEncoding.DecodeString(t)
	} else {
		b, err = base64.RawStdEncoding.DecodeString(t)
	}
	if err != nil || !utf8.Valid(b) || len(b) < 8 {
		return "", false
	}
	text := string(b)
	printable := 0
	for _, r := range text {
		if unicode.IsPrint(r) || unicode.IsSpace(r) {
			printable++
		}
	}
	if printable*10 < utf8.RuneCountInString(text)*9 {
		return "", false
	}
	return text, true
}
