package loader

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/seogo/seogo/textproc"
)

// Registry chooses a Loader for a file: by extension first, then by sniffing
// the content when the extension is missing or unknown. Register everything
// before use; Lookup is then safe for concurrent use.
type Registry struct {
	byExt map[string]entry
}

type entry struct {
	loader Loader
	format string
}

// formatter is implemented by loaders that name their format; Register uses
// it so ".markdown" and ".md" both report "md".
type formatter interface{ Format() string }

// NewRegistry returns a registry with the built-in loaders: plain text (.txt
// .text .log), Markdown (.md .markdown), HTML (.html .htm .xhtml), CSV (.csv),
// TSV (.tsv), JSON (.json) and JSON Lines (.jsonl .ndjson).
func NewRegistry() *Registry {
	r := &Registry{byExt: map[string]entry{}}
	for _, ext := range []string{".txt", ".text", ".log"} {
		r.Register(ext, TextLoader{})
	}
	for _, ext := range []string{".md", ".markdown"} {
		r.Register(ext, MarkdownLoader{})
	}
	for _, ext := range []string{".html", ".htm", ".xhtml"} {
		r.Register(ext, HTMLLoader{})
	}
	r.Register(".csv", CSVLoader{})
	r.Register(".tsv", CSVLoader{TSV: true})
	r.Register(".json", JSONLoader{})
	r.Register(".jsonl", JSONLinesLoader{})
	r.Register(".ndjson", JSONLinesLoader{})
	return r
}

// Register makes l the loader for files with extension ext ("md" or ".md",
// any case). A nil l removes the extension. The format name is l.Format()
// when l has that method, else the extension without its dot.
func (r *Registry) Register(ext string, l Loader) {
	if r.byExt == nil {
		r.byExt = map[string]entry{}
	}
	ext = normExt(ext)
	if l == nil {
		delete(r.byExt, ext)
		return
	}
	format := strings.TrimPrefix(ext, ".")
	if f, ok := l.(formatter); ok {
		format = f.Format()
	}
	r.byExt[ext] = entry{l, format}
}

// Lookup returns the loader for a file and its format name. name is the file
// name or path (only its extension is used); head is the start of the
// content (a few KB are enough; nil when unknown). A known extension wins;
// otherwise the content is sniffed: HTML when it starts with "<!doctype html"
// or "<html", JSON (or JSON Lines) when it starts with '{' or '[' and parses,
// else plain text unless it looks binary.
func (r *Registry) Lookup(name string, head []byte) (Loader, string, bool) {
	if r == nil || r.byExt == nil {
		return nil, "", false
	}
	if ext := normExt(filepath.Ext(name)); ext != "." {
		if e, ok := r.byExt[ext]; ok {
			return e.loader, e.format, true
		}
	}
	ext := sniff(head)
	if ext == "" {
		return nil, "", false
	}
	e, ok := r.byExt[ext]
	return e.loader, e.format, ok
}

// Extensions lists the registered extensions, sorted, each with its dot.
func (r *Registry) Extensions() []string {
	if r == nil {
		return nil
	}
	exts := make([]string, 0, len(r.byExt))
	for ext := range r.byExt {
		exts = append(exts, ext)
	}
	slices.Sort(exts)
	return exts
}

func normExt(ext string) string {
	ext = strings.ToLower(strings.TrimSpace(ext))
	if !strings.HasPrefix(ext, ".") {
		ext = "." + ext
	}
	return ext
}

// sniff guesses a format from content and returns the extension of the
// loader to use, or "" for binary content.
func sniff(head []byte) string {
	if textproc.LooksBinary(head) {
		return ""
	}
	s := bytes.TrimPrefix(head, []byte{0xef, 0xbb, 0xbf})
	s = bytes.TrimLeft(s, " \t\r\n\f")
	if len(s) == 0 {
		return ".txt"
	}
	prefix := strings.ToLower(string(s[:min(len(s), 20)]))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body"} {
		if strings.HasPrefix(prefix, p) {
			return ".html"
		}
	}
	if s[0] == '{' || s[0] == '[' {
		if ext := sniffJSON(s); ext != "" {
			return ext
		}
	}
	return ".txt"
}

// sniffJSON tells JSON from JSON Lines from text that merely starts with a
// brace. head may be cut anywhere, so running out of input in the middle of
// a value still counts as JSON.
func sniffJSON(head []byte) string {
	dec := json.NewDecoder(bytes.NewReader(head))
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return ".json"
		}
		return ""
	}
	rest := bytes.TrimLeft(head[dec.InputOffset():], " \t\r")
	if len(rest) == 0 || (rest[0] == '\n' && len(bytes.TrimSpace(rest)) == 0) {
		return ".json"
	}
	if rest[0] != '\n' {
		return ""
	}
	if err := dec.Decode(&v); err == nil || errors.Is(err, io.ErrUnexpectedEOF) {
		return ".jsonl"
	}
	return ""
}
