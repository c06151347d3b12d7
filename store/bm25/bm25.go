// Package bm25 is seogo's keyword index: an in-memory inverted index over the
// analyser's tokens, ranked by Okapi BM25. It is derived data: the store keeps
// every chunk's tokens, builds this index from them, snapshots it to a sidecar
// file (WriteSnapshot) and rebuilds it when the snapshot is stale.
//
// We keep our own index instead of SQLite FTS5 or bleve because Korean
// queries analysed into Hangul bigrams are 20–40 terms long: FTS5 scores every
// matching row (hundreds of ms at 100k chunks), while term-at-a-time
// accumulation into a dense array answers in about a millisecond.
//
// Scoring. For a query term t with query frequency qtf and a chunk d:
//
//	score(t, d) = qtf · idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·len(d)/avglen))
//	idf(t)      = ln(1 + (N − df + 0.5)/(df + 0.5))     (Robertson/Lucene, never negative)
//
// N is the number of chunks, df the number of chunks containing t. A chunk's
// title and heading tokens are boosted: each counts as TitleBoost occurrences
// in tf and in len(d), so a chunk under the heading "배송 조회" ranks above
// one that mentions the words once in passing. A term repeated in the query
// counts qtf times, as if the clause were repeated (Lucene's BooleanQuery of
// repeated terms does the same): a question that repeats a word means it.
package bm25

import (
	"errors"
	"math"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/seogo/seogo/i18n"
)

// Params are the BM25 parameters of an index.
type Params struct {
	K1         float64 // tf saturation; 1.2 by default
	B          float64 // length normalisation, 0..1; 0.75 by default
	TitleBoost float64 // weight of a title/heading token; 2.0 by default, 0 ignores titles
}

// DefaultParams are the standard BM25 settings with titles counted twice.
func DefaultParams() Params { return Params{K1: 1.2, B: 0.75, TitleBoost: 2.0} }

// Validate reports whether p can rank: finite, K1 ≥ 0, 0 ≤ B ≤ 1,
// 0 ≤ TitleBoost ≤ 1000.
func (p Params) Validate() error {
	ok := func(x, lo, hi float64) bool { return !math.IsNaN(x) && x >= lo && x <= hi }
	if !ok(p.K1, 0, 1000) || !ok(p.B, 0, 1) || !ok(p.TitleBoost, 0, 1000) {
		return i18n.Errorf("BM25 설정값이 잘못되었습니다(k1=%v b=%v title_boost=%v): 0 ≤ k1 ≤ 1000, 0 ≤ b ≤ 1, 0 ≤ title_boost ≤ 1000 이어야 합니다",
			"invalid BM25 parameters k1=%v b=%v title_boost=%v: want 0 ≤ k1 ≤ 1000, 0 ≤ b ≤ 1, 0 ≤ title_boost ≤ 1000", p.K1, p.B, p.TitleBoost)
	}
	return nil
}

// Hit is one search result: a chunk key and its BM25 score.
type Hit struct {
	Key   uint32
	Score float64
}

// Doc is one chunk to index: its key and its body and title tokens.
type Doc struct {
	Key   uint32
	Body  []string
	Title []string
}

// postings lists the chunks containing one term, by ascending doc number
// (an internal dense number, not the chunk key: keys are sparse across
// collections and grow with every re-ingest, doc numbers stay ≤ the number of
// chunks, so the per-search scratch array stays small).
type postings struct {
	docs []uint32
	tfs  []float32 // body count + TitleBoost·title count
}

// Index is an in-memory BM25 inverted index. It is safe for concurrent use:
// searches share a read lock, writes take the write lock.
//
// Removal leaves a tombstone; document frequencies skip tombstoned chunks,
// so scores are exact at once, and the postings are compacted when a quarter
// of the doc numbers are dead.
type Index struct {
	mu     sync.RWMutex
	p      Params
	vocab  map[string]uint32 // term -> term id
	lists  []postings        // term id -> postings
	keys   []uint32          // doc -> chunk key
	lens   []float32         // doc -> boosted length
	body   []uint32          // doc -> body token count
	title  []uint32          // doc -> title token count
	dead   []uint64          // bitset over docs
	nDead  int
	docOf  map[uint32]uint32 // live chunk key -> doc
	totalB uint64            // body tokens of live chunks (integers keep avglen exact)
	totalT uint64            // title tokens of live chunks

	// While tombstones exist, df must count live postings. Searches cache
	// the count per term id as epoch<<32 | df, valid until the next write
	// (every write bumps epoch), so a stream of searches between ingests
	// counts each term once instead of on every query.
	dfCache []uint64
	epoch   uint32

	// Writer scratch: occurrences per term id of the chunk being added,
	// and the ids it touched (one map lookup per token, none per term).
	cntBody, cntTitle []uint32
	seen              []uint32

	scratch sync.Pool // *accumulator
}

