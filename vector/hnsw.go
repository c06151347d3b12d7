package vector

import (
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
)

// Quantization says how HNSW stores the vectors it traverses.
type Quantization uint8

const (
	// Float32 keeps full-precision vectors: best recall, 4 bytes a dimension.
	Float32 Quantization = iota
	// Int8 keeps one signed byte a dimension (relative to the collection's
	// mean where that helps, see quant.go) plus a per-vector scale, and
	// re-ranks the best candidates with float32 vectors (from Config.Floats,
	// or an in-memory copy when that is nil). A quarter of the memory
	// traffic per distance, at a small recall cost the re-ranking recovers.
	Int8
)

// HNSWConfig tunes an HNSW index. Zero fields take the defaults, which reach
// recall@10 ≥ 0.95 on clustered 384-d embeddings.
type HNSWConfig struct {
	M              int    // links per node on upper levels (2M on level 0); default 16
	EfConstruction int    // candidate list while inserting; default 100 (see EfConstructionFor)
	EfSearch       int    // candidate list while searching (at least k); default 64
	Seed           uint64 // level draws: same seed + same insert order = same graph
	Quant          Quantization
	// Rerank is how many int8 candidates are re-scored in float32; default
	// max(ef, 4k), ef the search's beam. Ignored for Float32.
	Rerank int
	// Floats, when set with Int8, fetches the float32 vector of key into dst
	// for re-ranking (the store's durable copy), so the index keeps no
	// float32 copy in memory. It reports false when key is unknown.
	Floats func(key uint32, dst []float32) bool
	// FloatsBatch, optional beside Floats, fetches the float32 vectors of
	// several keys in one call: keys[i]'s into dst[i·dim:(i+1)·dim], setting
	// found[i]. Re-ranking then asks once per search rather than once per
	// candidate, which matters when the source is a database.
	FloatsBatch func(keys []uint32, dst []float32, found []bool)
}

func (c HNSWConfig) withDefaults() HNSWConfig {
	if c.M <= 0 {
		c.M = 16
	}
	c.M = min(c.M, 128)
	if c.EfConstruction <= 0 {
		c.EfConstruction = 100
	}
	if c.EfSearch <= 0 {
		c.EfSearch = 64
	}
	return c
}

// EfConstructionFor is the efConstruction to build a graph of n vectors
// with when none is configured: 100 up to 200,000 vectors, 200 above. The
// graph does not know its final size when it is created, so a caller that
// does (the store, building from its rows) asks here. Measured on
// clustered 384-d vectors (bench/README.md): efConstruction 100 gives
// recall@10 0.997 at ef 32 on 100k, but only 0.956 at ef 128 on 1M, where
// 200 gives 0.995; the price is about twice the build time, paid only by
// the big graphs that need it.
func EfConstructionFor(n int) int {
	if n > efConstructionBig {
		return 200
	}
	return 100
}

// efConstructionBig is the size above which EfConstructionFor doubles.
const efConstructionBig = 200_000

// maxLevels bounds the level draw; with M=16 level 8 needs 16^8 nodes.
const maxLevels = 16

// stripes is the number of link locks: a node's links are guarded by lock
// id%stripes, so memory stays O(1) per node and inserters rarely collide.
const stripes = 1024

// HNSW is a hierarchical navigable small-world graph (Malkov & Yashunin)
// over cosine similarity. Nodes are dense uint32 ids; each node's links are
// a fixed-stride run of a flat []uint32 (slot 0 the count), level 0 holding
// 2M links and the upper levels M each, so the graph costs about 4·(2M+1)
// bytes a node and no pointers. Links are read with atomic loads, so
// searches take no lock per node; inserts lock a node's stripe to change its
// links. Removed keys become tombstones: still traversed, never returned,
// dropped by Compact.
//
// Safe for concurrent use: any number of searches and inserts at once.
type HNSW struct {
	cfg      HNSWConfig
	dim      int
	s0, s1   int     // link strides on level 0 and upper levels (count + links)
	ml       float64 // level multiplier 1/ln(M)
	keepVecs bool    // float32 vectors held in memory

	// grow is held shared by every search and insert and exclusively to
	// reallocate the arrays below, so no reader ever sees a moving slice.
	grow sync.RWMutex
	// mu guards allocation of ids and upper-level blocks, ids, the level
	// draws and the deleted count.
	mu       sync.Mutex
	n        int          // nodes allocated (live and tombstones)
	nPub     atomic.Int64 // n, readable without mu (searches must not contend on mu)
	capNodes int
	ids      map[uint32]uint32 // live key -> node
	dead     int
	rng      *rand.Rand
	wmu      sync.RWMutex // held shared by writers, exclusively by Compact

	keys     []uint32 // node -> key
	levels   []uint8
	upperOff []uint32 // node -> offset of its upper blocks in upper (0: none)
	level0   []uint32 // n*s0
	upper    []uint32
	upperLen int
	deleted  []uint32 // tombstone bits, atomic words
	ready    []uint32 // set once a node's vector is written, atomic words: scans skip nodes still being added
	vecs     []float32
	int8Codes
	fitted atomic.Bool // int8Codes.mean is set; read without the grow lock
	fitAt  int         // nodes at which the centre is fitted (fitAfter; tests lower it)

	entry atomic.Uint64 // level<<32 | node of the entry point; noEntry when empty
	locks [stripes]sync.Mutex
	pool  sync.Pool // *searcher
}

