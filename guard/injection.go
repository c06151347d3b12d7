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
	// topic rules name a subject attacks talk about (system prompts,
	// developer mode, jailbreaks) that honest questions talk about too: alone
	// they stay under the threshold, and a question about them ("How do I
	// enable developer mode on Android?") scores lower still.
	topic bool
}

func rx(s string) *regexp.Regexp { return regexp.MustCompile(s) }

// topicScore is what one topic rule scores: under the threshold alone, over
// it with any second rule.
const topicScore = 0.45

var injectionRules = []injectionRule{
	{name: "ignore_instructions", score: 0.9, spaced: rx(`\b(ignore|disregard|forget|override|bypass|skip|abandon|neglect)\b[\w\s,'-]{0,40}?\b(instructions?|prompts?|rules|directions|guidelines|directives|guardrails|constraints|restrictions|programming|commands)\b`),
		squeezed: rx(`(ignore|disregard|forget|override|bypass)(all|the|any|your|my|of)*(previous|prior|above|earlier|preceding|system)(instructions?|prompts?|rules|directions|guidelines)`)},
	{name: "stop_following", score: 0.85, spaced: rx(`\b(stop|quit|don't|do not|no longer) (following|obeying|follow|obey)\b[\w\s]{0,20}?\b(instructions|rules|guidelines|policies|programming|directives)\b`),
		squeezed: rx(`(stop|quit|dont|donot)(following|obeying)(your|the|any|all)*(instructions|rules|guidelines|policies)`)},
	{name: "forget_everything", score: 0.7, spaced: rx(`\bforget (everything|all (of )?(that|this|the above|previous))`)},
	{name: "reveal_prompt", score: 0.9, spaced: rx(`\b(reveal|show|print|display|repeat|tell|give|output|leak|dump|expose|what(?:'s| is| are| were)|share|write)\b[\w\s'-]{0,30}?\b(system prompt|system message|initial (prompt|instructions)|hidden (prompt|instructions)|your (instructions|prompt|rules|guidelines|directives|pre-?prompt)|(prompt|instructions) (above|before))`),
		squeezed: rx(`(whatis|whatare|whatwere|reveal|show|print|display|repeat|tell|output|leak|dump)(me)?(your(system|initial|hidden|original)?|the(system|initial|hidden|original))(prompt|instructions|message)`)},
	{name: "system_prompt", score: topicScore, topic: true, spaced: rx(`\bsystem (prompt|message)\b|\bpre-?prompt\b`), squeezed: rx(`systemprompt|(시스템|초기|숨겨진|내부|최초)(프롬프트|메시지|메세지|지시문|지침|명령어)`)},
	{name: "roleplay", score: 0.7, spaced: rx(`\byou are no longer\b|\byou are now (an? |my |the )?(dan|[a-z-]*bot|[a-z-]*gpt|unrestricted|unfiltered|uncensored|evil|free|jailbroken|called|named|going to|in (developer|dan|god))\b|\bfrom now on,? (you|act|respond|answer)\b|\bpretend (to be|you are|that you)\b|\bact as (an? )?(unrestricted|unfiltered|uncensored|evil|jailbroken|different|rogue)\b|\broleplay as\b|\bimagine you are\b|\bstay in character\b`)},
	{name: "you_are_now", score: 0.4, topic: true, spaced: rx(`\byou are now\b`)},
	{name: "dan", score: 0.8, spaced: rx(`\bdo anything now\b|\bdan mode\b|\bdan prompt\b`), squeezed: rx(`doanythingnow`)},
	{name: "developer_mode", score: topicScore, topic: true, spaced: rx(`\b(developer|dev|god|sudo|debug|admin|unrestricted|jailbreak) mode\b|\bjailbr(eak|oken)\b`), squeezed: rx(`developermode|jailbreak`)},
	{name: "mode_switch", score: 0.55, spaced: rx(`\b(enable|activate|enter|switch to|turn on|go into|engage|switch into)\b[\w\s]{0,12}?\b(developer|dev|god|sudo|debug|admin|jailbreak|jailbroken|dan|unrestricted) mode\b|\bjailbreak yourself\b|\b(sudo|god|developer|dan) mode (on|enabled|activated)\b`),
		squeezed: rx(`(enable|activate|enter|switchto|turnon)(the)?(developer|dev|god|sudo|debug|admin|jailbreak|dan|unrestricted)mode`)},
	{name: "unrestricted", score: 0.6, spaced: rx(`\b(no|without any|without) (restrictions|limits|filters|censorship|guidelines|rules)\b`)},
	{name: "new_instructions", score: 0.6, spaced: rx(`\bnew (instructions|rules|task|directive)s? ?:|\b(updated|real|actual|true) instructions\b`)},
	{name: "chat_markup", score: 0.8, spaced: rx(`<\|(im_start|im_end|system|user|assistant)\|>|\[/?inst\]|<</?sys>>|###\s*(instruction|system|response)|(^|\n)\s*(system|assistant)\s*:`)},

	{name: "ignore_instructions_ko", score: 0.9, squeezed: rx(`(이전|이제까지|지금까지|앞|위|기존|원래|모든|너의|네|당신의|시스템|초기|기본|상위)[가-힣]{0,8}(지시|지침|명령|규칙|프롬프트|제약|제한|설정|가이드|룰|안내)[가-힣]{0,6}(무시|잊어|잊고|잊으|무효|어겨|따르지마|따르지말|신경쓰지)`)},
	{name: "ignore_imperative_ko", score: 0.8, squeezed: rx(`(지시|지침|명령|규칙|프롬프트|제약|제한|가이드라인)(사항|문)?(들)?(따위|같은건|같은거|따윈)?(은|는|을|를|도)?(모두|전부|다|싹|전부다)?(무시|잊어)(해|하세요|해라|하라|하십시오|해줘|해주세요|버려|줘)`)},
	{name: "ignore_mixed", score: 0.8, squeezed: rx(`(규칙|지시|지침|명령|프롬프트|instructions?|rules|prompt)(을|를|은|는)?(ignore|disregard|forget)|(ignore|disregard|forget)(이전|앞|위|모든|기존)?(지시|지침|규칙|명령|프롬프트)`)},
	{name: "reveal_prompt_ko", score: 0.85, squeezed: rx(`(너의|네|당신의|시스템|초기|숨겨진|받은|원래|내부|hidden|system|secret|initial|your)[가-힣]{0,4}(프롬프트|prompt|지시사항|지시문|지침|메시지|메세지|초기설정|설정값|명령어|instructions)(원문|내용|전문|전체|목록)?(을|를|이|가|은|는)?(뭐였는지|무엇인지|뭔지)?(그대로|전부|모두|전체|한글자도빠짐없이)?(를|을)?(보여|알려|출력|공개|말해|노출|복사|적어|읊어|반복|print|show)`)},
	{name: "roleplay_ko", score: 0.6, squeezed: rx(`(너는|넌|당신은|니가|네가)(이제부터|지금부터|오늘부터)|(이제부터|지금부터|오늘부터)(너는|넌|당신은|니가|네가)`)},
	{name: "roleplay_now_ko", score: 0.4, topic: true, squeezed: rx(`(너는|넌|당신은|니가|네가)(이제|지금)`)},
	{name: "roleplay_act_ko", score: 0.45, squeezed: rx(`(역할|행세|인척|흉내|연기|캐릭터)(을|를|이)?(해|하라|해라|하세요|해줘|맡아|수행)`)},
	{name: "jailbreak_ko", score: topicScore, topic: true, squeezed: rx(`탈옥|무제한모드|개발자모드|관리자모드|디버그모드|갓모드`)},
	{name: "unrestricted_ai_ko", score: 0.75, squeezed: rx(`(제한|제약|검열|필터|윤리|규칙|규정|윤리규정)(이|가|이전혀)?없는(ai|인공지능|모드|챗봇|버전|비서|모델)`)},
	{name: "mode_switch_ko", score: 0.55, squeezed: rx(`(개발자|관리자|디버그|탈옥|무제한|갓|dan|developer|god|debug)모드(로|를|에)?(전환|변경|바꿔|들어가|켜|활성화|진입|답변|대답|답해|말해|응답)`)},
	{name: "unrestricted_ko", score: 0.7, squeezed: rx(`(검열|제한|필터|제약|윤리)(도)?(없이|안하고|하지말고)(답|대답|말|응답|답변|출력|알려)`)},
	{name: "disable_safety_ko", score: 0.8, squeezed: rx(`(안전장치|가드레일|검열|윤리규정|윤리지침|보안규칙)(을|를|은|는)?(모두|전부|다)?(해제|제거|풀어|꺼|끄고|없애|우회|무시)`)},
	{name: "disable_filter_ko", score: topicScore, topic: true, squeezed: rx(`(필터|제한사항|제약사항)(을|를|은|는)?(모두|전부|다)?(해제|제거|풀어|꺼|끄고|없애|우회|무시)`)},
}

