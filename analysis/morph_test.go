package analysis

import (
	"slices"
	"strconv"
	"sync"
	"testing"
)

// The expected morphemes are what kagome v2.10.3 with kagome-dict-ko v0.2.1
// (mecab-ko-dic 2.1.1) produces; the comments give its analysis.
func TestMorph(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"punctuation only", "…!?", nil},
		// 서울/NNP 에서/JKB 학교/NNG 에/JKB 갔/VV+EP(가/VV+았/EP) 습니다/EF
		{"particles and endings dropped, stem kept", "서울에서 학교에 갔습니다", []string{"서울", "학교", "가"}},
		// 대한민국/NNP(Compound 대한+민국) 의/JKG 수도/NNG 는/JX 서울/NNP 이/VCP 다/EF ./SF
		{"compound noun kept whole", "대한민국의 수도는 서울이다.", []string{"대한민국", "수도", "서울"}},
		// 아름다운/VA+ETM(아름답/VA+ᆫ/ETM) 꽃/NNG 이/JKS 피/VV 었/EP 다/EC
		{"irregular adjective to its stem", "아름다운 꽃이 피었다", []string{"아름답", "꽃", "피"}},
		// 먹/VV 을/ETM 수/NNG 있/VA 는/ETM 것/NNB
		{"bound noun dropped", "먹을 수 있는 것", []string{"먹", "수", "있"}},
		// 그/NP 는/JX 빨리/MAG 달렸/VV+EP(달리/VV+었/EP) 다/EC
		{"pronoun dropped, adverb kept", "그는 빨리 달렸다", []string{"빨리", "달리"}},
		// 데이터베이스/NNG 를/JKO 공부/NNG 했어요/XSV+EP+EC
		{"verb suffix dropped", "데이터베이스를 공부했어요", []string{"데이터베이스", "공부"}},
		// Latin and digits as Bigram; 년/NNBC kept
		{"mixed Hangul Latin digits", "LG전자는 2024년 5G 서비스를",
			[]string{"lg", "g전", "전자", "2024", "4년", "년", "5g", "서비스"}},
		// Hanja as Bigram
		{"Hanja as bigrams", "書庫", []string{"書庫"}},
		{"full width", "ＡＢＣ１２３", []string{"abc123"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, a := range []Analyzer{Morph{}, mustNew(t, "morph")} {
				if got := a.Analyze(tt.text); !slices.Equal(got, tt.want) {
					t.Errorf("Analyze(%q)\n got  %q\n want %q", tt.text, got, tt.want)
				}
			}
		})
	}
}

// Whatever the sentence, function morphemes never become tokens.
func TestMorphDropsFunctionMorphemes(t *testing.T) {
	function := []string{"에서", "에", "는", "은", "이", "가", "를", "을", "의", "습니다", "었", "았", "다", "것"}
	text := "서울에서는 학생이 책을 읽었다. 그것은 도서관의 것입니다."
	got := Morph{}.Analyze(text)
	for _, tok := range got {
		if slices.Contains(function, tok) {
			t.Errorf("Analyze(%q) = %q: has function morpheme %q", text, got, tok)
		}
	}
}

func TestCombined(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"empty", "", nil},
		{"morphemes then bigrams", "서울에서", []string{"m:서울", "서울", "울에", "에서"}},
		{"stem", "갔다", []string{"m:가", "갔다"}},
		{"Latin and digits once", "LG전자 2024년",
			[]string{"lg", "g전", "m:전자", "전자", "2024", "4년", "m:년", "년"}},
		{"Hanja once", "書庫", []string{"書庫"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, a := range []Analyzer{Combined{}, mustNew(t, "combined")} {
				if got := a.Analyze(tt.text); !slices.Equal(got, tt.want) {
					t.Errorf("Analyze(%q)\n got  %q\n want %q", tt.text, got, tt.want)
				}
			}
		})
	}
}

// The cache must change speed only; run under -race it also checks that
// analyzers are safe for concurrent use.
func TestMorphCacheConcurrent(t *testing.T) {
	texts := []string{benchParagraph, benchQuery, "서울에서 학교에 갔습니다", "LG전자는 2024년 5G 서비스를"}
	for _, name := range []string{"morph", "combined"} {
		uncached := map[string]Analyzer{"morph": Morph{}, "combined": Combined{}}[name]
		cached := mustNew(t, name)
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				for range 5 {
					for _, text := range texts {
						if got, want := cached.Analyze(text), uncached.Analyze(text); !slices.Equal(got, want) {
							t.Errorf("%s cached Analyze(%q)\n got  %q\n want %q", name, text, got, want)
						}
					}
				}
			})
		}
		wg.Wait()
	}
}

func TestMorphCacheBounded(t *testing.T) {
	c := newMorphCache()
	for i := range morphCacheSize {
		c.m[strconv.Itoa(i)] = nil
	}
	if got := c.morphemes("서울에서", 0); !slices.Equal(got, []string{"서울"}) {
		t.Errorf("morphemes(서울에서) = %q", got)
	}
	if len(c.m) != 1 {
		t.Errorf("full cache holds %d entries after an insert, want 1 (it starts over)", len(c.m))
	}
}

func mustNew(t *testing.T, name string) Analyzer {
	t.Helper()
	a, err := New(name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
