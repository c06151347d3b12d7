// Command bench measures seogo's vector indexes against the Go peers
// (github.com/coder/hnsw, github.com/philippgille/chromem-go) on synthetic
// clustered unit vectors or on real text embeddings (KorQuAD + XQuAD
// passages, textdata.go), with exact ground truth from a flat scan. It is
// its own module so seogo never depends on the peers.
//
//	go run . --json --n 100000 --dim 384
//	go run . --json --n 1000000 --only seogo-int8   # low-memory int8 run, reports peak_rss_mb
//	go run . --json --dataset text [--embedder wordvec|sif|hash]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/seogo/seogo/vector"
)

// Result is one line of output: one index at one setting.
type Result struct {
	Dataset        string  `json:"dataset"`
	Embedder       string  `json:"embedder,omitempty"` // text dataset only
	Index          string  `json:"index"`
	N              int     `json:"n"`
	Dim            int     `json:"dim"`
	Ef             int     `json:"ef"`
	Recall10       float64 `json:"recall@10"`
	QPS1           float64 `json:"qps_1"`
	QPS2           float64 `json:"qps_2"`
	P50ms          float64 `json:"p50_ms"`
	P99ms          float64 `json:"p99_ms"`
	BuildPerS      float64 `json:"build_per_s"`
	BytesPerVector float64 `json:"bytes_per_vector"`
	GraphBytesPerV float64 `json:"graph_bytes_per_vector,omitempty"`
	PeakRSSMB      float64 `json:"peak_rss_mb,omitempty"`
	BuildCPUs      float64 `json:"build_cpu_s,omitempty"` // CPU seconds the build took (low-memory run)
	Note           string  `json:"note,omitempty"`
}

type searchFunc func(q []float32, k int) []uint32

var (
	flagJSON     = flag.Bool("json", false, "print one JSON object per line")
	flagN        = flag.Int("n", 100000, "vectors")
	flagDim      = flag.Int("dim", 384, "dimensions")
	flagQueries  = flag.Int("queries", 1000, "queries")
	flagClusters = flag.Int("clusters", 1000, "Gaussian clusters")
	flagEfs      = flag.String("ef", "16,32,48,64,128,256", "seogo efSearch values (--dataset text: 16,…,512 unless given)")
	flagPeers    = flag.Bool("peers", true, "also measure coder/hnsw and chromem-go")
	flagPeerQ    = flag.Int("peer-queries", 100, "queries for the slow peers")
	flagOnly     = flag.String("only", "", "comma-separated parts to run: membw (with the flat GB/s line), flat, seogo-hnsw, seogo-int8, peers; empty: all. --only seogo-int8 alone is the low-memory run (vectors on demand, float32 on disk)")
	flagTruthQ   = flag.Int("truth-queries", 1000, "low-memory run: queries with exact ground truth")
	flagFloats   = flag.String("floats", "file", "low-memory run: float32 source for re-ranking, file (pread from a temp file) or regen (regenerate)")
	flagM        = flag.Int("m", 0, "seogo HNSW M (0: the package default)")
	flagEfC      = flag.Int("efc", 0, "seogo HNSW efConstruction (0: the package default)")
	flagRerank   = flag.Int("rerank", 0, "seogo int8: candidates re-scored in float32 (0: the package default, max(--ef, 4k): the whole beam)")
	flagTmp      = flag.String("tmp", "", "low-memory run: directory for the float32 file (default os.TempDir)")
)

// parts is the --only selection.
var parts = map[string]bool{}

func want(part string) bool { return len(parts) == 0 || parts[part] }

func parseOnly() {
	for _, p := range splitComma(*flagOnly) {
		switch p = strings.TrimSpace(p); p {
		case "":
		case "seogo-hnsw-int8", "int8":
			parts["seogo-int8"] = true
		case "membw", "flat", "seogo-hnsw", "seogo-int8", "peers":
			parts[p] = true
		default:
			fmt.Fprintf(os.Stderr, "bench: unknown --only part %q\n", p)
			os.Exit(2)
		}
	}
}

