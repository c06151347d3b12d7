package wordvec

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/seogo/seogo/i18n"
)

// Options tune training. The zero value trains skip-gram with word2vec's
// defaults and Korean subwords; see each field for its default.
type Options struct {
	// CBOW trains continuous bag-of-words instead of skip-gram: faster, a
	// little worse on rare words.
	CBOW     bool
	Dim      int     // vector dimension (default 100)
	Window   int     // maximum distance of a context word (default 5)
	Negative int     // negative samples per prediction (default 5)
	MinCount int     // words seen fewer times are dropped (default 5)
	Epochs   int     // passes over the corpus (default 5)
	Sample   float64 // subsampling threshold (default 1e-3; negative: none)
	// Alpha is the starting learning rate (default 0.025 skip-gram, 0.05
	// CBOW); it decays linearly to Alpha·1e-4 over all epochs.
	Alpha float64
	// MinN and MaxN bound the length in runes of subword n-grams (default
	// 2 and 4); Buckets is the size of their hashed table (default
	// DefaultBuckets; negative: no subwords, plain word2vec).
	MinN, MaxN int
	Buckets    int
	// Workers is the number of goroutines updating the shared vectors without
	// locks, as the reference word2vec does (default GOMAXPROCS). Only one
	// worker gives the same vectors on every run. Binaries built with -race
	// always use one (see raceBuild).
	Workers int
	// Seed fixes the initial vectors and the random draws.
	Seed uint64
	// Progress, when set, is called about twice a second and after each epoch.
	Progress func(Progress) `json:"-"`
}

// Progress is a training progress report.
type Progress struct {
	Epoch, Epochs int
	Words, Total  int64   // words processed so far, of Total (all epochs)
	WordsPerSec   float64 // since the start
	Loss          float64 // mean negative-sampling loss per prediction, this epoch so far
	Alpha         float64 // current learning rate
	EpochDone     bool    // the report that closes an epoch; Loss is the epoch's
}

// Stats summarise a finished training run.
type Stats struct {
	Words       int64     `json:"words"` // corpus tokens in the vocabulary, per epoch
	Vocab       int       `json:"vocab"`
	Seconds     float64   `json:"seconds"`
	WordsPerSec float64   `json:"words_per_sec"`
	EpochLoss   []float64 `json:"epoch_loss"`
}

func (o *Options) defaults() {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&o.Dim, 100)
	def(&o.Window, 5)
	def(&o.Negative, 5)
	def(&o.MinCount, 5)
	def(&o.Epochs, 5)
	def(&o.MinN, DefaultMinN)
	def(&o.MaxN, DefaultMaxN)
	def(&o.Workers, runtime.GOMAXPROCS(0))
	if raceBuild {
		o.Workers = 1
	}
	if o.Buckets == 0 {
		o.Buckets = DefaultBuckets
	}
	if o.Sample == 0 {
		o.Sample = 1e-3
	}
	if o.Alpha <= 0 {
		o.Alpha = 0.025
		if o.CBOW {
			o.Alpha = 0.05
		}
	}
}

// Train learns word vectors from sentences (each a slice of tokens, as an
// analyzer returns them). Windows never cross a sentence.
func Train(ctx context.Context, sentences [][]string, opt Options) (*Model, error) {
	opt.defaults()
	if opt.Dim > 4096 || opt.MaxN < opt.MinN {
		return nil, i18n.Errorf("wordvec: 차원 %d(최대 4096)이나 n-gram 범위 %d..%d 가 올바르지 않습니다", "wordvec: dim %d (max 4096) or n-gram range %d..%d is not valid", opt.Dim, opt.MinN, opt.MaxN)
	}
	start := time.Now()
	voc := buildVocab(sentences, opt.MinCount)
	if len(voc.words) == 0 {
		return nil, i18n.Errorf("wordvec: min-count 번 이상 나오는 단어가 없습니다: 말뭉치가 너무 작습니다(--min-count 를 낮추세요)", "wordvec: no word occurs min-count times: the corpus is too small (lower --min-count)")
	}
	t := newTrainer(voc, voc.encode(sentences), opt)
	if err := t.run(ctx); err != nil {
		return nil, err
	}
	m := t.model()
	secs := time.Since(start).Seconds()
	m.Stats = &Stats{Words: voc.total, Vocab: len(voc.words), Seconds: secs,
		WordsPerSec: float64(voc.total) * float64(opt.Epochs) / secs, EpochLoss: t.epochLoss}
	return m, nil
}

// trainer holds the shared state of one run. in has a row per word and then
// a row per subword bucket; out has a row per word (the negative-sampling
// output layer). Both are written by every worker without locks (Hogwild!):
// updates are sparse, so collisions are rare and only add noise.
type trainer struct {
	opt       Options
	voc       *vocab
	sents     [][]int32
	rows      [][]int32 // input rows of each word: itself and its n-grams
	in, out   []float32
	keep      []uint32
	table     []int32
	done      atomic.Int64 // words processed, all workers
	total     int64
	epochLoss []float64
}

