package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

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
	storetest.FillRandomVectors(t, st, coll, n, dim, 9)
}

type indexStatsJSON struct {
	Kind                string
	Vectors             int
	Quantization        string
	QuantizationChoice  string `json:"quantization_choice"`
	QuantizationDefault string `json:"quantization_default"`
	EfConstruction      int    `json:"ef_construction"`
}

// `seogo index quantize` switches a graph to int8 with plain progress lines
// when stderr is not a terminal, and stats say so afterwards.
func TestCLIIndexQuantize(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	const n = 10_500
	fillVectors(t, dir, "big", n, 16)
	r := cliRun(t, nil, "--data-dir", dir, "index", "quantize", "big", "int8")
	cliOK(t, r)
	if !strings.Contains(r.stdout, `collection "big": vector quantization set to int8`) || !strings.Contains(r.stdout, "int8 (chosen for this collection)") ||
		!strings.Contains(r.stdout, "config default (index.quantization)  float32") {
		t.Errorf("quantize output:\n%s", r.stdout)
	}
	lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if len(lines) < 3 || len(lines) > 12 || lines[0] != "quantize 0/10500 big" || lines[len(lines)-1] != "quantize 10500/10500 big" {
		t.Errorf("progress lines:\n%s", r.stderr)
	}

	st := cliJSON[indexStatsJSON](t, cliRun(t, map[string]string{"SEOGO_INDEX_QUANTIZATION": "float32"}, "--data-dir", dir, "index", "stats", "big", "--json"))
	if st.Kind != "hnsw" || st.Vectors != n || st.Quantization != "int8" || st.QuantizationChoice != "int8" || st.QuantizationDefault != "float32" || st.EfConstruction != 100 {
		t.Errorf("stats after quantize: %+v", st)
	}
	// JSON output has no progress lines (--quiet takes the same path).
	r = cliRun(t, nil, "--data-dir", dir, "index", "rebuild", "big", "--json")
	if cliOK(t, r); r.stderr != "" {
		t.Errorf("rebuild --json wrote to stderr: %q", r.stderr)
	}
}

// The configured default applies to a new collection and shows in config
// show and stats; an explicit choice wins; a bad value is a usage error in
// the user's language.
func TestCLIIndexQuantizationDefault(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"SEOGO_INDEX_QUANTIZATION": "int8"}
	if r := cliRun(t, env, "--data-dir", dir, "config", "show"); !strings.Contains(r.stdout, "index:\n    quantization: int8") {
		t.Errorf("config show:\n%s", r.stdout)
	}
	cliOK(t, cliRun(t, env, "--data-dir", dir, "collections", "create", "docs"))
	st := cliJSON[indexStatsJSON](t, cliRun(t, env, "--data-dir", dir, "index", "stats", "docs", "--json"))
	if st.Kind != "flat" || st.Quantization != "int8" || st.QuantizationChoice != "" || st.QuantizationDefault != "int8" {
		t.Errorf("new collection under an int8 default: %+v", st)
	}
	cliOK(t, cliRun(t, env, "--data-dir", dir, "-c", "docs", "index", "quantize", "float32"))
	st = cliJSON[indexStatsJSON](t, cliRun(t, env, "--data-dir", dir, "index", "stats", "docs", "--json"))
	if st.Quantization != "float32" || st.QuantizationChoice != "float32" {
		t.Errorf("explicit float32 under an int8 default: %+v", st)
	}

	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"unknown value", nil, []string{"index", "quantize", "docs", "int4"}, exitUsage, `unknown vector quantization "int4": use int8 or float32`},
		{"unknown value in Korean", map[string]string{"SEOGO_LANG": "ko"}, []string{"index", "quantize", "int4"}, exitUsage, "int8 이나 float32 를 쓰세요"},
		{"no value", nil, []string{"index", "quantize"}, exitUsage, "accepts between 1 and 2 arg(s)"},
		{"missing collection", nil, []string{"index", "quantize", "nope", "int8"}, exitRuntime, `collection "nope" does not exist`},
		{"bad config value", map[string]string{"SEOGO_INDEX_QUANTIZATION": "int4"}, []string{"index", "stats", "docs"}, exitUsage, "index.quantization=\"int4\" must be int8 or float32"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cliRun(t, tc.env, append([]string{"--data-dir", dir}, tc.args...)...)
			if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("want exit %d and %q, got %v", tc.code, tc.want, r)
			}
		})
	}
}
