package server

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

// docView is a document as the API shows it: its file name, never the
// server's path.
type docView struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Title   string   `json:"title"`
	Format  string   `json:"format"`
	Size    int64    `json:"size"`
	Chunks  int      `json:"chunks"`
	Groups  []string `json:"groups,omitempty"`
	Updated string   `json:"updated"`
}

func viewDoc(d store.DocInfo) docView {
	v := docView{ID: d.ID, Name: displayName(d.Source), Title: d.Title, Format: d.Format, Size: d.Size, Chunks: d.Chunks,
		Updated: d.Updated.UTC().Format("2006-01-02T15:04:05Z")}
	if g := strings.Trim(d.Metadata[store.MetaAccessGroups], ","); g != "" {
		v.Groups = strings.Split(g, ",")
	}
	return v
}

func (s *Server) listDocuments(w http.ResponseWriter, r *http.Request) {
	coll := r.PathValue("coll")
	if !s.collection(w, r, coll) {
		return
	}
	docs, err := s.eng.Documents(r.Context(), coll, seogo.Filter{Groups: principalOf(r.Context()).groups()})
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	q := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("q")))
	out := []docView{}
	for _, d := range docs {
		v := viewDoc(d)
		if q == "" || strings.Contains(strings.ToLower(v.Name+" "+v.Title), q) {
			out = append(out, v)
		}
	}
	slices.SortFunc(out, func(a, b docView) int { return strings.Compare(a.Name, b.Name) })
	writeJSON(w, http.StatusOK, map[string]any{"documents": out})
}

func (s *Server) deleteDocument(w http.ResponseWriter, r *http.Request) {
	coll, id := r.PathValue("coll"), r.PathValue("id")
	if !s.collection(w, r, coll) {
		return
	}
	// A document outside the key's groups is "not found", not "forbidden".
	info, _, err := s.eng.DocumentText(r.Context(), coll, id, principalOf(r.Context()).groups())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	if _, err := s.eng.RemoveDocument(r.Context(), coll, info.ID); err != nil {
		s.failErr(w, r, err)
		return
	}
	// The uploaded copy goes too, or a resumed job would bring it back.
	if dir := s.uploadDir(coll); strings.HasPrefix(info.Source, dir+string(filepath.Separator)) {
		_ = os.Remove(info.Source)
	}
	writeJSON(w, http.StatusOK, map[string]string{"deleted": info.ID})
}

// documentText opens a document for reading a cited passage; the client
// highlights [start, end) (character offsets) from the citation.
func (s *Server) documentText(w http.ResponseWriter, r *http.Request) {
	coll, id := r.PathValue("coll"), r.PathValue("id")
	if !s.collection(w, r, coll) {
		return
	}
	info, text, err := s.eng.DocumentText(r.Context(), coll, id, principalOf(r.Context()).groups())
	if err != nil {
		s.failErr(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"document": viewDoc(info), "text": text})
}

