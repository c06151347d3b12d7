package loader

import (
	"context"
	"path/filepath"
	"strings"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/textproc"
)

// ErrEmpty is returned (wrapped) when a file's normalised text is empty or
// only white space. A file with text but nothing to extract (an HTML page of
// scripts, a CSV with only a header) is not an error: its Document has an
// empty Text and a note saying why, and callers skip it like an empty file.
var ErrEmpty error = i18n.Errorf("문서에 텍스트가 없습니다", "document has no text")

// ErrBinary is returned (wrapped) when a text format's content looks binary
// (see textproc.LooksBinary).
var ErrBinary error = i18n.Errorf("텍스트가 아닌 바이너리 내용입니다", "content looks binary, not text")

// Skip codes say why Walk or its caller did not load a file. They are stable
// machine-readable strings that callers render in the reader's language;
// File.Detail carries only the facts behind them.
const (
	SkipUnsupported    = "unsupported"     // no loader for the extension or content
	SkipTooLarge       = "too-large"       // over WalkOptions.MaxSize
	SkipSymlinkOutside = "symlink-outside" // a symlink whose target leaves the root
	SkipUnreadable     = "unreadable"      // permission denied, broken symlink, I/O error
	SkipBinary         = "binary"          // decided by the caller: the loader returned ErrBinary
	SkipEmpty          = "empty"           // decided by the caller: ErrEmpty or blank Text
)

// decoded is a file's text after the checks and normalisation that every
// loader shares.
type decoded struct {
	text     string
	encoding string
	notes    []string
}

// decode rejects binary content, normalises the bytes (BOM, UTF-16, EUC-KR,
// NFC, line endings, control characters) and turns what normalisation did
// into notes. Text that is empty after normalisation is ErrEmpty.
func decode(data []byte) (decoded, error) {
	if textproc.LooksBinary(data) {
		return decoded{}, i18n.Errorf("%w(앞부분에 NUL 바이트나 제어 문자가 있음)", "%w (NUL bytes or control characters near the start)", ErrBinary)
	}
	text, info := textproc.Normalize(data)
	if strings.TrimSpace(text) == "" {
		return decoded{}, ErrEmpty
	}
	return decoded{text: text, encoding: info.Encoding, notes: infoNotes(info)}, nil
}

// infoNotes describes a textproc.Info for the ingest summary.
func infoNotes(info textproc.Info) []string {
	var notes []string
	name := encodingName(info.Encoding)
	switch info.Encoding {
	case "euc-kr", "utf-16le", "utf-16be":
		notes = append(notes, both(noteConverted, name))
	}
	if info.Invalid > 0 {
		notes = append(notes, both(noteInvalid, info.Invalid, name))
	}
	if info.NFDFixed {
		notes = append(notes, both(noteNFD))
	}
	return notes
}

func encodingName(enc string) string {
	switch enc {
	case "euc-kr":
		return "EUC-KR"
	case "utf-16le":
		return "UTF-16LE"
	case "utf-16be":
		return "UTF-16BE"
	}
	return "UTF-8"
}

// newDocument fills the fields every loader sets the same way.
func newDocument(format, title string, d decoded, text string, sections []schema.Section) *schema.Document {
	return &schema.Document{
		Title:    title,
		Format:   format,
		Text:     text,
		Sections: sections,
		Metadata: map[string]string{"format": format, "encoding": d.encoding},
		Notes:    d.notes,
	}
}

// baseTitle is the file name without directory and extension, normalised
// (macOS hands out NFD file names).
func baseTitle(name string) string {
	base := filepath.Base(name)
	if base == "." || base == string(filepath.Separator) {
		return ""
	}
	return textproc.NormalizeString(strings.TrimSuffix(base, filepath.Ext(base)))
}

// headingPath keeps the stack of open headings while a document is read in
// order, to give each section its path (outermost first).
type headingPath struct {
	levels []int
	texts  []string
}

// push opens a heading of the given level and returns the path to it.
func (h *headingPath) push(level int, text string) []string {
	for len(h.levels) > 0 && h.levels[len(h.levels)-1] >= level {
		h.levels = h.levels[:len(h.levels)-1]
		h.texts = h.texts[:len(h.texts)-1]
	}
	h.levels = append(h.levels, level)
	h.texts = append(h.texts, text)
	var path []string
	for _, t := range h.texts {
		if t != "" {
			path = append(path, t)
		}
	}
	return path
}

// heading is a heading found in a document: its level, its text, the
// offset in the document text where its section starts and the offset where
// the heading itself ends (after its line, or its Setext underline).
type heading struct {
	level int
	text  string
	start int
	end   int
}

// headingSections cuts text into sections at the given headings (sorted by
// start): the text before the first heading, when not blank, is a section
// without headings; each heading's section runs to the next heading.
//
// A heading with no body (another heading follows at once) does not make a
// section of its own: alone it would become a chunk holding only "## 배송",
// which its boosted heading tokens would rank first for that word. Its text
// joins the next section, which keeps its own, deeper heading path; an empty
// heading at the very end joins the section before it. Only a text that is
// nothing but headings keeps a heading-only section, as there is nothing to
// join it to.
func headingSections(text string, heads []heading) []schema.Section {
	var secs []schema.Section
	first := len(text)
	if len(heads) > 0 {
		first = heads[0].start
	}
	if strings.TrimSpace(text[:first]) != "" {
		secs = append(secs, schema.Section{Start: 0, End: first})
	}
	var path headingPath
	pending := -1 // start of the bodiless headings waiting for a section
	for i, h := range heads {
		end := len(text)
		if i+1 < len(heads) {
			end = heads[i+1].start
		}
		p := path.push(h.level, h.text)
		if end <= h.start {
			continue
		}
		start := h.start
		if pending >= 0 {
			start = pending
		}
		if strings.TrimSpace(text[min(max(h.end, h.start), end):end]) == "" {
			switch {
			case i+1 < len(heads):
				pending = start
				continue
			case len(secs) > 0:
				secs[len(secs)-1].End = end
				continue
			}
		}
		secs = append(secs, schema.Section{Start: start, End: end, Headings: p})
		pending = -1
	}
	if pending >= 0 { // only when the last heading had an empty range
		if len(secs) > 0 {
			secs[len(secs)-1].End = len(text)
		} else {
			secs = append(secs, schema.Section{Start: pending, End: len(text)})
		}
	}
	return secs
}

// checkContext returns ctx's error, wrapped, when it is done: loaders call it
// between records so a cancelled ingest stops promptly on huge files.
func checkContext(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return i18n.Errorf("읽기를 멈췄습니다: %w", "loading stopped: %w", err)
	}
	return nil
}