func main() {
	flag.Parse()
	parseOnly()
	n, dim := *flagN, *flagDim
	var base, queries [][]float32
	switch *flagDataset {
	case "synthetic":
		if len(parts) == 1 && parts["seogo-int8"] {
			streamInt8(n, dim)
			return
		}
		r := rand.New(rand.NewPCG(1, 2))
		t0 := time.Now()
		data := clustered(r, n+*flagQueries, dim, *flagClusters)
		base, queries = data[:n], data[n:]
		note("generated %d×%d in %v", n, dim, time.Since(t0))
	case "text":
		datasetName, embedderName = "text", *flagEmbedder
		if !flagSet("ef") { // harder data: recall 0.99 needs a wider beam
			*flagEfs = "16,32,48,64,128,256,512"
		}
		if base, queries = textDataset(n, *flagQueries); *flagTextInfo {
			return
		}
		n, dim = len(base), len(base[0])
	default:
		fatal(fmt.Errorf("unknown --dataset %q: synthetic or text", *flagDataset))
	}
	t0 := time.Now()
	if len(parts) == 1 && parts["membw"] {
		bandwidth(base, 0)
		return
	}

	flat := vector.NewFlat(dim)
	for i, v := range base {
		flat.Add(uint32(i), v)
	}
	flatBuild := float64(n) / time.Since(t0).Seconds()
	truth := make([][]uint32, len(queries))
	t0 = time.Now()
	for i, q := range queries {
		if datasetName == "text" {
			truth[i] = tiedTruth(flat, q)
			continue
		}
		hits, _ := flat.Search(q, 10, nil)
		for _, h := range hits {
			truth[i] = append(truth[i], h.Key)
		}
	}
	if datasetName == "text" {
		noteTruth(truth)
	}
	// The set is smaller than this machine's last-level cache, so this
	// rate is partly cache: it is printed as gbps_in_llc, beside the
	// out-of-cache figure bandwidth measures.
	cached := float64(len(queries)) * float64(n*(dim*4+4)) / time.Since(t0).Seconds() / 1e9
	if want("membw") {
		if n*(dim*4+4) > 256<<20 {
			cached = 0 // more than this machine's last-level cache: not an in-cache rate
		}
		bandwidth(base, cached)
	}
	if want("flat") {
		res := measure("flat", n, queries[:min(200, len(queries))], truth, func(q []float32, k int) []uint32 {
			return keys(flat.Search(q, k, nil))
		})
		res.BuildPerS, res.BytesPerVector = flatBuild, float64(dim*4+4+20)
		emit(res)
	}
	flat = nil

	for _, quant := range []vector.Quantization{vector.Float32, vector.Int8} {
		cfg := vector.HNSWConfig{Seed: 1, Quant: quant, M: *flagM, EfConstruction: *flagEfC, Rerank: *flagRerank}
		name := "seogo-hnsw"
		if !want(map[vector.Quantization]string{vector.Float32: "seogo-hnsw", vector.Int8: "seogo-int8"}[quant]) {
			continue
		}
		if quant == vector.Int8 {
			name = "seogo-hnsw-int8"
			// The store keeps float32 on disk; re-ranking reads them there.
			cfg.Floats = func(k uint32, dst []float32) bool { copy(dst, base[k]); return true }
		}
		h := vector.NewHNSW(dim, cfg)
		build := buildParallel(n, 2, func(i int) { h.Add(uint32(i), base[i]) })
		st := h.Stats()
		for _, ef := range efs() {
			res := measure(name, n, queries, truth, func(q []float32, k int) []uint32 {
				return keys(h.SearchEf(q, k, ef, nil))
			})
			res.Ef, res.BuildPerS = ef, build
			res.BytesPerVector = st.BytesPerVector()
			res.GraphBytesPerV = float64(st.GraphBytes) / float64(st.Live)
			emit(res)
		}
	}
	if *flagPeers && want("peers") {
		peers(base, queries, truth)
	}
}

func flagSet(name string) bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

