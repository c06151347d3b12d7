// Package fakeopenai is an in-process fake of the OpenAI and Azure OpenAI REST
// APIs for tests. It speaks their wire formats closely enough that the official
// github.com/openai/openai-go/v3 SDK cannot tell it from the real service: the
// same paths, JSON bodies, SSE streams, error bodies, status codes and
// rate-limit headers. Remote APIs cannot be reached from tests, so every
// provider and failure path of seogo's LLM and embedding clients is tested
// against this server instead.
//
// Start one per test with [New]; give [Server.URL] to the SDK as its base URL
// (OpenAI mode) or endpoint (Azure mode). Failures are injected with
// [Server.FailNext], [Server.DropStreamAfter] and [Server.Slow], and what the
// client sent is read back with [Server.Requests] and [Server.Chats].
package fakeopenai

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options configures a fake server. The zero value serves OpenAI paths under
// /v1 without authentication, for [DefaultModels].
type Options struct {
	// APIKey is the key a request must carry: "Authorization: Bearer KEY" in
	// OpenAI mode; "api-key: KEY" or "Authorization: Bearer KEY" (an Entra ID
	// token) in Azure mode. Empty disables the check.
	APIKey string
	// Azure serves Azure OpenAI paths instead of OpenAI ones:
	// /openai/deployments/{deployment}/chat/completions and /embeddings, and
	// /openai/models, each requiring ?api-version=.
	Azure bool
	// Deployments are the Azure deployment names that exist; others get 404
	// DeploymentNotFound. Empty accepts any name.
	Deployments []string
	// APIVersion is the one Azure api-version accepted; others get 400 "API
	// version not supported". Empty accepts any non-empty version.
	APIVersion string
	// Models are the model IDs the account can use (GET models lists them;
	// chat and embeddings with another model get 404 model_not_found). Nil
	// means [DefaultModels]. Not checked in Azure mode, which routes by
	// deployment.
	Models []string
	// EmbedDim is the native embedding dimension. Zero means the model's own:
	// 3072 for text-embedding-3-large, 1536 otherwise.
	EmbedDim int
	// Latency is added before every response.
	Latency time.Duration
	// ChunkDelay is a pause between SSE chunks, so tests can cancel mid-stream.
	ChunkDelay time.Duration
	// RPM and TPM are requests and tokens per minute (tokens ≈ bytes/4) over a
	// sliding one-minute window; beyond them the server answers 429 with
	// Retry-After and retry-after-ms. Zero means unlimited.
	RPM, TPM int
	// Reply returns the assistant text for a chat request; nil means
	// [DefaultReply]. It may be called from several goroutines at once.
	Reply func(req ChatRequest) string
	// StreamChunk is the number of runes per streamed content delta (default 3).
	StreamChunk int
	// TLS serves HTTPS with a test certificate; use [Server.Client] or
	// [Server.CACertPEM] to trust it. The Azure SDK sends credentials over plain
	// HTTP only with azure.WithUnsafeAllowHTTP.
	TLS bool
}

// DefaultReply is the assistant text when Options.Reply is nil. It mixes
// Hangul and Latin so that streaming splits multi-byte runes.
const DefaultReply = "안녕하세요. This is a reply from fakeopenai."

// DefaultModels returns the model IDs served when Options.Models is nil.
func DefaultModels() []string {
	return []string{"gpt-4o", "gpt-4o-mini", "gpt-4.1-mini", "text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002"}
}

// Recorded is one request as the server received it.
type Recorded struct {
	Method   string
	Path     string // decoded URL path, e.g. /openai/deployments/chat/chat/completions
	RawQuery string // e.g. api-version=2024-10-21
	Header   http.Header
	Body     []byte
	Time     time.Time
}

// Server is a running fake. Its methods are safe for concurrent use.
type Server struct {
	// URL is what to give the SDK: option.WithBaseURL(URL) in OpenAI mode (it
	// ends with /v1), azure.WithEndpoint(URL, version) in Azure mode.
	URL string

	ts  *httptest.Server
	opt Options

	mu          sync.Mutex
	requests    []Recorded
	chats       []ChatRequest
	failures    []failure
	dropAfter   int // deltas before the next stream is cut; -1 when none is armed
	slow        time.Duration
	window      window
	seq         int
	embedCalls  int
	embedInputs int
	rateLimited int
}

