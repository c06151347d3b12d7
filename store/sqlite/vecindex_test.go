package sqlite

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/vector"
)

// withGraph makes collections of 100+ vectors use the HNSW graph for the
// duration of a test.
func withGraph(t *testing.T) {
	saved := hnswMin
	hnswMin = 100
	t.Cleanup(func() { hnswMin = saved })
}

// putRandom stores docs documents of 10 chunks with random vectors.
func putRandom(t *testing.T, s *Store, coll string, r *rand.Rand, first, docs int) {
	for d := first; d < first+docs; d++ {
		id := fmt.Sprintf("doc%03d", d)
		doc := &schema.Document{ID: id, Source: "/v/" + id, Title: id, Format: "txt", Hash: id}
		var recs []store.Record
		for i := range 10 {
			v := make([]float32, testDim)
			for j := range v {
				v[j] = float32(r.NormFloat64())
			}
			recs = append(recs, store.Record{Chunk: schema.Chunk{ID: fmt.Sprintf("%s#%d", id, i), DocID: id, Ordinal: i, Text: "x"}, Tokens: []string{"x"}, Vector: v})
		}
		put(t, s, coll, doc, recs)
	}
}

func vectorQueries(n int) [][]float32 {
	r := rand.New(rand.NewPCG(77, 1))
	out := make([][]float32, n)
	for i := range out {
		out[i] = make([]float32, testDim)
		for j := range out[i] {
			out[i][j] = float32(r.NormFloat64())
		}
	}
	return out
}

func vectorResults(t *testing.T, s *Store, coll string, f store.Filter) [][]store.Scored {
	t.Helper()
	var out [][]store.Scored
	for _, q := range vectorQueries(40) {
		hits, err := s.VectorSearch(context.Background(), coll, q, 10, f)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, hits)
	}
	return out
}

// exactResults ranks every stored vector of coll with a flat index.
func exactResults(t *testing.T, s *Store, coll string) [][]store.Scored {
	t.Helper()
	flat := vector.NewFlat(testDim)
	tx, _ := s.db.Begin()
	defer tx.Rollback()
	if err := s.scanVectors(context.Background(), tx, coll, 0, flat.Add); err != nil {
		t.Fatal(err)
	}
	var out [][]store.Scored
	for _, q := range vectorQueries(40) {
		hits, _ := flat.Search(q, 10, nil)
		var sc []store.Scored
		for _, h := range hits {
			sc = append(sc, store.Scored{Key: int64(h.Key), Score: float64(h.Score)})
		}
		out = append(out, sc)
	}
	return out
}

func recallOf(got, want [][]store.Scored) float64 {
	found, total := 0, 0
	for i := range want {
		in := map[int64]bool{}
		for _, h := range want[i] {
			in[h.Key] = true
		}
		for _, h := range got[i] {
			if in[h.Key] {
				found++
			}
		}
		total += len(want[i])
	}
	return float64(found) / float64(total)
}

func TestVectorGraphLifecycle(t *testing.T) {
	withGraph(t)
	dir := t.TempDir()
	r := rand.New(rand.NewPCG(1, 1))
	s := openStore(t, dir)
	createColl(t, s, "v", testDim)
	putRandom(t, s, "v", r, 0, 60)
	first := vectorResults(t, s, "v", store.Filter{})
	vi, _ := s.vectors(context.Background(), "v")
	if vi.hnsw == nil || vi.fromSnapshot {
		t.Fatal("600 vectors above hnswMin did not build a graph")
	}
	if rec := recallOf(first, exactResults(t, s, "v")); rec < 0.95 {
		t.Fatalf("graph recall@10 %.3f", rec)
	}
	// Filtered: only the chosen document's chunks, exactly ranked.
	f := store.Filter{DocIDs: []string{"doc007"}}
	for _, hits := range vectorResults(t, s, "v", f) {
		if len(hits) != 10 {
			t.Fatalf("filtered search found %d of the document's 10 chunks", len(hits))
		}
	}
	// Changes after load reach the graph and its snapshot on Close.
	putRandom(t, s, "v", r, 60, 5)
	if err := s.DeleteDocument(context.Background(), "v", "doc003"); err != nil {
		t.Fatal(err)
	}
	want := vectorResults(t, s, "v", store.Filter{})
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s = openStore(t, dir)
	sameResults(t, "reopened", want, vectorResults(t, s, "v", store.Filter{}))
	if vi, _ := s.vectors(context.Background(), "v"); !vi.fromSnapshot {
		t.Fatal("the graph was rebuilt, not loaded from its snapshot")
	}
	// A write made while the graph is not loaded leaves the snapshot behind:
	// it is caught up with the 20 new chunks, not rebuilt.
	s.Close()
	s = openStore(t, dir)
	putRandom(t, s, "v", r, 70, 2)
	s.Close()
	s = openStore(t, dir)
	got := vectorResults(t, s, "v", store.Filter{})
	if vi, _ := s.vectors(context.Background(), "v"); !vi.fromSnapshot || vi.caughtUp != 20 {
		t.Fatalf("snapshot behind by 2 documents: from snapshot %v, caught up %d rows", vi.fromSnapshot, vi.caughtUp)
	}
	if rec := recallOf(got, exactResults(t, s, "v")); rec < 0.95 {
		t.Fatalf("recall after rebuild %.3f", rec)
	}
	s.Close()
}

