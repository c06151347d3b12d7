package main

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/seogo/seogo/vector"
)

// The streaming mode builds the int8 graph over a set too large to keep as
// float32 in memory (1M × 384 is 1.5 GB), the way the store does: the index
// holds int8 codes, the float32 vectors live on disk and re-ranking reads
// them back. Vectors are generated on demand (vector i from its own seeded
// generator, so any vector can be produced again), written once to a
// temporary file, and ground truth is an exact scan over that file.

// gen draws clustered unit vectors on demand: vector i depends only on the
// seed and i.
type gen struct {
	dim             int
	centres, spread [][]float32
	sd              float64
}

func newGen(dim, clusters int) *gen {
	r := rand.New(rand.NewPCG(1, 2))
	g := &gen{dim: dim, centres: make([][]float32, clusters), spread: make([][]float32, clusters),
		sd: 1 / math.Sqrt(float64(dim))}
	for i := range g.centres {
		g.centres[i] = make([]float32, dim)
		g.spread[i] = make([]float32, dim)
		for j := range g.centres[i] {
			g.centres[i][j] = float32(r.NormFloat64())
			g.spread[i][j] = float32(0.2 + 1.2*r.Float64())
		}
		vector.Normalize(g.centres[i])
	}
	return g
}

// vec writes vector i (unit length) into dst.
func (g *gen) vec(i int, dst []float32) {
	r := rand.New(rand.NewPCG(3, uint64(i)))
	k := r.IntN(len(g.centres))
	c, s := g.centres[k], g.spread[k]
	for j := range dst[:g.dim] {
		dst[j] = c[j] + s[j]*float32(g.sd*r.NormFloat64())
	}
	vector.Normalize(dst[:g.dim])
}

// floatFile is the on-disk float32 copy, read with pread as the store
// reads its rows: pages sit in the kernel's page cache, not in the
// process.
type floatFile struct {
	f    *os.File
	dim  int
	pool sync.Pool
}

func (ff *floatFile) rowBytes() int64 { return int64(4 * ff.dim) }

func (ff *floatFile) put(i int, v []float32, buf []byte) {
	for j, x := range v {
		binary.LittleEndian.PutUint32(buf[4*j:], math.Float32bits(x))
	}
	if _, err := ff.f.WriteAt(buf[:4*ff.dim], int64(i)*ff.rowBytes()); err != nil {
		panic(err)
	}
}

func (ff *floatFile) get(i uint32, dst []float32) bool {
	bp, _ := ff.pool.Get().(*[]byte)
	if bp == nil {
		b := make([]byte, ff.rowBytes())
		bp = &b
	}
	defer ff.pool.Put(bp)
	if _, err := ff.f.ReadAt(*bp, int64(i)*ff.rowBytes()); err != nil {
		return false
	}
	decode(*bp, dst)
	return true
}

func decode(b []byte, dst []float32) {
	for j := range dst {
		dst[j] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*j:]))
	}
}

// cpuSeconds is the user+system CPU time this process has used: on a
// shared machine, n/CPU-seconds says what the build costs whatever the
// other jobs take.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

// peakRSS returns the process's peak resident set (VmHWM) in MiB.
func peakRSS() float64 { return procStatusMiB("VmHWM:") }

// curRSS returns the current resident set (VmRSS) in MiB.
func curRSS() float64 { return procStatusMiB("VmRSS:") }

