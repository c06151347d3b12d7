package hwp

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// The fidelity tests compare our text with another implementation's output
// (hwplib's extractor for *.expected.txt, hwpjs's Markdown for
// *.expected.md). Both sides are folded before comparing: all white space
// is removed (layouts differ: hwplib keeps no paragraph breaks inside table
// cells, we put one line per row) and so is "|" (our cell separator, and
// Markdown's), so what is compared is the characters and their order.

// fold removes white space and table bars.
func fold(s string) []rune {
	var out []rune
	for _, r := range s {
		if unicode.IsSpace(r) || r == '|' {
			continue
		}
		out = append(out, r)
	}
	return out
}

// mdNoise is what a Markdown reference adds around the text.
var mdNoise = regexp.MustCompile(`(?m)^# HWP 문서$|^\*\*용지 크기\*\*.*$|^\|?(-+\|)+-*$|^---$|<br>|\*\*|\|---`)

// similarity is 1 - levenshtein(a, b) / max(len(a), len(b)) over runes.
func similarity(a, b []rune) float64 {
	const maxRunes = 20000 // O(n·m): keep the worst case to a fraction of a second
	a, b = a[:min(len(a), maxRunes)], b[:min(len(b), maxRunes)]
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
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return 1 - float64(prev[len(b)])/float64(max(len(a), len(b)))
}

// reference reads the expected text beside an HWP file, if any.
func reference(t testing.TB, hwpPath string) (string, bool) {
	base := strings.TrimSuffix(hwpPath, filepath.Ext(hwpPath))
	if b, err := os.ReadFile(base + ".expected.txt"); err == nil {
		return string(b), true
	}
	if b, err := os.ReadFile(base + ".expected.md"); err == nil {
		return mdNoise.ReplaceAllString(string(b), ""), true
	}
	return "", false
}

// measured holds the similarity each reference gave when the thresholds
// were set (rounded down); files not listed must reach 0.98.
var measured = map[string]float64{}

func TestFidelity(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.hwp")
	if extra := os.Getenv("HWP_SAMPLES"); extra != "" { // e.g. the full shared sample set
		more, _ := filepath.Glob(filepath.Join(extra, "*.hwp"))
		files = append(files, more...)
	}
	for _, path := range files {
		want, ok := reference(t, path)
		if !ok {
			continue
		}
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := Loader{}.Load(context.Background(), path, data)
			got := ""
			if err == nil {
				got = doc.Text
			}
			sim := similarity(fold(got), fold(want))
			t.Logf("similarity %.4f %s", sim, filepath.Base(path))
			floor, ok := measured[filepath.Base(path)]
			if !ok {
				floor = 0.98
			}
			if sim < floor {
				t.Errorf("similarity %.4f < %.2f (err %v)\ngot:  %q\nwant: %q", sim, floor, err, string(fold(got)), string(fold(want)))
			}
		})
	}
}
