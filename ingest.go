package seogo

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
)

// File outcomes in an ingest summary.
const (
	StatusAdded     = "added"
	StatusUpdated   = "updated"
	StatusUnchanged = "unchanged"
	StatusSkipped   = "skipped"
	StatusRemoved   = "removed"
	StatusFailed    = "failed"
)

// IngestOptions tune one ingest run.
type IngestOptions struct {
	Collection string
	// Prune removes documents under the given roots whose files are gone.
	Prune bool
	// Progress, when set, is called after each file (from one goroutine at a time).
	Progress func(Progress)
	// Groups, when not nil, are the access groups stored on every document
	// of the run (store.MetaAccessGroups); empty makes them open to all. A
	// file whose bytes are unchanged but whose groups differ is stored
	// again, so changing who may read a document needs no content change.
	Groups []string
	// Name, when set, gives the name a file is stored under (its Source,
	// and the basis of its document ID) instead of its absolute path. The
	// server's shared upload queue names an upload "upload:COLL/FILE", so
	// nodes with different data folders keep one document per upload.
	// Prune leaves documents so named alone: no file on disk has their name.
	Name func(path string) string
}

// Progress reports ingest progress.
type Progress struct {
	Done, Total int
	Bytes       int64
	Path        string
	Status      string
}

// FileResult is what happened to one file.
type FileResult struct {
	Path   string   `json:"path"`
	Status string   `json:"status"`
	Reason string   `json:"reason,omitempty"` // machine code of a skip
	Detail string   `json:"detail,omitempty"` // human detail of a skip or failure
	Chunks int      `json:"chunks,omitempty"`
	Notes  []string `json:"notes,omitempty"`
}

// IngestSummary totals one ingest run.
type IngestSummary struct {
	Collection string       `json:"collection"`
	Added      int          `json:"added"`
	Updated    int          `json:"updated"`
	Unchanged  int          `json:"unchanged"`
	Skipped    int          `json:"skipped"`
	Removed    int          `json:"removed"`
	Failed     int          `json:"failed"`
	Chunks     int          `json:"chunks"`
	Bytes      int64        `json:"bytes"`
	Seconds    float64      `json:"seconds"`
	Files      []FileResult `json:"files"`
	// Trained is the word-vector model this run trained (wordvec.auto_train);
	// TrainError why that failed, which does not fail the ingest.
	Trained    *WordVecSummary `json:"trained,omitempty"`
	TrainError string          `json:"train_error,omitempty"`
}

