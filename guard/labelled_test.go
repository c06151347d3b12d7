package guard

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

// The labelled PII set (testdata/pii_labelled.jsonl) is written by
// testdata/gen: Korean documents of twelve kinds with every personal-data
// span labelled by byte offsets, and hard negatives (order and tracking
// numbers, dates, amounts, product codes, versions, ISBNs, corporate
// registration numbers) left unlabelled. Regenerate it with
//
//	go run testdata/gen/main.go testdata/gen/values.go testdata/gen/templates.go testdata/gen/injection.go

type labelledSpan struct {
	Entity     string `json:"entity"`
	Start, End int
}

type labelledText struct {
	Text  string         `json:"text"`
	Spans []labelledSpan `json:"spans"`
	Kind  string         `json:"kind"`
}

func readJSONL[T any](t testing.TB, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var x T
		if err := json.Unmarshal(sc.Bytes(), &x); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		out = append(out, x)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestLabelledPII holds the detector to the bar: per entity, recall
// ≥ 0.98 and precision ≥ 0.95, where a finding matches a label of the same
// entity whose span it overlaps.
func TestLabelledPII(t *testing.T) {
	docs := readJSONL[labelledText](t, "testdata/pii_labelled.jsonl")
	type counts struct{ gold, found, tp, fp int }
	per := map[string]*counts{}
	get := func(e string) *counts {
		if per[e] == nil {
			per[e] = &counts{}
		}
		return per[e]
	}
	total := 0
	for _, d := range docs {
		fs := detect(d.Text, DefaultThresholds)
		matched := make([]bool, len(fs))
		for _, s := range d.Spans {
			if s.Start < 0 || s.End > len(d.Text) || s.Start >= s.End {
				t.Fatalf("bad label %+v in %q", s, d.Text)
			}
			total++
			c := get(s.Entity)
			c.gold++
			hit := false
			for i, f := range fs {
				if f.Entity == s.Entity && f.Start < s.End && s.Start < f.End {
					hit, matched[i] = true, true
				}
			}
			if hit {
				c.tp++
			} else if testing.Verbose() || c.gold-c.tp <= 3 {
				t.Logf("missed %s %q in %q (found %v)", s.Entity, d.Text[s.Start:s.End], d.Text, fs)
			}
		}
		for i, f := range fs {
			c := get(f.Entity)
			c.found++
			if !matched[i] {
				c.fp++
				if testing.Verbose() || c.fp <= 3 {
					t.Logf("false %s %q (%.2f %s) in %q", f.Entity, f.Text, f.Score, f.Detector, d.Text)
				}
			}
		}
	}
	if total < 500 {
		t.Fatalf("only %d labelled spans; the bar needs at least 500", total)
	}
	names := make([]string, 0, len(per))
	for e := range per {
		names = append(names, e)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "%d texts, %d labelled spans\n%-20s %5s %5s %5s %5s %9s %7s\n", len(docs), total, "entity", "gold", "found", "tp", "fp", "precision", "recall")
	for _, e := range names {
		c := per[e]
		p, r := ratio(c.found-c.fp, c.found), ratio(c.tp, c.gold)
		fmt.Fprintf(&b, "%-20s %5d %5d %5d %5d %9.3f %7.3f\n", e, c.gold, c.found, c.tp, c.fp, p, r)
		if c.gold > 0 && r < 0.98 {
			t.Errorf("%s recall %.3f < 0.98", e, r)
		}
		if c.found > 0 && p < 0.95 {
			t.Errorf("%s precision %.3f < 0.95", e, p)
		}
		if c.gold == 0 {
			t.Errorf("%s: %d findings but no labelled spans", e, c.found)
		}
	}
	t.Log("\n" + b.String())
}

// ratio is a/b, or 1 when there is nothing to measure.
func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}
