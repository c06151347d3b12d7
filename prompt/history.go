package prompt

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/llm"
)

// ReadHistory reads a chat history file, oldest turn first. The format is
// taken from the content, not the name:
//   - a JSON array of {"role", "content"} objects, or an object
//     {"messages": [...]} (the shape of an OpenAI request);
//   - JSON Lines, one {"role", "content"} object per line;
//   - plain text, each turn starting with a role and a colon at the start of
//     a line ("user:", "assistant:", "system:", or 사용자:, 어시스턴트:,
//     시스템:); following lines without a role continue the turn.
//
// Roles are system, user and assistant (any case); anything else is an
// error naming its place, since a misread history silently changes what
// the model is told.
func ReadHistory(path string) ([]llm.Message, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, i18n.Errorf("대화 기록 파일을 읽지 못했습니다: %w", "reading the chat history file: %w", err)
	}
	msgs, err := parseHistory(data)
	if err != nil {
		return nil, i18n.Errorf("%s: %w", "%s: %w", path, err)
	}
	return msgs, nil
}

func parseHistory(data []byte) ([]llm.Message, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	trimmed := bytes.TrimSpace(data)
	switch {
	case len(trimmed) == 0:
		return nil, nil
	case trimmed[0] == '[':
		var msgs []llm.Message
		if err := oneJSON(trimmed, &msgs); err != nil {
			return nil, i18n.Errorf("JSON 오류: %w", "JSON: %w", err)
		}
		return checkRoles(msgs, i18n.Text{Ko: "%d번째 메시지", En: "message %d"}, nil)
	case trimmed[0] == '{':
		var wrapped struct {
			Messages *[]llm.Message `json:"messages"`
		}
		if oneJSON(trimmed, &wrapped) == nil && wrapped.Messages != nil {
			return checkRoles(*wrapped.Messages, i18n.Text{Ko: "%d번째 메시지", En: "message %d"}, nil)
		}
		return parseHistoryJSONL(data)
	}
	return parseHistoryText(string(data))
}

// oneJSON decodes exactly one JSON value. Unknown fields are allowed:
// histories exported by chat tools carry names, timestamps and ids.
func oneJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("unexpected data after the JSON value")
	}
	return nil
}

func parseHistoryJSONL(data []byte) ([]llm.Message, error) {
	var msgs []llm.Message
	var lines []int
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var m llm.Message
		if err := oneJSON(line, &m); err != nil {
			return nil, i18n.Errorf("%d행: JSON 오류: %w", "line %d: JSON: %w", i+1, err)
		}
		msgs = append(msgs, m)
		lines = append(lines, i+1)
	}
	return checkRoles(msgs, i18n.Text{Ko: "%d행", En: "line %d"}, lines)
}

// checkRoles normalises roles to lower case and rejects unknown ones; where
// says where message i is (its line, when lines is given, else i+1).
func checkRoles(msgs []llm.Message, where i18n.Text, lines []int) ([]llm.Message, error) {
	for i := range msgs {
		role := strings.ToLower(strings.TrimSpace(msgs[i].Role))
		switch role {
		case llm.RoleSystem, llm.RoleUser, llm.RoleAssistant:
			msgs[i].Role = role
		default:
			at := i + 1
			if lines != nil {
				at = lines[i]
			}
			return nil, i18n.Errorf("%s: 알 수 없는 역할 %q (system, user, assistant만 쓸 수 있습니다)",
				"%s: unknown role %q (use system, user or assistant)",
				&i18n.Error{Text: where, Args: []any{at}}, msgs[i].Role)
		}
	}
	return msgs, nil
}

// textRoles maps the role names of the plain-text format, lower-cased.
var textRoles = map[string]string{
	"user": llm.RoleUser, "assistant": llm.RoleAssistant, "system": llm.RoleSystem,
	"사용자": llm.RoleUser, "어시스턴트": llm.RoleAssistant, "시스템": llm.RoleSystem,
}

func parseHistoryText(text string) ([]llm.Message, error) {
	var msgs []llm.Message
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, " \t\r")
		if role, content, ok := roleLine(line); ok {
			msgs = append(msgs, llm.Message{Role: role, Content: content})
			continue
		}
		if len(msgs) == 0 {
			if strings.TrimSpace(line) == "" {
				continue
			}
			return nil, i18n.Errorf("%d행: 대화는 \"user:\"나 \"사용자:\"처럼 역할로 시작해야 합니다",
				"line %d: the history must start with a role, like \"user:\" or \"assistant:\"", i+1)
		}
		last := &msgs[len(msgs)-1]
		last.Content += "\n" + line
	}
	for i := range msgs {
		msgs[i].Content = strings.TrimSpace(msgs[i].Content)
	}
	return msgs, nil
}

// roleLine splits "role: content" when role is a known role name.
func roleLine(line string) (role, content string, ok bool) {
	i := strings.IndexAny(line, ":：")
	if i <= 0 {
		return "", "", false
	}
	role, ok = textRoles[strings.ToLower(strings.TrimSpace(line[:i]))]
	if !ok {
		return "", "", false
	}
	rest := line[i:]
	if strings.HasPrefix(rest, "：") {
		rest = rest[len("："):]
	} else {
		rest = rest[1:]
	}
	return role, strings.TrimSpace(rest), true
}
