package llm

import (
	"cmp"
	"context"
	"strings"

	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/option"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/provider"
)

// ErrInterrupted is returned (wrapped) when a stream ends before the model
// said it was done: a dropped connection or a proxy timeout. The partial
// text is in the Reply.
var ErrInterrupted = i18n.Errorf("응답 스트림이 중간에 끊겼습니다: 다시 시도하세요", "the response stream was cut off: try again")

// Chat is a ChatModel on any OpenAI-compatible provider.
type Chat struct {
	client openai.Client
	cfg    ChatConfig
	model  string
}

// NewChat builds the chat model cfg describes.
func NewChat(cfg ChatConfig) (*Chat, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	c, err := provider.NewClient(cfg.Endpoint)
	if err != nil {
		return nil, err
	}
	return &Chat{client: c, cfg: cfg, model: cmp.Or(cfg.Model, DefaultModel(cfg.Provider))}, nil
}

// Settings change a chat model for one conversation: another model (or
// Azure deployment) on the same endpoint, another temperature. Zero fields
// keep the configured value.
type Settings struct {
	Model       string
	Temperature *float64
}

// IsZero reports whether s changes nothing.
func (s Settings) IsZero() bool { return s.Model == "" && s.Temperature == nil }

// Tunable is a ChatModel that can be copied with other Settings.
type Tunable interface {
	ChatModel
	With(Settings) (ChatModel, error)
}

// With returns a copy of c with s applied; it shares c's HTTP client, so
// a per-chat setting costs no new connection.
func (c *Chat) With(s Settings) (ChatModel, error) {
	cfg := c.cfg
	if s.Model != "" {
		if !validModelName(s.Model) {
			return nil, i18n.Errorf("모델 이름 %q 를 쓸 수 없습니다: 영문자, 숫자와 . _ : / - @ + 만, 200자 이내로 쓰세요",
				"model name %q is not allowed: use letters, digits and . _ : / - @ + only, at most 200 characters", s.Model)
		}
		cfg.Model = s.Model
	}
	if s.Temperature != nil {
		cfg.Temperature = *s.Temperature
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Chat{client: c.client, cfg: cfg, model: cmp.Or(cfg.Model, DefaultModel(cfg.Provider))}, nil
}

// validModelName admits the names providers use (gpt-4o-mini,
// llama3.1:8b, hf.co/org/model:Q4_K_M, an Azure deployment) and nothing
// that could bend a URL path or a log line.
func validModelName(m string) bool {
	if len(m) > 200 || strings.Contains(m, "..") {
		return false
	}
	for _, r := range m {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._:/-@+", r)
		if !ok {
			return false
		}
	}
	return true
}

// Name is "provider:model", e.g. "azure:gpt-4o-prod".
func (c *Chat) Name() string { return c.cfg.Provider + ":" + c.model }

// Chat sends msgs and returns the reply, streaming it to onDelta when set.
func (c *Chat) Chat(ctx context.Context, msgs []Message, onDelta func(string) error) (Reply, error) {
	params := c.params(msgs)
	if onDelta == nil {
		var res *openai.ChatCompletion
		err := provider.RetryTimeouts(ctx, c.cfg.Endpoint, func() (err error) {
			res, err = c.client.Chat.Completions.New(ctx, params)
			return err
		})
		if err != nil {
			return Reply{}, provider.Explain(err, c.cfg.Endpoint, c.model)
		}
		r := Reply{Model: res.Model, Usage: Usage{int(res.Usage.PromptTokens), int(res.Usage.CompletionTokens)}}
		if len(res.Choices) > 0 {
			r.Text = res.Choices[0].Message.Content
			r.FinishReason = res.Choices[0].FinishReason
		}
		return r, nil
	}
	params.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
	// The SDK's request timeout covers a whole streamed body, and a long
	// answer may take minutes to write: give streams a generous budget.
	stream := c.client.Chat.Completions.NewStreaming(ctx, params, option.WithRequestTimeout(max(c.cfg.Timeout, provider.DefaultTimeout)*5))
	defer stream.Close()
	var r Reply
	var text strings.Builder
	for stream.Next() {
		chunk := stream.Current()
		if chunk.Model != "" {
			r.Model = chunk.Model
		}
		if chunk.Usage.PromptTokens > 0 || chunk.Usage.CompletionTokens > 0 {
			r.Usage = Usage{int(chunk.Usage.PromptTokens), int(chunk.Usage.CompletionTokens)}
		}
		for _, ch := range chunk.Choices {
			if ch.Index != 0 {
				continue
			}
			if d := ch.Delta.Content; d != "" {
				text.WriteString(d)
				if err := onDelta(d); err != nil {
					r.Text = text.String()
					return r, err
				}
			}
			if ch.FinishReason != "" {
				r.FinishReason = ch.FinishReason
			}
		}
	}
	r.Text = text.String()
	if err := stream.Err(); err != nil {
		if ctx.Err() != nil {
			return r, ctx.Err()
		}
		if text.Len() > 0 {
			return r, &i18n.Error{Text: i18n.Text{Ko: "%v (%v)", En: "%v (%v)"}, Args: []any{ErrInterrupted, err.Error()}, Err: ErrInterrupted}
		}
		return r, provider.Explain(err, c.cfg.Endpoint, c.model)
	}
	if r.FinishReason == "" {
		// The server closed the stream without a final chunk or [DONE].
		return r, ErrInterrupted
	}
	return r, nil
}

// params applies seogo's sampling settings. Reasoning models (o1, o3, o4,
// gpt-5) reject temperature, top_p and penalties and count output in
// max_completion_tokens, so they get only that.
func (c *Chat) params(msgs []Message) openai.ChatCompletionNewParams {
	p := openai.ChatCompletionNewParams{Model: c.model, Messages: toSDK(msgs)}
	if reasoningModel(c.model) {
		p.MaxCompletionTokens = openai.Int(int64(c.cfg.MaxTokens))
		return p
	}
	p.Temperature = openai.Float(c.cfg.Temperature)
	p.TopP = openai.Float(c.cfg.TopP)
	p.PresencePenalty = openai.Float(c.cfg.PresencePenalty)
	p.FrequencyPenalty = openai.Float(c.cfg.FrequencyPenalty)
	if c.cfg.Provider == provider.OpenAI && c.cfg.BaseURL == "" {
		p.MaxCompletionTokens = openai.Int(int64(c.cfg.MaxTokens))
	} else {
		// Ollama, vLLM, llama.cpp and older Azure API versions know only max_tokens.
		p.MaxTokens = openai.Int(int64(c.cfg.MaxTokens))
	}
	if c.cfg.Seed != nil {
		p.Seed = openai.Int(*c.cfg.Seed)
	}
	if len(c.cfg.Stop) > 0 {
		p.Stop = openai.ChatCompletionNewParamsStopUnion{OfStringArray: c.cfg.Stop}
	}
	return p
}

func reasoningModel(m string) bool {
	m = strings.ToLower(m)
	for _, p := range []string{"o1", "o3", "o4", "gpt-5"} {
		if strings.HasPrefix(m, p) && !strings.Contains(m, "chat") {
			return true
		}
	}
	return false
}

func toSDK(msgs []Message) []openai.ChatCompletionMessageParamUnion {
	out := make([]openai.ChatCompletionMessageParamUnion, 0, len(msgs))
	for _, m := range msgs {
		switch m.Role {
		case RoleSystem:
			out = append(out, openai.SystemMessage(m.Content))
		case RoleAssistant:
			out = append(out, openai.AssistantMessage(m.Content))
		default:
			out = append(out, openai.UserMessage(m.Content))
		}
	}
	return out
}
