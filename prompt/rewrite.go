package prompt

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/llm"
)

// Rewrite builds the messages that ask a chat model to turn a follow-up
// question into a standalone search query. Retrieval sees only the query, so
// "그럼 환불은 얼마나 걸려요?" after a question about an order must come out
// as "주문 환불 처리 기간"-like text that names its subject. The last few
// turns are enough context and keep the call cheap.
func Rewrite(history []llm.Message, followUp string, lang i18n.Lang) []llm.Message {
	const turns, maxRunes = 6, 600
	var convo []llm.Message
	for i := len(history) - 1; i >= 0 && len(convo) < turns; i-- {
		m := history[i]
		if (m.Role == llm.RoleUser || m.Role == llm.RoleAssistant) && strings.TrimSpace(m.Content) != "" {
			convo = append(convo, m)
		}
	}
	userName, assistantName := "User", "Assistant"
	system := "Rewrite the follow-up question as one standalone search query that can be understood without the conversation. " +
		"Replace pronouns and omitted subjects with the specific names from the conversation. " +
		"Keep the language of the follow-up question. Do not answer it. Output only the rewritten query. " +
		"If the follow-up question already stands alone, output it unchanged."
	convoLabel, followLabel, queryLabel := "Conversation:", "Follow-up question: ", "Standalone query:"
	if lang == i18n.Ko {
		userName, assistantName = "사용자", "어시스턴트"
		system = "대화와 후속 질문을 보고, 후속 질문을 대화 없이도 이해되는 독립된 검색 질의 하나로 다시 쓰세요. " +
			"대명사와 생략된 대상은 대화에 나온 구체적인 이름으로 바꾸세요. " +
			"후속 질문의 언어를 유지하고, 질문에 답하지 말고, 다시 쓴 질의만 출력하세요. " +
			"후속 질문이 이미 독립적이면 그대로 출력하세요."
		convoLabel, followLabel, queryLabel = "대화:", "후속 질문: ", "독립 질의:"
	}
	var sb strings.Builder
	sb.WriteString(convoLabel + "\n")
	for i := len(convo) - 1; i >= 0; i-- {
		name := userName
		if convo[i].Role == llm.RoleAssistant {
			name = assistantName
		}
		sb.WriteString(name + ": " + clipRunes(strings.Join(strings.Fields(convo[i].Content), " "), maxRunes) + "\n")
	}
	sb.WriteString("\n" + followLabel + strings.TrimSpace(followUp) + "\n" + queryLabel)
	return []llm.Message{{Role: llm.RoleSystem, Content: system}, {Role: llm.RoleUser, Content: sb.String()}}
}

func clipRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// RewriteHeuristic makes a follow-up searchable without a model: when it is
// short (one or two words) or leans on the conversation (a pronoun or
// demonstrative such as 그것, 거기, 그 사람, it, they, there; or an opener
// such as 그럼, "what about"), the key words of the last user turn are put in
// front of it. Otherwise, or when there is no earlier user turn, it returns
// the follow-up unchanged. Key words are that turn's content words: Korean
// words with their particles and verb endings removed (상태를 → 상태,
// 확인할 → 확인), English words that are not stop words; at most four.
func RewriteHeuristic(history []llm.Message, followUp string) string {
	var last string
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].Role == llm.RoleUser && strings.TrimSpace(history[i].Content) != "" {
			last = history[i].Content
			break
		}
	}
	words := strings.Fields(followUp)
	if last == "" || len(words) == 0 || (len(words) > 2 && !leansOnContext(words)) {
		return followUp
	}
	have := map[string]bool{}
	for _, w := range words {
		have[strings.ToLower(contentWord(trimPunct(w)))] = true
	}
	var keys []string
	for _, w := range strings.Fields(last) {
		k := contentWord(trimPunct(w))
		if k == "" || have[strings.ToLower(k)] {
			continue
		}
		have[strings.ToLower(k)] = true
		keys = append(keys, k)
		if len(keys) == 4 {
			break
		}
	}
	if len(keys) == 0 {
		return followUp
	}
	return strings.Join(keys, " ") + " " + strings.TrimSpace(followUp)
}

var (
	koReferences = []string{"그것", "그거", "그건", "그게", "이것", "이거", "이건", "이게", "저것", "저거", "저건",
		"거기", "여기", "저기", "그곳", "이곳", "저곳", "그때", "그분", "그녀", "그들", "그쪽", "이쪽", "해당"}
	koOpeners    = map[string]bool{"그럼": true, "그러면": true, "그리고": true, "그런데": true, "근데": true, "또": true, "그래서": true, "그렇다면": true}
	koDeterminer = map[string]bool{"그": true, "이": true, "저": true}
	enReferences = map[string]bool{"it": true, "its": true, "it's": true, "they": true, "them": true, "their": true, "theirs": true,
		"that": true, "this": true, "those": true, "these": true, "there": true, "he": true, "she": true, "him": true, "her": true, "his": true}
	enOpeners = map[string]bool{"and": true, "also": true, "so": true, "then": true}
)

