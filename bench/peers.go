package main

import (
	"context"
	"runtime"
	"strconv"
	"time"

	"github.com/coder/hnsw"
	chromem "github.com/philippgille/chromem-go"
)

// peers measures coder/hnsw (several efSearch) and chromem-go (exact). The
// peers are slow to query, so they answer the first --peer-queries queries.
func peers(base, queries [][]float32, truth [][]uint32) {
	n := len(base)
	pq := queries[:min(*flagPeerQ, len(queries))]

	g := hnsw.NewGraph[uint32]()
	t0 := time.Now()
	for i, v := range base { // coder/hnsw's Add is not safe for concurrent use
		g.Add(hnsw.MakeNode(uint32(i), v))
	}
	build := float64(n) / time.Since(t0).Seconds()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	for _, ef := range []int{20, 64, 256} {
		g.EfSearch = ef
		res := measure("coder-hnsw-v0.6.1", n, pq, truth, func(q []float32, k int) []uint32 {
			nodes := g.Search(q, k)
			out := make([]uint32, len(nodes))
			for i, x := range nodes {
				out[i] = x.Key
			}
			return out
		})
		res.Ef, res.BuildPerS = ef, build
		res.Note = "single-goroutine build (Add is not concurrent-safe)"
		emit(res)
	}
	g = nil
	runtime.GC()

	db := chromem.NewDB()
	col, err := db.CreateCollection("bench", nil, func(context.Context, string) ([]float32, error) { return nil, nil })
	if err != nil {
		panic(err)
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = strconv.Itoa(i)
	}
	contents := make([]string, n)
	t0 = time.Now()
	if err := col.AddConcurrently(context.Background(), ids, base, nil, contents, 2); err != nil {
		panic(err)
	}
	build = float64(n) / time.Since(t0).Seconds()
	res := measure("chromem-go-v0.7.0", n, pq[:min(50, len(pq))], truth, func(q []float32, k int) []uint32 {
		rs, err := col.QueryEmbedding(context.Background(), q, k, nil, nil)
		if err != nil {
			panic(err)
		}
		out := make([]uint32, len(rs))
		for i, r := range rs {
			v, _ := strconv.Atoi(r.ID)
			out[i] = uint32(v)
		}
		return out
	})
	res.BuildPerS = build
	res.Note = "exact scan"
	emit(res)
}
