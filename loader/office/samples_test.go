package office

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/seogo/seogo/loader"
)

// Every third-party sample loads, with text.
func TestSamplesLoad(t *testing.T) {
	for _, dir := range []string{"docx", "pptx", "xlsx"} {
		files, _ := filepath.Glob(filepath.Join(samplesDir, dir, "*."+dir))
		if len(files) == 0 {
			t.Skip("shared samples not available")
		}
		for _, f := range files {
			t.Run(filepath.Base(f), func(t *testing.T) {
				doc := load(t, f, sample(t, filepath.Join(dir, filepath.Base(f))))
				if len(doc.Sections) == 0 || strings.TrimSpace(doc.Text) == "" {
					t.Errorf("no text or sections")
				}
				for _, s := range doc.Sections {
					if s.Start < 0 || s.End > len(doc.Text) || s.Start > s.End {
						t.Fatalf("bad section %+v", s)
					}
				}
			})
		}
	}
}

var (
	mdNoise   = regexp.MustCompile(`(?m)<!--.*?-->|^\s*\|?(\s*-+\s*\|)+\s*-*\s*$|^#+ |\*\*|^\s*(- |\d+\. )`)
	ourNoise  = regexp.MustCompile(`(?m)^\s*(- |\d+\. )`)
	pipeSpace = regexp.MustCompile(`\s*\|\s*`)
)

// plain strips Markdown (docling's) or our table and list syntax, so texts
// laid out differently compare by their words.
func plain(s string, md bool) string {
	if md {
		s = mdNoise.ReplaceAllString(s, "")
	} else {
		s = ourNoise.ReplaceAllString(s, "")
	}
	return fold(pipeSpace.ReplaceAllString(s, " "))
}

// A loose fidelity check against docling's Markdown. docling repeats merged
// cells, splits sheets into table regions and drops speaker notes, so the
// bar is below the Korean files'; the floors are the measured values,
// rounded down, to catch regressions.
func TestSamplesAgainstDocling(t *testing.T) {
	for _, tc := range []struct {
		file  string
		floor float64
	}{
		{"docx/docling_word_sample.docx", 0.95},
		{"docx/docling_word_tables.docx", 0.70},
		{"docx/docling_textbox.docx", 0.90},
		{"pptx/docling_powerpoint_sample.pptx", 0.70},
		{"pptx/docling_powerpoint_bad_text.pptx", 0.90},
		{"xlsx/docling_xlsx_01.xlsx", 0.50},
		{"xlsx/docling_xlsx_06_edge_cases_.xlsx", 0.80},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data := sample(t, tc.file)
			md := sample(t, tc.file+".expected.md")
			var l = loaderFor(tc.file)
			if p, ok := l.(PPTX); ok {
				p.Notes = false // docling leaves notes out
				l = p
			}
			doc, err := l.Load(t.Context(), tc.file, data)
			if err != nil {
				t.Fatal(err)
			}
			sim := similarity(plain(doc.Text, false), plain(string(md), true))
			t.Logf("similarity to docling %.3f", sim)
			if sim < tc.floor {
				t.Errorf("similarity %.3f < %.2f\ngot:  %s\nwant: %s", sim, tc.floor, plain(doc.Text, false), plain(string(md), true))
			}
		})
	}
}

// markitdown's test vectors: strings its converter must find.
func TestSamplesMarkitdownVectors(t *testing.T) {
	for file, musts := range map[string][]string{
		"docx/markitdown_test.docx":              {"314b0a30-5b04-470b-b9f7-eed2c2bec74a", "49e168b7-d2ae-407f-a055-2167576f39a1", "## d666f1f7-46cb-42bd-9a39-9a39cf2a509f"[3:], "# Abstract"[2:], "# Introduction"[2:]},
		"docx/markitdown_test_with_comment.docx": {"314b0a30-5b04-470b-b9f7-eed2c2bec74a", "49e168b7-d2ae-407f-a055-2167576f39a1"},
		"pptx/markitdown_test.pptx":              {"2cdda5c8-e50e-4db4-b5f0-9722a649f455", "04191ea8-5c73-4215-a1d3-1cfb43aaaf12", "44bf7d06-5e7a-4a40-a2e1-a2e42ef28c8a", "1b92870d-e3b5-4e65-8153-919f4ff45592", "AutoGen: Enabling Next-Gen LLM Applications via Multi-Agent Conversation", "A table to test parsing:"},
		"xlsx/markitdown_test.xlsx":              {"09060124-b5e7-4717-9d07-3c046eb", "6ff4173b-42a5-4784-9b19-f49caff4d93d", "affc7dad-52dc-4b98-9b5d-51e65d8a8ad0"},
	} {
		t.Run(file, func(t *testing.T) {
			doc := load(t, file, sample(t, file))
			for _, s := range musts {
				if !strings.Contains(doc.Text, s) {
					t.Errorf("missing %q", s)
				}
			}
		})
	}
}

// The edge samples give a document or a clear error, never a panic.
func TestEdgeSamples(t *testing.T) {
	for _, tc := range []struct {
		file string
		want error // nil: a document with text
	}{
		{"edge/docling_powerpoint_malformed_pictures.pptx", nil},
		{"edge/excelize_BadWorkbook.xlsx", loader.ErrEmpty},
		{"edge/excelize_encryptAES.xlsx", ErrEncrypted},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data := sample(t, tc.file)
			doc, err := loaderFor(tc.file).Load(t.Context(), tc.file, data)
			t.Logf("err: %v", err)
			switch {
			case tc.want == nil && err != nil:
				t.Fatal(err)
			case tc.want == nil && strings.TrimSpace(doc.Text) == "":
				t.Error("no text")
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Errorf("error %v, want %v", err, tc.want)
			}
		})
	}
	if _, err := os.Stat(samplesDir); err != nil {
		t.Skip("shared samples not available")
	}
}
