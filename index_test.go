package seogo

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/sqlite"
	"github.com/seogo/seogo/store/storetest"
)

// fillVectors creates coll in the embedded store in dir with n random
// vectors of dim dimensions (storetest.FillRandomVectors).
func fillVectors(t *testing.T, dir, coll string, n, dim int) {
	t.Helper()
	st, err := sqlite.Open(context.Background(), dir, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	storetest.FillRandomVectors(t, st, coll, n, dim, 7)
}

// QuantizeIndex records the choice and rebuilds the graph in int8, telling
// cfg.Index.Progress how far it has come.
func TestQuantizeIndex(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	const n = 10_500
	fillVectors(t, dir, "big", n, 16)
	var mu sync.Mutex
	var seen [][2]int
	cfg := DefaultConfig()
	cfg.DataDir = dir
	cfg.Index.Progress = func(coll string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if coll == "big" {
			seen = append(seen, [2]int{done, total})
		}
	}
	e, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	st, err := e.QuantizeIndex(ctx, "big", "int8")
	if err != nil {
		t.Fatal(err)
	}
	if st.Kind != "hnsw" || st.Quantization != "int8" || st.QuantChoice != "int8" || st.QuantDefault != "float32" || st.Vectors != n {
		t.Fatalf("stats after quantize: %+v", st)
	}
	mu.Lock()
	if len(seen) < 3 || seen[0] != [2]int{0, n} || seen[len(seen)-1] != [2]int{n, n} {
		t.Fatalf("progress: %v", seen)
	}
	mu.Unlock()
	if st, err = e.IndexStats(ctx, "big"); err != nil || st.Quantization != "int8" || st.Recall10 < 0.9 {
		t.Fatalf("stats: %+v, %v", st, err)
	}
}

// The configured default applies to a new collection; an explicit choice
// wins; a bad value is an error naming the good ones.
func TestIndexQuantizationDefault(t *testing.T) {
	ctx := context.Background()
	cfg := DefaultConfig()
	cfg.DataDir = filepath.Join(t.TempDir(), "data")
	cfg.Index.Quantization = "int8"
	e, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if _, err := e.CreateCollection(ctx, "docs"); err != nil {
		t.Fatal(err)
	}
	st, err := e.IndexStats(ctx, "docs")
	if err != nil || st.Quantization != "int8" || st.QuantChoice != "" || st.QuantDefault != "int8" {
		t.Fatalf("new collection under an int8 default: %+v, %v", st, err)
	}
	if st, err = e.QuantizeIndex(ctx, "docs", "float32"); err != nil || st.Quantization != "float32" || st.QuantChoice != "float32" {
		t.Fatalf("explicit float32: %+v, %v", st, err)
	}
	for _, bad := range []string{"", "int4", "fp16"} {
		if _, err := e.QuantizeIndex(ctx, "docs", bad); err == nil || !strings.Contains(err.Error(), "use int8 or float32") {
			t.Errorf("QuantizeIndex(%q): %v", bad, err)
		}
	}
	if _, err := e.QuantizeIndex(ctx, "missing", "int8"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("quantize a missing collection: %v", err)
	}
}

// A store that indexes vectors itself (PostgreSQL) has nothing to quantize.
func TestQuantizeIndexNeedsOwnIndex(t *testing.T) {
	e := &Engine{cfg: DefaultConfig(), store: struct{ store.Store }{}}
	if _, err := e.QuantizeIndex(context.Background(), "docs", "int8"); err == nil || !strings.Contains(err.Error(), "does not keep its own vector index") {
		t.Fatalf("QuantizeIndex on a store without its own index: %v", err)
	}
}