// Ingest loads, splits, analyses, embeds and stores every supported file
// under paths. Unchanged files (same content hash) are not processed again; a
// changed file replaces its chunks atomically. A bad file is skipped and
// reported, never fatal to the batch; only store failures and cancellation
// stop the run.
func (e *Engine) Ingest(ctx context.Context, paths []string, opt IngestOptions) (*IngestSummary, error) {
	start := time.Now()
	coll := e.collName(opt.Collection)
	if len(paths) == 0 {
		return nil, i18n.Errorf("넣을 파일이나 폴더를 지정하세요", "name at least one file or folder to ingest")
	}
	b, err := e.bind(ctx, coll, true)
	if err != nil {
		return nil, err
	}
	var files []loader.File
	var names []string // what each file is stored as
	acl := store.AccessGroups(opt.Groups)
	walkOpt := loader.WalkOptions{Registry: e.loader, MaxSize: e.maxFileSize(), IncludeHidden: e.cfg.Ingest.IncludeHidden}
	if err := loader.Walk(ctx, paths, walkOpt, func(f loader.File) error {
		if f.Skip == "" {
			f.Path = canonicalPath(f.Path) // one document per file, whatever link led to it
		}
		name := f.Path
		if opt.Name != nil && f.Skip == "" {
			name = opt.Name(f.Path)
		}
		if f.Skip == "" && opt.Groups != nil {
			if err := e.dropIfGroupsDiffer(ctx, b.coll.Name, name, acl); err != nil {
				return err
			}
		}
		files, names = append(files, f), append(names, name)
		return nil
	}); err != nil {
		return nil, i18n.Errorf("파일을 찾는 중 오류: %w", "cannot read the input: %w", err)
	}
	sum := &IngestSummary{Collection: coll, Files: make([]FileResult, len(files))}
	workers := e.cfg.Ingest.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	done := 0
	fatal := inOrder(ctx, len(files), workers, func(ctx context.Context, i int) preparedFile {
		return e.prepareFile(ctx, b, files[i], names[i])
	}, func(i int, p preparedFile) error {
		if p.err != nil {
			return p.err
		}
		if p.doc != nil {
			if acl != "" {
				p.doc.Metadata[store.MetaAccessGroups] = acl
			}
			if err := e.store.PutDocument(ctx, b.coll.Name, p.doc, p.recs); err != nil {
				return err
			}
		}
		sum.Files[i] = p.res
		sum.Bytes += p.size
		done++
		if opt.Progress != nil {
			opt.Progress(Progress{Done: done, Total: len(files), Bytes: sum.Bytes, Path: p.res.Path, Status: p.res.Status})
		}
		return nil
	})
	if fatal == nil && opt.Prune && opt.Name == nil {
		removed, err := e.prune(ctx, coll, paths, files)
		if err != nil {
			fatal = err
		}
		sum.Files = append(sum.Files, removed...)
	}
	sum.tally()
	if fatal == nil && sum.Added+sum.Updated > 0 {
		if sum.Trained, err = e.autoTrain(ctx, b.coll.Name); err != nil {
			sum.TrainError = err.Error()
		}
	}
	sum.Seconds = time.Since(start).Seconds()
	return sum, fatal
}

func (s *IngestSummary) tally() {
	kept := s.Files[:0]
	for _, f := range s.Files {
		if f.Path == "" {
			continue // never reached: the run stopped early
		}
		switch f.Status {
		case StatusAdded:
			s.Added++
		case StatusUpdated:
			s.Updated++
		case StatusUnchanged:
			s.Unchanged++
		case StatusSkipped:
			s.Skipped++
		case StatusRemoved:
			s.Removed++
		case StatusFailed:
			s.Failed++
		}
		s.Chunks += f.Chunks
		kept = append(kept, f)
	}
	s.Files = kept
}

// preparedFile is a file read, loaded, split, analysed and embedded, ready
// to be stored; doc is nil when there is nothing to store.
type preparedFile struct {
	res  FileResult
	size int64
	doc  *schema.Document
	recs []store.Record
	err  error // stops the batch (the store failed, or ctx ended)
}

// ingestFile prepares one file and, outside of a batch, stores it: the
// single-file path that tests and tools use.
func (e *Engine) ingestFile(ctx context.Context, b *binding, f loader.File) (FileResult, int64, error) {
	p := e.prepareFile(ctx, b, f, f.Path)
	if p.err == nil && p.doc != nil {
		p.err = e.store.PutDocument(ctx, b.coll.Name, p.doc, p.recs)
	}
	return p.res, p.size, p.err
}