// New returns an empty index. The zero Params means DefaultParams(); any
// other value is used as given, so start from DefaultParams() to change one
// field. New panics if p fails Validate.
func New(p Params) *Index {
	if p == (Params{}) {
		p = DefaultParams()
	}
	if err := p.Validate(); err != nil {
		panic("bm25: " + err.Error())
	}
	return &Index{
		p:     p,
		vocab: make(map[string]uint32),
		docOf: make(map[uint32]uint32),
	}
}

// Params returns the index's BM25 parameters.
func (ix *Index) Params() Params { return ix.p }

// Len is the number of indexed chunks.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.docOf)
}

// Add indexes a chunk, replacing any chunk already stored under key. Empty
// tokens are ignored.
func (ix *Index) Add(key uint32, body, title []string) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.remove(key)
	ix.add(key, body, title)
	ix.maybeCompact()
}

// Remove deletes a chunk and reports whether it was indexed.
func (ix *Index) Remove(key uint32) bool {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ok := ix.remove(key)
	ix.maybeCompact()
	return ok
}

// Update removes the keys in remove, then adds docs, as one step: no search
// sees a document half replaced.
func (ix *Index) Update(remove []uint32, docs []Doc) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	for _, k := range remove {
		ix.remove(k)
	}
	for _, d := range docs {
		ix.remove(d.Key)
		ix.add(d.Key, d.Body, d.Title)
	}
	ix.maybeCompact()
}

// termID returns the id of term t, adding it to the vocabulary if new.
func (ix *Index) termID(t string) uint32 {
	id, ok := ix.vocab[t]
	if !ok {
		id = uint32(len(ix.lists))
		// Clone: the token may be a slice of a larger decoded blob, which
		// the map key would otherwise keep alive.
		ix.vocab[strings.Clone(t)] = id
		ix.lists = append(ix.lists, postings{})
		ix.dfCache = append(ix.dfCache, 0)
		ix.cntBody = append(ix.cntBody, 0)
		ix.cntTitle = append(ix.cntTitle, 0)
	}
	return id
}

func (ix *Index) add(key uint32, body, title []string) {
	ix.epoch++
	ix.seen = ix.seen[:0]
	var nb, nt uint32
	for _, t := range body {
		if t == "" {
			continue
		}
		nb++
		id := ix.termID(t)
		if ix.cntBody[id] == 0 && ix.cntTitle[id] == 0 {
			ix.seen = append(ix.seen, id)
		}
		ix.cntBody[id]++
	}
	if ix.p.TitleBoost > 0 { // a zero boost ignores titles, so no zero tf is ever stored
		for _, t := range title {
			if t == "" {
				continue
			}
			nt++
			id := ix.termID(t)
			if ix.cntBody[id] == 0 && ix.cntTitle[id] == 0 {
				ix.seen = append(ix.seen, id)
			}
			ix.cntTitle[id]++
		}
	}
	doc := uint32(len(ix.keys))
	for _, id := range ix.seen {
		p := &ix.lists[id]
		p.docs = append(p.docs, doc)
		p.tfs = append(p.tfs, ix.boosted(ix.cntBody[id], ix.cntTitle[id]))
		ix.cntBody[id], ix.cntTitle[id] = 0, 0
	}
	ix.keys = append(ix.keys, key)
	ix.body = append(ix.body, nb)
	ix.title = append(ix.title, nt)
	ix.lens = append(ix.lens, ix.boosted(nb, nt))
	if int(doc)/64 >= len(ix.dead) {
		ix.dead = append(ix.dead, 0)
	}
	ix.docOf[key] = doc
	ix.totalB += uint64(nb)
	ix.totalT += uint64(nt)
}

// boosted is the weighted count of body and title occurrences; every tf and
// length goes through it, so a rebuild reproduces the same float32 values.
func (ix *Index) boosted(body, title uint32) float32 {
	return float32(float64(body) + ix.p.TitleBoost*float64(title))
}

func (ix *Index) remove(key uint32) bool {
	doc, ok := ix.docOf[key]
	if !ok {
		return false
	}
	delete(ix.docOf, key)
	ix.epoch++
	ix.dead[doc/64] |= 1 << (doc % 64)
	ix.nDead++
	ix.totalB -= uint64(ix.body[doc])
	ix.totalT -= uint64(ix.title[doc])
	return true
}

