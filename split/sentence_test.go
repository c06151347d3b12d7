package split

import (
	"slices"
	"testing"
)

// sentences lists what nextSentence finds in text, for tests.
func sentences(text string) []string {
	var out []string
	for pos := 0; pos < len(text); {
		s, e, next := nextSentence(text, pos, len(text))
		if s < e {
			out = append(out, text[s:e])
		}
		pos = next
	}
	return out
}

func TestNextSentence(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"korean endings", "오늘은 맑다. 내일은 흐려요. 모레는 어떨까? 좋겠죠. 감사합니다.",
			[]string{"오늘은 맑다.", "내일은 흐려요.", "모레는 어떨까?", "좋겠죠.", "감사합니다."}},
		{"korean glued to the next sentence", "했다.그러나 안 했다.",
			[]string{"했다.", "그러나 안 했다."}},
		{"decimal is not an end", "버전 3.5를 썼다.", []string{"버전 3.5를 썼다."}},
		{"file name is not an end", "파일은 a.txt 이다.", []string{"파일은 a.txt 이다."}},
		{"english abbreviations", "Dr. Smith met Mr. Lee at 3 p.m. today. They talked. See e.g. Fig. 2 for details.",
			[]string{"Dr. Smith met Mr. Lee at 3 p.m. today.", "They talked.", "See e.g. Fig. 2 for details."}},
		{"initials", "J. R. R. Tolkien lived in the U.K. for years. He wrote books.",
			[]string{"J. R. R. Tolkien lived in the U.K. for years.", "He wrote books."}},
		{"lowercase after the dot", "It costs approx. five dollars. He left. then came back.",
			[]string{"It costs approx. five dollars.", "He left. then came back."}},
		{"numbered lines", "1. 서론\n2. 본론", []string{"1. 서론", "2. 본론"}},
		{"korean date", "2024. 3. 15. 에 출발했다. 도착했다.", []string{"2024. 3. 15. 에 출발했다.", "도착했다."}},
		{"long number ends", "합계는 123456. 다음", []string{"합계는 123456.", "다음"}},
		{"closing quote", `He said "Stop!" Then he left.`, []string{`He said "Stop!"`, "Then he left."}},
		{"korean quote and bracket", "그는 “좋다.” 라고 했다(정말?) 그렇다.",
			[]string{"그는 “좋다.”", "라고 했다(정말?)", "그렇다."}},
		{"lines, blank lines, trailing spaces", "첫 줄  \n\n  둘째 줄\r\n셋째 ",
			[]string{"첫 줄", "둘째 줄", "셋째"}},
		{"repeated terminators", "정말?! 네... 그래요", []string{"정말?!", "네...", "그래요"}},
		{"cjk terminators need no space", "日本語です。次の文です。", []string{"日本語です。", "次の文です。"}},
		{"ideographic space", "가다.\u3000나다.", []string{"가다.", "나다."}},
		{"line separator", "하나\u2028둘", []string{"하나", "둘"}},
		{"whitespace only", "  \n \t\u3000", nil},
		{"no terminator", "끝이 없는 문장", []string{"끝이 없는 문장"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sentences(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("sentences(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// nextSentence must honour end: a section ends where it ends, whatever
// follows in the text.
func TestNextSentenceStopsAtEnd(t *testing.T) {
	text := "첫 문장이다. 둘째"
	end := len("첫 문장이다. 둘")
	var got []string
	for pos := 0; pos < end; {
		s, e, next := nextSentence(text, pos, end)
		if s < e {
			got = append(got, text[s:e])
		}
		pos = next
	}
	if want := []string{"첫 문장이다.", "둘"}; !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}