// prepareFile reads, loads, splits, analyses and embeds one file, to be
// stored as name. Its err is only for failures that must stop the batch
// (the store, cancellation); everything about the file itself is its result.
func (e *Engine) prepareFile(ctx context.Context, b *binding, f loader.File, name string) preparedFile {
	p := preparedFile{res: FileResult{Path: f.Path}}
	skip := func(code, detail string) preparedFile {
		p.res.Status, p.res.Reason, p.res.Detail = StatusSkipped, code, detail
		return p
	}
	if f.Skip != "" {
		return skip(f.Skip, f.Detail)
	}
	raw, err := os.ReadFile(f.Path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return skip(loader.SkipUnreadable, "vanished: the file was removed before it could be read · 읽기 전에 파일이 사라짐")
		}
		return skip(loader.SkipUnreadable, err.Error())
	}
	sum := sha256.Sum256(raw)
	hash := hex.EncodeToString(sum[:])
	prev, err := e.store.GetDocument(ctx, b.coll.Name, name)
	exists := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		p.err = err
		return p
	}
	// Unchanged means same bytes AND same chunking: after a change of chunk
	// size a collection must not mix old and new chunks.
	if exists && prev.Hash == hash && prev.Metadata[metaChunking] == e.chunking() {
		p.res.Status, p.size = StatusUnchanged, int64(len(raw))
		return p
	}
	l, _, ok := e.loader.Lookup(f.Path, head(raw))
	if !ok {
		return skip(loader.SkipUnsupported, filepath.Ext(f.Path))
	}
	doc, err := e.load(ctx, l, filepath.Base(f.Path), raw)
	switch {
	case errors.Is(err, loader.ErrEmpty):
		return skip(loader.SkipEmpty, "")
	case errors.Is(err, loader.ErrBinary):
		return skip(loader.SkipBinary, "")
	case err != nil && ctx.Err() != nil:
		p.err = ctx.Err()
		return p
	case err != nil:
		p.res.Status, p.res.Detail = StatusFailed, bilingual(err)
		return p
	case strings.TrimSpace(doc.Text) == "":
		return skip(loader.SkipEmpty, strings.Join(doc.Notes, "; "))
	}
	if err := e.guardDocument(ctx, doc); err != nil {
		if ctx.Err() != nil {
			p.err = ctx.Err()
			return p
		}
		p.res.Status, p.res.Detail = StatusFailed, bilingual(err)
		return p
	}
	doc.ID = docID(name)
	doc.Source = name
	doc.Hash = hash
	doc.Size = int64(len(raw))
	if doc.Metadata == nil {
		doc.Metadata = map[string]string{}
	}
	if f.Rel != "" {
		doc.Metadata["rel_path"] = filepath.ToSlash(f.Rel)
	}
	doc.Metadata[metaChunking] = e.chunking()
	now := time.Now().UTC()
	doc.CreatedAt, doc.UpdatedAt = now, now
	if exists {
		doc.CreatedAt = prev.Created
	}
	recs, err := e.records(ctx, b, doc)
	if err != nil {
		p.err = err
		return p
	}
	p.doc, p.recs, p.size = doc, recs, doc.Size
	p.res.Status, p.res.Chunks, p.res.Notes = StatusAdded, len(recs), doc.Notes
	if exists {
		p.res.Status = StatusUpdated
	}
	return p
}

// metaChunking records the chunk settings a document was split with.
const metaChunking = "chunking"

func (e *Engine) chunking() string {
	return fmt.Sprintf("%d/%d", e.cfg.Chunk.Tokens, e.cfg.Chunk.Overlap)
}

// safeLoad turns a loader panic into an error: a hostile file must never take
// the batch down.
func safeLoad(ctx context.Context, l loader.Loader, name string, raw []byte) (doc *schema.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			doc, err = nil, i18n.Errorf("파일을 해석하지 못했습니다(내부 오류: %v)", "the file could not be parsed (internal error: %v)", r)
		}
	}()
	return l.Load(ctx, name, raw)
}

// records splits, analyses and embeds doc: the chunks ready to store.
func (e *Engine) records(ctx context.Context, b *binding, doc *schema.Document) ([]store.Record, error) {
	chunks := b.splitter.Split(doc)
	recs := make([]store.Record, len(chunks))
	texts := make([]string, len(chunks))
	for i, c := range chunks {
		if i%64 == 0 && ctx.Err() != nil {
			return nil, ctx.Err() // a 50 MB file must not delay Ctrl-C for a minute
		}
		title := doc.Title
		if len(c.Headings) > 0 {
			title += "\n" + strings.Join(c.Headings, "\n")
		}
		recs[i] = store.Record{Chunk: c, Tokens: b.analyzer.Analyze(c.Text), TitleTokens: b.analyzer.Analyze(title)}
		texts[i] = embedText(doc.Title, c)
	}
	vecs, err := b.embedder.Embed(ctx, texts)
	if err != nil {
		return nil, err
	}
	if len(vecs) != len(recs) {
		return nil, fmt.Errorf("embedder %s returned %d vectors for %d chunks", b.embedder.Name(), len(vecs), len(recs))
	}
	for i := range recs {
		recs[i].Vector = vecs[i]
	}
	return recs, nil
}

