package guard

import (
	"context"
	"errors"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestBannedTermsFind(t *testing.T) {
	b, err := LoadBannedTerms(strings.NewReader("# 금칙어\n바보 멍청이\nCompetitorCo\nass\n\n경쟁사\n"))
	if err != nil || b.Len() != 4 {
		t.Fatalf("%v %d", err, b.Len())
	}
	tests := []struct {
		text string
		want []string
	}{
		{"그건 바보멍청이 같은 말이다", []string{"바보멍청이"}},
		{"그건 바보 멍청이 같은 말이다", []string{"바보 멍청이"}},
		{"바 보 멍 청 이", []string{"바 보 멍 청 이"}},
		{norm.NFD.String("경쟁사 제품"), []string{norm.NFD.String("경쟁사")}},
		{"ｃｏｍｐｅｔｉｔｏｒｃｏ is worse", []string{"ｃｏｍｐｅｔｉｔｏｒｃｏ"}},
		{"Try COMPETITORCO.", []string{"COMPETITORCO"}},
		{"경\u200b쟁사", []string{"경\u200b쟁사"}},
		{"first class pass", nil}, // whole words only for Latin terms
		{"kick ass", []string{"ass"}},
		{"바보", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, f := range b.Find(tt.text) {
			if f.Entity != EntityBanned || tt.text[f.Start:f.End] != f.Text {
				t.Errorf("bad finding %+v", f)
			}
			got = append(got, f.Text)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	var zero BannedTerms
	if zero.Find("바보 멍청이") != nil || (*BannedTerms)(nil).Len() != 0 {
		t.Error("zero value found something")
	}
}

func TestBannedTermsInCheck(t *testing.T) {
	ctx := context.Background()
	p := PIPA()
	p.Banned = []string{"경쟁사", "damn"}
	g := mustGuard(t, p)
	res, err := g.Check(ctx, StageAnswer, "경쟁사 제품보다 낫습니다. Damn good. 주민번호 900101-1234568", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Text != "*** 제품보다 낫습니다. **** good. 주민번호 900101-1******" {
		t.Errorf("masked: %q", res.Text)
	}
	if !strings.Contains(res.Summary.Ko, "금칙어 2건") {
		t.Errorf("summary %+v", res.Summary)
	}
	// questions may quote banned terms
	if res, _ := g.Check(ctx, StageQuery, "경쟁사 제품과 비교하면?", nil); len(res.Findings) != 0 {
		t.Errorf("query stage: %+v", res.Findings)
	}
	p.BannedAction = ActionBlock
	g = mustGuard(t, p)
	if res, err := g.Check(ctx, StageAnswer, "경쟁사 얘기", nil); !errors.Is(err, ErrBlocked) || !res.Blocked || res.Text != "" {
		t.Errorf("block: %+v %v", res, err)
	}
	p.BannedAction = ActionHash
	if _, err := New(p); err == nil || !strings.Contains(err.Error(), "banned_action") {
		t.Errorf("banned_action hash accepted: %v", err)
	}
}
