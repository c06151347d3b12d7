package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/seogo/seogo/i18n"
)

// principal is who is calling: a key, or (key == nil) the single local user
// of a server that has no keys and listens on loopback only.
type principal struct{ key *Key }

type principalKey struct{}

func principalOf(ctx context.Context) principal {
	p, _ := ctx.Value(principalKey{}).(principal)
	return p
}

func keyID(ctx context.Context) string {
	if p := principalOf(ctx); p.key != nil {
		return p.key.ID
	}
	return ""
}

// canUse reports whether the caller may use collection coll.
func (p principal) canUse(coll string) bool { return p.key == nil || p.key.CanUse(coll) }

// groups are the access groups passed to the store with every read: nil
// (everything) for the local user and admins; a key's groups otherwise,
// and an empty non-nil list for a key without groups, which therefore
// reads only documents open to all.
func (p principal) groups() []string {
	if p.key == nil || p.key.Role == RoleAdmin {
		return nil
	}
	if len(p.key.Groups) == 0 {
		return []string{}
	}
	return p.key.Groups
}

func (p principal) role() Role {
	if p.key == nil {
		return RoleAdmin
	}
	return p.key.Role
}

var (
	errNoKey = i18n.Errorf("API 키가 필요합니다: Authorization: Bearer <키> 헤더로 보내세요",
		"an API key is required: send it as Authorization: Bearer <key>")
	errBadKey   = i18n.Errorf("API 키가 올바르지 않거나 폐기되었습니다", "the API key is not valid or was revoked")
	errRole     = i18n.Errorf("이 키의 역할(%s)로는 할 수 없습니다: %s 역할이 필요합니다", "the key's role (%s) does not allow this: %s is needed")
	errColl     = i18n.Errorf("이 키로는 컬렉션 %q 를 쓸 수 없습니다", "this key may not use collection %q")
	errRate     = i18n.Errorf("요청이 너무 많습니다: 잠시 뒤에 다시 하세요", "too many requests: try again shortly")
	errHost     = i18n.Errorf("키 없이 돌아가는 서버는 localhost 로만 부를 수 있습니다", "a server without keys only answers requests addressed to localhost")
	errOrigin   = i18n.Errorf("다른 사이트에서 온 요청은 받지 않습니다", "cross-site requests are refused")
	errNotLocal = i18n.Errorf("API 키가 하나도 없어 루프백 밖에서는 인증할 수 없습니다: seogo keys create 로 키를 만드세요",
		"no API key exists, so nothing can authenticate off loopback: create one with `seogo keys create`")
)

// authenticate admits the request for role or writes the refusal.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request, need Role) (principal, bool) {
	if s.keys.Empty() {
		switch {
		case !s.loopback.Load():
			s.fail(w, r, http.StatusUnauthorized, "unauthorized", errNotLocal)
			return principal{}, false
		case !hostIsLocal(r.Host):
			s.fail(w, r, http.StatusForbidden, "host", errHost)
			return principal{}, false
		case crossSite(r):
			// No cookies and no keys: the only thing a hostile page
			// could ride on is the local server being open, so its
			// writes must come from its own pages.
			s.fail(w, r, http.StatusForbidden, "cross_site", errOrigin)
			return principal{}, false
		}
		return principal{}, true
	}
	secret := bearer(r)
	if secret == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="seogo"`)
		s.fail(w, r, http.StatusUnauthorized, "unauthorized", errNoKey)
		return principal{}, false
	}
	k := s.keys.Lookup(secret)
	if k == nil {
		w.Header().Set("WWW-Authenticate", `Bearer realm="seogo", error="invalid_token"`)
		s.fail(w, r, http.StatusUnauthorized, "invalid_key", errBadKey)
		return principal{}, false
	}
	if !k.Role.Allows(need) {
		s.fail(w, r, http.StatusForbidden, "forbidden", i18n.Errorf(errRole.Text.Ko, errRole.Text.En, k.Role, need))
		return principal{}, false
	}
	if wait, ok := s.limits.allow(k.ID); !ok {
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(wait.Round(time.Second).Seconds()))))
		s.fail(w, r, http.StatusTooManyRequests, "rate_limited", errRate)
		return principal{}, false
	}
	return principal{key: k}, true
}

// collection checks that the caller may use coll, writing a 403 if not.
func (s *Server) collection(w http.ResponseWriter, r *http.Request, coll string) bool {
	if principalOf(r.Context()).canUse(coll) {
		return true
	}
	s.fail(w, r, http.StatusForbidden, "collection_forbidden", i18n.Errorf(errColl.Text.Ko, errColl.Text.En, coll))
	return false
}

// bearer reads the key from Authorization: Bearer, or X-API-Key.
func bearer(r *http.Request) string {
	if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return strings.TrimSpace(r.Header.Get("X-API-Key"))
}

// crossSite reports a state-changing request sent by another origin.
func crossSite(r *http.Request) bool {
	if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
		return false
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		return true
	}
	origin := r.Header.Get("Origin")
	if origin == "" {
		return false // not a browser, or an old one: non-browsers are not the threat
	}
	u, err := url.Parse(origin)
	return err != nil || u.Host != r.Host
}

// limiters are the token buckets of the keys.
type limiters struct {
	rps   rate.Limit
	burst int

	mu      sync.Mutex
	buckets map[string]*rate.Limiter
}

func newLimiters(rps float64, burst int) *limiters {
	return &limiters{rps: rate.Limit(rps), burst: burst, buckets: map[string]*rate.Limiter{}}
}

// allow takes a token for id, or says how long until one is free.
func (l *limiters) allow(id string) (time.Duration, bool) {
	if l.rps < 0 {
		return 0, true
	}
	l.mu.Lock()
	b := l.buckets[id]
	if b == nil {
		b = rate.NewLimiter(l.rps, l.burst)
		l.buckets[id] = b
	}
	l.mu.Unlock()
	res := b.Reserve()
	if d := res.Delay(); d > 0 {
		res.Cancel()
		return d, false
	}
	return 0, true
}
