package office

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/schema"
)

// samplesDir holds the shared third-party samples (see SOURCES.md there);
// tests that need them skip when the checkout has no shared data.
const samplesDir = "../../../shared/data/samples"

func sample(t testing.TB, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(samplesDir, rel))
	if err != nil {
		t.Skipf("shared sample not available: %v", err)
	}
	return b
}

func testdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// loaderFor picks the loader by extension, as the registry will.
func loaderFor(name string) loader.Loader {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".docx":
		return DOCX{}
	case ".pptx":
		return PPTX{Notes: true}
	case ".xlsx":
		return XLSX{}
	case ".odt":
		return ODT{}
	case ".ods":
		return ODS{}
	case ".odp":
		return ODP{Notes: true}
	case ".eml":
		return EML{}
	}
	return nil
}

func load(t testing.TB, name string, data []byte) *schema.Document {
	t.Helper()
	doc, err := loaderFor(name).Load(context.Background(), name, data)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return doc
}

// fold collapses all white space to single spaces.
func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// similarity is 1 − Levenshtein distance / the longer length, over runes.
func similarity(a, b string) float64 {
	ra, rb := []rune(a), []rune(b)
	if len(ra) == 0 && len(rb) == 0 {
		return 1
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return 1 - float64(prev[len(rb)])/float64(max(len(ra), len(rb)))
}

// sectionAt returns the section holding the first occurrence of s.
func sectionAt(t *testing.T, doc *schema.Document, s string) schema.Section {
	t.Helper()
	i := strings.Index(doc.Text, s)
	if i < 0 {
		t.Fatalf("%q not in the text:\n%s", s, doc.Text)
	}
	for _, sec := range doc.Sections {
		if sec.Start <= i && i < sec.End {
			return sec
		}
	}
	t.Fatalf("%q is in no section", s)
	return schema.Section{}
}
