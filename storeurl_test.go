package seogo

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/seogo/seogo/embed"
	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/storetest"
)

// TestMigrateStore copies a store to another and back (to PostgreSQL when
// SEOGO_TEST_POSTGRES is set, else between two embedded stores), runs it
// again to see it resume, and checks the copy ranks like the original.
func TestMigrateStore(t *testing.T) {
	ctx := context.Background()
	cfg := DefaultConfig()
	from := "sqlite:" + filepath.Join(t.TempDir(), "a")
	mid := "sqlite:" + filepath.Join(t.TempDir(), "b")
	if os.Getenv(storetest.PostgresEnv) != "" {
		mid = storetest.PostgresURL(t, "")
	}
	back := "sqlite:" + filepath.Join(t.TempDir(), "c")
	st, err := openStoreURL(ctx, cfg, from)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateCollection(ctx, store.Collection{Name: "migrated", Analyzer: "bigram", Embedder: "hash", Dim: storetest.Dim}); err != nil {
		t.Fatal(err)
	}
	docs := storetest.Corpus()
	for _, d := range docs {
		doc, recs := d.Build(storetest.Dim)
		if err := st.PutDocument(ctx, "migrated", doc, recs); err != nil {
			t.Fatal(err)
		}
	}
	// An embedding cache bigger than one page of the copy.
	cache := map[string][]float32{}
	for i := 0; i < 2500; i++ {
		cache[string(embed.CacheKey("openai:text-embedding-3-small", 4, strconv.Itoa(i)))] = []float32{float32(i), 1, 2, 3}
	}
	if err := st.(embed.Cache).PutVectors(ctx, cache); err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, hop := range [][2]string{{from, mid}, {mid, back}} {
		defer checkCacheCopied(t, cfg, hop[1], cache)
		var copied, skipped int
		count := func(p MigrateProgress) {
			if p.Skipped {
				skipped++
			} else {
				copied++
			}
		}
		if err := MigrateStore(ctx, cfg, hop[0], hop[1], nil, count); err != nil {
			t.Fatal(err)
		}
		if copied != len(docs) || skipped != 0 {
			t.Fatalf("%s → %s: copied %d skipped %d, want %d, 0", hop[0], hop[1], copied, skipped, len(docs))
		}
		copied = 0
		if err := MigrateStore(ctx, cfg, hop[0], hop[1], nil, count); err != nil {
			t.Fatal(err)
		}
		if copied != 0 || skipped != len(docs) {
			t.Fatalf("rerun %s → %s: copied %d skipped %d, want 0, %d", hop[0], hop[1], copied, skipped, len(docs))
		}
	}
	a, err := openStoreURL(ctx, cfg, from)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	c, err := openStoreURL(ctx, cfg, back)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, q := range storetest.Queries {
		for _, s := range []store.Store{a, c} {
			kw, err := s.KeywordSearch(ctx, "migrated", storetest.Bigrams(q), 5, store.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			vec, err := s.VectorSearch(ctx, "migrated", storetest.Embed(q), 5, store.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(kw) > 0 && kw[0].Score <= 0 || len(vec) != 5 {
				t.Fatalf("%q: keyword %v vector %v", q, kw, vec)
			}
		}
		ka, _ := a.KeywordSearch(ctx, "migrated", storetest.Bigrams(q), 5, store.Filter{})
		kc, _ := c.KeywordSearch(ctx, "migrated", storetest.Bigrams(q), 5, store.Filter{})
		if len(ka) != len(kc) {
			t.Fatalf("%q: %d hits after the round trip, want %d", q, len(kc), len(ka))
		}
		for i := range ka {
			if d := ka[i].Score - kc[i].Score; d > 1e-5 || d < -1e-5 {
				t.Fatalf("%q: #%d scores %v after the round trip, want %v", q, i, kc[i].Score, ka[i].Score)
			}
		}
	}
}

// checkCacheCopied checks that the store at url holds every cache entry.
func checkCacheCopied(t *testing.T, cfg Config, url string, want map[string][]float32) {
	t.Helper()
	st, err := openStoreURL(context.Background(), cfg, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	keys := make([][]byte, 0, len(want))
	for k := range want {
		keys = append(keys, []byte(k))
	}
	got, err := st.(embed.Cache).GetVectors(context.Background(), keys)
	if err != nil || len(got) != len(want) {
		t.Fatalf("%s holds %d of %d cached vectors (%v)", url, len(got), len(want), err)
	}
	for k, v := range want {
		if got[k][0] != v[0] {
			t.Fatalf("%s: cached vector %v, want %v", url, got[k], v)
		}
	}
}
