package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/sqlite"
	"github.com/seogo/seogo/store/storetest"
)

// TestKorQuADSpeed ingests KorQuAD's paragraphs into both stores and times
// ingest and queries, and compares their rankings (SEOGO_BENCH_KORQUAD=path
// of KorQuAD_v1.0_dev.json; with the test-only bigram analyser and hash
// vectors, so it measures the stores, not the models).
func TestKorQuADSpeed(t *testing.T) {
	path := os.Getenv("SEOGO_BENCH_KORQUAD")
	if path == "" {
		t.Skip("SEOGO_BENCH_KORQUAD is not set")
	}
	var data struct {
		Data []struct {
			Title      string
			Paragraphs []struct {
				Context string
				Qas     []struct{ Question string }
			}
		}
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &data); err != nil {
		t.Fatal(err)
	}
	var docs []storetest.Doc
	var questions []string
	for i, a := range data.Data {
		d := storetest.Doc{ID: fmt.Sprintf("a%03d", i), Source: fmt.Sprintf("korquad/%03d.txt", i), Title: a.Title}
		for _, p := range a.Paragraphs {
			d.Paras = append(d.Paras, p.Context)
			for _, q := range p.Qas {
				questions = append(questions, q.Question)
			}
		}
		docs = append(docs, d)
	}
	questions = questions[:min(len(questions), 1000)]
	ctx := context.Background()
	lite, err := sqlite.Open(ctx, t.TempDir(), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	stores := []struct {
		name string
		s    store.Store
	}{{"sqlite", lite}, {"postgres", openFresh(t, "")}, {"postgres-unnest", openFresh(t, "seogo_copy=off&seogo_pgbouncer=true")}}
	top := map[string][][]int64{}
	for _, st := range stores {
		defer st.s.Close()
		if err := st.s.CreateCollection(ctx, store.Collection{Name: "kq", Dim: storetest.Dim}); err != nil {
			t.Fatal(err)
		}
		built := make([]*schema.Document, len(docs))
		recs := make([][]store.Record, len(docs))
		chunks := 0
		for i, d := range docs {
			built[i], recs[i] = d.Build(storetest.Dim)
			chunks += len(recs[i])
		}
		start := time.Now()
		for i := range docs {
			if err := st.s.PutDocument(ctx, "kq", built[i], recs[i]); err != nil {
				t.Fatal(err)
			}
		}
		ingest := time.Since(start)
		for _, mode := range []string{"keyword", "vector"} {
			var lat []time.Duration
			var ids [][]int64
			for _, q := range questions {
				t0 := time.Now()
				var hits []store.Scored
				if mode == "keyword" {
					hits, err = st.s.KeywordSearch(ctx, "kq", storetest.Bigrams(q), 10, store.Filter{})
				} else {
					hits, err = st.s.VectorSearch(ctx, "kq", storetest.Embed(q), 10, store.Filter{})
				}
				if err != nil {
					t.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
				cs, _ := st.s.Chunks(ctx, "kq", keysOf(hits))
				ids = append(ids, idHash(cs))
			}
			slices.Sort(lat)
			top[st.name+mode] = ids
			t.Logf("%-16s %s: ingest %d chunks in %v (%.0f chunks/s); %s p50 %v p99 %v", st.name, mode, chunks, ingest.Round(time.Millisecond),
				float64(chunks)/ingest.Seconds(), mode, lat[len(lat)/2], lat[len(lat)*99/100])
		}
	}
	for _, mode := range []string{"keyword", "vector"} {
		same := 0
		for i := range questions {
			a, b := top["sqlite"+mode][i], top["postgres"+mode][i]
			if len(a) > 0 && len(b) > 0 && a[0] == b[0] {
				same++
			}
		}
		t.Logf("%s: same top-1 chunk on %d of %d questions", mode, same, len(questions))
	}
}

func keysOf(hits []store.Scored) []int64 {
	out := make([]int64, len(hits))
	for i, h := range hits {
		out[i] = h.Key
	}
	return out
}

// idHash names chunks by their string IDs (keys differ between stores).
func idHash(cs []store.StoredChunk) []int64 {
	out := make([]int64, len(cs))
	for i, c := range cs {
		var h int64
		for _, r := range c.Chunk.ID {
			h = h*131 + int64(r)
		}
		out[i] = h
	}
	return out
}
