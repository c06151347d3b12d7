package vector

import (
	"math"
	"slices"
	"sync/atomic"
)

// cand is a node and its distance to the query (negated similarity, so
// smaller is nearer).
type cand struct {
	d  float32
	id uint32
}

func candLess(a, b cand) int {
	switch {
	case a.d < b.d:
		return -1
	case a.d > b.d:
		return 1
	case a.id < b.id:
		return -1
	case a.id > b.id:
		return 1
	}
	return 0
}

func sortCands(c []cand) { slices.SortFunc(c, candLess) }

// query is a search vector in the forms the graph compares with.
type query struct {
	f     []float32 // normalised
	c     []int8    // quantised f (Int8 only)
	scale float32
	mu    float32   // f·μ, 0 before the centre is fitted (see quant.go)
	r     []float32 // scratch for coding f as a node
}

// searcher is the scratch state of one search or insert, pooled so a
// search allocates nothing: the visited marks (an epoch per node, so
// clearing is one increment), the two heaps and buffers.
type searcher struct {
	q       query
	visited []uint32
	epoch   uint32
	cands   []cand // min-heap: nearest on top
	res     []cand // max-heap: farthest kept on top
	sel     []cand
	sel2    []cand
	tmp     []cand
	pruned  []cand
	fbuf    []float32
	keys    []uint32
	found   []bool
}

func (h *HNSW) getSearcher() *searcher {
	s, _ := h.pool.Get().(*searcher)
	if s == nil {
		s = &searcher{}
	}
	if len(s.visited) < h.capNodes {
		s.visited = make([]uint32, h.capNodes)
		s.epoch = 0
	}
	s.epoch++
	if s.epoch == 0 { // wrapped: old marks could collide
		clear(s.visited)
		s.epoch = 1
	}
	return s
}

// setQuery normalises (and quantises) v into the searcher's query.
func (s *searcher) setQuery(h *HNSW, v []float32) *query {
	s.q.f = append(s.q.f[:0], v...)
	Normalize(s.q.f)
	if h.cfg.Quant == Int8 {
		s.q.c = slices.Grow(s.q.c[:0], h.dim)[:h.dim]
		s.q.r = slices.Grow(s.q.r[:0], h.dim)[:h.dim]
		s.q.scale, s.q.mu = quantize(s.q.f, s.q.c), 0
		if h.mean != nil {
			s.q.mu = Dot(s.q.f, h.mean)
		}
	}
	return &s.q
}

// sim is the similarity of the current query to node id.
func (s *searcher) sim(h *HNSW, id uint32) float32 {
	if h.cfg.Quant == Int8 {
		return s.simCoded(h, id)
	}
	o := int(id) * h.dim
	return Dot(s.q.f, h.vecs[o:o+h.dim])
}

// simNodes is the similarity of two stored nodes.
func (h *HNSW) simNodes(a, b uint32) float32 {
	if h.cfg.Quant == Int8 {
		return h.simCodedNodes(a, b)
	}
	oa, ob := int(a)*h.dim, int(b)*h.dim
	return Dot(h.vecs[oa:oa+h.dim], h.vecs[ob:ob+h.dim])
}

// greedy walks level l from cur to a local best (ef = 1).
func (h *HNSW) greedy(s *searcher, cur uint32, curSim float32, l int) (uint32, float32) {
	for changed := true; changed; {
		changed = false
		lst := h.links(cur, l)
		n := atomic.LoadUint32(&lst[0])
		for i := uint32(1); i <= n; i++ {
			nb := atomic.LoadUint32(&lst[i])
			if x := s.sim(h, nb); x > curSim {
				cur, curSim, changed = nb, x, true
			}
		}
	}
	return cur, curSim
}

