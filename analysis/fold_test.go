package analysis

import (
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	tests := []struct {
		name, text, want string
		same             bool // fold returns text itself, no copy
	}{
		{"folded Korean", "서울에서 3.14", "서울에서 3.14", true},
		{"folded punctuation and Hanja", "서고(書庫)·「책」", "서고(書庫)·「책」", true},
		{"folded accented Latin", "café", "café", true},
		{"capitals", "RAG 기술", "rag 기술", false},
		{"capitals beyond ASCII", "ÜBER", "über", false},
		{"full width", "ＡＢＣ１２３", "abc123", false},
		{"NFD Hangul", norm.NFD.String("한국어"), "한국어", false},
		{"syllable and trailing jamo compose", "가\u11a8", "각", false},
		{"compatibility", "①㎞", "1km", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fold(tt.text)
			if got != tt.want {
				t.Errorf("fold(%q) = %q, want %q", tt.text, got, tt.want)
			}
			if same := unsafe.StringData(got) == unsafe.StringData(tt.text); same != tt.same {
				t.Errorf("fold(%q) returned its argument: %v, want %v", tt.text, same, tt.same)
			}
		})
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"서울에서", "ＡＢＣ", "가\u11a8", "Café", "ΣΑΣ", "İ", "①", "e\u0301"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return // strings.ToLower rewrites invalid bytes, fold keeps them
		}
		if got, want := fold(s), strings.ToLower(norm.NFKC.String(s)); got != want {
			t.Errorf("fold(%q) = %q, want %q", s, got, want)
		}
	})
}
