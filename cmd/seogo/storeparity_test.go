package main

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/seogo/seogo/store/storetest"
)

// TestEvalParityAcrossStores runs the real binary's eval on KorQuAD dev
// (the first 300 questions) on the embedded store and on PostgreSQL: every
// mode's recall@1/5 and MRR@10 must agree within 0.005.
func TestEvalParityAcrossStores(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests KorQuAD twice")
	}
	pg := storetest.PostgresURL(t, "")
	dataset, err := filepath.Abs("../../testdata/korquad/KorQuAD_v1.0_dev.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dataset); err != nil {
		t.Fatal(err)
	}
	type report struct {
		Modes map[string]map[string]float64 `json:"modes"`
	}
	run := func(extra ...string) report {
		args := append([]string{"eval", dataset, "--json", "--answers=false", "--limit", "300"}, extra...)
		return decode[report](t, runSeogo(t, t.TempDir(), args...))
	}
	lite, shared := run(), run("--store", pg)
	if len(lite.Modes) != 3 {
		t.Fatalf("modes: %v", lite.Modes)
	}
	for mode, m := range lite.Modes {
		for _, k := range []string{"recall@1", "recall@5", "mrr@10"} {
			a, b := m[k], shared.Modes[mode][k]
			if math.Abs(a-b) > 0.005 || a == 0 {
				t.Errorf("%s %s: sqlite %.4f, postgres %.4f", mode, k, a, b)
			}
		}
	}
	raw, _ := json.Marshal(lite.Modes["keyword"])
	t.Logf("keyword on both stores: %s", raw)
}
