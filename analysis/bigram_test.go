package analysis

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestBigram(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"spaces only", " \t\n ", nil},
		{"punctuation only", "!?,.…·「」『』()[]{}—–“”‘’※", nil},
		{"particles kept", "서울에서", []string{"서울", "울에", "에서"}},
		{"runs split at spaces", "학교에 갔다", []string{"학교", "교에", "갔다"}},
		{"single syllable", "책", []string{"책"}},
		{"single syllables", "책 한 권", []string{"책", "한", "권"}},
		{"punctuation splits runs", "서울·부산, 대구.", []string{"서울", "부산", "대구"}},
		{"mixed Hangul Latin digits", "LG전자는 2024년 5G 서비스를",
			[]string{"lg", "g전", "전자", "자는", "2024", "4년", "년", "5g", "서비", "비스", "스를"}},
		{"digits then Hangul", "1989년", []string{"1989", "9년", "년"}},
		{"Hangul then digits", "제3조", []string{"제", "제3", "3", "3조", "조"}},
		{"month and day differ", "3월 3일", []string{"3", "3월", "월", "3", "3일", "일"}},
		{"full-width Latin and digits", "ＡＢＣ１２３", []string{"abc123"}},
		{"half-width katakana", "ｶﾀｶﾅ", []string{"カタ", "タカ", "カナ"}},
		{"compatibility forms", "① ㎞ ﬁle", []string{"1", "km", "file"}},
		{"lowercase", "Hello, World! RAG", []string{"hello", "world", "rag"}},
		{"English stop-words kept", "the state of the art", []string{"the", "state", "of", "the", "art"}},
		{"accented Latin", "Café Über", []string{"café", "über"}},
		{"letters and digits", "covid19 COVID-19", []string{"covid19", "covid", "19"}},
		{"decimal point", "3.14와 2.5배", []string{"3.14", "4와", "와", "2.5", "5배", "배"}},
		{"number ends sentence", "값은 3.14.", []string{"값은", "3.14"}},
		{"thousands separators", "1,000원 12,345,678", []string{"1000", "0원", "원", "12345678"}},
		{"not thousands", "1,2,3 12,3456", []string{"1", "2", "3", "12", "3456"}},
		{"dotted date splits", "2024.05.01.", []string{"2024", "05", "01"}},
		{"version splits", "v1.2.3", []string{"v1", "2", "3"}},
		{"Hanja", "大韓民國", []string{"大韓", "韓民", "民國"}},
		{"Hanja then Hangul: no seam", "大韓民國의 憲法", []string{"大韓", "韓民", "民國", "의", "憲法"}},
		{"Hanja in parentheses", "서고(書庫)", []string{"서고", "書庫"}},
		{"Kana", "カタカナ ひらがな", []string{"カタ", "タカ", "カナ", "ひら", "らが", "がな"}},
		{"invalid UTF-8 separates", "서울\xff부산", []string{"서울", "부산"}},
		{"long word truncated", strings.Repeat("a", 100), []string{strings.Repeat("a", 64)}},
		{"truncated at rune boundary", "a" + strings.Repeat("é", 40), []string{"a" + strings.Repeat("é", 31)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Bigram{}).Analyze(tt.text); !slices.Equal(got, tt.want) {
				t.Errorf("Analyze(%q)\n got  %q\n want %q", tt.text, got, tt.want)
			}
		})
	}
}

// NFD text (macOS file names, some PDFs) must index exactly like NFC text.
func TestNFDMatchesNFC(t *testing.T) {
	texts := []string{
		"서울에서 학교에 갔습니다",
		"LG전자는 2024년 5G 서비스를",
		"국립중앙도서관의 Café와 大韓民國",
		benchParagraph,
	}
	for _, a := range []Analyzer{Bigram{}, Morph{}, Combined{}} {
		for _, text := range texts {
			nfd := norm.NFD.String(text)
			if nfd == text {
				t.Fatalf("test text %q has no decomposition", text)
			}
			if got, want := a.Analyze(nfd), a.Analyze(text); !slices.Equal(got, want) {
				t.Errorf("%s: NFD %q\n got  %q\n want %q", a.Name(), text, got, want)
			}
		}
	}
}
