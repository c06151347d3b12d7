package prompt

import (
	"strings"
	"testing"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/llm"
)

func TestRewriteHeuristic(t *testing.T) {
	koHistory := []llm.Message{
		{Role: "user", Content: "배송 상태를 어떻게 확인할 수 있죠?"},
		{Role: "assistant", Content: "마이페이지에서 확인할 수 있습니다 [1]."},
	}
	enHistory := []llm.Message{
		{Role: "user", Content: "How do I reset the router password?"},
		{Role: "assistant", Content: "Hold the reset button for 10 seconds [1]."},
	}
	for _, tc := range []struct {
		name    string
		history []llm.Message
		in      string
		want    string
	}{
		{"pronoun", koHistory, "그거 얼마나 걸려요?", "배송 상태 확인 그거 얼마나 걸려요?"},
		{"short", koHistory, "환불은요?", "배송 상태 확인 환불은요?"},
		{"opener", koHistory, "그럼 해외 주문도 같은 방법인가요?", "배송 상태 확인 그럼 해외 주문도 같은 방법인가요?"},
		{"determiner", koHistory, "그 페이지는 앱에도 있나요?", "배송 상태 확인 그 페이지는 앱에도 있나요?"},
		{"place", koHistory, "거기서 주소도 바꿀 수 있나요?", "배송 상태 확인 거기서 주소도 바꿀 수 있나요?"},
		{"shared noun not repeated", koHistory, "배송 기간은?", "상태 확인 배송 기간은?"},
		{"standalone ko", koHistory, "회원 탈퇴는 어떻게 하나요?", "회원 탈퇴는 어떻게 하나요?"},
		{"en pronoun", enHistory, "Where is it located on the device?", "reset router password Where is it located on the device?"},
		{"en what about", enHistory, "What about the admin account?", "reset router password What about the admin account?"},
		{"en short", enHistory, "And Wi-Fi?", "reset router password And Wi-Fi?"},
		{"en standalone", enHistory, "How do I update the firmware version?", "How do I update the firmware version?"},
		{"no history", nil, "그거 얼마나 걸려요?", "그거 얼마나 걸려요?"},
		{"only assistant", koHistory[1:], "그거요?", "그거요?"},
		{"empty", koHistory, "", ""},
	} {
		if got := RewriteHeuristic(tc.history, tc.in); got != tc.want {
			t.Errorf("%s: RewriteHeuristic(%q) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestContentWord(t *testing.T) {
	for in, want := range map[string]string{
		"상태를": "상태", "확인할": "확인", "설정하려면": "설정", "변경됩니다": "변경", "있죠": "", "어떻게": "",
		"페이지에서": "페이지", "필요": "필요", "화면은": "화면", "서울에서": "서울", "API는": "API", "the": "", "router": "router",
	} {
		if got := contentWord(in); got != want {
			t.Errorf("contentWord(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRewrite(t *testing.T) {
	history := []llm.Message{{Role: "system", Content: "sys"}}
	for i := range 10 {
		history = append(history, llm.Message{Role: "user", Content: strings.Repeat("가", 700) + string(rune('A'+i))},
			llm.Message{Role: "assistant", Content: "답변 " + string(rune('A'+i))})
	}
	msgs := Rewrite(history, "그건 얼마예요?", i18n.Ko)
	if len(msgs) != 2 || msgs[0].Role != llm.RoleSystem || msgs[1].Role != llm.RoleUser {
		t.Fatalf("messages: %v", msgs)
	}
	u := msgs[1].Content
	if !strings.HasSuffix(u, "후속 질문: 그건 얼마예요?\n독립 질의:") || !strings.Contains(u, "어시스턴트: 답변 J") ||
		strings.Contains(u, "답변 F") || strings.Contains(u, "sys") || !strings.Contains(u, "…\n") {
		t.Errorf("user message:\n%s", u)
	}
	if strings.Index(u, "답변 H") > strings.Index(u, "답변 J") {
		t.Error("turns out of order")
	}
	en := Rewrite(nil, "And it?", i18n.En)
	if !strings.Contains(en[0].Content, "standalone search query") || !strings.HasSuffix(en[1].Content, "Follow-up question: And it?\nStandalone query:") {
		t.Errorf("English: %v", en)
	}
}
