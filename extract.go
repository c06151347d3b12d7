package seogo

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/schema"
)

// Extraction is the text seogo reads from one file, page by page (slide by
// slide, sheet by sheet); formats without pages have one.
type Extraction struct {
	Path     string   `json:"path"`
	Format   string   `json:"format"`
	Pages    []Page   `json:"pages"`
	Warnings []string `json:"warnings"`
}

// Page is one page's text; N is 1-based.
type Page struct {
	N    int    `json:"n"`
	Text string `json:"text"`
}

// DefaultFileTimeout bounds the loading of one file.
const DefaultFileTimeout = 60 * time.Second

// ErrFileTimeout is returned (wrapped) when a file takes too long to read.
var ErrFileTimeout = i18n.Errorf("파일을 읽는 데 너무 오래 걸려 중단했습니다(손상되었거나 악의적인 파일일 수 있음): 필요하면 ingest.file_timeout 을 늘리세요",
	"reading the file took too long and was stopped (it may be damaged or hostile); raise ingest.file_timeout if needed")

// Extract reads one file the way ingest would, without a store: nothing is
// written and no data directory is needed.
func Extract(ctx context.Context, cfg Config, path string) (*Extraction, error) {
	e := &Engine{cfg: cfg, loader: newRegistry(cfg)}
	return e.extract(ctx, path)
}

func (e *Engine) extract(ctx context.Context, path string) (*Extraction, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, i18n.Errorf("파일 %s 을(를) 열 수 없습니다: %w", "cannot open %s: %w", path, err)
	}
	if info.IsDir() {
		return nil, i18n.Errorf("%s 은(는) 폴더입니다: 파일 하나를 주세요", "%s is a folder: give one file", path)
	}
	if max := e.maxFileSize(); info.Size() > max {
		return nil, i18n.Errorf("%s 이(가) 너무 큽니다(%d바이트 > %d): ingest.max_file_mb 를 늘리세요",
			"%s is too large (%d bytes > %d): raise ingest.max_file_mb", path, info.Size(), max)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, i18n.Errorf("파일 %s 을(를) 읽을 수 없습니다: %w", "cannot read %s: %w", path, err)
	}
	l, format, ok := e.loader.Lookup(path, head(raw))
	if !ok {
		return nil, i18n.Errorf("%s: 지원하지 않는 형식입니다(%s)", "%s: unsupported format (%s)", path, orDefault(filepath.Ext(path), "?"))
	}
	doc, err := e.load(ctx, l, filepath.Base(path), raw)
	if err != nil {
		return nil, i18n.Errorf("%s: %w", "%s: %w", path, err)
	}
	return &Extraction{Path: path, Format: format, Pages: pages(doc), Warnings: append([]string{}, doc.Notes...)}, nil
}

// pages groups a document's text by the page its sections record.
func pages(doc *schema.Document) []Page {
	if len(doc.Sections) == 0 {
		return []Page{{N: 1, Text: doc.Text}}
	}
	var out []Page
	for _, s := range doc.Sections {
		n := max(s.Page, 1)
		text := doc.Text[s.Start:s.End]
		if len(out) > 0 && out[len(out)-1].N == n {
			out[len(out)-1].Text += "\n\n" + text
			continue
		}
		out = append(out, Page{N: n, Text: text})
	}
	return out
}

// load runs a loader within the per-file time limit. A loader that ignores
// its context cannot be stopped (Go has no way to kill a goroutine), but
// the batch moves on and the loader's own size caps bound what it holds.
func (e *Engine) load(ctx context.Context, l loader.Loader, name string, raw []byte) (*schema.Document, error) {
	timeout := e.cfg.Ingest.FileTimeout
	if timeout <= 0 {
		timeout = DefaultFileTimeout
	}
	lctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	type result struct {
		doc *schema.Document
		err error
	}
	done := make(chan result, 1)
	go func() {
		d, err := safeLoad(lctx, l, name, raw)
		done <- result{d, err}
	}()
	select {
	case r := <-done:
		if r.err != nil && ctx.Err() == nil && errors.Is(r.err, context.DeadlineExceeded) {
			return nil, ErrFileTimeout
		}
		return r.doc, r.err
	case <-lctx.Done():
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, ErrFileTimeout
	}
}

// bilingual renders an error for a file's result line, which the summary
// prints as it is: Korean · English when the error has both.
func bilingual(err error) string {
	ko, en := i18n.Localize(err, i18n.Ko), i18n.Localize(err, i18n.En)
	if ko == en || strings.Contains(ko, en) {
		return ko
	}
	return ko + " · " + en
}
