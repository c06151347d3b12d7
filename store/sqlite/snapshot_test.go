package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/bm25"
)

// fillStore makes a store with one collection of a few documents, closes it
// (writing the snapshot) and returns the search results to expect.
func fillStore(t *testing.T, dir string) [][]store.Scored {
	t.Helper()
	s := openStore(t, dir)
	createColl(t, s, "docs", testDim)
	for i := 0; i < 12; i++ {
		d, r := makeDoc(string(rune('a'+i)), "/자료/"+string(rune('a'+i)), "제목", nil, testDim, koreanParas[i%8], koreanParas[(i+3)%8])
		put(t, s, "docs", d, r)
	}
	want := searchAll(t, s, "docs", koreanQueries, false)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return want
}

func TestDamagedSnapshotIsRebuilt(t *testing.T) {
	tests := []struct {
		name   string
		damage func(b []byte) []byte
	}{
		{"truncated to half", func(b []byte) []byte { return b[:len(b)/2] }},
		{"last byte missing", func(b []byte) []byte { return b[:len(b)-1] }},
		{"empty", func([]byte) []byte { return nil }},
		{"byte flipped", func(b []byte) []byte { b[len(b)/2] ^= 0x40; return b }},
		{"garbage", func(b []byte) []byte { return []byte("not a snapshot at all, not at all") }},
		{"trailing junk", func(b []byte) []byte { return append(b, 1, 2, 3) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			want := fillStore(t, dir)
			path := snapshotFile(dir, "docs")
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, tc.damage(b), 0o644); err != nil {
				t.Fatal(err)
			}

			s := openStore(t, dir)
			sameResults(t, tc.name, want, searchAll(t, s, "docs", koreanQueries, false))
			if cs := s.state("docs"); cs.rebuilds != 1 || cs.fromSnapshot != 0 {
				t.Fatalf("%d rebuilds, %d snapshot loads; want 1, 0", cs.rebuilds, cs.fromSnapshot)
			}
			s.Close()
			// The rebuild rewrote the snapshot: the next open trusts it.
			s = openStore(t, dir)
			defer s.Close()
			sameResults(t, tc.name+" reopened", want, searchAll(t, s, "docs", koreanQueries, false))
			if cs := s.state("docs"); cs.fromSnapshot != 1 {
				t.Fatalf("after the rebuild the snapshot was not rewritten")
			}
		})
	}
}

// A process that dies after committing but before writing its snapshot
// leaves a snapshot of an older generation: intact, checksum fine, wrong.
func TestStaleSnapshotIsRebuilt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openStore(t, dir)
	createColl(t, s, "docs", testDim)
	d, r := makeDoc("a", "/a", "제목", nil, testDim, koreanParas[0], koreanParas[1])
	put(t, s, "docs", d, r)
	path := s.snapshotPath("docs")
	s.Close()
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	s = openStore(t, dir)
	d, r = makeDoc("b", "/b", "제목", nil, testDim, koreanParas[2], koreanParas[3])
	put(t, s, "docs", d, r)
	s.DeleteDocument(ctx, "docs", "a")
	want := searchAll(t, s, "docs", koreanQueries, false)
	s.Close()
	if err := os.WriteFile(path, old, 0o644); err != nil { // as if Close never ran
		t.Fatal(err)
	}
	if _, stamp, err := readSnapshotFile(path); err != nil || stamp == 0 {
		t.Fatalf("old snapshot unreadable: %v", err)
	}

	s = openStore(t, dir)
	defer s.Close()
	got := searchAll(t, s, "docs", koreanQueries, false)
	sameResults(t, "stale snapshot", want, got)
	if cs := s.state("docs"); cs.rebuilds != 1 || cs.fromSnapshot != 0 {
		t.Fatalf("%d rebuilds, %d snapshot loads; want 1, 0", cs.rebuilds, cs.fromSnapshot)
	}
}

func TestChangedParamsRebuild(t *testing.T) {
	dir := t.TempDir()
	fillStore(t, dir)
	p := bm25.DefaultParams()
	p.K1 = 2
	s, err := Open(context.Background(), dir, Options{BM25: p})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ix, err := s.keyword(context.Background(), "docs")
	if err != nil {
		t.Fatal(err)
	}
	if ix.Params() != p || s.state("docs").rebuilds != 1 {
		t.Fatalf("params %v, %d rebuilds; want %v, 1", ix.Params(), s.state("docs").rebuilds, p)
	}
	if _, err := Open(context.Background(), t.TempDir(), Options{BM25: bm25.Params{K1: -1}}); err == nil {
		t.Fatal("invalid BM25 parameters accepted")
	}
}

func TestLeftoverIndexFilesAreRemoved(t *testing.T) {
	dir := t.TempDir()
	fillStore(t, dir)
	leftovers := []string{"abc.bm25.tmp-123", "0123456789abcdef0123456789abcdef.bm25"}
	for _, name := range leftovers {
		os.WriteFile(filepath.Join(dir, indexDir, name), []byte("x"), 0o644)
	}
	s := openStore(t, dir)
	defer s.Close()
	for _, name := range leftovers {
		if _, err := os.Stat(filepath.Join(dir, indexDir, name)); !os.IsNotExist(err) {
			t.Errorf("%s survived Open", name)
		}
	}
	if _, err := os.Stat(s.snapshotPath("docs")); err != nil {
		t.Errorf("the live snapshot was removed: %v", err)
	}
}
