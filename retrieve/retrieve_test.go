package retrieve

import (
	"math"
	"testing"

	"github.com/seogo/seogo/store"
)

func TestFuse(t *testing.T) {
	kw := []store.Scored{{Key: 1, Score: 9}, {Key: 2, Score: 5}, {Key: 3, Score: 1}}
	vec := []store.Scored{{Key: 3, Score: 0.9}, {Key: 4, Score: 0.8}, {Key: 1, Score: 0.1}}
	cases := []struct {
		name     string
		opt      Options
		wantKeys []int64
		// wantScore of the first hit, computed by hand.
		wantScore float64
	}{
		{"keyword keeps BM25 order and scores", Options{Mode: Keyword}, []int64{1, 2, 3}, 9},
		{"semantic keeps cosine order", Options{Mode: Semantic}, []int64{3, 4, 1}, 0.9},
		// RRF k=60: key1 = 1/61 + 1/63, key3 = 1/63 + 1/61 (tie → smaller key first),
		// key2 = 1/62, key4 = 1/62 (tie → 2 before 4).
		{"hybrid RRF, ties by key", Options{Mode: Hybrid}, []int64{1, 3, 2, 4}, 1.0/61 + 1.0/63},
		// keyword weight 2: key1 = 2/61+1/63, key2 = 2/62, key3 = 2/63+1/61, key4 = 1/62.
		{"hybrid weighted", Options{Mode: Hybrid, KeywordWeight: 2, VectorWeight: 1}, []int64{1, 3, 2, 4}, 2.0/61 + 1.0/63},
		// RRF k=1: key1 = 1/2 + 1/4, key3 = 1/4 + 1/2, key2 = 1/3, key4 = 1/3.
		{"hybrid small k", Options{Mode: Hybrid, RRFK: 1}, []int64{1, 3, 2, 4}, 0.75},
		// convex, λ = 1/(4+1) = 0.2: key1 = .8·9/9 + .2·.1/.9, key2 = .8·5/9,
		// key3 = .8·1/9 + .2·.9/.9, key4 = .2·.8/.9.
		{"hybrid convex", Options{Mode: Hybrid, Fusion: Convex, KeywordWeight: 4, VectorWeight: 1}, []int64{1, 2, 3, 4}, 0.8 + 0.2*0.1/0.9},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Fuse(c.opt, kw, vec)
			if len(got) != len(c.wantKeys) {
				t.Fatalf("got %d candidates, want %d: %+v", len(got), len(c.wantKeys), got)
			}
			for i, k := range c.wantKeys {
				if got[i].Key != k {
					t.Fatalf("position %d: key %d, want %d (%+v)", i, got[i].Key, k, got)
				}
			}
			if math.Abs(got[0].Score-c.wantScore) > 1e-12 {
				t.Errorf("top score %v, want %v", got[0].Score, c.wantScore)
			}
		})
	}
	// Signals carry both ranks so --explain can show them.
	got := Fuse(Options{Mode: Hybrid}, kw, vec)
	for _, c := range got {
		if c.Key == 1 && (c.Keyword.Rank != 1 || c.Vector.Rank != 3 || c.Keyword.Score != 9) {
			t.Errorf("key 1 signals: %+v", c)
		}
		if c.Key == 4 && (c.Keyword.Rank != 0 || c.Vector.Rank != 2) {
			t.Errorf("key 4 signals: %+v", c)
		}
	}
}

// TestConvexNearTies: a small vector share reorders keyword near-ties and
// leaves clear keyword wins alone.
func TestConvexNearTies(t *testing.T) {
	opt := Options{Mode: Hybrid, Fusion: Convex, KeywordWeight: 4, VectorWeight: 1}
	vec := []store.Scored{{Key: 2, Score: 0.9}, {Key: 1, Score: 0.5}}
	for _, c := range []struct {
		name  string
		kw    []store.Scored
		first int64
	}{
		{"near tie goes to the vector side", []store.Scored{{Key: 1, Score: 10}, {Key: 2, Score: 9.5}}, 2},
		{"clear keyword win stays", []store.Scored{{Key: 1, Score: 10}, {Key: 2, Score: 5}}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Fuse(opt, c.kw, vec); got[0].Key != c.first {
				t.Errorf("first %d, want %d: %+v", got[0].Key, c.first, got)
			}
		})
	}
}

func TestParseFusion(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Fusion
		err  bool
	}{{"", RRF, false}, {"RRF", RRF, false}, {" convex ", Convex, false}, {"linear", "", true}} {
		got, err := ParseFusion(c.in)
		if got != c.want || (err != nil) != c.err {
			t.Errorf("ParseFusion(%q) = %q, %v", c.in, got, err)
		}
	}
}

func TestParseMode(t *testing.T) {
	for in, want := range map[string]Mode{"": Hybrid, "keyword": Keyword, "BM25": Keyword, " semantic ": Semantic, "vector": Semantic, "hybrid": Hybrid} {
		got, err := ParseMode(in)
		if err != nil || got != want {
			t.Errorf("ParseMode(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseMode("magic"); err == nil {
		t.Error("ParseMode(magic): want an error")
	}
}
