package guard

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"
)

// Audit appends one JSON line per finding to a log file: when, at which
// stage, which entity, where, what was done, by which detector, with which
// score, for which request — and a hash of the value, never the value
// itself, so the log proves what the guard did without becoming a second
// copy of the personal data it protects.
//
// The hash is HMAC-SHA256 under the policy's hash key when there is one:
// equal values hash equally across restarts, so an auditor can tell that
// the same number recurred, and nobody without the key can test guesses.
// Without a key it is SHA-256 over a random salt drawn when the Audit is
// opened: a plain SHA-256 would be no protection at all, since a resident
// registration number has about 10^9 plausible values and a laptop hashes
// them all in seconds; the salt keeps the hashes comparable within one
// process and useless for such a search.
//
// When the file would grow past MaxBytes it is rotated: audit.jsonl becomes
// audit.jsonl.1, .1 becomes .2, and so on up to Keep files. An Audit is
// safe for concurrent use.
type Audit struct {
	mu       sync.Mutex
	path     string
	maxBytes int64
	keep     int
	f        *os.File
	size     int64
	key      []byte
	salted   bool
	now      func() time.Time
}

// AuditOptions configure OpenAudit.
type AuditOptions struct {
	// MaxBytes is the size at which the file rotates (default 10 MiB).
	MaxBytes int64
	// Keep is how many rotated files stay (default 5); older ones are
	// deleted.
	Keep int
	// HashKey keys the HMAC of values; use the policy's HashKey. Empty
	// means a random per-process salt (see Audit).
	HashKey string
}

// AuditRecord is one line of the audit log.
type AuditRecord struct {
	Time      time.Time `json:"time"`
	Stage     string    `json:"stage"`
	Entity    string    `json:"entity"`
	Start     int       `json:"start"`
	End       int       `json:"end"`
	Action    Action    `json:"action"`
	Detector  string    `json:"detector"`
	Score     float64   `json:"score"`
	Hash      string    `json:"hash"`
	RequestID string    `json:"request_id,omitempty"`
}

// OpenAudit opens (or creates) the log at path for appending.
func OpenAudit(path string, opt AuditOptions) (*Audit, error) {
	a := &Audit{path: path, maxBytes: opt.MaxBytes, keep: opt.Keep, key: []byte(opt.HashKey), now: time.Now}
	if a.maxBytes <= 0 {
		a.maxBytes = 10 << 20
	}
	if a.keep <= 0 {
		a.keep = 5
	}
	if len(a.key) == 0 {
		a.key = make([]byte, 32)
		if _, err := rand.Read(a.key); err != nil {
			return nil, fmt.Errorf("guard: audit salt: %w", err)
		}
		a.salted = true
	}
	if err := a.open(); err != nil {
		return nil, err
	}
	return a, nil
}

func (a *Audit) open() error {
	f, err := os.OpenFile(a.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("guard: open audit log (check the directory exists and is writable): %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("guard: audit log: %w", err)
	}
	a.f, a.size = f, st.Size()
	return nil
}

// Hash returns the audit hash of an entity's value (see Audit).
func (a *Audit) Hash(entity, value string) string {
	if a.salted {
		h := sha256.New()
		h.Write(a.key)
		h.Write([]byte(entity))
		h.Write([]byte{0})
		h.Write([]byte(canonical(entity, value)))
		return hex.EncodeToString(h.Sum(nil))
	}
	m := hmac.New(sha256.New, a.key)
	m.Write([]byte(entity))
	m.Write([]byte{0})
	m.Write([]byte(canonical(entity, value)))
	return hex.EncodeToString(m.Sum(nil))
}

// Record appends one line per finding, under one lock, so that a request's
// findings stay together.
func (a *Audit) Record(ctx context.Context, findings ...Finding) error {
	if a == nil || len(findings) == 0 {
		return nil
	}
	id := RequestID(ctx)
	var buf []byte
	now := a.now().UTC()
	for _, f := range findings {
		rec := AuditRecord{Time: now, Stage: f.Stage, Entity: f.Entity, Start: f.Start, End: f.End, Action: f.Action,
			Detector: f.Detector, Score: f.Score, RequestID: id}
		if f.Text != "" {
			rec.Hash = a.Hash(f.Entity, f.Text)
		}
		line, err := json.Marshal(rec)
		if err != nil {
			return fmt.Errorf("guard: audit record: %w", err)
		}
		buf = append(append(buf, line...), '\n')
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.f == nil {
		return fmt.Errorf("guard: audit log %s is closed", a.path)
	}
	if a.size > 0 && a.size+int64(len(buf)) > a.maxBytes {
		if err := a.rotate(); err != nil {
			return err
		}
	}
	n, err := a.f.Write(buf)
	a.size += int64(n)
	if err != nil {
		return fmt.Errorf("guard: write audit log: %w", err)
	}
	return nil
}

func (a *Audit) record(ctx context.Context, findings []Finding) error {
	return a.Record(ctx, findings...)
}

// rotate shifts path.N-1 → path.N … path → path.1 and opens a new path.
func (a *Audit) rotate() error {
	if err := a.f.Close(); err != nil {
		return fmt.Errorf("guard: close audit log: %w", err)
	}
	a.f = nil
	os.Remove(a.path + "." + strconv.Itoa(a.keep))
	for i := a.keep - 1; i >= 1; i-- {
		old := a.path + "." + strconv.Itoa(i)
		if _, err := os.Stat(old); err == nil {
			if err := os.Rename(old, a.path+"."+strconv.Itoa(i+1)); err != nil {
				return fmt.Errorf("guard: rotate audit log: %w", err)
			}
		}
	}
	if err := os.Rename(a.path, a.path+".1"); err != nil {
		return fmt.Errorf("guard: rotate audit log: %w", err)
	}
	return a.open()
}

// Close flushes and closes the log; later Records fail.
func (a *Audit) Close() error {
	if a == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.f == nil {
		return nil
	}
	err := a.f.Close()
	a.f = nil
	return err
}

type requestIDKey struct{}

// WithRequestID returns a context whose Check calls are recorded in the
// audit log under id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the id set by WithRequestID, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
