package rag

import "testing"

func TestPromptSource(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/home/kim.cs/.seogo/uploads/default/환불 규정.md", "환불 규정.md"},
		{`C:\Users\김철수\문서\인사규정.hwp`, "인사규정.hwp"},
		{"docs/규정/휴가.docx", "휴가.docx"},
		{"보고서.pdf", "보고서.pdf"},
		{"https://www.law.go.kr/법령/개인정보보호법?token=abc#제23조", "https://www.law.go.kr/법령/개인정보보호법"},
		{"http://intranet/wiki/page", "http://intranet/wiki/page"},
		{"/data/a://b/c.txt", "c.txt"}, // "://" inside a path is not a URL
		{"/srv/docs/", "/srv/docs/"},   // no name to keep
		{"", ""},
	} {
		if got := promptSource(tc.in); got != tc.want {
			t.Errorf("promptSource(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
