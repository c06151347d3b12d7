package i18n

import (
	"errors"
	"fmt"
	"testing"
)

func TestParseAndDetect(t *testing.T) {
	cases := []struct {
		in   string
		want Lang
		ok   bool
	}{{"ko", Ko, true}, {"ko_KR.UTF-8", Ko, true}, {"en-US", En, true}, {"C", En, true}, {"fr_FR", "", false}, {"", "", false}}
	for _, c := range cases {
		got, ok := Parse(c.in)
		if got != c.want || ok != c.ok {
			t.Errorf("Parse(%q) = %q,%v; want %q,%v", c.in, got, ok, c.want, c.ok)
		}
	}
	env := map[string]string{"LANG": "ko_KR.UTF-8"}
	if got := Detect(func(k string) string { return env[k] }); got != Ko {
		t.Errorf("Detect with LANG=ko_KR: %q", got)
	}
	env["SEOGO_LANG"] = "en"
	if got := Detect(func(k string) string { return env[k] }); got != En {
		t.Errorf("SEOGO_LANG must win over LANG: %q", got)
	}
	if got := Detect(func(string) string { return "" }); got != En {
		t.Errorf("default: %q", got)
	}
}

func TestErrorBothLanguages(t *testing.T) {
	cause := errors.New("disk full")
	e := Errorf("%s 저장 실패: %w", "saving %s failed: %w", "문서", cause)
	if e.Error() != "saving 문서 failed: disk full" {
		t.Errorf("English: %q", e.Error())
	}
	if got := Localize(e, Ko); got != "문서 저장 실패: disk full" {
		t.Errorf("Korean: %q", got)
	}
	if !errors.Is(e, cause) {
		t.Error("cause must be reachable with errors.Is")
	}
	wrapped := fmt.Errorf("ingest: %w", e)
	if got := Localize(wrapped, En); got != "ingest: saving 문서 failed: disk full" {
		t.Errorf("wrapped English: %q", got)
	}
	inner := Errorf("안쪽", "inner")
	outer := Errorf("바깥: %v", "outer: %v", inner)
	if got := Localize(outer, Ko); got != "바깥: 안쪽" {
		t.Errorf("nested Korean: %q", got)
	}
}

func TestTranslationMayDropTrailingCause(t *testing.T) {
	e := Errorf("컬렉션 %q 가 이미 있습니다", "collection %q already exists: %w", "문서", errors.New("already exists"))
	if got := Localize(e, Ko); got != `컬렉션 "문서" 가 이미 있습니다` {
		t.Errorf("Korean: %q", got)
	}
	if got := Localize(e, En); got != `collection "문서" already exists: already exists` {
		t.Errorf("English: %q", got)
	}
}