const noEntry = math.MaxUint64

var _ Index = (*HNSW)(nil)

// NewHNSW returns an empty graph for vectors of dim dimensions.
func NewHNSW(dim int, cfg HNSWConfig) *HNSW {
	if dim <= 0 {
		panic("vector: NewHNSW needs a positive dimension")
	}
	cfg = cfg.withDefaults()
	h := &HNSW{
		cfg: cfg, dim: dim,
		s0: 2*cfg.M + 1, s1: cfg.M + 1,
		ml:       1 / math.Log(float64(cfg.M)),
		keepVecs: cfg.Quant == Float32 || cfg.Floats == nil,
		ids:      map[uint32]uint32{},
		rng:      rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5e060)),
		upper:    make([]uint32, 1), // offset 0 means "no upper levels"
		upperLen: 1,
		fitAt:    fitAfter,
	}
	h.entry.Store(noEntry)
	return h
}

// Dim is the dimension of the vectors the index holds.
func (h *HNSW) Dim() int { return h.dim }

// Config returns the effective configuration (defaults filled in).
func (h *HNSW) Config() HNSWConfig { return h.cfg }

// Len is the number of live vectors.
func (h *HNSW) Len() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.ids)
}

// Keys returns the live keys in ascending order, so a caller can diff them
// against its own record (the store catching a snapshot up).
func (h *HNSW) Keys() []uint32 {
	h.mu.Lock()
	out := make([]uint32, 0, len(h.ids))
	for k := range h.ids {
		out = append(out, k)
	}
	h.mu.Unlock()
	slices.Sort(out)
	return out
}

// Add stores v under key, replacing any vector stored there.
func (h *HNSW) Add(key uint32, v []float32) error {
	if err := check(v, h.dim); err != nil {
		return err
	}
	h.wmu.RLock()
	defer h.wmu.RUnlock()
	h.insert(key, v)
	h.maybeFit()
	return nil
}

// Remove tombstones key and reports whether it was present.
func (h *HNSW) Remove(key uint32) bool {
	h.wmu.RLock()
	defer h.wmu.RUnlock()
	return h.remove(key)
}

func (h *HNSW) remove(key uint32) bool {
	h.mu.Lock()
	id, ok := h.ids[key]
	if ok {
		delete(h.ids, key)
		h.dead++
	}
	h.mu.Unlock()
	if ok {
		h.grow.RLock()
		atomic.OrUint32(&h.deleted[id/32], 1<<(id%32))
		h.grow.RUnlock()
	}
	return ok
}

// Update removes the keys in remove and then adds the entries in add. Unlike
// Flat it is not atomic for concurrent searches (a search may see some of
// the change); nothing changes when a vector is invalid. When tombstones
// outnumber live nodes the graph is compacted.
func (h *HNSW) Update(remove []uint32, add []Entry) error {
	for _, e := range add {
		if err := check(e.Vec, h.dim); err != nil {
			return err
		}
	}
	h.wmu.RLock()
	for _, k := range remove {
		h.remove(k)
	}
	for _, e := range add {
		h.insert(e.Key, e.Vec)
		h.maybeFit()
	}
	h.wmu.RUnlock()
	h.mu.Lock()
	compact := h.dead > 1000 && h.dead > len(h.ids)
	h.mu.Unlock()
	if compact {
		h.Compact()
	}
	return nil
}

// Deleted is the number of tombstones awaiting Compact.
func (h *HNSW) Deleted() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.dead
}

