package sqlite

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/seogo/seogo/store"
)

// stageAll stages a fresh random vector for every chunk of coll under
// target, as `seogo reembed` would.
func stageAll(t *testing.T, s *Store, coll, target string, r *rand.Rand) {
	t.Helper()
	rows, err := s.db.Query(`SELECT key FROM chunks WHERE coll = ?`, coll)
	if err != nil {
		t.Fatal(err)
	}
	vecs := map[int64][]float32{}
	for rows.Next() {
		var k int64
		rows.Scan(&k)
		v := make([]float32, testDim)
		for j := range v {
			v[j] = float32(r.NormFloat64())
		}
		vecs[k] = v
	}
	rows.Close()
	if err := s.StageVectors(context.Background(), coll, target, vecs); err != nil {
		t.Fatal(err)
	}
}

func TestVectorSnapshotCatchUp(t *testing.T) {
	exhaustiveGraph(t)
	ctx := context.Background()
	del := func(t *testing.T, s *Store, id string) {
		if err := s.DeleteDocument(ctx, "v", id); err != nil {
			t.Fatal(err)
		}
	}
	// Each case starts from 60 documents of 10 chunks, snapshotted; change
	// runs with the graph loaded (so Close writes a newer snapshot), then the
	// old snapshot is put back, as if the process had died before writing
	// the new one.
	cases := []struct {
		name    string
		change  func(t *testing.T, s *Store, r *rand.Rand)
		rebuilt string // why the graph must be rebuilt; "": caught up
		applied int    // rows the catch-up applies
	}{
		{"nothing changed", func(*testing.T, *Store, *rand.Rand) {}, "", 0},
		{"added, deleted and replaced documents", func(t *testing.T, s *Store, r *rand.Rand) {
			putRandom(t, s, "v", r, 60, 5) // 50 added
			del(t, s, "doc003")            // 10 removed
			putRandom(t, s, "v", r, 10, 1) // doc010 replaced: 10 removed, 10 added
		}, "", 80},
		{"last document deleted, its keys reused", func(t *testing.T, s *Store, r *rand.Rand) {
			maxKey := func() (k int64) { s.db.QueryRow(`SELECT max(key) FROM chunks`).Scan(&k); return k }
			before := maxKey()
			del(t, s, "doc059")
			putRandom(t, s, "v", r, 60, 1) // SQLite hands out the freed largest keys again
			if maxKey() != before {
				t.Fatalf("keys were not reused: largest key %d, was %d", maxKey(), before)
			}
		}, "", 10},
		{"embedder switched: same keys, new vectors", func(t *testing.T, s *Store, r *rand.Rand) {
			stageAll(t, s, "v", "other/16", r)
			if err := s.SwitchEmbedder(ctx, "v", "other/16", "other", testDim); err != nil {
				t.Fatal(err)
			}
		}, rebuildRewritten, 0},
		{"collection deleted and created again", func(t *testing.T, s *Store, r *rand.Rand) {
			if err := s.DeleteCollection(ctx, "v"); err != nil {
				t.Fatal(err)
			}
			createColl(t, s, "v", testDim)
			putRandom(t, s, "v", r, 0, 60)
		}, rebuildRewritten, 0},
		{"most documents replaced", func(t *testing.T, s *Store, r *rand.Rand) {
			putRandom(t, s, "v", r, 0, 40)
		}, rebuildFarBehind, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			r := rand.New(rand.NewPCG(5, 5))
			s := openStore(t, dir)
			createColl(t, s, "v", testDim)
			putRandom(t, s, "v", r, 0, 60)
			if _, err := s.vectors(ctx, "v"); err != nil { // built and snapshotted
				t.Fatal(err)
			}
			s.Close()
			path := s.hnswPath("v")
			old, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s = openStore(t, dir)
			if _, err := s.vectors(ctx, "v"); err != nil {
				t.Fatal(err)
			}
			tc.change(t, s, r)
			s.Close()
			if err := os.WriteFile(path, old, 0o644); err != nil {
				t.Fatal(err)
			}

			s = openStore(t, dir)
			compareWithFlat(t, s, "v", tc.name)
			vi, _ := s.vectors(ctx, "v")
			switch {
			case vi.rebuilt != tc.rebuilt || vi.fromSnapshot != (tc.rebuilt == ""):
				t.Fatalf("rebuilt because %q (from snapshot %v), want %q", vi.rebuilt, vi.fromSnapshot, tc.rebuilt)
			case vi.caughtUp != tc.applied:
				t.Fatalf("caught up %d rows, want %d", vi.caughtUp, tc.applied)
			case vi.caughtUp >= vi.Len():
				t.Fatalf("caught up %d rows of %d: no better than a rebuild", vi.caughtUp, vi.Len())
			}
			if st, _ := s.VectorIndexStats(ctx, "v"); st.CaughtUp != tc.applied {
				t.Fatalf("stats report %d rows caught up", st.CaughtUp)
			}
			t.Logf("%d vectors, %d applied on load", vi.Len(), vi.caughtUp)
			s.Close()
			// Close wrote a current snapshot: the next open applies nothing.
			s = openStore(t, dir)
			defer s.Close()
			compareWithFlat(t, s, "v", tc.name+", reopened")
			if vi, _ := s.vectors(ctx, "v"); !vi.fromSnapshot || vi.caughtUp != 0 {
				t.Fatalf("after Close: from snapshot %v, caught up %d", vi.fromSnapshot, vi.caughtUp)
			}
		})
	}
}

