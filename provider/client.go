package provider

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/policy"
	"github.com/openai/openai-go/v3"
	"github.com/openai/openai-go/v3/azure"
	"github.com/openai/openai-go/v3/option"

	"github.com/seogo/seogo/i18n"
)

// NewClient builds an SDK client for e. The SDK does the HTTP, the retries
// (exponential backoff with jitter on connection errors, 408, 409, 429 and
// 5xx, honouring Retry-After and Retry-After-Ms) and the per-request
// timeout; seogo supplies the transport (proxy, CA bundle, TLS) and the
// provider's URL and authentication.
func NewClient(e Endpoint) (openai.Client, error) {
	opts, err := clientOptions(e)
	if err != nil {
		return openai.Client{}, err
	}
	return openai.NewClient(opts...), nil
}

func clientOptions(e Endpoint) ([]option.RequestOption, error) {
	if err := e.Validate(); err != nil {
		return nil, err
	}
	hc, err := httpClient(e)
	if err != nil {
		return nil, err
	}
	retries := e.MaxRetries
	if retries == 0 {
		retries = DefaultMaxRetries
	}
	timeout := e.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	opts := []option.RequestOption{
		option.WithHTTPClient(hc),
		option.WithMaxRetries(retries),
		option.WithRequestTimeout(timeout),
	}
	switch e.Provider {
	case Azure:
		opts = append(opts, azure.WithEndpoint(e.AzureEndpoint, orDefault(e.APIVersion, DefaultAzureAPIVersion)))
		if isLoopbackHTTP(e.AzureEndpoint) {
			// A local gateway or test server in front of Azure; the SDK
			// refuses credentials over plain HTTP anywhere else.
			opts = append(opts, azure.WithUnsafeAllowHTTP())
		}
		switch {
		case e.APIKey != "":
			opts = append(opts, azure.WithAPIKey(string(e.APIKey)))
		default:
			opts = append(opts, azure.WithTokenCredential(&tokenSource{static: string(e.Token), command: e.TokenCommand}))
		}
	case Ollama:
		// Ollama ignores the key, but the SDK sends whatever OPENAI_API_KEY
		// holds: send a harmless one instead of leaking a real key.
		opts = append(opts, option.WithBaseURL(orDefault(e.BaseURL, DefaultOllamaURL)), option.WithAPIKey("ollama"))
	default:
		if e.BaseURL != "" {
			opts = append(opts, option.WithBaseURL(e.BaseURL))
		} else {
			opts = append(opts, option.WithBaseURL("https://api.openai.com/v1/"))
		}
		// An empty key would make the SDK send "Bearer " and local servers
		// (vLLM, llama.cpp) accept any key.
		opts = append(opts, option.WithAPIKey(orDefault(string(e.APIKey), "none")))
		if e.Organization != "" {
			opts = append(opts, option.WithOrganization(e.Organization))
		}
		if e.Project != "" {
			opts = append(opts, option.WithProject(e.Project))
		}
	}
	return opts, nil
}

func isLoopbackHTTP(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" {
		return false
	}
	if u.Hostname() == "localhost" {
		return true
	}
	ip := net.ParseIP(u.Hostname())
	return ip != nil && ip.IsLoopback()
}

// httpClient is the transport for e: the proxy, the CA bundle added to the
// system roots, and TLS verification as configured.
func httpClient(e Endpoint) (*http.Client, error) {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	switch e.Proxy {
	case "":
		tr.Proxy = http.ProxyFromEnvironment
	case "direct":
		tr.Proxy = nil
	default:
		u, err := url.Parse(e.Proxy)
		if err != nil {
			return nil, i18n.Errorf("프록시 주소 %q 가 올바르지 않습니다", "proxy URL %q is not valid", e.Proxy)
		}
		tr.Proxy = http.ProxyURL(u)
	}
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if e.CAFile != "" {
		pem, err := os.ReadFile(e.CAFile)
		if err != nil {
			return nil, i18n.Errorf("CA 인증서 파일 %s 을(를) 읽을 수 없습니다: %w", "cannot read the CA bundle %s: %w", e.CAFile, err)
		}
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, i18n.Errorf("CA 인증서 파일 %s 에 PEM 인증서가 없습니다", "the CA bundle %s holds no PEM certificate", e.CAFile)
		}
		tlsCfg.RootCAs = pool
	}
	if e.InsecureSkipVerify {
		tlsCfg.InsecureSkipVerify = true // the user asked for it, for a test gateway; doctor warns
	}
	tr.TLSClientConfig = tlsCfg
	return &http.Client{Transport: tr}, nil
}

// tokenSource gives Azure a bearer token from a fixed value or from a
// command (az CLI, a vault agent), run again shortly before the token's
// lifetime ends. Entra ID tokens live about an hour; with no expiry known,
// the command runs again after 45 minutes.
type tokenSource struct {
	static  string
	command string

	mu      sync.Mutex
	token   string
	expires time.Time
}

const commandTokenLife = 45 * time.Minute

func (t *tokenSource) GetToken(ctx context.Context, _ policy.TokenRequestOptions) (azcore.AccessToken, error) {
	if t.static != "" {
		return azcore.AccessToken{Token: t.static, ExpiresOn: time.Now().Add(time.Hour)}, nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.token != "" && time.Until(t.expires) > time.Minute {
		return azcore.AccessToken{Token: t.token, ExpiresOn: t.expires}, nil
	}
	fields := strings.Fields(t.command)
	if len(fields) == 0 {
		return azcore.AccessToken{}, i18n.Errorf("Azure 토큰 명령이 비어 있습니다", "the Azure token command is empty")
	}
	ctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, fields[0], fields[1:]...).Output()
	if err != nil {
		// The command's output may hold a token or secrets: never quote it.
		return azcore.AccessToken{}, i18n.Errorf("Azure 토큰 명령 %q 이(가) 실패했습니다: %w", "the Azure token command %q failed: %w", fields[0], err)
	}
	tok := strings.TrimSpace(string(out))
	if tok == "" || strings.ContainsAny(tok, " \n\t") {
		return azcore.AccessToken{}, i18n.Errorf("Azure 토큰 명령 %q 이(가) 토큰 하나를 출력하지 않았습니다(예: --query accessToken -o tsv)",
			"the Azure token command %q did not print a single token (use e.g. --query accessToken -o tsv)", fields[0])
	}
	t.token, t.expires = tok, time.Now().Add(commandTokenLife)
	return azcore.AccessToken{Token: t.token, ExpiresOn: t.expires}, nil
}

// Models lists the model (or, on Azure, deployment) names the endpoint
// offers, sorted as the server sent them.
func Models(ctx context.Context, e Endpoint) ([]string, error) {
	c, err := NewClient(e)
	if err != nil {
		return nil, err
	}
	pager := c.Models.ListAutoPaging(ctx)
	var names []string
	for pager.Next() {
		names = append(names, pager.Current().ID)
	}
	if err := pager.Err(); err != nil {
		return names, Explain(err, e, "")
	}
	return names, nil
}