// Compact rebuilds the graph from the live vectors, dropping tombstones.
// Searches go on against the old graph meanwhile; writers wait.
func (h *HNSW) Compact() {
	h.wmu.Lock()
	defer h.wmu.Unlock()
	fresh := NewHNSW(h.dim, h.cfg)
	buf := make([]float32, h.dim)
	h.grow.RLock()
	for id := 0; id < h.n; id++ {
		if !h.visible(uint32(id)) {
			continue
		}
		key := h.keys[id]
		if !h.floatOf(uint32(id), buf) {
			h.dequantize(uint32(id), buf)
		}
		fresh.insert(key, buf)
		fresh.maybeFit()
	}
	h.grow.RUnlock()
	h.grow.Lock()
	h.mu.Lock()
	h.n, h.capNodes, h.ids, h.dead = fresh.n, fresh.capNodes, fresh.ids, 0
	h.nPub.Store(int64(h.n))
	h.keys, h.levels, h.upperOff, h.level0 = fresh.keys, fresh.levels, fresh.upperOff, fresh.level0
	h.upper, h.upperLen, h.deleted, h.ready = fresh.upper, fresh.upperLen, fresh.deleted, fresh.ready
	h.vecs, h.int8Codes = fresh.vecs, fresh.int8Codes
	h.fitted.Store(fresh.fitted.Load())
	h.rng = fresh.rng
	h.entry.Store(fresh.entry.Load())
	h.mu.Unlock()
	h.grow.Unlock()
}

func (h *HNSW) isDeleted(id uint32) bool {
	return atomic.LoadUint32(&h.deleted[id/32])&(1<<(id%32)) != 0
}

// visible reports whether a scan may use node id: written and not deleted.
func (h *HNSW) visible(id uint32) bool {
	return atomic.LoadUint32(&h.ready[id/32])&(1<<(id%32)) != 0 && !h.isDeleted(id)
}

// nodes is the number of allocated nodes (some perhaps not yet visible).
func (h *HNSW) nodes() int { return int(h.nPub.Load()) }

// links returns node id's link block on level l: [count, link...].
func (h *HNSW) links(id uint32, l int) []uint32 {
	if l == 0 {
		o := int(id) * h.s0
		return h.level0[o : o+h.s0 : o+h.s0]
	}
	o := int(h.upperOff[id]) + (l-1)*h.s1
	return h.upper[o : o+h.s1 : o+h.s1]
}

// alloc reserves a node (and its upper blocks) for key at level lvl,
// growing the arrays when full. It returns holding grow shared.
func (h *HNSW) alloc(key uint32) (id uint32, lvl int) {
	drawn := false
	for {
		h.grow.RLock()
		h.mu.Lock()
		if !drawn { // once per insert, not per retry, so the seed decides
			lvl = min(int(-math.Log(1-h.rng.Float64())*h.ml), maxLevels-1)
			drawn = true
		}
		need := lvl * h.s1
		if h.n < h.capNodes && h.upperLen+need <= len(h.upper) {
			id = uint32(h.n)
			h.n++
			h.nPub.Store(int64(h.n))
			h.keys[id] = key
			h.levels[id] = uint8(lvl)
			if lvl > 0 {
				h.upperOff[id] = uint32(h.upperLen)
				h.upperLen += need
			}
			if old, ok := h.ids[key]; ok { // replacing: the old node is a tombstone
				atomic.OrUint32(&h.deleted[old/32], 1<<(old%32))
				h.dead++
			}
			h.ids[key] = id
			h.mu.Unlock()
			return id, lvl
		}
		h.mu.Unlock()
		h.grow.RUnlock()
		h.grow.Lock()
		h.growLocked(h.n+1, h.upperLen+need)
		h.grow.Unlock()
	}
}

// growLocked doubles whichever arrays are too small; the caller holds grow.
func (h *HNSW) growLocked(nodes, upperWords int) {
	if nodes > h.capNodes {
		c := max(1024, 2*h.capNodes, nodes)
		h.keys = resize(h.keys, c)
		h.levels = resize(h.levels, c)
		h.upperOff = resize(h.upperOff, c)
		h.level0 = resize(h.level0, c*h.s0)
		h.deleted = resize(h.deleted, (c+31)/32)
		h.ready = resize(h.ready, (c+31)/32)
		if h.keepVecs {
			h.vecs = resize(h.vecs, c*h.dim)
		}
		if h.cfg.Quant == Int8 {
			h.growCodes(c)
		}
		h.capNodes = c
	}
	if upperWords > len(h.upper) {
		h.upper = resize(h.upper, max(1024, 2*len(h.upper), upperWords))
	}
}