type failure struct {
	status int
	body   string
	header http.Header
}

// New starts a fake server; t.Cleanup closes it.
func New(t testing.TB, opt Options) *Server {
	t.Helper()
	if opt.Models == nil {
		opt.Models = DefaultModels()
	}
	if opt.StreamChunk <= 0 {
		opt.StreamChunk = 3
	}
	s := &Server{opt: opt, dropAfter: -1}
	if opt.TLS {
		s.ts = httptest.NewTLSServer(http.HandlerFunc(s.serve))
	} else {
		s.ts = httptest.NewServer(http.HandlerFunc(s.serve))
	}
	t.Cleanup(s.ts.Close)
	s.URL = s.ts.URL
	if !opt.Azure {
		s.URL += "/v1"
	}
	return s
}

// Client returns an HTTP client that trusts the server's TLS certificate.
func (s *Server) Client() *http.Client { return s.ts.Client() }

// CACertPEM returns the PEM of the TLS certificate (nil without Options.TLS),
// for tests of a custom CA bundle.
func (s *Server) CACertPEM() []byte {
	if s.ts.Certificate() == nil {
		return nil
	}
	return pemCert(s.ts.Certificate().Raw)
}

// FailNext makes the next n requests fail with status. An empty body means the
// body the real service sends for that status (OpenAI's or Azure's shape);
// header is added to each failure, e.g. Retry-After: 1 or x-should-retry.
func (s *Server) FailNext(n int, status int, body string, header http.Header) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures = append(s.failures, failure{status, body, header.Clone()})
	}
}

// DropStreamAfter makes the next streamed chat send its role chunk and n
// content deltas, then close the connection without a final chunk or [DONE],
// as a broken proxy or network does.
func (s *Server) DropStreamAfter(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.dropAfter = n
}

// Slow makes the next response wait d before its headers (for timeout tests).
func (s *Server) Slow(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.slow = d
}

// Requests returns every request received, in arrival order.
func (s *Server) Requests() []Recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.requests)
}

// Chats returns every chat request the server answered with a completion,
// decoded, in arrival order; requests refused with an error (auth, 404, 429,
// injected failures) are only in Requests.
func (s *Server) Chats() []ChatRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.chats)
}

// EmbedCalls returns the number of embedding requests answered with vectors.
func (s *Server) EmbedCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.embedCalls
}

// EmbedInputs returns the number of texts embedded over all EmbedCalls.
func (s *Server) EmbedInputs() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.embedInputs
}

// RateLimited returns the number of 429 responses served, by the RPM/TPM
// limiter or by FailNext.
func (s *Server) RateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rateLimited
}

// serve records the request, applies the injected delays and failures, then
// checks authentication and routes, in the order the real services do: a bad
// key never reaches a model, and a rate limit is only counted for valid calls.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(io.LimitReader(r.Body, 256<<20))
	s.mu.Lock()
	s.requests = append(s.requests, Recorded{
		Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: body, Time: time.Now(),
	})
	s.seq++
	seq := s.seq
	delay := s.opt.Latency + s.slow
	s.slow = 0
	var fail *failure
	if len(s.failures) > 0 {
		fail = &s.failures[0]
		s.failures = s.failures[1:]
		if fail.status == http.StatusTooManyRequests {
			s.rateLimited++
		}
	}
	s.mu.Unlock()

	if !sleep(r, delay) {
		return
	}
	w.Header().Set("x-request-id", fmt.Sprintf("req_fake%012d", seq))
	if s.opt.Azure {
		w.Header().Set("apim-request-id", fmt.Sprintf("00000000-0000-0000-0000-%012d", seq))
	} else {
		w.Header().Set("openai-version", "2020-10-01")
	}
	if fail != nil {
		s.writeFailure(w, *fail)
		return
	}
	if s.opt.Azure {
		s.serveAzure(w, r, body)
		return
	}
	if !s.authorized(r) {
		s.writeAuthError(w, r)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/v1/")
	switch {
	case ok && rest == "chat/completions" && r.Method == http.MethodPost:
		s.serveChat(w, r, body, "")
	case ok && rest == "embeddings" && r.Method == http.MethodPost:
		s.serveEmbeddings(w, body, "")
	case ok && rest == "models" && r.Method == http.MethodGet:
		s.serveModelList(w)
	case ok && strings.HasPrefix(rest, "models/") && r.Method == http.MethodGet:
		s.serveModel(w, strings.TrimPrefix(rest, "models/"))
	default:
		// The real API answers unknown routes and wrong methods alike.
		writeError(w, http.StatusNotFound, apiError{
			Message: fmt.Sprintf("Invalid URL (%s %s)", r.Method, r.URL.Path),
			Type:    "invalid_request_error",
		})
	}
}

