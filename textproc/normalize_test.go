package textproc

import (
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/unicode/norm"
)

func eucKR(t testing.TB, s string) []byte {
	t.Helper()
	b, err := korean.EUCKR.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q as EUC-KR: %v", s, err)
	}
	return b
}

func utf16Bytes(s string, bigEndian bool) []byte {
	b := []byte{0xff, 0xfe}
	if bigEndian {
		b = []byte{0xfe, 0xff}
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return b
}

func TestNormalize(t *testing.T) {
	longKorean := strings.Repeat("서울은 대한민국의 수도이며 인구가 가장 많은 도시이다. ", 3)
	tests := []struct {
		name     string
		raw      []byte
		want     string
		encoding string
		invalid  int
		nfd      bool
	}{
		{"ascii", []byte("hello world\n"), "hello world\n", "utf-8", 0, false},
		{"korean utf-8", []byte("안녕하세요, 서고입니다.\n"), "안녕하세요, 서고입니다.\n", "utf-8", 0, false},
		{"utf-8 bom", append([]byte{0xef, 0xbb, 0xbf}, "한국어 문서"...), "한국어 문서", "utf-8-bom", 0, false},
		{"utf-16le bom crlf", utf16Bytes("한국어\r\n두번째 줄", false), "한국어\n두번째 줄", "utf-16le", 0, false},
		{"utf-16be bom", utf16Bytes("배송 상태 확인 😀", true), "배송 상태 확인 😀", "utf-16be", 0, false},
		{"utf-16le lone surrogate", append(utf16Bytes("가", false), 0x00, 0xd8, 'A', 0), "가\uFFFDA", "utf-16le", 2, false},
		{"utf-16le odd byte", append(utf16Bytes("가", false), 'x'), "가\uFFFD", "utf-16le", 1, false},
		{"euc-kr", eucKR(t, "서울은 대한민국의 수도이다.\r\n"), "서울은 대한민국의 수도이다.\n", "euc-kr", 0, false},
		{"cp949 extension syllables", eucKR(t, "똠방각하 뷁 햏"), "똠방각하 뷁 햏", "euc-kr", 0, false},
		{"euc-kr with one bad byte", append(eucKR(t, longKorean), 0xff), longKorean + "\uFFFD", "euc-kr", 1, false},
		{"nfd hangul", []byte(norm.NFD.String("한글 파일명.txt")), "한글 파일명.txt", "utf-8", 0, true},
		{"nfd after inert syllable", []byte("가" + "\u11a8" + "다"), "각다", "utf-8", 0, true},
		{"combining accent", []byte("cafe\u0301 카페"), "café 카페", "utf-8", 0, true},
		{"crlf and lone cr", []byte("하나\r\n둘\r셋\n"), "하나\n둘\n셋\n", "utf-8", 0, false},
		{"controls", []byte("가\x00나\x01다\t라\x7f마\f바\v사"), "가나다\t라마\n바\n사", "utf-8", 0, false},
		{"line separators and stray bom", []byte("가\u2028나\u2029다\ufeff라"), "가\n나\n다라", "utf-8", 0, false},
		{"invalid bytes latin", []byte("abc\xff\xfedef"), "abc\uFFFDdef", "utf-8", 2, false},
		{"latin-1 stays utf-8", []byte("caf\xe9 au lait"), "caf\uFFFD au lait", "utf-8", 1, false},
		{"damaged utf-8 korean", []byte("가나다\xff라마바사아자차카타파하"), "가나다\uFFFD라마바사아자차카타파하", "utf-8", 1, false},
		{"truncated utf-8 at end", []byte("한국\xec\x96"), "한국\uFFFD", "utf-8", 2, false},
		{"empty", nil, "", "utf-8", 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, info := Normalize(tt.raw)
			if got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
			if info.Encoding != tt.encoding || info.Invalid != tt.invalid || info.NFDFixed != tt.nfd {
				t.Errorf("info = %+v, want encoding %q invalid %d nfd %v", info, tt.encoding, tt.invalid, tt.nfd)
			}
		})
	}
}