// upload streams the files of a multipart request into the collection's
// upload folder and queues an ingest job; it answers 202 with the job.
// Fields: "file" (one or more), "groups" (comma-separated access groups).
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	coll := r.PathValue("coll")
	if !s.collection(w, r, coll) {
		return
	}
	if !seogo.ValidCollectionName(coll) {
		s.fail(w, r, http.StatusBadRequest, "bad_name", i18n.Errorf("컬렉션 이름 %q 를 쓸 수 없습니다", "collection name %q is not valid", coll))
		return
	}
	p := principalOf(r.Context())
	if !p.role().Allows(RoleAdmin) && !s.collectionExists(r, coll) {
		s.fail(w, r, http.StatusNotFound, "not_found", errNoCollection(coll))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxUploadBytes)
	mr, err := r.MultipartReader()
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, "multipart", i18n.Errorf("multipart/form-data 로 파일을 보내세요: %w", "send the files as multipart/form-data: %w", err))
		return
	}
	dir := s.uploadDir(coll)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		s.failErr(w, r, err)
		return
	}
	var stored, temps []string
	var groups []string
	defer func() {
		for _, t := range temps {
			_ = os.Remove(t) // left only by a failed request
		}
	}()
	maxFile := int64(s.eng.Config().Ingest.MaxFileMB) << 20
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			s.failUpload(w, r, err)
			return
		}
		if part.FormName() == "groups" {
			raw, _ := io.ReadAll(io.LimitReader(part, 4096))
			groups = cleanList([]string{string(raw)})
			continue
		}
		if part.FileName() == "" {
			continue
		}
		name, ok := safeName(part.FileName())
		if !ok {
			s.fail(w, r, http.StatusBadRequest, "bad_filename", i18n.Errorf("파일 이름 %q 를 쓸 수 없습니다", "file name %q cannot be used", part.FileName()))
			return
		}
		tmp, err := os.CreateTemp(dir, ".upload-*")
		if err != nil {
			s.failErr(w, r, err)
			return
		}
		temps = append(temps, tmp.Name())
		n, err := io.Copy(tmp, io.LimitReader(part, maxFile+1))
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			s.failUpload(w, r, err)
			return
		}
		if maxFile > 0 && n > maxFile {
			s.fail(w, r, http.StatusRequestEntityTooLarge, "file_too_large",
				i18n.Errorf("파일 %s 이(가) 너무 큽니다(최대 %dMB)", "file %s is too large (at most %d MB)", name, maxFile>>20))
			return
		}
		// Renamed into place only when complete: a cut-off upload never
		// replaces a good file.
		final := filepath.Join(dir, name)
		if err := os.Rename(tmp.Name(), final); err != nil {
			s.failErr(w, r, err)
			return
		}
		temps = temps[:len(temps)-1]
		if !slices.Contains(stored, final) {
			stored = append(stored, final)
		}
	}
	if len(stored) == 0 {
		s.fail(w, r, http.StatusBadRequest, "no_files", i18n.Errorf("올릴 파일이 없습니다: file 필드로 보내세요", "no files: send them in the \"file\" field"))
		return
	}
	groups, err = uploadGroups(p, groups)
	if err != nil {
		s.fail(w, r, http.StatusForbidden, "groups_forbidden", err)
		return
	}
	job := &Job{Collection: coll, Paths: stored, Groups: groups, Owner: keyID(r.Context())}
	for _, f := range stored {
		job.Files = append(job.Files, filepath.Base(f))
	}
	if err := s.jobs.submit(job); err != nil {
		s.failErr(w, r, err)
		return
	}
	j, _ := s.jobs.get(job.ID, p)
	w.Header().Set("Location", "/api/v1/jobs/"+job.ID)
	writeJSON(w, http.StatusAccepted, j)
}

func (s *Server) failUpload(w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		s.fail(w, r, http.StatusRequestEntityTooLarge, "too_large",
			i18n.Errorf("업로드가 너무 큽니다(최대 %dMB)", "upload too large (at most %d MB)", s.opt.MaxUploadBytes>>20))
		return
	}
	s.fail(w, r, http.StatusBadRequest, "upload", i18n.Errorf("업로드를 읽을 수 없습니다: %w", "cannot read the upload: %w", err))
}

// uploadGroups decides a new document's access groups: a key limited to
// groups may only give its own (by default all of them), so it can neither
// publish to everyone nor hide a document from itself.
func uploadGroups(p principal, asked []string) ([]string, error) {
	mine := p.groups()
	if mine == nil {
		return asked, nil
	}
	if len(asked) == 0 {
		return mine, nil
	}
	for _, g := range asked {
		if !slices.Contains(mine, g) {
			return nil, i18n.Errorf("이 키는 접근 그룹 %q 에 문서를 올릴 수 없습니다", "this key may not upload to access group %q", g)
		}
	}
	return asked, nil
}

func (s *Server) collectionExists(r *http.Request, coll string) bool {
	colls, err := s.eng.Collections(r.Context())
	if err != nil {
		return false
	}
	return slices.ContainsFunc(colls, func(c seogo.Collection) bool { return c.Name == coll })
}

// safeName turns a client's file name into a plain name inside the upload
// folder: the last path element only (either slash), no control or
// reserved characters, no leading dots (hidden files are skipped by
// ingest), at most 200 bytes with the extension kept.
func safeName(name string) (string, bool) {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if !utf8.ValidString(name) {
		return "", false
	}
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`<>:"/\|?*`, r) {
			return '_'
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ". ")
	name = strings.TrimRight(name, ". ")
	if name == "" || name == "." || name == ".." {
		return "", false
	}
	if len(name) > 200 {
		ext := filepath.Ext(name)
		if len(ext) > 20 {
			ext = ""
		}
		cut := 200 - len(ext)
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = name[:cut] + ext
	}
	return name, true
}

// removeAllUnder removes dir only when it lies inside root.
func removeAllUnder(dir, root string) error {
	rel, err := filepath.Rel(root, dir)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return nil
	}
	return os.RemoveAll(dir)
}