// A power failure may lose the last commits after their snapshots were
// synced, leaving snapshots stamped later than the store. Open removes them,
// so writes that bring the generation back up to their stamp cannot make
// them match; one that appears later anyway is rebuilt, not trusted.
func TestSnapshotsNewerThanTheStore(t *testing.T) {
	exhaustiveGraph(t)
	ctx := context.Background()
	dir := t.TempDir()
	s := openStore(t, dir)
	createColl(t, s, "v", testDim)
	putRandom(t, s, "v", rand.New(rand.NewPCG(6, 6)), 0, 30)
	if _, err := s.vectors(ctx, "v"); err != nil {
		t.Fatal(err)
	}
	s.Close() // both snapshots stamped with the last write's generation
	s = openStore(t, dir)
	for _, q := range []string{ // that write lost: its rows and generation gone
		`DELETE FROM documents WHERE coll = 'v' AND id = 'doc029'`,
		`UPDATE meta SET value = value - 1`, `UPDATE collections SET generation = generation - 1`,
	} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()

	s = openStore(t, dir)
	defer s.Close()
	for _, p := range []string{s.snapshotPath("v"), s.hnswPath("v")} {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s, stamped later than the store, was kept", filepath.Base(p))
		}
	}
	putRandom(t, s, "v", rand.New(rand.NewPCG(7, 7)), 100, 1) // the generation is back at the old stamp
	compareWithFlat(t, s, "v", "after lost commits")
	vi, _ := s.vectors(ctx, "v")
	if vi.rebuilt != rebuildMissing {
		t.Fatalf("rebuilt because %q", vi.rebuilt)
	}

	var buf bytes.Buffer
	if err := vi.hnsw.WriteSnapshot(&buf, vi.gen+100); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(s.hnswPath("v"), buf.Bytes(), 0o644)
	cs := s.state("v")
	cs.loadMu.Lock()
	vi, err := s.loadVectors(ctx, cs, false)
	cs.loadMu.Unlock()
	if err != nil || vi.fromSnapshot || vi.rebuilt != rebuildFuture {
		t.Fatalf("a snapshot newer than the store: %v, from snapshot %v, rebuilt because %q", err, vi.fromSnapshot, vi.rebuilt)
	}
}

