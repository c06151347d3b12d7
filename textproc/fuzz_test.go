package textproc

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func FuzzNormalize(f *testing.F) {
	f.Add([]byte("안녕하세요.\r\n서고입니다."))
	f.Add([]byte(norm.NFD.String("한글 파일명")))
	f.Add(eucKR(f, "서울은 대한민국의 수도이다."))
	f.Add(utf16Bytes("한국어", false))
	f.Add(utf16Bytes("한국어", true))
	f.Add([]byte("abc\xff\x00\x01\u2028\ufeff가\u11a8"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		text, info := Normalize(raw)
		if !utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8 output %q", text)
		}
		if !norm.NFC.IsNormalString(text) {
			t.Fatalf("output not NFC: %q", text)
		}
		for i := 0; i < len(text); i++ {
			if c := text[i]; (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f {
				t.Fatalf("control byte %#x at %d in %q", c, i, text)
			}
		}
		if strings.ContainsRune(text, '\ufeff') {
			t.Fatalf("BOM left in %q", text)
		}
		if info.Invalid < 0 || info.Encoding == "" {
			t.Fatalf("bad info %+v", info)
		}
		if again := NormalizeString(text); again != text {
			t.Fatalf("not idempotent: %q -> %q", text, again)
		}
		s, _ := sanitize(string(raw), utf8.ValidString(string(raw)))
		if got, want := NormalizeString(string(raw)), norm.NFC.String(s); got != want {
			t.Fatalf("stretch-wise NFC %q differs from norm.NFC %q", got, want)
		}
		_ = LooksBinary(raw)
	})
}

func FuzzSentences(f *testing.F) {
	f.Add("오늘은 날씨가 좋다. 내일은 비가 올까?")
	f.Add("Mr. Kim met Dr. Lee at 3 p.m. yesterday. They talked.")
	f.Add("시행일은 2020. 3. 1. 부터이다.\n\n- 목록\n1) 항목")
	f.Add(`그는 "좋다." 라고 말했다... 그래！`)
	f.Add("a.\n.\n\xff. \u3000")
	f.Fuzz(func(t *testing.T, text string) {
		checkSpans(t, text, Sentences(text))
		norm := NormalizeString(text)
		checkSpans(t, norm, Sentences(norm))
	})
}
