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
// content (a few KB are enough; nil when unknown).
//
// Binary content speaks first: a file whose bytes are a PDF, an OLE
// compound file (HWP) or a zip container is read as that, whatever its
// extension claims, unless the extension names a format of the same family
// (a .docx is a zip). Otherwise a known extension wins, and content without
// one is sniffed: HTML when it starts with "<!doctype html" or "<html", JSON
// (or JSON Lines) when it starts with '{' or '[' and parses, else plain text
// unless it looks binary.
func (r *Registry) Lookup(name string, head []byte) (Loader, string, bool) {
	if r == nil || r.byExt == nil {
		return nil, "", false
	}
	ext := normExt(filepath.Ext(name))
	e, known := r.byExt[ext]
	if m := Magic(head); m != "" && !(known && family(ext) == family(m)) {
		if me, ok := r.byExt[m]; ok {
			return me.loader, me.format, true
		}
	}
	if known && ext != "." {
		return e.loader, e.format, true
	}
	sniffed := sniff(head)
	if sniffed == "" {
		return nil, "", false
	}
	e, ok := r.byExt[sniffed]
	return e.loader, e.format, ok
}

// Magic names the binary container head starts with, as the extension of
// its loader: ".pdf", ".hwp" (an OLE compound file, which is what HWP 5.0
// is) or ".zip" (OOXML, ODF, HWPX and plain zips alike; the container's
// entries tell them apart). It returns "" for anything else.
func Magic(head []byte) string {
	switch {
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return ".hwp"
	case bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return ".zip"
	case pdfHeader(head):
		return ".pdf"
	}
	return ""
}

// pdfHeader finds "%PDF-" where readers accept it: within the first 1024
// bytes, after at most a binary preamble (a MacBinary or mail-gateway
// header). A text file that merely mentions %PDF- on a later line is text.
func pdfHeader(head []byte) bool {
	i := bytes.Index(head[:min(len(head), 1024)], []byte("%PDF-"))
	return i >= 0 && bytes.IndexByte(head[:i], '\n') < 0
}

// family groups extensions whose files share a container, so a .xlsx that
// is a zip is not second-guessed, while a .docx that is really a PDF is.
func family(ext string) string {
	switch ext {
	case ".zip", ".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".pptx", ".pptm", ".hwpx", ".odt", ".ods", ".odp":
		return "zip"
	case ".hwp", ".doc", ".xls", ".ppt", ".msg":
		return "ole"
	case ".pdf":
		return "pdf"
	}
	return ext
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