func resize[T any](s []T, n int) []T {
	out := make([]T, n)
	copy(out, s)
	return out
}

// insert adds a node for key with vector v (not yet normalised).
func (h *HNSW) insert(key uint32, v []float32) {
	id, lvl := h.alloc(key)
	defer h.grow.RUnlock()
	s := h.getSearcher()
	defer h.pool.Put(s)
	q := s.setQuery(h, v)
	h.storeVector(id, q, s.q.r)

	ep := h.entry.Load()
	if ep == noEntry {
		if h.entry.CompareAndSwap(noEntry, uint64(lvl)<<32|uint64(id)) {
			return
		}
		ep = h.entry.Load()
	}
	cur, top := uint32(ep), int(ep>>32)
	curSim := s.sim(h, cur)
	for l := top; l > lvl; l-- {
		cur, curSim = h.greedy(s, cur, curSim, l)
	}
	for l := min(lvl, top); l >= 0; l-- {
		h.searchLayer(s, cur, curSim, h.cfg.EfConstruction, l, nil)
		cands := s.sortedResults()
		maxLinks := h.s1 - 1
		if l == 0 {
			maxLinks = h.s0 - 1
		}
		sel := h.selectNeighbours(s, cands, maxLinks, &s.sel)
		mine := h.links(id, l)
		h.locks[id%stripes].Lock()
		for i, c := range sel {
			atomic.StoreUint32(&mine[1+i], c.id)
		}
		atomic.StoreUint32(&mine[0], uint32(len(sel)))
		h.locks[id%stripes].Unlock()
		for _, c := range sel {
			h.link(s, c.id, id, -c.d, l, maxLinks)
		}
		if len(cands) > 0 {
			cur, curSim = cands[0].id, -cands[0].d
		}
	}
	for lvl > top { // raise the entry point, unless a taller node beat us
		if h.entry.CompareAndSwap(ep, uint64(lvl)<<32|uint64(id)) {
			break
		}
		ep = h.entry.Load()
		top = int(ep >> 32)
	}
}

// link adds a back link from node to nb on level l (sim is their
// similarity). A full list is re-selected with the heuristic, so it keeps
// diverse directions rather than only the closest.
func (h *HNSW) link(s *searcher, node, nb uint32, sim float32, l, maxLinks int) {
	lst := h.links(node, l)
	mu := &h.locks[node%stripes]
	mu.Lock()
	defer mu.Unlock()
	n := int(lst[0])
	if n < maxLinks {
		atomic.StoreUint32(&lst[1+n], nb)
		atomic.StoreUint32(&lst[0], uint32(n+1))
		return
	}
	c := s.tmp[:0]
	c = append(c, cand{-sim, nb})
	for i := 1; i <= n; i++ {
		o := lst[i]
		c = append(c, cand{-h.simNodes(node, o), o})
	}
	sortCands(c)
	s.tmp = c
	sel := h.selectNeighbours(s, c, maxLinks, &s.sel2)
	for i, x := range sel {
		atomic.StoreUint32(&lst[1+i], x.id)
	}
	atomic.StoreUint32(&lst[0], uint32(len(sel)))
}

// selectNeighbours is the paper's heuristic (algorithm 4): take candidates
// nearest first, keeping one only when it is nearer the base than any kept
// one, so links point in different directions and clusters stay bridged.
// Pruned candidates top the list up when fewer than half the slots are used.
func (h *HNSW) selectNeighbours(s *searcher, cands []cand, m int, buf *[]cand) []cand {
	sel := (*buf)[:0]
	pruned := s.pruned[:0]
	for _, c := range cands {
		if len(sel) >= m {
			break
		}
		good := true
		for _, x := range sel {
			if -h.simNodes(c.id, x.id) < c.d {
				good = false
				break
			}
		}
		if good {
			sel = append(sel, c)
		} else {
			pruned = append(pruned, c)
		}
	}
	for i := 0; len(sel) < m/2 && i < len(pruned); i++ {
		sel = append(sel, pruned[i])
	}
	s.pruned = pruned
	*buf = sel
	return sel
}

// SameParams reports whether c and o build the same graph (defaults filled
// in; Rerank and Floats do not change the graph and are not compared).
func (c HNSWConfig) SameParams(o HNSWConfig) bool {
	a, b := c.withDefaults(), o.withDefaults()
	return a.M == b.M && a.EfConstruction == b.EfConstruction && a.EfSearch == b.EfSearch && a.Quant == b.Quant && a.Seed == b.Seed
}
