package loader

import (
	"context"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"

	"github.com/seogo/seogo/schema"
)

// checkDoc asserts the invariants every loader promises: valid UTF-8 text,
// sections in range, in order, non-overlapping, non-empty and on rune
// boundaries, and the format in the metadata.
func checkDoc(t testing.TB, doc *schema.Document) {
	t.Helper()
	if !utf8.ValidString(doc.Text) {
		t.Fatalf("text is not valid UTF-8")
	}
	prev := 0
	for i, s := range doc.Sections {
		if s.Start < prev || s.End <= s.Start || s.End > len(doc.Text) {
			t.Fatalf("section %d [%d,%d) out of order or range (prev end %d, len %d)", i, s.Start, s.End, prev, len(doc.Text))
		}
		if !utf8.RuneStart(doc.Text[s.Start]) || (s.End < len(doc.Text) && !utf8.RuneStart(doc.Text[s.End])) {
			t.Fatalf("section %d [%d,%d) not on rune boundaries", i, s.Start, s.End)
		}
		prev = s.End
	}
	if doc.Metadata["format"] != doc.Format || doc.Format == "" {
		t.Fatalf("format %q, metadata %q", doc.Format, doc.Metadata["format"])
	}
}

// section is a section as the tests write it: its text and heading path.
type section struct {
	text     string
	headings []string
}

func sections(doc *schema.Document) []section {
	var out []section
	for _, s := range doc.Sections {
		out = append(out, section{doc.Text[s.Start:s.End], s.Headings})
	}
	return out
}

func load(t testing.TB, l Loader, name string, data []byte) (*schema.Document, error) {
	t.Helper()
	doc, err := l.Load(context.Background(), name, data)
	if err == nil {
		checkDoc(t, doc)
	}
	return doc, err
}

func eucKR(t testing.TB, s string) []byte {
	t.Helper()
	b, err := korean.EUCKR.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode EUC-KR: %v", err)
	}
	return b
}
