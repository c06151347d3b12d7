package sqlite

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
)

func openStoreWith(t testing.TB, dir string, opt Options) *Store {
	t.Helper()
	s, err := Open(context.Background(), dir, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The store's default quantization (the config's index.quantization)
// applies to collections that have not chosen one; a collection's own
// choice wins. Either way an int8 graph ranks as an exact scan at an
// exhaustive beam.
func TestDefaultVectorQuantization(t *testing.T) {
	exhaustiveGraph(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, def, choice string
		want              string
	}{
		{"nothing set", "", "", "float32"},
		{"default int8", "int8", "", "int8"},
		{"default spelled loosely", " INT8", "", "int8"},
		{"choice float32 wins", "int8", "float32", "float32"},
		{"choice int8 wins", "float32", "int8", "int8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openStoreWith(t, t.TempDir(), Options{VectorQuant: tc.def})
			defer s.Close()
			createColl(t, s, "v", testDim)
			if tc.choice != "" {
				if err := s.SetVectorQuantization(ctx, "v", tc.choice); err != nil {
					t.Fatal(err)
				}
			}
			if q, err := s.VectorQuantization(ctx, "v"); q != tc.want || err != nil {
				t.Fatalf("VectorQuantization = %q, %v; want %q", q, err, tc.want)
			}
			st, err := s.VectorIndexStats(ctx, "v") // empty: exact, says what a graph would use
			if err != nil || st.Kind != "flat" || st.Quantization != tc.want || st.QuantChoice != tc.choice {
				t.Fatalf("stats of the empty collection: %+v, %v", st, err)
			}
			putRandom(t, s, "v", rand.New(rand.NewPCG(21, 21)), 0, 30)
			st, err = s.RebuildVectorIndex(ctx, "v")
			wantDefault := strings.ToLower(strings.TrimSpace(tc.def))
			if wantDefault == "" {
				wantDefault = "float32"
			}
			if err != nil || st.Kind != "hnsw" || st.Quantization != tc.want || st.QuantChoice != tc.choice || st.QuantDefault != wantDefault {
				t.Fatalf("stats: %+v, %v", st, err)
			}
			compareWithFlat(t, s, "v", tc.name)
		})
	}
}

// A collection that has not chosen follows a changed default at the next
// open (its graph is rebuilt); one that chose keeps its snapshot.
func TestDefaultQuantizationChangeRebuildsOnlyUnchosen(t *testing.T) {
	exhaustiveGraph(t)
	ctx := context.Background()
	dir := t.TempDir()
	s := openStore(t, dir)
	createColl(t, s, "free", testDim)
	createColl(t, s, "fixed", testDim)
	if err := s.SetVectorQuantization(ctx, "fixed", "float32"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []string{"free", "fixed"} {
		putRandom(t, s, c, rand.New(rand.NewPCG(22, 22)), 0, 20)
		if _, err := s.VectorIndexStats(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()

	s = openStoreWith(t, dir, Options{VectorQuant: "int8"})
	defer s.Close()
	free, err := s.VectorIndexStats(ctx, "free")
	if err != nil || free.Quantization != "int8" || free.FromSnapshot || free.Rebuilt != rebuildParams {
		t.Fatalf("collection without a choice: %+v, %v", free, err)
	}
	fixed, err := s.VectorIndexStats(ctx, "fixed")
	if err != nil || fixed.Quantization != "float32" || !fixed.FromSnapshot || fixed.QuantChoice != "float32" {
		t.Fatalf("collection that chose float32: %+v, %v", fixed, err)
	}
	compareWithFlat(t, s, "free", "int8 by default")
}

func TestOpenRejectsUnknownQuantization(t *testing.T) {
	for _, q := range []string{"int4", "binary", "f32"} {
		_, err := Open(context.Background(), t.TempDir(), Options{VectorQuant: q})
		if err == nil || !strings.Contains(err.Error(), "use int8 or float32") {
			t.Errorf("Open with VectorQuant %q: %v", q, err)
		}
	}
}

// Schema 4 reads the 'float32' every collection got before as "not
// chosen", so a default set later applies to them too.
func TestMigrationMakesOldFloat32Unchosen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openStore(t, dir)
	createColl(t, s, "old", testDim)
	// Back to schema 3 as it was: the column's default filled in.
	if _, err := s.db.ExecContext(ctx, `UPDATE collections SET vector_quant = 'float32'; UPDATE schema_version SET version = 3`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openStoreWith(t, dir, Options{VectorQuant: "int8"})
	defer s.Close()
	st, err := s.VectorIndexStats(ctx, "old")
	if err != nil || st.QuantChoice != "" || st.Quantization != "int8" {
		t.Fatalf("after migration: %+v, %v", st, err)
	}
}

// efConstruction scales with the size a graph is built at. A snapshot built
// with a smaller one still loads (no rebuild forced by a new default);
// stats tell what a rebuild would use, and a rebuild uses it.
func TestEfConstructionScalesWithSize(t *testing.T) {
	exhaustiveGraph(t)
	saved := efConstructionFor
	efConstructionFor = func(n int) int {
		if n > 300 {
			return 40
		}
		return 20
	}
	t.Cleanup(func() { efConstructionFor = saved })
	ctx := context.Background()
	dir := t.TempDir()
	s := openStore(t, dir)
	createColl(t, s, "v", testDim)
	putRandom(t, s, "v", rand.New(rand.NewPCG(24, 24)), 0, 20)
	st, err := s.VectorIndexStats(ctx, "v")
	if err != nil || st.EfConstruct != 20 || st.EfConstructFor != 0 {
		t.Fatalf("200 vectors: %+v, %v", st, err)
	}
	s.Close()

	s = openStore(t, dir)
	defer s.Close()
	putRandom(t, s, "v", rand.New(rand.NewPCG(25, 25)), 20, 20) // 400 vectors: caught up, not rebuilt
	st, err = s.VectorIndexStats(ctx, "v")
	if err != nil || !st.FromSnapshot || st.EfConstruct != 20 || st.EfConstructFor != 40 {
		t.Fatalf("400 vectors on the 200-vector snapshot: %+v, %v", st, err)
	}
	st, err = s.RebuildVectorIndex(ctx, "v")
	if err != nil || st.EfConstruct != 40 || st.EfConstructFor != 0 {
		t.Fatalf("rebuilt at 400: %+v, %v", st, err)
	}
	compareWithFlat(t, s, "v", "rebuilt")
}
