package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/seogo/seogo/analysis"
	"github.com/seogo/seogo/embed"
	"github.com/seogo/seogo/embed/wordvec"
	"github.com/seogo/seogo/eval"
	"github.com/seogo/seogo/textproc"
	"github.com/seogo/seogo/vector"
)

// Dataset (b): real text embeddings. The base set is cut from the
// paragraphs of KorQuAD 1.0 dev and XQuAD (en): every sentence, every run of
// 2 and 3 consecutive sentences, and sliding windows of whitespace words
// (see windowWidths), all within one paragraph, exact duplicates removed, so
// the set is full of overlapping near-duplicates, as a store of chunks with
// overlap is. Queries are real questions of the same files, none equal to a
// base text. Both are embedded by seogo's own embedder, trained here on the
// paragraphs (never the questions) with a fixed seed, and the vectors are
// cached in a file keyed by a hash of every input and parameter.

var (
	flagDataset  = flag.String("dataset", "synthetic", "synthetic (Gaussian clusters, --n × --dim) or text (KorQuAD + XQuAD passages, the embedder's dimension)")
	flagEmbedder = flag.String("embedder", "wordvec", "text dataset: wordvec (seogo's best offline embedder: trained word vectors (SIF) joined to hashed bigrams, as `seogo eval --embedder wordvec`), sif (the word-vector part alone) or hash (the built-in hashing embedder)")
	flagTestdata = flag.String("testdata", "../testdata", "text dataset: directory holding korquad/KorQuAD_v1.0_dev.json and xquad/xquad.en.json")
	flagTextInfo = flag.Bool("text-info", false, "text dataset: print the composition of the passages and queries and stop")
	flagCache    = flag.Bool("cache", true, "text dataset: keep the vectors in a file under --tmp (or $TMPDIR) and reuse them")
)

// datasetName is what every output line carries in "dataset", and
// embedderName in "embedder" (text only).
var datasetName, embedderName = "synthetic", ""

const textVersion = "seogo-bench-text-v1" // change when the passages or the file layout change

// Sliding word windows: width (whitespace words) and stride.
var windowWidths = []struct{ width, stride int }{{10, 3}, {20, 4}, {40, 8}}

// Sentence windows: runs of this many consecutive sentences.
var sentenceRuns = []int{1, 2, 3}

type textSet struct {
	paragraphs []string // training text
	base       []string
	queries    []string
	counts     map[string]int // composition, for the stderr report
}

