// Command serve load-tests seogo serve's /api/v1/search: it builds a
// collection of --chunks chunks from the bundled KorQuAD text, serves it on
// loopback in this process, and drives it with keep-alive clients, first as
// fast as they go (closed loop), then at a fixed --rate for --seconds (open
// loop), printing requests/s, p50/p99 latency, errors and heap growth.
//
//	cd bench && go run ./serve --chunks 100000 --rate 500 --seconds 60
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/eval"
	"github.com/seogo/seogo/server"
)

func main() {
	chunks := flag.Int("chunks", 100000, "chunks in the collection")
	rate := flag.Int("rate", 500, "requests per second of the open-loop run")
	seconds := flag.Int("seconds", 60, "length of the open-loop run")
	workers := flag.Int("workers", 8, "clients of the closed-loop run")
	flag.StringVar(&mode, "mode", "keyword", "search modes, comma-separated: keyword, semantic, hybrid")
	flag.StringVar(&storeURL, "store", "", "store: empty for the embedded one in a temp folder, or postgres://… (a fresh collection is made and deleted)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the closed-loop run to this file")
	flag.Parse()
	profile = *cpuprofile
	if err := run(*chunks, *rate, *seconds, *workers); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

var profile, mode, storeURL string

func run(nChunks, rate, seconds, workers int) error {
	ctx := context.Background()
	f, err := os.Open("../testdata/korquad/KorQuAD_v1.0_dev.json")
	if err != nil {
		return err
	}
	ds, err := eval.ReadSQuAD(f, "korquad")
	f.Close()
	if err != nil {
		return err
	}
	var sentences []string
	for _, d := range ds.Docs {
		for _, s := range strings.Split(d.Text, ". ") {
			if len([]rune(s)) > 20 {
				sentences = append(sentences, s+".")
			}
		}
	}
	var queries []string
	for _, q := range ds.Queries {
		queries = append(queries, q.Text)
	}
	src, err := os.MkdirTemp("", "seogo-load-src-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(src)
	// One Markdown section per chunk, 100 sections per file.
	rng := rand.New(rand.NewPCG(1, 2))
	for file := 0; file*100 < nChunks; file++ {
		var b strings.Builder
		for i := 0; i < 100 && file*100+i < nChunks; i++ {
			fmt.Fprintf(&b, "## 항목 %d-%d\n\n%s %s\n\n", file, i, sentences[rng.IntN(len(sentences))], sentences[rng.IntN(len(sentences))])
		}
		if err := os.WriteFile(filepath.Join(src, fmt.Sprintf("f%05d.md", file)), []byte(b.String()), 0o644); err != nil {
			return err
		}
	}
	dir, err := os.MkdirTemp("", "seogo-load-data-*")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	cfg := seogo.DefaultConfig()
	cfg.DataDir, cfg.Analyzer, cfg.EmbedDim = dir, "bigram", 64
	cfg.Chunk.Tokens, cfg.Chunk.Overlap = 200, 0
	cfg.Guard.Policy = "off"
	if storeURL != "" {
		cfg.Store, cfg.Collection = storeURL, fmt.Sprintf("load-%d", time.Now().UnixNano())
	}
	eng, err := seogo.Open(ctx, cfg)
	if err != nil {
		return err
	}
	defer eng.Close()
	if storeURL != "" {
		defer eng.Store().DeleteCollection(context.Background(), cfg.Collection)
	}
	start := time.Now()
	sum, err := eng.Ingest(ctx, []string{src}, seogo.IngestOptions{})
	if err != nil {
		return err
	}
	fmt.Printf("ingested %d chunks in %.1fs (%.0f chunks/s)\n", sum.Chunks, time.Since(start).Seconds(), float64(sum.Chunks)/time.Since(start).Seconds())

	srv, err := server.New(eng, server.Options{Addr: "127.0.0.1:0", RatePerSecond: -1})
	if err != nil {
		return err
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	addrc := make(chan string, 1)
	go srv.Serve(sctx, func(a string) { addrc <- a })
	url := "http://" + <-addrc + "/api/v1/search"
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	cur := ""
	do := func(q string) (time.Duration, bool) {
		body, _ := json.Marshal(map[string]any{"query": q, "mode": cur, "collection": cfg.Collection, "k": 5})
		t := time.Now()
		resp, err := client.Post(url, "application/json", bytes.NewReader(body))
		if err != nil {
			return time.Since(t), false
		}
		var out struct{ Hits []json.RawMessage }
		err = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		return time.Since(t), err == nil && resp.StatusCode == 200 && len(out.Hits) > 0
	}
	for _, cur = range strings.Split(mode, ",") {
		if err := loadMode(cur, workers, rate, seconds, queries, do); err != nil {
			return err
		}
	}
	return nil
}

func loadMode(name string, workers, rate, seconds int, queries []string, do func(string) (time.Duration, bool)) error {
	for i := 0; i < 200; i++ { // warm the index and the connections
		do(queries[i%len(queries)])
	}

	// Closed loop: as fast as the workers go, for 15 s.
	if profile != "" {
		pf, err := os.Create(profile)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
	}
	lat, errs, elapsed := load(workers, 15*time.Second, 0, queries, do)
	if profile != "" {
		pprof.StopCPUProfile()
	}
	report(name+", closed loop", lat, errs, elapsed)
	if seconds <= 0 {
		return nil
	}

	// Open loop at a fixed rate: zero errors expected, heap flat.
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	lat, errs, elapsed = load(64, time.Duration(seconds)*time.Second, rate, queries, do)
	runtime.GC()
	runtime.ReadMemStats(&after)
	report(fmt.Sprintf("%s, open loop at %d/s", name, rate), lat, errs, elapsed)
	fmt.Printf("heap in use: %.1f MB before, %.1f MB after\n", float64(before.HeapInuse)/1e6, float64(after.HeapInuse)/1e6)
	return nil
}

// load runs workers clients for d; with rate > 0 requests start on a fixed
// schedule (open loop) instead of back to back.
func load(workers int, d time.Duration, rate int, queries []string, do func(string) (time.Duration, bool)) ([]time.Duration, int64, time.Duration) {
	var mu sync.Mutex
	var lat []time.Duration
	var errs, next atomic.Int64
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			for {
				i := next.Add(1) - 1
				if rate > 0 {
					at := start.Add(time.Duration(i) * time.Second / time.Duration(rate))
					if at.After(deadline) {
						break
					}
					time.Sleep(time.Until(at))
				} else if time.Now().After(deadline) {
					break
				}
				l, ok := do(queries[int(i)%len(queries)])
				mine = append(mine, l)
				if !ok {
					errs.Add(1)
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return lat, errs.Load(), time.Since(start)
}

func report(name string, lat []time.Duration, errs int64, elapsed time.Duration) {
	slices.Sort(lat)
	q := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000 }
	fmt.Printf("%s: %d requests in %.1fs = %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d\n",
		name, len(lat), elapsed.Seconds(), float64(len(lat))/elapsed.Seconds(), q(0.50), q(0.99), errs)
}