// searchLayer is the beam search of level l from ep keeping the ef nearest
// nodes that admit accepts (all when nil) in s.res. Rejected nodes are still
// traversed: a filter must not cut the graph.
func (h *HNSW) searchLayer(s *searcher, ep uint32, epSim float32, ef, l int, admit func(uint32) bool) {
	s.cands, s.res = s.cands[:0], s.res[:0]
	s.visited[ep] = s.epoch
	s.cands = pushMin(s.cands, cand{-epSim, ep})
	if admit == nil || admit(ep) {
		s.res = pushMax(s.res, cand{-epSim, ep})
	}
	for len(s.cands) > 0 {
		var c cand
		c, s.cands = popMin(s.cands)
		if len(s.res) >= ef && c.d > s.res[0].d {
			break
		}
		lst := h.links(c.id, l)
		n := atomic.LoadUint32(&lst[0])
		for i := uint32(1); i <= n; i++ {
			nb := atomic.LoadUint32(&lst[i])
			if s.visited[nb] == s.epoch {
				continue
			}
			s.visited[nb] = s.epoch
			d := -s.sim(h, nb)
			if len(s.res) < ef || d < s.res[0].d {
				s.cands = pushMin(s.cands, cand{d, nb})
				if admit == nil || admit(nb) {
					s.res = pushMax(s.res, cand{d, nb})
					if len(s.res) > ef {
						_, s.res = popMax(s.res)
					}
				}
			}
		}
	}
}

// sortedResults sorts s.res nearest first (it stops being a heap).
func (s *searcher) sortedResults() []cand {
	sortCands(s.res)
	return s.res
}

// Search returns up to k live keys most similar to q, best first, ties by
// smaller key. With allow, only admitted keys are returned: when the filter
// admits few nodes the answer is an exact scan of those, otherwise the
// graph is searched with a beam widened by the filter's selectivity.
func (h *HNSW) Search(q []float32, k int, allow func(uint32) bool) ([]Hit, error) {
	return h.SearchEf(q, k, 0, allow)
}

// exactBelow is the estimated count of admitted nodes under which a filtered
// search scans them exactly: a scan of a few thousand vectors costs less
// than a beam search that must wade through mostly rejected nodes.
const exactBelow = 4000

// SearchEf is Search with an explicit beam width (0: the configured
// EfSearch), for recall/speed trade-offs per query.
func (h *HNSW) SearchEf(q []float32, k, ef int, allow func(uint32) bool) ([]Hit, error) {
	if err := check(q, h.dim); err != nil {
		return nil, err
	}
	if k <= 0 {
		return nil, nil
	}
	h.grow.RLock()
	defer h.grow.RUnlock()
	ep := h.entry.Load()
	if ep == noEntry {
		return nil, nil
	}
	s := h.getSearcher()
	defer h.pool.Put(s)
	s.setQuery(h, q)
	if ef <= 0 {
		ef = h.cfg.EfSearch
	}
	ef = max(ef, k)
	pool := h.rerankN(k, ef) // before the filter widens ef: the caller's trade-off
	n := h.nodes()
	admit := func(id uint32) bool { return !h.isDeleted(id) }
	if allow != nil {
		frac := h.selectivity(allow, n)
		if frac*float64(n) < exactBelow || frac < 0.02 {
			return h.exact(s, k, pool, n, allow), nil
		}
		ef = min(int(float64(ef)/frac), max(ef, 1000)) // rejected nodes take beam slots' work
		admit = func(id uint32) bool { return !h.isDeleted(id) && allow(h.keys[id]) }
	}
	cur, top := uint32(ep), int(ep>>32)
	curSim := s.sim(h, cur)
	for l := top; l > 0; l-- {
		cur, curSim = h.greedy(s, cur, curSim, l)
	}
	h.searchLayer(s, cur, curSim, ef, 0, admit)
	return h.finish(s, s.sortedResults(), k, pool), nil
}

// selectivity estimates the fraction of nodes allow admits from an evenly
// spaced sample (deterministic, so the same query takes the same path).
func (h *HNSW) selectivity(allow func(uint32) bool, n int) float64 {
	const samples = 256
	step := max(n/samples, 1)
	seen, in := 0, 0
	for id := 0; id < n; id += step {
		if !h.visible(uint32(id)) {
			continue
		}
		seen++
		if allow(h.keys[id]) {
			in++
		}
	}
	if seen == 0 {
		return 0
	}
	return float64(in) / float64(seen)
}

// exact scans every live admitted node, keeping the best pool of them for
// Int8 re-ranking.
func (h *HNSW) exact(s *searcher, k, pool, n int, allow func(uint32) bool) []Hit {
	keep := k
	if h.cfg.Quant == Int8 {
		keep = pool
	}
	res := s.res[:0]
	for id := 0; id < n; id++ {
		uid := uint32(id)
		if !h.visible(uid) || (allow != nil && !allow(h.keys[id])) {
			continue
		}
		d := -s.sim(h, uid)
		if len(res) < keep {
			res = pushMax(res, cand{d, uid})
		} else if d < res[0].d {
			res[0] = cand{d, uid}
			siftDownMax(res, 0)
		}
	}
	s.res = res
	return h.finish(s, s.sortedResults(), k, pool)
}