// loadText reads both files and builds the passages and the queries; n caps
// the base set (a seeded sample, kept in corpus order), q the queries.
func loadText(dir string, n, q int) (*textSet, error) {
	ts := &textSet{counts: map[string]int{}}
	var questions []string
	for _, f := range []struct{ path, lang string }{
		{"korquad/KorQuAD_v1.0_dev.json", "ko"}, {"xquad/xquad.en.json", "en"},
	} {
		ds, err := eval.Load(filepath.Join(dir, f.path))
		if err != nil {
			return nil, err
		}
		for _, d := range ds.Docs {
			ts.paragraphs = append(ts.paragraphs, textproc.NormalizeString(d.Text))
		}
		for _, qu := range ds.Queries {
			questions = append(questions, strings.TrimSpace(textproc.NormalizeString(qu.Text)))
		}
		ts.counts["paragraphs_"+f.lang] = len(ds.Docs)
		ts.counts["questions_"+f.lang] = len(ds.Queries)
	}
	seen := map[string]bool{}
	var all, kinds []string
	add := func(kind, s string) {
		if s = strings.TrimSpace(s); !strings.ContainsFunc(s, isWordRune) { // "." or "…" alone: no token
			ts.counts["no_word_"+kind]++
			return
		}
		if seen[s] {
			ts.counts["dup_"+kind]++
			return
		}
		seen[s] = true
		all, kinds = append(all, s), append(kinds, kind)
		ts.counts[kind]++
	}
	for _, p := range ts.paragraphs {
		spans := textproc.Sentences(p)
		for _, run := range sentenceRuns {
			for i := 0; i+run <= len(spans); i++ {
				add(fmt.Sprintf("sentences_%d", run), p[spans[i].Start:spans[i+run-1].End])
			}
		}
		words := strings.Fields(p)
		for _, w := range windowWidths {
			for i := 0; i+w.width <= len(words); i += w.stride {
				add(fmt.Sprintf("words_%d", w.width), strings.Join(words[i:i+w.width], " "))
			}
		}
	}
	ts.counts["distinct"] = len(all)
	r := rand.New(rand.NewPCG(7, 11))
	if n > 0 && n < len(all) {
		keep := r.Perm(len(all))[:n]
		slices.Sort(keep) // corpus order, as a store ingests documents
		sample := make([]string, n)
		for i, k := range keep {
			sample[i] = all[k]
			ts.counts["kept_"+kinds[k]]++
		}
		all = sample
	}
	ts.base = all
	r.Shuffle(len(questions), func(i, j int) { questions[i], questions[j] = questions[j], questions[i] })
	qseen := map[string]bool{}
	for _, s := range questions {
		if len(ts.queries) == q {
			break
		}
		if s == "" || seen[s] || qseen[s] { // seen: any distinct passage, kept or not
			ts.counts["questions_skipped"]++
			continue
		}
		qseen[s] = true
		ts.queries = append(ts.queries, s)
		if isHangulText(s) {
			ts.counts["queries_ko"]++
		} else {
			ts.counts["queries_en"]++
		}
	}
	return ts, nil
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func isHangulText(s string) bool {
	for _, r := range s {
		if r >= 0xAC00 && r <= 0xD7A3 {
			return true
		}
	}
	return false
}

// textEmbedder builds the --embedder, training word vectors on the
// paragraphs the way seogo's facade does for `seogo eval --embedder wordvec`
// (trainWordVectors: morph tokens, epochs and min-count from the corpus
// size, SIF fitted on the training texts, joined to 1024 hashed bigrams at
// semantic weight 0.2), except that one worker trains, so the vectors are
// the same on every run.
func textEmbedder(ctx context.Context, kind string, paragraphs []string) (embed.Embedder, string, error) {
	bigrams := func() (embed.Embedder, error) {
		an, err := analysis.New("bigram")
		if err != nil {
			return nil, err
		}
		return embed.NewHash(an, embed.DefaultHashDim)
	}
	if kind == "hash" {
		h, err := bigrams()
		return h, "", err
	}
	if kind != "wordvec" && kind != "sif" {
		return nil, "", fmt.Errorf("unknown --embedder %q: wordvec, sif or hash", kind)
	}
	tok, err := analysis.New("morph")
	if err != nil {
		return nil, "", err
	}
	t0 := time.Now()
	sents := make([][]string, 0, len(paragraphs))
	tokens := 0
	for _, p := range paragraphs {
		if toks := tok.Analyze(p); len(toks) > 0 {
			sents = append(sents, toks)
			tokens += len(toks)
		}
	}
	opt := wordvec.Options{Seed: 1, Workers: 1, Epochs: min(20, max(5, 2_000_000/max(tokens, 1)))}
	if tokens < 1_000_000 {
		opt.MinCount = 2
	}
	m, err := wordvec.Train(ctx, sents, opt)
	if err != nil {
		return nil, "", err
	}
	sif := wordvec.NewSIF("wordvec:bench", m, tok, 0, nil)
	if err := sif.Fit(ctx, paragraphs); err != nil {
		return nil, "", err
	}
	desc := fmt.Sprintf("trained word vectors on %d paragraphs (%d morph tokens, %d epochs, vocab %d, dim %d) in %.1fs",
		len(sents), tokens, opt.Epochs, m.Len(), m.Dim(), time.Since(t0).Seconds())
	if kind == "sif" {
		return sif, desc, nil
	}
	h, err := bigrams()
	if err != nil {
		return nil, "", err
	}
	c, err := wordvec.NewConcat("wordvec:bench", []embed.Embedder{sif, h}, []float64{0.2, 1})
	return c, desc, err
}

// textDataset returns the base and query vectors of dataset (b), from the
// cache when an earlier run made them from the same inputs.
func textDataset(n, q int) (base, queries [][]float32) {
	t0 := time.Now()
	ts, err := loadText(*flagTestdata, n, q)
	if err != nil {
		fatal(err)
	}
	note("text dataset: %d base texts, %d queries, composition %v (%v)", len(ts.base), len(ts.queries), ts.counts, time.Since(t0).Round(time.Millisecond))
	if *flagTextInfo {
		return nil, nil
	}
	h := sha256.New()
	for _, part := range [][]string{{textVersion, *flagEmbedder, "seed=1", "workers=1"}, ts.paragraphs, {"\x00base"}, ts.base, {"\x00queries"}, ts.queries} {
		for _, s := range part {
			fmt.Fprintf(h, "%d:%s", len(s), s)
		}
	}
	dir := *flagTmp
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("seogo-bench-text-%s-%s.f32", *flagEmbedder, hex.EncodeToString(h.Sum(nil))[:16]))
	if *flagCache {
		if vecs, err := readVectors(path, len(ts.base)+len(ts.queries)); err == nil {
			note("text dataset: vectors from cache %s", path)
			checkUnit(vecs)
			return vecs[:len(ts.base)], vecs[len(ts.base):]
		} else if !errors.Is(err, os.ErrNotExist) {
			note("text dataset: cache %s unusable (%v): embedding again", path, err)
		}
	}
	ctx := context.Background()
	emb, desc, err := textEmbedder(ctx, *flagEmbedder, ts.paragraphs)
	if err != nil {
		fatal(err)
	}
	if desc != "" {
		note("text dataset: %s", desc)
	}
	t0 = time.Now()
	vecs, err := embedAll(ctx, emb, append(slices.Clip(ts.base), ts.queries...))
	if err != nil {
		fatal(err)
	}
	note("text dataset: embedded %d texts with %s (dim %d) in %.1fs on 2 goroutines", len(vecs), emb.Name(), emb.Dim(), time.Since(t0).Seconds())
	checkUnit(vecs)
	if *flagCache {
		if err := writeVectors(path, vecs); err != nil {
			note("text dataset: cannot cache vectors: %v", err)
		} else {
			note("text dataset: vectors cached in %s", path)
		}
	}
	return vecs[:len(ts.base)], vecs[len(ts.base):]
}