// reopenWithSnapshot stores 30 random vectors in collection "v" of a new
// store, closes it, rewrites its graph snapshot with edit and opens it
// again; it returns the reopened store and the results before the edit.
func reopenWithSnapshot(t *testing.T, seed uint64, edit func([]byte) []byte) (*Store, [][]store.Scored) {
	t.Helper()
	dir := t.TempDir()
	s := openStore(t, dir)
	createColl(t, s, "v", testDim)
	putRandom(t, s, "v", rand.New(rand.NewPCG(seed, seed)), 0, 30)
	want := vectorResults(t, s, "v", store.Filter{})
	s.Close()
	path := s.hnswPath("v")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, edit(b), 0o644); err != nil {
		t.Fatal(err)
	}
	return openStore(t, dir), want
}

func TestDamagedVectorSnapshotIsRebuilt(t *testing.T) {
	withGraph(t)
	for _, damage := range []func([]byte) []byte{
		func(b []byte) []byte { return b[:len(b)/2] },
		func(b []byte) []byte { b[len(b)/3] ^= 0x10; return b },
		func([]byte) []byte { return []byte("junk") },
	} {
		s, want := reopenWithSnapshot(t, 2, damage)
		sameResults(t, "after damage", want, vectorResults(t, s, "v", store.Filter{}))
		if vi, _ := s.vectors(context.Background(), "v"); vi.fromSnapshot || vi.rebuilt != rebuildDamaged {
			t.Fatalf("a damaged snapshot: from snapshot %v, rebuilt because %q", vi.fromSnapshot, vi.rebuilt)
		}
		s.Close()
	}
}

// An intact snapshot of another format version is rebuilt too, and says so
// ("format upgraded", not "damaged").
func TestOtherFormatVectorSnapshotIsRebuilt(t *testing.T) {
	withGraph(t)
	s, want := reopenWithSnapshot(t, 3, func(b []byte) []byte {
		// The version follows the 8-byte magic; the CRC-32C (Castagnoli)
		// of every byte before it ends the file.
		binary.LittleEndian.PutUint32(b[8:], 99)
		binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.Checksum(b[:len(b)-4], crc32.MakeTable(crc32.Castagnoli)))
		return b
	})
	defer s.Close()
	sameResults(t, "after a format change", want, vectorResults(t, s, "v", store.Filter{}))
	if vi, _ := s.vectors(context.Background(), "v"); vi.fromSnapshot || vi.rebuilt != rebuildFormat {
		t.Fatalf("another format version: from snapshot %v, rebuilt because %q", vi.fromSnapshot, vi.rebuilt)
	}
}

func TestVectorIndexStatsAndRebuild(t *testing.T) {
	withGraph(t)
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	defer s.Close()
	createColl(t, s, "v", testDim)
	putRandom(t, s, "v", rand.New(rand.NewPCG(3, 3)), 0, 3)
	st, err := s.VectorIndexStats(ctx, "v")
	if err != nil || st.Kind != "flat" || st.Vectors != 30 || st.Recall10 != 1 {
		t.Fatalf("small collection: %+v %v", st, err)
	}
	putRandom(t, s, "v", rand.New(rand.NewPCG(4, 4)), 3, 20)
	st, err = s.RebuildVectorIndex(ctx, "v")
	if err != nil || st.Kind != "hnsw" || st.Vectors != 230 || st.Recall10 < 0.95 || st.SnapshotSize == 0 || st.GraphBytes == 0 {
		t.Fatalf("after growth and rebuild: %+v %v", st, err)
	}
	if _, err := s.VectorIndexStats(ctx, "missing"); err == nil {
		t.Fatal("stats of a missing collection")
	}
}
