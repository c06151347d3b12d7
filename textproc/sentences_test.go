package textproc

import (
	"reflect"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []string
	}{
		{"empty", "", nil},
		{"only spaces", " \n\t　\n", nil},
		{"korean endings", "오늘은 날씨가 좋다. 내일은 비가 올까? 우산을 챙기세요!",
			[]string{"오늘은 날씨가 좋다.", "내일은 비가 올까?", "우산을 챙기세요!"}},
		{"formal endings", "감사합니다. 확인했습니다. 다음 단계로 가죠.",
			[]string{"감사합니다.", "확인했습니다.", "다음 단계로 가죠."}},
		{"missing space after period", "집에 갔다.그리고 잤다.", []string{"집에 갔다.", "그리고 잤다."}},
		{"missing space before bracket", "있다고 한다.〈창세기〉 6장에 나온다.", []string{"있다고 한다.", "〈창세기〉 6장에 나온다."}},
		{"decimals and units", "매출이 1.5배 늘었다. 원주율은 3.14이다.",
			[]string{"매출이 1.5배 늘었다.", "원주율은 3.14이다."}},
		{"spaced date", "시행일은 2020. 3. 1. 부터이다. 다음 문장.",
			[]string{"시행일은 2020. 3. 1. 부터이다.", "다음 문장."}},
		{"dotted date", "개정 2021.12.31. 시행한다. 끝.", []string{"개정 2021.12.31. 시행한다.", "끝."}},
		{"number at sentence end", "The total is 42. Then we left.", []string{"The total is 42.", "Then we left."}},
		{"titles", "Mr. Kim met Dr. Lee at 3 p.m. yesterday. They talked.",
			[]string{"Mr. Kim met Dr. Lee at 3 p.m. yesterday.", "They talked."}},
		{"e.g. lower case", "Use a tool, e.g. a hammer. Then stop.",
			[]string{"Use a tool, e.g. a hammer.", "Then stop."}},
		{"initials", "J. R. R. Tolkien wrote it. It sold well.", []string{"J. R. R. Tolkien wrote it.", "It sold well."}},
		{"dotted acronym", "He joined the U.S. Army in 1990. It was cold.",
			[]string{"He joined the U.S. Army in 1990.", "It was cold."}},
		{"etc may end", "Apples, pears, etc. They are fruit.", []string{"Apples, pears, etc.", "They are fruit."}},
		{"number abbreviation", "See No. 5 for details. Done.", []string{"See No. 5 for details.", "Done."}},
		{"korean after english abbreviation", "Dr. 김이 왔다. 반갑다.", []string{"Dr. 김이 왔다.", "반갑다."}},
		{"ellipsis inside", "그런데... 잘 모르겠어요. 알겠다.", []string{"그런데... 잘 모르겠어요.", "알겠다."}},
		{"ellipsis after ending", "좋았다… 그러나 끝났다.", []string{"좋았다…", "그러나 끝났다."}},
		{"english ellipsis", "Wait... what happened? Nothing... Really.",
			[]string{"Wait... what happened?", "Nothing...", "Really."}},
		{"quotative particle", `그는 "좋다." 라고 말했다. 그리고 떠났다.`,
			[]string{`그는 "좋다." 라고 말했다.`, "그리고 떠났다."}},
		{"quote without space", `그는 "좋다."라고 말했다.`, []string{`그는 "좋다."라고 말했다.`}},
		{"quoted sentence", `그가 말했다. "정말 좋다." 모두 웃었다.`,
			[]string{"그가 말했다.", `"정말 좋다."`, "모두 웃었다."}},
		{"curly quotes and brackets", "“배송됐나요?” 그렇다. (참고 바람.) 끝.",
			[]string{"“배송됐나요?”", "그렇다.", "(참고 바람.)", "끝."}},
		{"english quote", `"Go!" he said. She left.`, []string{`"Go!" he said.`, "She left."}},
		{"mixed hangul latin", "iPhone 15를 샀다. iOS 업데이트도 했다.", []string{"iPhone 15를 샀다.", "iOS 업데이트도 했다."}},
		{"paragraph", "제목 없는 줄\n\n본문 첫 줄", []string{"제목 없는 줄", "본문 첫 줄"}},
		{"paragraph with spaces", "첫 문단\n  \t\n둘째 문단", []string{"첫 문단", "둘째 문단"}},
		{"wrapped line", "이것은 줄이 바뀌어도\n이어지는 문장이다.", []string{"이것은 줄이 바뀌어도\n이어지는 문장이다."}},
		{"bullets", "준비물\n- 우산\n- 물병", []string{"준비물", "- 우산", "- 물병"}},
		{"symbol bullets", "안내\n• 첫째\n※ 주의", []string{"안내", "• 첫째", "※ 주의"}},
		{"heading", "# 배송 안내\n배송은 3일 걸립니다.", []string{"# 배송 안내", "배송은 3일 걸립니다."}},
		{"numbered list", "1. 첫째 항목입니다.\n2. 둘째 항목입니다.", []string{"1. 첫째 항목입니다.", "2. 둘째 항목입니다."}},
		{"numbered list no period", "절차\n1) 신청\n2) 승인", []string{"절차", "1) 신청", "2) 승인"}},
		{"korean list markers", "가. 신청 방법\n나. 제출 서류", []string{"가. 신청 방법", "나. 제출 서류"}},
		{"circled numbers", "단계\n① 접수\n② 검토", []string{"단계", "① 접수", "② 검토"}},
		{"statute articles", "제1조(목적) 이 규정은 목적을 정한다\n제2조(정의) 용어의 뜻은 다음과 같다",
			[]string{"제1조(목적) 이 규정은 목적을 정한다", "제2조(정의) 용어의 뜻은 다음과 같다"}},
		{"table rows", "| 이름 | 값 |\n| 가 | 1 |", []string{"| 이름 | 값 |", "| 가 | 1 |"}},
		{"line ends with period", "Line ends here.\nnext line goes on", []string{"Line ends here.", "next line goes on"}},
		{"wrapped title", "We met Dr.\nKim there.", []string{"We met Dr.\nKim there."}},
		{"cjk", "今日は晴れ。明日は雨。", []string{"今日は晴れ。", "明日は雨。"}},
		{"full width", "정말？ 그래！ 좋아．", []string{"정말？", "그래！", "좋아．"}},
		{"surrounding spaces", "  앞뒤 공백.   ", []string{"앞뒤 공백."}},
		{"ideographic space", "첫째다.　둘째다.", []string{"첫째다.", "둘째다."}},
		{"url", "자세한 내용은 www.example.co.kr 참고. 끝.", []string{"자세한 내용은 www.example.co.kr 참고.", "끝."}},
		{"repeated marks", "진짜?! 대박!!! 그래.", []string{"진짜?!", "대박!!!", "그래."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spans := Sentences(tt.text)
			checkSpans(t, tt.text, spans)
			var got []string
			for _, s := range spans {
				got = append(got, tt.text[s.Start:s.End])
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Sentences(%q)\n got %q\nwant %q", tt.text, got, tt.want)
			}
		})
	}
}

