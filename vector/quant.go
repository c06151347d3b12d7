package vector

import (
	"math"
	"sync/atomic"
)

// Int8 codes may be taken relative to a centre μ, the mean of the graph's
// first fitAfter vectors. Node x is centred (t_x = 1) or not (t_x = 0), and
// stores the int8 code of its residual r_x = x − t_x·μ with a per-vector
// scale whose sign bit holds t_x (scales are never negative otherwise), so
// the centre costs no memory per vector. Then
//
//	q·x = q·r_x + t_x·(q·μ)
//	a·b = r_a·r_b + t_a·(μ·r_b) + t_b·(μ·r_a) + t_a·t_b·|μ|²
//
// A search codes its query whole and computes q·μ once, so a query-to-node
// similarity is one int8 dot as before; node-to-node ones (insertion only)
// take μ·r from μ's own code, one more int8 dot per centred side. Both stay
// absolute, as insertion compares the two kinds. A code's step is
// max|r|/127 and the error of an int8 dot grows with |r|, so a residual
// shorter than the vector spends the 8 bits on the part in which vectors
// differ: on vectors sharing a large common direction, whose neighbours
// differ in the third decimal of their cosine, whole-vector codes cannot
// rank them (rerank_test.go: recall@10 0.79 where float32 has 1.0). A
// vector takes the centre only when that shortens it by a quarter in
// squared length (|x−μ|² < ¾|x|²), so data spread around the sphere (μ near
// zero), or a centre fitted on an unrepresentative prefix, is coded as
// without one and pays no extra dot when inserted.
//
// μ is fitted once, when the graph first holds fitAt nodes: the vectors so
// far (float32 copies kept until then) are averaged and every node is
// re-coded, under the exclusive grow lock so no search or insert sees half
// of it. 256 vectors place a centre well enough, and keep the float32
// copies few and brief (the store builds graphs only from 10,000 vectors
// up). A fixed μ keeps codes valid as vectors come and go; Compact fits a
// new one from the live vectors.
const fitAfter = 256

// int8Codes is the Int8 state of a graph.
type int8Codes struct {
	codes  []int8    // n*dim, codes of r = x − t·μ
	scales []float32 // per node: r ≈ code·|scale|; the sign bit is t
	mean   []float32 // μ, nil until fitted
	muSq   float32   // |μ|²
	muCode []int8    // μ coded, for μ·r in node-to-node similarities
	muSc   float32
	// pending holds the float32 vectors of the nodes added before μ was
	// fitted when the graph keeps no float32 copy (keepVecs false), so the
	// fit re-codes them from exact values; dropped once fitted.
	pending []float32
}

// quantize writes v as int8 codes scaled to the largest magnitude, so each
// vector uses the full ±127 range, and returns the scale that maps a code
// back: v[i] ≈ c[i]·scale. A per-vector scale needs no training pass.
func quantize(v []float32, c []int8) float32 {
	var m float32
	for _, x := range v {
		m = max(m, float32(math.Abs(float64(x))))
	}
	if m == 0 {
		clear(c)
		return 0
	}
	inv := 127 / m
	for i, x := range v {
		c[i] = int8(math.Round(float64(x * inv)))
	}
	return m / 127
}

// encode codes the normalised vector f into c (r is scratch) and returns
// its scale, negative when coded relative to μ. |f−μ|² = |f|² − 2μ·f + |μ|²
// is below ¾|f|² exactly when μ·f > (|μ|² + |f|²/4)/2.
func (q *int8Codes) encode(f, r []float32, c []int8) float32 {
	if q.mean == nil || Dot(q.mean, f) <= (q.muSq+Dot(f, f)/4)/2 {
		return quantize(f, c)
	}
	for i, x := range f {
		r[i] = x - q.mean[i]
	}
	return -quantize(r, c)
}

// setMean installs μ (nil: none) and the values derived from it.
func (q *int8Codes) setMean(mu []float32) {
	q.mean = mu
	if mu == nil {
		return
	}
	q.muSq = Dot(mu, mu)
	q.muCode = make([]int8, len(mu))
	q.muSc = quantize(mu, q.muCode)
}