// embedText is what a chunk's vector represents: its text in the context of
// its document title and headings, which a bare passage often lacks.
func embedText(title string, c schema.Chunk) string {
	var sb strings.Builder
	sb.WriteString(title)
	for _, h := range c.Headings {
		sb.WriteString("\n")
		sb.WriteString(h)
	}
	sb.WriteString("\n")
	sb.WriteString(c.Text)
	return sb.String()
}

// prune removes documents under the ingested roots whose files no longer exist.
func (e *Engine) prune(ctx context.Context, coll string, roots []string, seen []loader.File) ([]FileResult, error) {
	present := make(map[string]bool, len(seen))
	for _, f := range seen {
		present[f.Path] = true
	}
	var out []FileResult
	for _, root := range roots {
		abs := canonicalPath(root)
		st, err := os.Stat(abs)
		if err == nil && !st.IsDir() {
			continue // a single file: it was just ingested, nothing under it to prune
		}
		// A folder, or one that is gone: everything below it. The separator
		// keeps "docs" from matching "docs-old".
		prefix := abs
		if !strings.HasSuffix(prefix, string(filepath.Separator)) {
			prefix += string(filepath.Separator)
		}
		docs, err := e.store.ListDocuments(ctx, coll, store.Filter{PathPrefix: prefix})
		if err != nil {
			return out, err
		}
		sort.Slice(docs, func(i, j int) bool { return docs[i].Source < docs[j].Source })
		for _, d := range docs {
			if present[d.Source] {
				continue
			}
			if _, err := os.Lstat(d.Source); !errors.Is(err, fs.ErrNotExist) {
				continue // still there (maybe skipped this time): keep it
			}
			if err := e.store.DeleteDocument(ctx, coll, d.ID); err != nil {
				return out, err
			}
			out = append(out, FileResult{Path: d.Source, Status: StatusRemoved})
		}
	}
	return out, nil
}

// docID is stable for a source path: re-ingesting the same file replaces it.
func docID(source string) string {
	s := sha256.Sum256([]byte(source))
	return hex.EncodeToString(s[:8])
}

// canonicalPath is the absolute path with symlinks resolved, so a file
// reached through a linked folder is stored once; a path that cannot be
// resolved (gone, unreadable) stays absolute.
func canonicalPath(p string) string {
	abs := absPath(p)
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return abs
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return filepath.Clean(a)
	}
	return filepath.Clean(p)
}

func head(b []byte) []byte {
	if len(b) > 8192 {
		return b[:8192]
	}
	return b
}

// maxFileSize is the largest file ingest and extract read, in bytes.
func (e *Engine) maxFileSize() int64 {
	if e.cfg.Ingest.MaxFileMB <= 0 {
		return loader.DefaultMaxSize
	}
	return int64(e.cfg.Ingest.MaxFileMB) << 20
}

// dropIfGroupsDiffer removes the stored copy of a file whose access groups
// are about to change, so it is prepared again instead of being reported
// unchanged.
func (e *Engine) dropIfGroupsDiffer(ctx context.Context, coll, path, acl string) error {
	prev, err := e.store.GetDocument(ctx, coll, path)
	if err != nil || prev.Metadata[store.MetaAccessGroups] == acl {
		return nil
	}
	return e.store.DeleteDocument(ctx, coll, prev.ID)
}
