package sqlite

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/seogo/seogo/store"
)

// An int8 collection re-ranks its candidates with the stored float32
// vectors: at recall 1 (a beam covering the collection) it ranks exactly as
// a float32 one, scores included, and it survives snapshot, catch-up and a
// switch back.
func TestInt8CollectionRanksAsFloat32(t *testing.T) {
	exhaustiveGraph(t)
	ctx := context.Background()
	open := func(quant string) *Store {
		s := openStore(t, t.TempDir())
		createColl(t, s, "v", testDim)
		if err := s.SetVectorQuantization(ctx, "v", quant); err != nil {
			t.Fatal(err)
		}
		putRandom(t, s, "v", rand.New(rand.NewPCG(11, 11)), 0, 60)
		return s
	}
	f32, i8 := open("float32"), open("int8")
	defer f32.Close()
	want := vectorResults(t, f32, "v", store.Filter{})
	sameResults(t, "int8 vs float32", want, vectorResults(t, i8, "v", store.Filter{}))
	compareWithFlat(t, i8, "v", "int8")

	st32, _ := f32.VectorIndexStats(ctx, "v")
	st8, err := i8.VectorIndexStats(ctx, "v")
	if err != nil || st8.Kind != "hnsw" || st8.Quantization != "int8" || st32.Quantization != "float32" {
		t.Fatalf("stats: %+v / %+v, %v", st8, st32, err)
	}
	if st8.VectorBytes*3 > st32.VectorBytes {
		t.Fatalf("int8 keeps %d bytes of vectors, float32 %d", st8.VectorBytes, st32.VectorBytes)
	}

	// Persisted: the setting and the int8 snapshot (saved without float32
	// vectors) are used by the next process, also when catching up.
	dir := i8.Dir()
	i8.Close()
	snap, err := os.ReadFile(i8.hnswPath("v"))
	if err != nil {
		t.Fatal(err)
	}
	i8 = openStore(t, dir)
	if q, err := i8.VectorQuantization(ctx, "v"); q != "int8" || err != nil {
		t.Fatalf("stored quantization %q, %v", q, err)
	}
	sameResults(t, "int8 from snapshot", want, vectorResults(t, i8, "v", store.Filter{}))
	if vi, _ := i8.vectors(ctx, "v"); !vi.fromSnapshot || vi.hnsw.Config().Floats == nil {
		t.Fatal("the int8 snapshot was not loaded with the store as its float32 source")
	}
	putRandom(t, i8, "v", rand.New(rand.NewPCG(12, 12)), 60, 3)
	i8.Close()
	os.WriteFile(i8.hnswPath("v"), snap, 0o644)
	i8 = openStore(t, dir)
	compareWithFlat(t, i8, "v", "int8 caught up")
	if vi, _ := i8.vectors(ctx, "v"); !vi.fromSnapshot || vi.caughtUp != 30 {
		t.Fatalf("int8 catch-up: from snapshot %v, %d applied", vi.fromSnapshot, vi.caughtUp)
	}

	// Back to float32: the graph is rebuilt with the new representation.
	if err := i8.SetVectorQuantization(ctx, "v", "float32"); err != nil {
		t.Fatal(err)
	}
	st, _ := i8.VectorIndexStats(ctx, "v")
	if st.Quantization != "float32" || st.FromSnapshot || st.Rebuilt != rebuildParams {
		t.Fatalf("after switching back: %+v", st)
	}
	compareWithFlat(t, i8, "v", "float32 again")
	i8.Close()
}

func TestSetVectorQuantizationErrors(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	defer s.Close()
	createColl(t, s, "v", testDim)
	for _, tc := range []struct {
		coll, quant string
		notFound    bool
	}{
		{"v", "int4", false},
		{"v", "", false},
		{"missing", "int8", true},
	} {
		err := s.SetVectorQuantization(ctx, tc.coll, tc.quant)
		if err == nil || errors.Is(err, store.ErrNotFound) != tc.notFound {
			t.Errorf("SetVectorQuantization(%q, %q) = %v", tc.coll, tc.quant, err)
		}
	}
	if q, err := s.VectorQuantization(ctx, "v"); q != "float32" || err != nil {
		t.Fatalf("default quantization %q, %v", q, err)
	}
	if _, err := s.VectorQuantization(ctx, "missing"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("quantization of a missing collection: %v", err)
	}
}

// The search benchmarks show what int8's re-ranking from SQLite costs: 64
// candidates (the default beam) read back from the database per query, at
// 20,000 × 64 with the default graph parameters.
func benchVecSearch(b *testing.B, quant string) {
	ctx := context.Background()
	s := openStore(b, b.TempDir())
	defer s.Close()
	if err := s.CreateCollection(ctx, store.Collection{Name: "v", Analyzer: "bigram", Embedder: "random", Dim: 64}); err != nil {
		b.Fatal(err)
	}
	if err := s.SetVectorQuantization(ctx, "v", quant); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(13, 13))
	for d := range 2000 {
		doc, recs := randomVectorDoc(r, fmt.Sprintf("d%04d", d), 64, 10)
		put(b, s, "v", doc, recs)
	}
	if _, err := s.vectors(ctx, "v"); err != nil {
		b.Fatal(err)
	}
	qs := make([][]float32, 100)
	for i := range qs {
		qs[i] = make([]float32, 64)
		for j := range qs[i] {
			qs[i][j] = float32(r.NormFloat64())
		}
	}
	b.ResetTimer()
	for i := range b.N {
		if _, err := s.VectorSearch(ctx, "v", qs[i%len(qs)], 10, store.Filter{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVectorSearch20kFloat32(b *testing.B) { benchVecSearch(b, "float32") }
func BenchmarkVectorSearch20kInt8(b *testing.B)    { benchVecSearch(b, "int8") }
