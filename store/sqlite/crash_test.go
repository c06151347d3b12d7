package sqlite

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
)

// The crash test runs the writer in a child process (this test binary again,
// running TestCrashChild) and kills it with SIGKILL while it writes, several
// times at different moments; then it checks that the store is consistent:
// SQLite intact, every document complete, no orphan chunks, and the keyword
// index (snapshot-loaded or rebuilt) ranking exactly as a fresh rebuild.

const (
	crashDirEnv   = "SEOGO_CRASH_DIR"
	crashRoundEnv = "SEOGO_CRASH_ROUND"
	crashCleanEnv = "SEOGO_CRASH_CLEAN" // set: write this many documents, then Close
	crashColl     = "크래시"
	crashSlots    = 40 // document IDs the child cycles through, so it replaces as well as adds
)

// TestCrashChild is the writer. It only runs when TestCrashRecovery starts it.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashDirEnv)
	if dir == "" {
		t.Skip("run as a child process by TestCrashRecovery")
	}
	ctx := context.Background()
	round, _ := strconv.Atoi(os.Getenv(crashRoundEnv))
	cleanAfter, _ := strconv.Atoi(os.Getenv(crashCleanEnv))
	s, err := Open(ctx, dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = s.CreateCollection(ctx, store.Collection{Name: crashColl, Analyzer: "bigram", Embedder: "hash", Dim: testDim})
	if err != nil && !errors.Is(err, store.ErrExists) {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(uint64(round), 99))
	for i := 0; ; i++ {
		slot := r.IntN(crashSlots)
		d, recs := crashDoc(r, slot, round, i)
		if err := s.PutDocument(ctx, crashColl, d, recs); err != nil {
			t.Fatal(err)
		}
		if i%5 == 4 {
			err := s.DeleteDocument(ctx, crashColl, fmt.Sprintf("doc-%02d", r.IntN(crashSlots)))
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				t.Fatal(err)
			}
		}
		if i%3 == 0 {
			if _, err := s.KeywordSearch(ctx, crashColl, bigrams(koreanQueries[i%len(koreanQueries)]), 10, store.Filter{}); err != nil {
				t.Fatal(err)
			}
		}
		if i%7 == 6 { // a kill may land in the middle of writing a snapshot
			if err := s.Flush(ctx); err != nil {
				t.Fatal(err)
			}
		}
		fmt.Printf("wrote %d\n", i)
		if cleanAfter > 0 && i+1 == cleanAfter {
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			fmt.Println("closed")
			return
		}
	}
}

// crashDoc makes a document with 5..60 chunks; its metadata records how many,
// so the checker knows what complete means.
func crashDoc(r *rand.Rand, slot, round, i int) (*schema.Document, []store.Record) {
	n := 5 + r.IntN(56)
	paras := make([]string, n)
	for j := range paras {
		paras[j] = fmt.Sprintf("%s %s %d회차 %d번 문서 %d조각", koreanParas[r.IntN(len(koreanParas))], koreanParas[r.IntN(len(koreanParas))], round, i, j)
	}
	id := fmt.Sprintf("doc-%02d", slot)
	meta := map[string]string{"chunks": strconv.Itoa(n), "round": strconv.Itoa(round)}
	return makeDoc(id, "/크래시/"+id+".txt", fmt.Sprintf("제목 %d", i), meta, testDim, paras...)
}

func TestCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns and kills writer processes")
	}
	dir := t.TempDir()
	// Each round is killed after this many documents, plus a random few
	// milliseconds so the kill lands inside a transaction or a snapshot
	// write, not between them. Round 3 closes cleanly (fresh snapshot) and
	// the round after it makes that snapshot stale.
	rounds := []struct {
		after int
		clean bool
	}{{3, false}, {11, false}, {1, false}, {12, true}, {6, false}, {17, false}}
	for i, rd := range rounds {
		runChild(t, dir, i, rd.after, rd.clean)
		checkConsistent(t, dir, fmt.Sprintf("after round %d", i))
	}

	// The snapshot-loaded index, and one rebuilt from scratch, rank alike.
	s := openStore(t, dir)
	want := searchAll(t, s, crashColl, koreanQueries, true)
	s.Close()
	s = openStore(t, dir)
	sameResults(t, "snapshot-loaded", want, searchAll(t, s, crashColl, koreanQueries, true))
	if cs := s.state(crashColl); cs.fromSnapshot != 1 {
		t.Errorf("the final snapshot was not used (%d rebuilds)", cs.rebuilds)
	}
	s.Close()
	os.Remove(snapshotFile(dir, crashColl))
	s = openStore(t, dir)
	defer s.Close()
	sameResults(t, "rebuilt", want, searchAll(t, s, crashColl, koreanQueries, true))
}

