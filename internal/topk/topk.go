// Package topk selects the k best of a stream of scored keys: the bounded
// top-k that the keyword and vector indexes share. Ranking is by score, and
// equal scores rank the smaller key first, so results are deterministic.
package topk

import "slices"

// Score is the type of a ranking score.
type Score interface{ ~float32 | ~float64 }

// Item is one kept candidate.
type Item[S Score] struct {
	Key   uint32
	Score S
}

// Heap keeps the k best items pushed into it, in a min-heap whose root is
// the worst kept item, so a candidate that cannot enter costs one
// comparison. The zero value keeps nothing until Reset gives it a k; a Heap
// is reusable (Reset keeps its buffer), so callers may pool it.
type Heap[S Score] struct {
	k     int
	items []Item[S]
}

// New returns a heap that keeps the k best items. n is the most candidates
// that will be pushed, so that a k far larger than the candidate set does
// not reserve k slots; pass k when it is not known.
func New[S Score](k, n int) *Heap[S] {
	h := new(Heap[S])
	h.Reset(k, n)
	return h
}

// Reset empties h and makes it keep the k best items, reserving room for
// min(k, n) of them (n as for New) and reusing its buffer when that is big
// enough.
func (h *Heap[S]) Reset(k, n int) {
	h.k = max(k, 0)
	if c := max(min(k, n), 0); cap(h.items) < c {
		h.items = make([]Item[S], 0, c)
	}
	h.items = h.items[:0]
}

// Len is the number of items kept.
func (h *Heap[S]) Len() int { return len(h.items) }

// worse reports whether a ranks below b.
func worse[S Score](a, b Item[S]) bool {
	if a.Score != b.Score {
		return a.Score < b.Score
	}
	return a.Key > b.Key
}

// Admits reports whether Push would keep (key, score) now, so a caller can
// skip costly work (a filter callback) for a candidate that would not enter.
// A NaN score is never admitted: it has no rank.
func (h *Heap[S]) Admits(key uint32, score S) bool {
	if len(h.items) < h.k {
		return score == score
	}
	// A full heap compares with its root; NaN loses that comparison.
	return len(h.items) > 0 && worse(h.items[0], Item[S]{key, score})
}

// Push offers a candidate; h keeps it when it is among the k best so far.
// NaN scores are dropped.
func (h *Heap[S]) Push(key uint32, score S) {
	x := Item[S]{key, score}
	if len(h.items) < h.k {
		if score != score {
			return
		}
		h.items = append(h.items, x)
		h.up(len(h.items) - 1)
		return
	}
	if len(h.items) == 0 || !worse(h.items[0], x) {
		return
	}
	h.items[0] = x
	h.down(0)
}

// Merge pushes every item o keeps into h (to combine per-worker heaps).
func (h *Heap[S]) Merge(o *Heap[S]) {
	for _, x := range o.items {
		h.Push(x.Key, x.Score)
	}
}

func (h *Heap[S]) up(i int) {
	t := h.items
	for i > 0 {
		p := (i - 1) / 2
		if !worse(t[i], t[p]) {
			return
		}
		t[i], t[p] = t[p], t[i]
		i = p
	}
}

func (h *Heap[S]) down(i int) {
	t := h.items
	n := len(t)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && worse(t[r], t[l]) {
			m = r
		}
		if !worse(t[m], t[i]) {
			return
		}
		t[i], t[m] = t[m], t[i]
		i = m
	}
}

// Sorted returns the kept items best first. It sorts h's own buffer and
// returns it without copying: the result is valid until the next Reset, and
// h must be Reset before it is pushed to again.
func (h *Heap[S]) Sorted() []Item[S] {
	slices.SortFunc(h.items, func(a, b Item[S]) int {
		switch {
		case worse(b, a):
			return -1
		case worse(a, b):
			return 1
		}
		return 0
	})
	return h.items
}
