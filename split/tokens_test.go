package split

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEstimateTokens(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want int
	}{
		{"empty", "", 0},
		{"whitespace", "  \n\t\r\u3000", 0},
		{"hangul syllables", "안녕하세요", 5},
		{"short word", "a", 1},
		{"four letters", "abcd", 1},
		{"five letters", "hello", 2},
		{"three digits", "123", 1},
		{"four digits", "1234", 2},
		{"five digits", "12345", 2},
		{"punctuation", "Hello, world!", 6},                 // 2 + 1 + 2 + 1
		{"mixed", "GPT-4는 2023년에 나왔다.", 12},                 // GPT 1, - 1, 4 1, 는 1, 2023 2, 년에 2, 나왔다 3, . 1
		{"letters then digits", "abc123def", 3},             // three runs
		{"NFD hangul counts jamo", "\u1112\u1161\u11ab", 3}, // 한
		{"NFC accent", "café", 1},
		{"NFD accent continues the run", "cafe\u0301", 1},
		{"lone combining mark", "\u0301", 1},
		{"han and kana", "漢字かな", 4},
		{"cyrillic word", "Привет", 2},
		{"emoji", "😀", 1},
		{"invalid bytes", "\xff\xfe", 2},
		{"sentence", "서울시 인구는 2024년 기준 9,386,034명이다.", 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EstimateTokens(tt.in); got != tt.want {
				t.Errorf("EstimateTokens(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestEstimateTokensAllocationFree(t *testing.T) {
	s := strings.Repeat("한국어 text 123, ", 100)
	if n := testing.AllocsPerRun(100, func() { EstimateTokens(s) }); n != 0 {
		t.Errorf("EstimateTokens allocates %v times per call", n)
	}
}

// The splitter adds up the estimates of whitespace-separated words and cuts
// long words one rune at a time; both rely on these two properties.
func TestEstimatorAdditiveAndMonotone(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		a, b := randomText(rng, 30), randomText(rng, 30)
		if got, want := EstimateTokens(a+" "+b), EstimateTokens(a)+EstimateTokens(b); got != want {
			t.Fatalf("not additive over a space: %q + %q: %d != %d", a, b, got, want)
		}
		var e estimator
		prev := 0
		for i := 0; i < len(a); {
			r, size := utf8.DecodeRuneInString(a[i:])
			i += size
			e.addClass(classOf(r))
			n := e.tokens()
			if n < prev {
				t.Fatalf("estimate decreased at byte %d of %q", i, a)
			}
			if want := EstimateTokens(a[:i]); n != want {
				t.Fatalf("incremental %d != EstimateTokens %d for %q", n, want, a[:i])
			}
			prev = n
		}
	}
}