func TestNormalizeString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"clean query", "배송 상태 확인", "배송 상태 확인"},
		{"nfd query", norm.NFD.String("배송 상태를 어떻게 확인하죠?"), "배송 상태를 어떻게 확인하죠?"},
		{"invalid utf-8", "검색\xff\xfe어", "검색\uFFFD어"},
		{"crlf and controls", "질문\r\n\x00둘째\x1b줄", "질문\n둘째줄"},
		{"leading bom", "\ufeff제목", "제목"},
		{"mixed latin digits", "GPT-4o 모델의 1.5배 속도", "GPT-4o 모델의 1.5배 속도"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeString(tt.in); got != tt.want {
				t.Errorf("NormalizeString(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestLooksBinary(t *testing.T) {
	random := make([]byte, 4096)
	for i := range random {
		random[i] = byte(i*131 + i/7)
	}
	tests := []struct {
		name   string
		sample []byte
		want   bool
	}{
		{"empty", nil, false},
		{"ascii", []byte("plain text\nwith lines\r\n"), false},
		{"korean utf-8", []byte("한국어 문서입니다. 조사와 어미가 있습니다."), false},
		{"euc-kr", eucKR(t, "한국어 문서입니다. 완성형 인코딩입니다."), false},
		{"utf-16le bom", utf16Bytes("ASCII heavy text has NUL bytes", false), false},
		{"utf-16be bom", utf16Bytes("한글과 ASCII", true), false},
		{"log with ansi colours", []byte("\x1b[31mERROR\x1b[0m 연결 실패\n"), false},
		{"nul byte", []byte("text\x00more"), true},
		{"png", []byte("\x89PNG\r\n\x1a\n rest"), true},
		{"pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), true},
		{"hwp ole", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"), true},
		{"many controls", []byte("a\x01b\x02c\x03d\x04e\x05f\x06"), true},
		{"random bytes", random, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LooksBinary(tt.sample); got != tt.want {
				t.Errorf("LooksBinary = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestToNFCMatchesNorm checks the stretch-wise composition against norm.NFC
// on texts that mix inert and composing runes at stretch edges.
func TestToNFCMatchesNorm(t *testing.T) {
	inputs := []string{
		"",
		"abc",
		norm.NFD.String("한국어 NFD 텍스트와 café"),
		"가\u11a8\u11a8",
		"\u1100\u1161\u11a8가",
		"e\u0301\u0323x",
		"ㄱ\u1161",
		strings.Repeat("\u0301", 40) + "가",
		"A\u030a\u0301\u0300\u0327B",
	}
	for _, in := range inputs {
		got, changed := toNFC(in)
		want := norm.NFC.String(in)
		if got != want || changed != (in != want) {
			t.Errorf("toNFC(%q) = %q, %v; want %q", in, got, changed, want)
		}
	}
}

// TestNormalizeLongLine guards against quadratic work on one huge line that
// mixes every kind of repair.
func TestNormalizeLongLine(t *testing.T) {
	unit := "한국어 문장입니다\r" + norm.NFD.String("한글") + "\x00abc\xff " + "1.5배. "
	raw := []byte(strings.Repeat(unit, (8<<20)/len(unit)))
	text, info := Normalize(raw)
	if !norm.NFC.IsNormalString(text) || !info.NFDFixed || info.Invalid == 0 {
		t.Fatalf("info = %+v, NFC = %v", info, norm.NFC.IsNormalString(text))
	}
	if spans := Sentences(text); len(spans) == 0 {
		t.Fatal("no sentences")
	}
}

func TestToNFCStretchStart(t *testing.T) {
	for _, in := range []string{"\u212b\u1100\u1161", "\u0301\u1100\u1161\u11a8", "\u1161\u11a8", "\u11a8가\u11a8"} {
		if got, want := NormalizeString(in), norm.NFC.String(in); got != want {
			t.Errorf("NormalizeString(%q) = %q, want %q", in, got, want)
		}
	}
}
