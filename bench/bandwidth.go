package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/seogo/seogo/vector"
)

// The flat scan is bounded by how fast the cores can stream vectors from
// DRAM. Both measurements below read the same number of bytes, at least
// four times the last-level cache (so neither can be served from it), on
// every core, through the same AVX2 dot kernel (vector.Dot) against an
// L1-resident operand; the probe is that loop alone, the flat line is
// vector.Flat.Search with its heap, keys and goroutines.

// bwReps is how many times each is repeated, alternating probe and flat
// scan so that both meet the same load from other jobs on this shared
// machine; the best of each is reported (the least disturbed run), and
// the median of the per-pair ratios beside the ratio of the bests.
const bwReps = 15

// lastLevelCache returns the size in bytes of cpu0's highest-level cache
// as sysfs reports it, or 0 when it cannot be read.
func lastLevelCache() int64 {
	dirs, _ := filepath.Glob("/sys/devices/system/cpu/cpu0/cache/index*")
	bestLevel, size := -1, int64(0)
	for _, d := range dirs {
		lv, err1 := os.ReadFile(filepath.Join(d, "level"))
		sz, err2 := os.ReadFile(filepath.Join(d, "size"))
		if err1 != nil || err2 != nil {
			continue
		}
		l, _ := strconv.Atoi(strings.TrimSpace(string(lv)))
		s := strings.TrimSpace(string(sz))
		mult := int64(1)
		switch {
		case strings.HasSuffix(s, "K"):
			mult, s = 1<<10, strings.TrimSuffix(s, "K")
		case strings.HasSuffix(s, "M"):
			mult, s = 1<<20, strings.TrimSuffix(s, "M")
		}
		v, _ := strconv.ParseInt(s, 10, 64)
		if l > bestLevel {
			bestLevel, size = l, v*mult
		}
	}
	return size
}

// streamBytes is the size both measurements read per repetition: four
// times the last-level cache, at least 1 GiB.
func streamBytes() int64 {
	return max(4*lastLevelCache(), 1<<30)
}

func best(x []float64) float64 { return slices.Max(x) }

func median(x []float64) float64 {
	y := slices.Clone(x)
	slices.Sort(y)
	return y[len(y)/2]
}

// probe is a buffer streamed through vector.Dot (4 KiB chunks against an
// L1-resident vector) on w goroutines at once: the read bandwidth a flat
// scan can hope for.
type probe struct {
	buf, ones []float32
	sink      []float32
}

const probeChunk = 4096 // floats, 16 KiB

func newProbe(size int64) *probe {
	p := &probe{buf: make([]float32, size/4), ones: make([]float32, probeChunk)}
	for i := range p.buf { // touch every page before timing
		p.buf[i] = 1
	}
	for i := range p.ones {
		p.ones[i] = 1
	}
	return p
}

// run streams the buffer once on w goroutines and returns GB/s.
func (p *probe) run(w int) float64 {
	per := len(p.buf) / w / probeChunk * probeChunk
	if len(p.sink) < w*16 {
		p.sink = make([]float32, w*16) // one cache line each, no false sharing
	}
	t0 := time.Now()
	var wg sync.WaitGroup
	for g := range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var s float32
			part := p.buf[g*per : (g+1)*per]
			for i := 0; i < len(part); i += probeChunk {
				s += vector.Dot(p.ones, part[i:i+probeChunk])
			}
			p.sink[g*16] = s
		}()
	}
	wg.Wait()
	return float64(w*per*4) / time.Since(t0).Seconds() / 1e9
}

// bigFlat builds a vector.Flat whose rows and keys add up to about size
// bytes (cycling through src under distinct keys: the values do not change
// the bytes read) and returns it with the bytes one search reads: rows ×
// (4·dim floats + a 4-byte key).
func bigFlat(src [][]float32, size int64) (*vector.Flat, int64) {
	dim := len(src[0])
	rowBytes := int64(4*dim + 4)
	rows := int(size / rowBytes)
	f := vector.NewFlat(dim)
	for i := range rows {
		f.Add(uint32(i), src[i%len(src)])
	}
	return f, int64(rows) * rowBytes
}

// bandwidth prints the membw and flat lines: the probe's best on every
// core (and on one, for reference), the flat scan's best over the same
// number of bytes, and their ratio. cached is the flat scan's rate over
// the (smaller) benchmark set during ground truth, or 0.
func bandwidth(src [][]float32, cached float64) {
	size := streamBytes()
	llc := lastLevelCache()
	w := runtime.GOMAXPROCS(0)
	f, bytes := bigFlat(src, size)
	p := newProbe(size)
	runtime.GC()
	f.Search(src[0], 10, nil) // warm-up: page tables, goroutine stacks
	p.run(w)
	var mem, flat, one, ratio []float64
	for i := range bwReps {
		m := p.run(w)
		t0 := time.Now()
		if _, err := f.Search(src[(i*7919)%len(src)], 10, nil); err != nil {
			panic(err)
		}
		fl := float64(bytes) / time.Since(t0).Seconds() / 1e9
		mem, flat, ratio = append(mem, m), append(flat, fl), append(ratio, fl/m)
	}
	for range 5 {
		one = append(one, p.run(1))
	}
	runtime.KeepAlive(f)
	emitJSON(map[string]any{"index": "membw", "gbps": round1(best(mem)), "gbps_median": round1(median(mem)),
		"gbps_1core": round1(best(one)), "bytes": size, "llc_bytes": llc, "threads": w,
		"reps": bwReps, "kernel": "vector.Dot, 4 KiB chunks"})
	line := map[string]any{"index": "flat", "gbps": round1(best(flat)), "gbps_median": round1(median(flat)),
		"bytes": bytes, "threads": w, "reps": bwReps,
		"ratio_to_membw": round3(best(flat) / best(mem)), "ratio_median_of_pairs": round3(median(ratio))}
	if cached > 0 {
		line["gbps_in_llc"] = round1(cached)
	}
	emitJSON(line)
	note("membw %.1f GB/s (median %.1f, 1 core %.1f) over %d MiB (LLC %d MiB); flat %.1f GB/s (median %.1f): %.0f%% of membw (median of pairs %.0f%%)",
		best(mem), median(mem), best(one), size>>20, llc>>20, best(flat), median(flat), 100*best(flat)/best(mem), 100*median(ratio))
}

func round1(x float64) float64 { v, _ := strconv.ParseFloat(fmt.Sprintf("%.1f", x), 64); return v }
func round3(x float64) float64 { v, _ := strconv.ParseFloat(fmt.Sprintf("%.3f", x), 64); return v }