func runChild(t *testing.T, dir string, round, after int, clean bool) {
	t.Helper()
	env := []string{crashDirEnv + "=" + dir, crashRoundEnv + "=" + strconv.Itoa(round)}
	killAfter := after
	if clean {
		env, killAfter = append(env, crashCleanEnv+"="+strconv.Itoa(after)), 0
	}
	r := runCrashChild(t, "TestCrashChild", env, killAfter)
	switch {
	case clean && (r.err != nil || !slices.Contains(r.lines, "closed")):
		t.Fatalf("round %d: clean child failed: %v\n%s", round, r.err, r)
	case !clean && r.wrote < after:
		t.Fatalf("round %d: child died after %d documents: %v\n%s", round, r.wrote, r.err, r)
	}
	t.Logf("round %d: %d documents written, then %s", round, r.wrote, map[bool]string{true: "closed", false: "killed"}[clean])
}

// childResult is what a crash-test child printed and how it ended.
type childResult struct {
	lines  []string // stdout
	wrote  int      // "wrote …" lines
	err    error    // from Wait
	stderr string
}

func (r childResult) String() string { return strings.Join(r.lines, "\n") + "\n" + r.stderr }

// runCrashChild runs this test binary again, only the test named test,
// with env added, reading its stdout. With killAfter > 0 it SIGKILLs the
// child 0–4 ms after its killAfter-th "wrote" line; otherwise it lets the
// child end by itself.
func runCrashChild(t *testing.T, test string, env []string, killAfter int) childResult {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1", "-test.timeout=5m")
	cmd.Env = append(os.Environ(), env...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var r childResult
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		r.lines = append(r.lines, line)
		if strings.HasPrefix(line, "wrote ") {
			r.wrote++
		}
		if killAfter > 0 && r.wrote == killAfter {
			time.Sleep(time.Duration(rand.IntN(4000)) * time.Microsecond)
			if err := cmd.Process.Kill(); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	r.err = cmd.Wait()
	r.stderr = stderr.String()
	return r
}

// checkConsistent opens the store and checks everything a crash could break.
func checkConsistent(t *testing.T, dir, when string) {
	t.Helper()
	ctx := context.Background()
	s := openStore(t, dir)
	defer s.Close()
	var ok string
	if err := s.db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Fatalf("%s: integrity_check = %q, %v", when, ok, err)
	}
	var orphans int
	s.db.QueryRow(`SELECT count(*) FROM chunks c LEFT JOIN documents d ON d.coll = c.coll AND d.id = c.doc_id WHERE d.id IS NULL`).Scan(&orphans)
	if orphans != 0 {
		t.Fatalf("%s: %d orphan chunks", when, orphans)
	}
	docs, err := s.ListDocuments(ctx, crashColl, store.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, d := range docs {
		want, _ := strconv.Atoi(d.Metadata["chunks"])
		var n, lo, hi int
		s.db.QueryRow(`SELECT count(*), min(ordinal), max(ordinal) FROM chunks WHERE coll = ? AND doc_id = ?`, crashColl, d.ID).Scan(&n, &lo, &hi)
		if n != want || d.Chunks != want || lo != 0 || hi != want-1 {
			t.Fatalf("%s: document %s has %d chunks (ordinals %d..%d); it was written with %d", when, d.ID, n, lo, hi, want)
		}
		total += n
	}
	// The index the store serves (from a snapshot or rebuilt) must rank
	// exactly as one rebuilt now from the stored tokens.
	ix, err := s.keyword(ctx, crashColl)
	if err != nil {
		t.Fatal(err)
	}
	if ix.Len() != total {
		t.Fatalf("%s: keyword index has %d chunks, SQLite %d", when, ix.Len(), total)
	}
	tx, _ := s.db.BeginTx(ctx, nil)
	fresh, err := s.rebuildKeyword(ctx, tx, crashColl)
	tx.Rollback()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range koreanQueries {
		a, b := ix.Search(bigrams(q), 10, nil), fresh.Search(bigrams(q), 10, nil)
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Fatalf("%s: query %q: served index %v, fresh rebuild %v", when, q, a, b)
		}
	}
	t.Logf("%s: %d documents, %d chunks, index from snapshot: %v", when, len(docs), total, s.state(crashColl).fromSnapshot == 1)
}
