package server

import (
	"embed"
	"io/fs"
	"mime"
	"net/http"
	"path"
)

// The web UI and the OpenAPI description ship inside the binary: no CDN, no
// build step, works offline.
//
//go:embed web/index.html web/app.js web/app.css web/i18n.js web/openapi.json
var webFS embed.FS

func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	s.serveFile(w, r, "index.html")
}

func (s *Server) serveAsset(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	if name == "index.html" || name == "openapi.json" || path.Base(name) != name {
		http.NotFound(w, r)
		return
	}
	s.serveFile(w, r, name)
}

func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	raw, err := fs.ReadFile(webFS, "web/"+name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(raw)
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	raw, _ := fs.ReadFile(webFS, "web/openapi.json")
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(raw)
}
