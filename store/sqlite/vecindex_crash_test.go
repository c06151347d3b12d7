package sqlite

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/vector"
)

// The vector crash test follows crash_test.go: a child process (this test
// binary running TestVectorCrashChild) writes documents with vectors into a
// collection big enough for the HNSW graph, searches (so the graph is
// loaded and every write goes into it) and flushes snapshots, and is killed
// with SIGKILL: by the parent at a random moment, or by itself inside a
// snapshot write (crashHook). After each kill the store is reopened and its
// vector search must rank exactly as a flat scan of the vectors SQLite
// holds, read by the test itself.
//
// Exact equality with an approximate index needs the approximation out of
// the way: the graph here searches with a beam wider than the collection
// (exhaustiveGraph), so it visits every reachable node and any difference
// from the flat scan is a missing, stale or extra vector, never a recall
// miss.

const (
	vcrashDirEnv      = "SEOGO_VCRASH_DIR"
	vcrashRoundEnv    = "SEOGO_VCRASH_ROUND"
	vcrashSelfKillEnv = "SEOGO_VCRASH_SELFKILL" // n > 0: SIGKILL itself inside the n-th snapshot write
	vcrashColl        = "벡터-크래시"
	vcrashSlots       = 30 // document IDs cycled through, so documents are replaced as well as added
	vcrashKilledLine  = "killing myself inside a snapshot write"
)

// exhaustiveGraph makes collections of 100+ vectors use the graph, searched
// with a beam wider than any collection in these tests. An int8 graph
// re-ranks its best 200 by int8 score (not all, which costs a database read
// each): at 16 dimensions the int8 error is far below the score gap between
// 10th and 200th place.
func exhaustiveGraph(t testing.TB) {
	savedMin, savedCfg := hnswMin, hnswConfig
	hnswMin = 100
	hnswConfig.EfSearch = 1 << 14
	hnswConfig.Rerank = 200
	t.Cleanup(func() { hnswMin, hnswConfig = savedMin, savedCfg })
}

// randomVectorDoc makes a document of n chunks with Gaussian vectors (no
// ties between scores, unlike hashed text).
func randomVectorDoc(r *rand.Rand, id string, dim, n int) (*schema.Document, []store.Record) {
	doc := &schema.Document{ID: id, Source: "/vcrash/" + id, Title: id, Format: "txt", Hash: id}
	recs := make([]store.Record, n)
	for i := range recs {
		v := make([]float32, dim)
		for j := range v {
			v[j] = float32(r.NormFloat64())
		}
		recs[i] = store.Record{Chunk: schema.Chunk{ID: fmt.Sprintf("%s#%d", id, i), DocID: id, Ordinal: i, Text: "x"}, Tokens: []string{"x"}, Vector: v}
	}
	return doc, recs
}

// TestVectorCrashChild is the writer. It only runs when
// TestVectorCrashRecovery starts it.
func TestVectorCrashChild(t *testing.T) {
	dir := os.Getenv(vcrashDirEnv)
	if dir == "" {
		t.Skip("run as a child process by TestVectorCrashRecovery")
	}
	exhaustiveGraph(t)
	ctx := context.Background()
	round, _ := strconv.Atoi(os.Getenv(vcrashRoundEnv))
	selfKill, _ := strconv.Atoi(os.Getenv(vcrashSelfKillEnv))
	if selfKill > 0 {
		writes := 0
		crashHook = func(point string) {
			if writes++; writes == selfKill {
				fmt.Println(vcrashKilledLine, point)
				os.Stdout.Sync()
				p, _ := os.FindProcess(os.Getpid())
				p.Kill()
				select {} // the signal is on its way; write nothing more
			}
		}
	}
	s, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = s.CreateCollection(ctx, store.Collection{Name: vcrashColl, Analyzer: "bigram", Embedder: "random", Dim: testDim})
	if err != nil && !errors.Is(err, store.ErrExists) {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(uint64(round), 7))
	queries := vectorQueries(3)
	for i := 0; ; i++ {
		d, recs := randomVectorDoc(r, fmt.Sprintf("doc-%02d", r.IntN(vcrashSlots)), testDim, 5+r.IntN(36))
		if err := s.PutDocument(ctx, vcrashColl, d, recs); err != nil {
			t.Fatal(err)
		}
		if i%4 == 3 {
			err := s.DeleteDocument(ctx, vcrashColl, fmt.Sprintf("doc-%02d", r.IntN(vcrashSlots)))
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				t.Fatal(err)
			}
		}
		if i%3 == 0 { // loads the index, so later writes go into the graph
			if _, err := s.VectorSearch(ctx, vcrashColl, queries[i%len(queries)], 10, store.Filter{}); err != nil {
				t.Fatal(err)
			}
		}
		if i%5 == 4 {
			if err := s.Flush(ctx); err != nil {
				t.Fatal(err)
			}
		}
		fmt.Printf("wrote %d\n", i)
		if selfKill > 0 && i > 300 {
			t.Fatalf("no snapshot write in %d documents: the self-kill never came", i)
		}
	}
}

func TestVectorCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns and kills writer processes")
	}
	exhaustiveGraph(t)
	dir := t.TempDir()
	// after > 0: the parent kills the child a random 0–4 ms after that many
	// documents. selfKill > 0: the child kills itself inside its n-th
	// snapshot write (the first is often the rebuild at load). quant, when
	// set, is the collection's quantization from that round on: int8 graphs
	// are snapshotted without float32 vectors and re-rank from SQLite.
	rounds := []struct {
		after, selfKill int
		quant           string
	}{
		{8, 0, ""}, {0, 1, ""}, {14, 0, ""}, {0, 2, ""}, {5, 0, ""}, {0, 3, ""},
		{21, 0, "int8"}, {0, 1, ""}, {3, 0, ""}, {0, 2, ""}, {9, 0, ""}, {0, 3, ""},
	}
	for i, rd := range rounds {
		if rd.quant != "" {
			s := openStore(t, dir)
			if err := s.SetVectorQuantization(context.Background(), vcrashColl, rd.quant); err != nil {
				t.Fatal(err)
			}
			s.Close()
		}
		spawnVectorChild(t, dir, i, rd.after, rd.selfKill)
		checkVectorsExact(t, dir, fmt.Sprintf("after round %d", i))
	}
	// The last check closed the store with a current snapshot: it is used.
	s := openStore(t, dir)
	defer s.Close()
	compareWithFlat(t, s, vcrashColl, "reopened")
	if vi, _ := s.vectors(context.Background(), vcrashColl); vi.hnsw == nil || !vi.fromSnapshot || vi.hnsw.Config().Quant != vector.Int8 {
		t.Fatalf("the final int8 snapshot was not used (graph %v)", vi.hnsw != nil)
	}
}

func spawnVectorChild(t *testing.T, dir string, round, after, selfKill int) {
	t.Helper()
	env := []string{vcrashDirEnv + "=" + dir, vcrashRoundEnv + "=" + strconv.Itoa(round), vcrashSelfKillEnv + "=" + strconv.Itoa(selfKill)}
	killAfter := after
	if selfKill > 0 {
		killAfter = 0 // it kills itself inside a snapshot write
	}
	r := runCrashChild(t, "TestVectorCrashChild", env, killAfter)
	selfKilled := slices.ContainsFunc(r.lines, func(l string) bool { return strings.HasPrefix(l, vcrashKilledLine) })
	var exit *exec.ExitError
	killed := errors.As(r.err, &exit) && !exit.Exited() // ended by a signal
	if !killed || (selfKill > 0 && !selfKilled) || (selfKill == 0 && r.wrote < after) {
		t.Fatalf("round %d: child ended unexpectedly after %d documents: %v\n%s", round, r.wrote, r.err, r)
	}
	how := "killed by the parent"
	if selfKill > 0 {
		how = "killed inside snapshot write " + strconv.Itoa(selfKill)
	}
	t.Logf("round %d: %d documents written, then %s", round, r.wrote, how)
}

// checkVectorsExact reopens the store after a crash and compares its vector
// search with a flat scan of what SQLite holds.
func checkVectorsExact(t *testing.T, dir, when string) {
	t.Helper()
	s := openStore(t, dir)
	defer s.Close()
	var ok string
	if err := s.db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("%s: integrity_check = %q, %v", when, ok, err)
	}
	compareWithFlat(t, s, vcrashColl, when)
	vi, _ := s.vectors(context.Background(), vcrashColl)
	t.Logf("%s: %d vectors, %s, from snapshot %v, caught up %d", when, vi.Len(), s.describe(vcrashColl, vi).Quantization, vi.fromSnapshot, vi.caughtUp)
	tmps, _ := filepath.Glob(filepath.Join(dir, indexDir, "*.tmp-*"))
	if len(tmps) > 0 {
		t.Fatalf("%s: temporary snapshot files left after open: %v", when, tmps)
	}
}

// compareWithFlat checks that the store's vector search returns exactly the
// keys a flat scan of the stored vectors returns. The stored vectors are
// read and decoded here, not through the store's loader.
func compareWithFlat(t *testing.T, s *Store, coll, when string) {
	t.Helper()
	flat := vector.NewFlat(testDim)
	rows, err := s.db.Query(`SELECT key, vector FROM chunks WHERE coll = ?`, coll)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for rows.Next() {
		var key int64
		var blob []byte
		if err := rows.Scan(&key, &blob); err != nil {
			t.Fatal(err)
		}
		v := make([]float32, len(blob)/4)
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(blob[4*i:]))
		}
		if err := flat.Add(uint32(key), v); err != nil {
			t.Fatal(err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	vi, err := s.vectors(context.Background(), coll)
	if err != nil {
		t.Fatalf("%s: %v", when, err)
	}
	if vi.Len() != n {
		t.Fatalf("%s: the index holds %d vectors, SQLite %d", when, vi.Len(), n)
	}
	if n >= hnswMin && vi.hnsw == nil {
		t.Fatalf("%s: %d vectors but no graph", when, n)
	}
	for qi, q := range vectorQueries(40) {
		got, err := s.VectorSearch(context.Background(), coll, q, 10, store.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		want, _ := flat.Search(q, 10, nil)
		wantKeys := make([]int64, len(want))
		for i, h := range want {
			wantKeys[i] = int64(h.Key)
		}
		if fmt.Sprint(keysOf(got)) != fmt.Sprint(wantKeys) {
			t.Fatalf("%s: query %d: store %v, flat scan %v", when, qi, keysOf(got), wantKeys)
		}
	}
}
