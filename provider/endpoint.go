// Package provider says where and how to reach an OpenAI-compatible API
// (OpenAI, Azure OpenAI, Ollama, vLLM, llama.cpp, LM Studio, LocalAI) and
// builds the official SDK client for it. Chat models (llm) and embedders
// (embed/openai) share it, so proxies, CA bundles, credentials and error
// explanations are configured once.
package provider

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/seogo/seogo/i18n"
)

// Providers seogo speaks to. All of them use the OpenAI wire format, so one
// SDK covers them; they differ in URLs, authentication and defaults.
const (
	OpenAI     = "openai"
	Azure      = "azure"
	Ollama     = "ollama"
	Compatible = "openai-compatible"
	None       = "none"
)

// DefaultOllamaURL is where a local Ollama serves its OpenAI-compatible API.
const DefaultOllamaURL = "http://localhost:11434/v1"

// DefaultAzureAPIVersion is the Azure OpenAI data-plane version used when
// none is configured: a GA version that has chat, streaming usage and
// embeddings with dimensions.
const DefaultAzureAPIVersion = "2024-10-21"

// Secret is a credential. It prints, marshals and logs as "***" so a config
// dump or an error message never shows it; use string(s) to read it.
type Secret string

func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return "***"
}

// GoString keeps %#v from printing the secret too.
func (s Secret) GoString() string { return `"` + s.String() + `"` }

// MarshalYAML redacts the secret in `seogo config show`.
func (s Secret) MarshalYAML() (any, error) { return s.String(), nil }

// MarshalJSON redacts the secret in JSON output.
func (s Secret) MarshalJSON() ([]byte, error) { return []byte(`"` + s.String() + `"`), nil }

// Endpoint says where and how to reach a provider. It is shared by chat
// models and embedders.
type Endpoint struct {
	Provider     string `yaml:"provider"`
	BaseURL      string `yaml:"base_url,omitempty"`
	APIKey       Secret `yaml:"api_key,omitempty"`
	Organization string `yaml:"organization,omitempty"`
	Project      string `yaml:"project,omitempty"`

	// Azure OpenAI: the resource endpoint (https://NAME.openai.azure.com or a
	// private endpoint's host), the data-plane API version, and, instead of
	// an API key, an Entra ID bearer token or a command that prints one
	// (e.g. "az account get-access-token --resource https://cognitiveservices.azure.com --query accessToken -o tsv").
	AzureEndpoint string `yaml:"azure_endpoint,omitempty"`
	APIVersion    string `yaml:"api_version,omitempty"`
	Token         Secret `yaml:"token,omitempty"`
	TokenCommand  string `yaml:"token_command,omitempty"`

	// Network: corporate proxies and private CAs sit in front of private
	// endpoints. Proxy "" uses HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the
	// environment; "direct" ignores them.
	Proxy              string        `yaml:"proxy,omitempty"`
	CAFile             string        `yaml:"ca_file,omitempty"`
	InsecureSkipVerify bool          `yaml:"insecure_skip_verify,omitempty"`
	Timeout            time.Duration `yaml:"timeout,omitempty"`
	MaxRetries         int           `yaml:"max_retries,omitempty"`
}

// Defaults for the network settings.
const (
	DefaultTimeout    = 120 * time.Second
	DefaultMaxRetries = 4
)

// Parse maps user spellings to a provider name.
func Parse(s string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "openai":
		return OpenAI, true
	case "azure", "azure-openai", "azureopenai":
		return Azure, true
	case "ollama":
		return Ollama, true
	case "openai-compatible", "compatible", "vllm", "llama.cpp", "llamacpp", "lmstudio", "localai":
		return Compatible, true
	case "none", "off", "", "extractive":
		return None, true
	}
	return "", false
}

// FromEnv fills the fields of e that are empty from the environment
// variables each provider's own tools read, so a shell set up for the
// OpenAI SDK, Azure CLI samples or Ollama works as it is.
func (e *Endpoint) FromEnv(getenv func(string) string) {
	set := func(dst *string, keys ...string) {
		for _, k := range keys {
			if *dst == "" {
				*dst = strings.TrimSpace(getenv(k))
			}
		}
	}
	setSecret := func(dst *Secret, keys ...string) {
		s := string(*dst)
		set(&s, keys...)
		*dst = Secret(s)
	}
	switch e.Provider {
	case OpenAI:
		set(&e.BaseURL, "OPENAI_BASE_URL")
		setSecret(&e.APIKey, "OPENAI_API_KEY")
		set(&e.Organization, "OPENAI_ORG_ID")
		set(&e.Project, "OPENAI_PROJECT_ID")
	case Azure:
		set(&e.AzureEndpoint, "AZURE_OPENAI_ENDPOINT")
		setSecret(&e.APIKey, "AZURE_OPENAI_API_KEY")
		set(&e.APIVersion, "AZURE_OPENAI_API_VERSION", "OPENAI_API_VERSION")
		setSecret(&e.Token, "AZURE_OPENAI_AD_TOKEN")
		set(&e.TokenCommand, "AZURE_OPENAI_TOKEN_COMMAND")
	case Ollama:
		if e.BaseURL == "" {
			if h := strings.TrimSpace(getenv("OLLAMA_HOST")); h != "" {
				e.BaseURL = ollamaURL(h)
			}
		}
	case Compatible:
		set(&e.BaseURL, "SEOGO_LLM_BASE_URL", "OPENAI_BASE_URL")
		setSecret(&e.APIKey, "SEOGO_LLM_API_KEY", "OPENAI_API_KEY")
	}
	set(&e.CAFile, "SEOGO_CA_FILE")
}