// unpack splits a stored scale into its magnitude and t (0 or 1).
func unpack(sc float32) (float32, float32) {
	b := math.Float32bits(sc)
	return math.Float32frombits(b &^ (1 << 31)), float32(b >> 31)
}

// growCodes resizes the Int8 arrays to c nodes; the caller holds grow.
func (h *HNSW) growCodes(c int) {
	h.codes = resize(h.codes, c*h.dim)
	h.scales = resize(h.scales, c)
	if h.mean == nil && !h.keepVecs {
		h.pending = resize(h.pending, c*h.dim)
	}
}

// storeVector writes node id's vector (normalised query form) before any
// link publishes the node; r is scratch.
func (h *HNSW) storeVector(id uint32, q *query, r []float32) {
	o := int(id) * h.dim
	if h.keepVecs {
		copy(h.vecs[o:], q.f)
	}
	if h.cfg.Quant == Int8 {
		h.scales[id] = h.encode(q.f, r, h.codes[o:o+h.dim])
		if h.pending != nil {
			copy(h.pending[o:], q.f)
		}
	}
	atomic.OrUint32(&h.ready[id/32], 1<<(id%32))
}

// maybeFit fits the centre once the graph holds fitAt nodes. It is called
// after an insert has released the grow lock.
func (h *HNSW) maybeFit() {
	if h.cfg.Quant != Int8 || h.fitted.Load() || h.nodes() < h.fitAt {
		return
	}
	h.grow.Lock()
	defer h.grow.Unlock()
	if h.mean == nil {
		h.fitLocked()
	}
}

// fitLocked sets μ to the mean of the live vectors and re-codes every node
// against it. The caller holds grow exclusively: no insert is in flight
// (each holds grow shared throughout), so every node is complete.
func (h *HNSW) fitLocked() {
	n, dim := h.n, h.dim
	src := h.pending
	if h.keepVecs {
		src = h.vecs
	}
	sum := make([]float64, dim)
	live := 0
	for id := range n {
		if h.isDeleted(uint32(id)) {
			continue
		}
		live++
		for i, x := range src[id*dim : (id+1)*dim] {
			sum[i] += float64(x)
		}
	}
	if live == 0 {
		return
	}
	mu := make([]float32, dim)
	for i, x := range sum {
		mu[i] = float32(x / float64(live))
	}
	h.setMean(mu)
	r := make([]float32, dim)
	for id := range n {
		o := id * dim
		h.scales[id] = h.encode(src[o:o+dim], r, h.codes[o:o+dim])
	}
	h.pending = nil
	h.fitted.Store(true)
}

// dequantize reconstructs node id's approximate vector, for Compact when no
// float32 copy is at hand.
func (h *HNSW) dequantize(id uint32, dst []float32) {
	o := int(id) * h.dim
	sc, t := unpack(h.scales[id])
	for i, c := range h.codes[o : o+h.dim] {
		dst[i] = float32(c) * sc
		if t == 1 {
			dst[i] += h.mean[i]
		}
	}
}

// simCoded is q·x for the current (whole-coded) query and node id.
func (s *searcher) simCoded(h *HNSW, id uint32) float32 {
	o := int(id) * h.dim
	sc, t := unpack(h.scales[id])
	return float32(DotInt8(s.q.c, h.codes[o:o+h.dim]))*s.q.scale*sc + t*s.q.mu
}

// simCodedNodes is a·b for two stored nodes.
func (h *HNSW) simCodedNodes(a, b uint32) float32 {
	oa, ob := int(a)*h.dim, int(b)*h.dim
	ca, cb := h.codes[oa:oa+h.dim], h.codes[ob:ob+h.dim]
	sa, ta := unpack(h.scales[a])
	sb, tb := unpack(h.scales[b])
	d := float32(DotInt8(ca, cb)) * sa * sb
	if ta == 1 {
		d += float32(DotInt8(h.muCode, cb)) * h.muSc * sb
	}
	if tb == 1 {
		d += float32(DotInt8(h.muCode, ca)) * h.muSc * sa
	}
	return d + ta*tb*h.muSq
}
