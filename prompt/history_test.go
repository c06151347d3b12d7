package prompt

import (
	"slices"
	"strings"
	"testing"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/llm"
)

func TestReadHistory(t *testing.T) {
	want := []llm.Message{
		{Role: "system", Content: "간결하게 답하세요."},
		{Role: "user", Content: "배송 상태를 어떻게 확인하나요?"},
		{Role: "assistant", Content: "마이페이지에서 확인합니다.\n\n주문 내역을 누르세요."},
	}
	for _, tc := range []struct{ name, content string }{
		{"h.json", `[{"role":"system","content":"간결하게 답하세요."},{"role":"User","content":"배송 상태를 어떻게 확인하나요?"},{"role":"assistant","content":"마이페이지에서 확인합니다.\n\n주문 내역을 누르세요.","name":"bot"}]`},
		{"h.json", `{"model":"gpt-4o","messages":[{"role":"system","content":"간결하게 답하세요."},{"role":"user","content":"배송 상태를 어떻게 확인하나요?"},{"role":"assistant","content":"마이페이지에서 확인합니다.\n\n주문 내역을 누르세요."}]}`},
		{"h.jsonl", "{\"role\":\"system\",\"content\":\"간결하게 답하세요.\"}\n{\"role\":\"user\",\"content\":\"배송 상태를 어떻게 확인하나요?\"}\n\n{\"role\":\"assistant\",\"content\":\"마이페이지에서 확인합니다.\\n\\n주문 내역을 누르세요.\"}\n"},
		{"h.txt", "system: 간결하게 답하세요.\nuser: 배송 상태를 어떻게 확인하나요?\nassistant: 마이페이지에서 확인합니다.\n\n주문 내역을 누르세요.\n"},
		{"h.txt", "\uFEFF\n시스템: 간결하게 답하세요.\r\n사용자： 배송 상태를 어떻게 확인하나요?\r\n어시스턴트:마이페이지에서 확인합니다.\r\n\r\n주문 내역을 누르세요.\r\n\r\n"},
		{"h.log", "System: 간결하게 답하세요.\nUSER: 배송 상태를 어떻게 확인하나요?\nAssistant: 마이페이지에서 확인합니다.\n\n주문 내역을 누르세요."},
	} {
		got, err := ReadHistory(writeTemp(t, tc.name, tc.content))
		if err != nil {
			t.Errorf("%s %.30q: %v", tc.name, tc.content, err)
			continue
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s %.30q: got %q", tc.name, tc.content, got)
		}
	}
	if got, err := ReadHistory(writeTemp(t, "empty.txt", " \n")); err != nil || len(got) != 0 {
		t.Errorf("empty: %v %v", got, err)
	}
}

func TestReadHistoryErrors(t *testing.T) {
	for _, tc := range []struct{ name, content, want, wantKo string }{
		{"a.json", `[{"role":"user","content":"a"},{"role":"tool","content":"b"}]`, `message 2: unknown role "tool"`, `2번째 메시지: 알 수 없는 역할`},
		{"b.jsonl", "{\"role\":\"user\",\"content\":\"a\"}\n\n{\"role\":\"bot\",\"content\":\"b\"}\n", `line 3: unknown role "bot"`, "3행"},
		{"c.jsonl", "{\"role\":\"user\",\"content\":\"a\"}\n{\"role\":\"user\"\n", "line 2: JSON", "2행"},
		{"d.json", `[{"role":"user","content":"a"}`, "JSON", "JSON"},
		{"e.json", `[{"role":"user","content":["part"]}]`, "JSON", "JSON"},
		{"f.txt", "\n\n안녕하세요\nuser: hi\n", "line 3: the history must start with a role", "3행"},
		{"g.json", `[{"content":"no role"}]`, `message 1: unknown role ""`, "1번째"},
	} {
		_, err := ReadHistory(writeTemp(t, tc.name, tc.content))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(i18n.Localize(err, i18n.Ko), tc.wantKo) {
			t.Errorf("%s: error %v (ko: %s), want %q / %q", tc.name, err, i18n.Localize(err, i18n.Ko), tc.want, tc.wantKo)
		}
	}
}