// ollamaURL turns OLLAMA_HOST ("0.0.0.0:11434", "http://gpu:11434") into
// the base URL of its OpenAI-compatible API.
func ollamaURL(host string) string {
	if !strings.Contains(host, "://") {
		host = "http://" + host
	}
	u, err := url.Parse(host)
	if err != nil {
		return host
	}
	if u.Hostname() == "0.0.0.0" { // the server's bind-all address; clients dial loopback
		u.Host = strings.Replace(u.Host, "0.0.0.0", "127.0.0.1", 1)
	}
	if u.Port() == "" {
		u.Host += ":11434"
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	if !strings.HasSuffix(u.Path, "/v1") {
		u.Path += "/v1"
	}
	return u.String()
}

// Validate reports the first setting that cannot work, naming the field
// and the environment variable that would set it.
func (e Endpoint) Validate() error {
	switch e.Provider {
	case OpenAI:
		if e.APIKey == "" && e.BaseURL == "" {
			return i18n.Errorf("OpenAI API 키가 없습니다: OPENAI_API_KEY 를 설정하거나 설정 파일의 llm.api_key 를 채우세요",
				"no OpenAI API key: set OPENAI_API_KEY or llm.api_key in the config file")
		}
	case Azure:
		if e.AzureEndpoint == "" {
			return i18n.Errorf("Azure OpenAI 엔드포인트가 없습니다: AZURE_OPENAI_ENDPOINT(예: https://NAME.openai.azure.com)를 설정하세요",
				"no Azure OpenAI endpoint: set AZURE_OPENAI_ENDPOINT (e.g. https://NAME.openai.azure.com)")
		}
		if e.APIKey == "" && e.Token == "" && e.TokenCommand == "" {
			return i18n.Errorf("Azure OpenAI 인증 정보가 없습니다: AZURE_OPENAI_API_KEY, AZURE_OPENAI_AD_TOKEN 또는 token_command 중 하나를 설정하세요",
				"no Azure OpenAI credentials: set AZURE_OPENAI_API_KEY, AZURE_OPENAI_AD_TOKEN or llm.token_command")
		}
	case Compatible:
		if e.BaseURL == "" {
			return i18n.Errorf("openai-compatible 공급자는 base_url 이 필요합니다(예: http://localhost:8000/v1): SEOGO_LLM_BASE_URL 또는 OPENAI_BASE_URL 을 설정하세요",
				"the openai-compatible provider needs base_url (e.g. http://localhost:8000/v1): set SEOGO_LLM_BASE_URL or OPENAI_BASE_URL")
		}
	case Ollama:
	default:
		return i18n.Errorf("알 수 없는 LLM 공급자 %q: openai, azure, ollama, openai-compatible, none 중 하나를 쓰세요",
			"unknown LLM provider %q: use openai, azure, ollama, openai-compatible or none", e.Provider)
	}
	for _, u := range []string{e.BaseURL, e.AzureEndpoint, e.Proxy} {
		if u == "" || u == "direct" {
			continue
		}
		if p, err := url.Parse(u); err != nil || p.Scheme == "" || p.Host == "" {
			return i18n.Errorf("URL %q 이(가) 올바르지 않습니다: http:// 또는 https:// 로 시작하는 전체 주소를 쓰세요",
				"URL %q is not valid: write a full address starting with http:// or https://", u)
		}
	}
	if e.Timeout < 0 || e.MaxRetries < 0 {
		return i18n.Errorf("timeout 과 max_retries 는 음수일 수 없습니다", "timeout and max_retries must not be negative")
	}
	return nil
}

// Describe is a one-line, secret-free description of where requests go.
func (e Endpoint) Describe() string {
	switch e.Provider {
	case Azure:
		return fmt.Sprintf("azure %s (api-version %s)", e.AzureEndpoint, orDefault(e.APIVersion, DefaultAzureAPIVersion))
	case Ollama:
		return "ollama " + orDefault(e.BaseURL, DefaultOllamaURL)
	}
	return e.Provider + " " + orDefault(e.BaseURL, "https://api.openai.com/v1")
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
