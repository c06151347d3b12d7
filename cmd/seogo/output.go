package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/i18n"
)

func (a *app) println(s string) { fmt.Fprintln(a.stdout, s) }

func (a *app) eprintln(s string) { fmt.Fprintln(a.stderr, s) }

func (a *app) printJSON(v any) {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

var skipReasons = map[string]i18n.Text{
	seogo.SkipUnsupported:    {Ko: "지원하지 않는 형식", En: "unsupported format"},
	seogo.SkipTooLarge:       {Ko: "파일이 너무 큼", En: "file too large"},
	seogo.SkipSymlinkOutside: {Ko: "폴더 밖을 가리키는 심볼릭 링크", En: "symlink leaves the folder"},
	seogo.SkipUnreadable:     {Ko: "읽을 수 없음", En: "unreadable"},
	seogo.SkipBinary:         {Ko: "텍스트가 아닌 바이너리 파일", En: "binary file, not text"},
	seogo.SkipEmpty:          {Ko: "내용이 비어 있음", En: "no text in the file"},
}

// skipReason renders a skip code in the user's language, with the detail.
func skipReason(l i18n.Lang, code, detail string) string {
	t, ok := skipReasons[code]
	if !ok {
		return detail
	}
	if detail == "" {
		return t.In(l)
	}
	return t.In(l) + " (" + detail + ")"
}

// filterFlags holds the metadata filter flags shared by search and ask.
type filterFlags struct {
	prefix string
	docs   []string
	meta   []string
}

func (f *filterFlags) filter() (seogo.Filter, error) {
	out := seogo.Filter{PathPrefix: f.prefix, DocIDs: f.docs}
	if out.PathPrefix != "" {
		out.PathPrefix = absPrefix(out.PathPrefix)
	}
	for _, kv := range f.meta {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || strings.TrimSpace(k) == "" {
			return out, usageError{i18n.Errorf("--filter 는 key=value 형식이어야 합니다: %q", "--filter must be key=value, not %q", kv)}
		}
		if out.Meta == nil {
			out.Meta = map[string]string{}
		}
		out.Meta[strings.TrimSpace(k)] = v
	}
	return out, nil
}

// headingPath renders a heading path as "A › B".
func headingPath(h []string) string { return strings.Join(h, " › ") }

// location is where a chunk sits, for people: path, heading, page, characters.
func location(doc seogo.DocRef, c seogo.Chunk) string {
	var b strings.Builder
	b.WriteString(doc.Source)
	if len(c.Headings) > 0 {
		b.WriteString(" › ")
		b.WriteString(headingPath(c.Headings))
	}
	if c.Page > 0 {
		fmt.Fprintf(&b, " p.%d", c.Page)
	}
	fmt.Fprintf(&b, " [%d–%d]", c.CharStart, c.CharEnd)
	return b.String()
}

// snippet shortens a passage for terminal output.
func snippet(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
