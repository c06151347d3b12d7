// Package server is seogo over HTTP: a REST API (/api/v1), an
// OpenAI-compatible API (/v1), a web UI embedded in the binary, and the
// operational endpoints (/healthz, /readyz, /metrics). Every behaviour goes
// through the seogo.Engine facade, the same one the CLI uses.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/i18n"
)

// Options configure a Server; zero values take the defaults noted.
type Options struct {
	// Addr is where Serve listens (default 127.0.0.1:8080).
	Addr string
	// Logger receives one structured line per request (default: discard).
	Logger *slog.Logger
	// Lang is the language of messages when a request does not say (?lang=,
	// Accept-Language); default Korean.
	Lang i18n.Lang
	// MaxBodyBytes bounds JSON request bodies (default 1 MiB).
	MaxBodyBytes int64
	// MaxUploadBytes bounds one upload request (default 256 MiB); one file
	// is bounded by the engine's ingest.max_file_mb as well.
	MaxUploadBytes int64
	// RatePerSecond and Burst limit each API key (default 20/s, burst 40);
	// RatePerSecond < 0 turns the limit off. Without keys (one local user)
	// nothing is limited.
	RatePerSecond float64
	Burst         int
	// RequestTimeout bounds a search or a JSON call (default 60s);
	// AnswerTimeout bounds an answer, streamed or not (default 5m).
	RequestTimeout time.Duration
	AnswerTimeout  time.Duration
	// ShutdownTimeout is how long Serve waits for in-flight requests
	// after its context ends (default 30s).
	ShutdownTimeout time.Duration
	// NoIngest makes an API-only node on a shared store (PostgreSQL): it
	// queues uploads and answers, and other nodes run the ingest jobs.
	NoIngest bool
	// JobLease is how long a node holds a shared ingest job without renewing
	// it (it renews every third of it); a node that dies loses its jobs to
	// the others after this long (default 2m).
	JobLease time.Duration
}

func (o *Options) defaults() {
	if o.Addr == "" {
		o.Addr = "127.0.0.1:8080"
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Lang == "" {
		o.Lang = i18n.Ko
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = 1 << 20
	}
	if o.JobLease <= 0 {
		o.JobLease = 2 * time.Minute
	}
	if o.MaxUploadBytes <= 0 {
		o.MaxUploadBytes = 256 << 20
	}
	if o.RatePerSecond == 0 {
		o.RatePerSecond = 20
	}
	if o.Burst <= 0 {
		o.Burst = 2 * max(int(o.RatePerSecond), 1)
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = 60 * time.Second
	}
	if o.AnswerTimeout <= 0 {
		o.AnswerTimeout = 5 * time.Minute
	}
	if o.ShutdownTimeout <= 0 {
		o.ShutdownTimeout = 30 * time.Second
	}
}

// Server serves one Engine. Create it with New; it is an http.Handler.
type Server struct {
	eng     *seogo.Engine
	dataDir string // absolute, symlinks resolved: uploads are compared with stored paths
	keys    *KeyStore
	opt     Options
	log     *slog.Logger
	metrics *metrics
	limits  *limiters
	jobs    *jobs
	mux     *http.ServeMux
	handler http.Handler
	routes  []route
	// loopback is true when the server may run without keys: it is
	// listening on a loopback address only (set by Serve; tests set it).
	loopback atomic.Bool
	closing  atomic.Bool
}

// New builds a Server over eng, with the key file of eng's data directory.
// It resumes the upload jobs a previous run left unfinished.
func New(eng *seogo.Engine, opt Options) (*Server, error) {
	opt.defaults()
	keys, err := KeysFor(eng.Store(), eng.Config().DataDir)
	if err != nil {
		return nil, err
	}
	dataDir, err := filepath.Abs(eng.Config().DataDir)
	if err != nil {
		return nil, err
	}
	if real, err := filepath.EvalSymlinks(dataDir); err == nil {
		dataDir = real
	}
	s := &Server{eng: eng, dataDir: dataDir, keys: keys, opt: opt, log: opt.Logger, metrics: newMetrics(),
		limits: newLimiters(opt.RatePerSecond, opt.Burst)}
	s.loopback.Store(isLoopback(opt.Addr))
	s.jobs = newJobs(s, filepath.Join(dataDir, "uploads"))
	s.mux = http.NewServeMux()
	s.register()
	s.handler = s.withCommon(s.mux)
	s.jobs.resume()
	return s, nil
}

// ServeHTTP makes the Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Serve listens on Options.Addr until ctx ends, then stops taking requests,
// lets those in flight finish (up to ShutdownTimeout) and stops the ingest
// jobs, which resume at the next start. It refuses a non-loopback address
// while no API key exists: that would publish every document unauthenticated.
func (s *Server) Serve(ctx context.Context, ready func(addr string)) error {
	if !isLoopback(s.opt.Addr) && s.keys.Empty() {
		return i18n.Errorf("API 키 없이 %s 에 열 수 없습니다: 루프백 주소(127.0.0.1)를 쓰거나 먼저 seogo keys create --role admin 으로 키를 만드세요",
			"refusing to listen on %s without API keys: use a loopback address (127.0.0.1) or create a key first with `seogo keys create --role admin`",
			s.opt.Addr)
	}
	ln, err := net.Listen("tcp", s.opt.Addr)
	if err != nil {
		return i18n.Errorf("%s 에서 들을 수 없습니다: %w", "cannot listen on %s: %w", s.opt.Addr, err)
	}
	s.loopback.Store(isLoopback(ln.Addr().String()))
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	s.log.Info("serving", "addr", ln.Addr().String(), "auth", !s.keys.Empty())
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		s.jobs.stop()
		return err
	case <-ctx.Done():
	}
	s.closing.Store(true)
	sctx, cancel := context.WithTimeout(context.Background(), s.opt.ShutdownTimeout)
	defer cancel()
	err = hs.Shutdown(sctx)
	s.jobs.stop()
	if err == nil || errors.Is(err, http.ErrServerClosed) {
		s.log.Info("stopped")
		return nil
	}
	return err
}

// SetLoopback tells a server driven by a test's listener whether it may run
// without keys.
func (s *Server) SetLoopback(v bool) { s.loopback.Store(v) }

// Keys is the server's key store.
func (s *Server) Keys() *KeyStore { return s.keys }

// isLoopback reports whether addr (host:port) only accepts local
// connections. An empty host (":8080") means every interface: not loopback.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// uploadDir is where the uploads of a collection are kept.
func (s *Server) uploadDir(coll string) string {
	return filepath.Join(s.dataDir, "uploads", coll)
}
