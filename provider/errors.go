package provider

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/openai/openai-go/v3"

	"github.com/seogo/seogo/i18n"
)

// Sentinels for the failures a user fixes differently; test with errors.Is.
var (
	ErrAuth        = i18n.Errorf("인증 실패", "authentication failed")
	ErrForbidden   = i18n.Errorf("접근 거부", "access denied")
	ErrNotFound    = i18n.Errorf("모델 또는 배포를 찾을 수 없음", "model or deployment not found")
	ErrRateLimited = i18n.Errorf("요청 한도 초과", "rate limited")
	ErrBadRequest  = i18n.Errorf("요청이 거부됨", "request rejected")
	ErrServer      = i18n.Errorf("공급자 서버 오류", "provider server error")
	ErrUnreachable = i18n.Errorf("서버에 연결할 수 없음", "cannot reach the server")
	ErrTimeout     = i18n.Errorf("시간 초과", "timed out")
)

// Explain turns an SDK or network error into one that says what is wrong
// and what to do, naming the provider, model and the setting to change. It
// never includes credentials. The sentinel above is the cause, for
// errors.Is; the provider's own message follows in brackets.
func Explain(err error, e Endpoint, model string) error {
	if err == nil {
		return nil
	}
	where := e.Describe()
	var apiErr *openai.Error
	if errors.As(err, &apiErr) {
		detail := strings.TrimSpace(apiErr.Message)
		if detail == "" {
			detail = http.StatusText(apiErr.StatusCode)
		}
		return explainStatus(apiErr.StatusCode, apiErr.Code, detail, e, where, model)
	}
	if errors.Is(err, context.Canceled) {
		return err
	}
	if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
		return i18n.Errorf("%w: %s 의 응답이 너무 늦습니다. llm.timeout 을 늘리거나 서버 상태를 확인하세요",
			"%w: %s answered too slowly; raise llm.timeout or check the server", ErrTimeout, where)
	}
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	if errors.As(err, &unknownCA) || errors.As(err, &hostErr) || strings.Contains(err.Error(), "certificate") {
		return i18n.Errorf("%w: %s 의 TLS 인증서를 확인할 수 없습니다. 사내 CA 라면 llm.ca_file 에 PEM 파일을 지정하세요 (%s)",
			"%w: cannot verify the TLS certificate of %s; for a corporate CA set llm.ca_file to its PEM bundle (%s)", ErrUnreachable, where, err.Error())
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return i18n.Errorf("%w: 호스트 이름 %s 을(를) 찾을 수 없습니다. 주소와 DNS(사설 엔드포인트라면 사설 DNS 영역)를 확인하세요",
			"%w: host name %s not found; check the address and DNS (for a private endpoint, its private DNS zone)", ErrUnreachable, dnsErr.Name)
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		hint := i18n.Text{Ko: "서버가 실행 중인지 확인하세요", En: "check that the server is running"}
		if e.Provider == Ollama {
			hint = i18n.Text{Ko: "`ollama serve` 로 Ollama 를 실행하세요", En: "start Ollama with `ollama serve`"}
		}
		return i18n.Errorf("%w: %s 이(가) 연결을 거부했습니다. %s", "%w: %s refused the connection; %s", ErrUnreachable, where, hint)
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return i18n.Errorf("%w: %s (%s). 네트워크와 프록시 설정(llm.proxy, HTTPS_PROXY)을 확인하세요",
			"%w: %s (%s); check the network and proxy settings (llm.proxy, HTTPS_PROXY)", ErrUnreachable, where, opErr.Error())
	}
	return i18n.Errorf("%s 요청 실패: %w", "request to %s failed: %w", where, err)
}

func explainStatus(status int, code, detail string, e Endpoint, where, model string) error {
	switch {
	case status == http.StatusUnauthorized:
		fix := i18n.Text{Ko: "OPENAI_API_KEY 또는 llm.api_key 를 확인하세요", En: "check OPENAI_API_KEY or llm.api_key"}
		if e.Provider == Azure {
			fix = i18n.Text{Ko: "AZURE_OPENAI_API_KEY(또는 토큰)가 이 리소스의 키인지 확인하세요", En: "check that AZURE_OPENAI_API_KEY (or the token) belongs to this resource"}
		}
		return i18n.Errorf("%w: %s 이(가) 키를 거부했습니다. %s [%s]", "%w: %s rejected the key; %s [%s]", ErrAuth, where, fix, detail)
	case status == http.StatusForbidden:
		return i18n.Errorf("%w: %s — 키에 이 모델 권한이 없거나, 사설 엔드포인트의 네트워크 규칙(방화벽, VNet)이 이 컴퓨터를 막고 있습니다 [%s]",
			"%w: %s — the key lacks access to this model, or the endpoint's network rules (firewall, VNet) block this machine [%s]", ErrForbidden, where, detail)
	case status == http.StatusNotFound:
		if e.Provider == Azure {
			return i18n.Errorf("%w: 배포 %q 또는 api-version %s 이(가) %s 에 없습니다. Azure 포털의 배포 이름과 api_version 을 확인하세요 [%s]",
				"%w: deployment %q or api-version %s does not exist at %s; check the deployment name in the Azure portal and api_version [%s]",
				ErrNotFound, model, orDefault(e.APIVersion, DefaultAzureAPIVersion), e.AzureEndpoint, detail)
		}
		return i18n.Errorf("%w: %s 에 모델 %q 이(가) 없습니다. `seogo models` 로 목록을 보세요(Ollama 는 `ollama pull %s`) [%s]",
			"%w: %s has no model %q; list them with `seogo models` (Ollama: `ollama pull %s`) [%s]", ErrNotFound, where, model, model, detail)
	case status == http.StatusTooManyRequests:
		if code == "insufficient_quota" {
			return i18n.Errorf("%w: %s 의 사용량 한도(quota)를 다 썼습니다. 요금제나 결제를 확인하세요 [%s]",
				"%w: the quota at %s is used up; check the plan or billing [%s]", ErrRateLimited, where, detail)
		}
		return i18n.Errorf("%w: %s 이(가) 재시도 후에도 요청을 제한합니다. embedding.requests_per_minute 를 낮추거나 잠시 후 다시 하세요 [%s]",
			"%w: %s still rate-limits after retries; lower embedding.requests_per_minute or try later [%s]", ErrRateLimited, where, detail)
	case status == http.StatusBadRequest || status == http.StatusUnprocessableEntity || status == http.StatusRequestEntityTooLarge:
		if code == "context_length_exceeded" || strings.Contains(detail, "context length") || strings.Contains(detail, "maximum context") {
			return i18n.Errorf("%w: 프롬프트가 모델 %q 의 문맥 길이를 넘습니다. llm.context_tokens 를 줄이세요 [%s]",
				"%w: the prompt exceeds the context window of model %q; lower llm.context_tokens [%s]", ErrBadRequest, model, detail)
		}
		return i18n.Errorf("%w: %s [%s]", "%w: %s [%s]", ErrBadRequest, where, detail)
	case status >= 500:
		return i18n.Errorf("%w: %s 이(가) 재시도 후에도 %d 오류를 냅니다. 잠시 후 다시 하세요 [%s]",
			"%w: %s still fails with status %d after retries; try again later [%s]", ErrServer, where, status, detail)
	}
	return i18n.Errorf("%s 요청 실패(%d): %s", "request to %s failed (%d): %s", where, status, detail)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
