package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/seogo/seogo/i18n"
)

// route is one registered endpoint; the OpenAPI test walks these.
type route struct {
	pattern string
	role    Role // "" = public
}

// handle registers h for pattern ("METHOD /path"), behind authentication
// for role (none when role is ""), the rate limit, and per-route metrics.
func (s *Server) handle(pattern string, role Role, h http.HandlerFunc) {
	s.routes = append(s.routes, route{pattern: pattern, role: role})
	s.mux.Handle(pattern, s.instrument(pattern, func(w http.ResponseWriter, r *http.Request) {
		if role != "" {
			p, ok := s.authenticate(w, r, role)
			if !ok {
				return
			}
			r = r.WithContext(context.WithValue(r.Context(), principalKey{}, p))
		}
		h(w, r)
	}))
}

// Routes lists the registered endpoints as "METHOD /path" patterns.
func (s *Server) Routes() []string {
	out := make([]string, len(s.routes))
	for i, r := range s.routes {
		out[i] = r.pattern
	}
	return out
}

// statusWriter remembers the status for logs and metrics, and passes
// Flush through so server-sent events stream.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += int64(n)
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// instrument logs and measures one route.
func (s *Server) instrument(pattern string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h(sw, r)
		if sw.status == 0 {
			sw.status = http.StatusOK
		}
		d := time.Since(start)
		s.metrics.observe(pattern, sw.status, d)
		lvl := slogLevel(sw.status)
		s.log.Log(r.Context(), lvl, "request", "id", w.Header().Get("X-Request-Id"), "route", pattern,
			"path", r.URL.Path, "status", sw.status, "bytes", sw.bytes, "ms", float64(d.Microseconds())/1000,
			"key", keyID(r.Context()), "remote", r.RemoteAddr)
	})
}

// withCommon wraps every response: a request ID, security headers, and a
// recovered panic answered as a 500 instead of a dropped connection.
func (s *Server) withCommon(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var id [8]byte
		_, _ = rand.Read(id[:])
		h := w.Header()
		h.Set("X-Request-Id", hex.EncodeToString(id[:]))
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		// No inline script or style anywhere: a document's text can never
		// become code, even if some code path forgot textContent.
		h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "+
			"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v))
				s.fail(w, r, http.StatusInternalServerError, "internal", i18n.Errorf("내부 오류가 발생했습니다(버그입니다)", "internal error (this is a bug)"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// apiError is the error body of every endpoint, in OpenAI's shape (so
// OpenAI clients show the message) plus both languages.
type apiError struct {
	Message   string  `json:"message"`
	Type      string  `json:"type"`
	Code      string  `json:"code"`
	Param     *string `json:"param"`
	MessageKo string  `json:"message_ko,omitempty"`
	MessageEn string  `json:"message_en,omitempty"`
}

// fail writes an error response in the request's language.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, code string, err error) {
	typ := "invalid_request_error"
	switch {
	case status == http.StatusUnauthorized:
		typ = "authentication_error"
	case status == http.StatusForbidden:
		typ = "permission_error"
	case status == http.StatusTooManyRequests:
		typ = "rate_limit_error"
	case status >= 500:
		typ = "server_error"
	}
	e := apiError{Message: i18n.Localize(err, s.lang(r)), Type: typ, Code: code,
		MessageKo: i18n.Localize(err, i18n.Ko), MessageEn: i18n.Localize(err, i18n.En)}
	writeJSON(w, status, map[string]any{"error": e})
}

// failErr maps an engine error to a status: a missing collection or
// document is 404, a cancelled request 499-like 503, anything else 400.
func (s *Server) failErr(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case isNotFound(err):
		s.fail(w, r, http.StatusNotFound, "not_found", err)
	case errors.Is(err, context.DeadlineExceeded):
		s.fail(w, r, http.StatusGatewayTimeout, "timeout", i18n.Errorf("시간이 초과되었습니다: %w", "timed out: %w", err))
	case errors.Is(err, context.Canceled):
		s.fail(w, r, http.StatusServiceUnavailable, "cancelled", err)
	default:
		s.fail(w, r, http.StatusBadRequest, "bad_request", err)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true) // document text stays inert even if a client renders JSON as HTML
	_ = enc.Encode(v)
}

// readJSON decodes a bounded JSON body; it demands a JSON content type, so
// a plain HTML form on another site cannot post here (that would need a
// CORS preflight, which is never granted).
func (s *Server) readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(strings.ToLower(ct), "application/json") {
		s.fail(w, r, http.StatusUnsupportedMediaType, "content_type",
			i18n.Errorf("본문은 application/json 이어야 합니다", "the body must be application/json"))
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, s.opt.MaxBodyBytes))
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.fail(w, r, http.StatusRequestEntityTooLarge, "too_large",
				i18n.Errorf("요청 본문이 너무 큽니다(최대 %d바이트)", "request body too large (at most %d bytes)", s.opt.MaxBodyBytes))
			return false
		}
		s.fail(w, r, http.StatusBadRequest, "bad_json", i18n.Errorf("JSON 본문을 읽을 수 없습니다: %w", "cannot parse the JSON body: %w", err))
		return false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		s.fail(w, r, http.StatusBadRequest, "bad_json", i18n.Errorf("JSON 값 뒤에 다른 내용이 있습니다", "unexpected data after the JSON value"))
		return false
	}
	return true
}

// lang is the language a request is answered in: ?lang=, then
// Accept-Language, then the server's default.
func (s *Server) lang(r *http.Request) i18n.Lang {
	if l, ok := i18n.Parse(r.URL.Query().Get("lang")); ok {
		return l
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		first, _, _ := strings.Cut(al, ",")
		first, _, _ = strings.Cut(first, ";")
		if l, ok := i18n.Parse(first); ok {
			return l
		}
	}
	return s.opt.Lang
}

func slogLevel(status int) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400:
		return slog.LevelWarn
	}
	return slog.LevelInfo
}

// hostIsLocal reports whether a Host header names this machine: without
// keys, only such requests are served, so a web page cannot reach the API
// through a DNS name rebound to 127.0.0.1.
func hostIsLocal(host string) bool {
	h, _, err := net.SplitHostPort(host)
	if err != nil {
		h = host
	}
	h = strings.Trim(h, "[]")
	if h == "localhost" || strings.HasSuffix(h, ".localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