func TestVectorRebuildProgress(t *testing.T) {
	withGraph(t)
	var mu sync.Mutex
	var seen [][2]int
	ctx := context.Background()
	s, err := Open(ctx, t.TempDir(), Options{Progress: func(coll string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if coll == "v" {
			seen = append(seen, [2]int{done, total})
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	createColl(t, s, "v", testDim)
	putRandom(t, s, "v", rand.New(rand.NewPCG(7, 7)), 0, 25)
	if _, err := s.RebuildVectorIndex(ctx, "v"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) < 3 || seen[0] != [2]int{0, 250} || seen[len(seen)-1] != [2]int{250, 250} {
		t.Fatalf("progress reports %v", seen)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i][0] < seen[i-1][0] {
			t.Fatalf("progress went back: %v", seen)
		}
	}
}

// The load benchmarks compare catching a 20,000 × 64 graph snapshot up with
// 200 changed rows (100 added, 100 deleted) against rebuilding the graph
// from the stored vectors.
var (
	vbOnce sync.Once
	vbDir  string
	vbSnap []byte
	vbErr  error
)

func vecBenchStore(b *testing.B) string {
	b.Helper()
	vbOnce.Do(func() {
		if vbDir, vbErr = os.MkdirTemp("", "seogo-vbench-"); vbErr != nil {
			return
		}
		vbErr = fillVecBench(b, vbDir)
	})
	if vbErr != nil {
		b.Fatal(vbErr)
	}
	return vbDir
}

func fillVecBench(b *testing.B, dir string) error {
	ctx := context.Background()
	s := openStore(b, dir)
	if err := s.CreateCollection(ctx, store.Collection{Name: "v", Analyzer: "bigram", Embedder: "random", Dim: 64}); err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(8, 8))
	for d := range 2010 {
		doc, recs := randomVectorDoc(r, fmt.Sprintf("d%04d", d), 64, 10)
		if d == 2000 { // the snapshot is taken before the last 10 documents
			if _, err := s.vectors(ctx, "v"); err != nil {
				return err
			}
			s.Close()
			var err error
			if vbSnap, err = os.ReadFile(s.hnswPath("v")); err != nil {
				return err
			}
			s = openStore(b, dir)
			for i := range 10 {
				if err := s.DeleteDocument(ctx, "v", fmt.Sprintf("d%04d", i)); err != nil {
					return err
				}
			}
		}
		if err := s.PutDocument(ctx, "v", doc, recs); err != nil {
			return err
		}
	}
	return s.Close()
}

func benchVecLoad(b *testing.B, rebuild bool) {
	dir := vecBenchStore(b)
	ctx := context.Background()
	s := openStore(b, dir)
	defer s.Close()
	cs := s.state("v")
	b.ResetTimer() // the store is built once, by the first benchmark to run
	for range b.N {
		b.StopTimer()
		if err := os.WriteFile(s.hnswPath("v"), vbSnap, 0o644); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		cs.loadMu.Lock()
		vi, err := s.loadVectors(ctx, cs, rebuild)
		cs.loadMu.Unlock()
		if err != nil || vi.Len() != 20000 || vi.fromSnapshot == rebuild || (!rebuild && vi.caughtUp != 200) {
			b.Fatalf("load: %v (%d vectors, from snapshot %v, %d applied)", err, vi.Len(), vi.fromSnapshot, vi.caughtUp)
		}
	}
}

// BenchmarkVectorLoad20kCatchUp reads the snapshot and applies 200 rows.
func BenchmarkVectorLoad20kCatchUp(b *testing.B) { benchVecLoad(b, false) }

// BenchmarkVectorLoad20kRebuild builds the graph from the stored vectors
// and writes its snapshot.
func BenchmarkVectorLoad20kRebuild(b *testing.B) { benchVecLoad(b, true) }

// A database from before schema version 3 has no chunks.gen: rows written
// after its snapshot cannot be told apart, so the first open rebuilds.
func TestVectorSnapshotFromOldSchemaIsRebuilt(t *testing.T) {
	exhaustiveGraph(t)
	ctx := context.Background()
	dir := t.TempDir()
	s := openStore(t, dir)
	createColl(t, s, "v", testDim)
	putRandom(t, s, "v", rand.New(rand.NewPCG(9, 9)), 0, 30)
	if _, err := s.vectors(ctx, "v"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// Back to version 2, then a write by a seogo of that version: a chunk's
	// vector replaced in place and the generation moved on.
	s = openStore(t, dir)
	for _, q := range []string{
		`DROP INDEX chunks_gen`, `ALTER TABLE chunks DROP COLUMN gen`,
		`ALTER TABLE collections DROP COLUMN vectors_gen`, `ALTER TABLE collections DROP COLUMN vector_quant`,
		`UPDATE schema_version SET version = 2`,
		`UPDATE chunks SET vector = (SELECT vector FROM chunks ORDER BY key DESC LIMIT 1) WHERE key = (SELECT min(key) FROM chunks)`,
		`UPDATE meta SET value = value + 1`, `UPDATE collections SET generation = (SELECT value FROM meta)`,
	} {
		if _, err := s.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	s.db.Close()
	unlockDir(s.lock)
	s = openStore(t, dir)
	defer s.Close()
	compareWithFlat(t, s, "v", "after migration")
	if vi, _ := s.vectors(ctx, "v"); vi.fromSnapshot || vi.rebuilt != rebuildRewritten {
		t.Fatalf("a snapshot from before the migration: from snapshot %v, rebuilt because %q", vi.fromSnapshot, vi.rebuilt)
	}
}