// rerankN is how many int8 candidates a search with beam ef re-scores in
// float32: Config.Rerank when set, else the whole beam (at least 4k). It
// follows the ef of each call, so a caller that widens the beam for recall
// also re-ranks more; a fixed pool of 64 capped recall@10 at 0.935 on the
// 100-d SIF text vectors (bench/README.md, dataset b) however wide the beam.
func (h *HNSW) rerankN(k, ef int) int {
	if h.cfg.Rerank > 0 {
		return max(h.cfg.Rerank, k)
	}
	return max(ef, 4*k)
}

// finish turns candidates (nearest first) into the k best hits; for Int8 it
// re-scores the best pool of them in float32 first.
func (h *HNSW) finish(s *searcher, c []cand, k, pool int) []Hit {
	out := make([]Hit, 0, min(k, len(c)))
	if h.cfg.Quant == Int8 {
		c = c[:min(len(c), pool)]
		h.rescore(s, c)
	}
	hits := make([]Hit, len(c))
	for i, x := range c {
		hits[i] = Hit{Key: h.keys[x.id], Score: -x.d}
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		switch {
		case a.Score > b.Score:
			return -1
		case a.Score < b.Score:
			return 1
		case a.Key < b.Key:
			return -1
		case a.Key > b.Key:
			return 1
		}
		return 0
	})
	for _, x := range hits {
		if len(out) == k {
			break
		}
		if x.Score != -math.MaxFloat32 {
			out = append(out, x)
		}
	}
	return out
}

// rescore replaces the int8 distances of candidates c with float32 ones, a
// candidate whose vector vanished from the source ranking last.
func (h *HNSW) rescore(s *searcher, c []cand) {
	dim := h.dim
	if !h.keepVecs && h.cfg.FloatsBatch != nil {
		s.keys = s.keys[:0]
		for _, x := range c {
			s.keys = append(s.keys, h.keys[x.id])
		}
		s.fbuf = slices.Grow(s.fbuf[:0], len(c)*dim)[:len(c)*dim]
		s.found = slices.Grow(s.found[:0], len(c))[:len(c)]
		clear(s.found)
		h.cfg.FloatsBatch(s.keys, s.fbuf, s.found)
		for i := range c {
			c[i].d = math.MaxFloat32
			if v := s.fbuf[i*dim : (i+1)*dim]; s.found[i] {
				Normalize(v)
				c[i].d = -Dot(s.q.f, v)
			}
		}
		return
	}
	if cap(s.fbuf) < dim {
		s.fbuf = make([]float32, dim)
	}
	buf := s.fbuf[:dim]
	for i := range c {
		if h.floatOf(c[i].id, buf) {
			c[i].d = -Dot(s.q.f, buf)
		} else {
			c[i].d = math.MaxFloat32
		}
	}
}

// floatOf writes node id's normalised float32 vector into dst.
func (h *HNSW) floatOf(id uint32, dst []float32) bool {
	if h.keepVecs {
		copy(dst, h.vecs[int(id)*h.dim:int(id+1)*h.dim])
		return true
	}
	if !h.cfg.Floats(h.keys[id], dst) {
		return false
	}
	Normalize(dst)
	return true
}

func pushMin(h []cand, x cand) []cand {
	h = append(h, x)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if h[p].d <= h[i].d {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
	return h
}

func popMin(h []cand) (cand, []cand) {
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	i := 0
	for {
		l := 2*i + 1
		if l >= last {
			break
		}
		m := l
		if r := l + 1; r < last && h[r].d < h[l].d {
			m = r
		}
		if h[i].d <= h[m].d {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	return top, h
}

// The max-heap orders by candLess so that, among equal distances, the
// larger id is dropped first: results do not depend on visiting order.
func pushMax(h []cand, x cand) []cand {
	h = append(h, x)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if candLess(h[p], h[i]) >= 0 {
			break
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
	return h
}

func popMax(h []cand) (cand, []cand) {
	top := h[0]
	last := len(h) - 1
	h[0] = h[last]
	h = h[:last]
	siftDownMax(h, 0)
	return top, h
}

func siftDownMax(h []cand, i int) {
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && candLess(h[r], h[l]) > 0 {
			m = r
		}
		if candLess(h[i], h[m]) >= 0 {
			return
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
}
