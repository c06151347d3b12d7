package fakeopenai

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/azure"
	"github.com/openai/openai-go/v3/option"
)

const (
	azureKey     = "azure-key-0123456789"
	azureVersion = "2024-10-21"
)

func azureServer(t *testing.T, tls bool) *Server {
	return New(t, Options{Azure: true, APIKey: azureKey, APIVersion: azureVersion,
		Deployments: []string{"gpt4o-prod", "embed-small"}, Models: []string{"gpt-4o", "text-embedding-3-small"}, TLS: tls})
}

// azureClient is the SDK's Azure client. The SDK refuses to send credentials
// over plain HTTP unless told the endpoint is a local one.
func azureClient(s *Server, version, key string, opts ...option.RequestOption) openai.Client {
	base := []option.RequestOption{azure.WithEndpoint(s.URL, version), azure.WithAPIKey(key)}
	if strings.HasPrefix(s.URL, "http://") {
		base = append(base, azure.WithUnsafeAllowHTTP())
	}
	return openai.NewClient(append(base, opts...)...)
}

func TestAzureChatURLAndHeaders(t *testing.T) {
	s := azureServer(t, false)
	c := azureClient(s, azureVersion, azureKey)
	// The SDK takes the deployment from the request's model.
	res, err := c.Chat.Completions.New(context.Background(), chatParams("gpt4o-prod"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Choices[0].Message.Content != DefaultReply {
		t.Errorf("content %q", res.Choices[0].Message.Content)
	}
	req := s.Requests()[0]
	if req.Path != "/openai/deployments/gpt4o-prod/chat/completions" || req.RawQuery != "api-version="+azureVersion {
		t.Errorf("URL %s?%s", req.Path, req.RawQuery)
	}
	if req.Header.Get("Api-Key") != azureKey || req.Header.Get("Authorization") != "" {
		t.Errorf("auth headers api-key=%q authorization=%q", req.Header.Get("Api-Key"), req.Header.Get("Authorization"))
	}
	if ch := s.Chats()[0]; ch.Deployment != "gpt4o-prod" || ch.Model != "gpt4o-prod" {
		t.Errorf("decoded %+v", ch)
	}
}

func TestAzureStreamStartsWithFilterChunk(t *testing.T) {
	s := azureServer(t, false)
	c := azureClient(s, azureVersion, azureKey)
	p := chatParams("gpt4o-prod")
	p.StreamOptions = openai.ChatCompletionStreamOptionsParam{IncludeUsage: openai.Bool(true)}
	stream := c.Chat.Completions.NewStreaming(context.Background(), p)
	var acc openai.ChatCompletionAccumulator
	first := true
	for stream.Next() {
		ch := stream.Current()
		if first && (ch.ID != "" || len(ch.Choices) != 0) {
			t.Errorf("Azure's first chunk should be the empty prompt-filter chunk: %s", ch.RawJSON())
		}
		first = false
		if !acc.AddChunk(ch) {
			t.Fatalf("accumulator rejected %s", ch.RawJSON())
		}
	}
	if err := stream.Err(); err != nil {
		t.Fatal(err)
	}
	if acc.Choices[0].Message.Content != DefaultReply || acc.Usage.TotalTokens == 0 || !strings.HasPrefix(acc.ID, "chatcmpl-") {
		t.Errorf("accumulated %+v", acc.ChatCompletion)
	}
}

func TestAzureEmbeddingsAndModelsOverTLS(t *testing.T) {
	s := azureServer(t, true)
	c := azureClient(s, azureVersion, azureKey, option.WithHTTPClient(s.Client()))
	res, err := c.Embeddings.New(context.Background(), openai.EmbeddingNewParams{
		Model: "embed-small", EncodingFormat: openai.EmbeddingNewParamsEncodingFormatBase64,
		Input: openai.EmbeddingNewParamsInputUnion{OfArrayOfStrings: []string{"가", "나"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Data) != 2 || len(res.Data[0].Embedding) != 1536 {
		t.Errorf("embeddings %d", len(res.Data))
	}
	page, err := c.Models.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Data) != 2 || page.Data[0].ID != "gpt-4o" {
		t.Errorf("models %s", page.RawJSON())
	}
	reqs := s.Requests()
	if reqs[0].Path != "/openai/deployments/embed-small/embeddings" || reqs[1].Path != "/openai/models" || reqs[1].RawQuery != "api-version="+azureVersion {
		t.Errorf("paths %s, %s?%s", reqs[0].Path, reqs[1].Path, reqs[1].RawQuery)
	}
	if len(s.CACertPEM()) == 0 {
		t.Error("no CA certificate")
	}
}

func TestAzureErrors(t *testing.T) {
	s := azureServer(t, false)
	cases := []struct {
		name, deployment, version, key string
		status                         int
		code                           string
	}{
		{"wrong deployment", "gpt-5-prod", azureVersion, azureKey, 404, "DeploymentNotFound"},
		{"wrong api-version", "gpt4o-prod", "2020-01-01", azureKey, 400, "BadRequest"},
		{"wrong key", "gpt4o-prod", azureVersion, "nope", 401, "401"},
	}
	for _, tc := range cases {
		c := azureClient(s, tc.version, tc.key)
		_, err := c.Chat.Completions.New(context.Background(), chatParams(tc.deployment))
		var apiErr *openai.Error
		if !errors.As(err, &apiErr) || apiErr.StatusCode != tc.status || apiErr.Code != tc.code {
			t.Errorf("%s: got %v", tc.name, err)
		}
	}
	// Without api-version Azure answers a bare 404, not a 400.
	resp, err := http.Post(strings.TrimSuffix(s.URL, "/")+"/openai/deployments/gpt4o-prod/chat/completions", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if resp.StatusCode != 404 || !strings.Contains(string(body), `"Resource not found"`) {
		t.Errorf("missing api-version: %d %s", resp.StatusCode, body)
	}
}

// staticToken stands in for an Entra ID credential (az login, a token command).
type staticToken string

func (tok staticToken) GetToken(context.Context, policy.TokenRequestOptions) (azcore.AccessToken, error) {
	return azcore.AccessToken{Token: string(tok), ExpiresOn: time.Now().Add(time.Hour)}, nil
}

func TestAzureBearerToken(t *testing.T) {
	s := azureServer(t, false)
	c := openai.NewClient(azure.WithEndpoint(s.URL, azureVersion), azure.WithTokenCredential(staticToken(azureKey)), azure.WithUnsafeAllowHTTP())
	if _, err := c.Chat.Completions.New(context.Background(), chatParams("gpt4o-prod")); err != nil {
		t.Fatal(err)
	}
	if h := s.Requests()[0].Header; h.Get("Authorization") != "Bearer "+azureKey || h.Get("Api-Key") != "" {
		t.Errorf("headers %v", h)
	}
}

func TestAzureRateLimitRetries(t *testing.T) {
	s := azureServer(t, false)
	s.FailNext(1, http.StatusTooManyRequests, "", http.Header{"retry-after-ms": {"50"}, "Retry-After": {"1"}})
	c := azureClient(s, azureVersion, azureKey)
	start := time.Now()
	if _, err := c.Chat.Completions.New(context.Background(), chatParams("gpt4o-prod")); err != nil {
		t.Fatal(err)
	}
	// retry-after-ms wins over Retry-After in the SDK.
	if wait := time.Since(start); wait > 800*time.Millisecond {
		t.Errorf("waited %v; retry-after-ms was 50", wait)
	}
}
