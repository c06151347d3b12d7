// Package llm talks to chat models: OpenAI, Azure OpenAI, Ollama and any
// OpenAI-compatible server, all through the official openai-go SDK, with
// seogo's defaults (temperature 0), streaming, timeouts and retries.
package llm

import "context"

// Roles of chat messages, as the OpenAI wire format spells them.
const (
	RoleSystem    = "system"
	RoleUser      = "user"
	RoleAssistant = "assistant"
)

// Message is one turn of a chat.
type Message struct {
	Role    string `json:"role" yaml:"role"`
	Content string `json:"content" yaml:"content"`
}

// Usage counts the tokens a call used, as the provider reported them.
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

// Reply is a finished chat completion.
type Reply struct {
	Text         string `json:"text"`
	Model        string `json:"model"`
	FinishReason string `json:"finish_reason"`
	Usage        Usage  `json:"usage"`
}

// ChatModel answers a conversation. When onDelta is not nil the reply is
// streamed and onDelta receives each piece of text as it arrives (an error
// from onDelta stops the stream); the returned Reply holds the whole text
// either way. Implementations are safe for concurrent use.
type ChatModel interface {
	Name() string
	Chat(ctx context.Context, msgs []Message, onDelta func(string) error) (Reply, error)
}
