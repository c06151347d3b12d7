package provider

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openai/openai-go/v3"

	"github.com/seogo/seogo/internal/fakeopenai"
)

func chatOnce(t *testing.T, e Endpoint, model string) error {
	t.Helper()
	c, err := NewClient(e)
	if err != nil {
		return err
	}
	_, err = c.Chat.Completions.New(context.Background(), openai.ChatCompletionNewParams{
		Model: model, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("안녕")},
	})
	return Explain(err, e, model)
}

func TestAzureWire(t *testing.T) {
	const version = "2024-10-21"
	tests := []struct {
		name   string
		ep     Endpoint
		header string
		want   string
	}{
		{"api key", Endpoint{APIKey: "azkey"}, "Api-Key", "azkey"},
		{"static token", Endpoint{Token: "entra-token"}, "Authorization", "Bearer entra-token"},
		{"token command", Endpoint{TokenCommand: "echo cmd-token"}, "Authorization", "Bearer cmd-token"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			key := strings.TrimPrefix(tc.want, "Bearer ")
			s := fakeopenai.New(t, fakeopenai.Options{Azure: true, APIKey: key, Deployments: []string{"gpt4o-prod"}, APIVersion: version})
			e := tc.ep
			e.Provider, e.AzureEndpoint, e.APIVersion = Azure, s.URL, version
			if err := chatOnce(t, e, "gpt4o-prod"); err != nil {
				t.Fatal(err)
			}
			r := s.Requests()[0]
			if r.Path != "/openai/deployments/gpt4o-prod/chat/completions" || r.RawQuery != "api-version="+version {
				t.Fatalf("url %s?%s", r.Path, r.RawQuery)
			}
			if got := r.Header.Get(tc.header); got != tc.want {
				t.Fatalf("%s = %q, want %q", tc.header, got, tc.want)
			}
		})
	}
}

func TestAzureErrorsSayWhatToFix(t *testing.T) {
	s := fakeopenai.New(t, fakeopenai.Options{Azure: true, APIKey: "good", Deployments: []string{"prod"}, APIVersion: "2024-10-21"})
	base := Endpoint{Provider: Azure, AzureEndpoint: s.URL, APIVersion: "2024-10-21", APIKey: "good", MaxRetries: 1}
	wrongKey := base
	wrongKey.APIKey = "bad"
	if err := chatOnce(t, wrongKey, "prod"); !errors.Is(err, ErrAuth) || !strings.Contains(err.Error(), "AZURE_OPENAI_API_KEY") {
		t.Fatalf("wrong key: %v", err)
	}
	if err := chatOnce(t, base, "nope"); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), `deployment "nope"`) {
		t.Fatalf("wrong deployment: %v", err)
	}
	wrongVersion := base
	wrongVersion.APIVersion = "1999-01-01"
	if err := chatOnce(t, wrongVersion, "prod"); err == nil {
		t.Fatal("wrong api-version accepted")
	}
}

func TestUnreachableAndCA(t *testing.T) {
	e := Endpoint{Provider: Ollama, BaseURL: "http://127.0.0.1:1/v1", MaxRetries: 1}
	if err := chatOnce(t, e, "llama3.1"); !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "ollama serve") {
		t.Fatalf("refused: %v", err)
	}
	s := fakeopenai.New(t, fakeopenai.Options{TLS: true})
	e = Endpoint{Provider: Compatible, BaseURL: s.URL, MaxRetries: 1}
	if err := chatOnce(t, e, "gpt-4o"); !errors.Is(err, ErrUnreachable) || !strings.Contains(err.Error(), "ca_file") {
		t.Fatalf("unknown CA: %v", err)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, s.CACertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	e.CAFile = ca
	if err := chatOnce(t, e, "gpt-4o"); err != nil {
		t.Fatalf("with the CA bundle: %v", err)
	}
}

func TestFromEnvAndSecrets(t *testing.T) {
	env := map[string]string{
		"OPENAI_API_KEY": "sk-env", "OPENAI_BASE_URL": "http://gw/v1", "AZURE_OPENAI_ENDPOINT": "https://r.openai.azure.com",
		"AZURE_OPENAI_API_KEY": "az-env", "OPENAI_API_VERSION": "2025-01-01", "OLLAMA_HOST": "0.0.0.0:11434",
	}
	get := func(k string) string { return env[k] }
	o := Endpoint{Provider: OpenAI}
	o.FromEnv(get)
	if o.APIKey != "sk-env" || o.BaseURL != "http://gw/v1" {
		t.Fatalf("openai env: %+v", o)
	}
	a := Endpoint{Provider: Azure, APIKey: "from-config"}
	a.FromEnv(get)
	if a.APIKey != "from-config" || a.AzureEndpoint != "https://r.openai.azure.com" || a.APIVersion != "2025-01-01" {
		t.Fatalf("azure env: %+v", a)
	}
	l := Endpoint{Provider: Ollama}
	l.FromEnv(get)
	if l.BaseURL != "http://127.0.0.1:11434/v1" {
		t.Fatalf("ollama host: %q", l.BaseURL)
	}
	if s := Secret("sk-secret"); s.String() != "***" || strings.Contains(Sprintf(s), "sk-secret") {
		t.Fatalf("secret printed: %v", Sprintf(s))
	}
}