func newTrainer(voc *vocab, sents [][]int32, opt Options) *trainer {
	V, dim := len(voc.words), opt.Dim
	buckets := max(opt.Buckets, 0)
	t := &trainer{opt: opt, voc: voc, sents: sents, keep: voc.keepProbs(opt.Sample),
		table: voc.unigramTable(tableSize(V)), total: voc.total * int64(opt.Epochs)}
	t.rows = make([][]int32, V)
	var buf []int32
	for i, w := range voc.words {
		buf = append(buf[:0], int32(i))
		if buckets > 0 {
			n := len(buf)
			buf = ngramBuckets(buf, w, opt.MinN, opt.MaxN, buckets)
			for j := n; j < len(buf); j++ {
				buf[j] += int32(V)
			}
		}
		t.rows[i] = append([]int32(nil), buf...)
	}
	t.in = make([]float32, (V+buckets)*dim)
	rng := opt.Seed*0x9e3779b97f4a7c15 + 1
	for i := range t.in {
		rng = rng*25214903917 + 11
		t.in[i] = (float32(rng>>40&0xFFFF)/65536 - 0.5) / float32(dim)
	}
	t.out = make([]float32, V*dim)
	return t
}

// tableSize scales the negative-sampling table with the vocabulary (64
// slots a word, a power of two between 2^16 and 2^24): a draw is then a mask,
// not a division, and a small vocabulary's table stays in cache. word2vec's
// fixed 10^8 slots cost a cache miss on every negative.
func tableSize(vocab int) int {
	n := 1 << 16
	for n < vocab*64 && n < 1<<24 {
		n <<= 1
	}
	return n
}

// run trains all epochs; workers take contiguous slices of the sentences and
// meet after each epoch so the epoch's loss is complete.
func (t *trainer) run(ctx context.Context) error {
	W := min(t.opt.Workers, max(len(t.sents), 1))
	parts := splitSentences(t.sents, W)
	start := time.Now()
	var mu sync.Mutex
	var lossSum float64
	var lossN int64
	report := func(epoch int, done bool) {
		if t.opt.Progress == nil {
			return
		}
		mu.Lock()
		loss := lossSum / float64(max(lossN, 1))
		mu.Unlock()
		w := t.done.Load()
		t.opt.Progress(Progress{Epoch: epoch + 1, Epochs: t.opt.Epochs, Words: w, Total: t.total,
			WordsPerSec: float64(w) / time.Since(start).Seconds(), Loss: loss, Alpha: t.alpha(w), EpochDone: done})
	}
	for epoch := 0; epoch < t.opt.Epochs; epoch++ {
		lossSum, lossN = 0, 0
		stop := make(chan struct{})
		ticker := time.NewTicker(500 * time.Millisecond)
		go func() {
			for {
				select {
				case <-stop:
					return
				case <-ticker.C:
					report(epoch, false)
				}
			}
		}()
		var wg sync.WaitGroup
		errs := make([]error, W)
		for w := 0; w < W; w++ {
			wg.Go(func() {
				wk := newWorker(t, uint64(epoch)*1_000_003+uint64(w)*7919+t.opt.Seed)
				errs[w] = wk.train(ctx, parts[w], func(loss float64, n int64) {
					mu.Lock()
					lossSum += loss
					lossN += n
					mu.Unlock()
				})
			})
		}
		wg.Wait()
		ticker.Stop()
		close(stop)
		if err := errors.Join(errs...); err != nil {
			return err
		}
		t.epochLoss = append(t.epochLoss, lossSum/float64(max(lossN, 1)))
		report(epoch, true)
	}
	return nil
}

func (t *trainer) alpha(done int64) float64 {
	a := t.opt.Alpha * (1 - float64(done)/float64(t.total+1))
	return max(a, t.opt.Alpha*1e-4)
}

// splitSentences cuts sents into n contiguous parts of about equal tokens.
func splitSentences(sents [][]int32, n int) [][][]int32 {
	var total int
	for _, s := range sents {
		total += len(s)
	}
	parts := make([][][]int32, n)
	per := total/n + 1
	p, acc, from := 0, 0, 0
	for i, s := range sents {
		acc += len(s)
		if acc >= per*(p+1) && p < n-1 {
			parts[p] = sents[from : i+1]
			from, p = i+1, p+1
		}
	}
	parts[p] = sents[from:]
	return parts
}

// model turns the trained rows into a Model: each word's vector is the mean
// of its rows (as fastText's .vec), and the bucket rows are kept for unknown
// words.
func (t *trainer) model() *Model {
	V, dim := len(t.voc.words), t.opt.Dim
	m := &Model{words: t.voc.words, counts: t.voc.counts, index: t.voc.index, dim: dim,
		vecs: make([]float32, V*dim), out: t.out}
	for i, rows := range t.rows {
		v := m.vecs[i*dim : (i+1)*dim]
		for _, r := range rows {
			axpy(1, t.in[int(r)*dim:int(r+1)*dim], v)
		}
		scale(1/float32(len(rows)), v)
	}
	if t.opt.Buckets > 0 {
		m.sub = &subwords{minN: t.opt.MinN, maxN: t.opt.MaxN, buckets: t.opt.Buckets,
			vecs: append([]float32(nil), t.in[V*dim:]...)}
	}
	return m
}
