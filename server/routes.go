package server

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/llm"
	"github.com/seogo/seogo/store"
)

// register wires every endpoint. openapi.json documents each of them (a
// test holds the two together).
func (s *Server) register() {
	// Public: the UI's files carry no data, and probes need no key.
	s.handle("GET /{$}", "", s.serveIndex)
	s.handle("GET /assets/{file}", "", s.serveAsset)
	s.handle("GET /healthz", "", s.healthz)
	s.handle("GET /readyz", "", s.readyz)
	s.handle("GET /api/v1/openapi.json", "", s.openapi)

	s.handle("GET /metrics", RoleAdmin, s.metrics.handler().ServeHTTP)
	s.handle("GET /api/v1/me", RoleReader, s.me)

	s.handle("GET /api/v1/collections", RoleReader, s.listCollections)
	s.handle("POST /api/v1/collections", RoleAdmin, s.createCollection)
	s.handle("GET /api/v1/collections/{coll}", RoleReader, s.getCollection)
	s.handle("DELETE /api/v1/collections/{coll}", RoleAdmin, s.deleteCollection)

	s.handle("GET /api/v1/collections/{coll}/documents", RoleReader, s.listDocuments)
	s.handle("POST /api/v1/collections/{coll}/documents", RoleEditor, s.upload)
	s.handle("DELETE /api/v1/collections/{coll}/documents/{id}", RoleEditor, s.deleteDocument)
	s.handle("GET /api/v1/collections/{coll}/documents/{id}/text", RoleReader, s.documentText)

	s.handle("GET /api/v1/jobs", RoleEditor, s.listJobs)
	s.handle("GET /api/v1/jobs/{id}", RoleEditor, s.getJob)

	s.handle("POST /api/v1/search", RoleReader, s.search)
	s.handle("POST /api/v1/ask", RoleReader, s.ask)
	s.handle("POST /api/v1/guard/scan", RoleReader, s.guardScan)

	s.handle("GET /api/v1/keys", RoleAdmin, s.listKeys)
	s.handle("POST /api/v1/keys", RoleAdmin, s.createKey)
	s.handle("DELETE /api/v1/keys/{id}", RoleAdmin, s.revokeKey)

	s.handle("GET /v1/models", RoleReader, s.models)
	s.handle("POST /v1/chat/completions", RoleReader, s.chatCompletions)
	s.handle("POST /v1/embeddings", RoleReader, s.embeddings)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz is ready when the store answers and the server is not stopping.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.closing.Load() {
		s.fail(w, r, http.StatusServiceUnavailable, "stopping", i18n.Errorf("서버가 멈추는 중입니다", "the server is stopping"))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), s.opt.RequestTimeout)
	defer cancel()
	if _, err := s.eng.Collections(ctx); err != nil {
		s.fail(w, r, http.StatusServiceUnavailable, "store", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// me tells the UI who it is talking as, so it can hide what the key may not do.
func (s *Server) me(w http.ResponseWriter, r *http.Request) {
	p := principalOf(r.Context())
	// What the UI's chat settings start from; no secrets, no endpoint.
	cfg := s.eng.Config()
	llmInfo := map[string]any{"provider": cfg.LLM.Provider, "model": "", "temperature": cfg.LLM.Temperature, "passages": cfg.Answer.Passages}
	if cfg.LLM.Provider != "" && cfg.LLM.Provider != "none" {
		llmInfo["model"] = cmp.Or(cfg.LLM.Model, llm.DefaultModel(cfg.LLM.Provider))
	}
	out := map[string]any{"role": p.role(), "auth": p.key != nil, "llm": llmInfo}
	if p.key != nil {
		out["id"], out["collections"], out["groups"] = p.key.ID, p.key.Collections, p.key.Groups
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) listCollections(w http.ResponseWriter, r *http.Request) {
	colls, err := s.eng.Collections(r.Context())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	p := principalOf(r.Context())
	colls = slices.DeleteFunc(colls, func(c seogo.Collection) bool { return !p.canUse(c.Name) })
	if p.groups() != nil {
		// Counts would reveal how much the key may not read.
		for i := range colls {
			colls[i].Documents, colls[i].Chunks = s.visibleCounts(r.Context(), colls[i].Name, p.groups())
		}
	}
	if colls == nil {
		colls = []seogo.Collection{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"collections": colls, "default": s.eng.Config().Collection})
}

func (s *Server) visibleCounts(ctx context.Context, coll string, groups []string) (docs, chunks int) {
	ds, err := s.eng.Documents(ctx, coll, seogo.Filter{Groups: groups})
	if err != nil {
		return 0, 0
	}
	for _, d := range ds {
		chunks += d.Chunks
	}
	return len(ds), chunks
}

func (s *Server) getCollection(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("coll")
	if !s.collection(w, r, name) {
		return
	}
	colls, err := s.eng.Collections(r.Context())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	for _, c := range colls {
		if c.Name == name {
			if g := principalOf(r.Context()).groups(); g != nil {
				c.Documents, c.Chunks = s.visibleCounts(r.Context(), c.Name, g)
			}
			writeJSON(w, http.StatusOK, c)
			return
		}
	}
	s.fail(w, r, http.StatusNotFound, "not_found", errNoCollection(name))
}

func errNoCollection(name string) error {
	return i18n.Errorf("컬렉션 %q 가 없습니다", "collection %q does not exist", name)
}

func (s *Server) createCollection(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name string `json:"name"`
	}
	if !s.readJSON(w, r, &req) {
		return
	}
	c, err := s.eng.CreateCollection(r.Context(), strings.TrimSpace(req.Name))
	if err != nil {
		if strings.Contains(err.Error(), "already exists") {
			s.fail(w, r, http.StatusConflict, "exists", err)
			return
		}
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

func (s *Server) deleteCollection(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("coll")
	if err := s.eng.DeleteCollection(r.Context(), name); err != nil {
		s.failErr(w, r, err)
		return
	}
	if seogo.ValidCollectionName(name) {
		_ = removeAllUnder(s.uploadDir(name), s.uploadDir(""))
	}
	writeJSON(w, http.StatusOK, map[string]string{"deleted": name})
}

func (s *Server) listJobs(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"jobs": s.jobs.list(principalOf(r.Context()))})
}

func (s *Server) getJob(w http.ResponseWriter, r *http.Request) {
	job, ok := s.jobs.get(r.PathValue("id"), principalOf(r.Context()))
	if !ok {
		s.fail(w, r, http.StatusNotFound, "not_found", i18n.Errorf("작업 %q 가 없습니다", "no job %q", r.PathValue("id")))
		return
	}
	writeJSON(w, http.StatusOK, job)
}

func (s *Server) listKeys(w http.ResponseWriter, r *http.Request) {
	keys, err := s.keys.List()
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if keys == nil {
		keys = []Key{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"keys": keys})
}

func (s *Server) createKey(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Name        string   `json:"name"`
		Role        string   `json:"role"`
		Collections []string `json:"collections"`
		Groups      []string `json:"groups"`
	}
	if !s.readJSON(w, r, &req) {
		return
	}
	role, err := ParseRole(req.Role)
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "bad_role", err)
		return
	}
	k, secret, err := s.keys.Create(Key{Name: req.Name, Role: role, Collections: req.Collections, Groups: req.Groups})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"key": k, "secret": secret})
}

func (s *Server) revokeKey(w http.ResponseWriter, r *http.Request) {
	if err := s.keys.Revoke(r.PathValue("id")); err != nil {
		s.fail(w, r, http.StatusNotFound, "not_found", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"revoked": r.PathValue("id")})
}

func isNotFound(err error) bool {
	return errors.Is(err, store.ErrNotFound) || err != nil && (strings.Contains(err.Error(), "not found") || strings.Contains(err.Error(), "does not exist") ||
		strings.Contains(err.Error(), "has no document"))
}