// tiedTruth is the exact top 10 of q and every further point that scores
// as high as the 10th (within 1e-6): texts that differ only in what the
// analyzer drops have the same vector, and a search that returns either of
// two tied points is right (ann-benchmarks counts recall the same way).
func tiedTruth(flat *vector.Flat, q []float32) []uint32 {
	hits, _ := flat.Search(q, 32, nil)
	if len(hits) >= 10 {
		sim1, sim10 = append(sim1, float64(hits[0].Score)), append(sim10, float64(hits[9].Score))
	}
	var out []uint32
	for i, h := range hits {
		if i >= 10 && h.Score < hits[9].Score-1e-6 {
			break
		}
		out = append(out, h.Key)
	}
	return out
}

var sim1, sim10 []float64 // the queries' 1st and 10th exact similarities

// noteTruth prints how the exact answers look: the median similarity of
// the 1st and 10th neighbour (a small gap: many near-equidistant points)
// and how concentrated they are (the same passages in many queries' top 10).
func noteTruth(truth [][]uint32) {
	med := func(x []float64) float64 { x = slices.Clone(x); slices.Sort(x); return x[len(x)/2] }
	freq := map[uint32]int{}
	most := 0
	for _, t := range truth {
		for _, k := range t {
			freq[k]++
			most = max(most, freq[k])
		}
	}
	if len(sim1) > 0 {
		note("text dataset: exact neighbours: median cosine 1st %.3f, 10th %.3f; %d distinct points in %d top-10 lists, the most frequent in %d",
			med(sim1), med(sim10), len(freq), len(truth), most)
	}
}

// embedAll embeds texts in batches on two goroutines.
func embedAll(ctx context.Context, emb embed.Embedder, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	const batch = 512
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for g := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g * batch; i < len(texts); i += 2 * batch {
				vs, err := emb.Embed(ctx, texts[i:min(i+batch, len(texts))])
				if err != nil {
					errs[g] = err
					return
				}
				copy(out[i:], vs)
			}
		}()
	}
	wg.Wait()
	return out, errors.Join(errs...)
}

// checkUnit reports vectors that are not unit length (an embedder gives the
// zero vector to a text without a known token) and normalises the rest; it
// also counts vectors equal to an earlier one (texts that differ only in
// what the analyzer drops).
func checkUnit(vecs [][]float32) {
	zero, fixed := 0, 0
	same := map[[32]byte]bool{}
	dups := 0
	for i, v := range vecs {
		b := make([]byte, 0, 4*len(v))
		for _, x := range v {
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(x))
		}
		if k := sha256.Sum256(b); same[k] {
			dups++
		} else {
			same[k] = true
		}
		var ss float64
		for _, x := range v {
			ss += float64(x) * float64(x)
		}
		switch {
		case ss == 0:
			zero++
			note("text dataset: vector %d is zero", i)
		case math.Abs(ss-1) > 1e-3:
			fixed++
			vector.Normalize(v)
		}
	}
	note("text dataset: %d zero vectors, %d renormalised, %d equal to an earlier vector", zero, fixed, dups)
}

// The cache file: count and dimension (uint32 little-endian), then the
// vectors' float32 bits, then a SHA-256 of everything before it.
func writeVectors(path string, vecs [][]float32) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	h := sha256.New()
	w := bufio.NewWriterSize(io.MultiWriter(f, h), 1<<20)
	hdr := binary.LittleEndian.AppendUint32(binary.LittleEndian.AppendUint32(nil, uint32(len(vecs))), uint32(len(vecs[0])))
	w.Write(hdr)
	buf := make([]byte, 4*len(vecs[0]))
	for _, v := range vecs {
		for j, x := range v {
			binary.LittleEndian.PutUint32(buf[4*j:], math.Float32bits(x))
		}
		w.Write(buf)
	}
	err = w.Flush()
	if err == nil {
		_, err = f.Write(h.Sum(nil))
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

func readVectors(path string, want int) ([][]float32, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) < 8+sha256.Size {
		return nil, errors.New("short file")
	}
	body := b[:len(b)-sha256.Size]
	if sum := sha256.Sum256(body); string(sum[:]) != string(b[len(body):]) {
		return nil, errors.New("checksum mismatch")
	}
	n, dim := int(binary.LittleEndian.Uint32(body)), int(binary.LittleEndian.Uint32(body[4:]))
	if n != want || dim == 0 || len(body) != 8+4*n*dim {
		return nil, fmt.Errorf("%d×%d vectors, want %d", n, dim, want)
	}
	flat := make([]float32, n*dim)
	for i := range flat {
		flat[i] = math.Float32frombits(binary.LittleEndian.Uint32(body[8+4*i:]))
	}
	out := make([][]float32, n)
	for i := range out {
		out[i] = flat[i*dim : (i+1)*dim : (i+1)*dim]
	}
	return out, nil
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}
