package provider

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// RetryTimeouts runs fn again when an attempt ran out of its per-request
// time. The SDK retries connection errors, 408, 409, 429 and 5xx itself,
// honouring Retry-After, but it returns its own timeout at once; a provider
// that stalls now and then (a cold Ollama model, a busy gateway) deserves
// the same patience. It waits 0.5 s × 2ⁿ less up to 25% jitter between
// attempts; the caller's own deadline or cancellation is never retried.
func RetryTimeouts(ctx context.Context, e Endpoint, fn func() error) error {
	retries := e.MaxRetries
	if retries == 0 {
		retries = DefaultMaxRetries
	}
	for attempt := 0; ; attempt++ {
		err := fn()
		if err == nil || ctx.Err() != nil || attempt >= retries || !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		wait := time.Duration(float64(500*time.Millisecond) * float64(int(1)<<attempt) * (1 - 0.25*rand.Float64()))
		select {
		case <-time.After(min(wait, 8*time.Second)):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