// serveAzure mimics Azure OpenAI's data plane: api-version is checked first (a
// missing one is a plain 404 "Resource not found", the status Azure really
// returns), then the key, the version's value, and the deployment.
func (s *Server) serveAzure(w http.ResponseWriter, r *http.Request, body []byte) {
	version := r.URL.Query().Get("api-version")
	if version == "" {
		writeAzureError(w, http.StatusNotFound, "404", "Resource not found")
		return
	}
	if !s.authorized(r) {
		s.writeAuthError(w, r)
		return
	}
	if s.opt.APIVersion != "" && version != s.opt.APIVersion {
		writeAzureError(w, http.StatusBadRequest, "BadRequest", "API version not supported")
		return
	}
	if r.URL.Path == "/openai/models" && r.Method == http.MethodGet {
		s.serveAzureModelList(w)
		return
	}
	rest, ok := strings.CutPrefix(r.URL.Path, "/openai/deployments/")
	deployment, op, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 || deployment == "" || r.Method != http.MethodPost || (op != "chat/completions" && op != "embeddings") {
		writeAzureError(w, http.StatusNotFound, "404", "Resource not found")
		return
	}
	if len(s.opt.Deployments) > 0 && !slices.Contains(s.opt.Deployments, deployment) {
		writeAzureError(w, http.StatusNotFound, "DeploymentNotFound",
			"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.")
		return
	}
	if op == "chat/completions" {
		s.serveChat(w, r, body, deployment)
	} else {
		s.serveEmbeddings(w, body, deployment)
	}
}

// authorized checks the credential where each service expects it. Azure takes
// the key in api-key, or a bearer token (Entra ID) in Authorization.
func (s *Server) authorized(r *http.Request) bool {
	if s.opt.APIKey == "" {
		return true
	}
	bearer, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if s.opt.Azure && r.Header.Get("api-key") == s.opt.APIKey {
		return true
	}
	return bearer == s.opt.APIKey
}

func (s *Server) writeAuthError(w http.ResponseWriter, r *http.Request) {
	if s.opt.Azure {
		writeAzureError(w, http.StatusUnauthorized, "401",
			"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.")
		return
	}
	key, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || key == "" {
		writeError(w, http.StatusUnauthorized, apiError{
			Message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
			Type:    "invalid_request_error",
		})
		return
	}
	writeError(w, http.StatusUnauthorized, apiError{
		Message: fmt.Sprintf("Incorrect API key provided: %s. You can find your API key at https://platform.openai.com/account/api-keys.", maskKey(key)),
		Type:    "invalid_request_error",
		Code:    "invalid_api_key",
	})
}

// maskKey hides a key the way the real 401 message does, so tests can check
// that no client echoes a secret it was given.
func maskKey(key string) string {
	if len(key) <= 8 {
		return strings.Repeat("*", len(key))
	}
	return key[:3] + strings.Repeat("*", len(key)-7) + key[len(key)-4:]
}

func (s *Server) writeFailure(w http.ResponseWriter, f failure) {
	for k, vs := range f.header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if f.body != "" {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(f.status)
		_, _ = io.Copy(w, bytes.NewReader([]byte(f.body)))
		return
	}
	if s.opt.Azure {
		writeAzureError(w, f.status, fmt.Sprint(f.status), http.StatusText(f.status))
		return
	}
	writeError(w, f.status, defaultError(f.status))
}

// sleep waits d unless the client goes away first; it reports whether the
// client is still there, so an abandoned request writes nothing.
func sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}
