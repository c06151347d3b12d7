package pdf

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// fold drops white space entirely: pdfium adds a space where a producer
// switches fonts mid-word (Hangul to digits: "제89조" → "제 89 조") and
// breaks lines where the source has none, neither of which is a reading
// error.
func fold(s string) []rune {
	return []rune(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s))
}

// foldSpaces folds white-space runs to one space (the stricter measure).
func foldSpaces(s string) []rune { return []rune(strings.Join(strings.Fields(s), " ")) }

// similarity is 1 − levenshtein/max over runes.
func similarity(a, b []rune) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 1
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c = min(c, prev[j], cur[j-1]) + 1
			}
			cur[j] = c
		}
		prev, cur = cur, prev
	}
	return 1 - float64(prev[len(b)])/float64(max(len(a), len(b)))
}

// TestFidelity compares the text of PDFs LibreOffice produced from a known
// Korean text (testdata/produced, made by make.py) with that text.
func TestFidelity(t *testing.T) {
	src, err := os.ReadFile("testdata/produced/source.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file  string
		pages int
		notes bool // header and footer removed
	}{
		{"ko_onecol.pdf", 3, true},
		{"ko_twocol.pdf", 3, false},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile("testdata/produced/" + tc.file)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Loader{}.Load(context.Background(), tc.file, data)
			if err != nil {
				t.Fatal(err)
			}
			sim := similarity(fold(string(src)), fold(doc.Text))
			simSp := similarity(foldSpaces(string(src)), foldSpaces(doc.Text))
			t.Logf("similarity %.4f (white space removed), %.4f (white space folded); notes %q", sim, simSp, doc.Notes)
			if sim < 0.98 {
				t.Errorf("similarity %.4f < 0.98\n%s", sim, doc.Text)
			}
			if got := doc.Metadata["pages"]; got != itoa(tc.pages) {
				t.Errorf("pages = %s, want %d", got, tc.pages)
			}
			if tc.notes && !strings.Contains(strings.Join(doc.Notes, "\n"), "header/footer") {
				t.Errorf("running header/footer not removed: notes %q", doc.Notes)
			}
			if strings.Contains(doc.Text, "국세청 질의회신 모음") {
				t.Errorf("running header left in the text")
			}
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