func (ix *Index) isDead(doc uint32) bool { return ix.dead[doc/64]&(1<<(doc%64)) != 0 }

// maybeCompact drops tombstones once they are a quarter of the doc numbers:
// rarely enough that the O(postings) pass is cheap per removal, often enough
// that searches do not wade through dead postings.
func (ix *Index) maybeCompact() {
	if ix.nDead > 0 && ix.nDead*4 >= len(ix.keys) {
		ix.compact()
	}
}

func (ix *Index) compact() {
	remap := make([]uint32, len(ix.keys))
	live := uint32(0)
	for d := range ix.keys {
		if ix.isDead(uint32(d)) {
			remap[d] = math.MaxUint32
			continue
		}
		remap[d] = live
		ix.keys[live], ix.body[live], ix.title[live], ix.lens[live] = ix.keys[d], ix.body[d], ix.title[d], ix.lens[d]
		ix.docOf[ix.keys[live]] = live
		live++
	}
	ix.keys, ix.body, ix.title, ix.lens = ix.keys[:live], ix.body[:live], ix.title[:live], ix.lens[:live]
	ix.dead = make([]uint64, (live+63)/64)
	ix.nDead = 0
	clear(ix.dfCache)
	for id := range ix.lists {
		p := &ix.lists[id]
		n := 0
		for i, d := range p.docs {
			if nd := remap[d]; nd != math.MaxUint32 { // remap is monotonic: order kept
				p.docs[n], p.tfs[n] = nd, p.tfs[i]
				n++
			}
		}
		switch {
		case n == 0:
			p.docs, p.tfs = nil, nil
		case n < cap(p.docs)/2: // give back memory held by long-gone chunks
			p.docs = append([]uint32(nil), p.docs[:n]...)
			p.tfs = append([]float32(nil), p.tfs[:n]...)
		default:
			p.docs, p.tfs = p.docs[:n], p.tfs[:n]
		}
	}
	ix.pruneVocab()
}

// pruneVocab drops terms no chunk contains any more once they are half the
// vocabulary, so a corpus that keeps changing does not grow it forever.
func (ix *Index) pruneVocab() {
	empty := 0
	for i := range ix.lists {
		if len(ix.lists[i].docs) == 0 {
			empty++
		}
	}
	if empty*2 < len(ix.lists) {
		return
	}
	lists := make([]postings, 0, len(ix.lists)-empty)
	for t, id := range ix.vocab {
		if len(ix.lists[id].docs) == 0 {
			delete(ix.vocab, t)
			continue
		}
		ix.vocab[t] = uint32(len(lists))
		lists = append(lists, ix.lists[id])
	}
	ix.lists = lists
	ix.dfCache = make([]uint64, len(lists))
	ix.cntBody = make([]uint32, len(lists))
	ix.cntTitle = make([]uint32, len(lists))
}

// df is the number of live chunks containing term id. The caller holds
// at least the read lock.
func (ix *Index) df(id uint32) int {
	p := &ix.lists[id]
	if ix.nDead == 0 {
		return len(p.docs)
	}
	c := &ix.dfCache[id]
	if v := atomic.LoadUint64(c); v != 0 && uint32(v>>32) == ix.epoch {
		return int(uint32(v))
	}
	n := 0
	for _, d := range p.docs {
		if !ix.isDead(d) {
			n++
		}
	}
	atomic.StoreUint64(c, uint64(ix.epoch)<<32|uint64(n))
	return n
}

func idf(n, df int) float64 {
	return math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
}

// IDF returns the BM25 idf of token, or 0 when no chunk contains it.
func (ix *Index) IDF(token string) float64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.idfLocked(token)
}

// Stats returns the number of indexed chunks and the IDF of each token, as
// one consistent reading (a store's TermStats).
func (ix *Index) Stats(tokens []string) (docs int, idfs []float64) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	idfs = make([]float64, len(tokens))
	for i, t := range tokens {
		idfs[i] = ix.idfLocked(t)
	}
	return len(ix.docOf), idfs
}

func (ix *Index) idfLocked(token string) float64 {
	id, ok := ix.vocab[token]
	if !ok {
		return 0
	}
	df := ix.df(id)
	if df == 0 {
		return 0
	}
	return idf(len(ix.docOf), df)
}

// ErrSnapshot is returned (wrapped) by ReadSnapshot for a file that is not a
// complete, intact snapshot.
var ErrSnapshot = errors.New("bm25: bad snapshot")
