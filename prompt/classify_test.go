package prompt

import (
	"strings"
	"testing"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/llm"
)

func TestClassify(t *testing.T) {
	ex := []Example{{Input: "택배가 안 와요", Label: "배송"}, {Input: "돈 돌려주세요", Output: "환불"}, {Input: "", Label: "x"}}
	msgs := Classify("카드 결제가 안 돼요", []string{"배송", "환불", "결제"}, ex, i18n.Ko)
	if len(msgs) != 6 {
		t.Fatalf("%d messages: %v", len(msgs), msgs)
	}
	sys := msgs[0]
	if sys.Role != llm.RoleSystem || !strings.Contains(sys.Content, "정확히 하나") || !strings.Contains(sys.Content, "- 배송\n- 환불\n- 결제\n") {
		t.Errorf("system: %q", sys.Content)
	}
	want := []llm.Message{{Role: "user", Content: "택배가 안 와요"}, {Role: "assistant", Content: "배송"},
		{Role: "user", Content: "돈 돌려주세요"}, {Role: "assistant", Content: "환불"}, {Role: "user", Content: "카드 결제가 안 돼요"}}
	for i, m := range want {
		if msgs[i+1] != m {
			t.Errorf("message %d = %v, want %v", i+1, msgs[i+1], m)
		}
	}
	en := Classify("refund please", []string{"spam", "ham"}, nil, i18n.En)
	if len(en) != 2 || !strings.Contains(en[0].Content, "exactly one of the labels") {
		t.Errorf("zero-shot English: %v", en)
	}
}

func TestParseLabel(t *testing.T) {
	labels := []string{"Positive", "Negative", "불만", "불만 아님", "배송 문의"}
	for _, tc := range []struct {
		reply, want string
		ok          bool
	}{
		{"Positive", "Positive", true},
		{"  positive.  ", "Positive", true},
		{"**NEGATIVE**", "Negative", true},
		{`"negative"`, "Negative", true},
		{"Label: Negative", "Negative", true},
		{"불만", "불만", true},
		{"불만입니다.", "불만", true},
		{"불만 아님", "불만 아님", true},
		{"불만아님입니다", "불만 아님", true}, // "불만" inside "불만 아님" does not count
		{"분류: 배송문의", "배송 문의", true},
		{"배송 문의\n고객이 배송 일정을 묻고 있어 불만은 아닙니다.", "배송 문의", true},      // first line decides
		{"Positive, though parts are negative", "Positive", true}, // ambiguous, but it starts with a label
		{"It is either positive or negative.", "", false},
		{"spam", "", false},
		{"", "", false},
		{"...", "", false},
		{"\u1106\u1161\u11AB", "", false}, // decomposed 만 alone matches nothing
	} {
		got, ok := ParseLabel(tc.reply, labels)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ParseLabel(%q) = %q, %v; want %q, %v", tc.reply, got, ok, tc.want, tc.ok)
		}
	}
	// Decomposed Hangul (NFD) matches its composed label.
	if got, ok := ParseLabel("\u1107\u116E\u11AF\u1106\u1161\u11AB", labels); !ok || got != "불만" {
		t.Errorf("NFD reply: %q %v", got, ok)
	}
	if _, ok := ParseLabel("anything", nil); ok {
		t.Error("no labels must not match")
	}
}
