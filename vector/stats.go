package vector

// HNSWStats describes an HNSW index for diagnostics (`seogo index stats`).
type HNSWStats struct {
	Live, Deleted int
	Dim           int
	Config        HNSWConfig
	MaxLevel      int
	// GraphBytes is the links, levels and upper-level offsets: the part of
	// the index that is the graph itself. VectorBytes is what the traversal
	// and re-ranking keep in memory (float32 and/or int8 codes with scales).
	// KeyBytes is the node→key array plus an estimate of the key→node map.
	GraphBytes, VectorBytes, KeyBytes int64
}

// mapEntryBytes estimates a Go map[uint32]uint32 entry with its share of
// bucket overhead (measured: ~20 B at 100k entries).
const mapEntryBytes = 20

// Stats reports sizes counted over the nodes in use (not spare capacity).
func (h *HNSW) Stats() HNSWStats {
	h.grow.RLock()
	defer h.grow.RUnlock()
	h.mu.Lock()
	defer h.mu.Unlock()
	n := int64(h.n)
	st := HNSWStats{Live: len(h.ids), Deleted: h.dead, Dim: h.dim, Config: h.cfg}
	if ep := h.entry.Load(); ep != noEntry {
		st.MaxLevel = int(ep >> 32)
	}
	st.GraphBytes = 4*n*int64(h.s0) + 4*int64(h.upperLen) + n /*levels*/ + 4*n /*upperOff*/ + n/8 /*tombstones*/
	if h.keepVecs {
		st.VectorBytes += 4 * n * int64(h.dim)
	}
	if h.cfg.Quant == Int8 {
		// codes and scales, the centre; float32 copies kept until the
		// centre is fitted.
		st.VectorBytes += n*int64(h.dim) + 4*n + 5*int64(len(h.mean))
		if h.pending != nil {
			st.VectorBytes += 4 * n * int64(h.dim)
		}
	}
	st.KeyBytes = 4*n + mapEntryBytes*int64(len(h.ids))
	return st
}

// BytesPerVector is the whole in-memory index divided by its live vectors.
func (st HNSWStats) BytesPerVector() float64 {
	if st.Live == 0 {
		return 0
	}
	return float64(st.GraphBytes+st.VectorBytes+st.KeyBytes) / float64(st.Live)
}

// EstimateRecall measures recall@k of the graph's search against an exact
// scan, using up to samples stored vectors (evenly spaced, so the estimate
// is repeatable) as queries.
func (h *HNSW) EstimateRecall(samples, k int) float64 {
	n := h.nodes()
	if n == 0 || samples <= 0 {
		return 1
	}
	q := make([]float32, h.dim)
	found, total := 0, 0
	for i := 0; i < samples; i++ {
		id := uint32(i * n / samples)
		h.grow.RLock()
		ok := h.visible(id)
		if ok && !h.floatOf(id, q) {
			h.dequantize(id, q)
		}
		h.grow.RUnlock()
		if !ok {
			continue
		}
		got, _ := h.Search(q, k, nil)
		want := h.SearchExact(q, k, nil)
		found += shared(want, got)
		total += len(want)
	}
	if total == 0 {
		return 1
	}
	return float64(found) / float64(total)
}

// SearchExact ranks every live vector (admitted by allow): the reference
// the graph's answers are measured against.
func (h *HNSW) SearchExact(q []float32, k int, allow func(uint32) bool) []Hit {
	if check(q, h.dim) != nil || k <= 0 {
		return nil
	}
	h.grow.RLock()
	defer h.grow.RUnlock()
	s := h.getSearcher()
	defer h.pool.Put(s)
	s.setQuery(h, q)
	return h.exact(s, k, h.rerankN(k, h.cfg.EfSearch), h.nodes(), allow)
}

// shared counts the hits of got whose keys are among want's: the recall
// numerator of an approximate result against the exact one.
func shared(want, got []Hit) int {
	in := make(map[uint32]bool, len(want))
	for _, x := range want {
		in[x.Key] = true
	}
	n := 0
	for _, x := range got {
		if in[x.Key] {
			n++
		}
	}
	return n
}