func efs() []int {
	var out []int
	for _, s := range splitComma(*flagEfs) {
		if v, err := strconv.Atoi(s); err == nil {
			out = append(out, v)
		}
	}
	return out
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

func keys(hits []vector.Hit, err error) []uint32 {
	out := make([]uint32, len(hits))
	for i, h := range hits {
		out[i] = h.Key
	}
	return out
}

// buildParallel runs add for 0..n-1 on w goroutines and returns adds/s.
func buildParallel(n, w int, add func(int)) float64 {
	t0 := time.Now()
	var wg sync.WaitGroup
	for g := range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < n; i += w {
				add(i)
			}
		}()
	}
	wg.Wait()
	return float64(n) / time.Since(t0).Seconds()
}

// measure runs every query on one goroutine (recall, latency) and then on
// two (throughput).
func measure(name string, n int, queries [][]float32, truth [][]uint32, search searchFunc) Result {
	lat := make([]float64, len(queries))
	found := 0
	t0 := time.Now()
	for i, q := range queries {
		s := time.Now()
		got := search(q, 10)
		lat[i] = time.Since(s).Seconds() * 1000
		for _, k := range got {
			if slices.Contains(truth[i], k) {
				found++
			}
		}
	}
	qps1 := float64(len(queries)) / time.Since(t0).Seconds()
	t0 = time.Now()
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < len(queries); i += 2 {
				search(queries[i], 10)
			}
		}()
	}
	wg.Wait()
	qps2 := float64(len(queries)) / time.Since(t0).Seconds()
	slices.Sort(lat)
	return Result{Index: name, N: n, Dim: len(queries[0]),
		Recall10: float64(found) / float64(10*len(queries)), QPS1: qps1, QPS2: qps2,
		P50ms: lat[len(lat)/2], P99ms: lat[min(len(lat)-1, len(lat)*99/100)]}
}

// clustered draws n unit vectors around c centres, each cluster with its
// own spread per dimension (anisotropic), like real embeddings.
func clustered(r *rand.Rand, n, dim, c int) [][]float32 {
	centres := make([][]float32, c)
	spread := make([][]float32, c)
	for i := range centres {
		centres[i] = make([]float32, dim)
		spread[i] = make([]float32, dim)
		for j := range centres[i] {
			centres[i][j] = float32(r.NormFloat64())
			spread[i][j] = float32(0.2 + 1.2*r.Float64())
		}
		vector.Normalize(centres[i])
	}
	sd := 1 / math.Sqrt(float64(dim)) // noise comparable to the centre's norm
	out := make([][]float32, n)
	for i := range out {
		k := r.IntN(c)
		v := make([]float32, dim)
		for j := range v {
			v[j] = centres[k][j] + spread[k][j]*float32(sd*r.NormFloat64())
		}
		vector.Normalize(v)
		out[i] = v
	}
	return out
}

// emitJSON prints one line of JSON whatever --json says (the bandwidth
// lines have no table form).
func emitJSON(v any) {
	if m, ok := v.(map[string]any); ok {
		m["dataset"] = datasetName
		if embedderName != "" {
			m["embedder"] = embedderName
		}
	}
	b, _ := json.Marshal(v)
	fmt.Println(string(b))
}

func emit(r Result) {
	r.Dataset, r.Embedder = datasetName, embedderName
	if *flagJSON {
		b, _ := json.Marshal(r)
		fmt.Println(string(b))
		return
	}
	rss := ""
	if r.PeakRSSMB > 0 {
		rss = fmt.Sprintf(" peakRSS=%.0fMiB", r.PeakRSSMB)
	}
	fmt.Printf("%-18s n=%d dim=%d ef=%-4d recall@10=%.3f qps1=%.0f qps2=%.0f p99=%.2fms build=%.0f/s B/vec=%.0f graph=%.0f%s %s\n",
		r.Index, r.N, r.Dim, r.Ef, r.Recall10, r.QPS1, r.QPS2, r.P99ms, r.BuildPerS, r.BytesPerVector, r.GraphBytesPerV, rss, r.Note)
}

func note(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}

var _ = context.Background
