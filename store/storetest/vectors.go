package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
)

// FillRandomVectors creates coll in st holding n Gaussian random vectors of
// dim dimensions (drawn from seed), in documents of 500 one-token chunks:
// with n above 10,000 the embedded store searches it through an HNSW graph.
func FillRandomVectors(t testing.TB, st store.Store, coll string, n, dim int, seed uint64) {
	t.Helper()
	ctx := context.Background()
	if err := st.CreateCollection(ctx, store.Collection{Name: coll, Analyzer: "bigram", Embedder: "random", Dim: dim}); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(uint64(n), seed))
	for d := 0; d*500 < n; d++ {
		id := fmt.Sprintf("d%03d", d)
		doc := &schema.Document{ID: id, Source: "/rand/" + id, Title: id, Format: "txt", Hash: id, Text: "x"}
		var recs []store.Record
		for i := d * 500; i < min(n, (d+1)*500); i++ {
			v := make([]float32, dim)
			for j := range v {
				v[j] = float32(r.NormFloat64())
			}
			recs = append(recs, store.Record{Chunk: schema.Chunk{ID: fmt.Sprintf("%s#%d", id, i), DocID: id, Ordinal: i, Text: "x"}, Tokens: []string{"x"}, Vector: v})
		}
		if err := st.PutDocument(ctx, coll, doc, recs); err != nil {
			t.Fatal(err)
		}
	}
}