// checkSpans asserts the contract of Sentences: spans in range, ordered,
// non-overlapping, trimmed, on rune boundaries of valid text, and covering
// every non-space rune.
func checkSpans(t *testing.T, text string, spans []Span) {
	t.Helper()
	valid := utf8.ValidString(text)
	prev := 0
	for i, s := range spans {
		if s.Start < prev || s.End <= s.Start || s.End > len(text) {
			t.Fatalf("span %d %+v out of order or range (prev end %d, len %d)", i, s, prev, len(text))
		}
		if valid && (!utf8.RuneStart(text[s.Start]) || (s.End < len(text) && !utf8.RuneStart(text[s.End]))) {
			t.Fatalf("span %d %+v not on rune boundaries", i, s)
		}
		first, _ := utf8.DecodeRuneInString(text[s.Start:])
		last, _ := utf8.DecodeLastRuneInString(text[s.Start:s.End])
		if unicode.IsSpace(first) || unicode.IsSpace(last) {
			t.Fatalf("span %d %q has surrounding space", i, text[s.Start:s.End])
		}
		assertSpace(t, text, prev, s.Start)
		prev = s.End
	}
	assertSpace(t, text, prev, len(text))
}

func assertSpace(t *testing.T, text string, from, to int) {
	t.Helper()
	for i := from; i < to; {
		r, n := utf8.DecodeRuneInString(text[i:to])
		if !unicode.IsSpace(r) {
			t.Fatalf("non-space %q at %d outside every span", r, i)
		}
		i += n
	}
}
