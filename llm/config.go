package llm

import (
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/provider"
)

// ChatConfig is a chat model and its sampling settings. seogo answers from
// documents, so it samples greedily: temperature 0, top_p 1, no penalties.
type ChatConfig struct {
	provider.Endpoint `yaml:",inline"`
	Model             string   `yaml:"model,omitempty"`
	Temperature       float64  `yaml:"temperature"`
	TopP              float64  `yaml:"top_p"`
	PresencePenalty   float64  `yaml:"presence_penalty"`
	FrequencyPenalty  float64  `yaml:"frequency_penalty"`
	MaxTokens         int      `yaml:"max_tokens"`
	Seed              *int64   `yaml:"seed,omitempty"`
	ContextTokens     int      `yaml:"context_tokens"`
	Stop              []string `yaml:"stop,omitempty"`
}

// DefaultChat returns the chat settings seogo uses unless told otherwise.
func DefaultChat() ChatConfig {
	return ChatConfig{TopP: 1, MaxTokens: 1024, ContextTokens: 8000}
}

// DefaultModel is the chat model used when a provider is chosen but no model.
func DefaultModel(p string) string {
	switch p {
	case provider.OpenAI:
		return "gpt-4o-mini"
	case provider.Ollama:
		return "llama3.1"
	}
	return ""
}

// Validate checks the sampling settings as well as the endpoint.
func (c ChatConfig) Validate() error {
	if err := c.Endpoint.Validate(); err != nil {
		return err
	}
	switch {
	case c.Temperature < 0 || c.Temperature > 2:
		return i18n.Errorf("temperature=%g 는 0부터 2 사이여야 합니다", "temperature=%g must be between 0 and 2", c.Temperature)
	case c.TopP <= 0 || c.TopP > 1:
		return i18n.Errorf("top_p=%g 는 0 초과 1 이하여야 합니다", "top_p=%g must be above 0 and at most 1", c.TopP)
	case c.PresencePenalty < -2 || c.PresencePenalty > 2 || c.FrequencyPenalty < -2 || c.FrequencyPenalty > 2:
		return i18n.Errorf("presence/frequency penalty 는 -2부터 2 사이여야 합니다", "presence/frequency penalties must be between -2 and 2")
	case c.MaxTokens < 1:
		return i18n.Errorf("max_tokens=%d 는 1 이상이어야 합니다", "max_tokens=%d must be at least 1", c.MaxTokens)
	case c.Provider == provider.Azure && c.Model == "":
		return i18n.Errorf("Azure OpenAI 는 배포 이름이 필요합니다: --llm-model 또는 llm.model 에 배포(deployment) 이름을 쓰세요",
			"Azure OpenAI needs a deployment name: set --llm-model or llm.model to the deployment")
	case c.Model == "" && DefaultModel(c.Provider) == "":
		return i18n.Errorf("%s 공급자의 모델 이름이 없습니다: --llm-model 또는 llm.model 을 설정하세요",
			"no model for provider %s: set --llm-model or llm.model", c.Provider)
	}
	return nil
}