// leansOnContext reports whether a follow-up refers back to the conversation.
func leansOnContext(words []string) bool {
	first := strings.ToLower(trimPunct(words[0]))
	if koOpeners[first] || enOpeners[first] {
		return true
	}
	if len(words) > 1 && (first == "what" || first == "how") && strings.ToLower(trimPunct(words[1])) == "about" {
		return true
	}
	for i, w := range words {
		w = trimPunct(w)
		if enReferences[strings.ToLower(w)] {
			return true
		}
		if koDeterminer[w] && i+1 < len(words) {
			return true // 그 사람, 이 기능
		}
		for _, r := range koReferences {
			if strings.HasPrefix(w, r) {
				return true
			}
		}
	}
	return false
}

func trimPunct(w string) string {
	return strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// Korean particles, longest first so 에서 is removed before 서 could be.
var josa = []string{"에서부터", "으로부터", "에게서", "한테서", "이라는", "라는", "에서는", "에서도", "으로는", "으로", "에서", "에게", "한테", "께서",
	"부터", "까지", "보다", "처럼", "만큼", "이나", "이랑", "하고", "과", "와", "은", "는", "이", "가", "을", "를", "의", "에", "로", "도", "만", "랑"}

// Syllables that start the verb part of a Sino-Korean 하다/되다 verb:
// 확인할 → 확인, 설정하려면 → 설정, 변경됩니다 → 변경.
var verbStarts = []string{"하", "할", "한", "해", "했", "합", "함", "되", "된", "될", "됩", "돼", "됐", "시키"}

// Endings that make a Korean word a predicate rather than a noun. Only
// endings no common noun ends with: 필요, 화면, 페이지, 광고 stay nouns.
var verbEndings = []string{"나요", "까요", "세요", "에요", "예요", "어요", "아요", "해요", "데요", "지요", "래요", "게요", "군요", "네요", "줘요",
	"죠", "까", "냐", "다", "줘", "려면", "으면", "는지", "인지", "던", "니까", "는데", "은데", "있나", "없나"}

var stopWords = map[string]bool{
	"어떻게": true, "무엇": true, "뭐": true, "뭔가": true, "왜": true, "언제": true, "어디": true, "누가": true, "누구": true, "얼마나": true, "얼마": true,
	"어느": true, "무슨": true, "수": true, "것": true, "좀": true, "제": true, "저": true, "나": true, "내": true, "우리": true, "알려줘": true, "알려주세요": true,
	"a": true, "an": true, "the": true, "is": true, "are": true, "was": true, "were": true, "be": true, "do": true, "does": true, "did": true,
	"how": true, "what": true, "when": true, "where": true, "which": true, "who": true, "why": true, "can": true, "could": true, "should": true,
	"would": true, "will": true, "i": true, "you": true, "we": true, "my": true, "your": true, "our": true, "me": true, "to": true, "of": true,
	"in": true, "on": true, "for": true, "with": true, "about": true, "and": true, "or": true, "please": true, "tell": true, "show": true,
	"get": true, "have": true, "has": true, "much": true, "many": true, "long": true, "take": true, "there": true, "it": true, "this": true, "that": true,
	"they": true, "from": true, "by": true, "at": true, "as": true, "if": true, "not": true, "any": true, "some": true,
}

// contentWord returns the noun part of a word, or "" for function words
// and predicates.
func contentWord(w string) string {
	if w == "" || stopWords[strings.ToLower(w)] {
		return ""
	}
	if !strings.ContainsFunc(w, isHangul) {
		if utf8.RuneCountInString(w) < 2 {
			return ""
		}
		return w
	}
	for _, j := range josa {
		if stem, ok := strings.CutSuffix(w, j); ok && utf8.RuneCountInString(stem) >= 1 {
			w = stem
			break
		}
	}
	runes := []rune(w)
	for i := 2; i < len(runes); i++ {
		for _, v := range verbStarts {
			if strings.HasPrefix(string(runes[i:]), v) {
				return string(runes[:i])
			}
		}
	}
	for _, e := range verbEndings {
		if strings.HasSuffix(w, e) && utf8.RuneCountInString(w) > 1 {
			return ""
		}
	}
	if stopWords[w] {
		return ""
	}
	return w
}