// questionAbout matches questions that ask about a topic rather than give
// an order: "How do I …?", "… 방법은?", "… 쓸 수 있나요?".
var questionAbout = rx(`^(how|what|why|where|when|which|is|are|can i|does|do i)\b|(나요|까요|인가요|는지|방법은|법은|뭔가요|무엇인가요|있나요|되나요|합니까|습니까|니|냐)$`)

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
	if score < 0.7 {
		if questionAbout.MatchString(strings.TrimRight(n.spaced, "?!. ")) || questionAbout.MatchString(n.squeezed) {
			score -= 0.2
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

// Scripts a squeezed pattern needs in the text to match at all: running a
// Korean pattern over a text without Hangul (or an English one over a text
// without Latin letters) is wasted time, and KorQuAD-like traffic is mostly
// one script.
const (
	needHangul = 1 << iota
	needLatin
)

var squeezedNeeds = func() []int {
	latinWord := regexp.MustCompile(`[a-z]{3,}`)
	out := make([]int, len(injectionRules))
	for i, r := range injectionRules {
		if r.squeezed == nil {
			continue
		}
		src := r.squeezed.String()
		hangul := strings.IndexFunc(src, isHangul) >= 0
		switch {
		case hangul && !latinWord.MatchString(src):
			out[i] = needHangul
		case !hangul:
			out[i] = needLatin
		default:
			out[i] = needHangul | needLatin // either will do
		}
	}
	return out
}()

func matchRules(n normalized, add func(string, float64), _ string) {
	scripts := 0
	for _, r := range n.squeezed {
		if isHangul(r) {
			scripts |= needHangul
		} else if r < utf8.RuneSelf && isAlpha(byte(r)) {
			scripts |= needLatin
		}
		if scripts == needHangul|needLatin {
			break
		}
	}
	for i, r := range injectionRules {
		// every spaced pattern is English
		if r.spaced != nil && scripts&needLatin != 0 && r.spaced.MatchString(n.spaced) ||
			r.squeezed != nil && scripts&squeezedNeeds[i] != 0 && r.squeezed.MatchString(n.squeezed) {
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