func procStatusMiB(field string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == field {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// streamInt8 is the low-memory run of seogo-hnsw-int8 over n vectors.
func streamInt8(n, dim int) {
	g := newGen(dim, *flagClusters)
	nq := min(*flagQueries, *flagTruthQ)
	queries := make([][]float32, nq)
	for i := range queries {
		queries[i] = make([]float32, dim)
		g.vec(n+i, queries[i]) // beyond the base set, same distribution
	}

	var src func(uint32, []float32) bool
	var ff *floatFile
	switch *flagFloats {
	case "file":
		f, err := os.CreateTemp(*flagTmp, "seogo-bench-floats-*")
		if err != nil {
			panic(err)
		}
		defer os.Remove(f.Name())
		defer f.Close()
		ff = &floatFile{f: f, dim: dim}
		src = ff.get
	case "regen":
		src = func(k uint32, dst []float32) bool { g.vec(int(k), dst); return true }
	default:
		panic("--floats must be file or regen")
	}

	h := vector.NewHNSW(dim, vector.HNSWConfig{Seed: 1, Quant: vector.Int8, Floats: src, M: *flagM, EfConstruction: *flagEfC})
	var done sync.WaitGroup
	var added atomic.Int64
	cpu0 := cpuSeconds()
	t0 := time.Now()
	for w := range 2 {
		done.Add(1)
		go func() {
			defer done.Done()
			v := make([]float32, dim)
			buf := make([]byte, 4*dim)
			for i := w; i < n; i += 2 {
				g.vec(i, v)
				if ff != nil {
					ff.put(i, v, buf)
				}
				if err := h.Add(uint32(i), v); err != nil {
					panic(err)
				}
				if a := added.Add(1); a%100000 == 0 {
					note("built %d/%d in %v (%.0f/s), RSS %.0f MiB, peak %.0f MiB", a, n,
						time.Since(t0).Round(time.Second), float64(a)/time.Since(t0).Seconds(), curRSS(), peakRSS())
				}
			}
		}()
	}
	done.Wait()
	buildSecs := time.Since(t0).Seconds()
	buildCPU := cpuSeconds() - cpu0
	build := float64(n) / buildSecs
	note("built %d in %.0f s (%.0f/s, includes generating and writing the float32 copy; %.0f CPU s, %.0f/CPU-s), RSS %.0f MiB, peak %.0f MiB",
		n, buildSecs, build, buildCPU, float64(n)/buildCPU, curRSS(), peakRSS())

	t0 = time.Now()
	truth := streamTruth(g, ff, n, dim, queries, 10)
	note("ground truth for %d queries by exact scan of %d vectors in %v", nq, n, time.Since(t0).Round(time.Second))

	st := h.Stats()
	for _, ef := range efs() {
		res := measure("seogo-hnsw-int8", n, queries, truth, func(q []float32, k int) []uint32 {
			return keys(h.SearchEf(q, k, ef, nil))
		})
		res.Ef, res.BuildPerS = ef, build
		res.BytesPerVector = st.BytesPerVector()
		res.GraphBytesPerV = float64(st.GraphBytes) / float64(st.Live)
		res.PeakRSSMB = math.Round(peakRSS())
		res.BuildCPUs = math.Round(buildCPU)
		cfg := h.Config()
		res.Note = fmt.Sprintf("low-memory run (M=%d efConstruction=%d): vectors generated on demand, float32 re-ranking reads %s; %d queries, exact truth",
			cfg.M, cfg.EfConstruction, map[string]string{"file": "a file on disk (pread)", "regen": "regenerated vectors"}[*flagFloats], nq)
		emit(res)
	}
	runtime.KeepAlive(h)
}

// streamTruth is the exact top-k of every query over vectors 0..n-1, read
// back from the float file (or regenerated), on GOMAXPROCS goroutines each
// scanning a contiguous range in blocks.
func streamTruth(g *gen, ff *floatFile, n, dim int, queries [][]float32, k int) [][]uint32 {
	const block = 1024
	w := runtime.GOMAXPROCS(0)
	type top struct {
		keys   []uint32
		scores []float32
	}
	parts := make([][]top, w)
	var wg sync.WaitGroup
	per := (n + w - 1) / w
	for p := range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tops := make([]top, len(queries))
			buf := make([]byte, block*4*dim)
			rows := make([]float32, block*dim)
			lo, hi := p*per, min((p+1)*per, n)
			for b := lo; b < hi; b += block {
				m := min(block, hi-b)
				if ff != nil {
					if _, err := ff.f.ReadAt(buf[:m*4*dim], int64(b)*int64(4*dim)); err != nil {
						panic(err)
					}
					decode(buf[:m*4*dim], rows[:m*dim])
				} else {
					for r := range m {
						g.vec(b+r, rows[r*dim:(r+1)*dim])
					}
				}
				for qi, q := range queries {
					t := &tops[qi]
					for r := range m {
						s := vector.Dot(q, rows[r*dim:(r+1)*dim])
						if len(t.keys) == k && s <= t.scores[k-1] {
							continue
						}
						// insert into the sorted (descending) top list
						pos := len(t.keys)
						if pos < k {
							t.keys, t.scores = append(t.keys, 0), append(t.scores, 0)
						} else {
							pos = k - 1
						}
						for pos > 0 && t.scores[pos-1] < s {
							t.keys[pos], t.scores[pos] = t.keys[pos-1], t.scores[pos-1]
							pos--
						}
						t.keys[pos], t.scores[pos] = uint32(b+r), s
					}
				}
			}
			parts[p] = tops
		}()
	}
	wg.Wait()
	truth := make([][]uint32, len(queries))
	for qi := range queries {
		var ks []uint32
		var ss []float32
		for p := range parts {
			ks = append(ks, parts[p][qi].keys...)
			ss = append(ss, parts[p][qi].scores...)
		}
		idx := make([]int, len(ks))
		for i := range idx {
			idx[i] = i
		}
		slicesSortByScore(idx, ss)
		for _, i := range idx[:min(k, len(idx))] {
			truth[qi] = append(truth[qi], ks[i])
		}
	}
	return truth
}

func slicesSortByScore(idx []int, s []float32) {
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && s[idx[j]] > s[idx[j-1]]; j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}
