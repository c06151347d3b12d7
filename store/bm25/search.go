package bm25

import "github.com/seogo/seogo/internal/topk"

// accumulator is the per-search scratch: a dense score per doc number and the
// list of docs it touched, so resetting costs what the search touched, not
// the size of the index. Pooled: a 100k-chunk index would otherwise allocate
// 400 KB per query. The top-k heap rides along so it is reused too.
type accumulator struct {
	acc     []float32
	touched []uint32
	top     topk.Heap[float32]
}

// denseFraction: once a search has touched more than 1/denseFraction of all
// docs, it stops keeping the touched list and sweeps the whole array instead,
// which is cheaper than appending to a list that long.
const denseFraction = 4

type queryTerm struct {
	term string
	qtf  int
}

// Search returns up to k chunks ranked by BM25 for the query tokens, best
// first; equal scores are ordered by smaller key. allow, when not nil,
// admits a chunk key (it is called only for candidates that would enter the
// top k). Repeated query tokens weigh as many times as they occur.
func (ix *Index) Search(tokens []string, k int, allow func(uint32) bool) []Hit {
	if k <= 0 || len(tokens) == 0 {
		return nil
	}
	query := dedupe(tokens)

	ix.mu.RLock()
	defer ix.mu.RUnlock()
	n := len(ix.docOf)
	if n == 0 {
		return nil
	}
	ndocs := len(ix.keys)
	s, _ := ix.scratch.Get().(*accumulator)
	if s == nil || len(s.acc) < ndocs {
		s = &accumulator{acc: make([]float32, ndocs+ndocs/8)}
	}
	acc, touched := s.acc[:ndocs], s.touched[:0]
	dense := false
	limit := ndocs / denseFraction

	avg := float64(ix.totalB) + ix.p.TitleBoost*float64(ix.totalT)
	avg /= float64(n)
	if avg == 0 {
		avg = 1 // every chunk is empty; lengths do not matter
	}
	c0 := float32(ix.p.K1 * (1 - ix.p.B))
	c1 := float32(ix.p.K1 * ix.p.B / avg)
	lens := ix.lens[:ndocs]
	for _, qt := range query {
		id, ok := ix.vocab[qt.term]
		if !ok {
			continue
		}
		p := &ix.lists[id]
		df := ix.df(id)
		if df == 0 {
			continue
		}
		w := float32(float64(qt.qtf) * idf(n, df) * (ix.p.K1 + 1))
		tfs := p.tfs[:len(p.docs)]
		if dense {
			for i, d := range p.docs {
				tf := tfs[i]
				acc[d] += w * tf / (tf + c0 + c1*lens[d])
			}
			continue
		}
		for i, d := range p.docs {
			tf := tfs[i]
			if acc[d] == 0 {
				touched = append(touched, d)
			}
			acc[d] += w * tf / (tf + c0 + c1*lens[d])
		}
		if len(touched) > limit {
			dense = true
		}
	}

	top := &s.top
	top.Reset(k, ndocs)
	consider := func(d uint32) {
		sc := acc[d]
		if sc == 0 || ix.isDead(d) {
			return
		}
		key := ix.keys[d]
		if !top.Admits(key, sc) || (allow != nil && !allow(key)) {
			return
		}
		top.Push(key, sc)
	}
	if dense {
		for d := range acc {
			consider(uint32(d))
		}
		clear(acc)
	} else {
		for _, d := range touched {
			consider(d)
		}
		for _, d := range touched {
			acc[d] = 0
		}
	}
	items := top.Sorted()
	out := make([]Hit, len(items))
	for i, x := range items {
		out[i] = Hit{Key: x.Key, Score: float64(x.Score)}
	}
	s.touched = touched[:0]
	ix.scratch.Put(s)
	return out
}

// dedupe folds repeated query tokens into a count, keeping the order of
// first occurrence so scores add up in the same order every time.
func dedupe(tokens []string) []queryTerm {
	out := make([]queryTerm, 0, len(tokens))
	if len(tokens) <= 64 {
	next:
		for _, t := range tokens {
			if t == "" {
				continue
			}
			for i := range out {
				if out[i].term == t {
					out[i].qtf++
					continue next
				}
			}
			out = append(out, queryTerm{t, 1})
		}
		return out
	}
	at := make(map[string]int, len(tokens))
	for _, t := range tokens {
		if t == "" {
			continue
		}
		if i, ok := at[t]; ok {
			out[i].qtf++
			continue
		}
		at[t] = len(out)
		out = append(out, queryTerm{t, 1})
	}
	return out
}
