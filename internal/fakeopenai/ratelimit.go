package fakeopenai

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"
)

// window is a sliding one-minute log of admitted requests and their token
// cost, which is how OpenAI and Azure describe their RPM and TPM limits.
type window struct {
	entries []admitted // oldest first
}

type admitted struct {
	at     time.Time
	tokens int
}

// limitVerdict says why a request was refused and when it would fit.
type limitVerdict struct {
	kind      string // "requests" or "tokens": the error type OpenAI reports
	limit     int
	used      int
	requested int
	wait      time.Duration
	tooLarge  bool // the request alone exceeds TPM; it can never fit
}

// admit logs a request costing tokens and returns nil when it fits both limits
// at now; otherwise it logs nothing, like the real service, which does not
// count rejected requests.
func (w *window) admit(now time.Time, rpm, tpm, tokens int) *limitVerdict {
	cut := 0
	for cut < len(w.entries) && now.Sub(w.entries[cut].at) >= time.Minute {
		cut++
	}
	w.entries = w.entries[cut:]
	if rpm > 0 && len(w.entries) >= rpm {
		oldest := w.entries[len(w.entries)-rpm]
		return &limitVerdict{kind: "requests", limit: rpm, used: len(w.entries), requested: 1,
			wait: oldest.at.Add(time.Minute).Sub(now)}
	}
	if tpm > 0 {
		used := 0
		for _, e := range w.entries {
			used += e.tokens
		}
		if tokens > tpm {
			return &limitVerdict{kind: "tokens", limit: tpm, used: used, requested: tokens, wait: time.Minute, tooLarge: true}
		}
		if used+tokens > tpm {
			// Wait until enough of the oldest entries expire.
			free, i := tpm-used-tokens, 0
			for ; free < 0; i++ {
				free += w.entries[i].tokens
			}
			return &limitVerdict{kind: "tokens", limit: tpm, used: used, requested: tokens,
				wait: w.entries[i-1].at.Add(time.Minute).Sub(now)}
		}
	}
	w.entries = append(w.entries, admitted{now, tokens})
	return nil
}

// limit admits a request or writes the 429 the real service sends, and adds
// OpenAI's x-ratelimit-* headers either way. It reports whether to go on.
// model names the model in OpenAI's message, the operation in Azure's
// (ChatCompletions_Create, Embeddings_Create).
func (s *Server) limit(w http.ResponseWriter, model string, tokens int) bool {
	if s.opt.RPM <= 0 && s.opt.TPM <= 0 {
		return true
	}
	now := time.Now()
	s.mu.Lock()
	v := s.window.admit(now, s.opt.RPM, s.opt.TPM, tokens)
	if v != nil {
		s.rateLimited++
	}
	usedReq, usedTok := len(s.window.entries), 0
	for _, e := range s.window.entries {
		usedTok += e.tokens
	}
	s.mu.Unlock()

	h := w.Header()
	if s.opt.RPM > 0 {
		h.Set("x-ratelimit-limit-requests", strconv.Itoa(s.opt.RPM))
		h.Set("x-ratelimit-remaining-requests", strconv.Itoa(max(0, s.opt.RPM-usedReq)))
	}
	if s.opt.TPM > 0 {
		h.Set("x-ratelimit-limit-tokens", strconv.Itoa(s.opt.TPM))
		h.Set("x-ratelimit-remaining-tokens", strconv.Itoa(max(0, s.opt.TPM-usedTok)))
	}
	if v == nil {
		return true
	}
	wait := max(v.wait, time.Millisecond)
	// Both headers, as Azure sends them; the SDK prefers retry-after-ms.
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	h.Set("retry-after-ms", strconv.FormatInt(int64(math.Ceil(float64(wait)/float64(time.Millisecond))), 10))
	h.Set("x-ratelimit-reset-"+v.kind, wait.Round(time.Millisecond).String())
	if s.opt.Azure {
		writeAzureError(w, http.StatusTooManyRequests, "429", fmt.Sprintf(
			"Requests to the %s Operation under Azure OpenAI API have exceeded %s rate limit of your current OpenAI S0 pricing tier. Please retry after %d seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.",
			model, map[string]string{"requests": "call", "tokens": "token"}[v.kind], int(math.Ceil(wait.Seconds()))))
		return false
	}
	unit := map[string]string{"requests": "requests per min (RPM)", "tokens": "tokens per min (TPM)"}[v.kind]
	msg := fmt.Sprintf("Rate limit reached for %s in organization org-fakeopenai on %s: Limit %d, Used %d, Requested %d. Please try again in %s. Visit https://platform.openai.com/account/rate-limits to learn more.",
		model, unit, v.limit, v.used, v.requested, wait.Round(time.Millisecond))
	if v.tooLarge {
		msg = fmt.Sprintf("Request too large for %s in organization org-fakeopenai on %s: Limit %d, Requested %d. The input or output tokens must be reduced in order to run successfully. Visit https://platform.openai.com/account/rate-limits to learn more.",
			model, unit, v.limit, v.requested)
	}
	writeError(w, http.StatusTooManyRequests, apiError{Message: msg, Type: v.kind, Code: "rate_limit_exceeded"})
	return false
}

// approxTokens is the usual rule of thumb for BPE tokens: one per four bytes.
func approxTokens(text string) int {
	if text == "" {
		return 0
	}
	return (len(text) + 3) / 4
}
