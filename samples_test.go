package seogo

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestIngestEverySample ingests every committed sample document (PDF, HWP,
// HWPX, Office, mail) in one batch: each is stored or skipped or failed
// with a reason in both languages, none stops the batch, and no file takes
// more than 10 s.
func TestIngestEverySample(t *testing.T) {
	if testing.Short() {
		t.Skip("reads every sample")
	}
	dir := t.TempDir()
	// Known-bad files: the reason each must fail or be skipped.
	bad := map[string]string{
		"odl_empty.pdf":                 "",
		"odl_password-protected.pdf":    "암호",
		"odl_cid-font-no-tounicode.pdf": "OCR",
		"excelize_encryptAES.xlsx":      "",
		"distribution.hwp":              "-", // read (decrypted) with a note
		"blank.hwp":                     "",
	}
	var n int
	for _, src := range []string{"loader/pdf/testdata", "loader/hwp/testdata", "loader/office/testdata"} {
		filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, ".txt") || strings.HasSuffix(p, ".md") ||
				strings.HasSuffix(p, ".py") || strings.HasSuffix(p, ".go") || strings.Contains(p, "/gen/") ||
				strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".xml") || strings.HasSuffix(p, ".fods") || strings.HasSuffix(p, ".fodp") {
				return nil
			}
			raw, _ := os.ReadFile(p)
			os.WriteFile(filepath.Join(dir, filepath.Base(p)), raw, 0o644)
			n++
			return nil
		})
	}
	e := openTestEngine(t, func(c *Config) { c.Ingest.FileTimeout = 10 * time.Second })
	start := time.Now()
	sum := mustIngest(t, e, IngestOptions{}, dir)
	if len(sum.Files) != n {
		t.Fatalf("%d results for %d files", len(sum.Files), n)
	}
	for _, f := range sum.Files {
		name := filepath.Base(f.Path)
		want, known := bad[name]
		switch {
		case f.Status == StatusAdded:
			if known && want != "-" && want != "" && !strings.Contains(strings.Join(f.Notes, " "), want) {
				t.Errorf("%s: added without the note %q: %v", name, want, f.Notes)
			}
		case f.Status == StatusSkipped && f.Reason == SkipEmpty:
			// Feature samples that hold only shapes, charts or equations.
		case known:
			if want != "" && want != "-" && !strings.Contains(f.Detail, want) {
				t.Errorf("%s: %s with %q, want a reason mentioning %q", name, f.Status, f.Detail, want)
			}
			if f.Reason == "" && f.Detail == "" {
				t.Errorf("%s: %s with no reason", name, f.Status)
			}
		default:
			t.Errorf("%s: %s (%s %s)", name, f.Status, f.Reason, f.Detail)
		}
	}
	if sum.Added < 45 {
		t.Errorf("only %d of %d samples stored", sum.Added, n)
	}
	t.Logf("%d sample files: %d added, %d skipped, %d failed, %d chunks in %.1fs",
		n, sum.Added, sum.Skipped, sum.Failed, sum.Chunks, time.Since(start).Seconds())
	// Korean text from the formats is searchable, and page numbers survive.
	hits, err := e.Search(context.Background(), "국회 본회의", SearchOptions{K: 3})
	if err != nil || len(hits) == 0 {
		t.Fatalf("search: %v %v", hits, err)
	}
	for _, h := range hits {
		if strings.HasSuffix(h.Doc.Source, ".pdf") && h.Chunk.Page == 0 {
			t.Errorf("PDF chunk without a page: %s", h.Chunk.ID)
		}
	}
}
