package seogo

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/seogo/seogo/analysis"
	"github.com/seogo/seogo/embed"
	"github.com/seogo/seogo/embed/wordvec"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/store"
)

// Embedder families of word vectors: "wordvec:NAME" is a model trained
// (seogo embed train) or imported (seogo embed import) into the data
// directory; "vectors:FILE" reads a word2vec/GloVe/fastText file directly.
// A bare "wordvec" asks `seogo eval` to train on the dataset first.
const (
	wordvecEmbedder = "wordvec"
	vectorsEmbedder = "vectors"
)

// DefaultWordVecTokenizer is the analyzer whose tokens word vectors are
// trained on: see the README's table for the alternatives measured.
const DefaultWordVecTokenizer = "morph"

// The sentence vectors of a trained model join SIF word vectors to the
// built-in hashed bigram features: measured on KorQuAD 1.0 dev (brute force,
// morph tokens, 20 epochs, since every subword row takes the whole
// gradient), SIF alone reaches R@1 .245, hashing alone .780, both at
// semantic weight 0.2 .794 (0.3: .796, 0.5: .766). Averaged word
// vectors from a 100k-word corpus blur the rare words that tell same-topic
// passages apart; they help as a correction, not as the main signal.
//
// A third part, document vectors inferred through the output layer
// (wordvec.DocVec, PV-DBOW), weighs wordvecDocWeight (≈29% of the cosine):
// with 37 epochs (the rule below for a 134k-token corpus) semantic R@1 goes
// from .798 to .815 (MRR .862 → .878); at weight 1.5 it falls to .767, and
// alone it reaches only .634. It needs the extra passes: at 14 epochs the
// output layer is too raw (R@1 .768 with it, .794 without).
const (
	wordvecLexical        = "bigram"
	wordvecLexicalDim     = 1024
	wordvecSemanticWeight = 0.2
	wordvecDocWeight      = 0.65
)

// The vector side of hybrid search leaves the hashed bigrams out of the
// query (BM25 already scores those words; counted twice, the vector ranking
// echoes BM25 instead of correcting it) and weighs SIF : DocVec cosines
// 1 : 2. KorQuAD dev, deterministic training, hybrid convex at vector share
// 0.1, keyword alone R@1 .9205 / MRR .9521: with the bigrams .9193 / .9514;
// without, SIF : DocVec 1:1 .9209 / .9524, 1:2 .9214 / .9526, 1:3 .9212,
// 2:1 .9209, DocVec alone .9210, SIF alone .9195; 1:2 at share 0.05 and
// 0.15 .9207, at 0.2 .9195 (with the bigrams .9176).
const (
	wordvecHybridSIFShare = 1
	wordvecHybridDocShare = 2
)

// WordVecOptions tune training word vectors on a collection.
type WordVecOptions struct {
	Collection string // default: the configured collection
	Name       string // model name (default: the collection's name)
	// Tokenizer is an analyzer (morph, bigram, combined) or eojeol
	// (whitespace words; subwords cover the particles); default
	// DefaultWordVecTokenizer.
	Tokenizer string
	// Train tunes training; zero Epochs and MinCount adapt to the corpus
	// (small corpora need more passes and keep rarer words).
	Train wordvec.Options
	// NoLexical leaves the hashed bigram part out of the sentence vectors.
	NoLexical bool
	// NoDocVectors leaves the inferred document vectors (DocVec) out.
	NoDocVectors bool
	// Replace retrains a model that collections already use and then
	// re-embeds them; without it such a model is refused, because its
	// collections would keep vectors of the old model while queries get
	// the new one's.
	Replace bool
}

// WordVecSummary reports a trained or imported model.
type WordVecSummary struct {
	Name     string         `json:"name"`
	Embedder string         `json:"embedder"` // what --embedder takes
	Dim      int            `json:"dim"`
	Words    int            `json:"words"`
	Texts    int            `json:"texts,omitempty"`
	Stats    *wordvec.Stats `json:"stats,omitempty"`
	Format   string         `json:"format,omitempty"`
	Path     string         `json:"path"`
	// Reembedded lists the collections moved to the retrained model
	// (WordVecOptions.Replace).
	Reembedded []string `json:"reembedded,omitempty"`
}

func (e *Engine) embeddersDir() string { return filepath.Join(e.cfg.DataDir, "embedders") }

// TrainWordVectors trains word vectors on the texts of a collection's chunks
// and stores them as the embedder "wordvec:NAME"; `seogo reembed --embedder
// wordvec:NAME` then moves the collection to them.
func (e *Engine) TrainWordVectors(ctx context.Context, opt WordVecOptions) (*WordVecSummary, error) {
	coll := e.collName(opt.Collection)
	st, ok := e.store.(store.Reembedder)
	if !ok {
		return nil, i18n.Errorf("이 저장소는 청크를 차례로 읽을 수 없습니다", "this store cannot list a collection's chunks")
	}
	if _, err := e.store.GetCollection(ctx, coll); err != nil {
		return nil, notFoundCollection(coll, err)
	}
	var texts []string
	for after := int64(0); ; {
		page, err := st.ChunksAfter(ctx, coll, after, 1024)
		if err != nil {
			return nil, err
		}
		if len(page) == 0 {
			break
		}
		for _, c := range page {
			texts = append(texts, c.Chunk.Text)
		}
		after = page[len(page)-1].Key
	}
	if opt.Name == "" {
		opt.Name = coll
	}
	users, err := e.modelUsers(ctx, opt.Name, opt.Replace)
	if err != nil {
		return nil, err
	}
	sum, err := trainWordVectors(ctx, e.embeddersDir(), texts, opt)
	if err != nil {
		return nil, err
	}
	for _, c := range users {
		if _, err := e.Reembed(ctx, ReembedOptions{Collection: c, Embedder: sum.Embedder, Force: true}); err != nil {
			return sum, i18n.Errorf("모델은 다시 학습했지만 컬렉션 %q 를 다시 임베딩하지 못했습니다(seogo reembed --force 로 다시 하세요): %w",
				"the model was retrained but re-embedding collection %q failed (run seogo reembed --force): %w", c, err)
		}
		sum.Reembedded = append(sum.Reembedded, c)
	}
	return sum, nil
}

// modelUsers lists the collections whose vectors come from model name, and
// refuses (unless replace) to let a new model take that name: the
// collections would keep the old model's vectors while queries got the new
// one's, and a plain reembed to the same name changes nothing.
func (e *Engine) modelUsers(ctx context.Context, name string, replace bool) ([]string, error) {
	colls, err := e.store.ListCollections(ctx)
	if err != nil {
		return nil, err
	}
	var users []string
	for _, c := range colls {
		if c.Embedder == wordvecEmbedder+":"+name {
			users = append(users, c.Name)
		}
	}
	if len(users) > 0 && !replace {
		return nil, i18n.Errorf("모델 %q 는 컬렉션 %s 가 쓰고 있습니다: 같은 이름으로 바꾸면 그 벡터가 옛 모델의 것으로 남습니다. 다른 --name 을 준 뒤 seogo reembed 하거나, embed train --replace 로 다시 학습하고 그 컬렉션들을 다시 임베딩하세요",
			"model %q is used by collection(s) %s: replacing it under the same name would leave their vectors from the old model. Give another --name and run seogo reembed, or retrain with embed train --replace, which re-embeds them",
			name, strings.Join(users, ", "))
	}
	return users, nil
}

// embedderVersion tells two models of one name apart: a trained or imported
// word-vector model by when it was saved; anything else by now (a forced
// re-embed of an API embedder then never resumes another run's vectors).
func (e *Engine) embedderVersion(name string) string {
	if prov, model, err := parseEmbedder(name); err == nil && prov == wordvecEmbedder && model != "" {
		var meta wordvec.Meta
		if b, err := os.ReadFile(filepath.Join(e.embeddersDir(), model+".json")); err == nil && json.Unmarshal(b, &meta) == nil {
			return strconv.FormatInt(meta.Created.UnixNano(), 36)
		}
	}
	return strconv.FormatInt(time.Now().UnixNano(), 36)
}

// trainWordVectors trains on texts and saves the model under dir; eval uses
// it without an engine.
func trainWordVectors(ctx context.Context, dir string, texts []string, opt WordVecOptions) (*WordVecSummary, error) {
	if !validName(opt.Name) {
		return nil, i18n.Errorf("모델 이름 %q 를 쓸 수 없습니다: 글자, 숫자, -, _, . 만 쓰세요", "model name %q is not valid: use letters, digits, '-', '_' or '.'", opt.Name)
	}
	tok, err := wordvecTokenizer(orDefault(opt.Tokenizer, DefaultWordVecTokenizer))
	if err != nil {
		return nil, err
	}
	sents := make([][]string, 0, len(texts))
	for _, t := range texts {
		if toks := tok.Analyze(t); len(toks) > 0 {
			sents = append(sents, toks)
		}
	}
	tokens := 0
	for _, s := range sents {
		tokens += len(s)
	}
	if opt.Train.Epochs == 0 {
		// Small corpora need many passes: the output layer that DocVec
		// infers through is trained only where a word occurs.
		opt.Train.Epochs = min(40, max(5, 5_000_000/max(tokens, 1)))
	}

	if opt.Train.MinCount == 0 && tokens < 1_000_000 {
		opt.Train.MinCount = 2
	}
	m, err := wordvec.Train(ctx, sents, opt.Train)
	if err != nil {
		return nil, err
	}
	sif := wordvec.NewSIF(wordvecEmbedder+":"+opt.Name, m, tok, 0, nil)
	if err := sif.Fit(ctx, texts); err != nil {
		return nil, err
	}
	o := opt.Train
	meta := wordvec.Meta{Name: opt.Name, Tokenizer: tok.Name(), SIFA: sif.A(), PC: sif.PC(), Options: &o}
	if !opt.NoLexical {
		meta.Lexical, meta.LexicalDim, meta.SemanticWeight = wordvecLexical, wordvecLexicalDim, wordvecSemanticWeight
	}
	if !opt.NoDocVectors {
		meta.DocWeight = wordvecDocWeight
	}
	if err := wordvec.Save(dir, m, meta); err != nil {
		return nil, err
	}
	return &WordVecSummary{Name: opt.Name, Embedder: sif.Name(), Dim: m.Dim(), Words: m.Len(), Texts: len(texts),
		Stats: m.Stats, Path: filepath.Join(dir, opt.Name+".vec")}, nil
}

// ImportWordVectors registers a word2vec (text or binary), GloVe or fastText
// .vec file as the embedder "wordvec:NAME". The file is read once to check
// it and stays where it is; limit keeps only its first words (0: all).
func (e *Engine) ImportWordVectors(ctx context.Context, path, name string, limit int) (*WordVecSummary, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(abs), filepath.Ext(abs))
	}
	if !validName(name) {
		return nil, i18n.Errorf("모델 이름 %q 를 쓸 수 없습니다: --name 으로 글자, 숫자, -, _, . 만 쓴 이름을 주세요",
			"model name %q is not valid: give --name with letters, digits, '-', '_' or '.'", name)
	}
	if _, err := e.modelUsers(ctx, name, false); err != nil {
		return nil, err
	}
	m, format, err := readVectorFile(ctx, abs, limit)
	if err != nil {
		return nil, err
	}
	meta := wordvec.Meta{Name: name, Tokenizer: wordvec.Eojeol{}.Name(), SIFA: wordvec.DefaultSIFA,
		Source: abs, Format: format.String(), Limit: limit}
	if err := wordvec.Save(e.embeddersDir(), m, meta); err != nil {
		return nil, err
	}
	return &WordVecSummary{Name: name, Embedder: wordvecEmbedder + ":" + name, Dim: m.Dim(), Words: m.Len(),
		Format: format.String(), Path: abs}, nil
}

// SimilarWords returns the k words closest to the positive words minus the
// negative ones in model name (default: the collection's name).
func (e *Engine) SimilarWords(ctx context.Context, name string, positive, negative []string, k int) ([]wordvec.Scored, error) {
	m, _, err := wordvec.Load(e.embeddersDir(), orDefault(name, e.cfg.Collection))
	if err != nil {
		return nil, missingModel(orDefault(name, e.cfg.Collection), err)
	}
	return m.MostSimilar(positive, negative, k)
}

func readVectorFile(ctx context.Context, path string, limit int) (*wordvec.Model, wordvec.Format, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	m, format, err := wordvec.Read(ctxReader{ctx, f}, wordvec.ReadOptions{Limit: limit})
	if err != nil {
		return nil, format, i18n.Errorf("벡터 파일 %s 를 읽을 수 없습니다: %w", "cannot read vector file %s: %w", path, err)
	}
	return m, format, nil
}

// ctxReader stops a long load when ctx is cancelled.
type ctxReader struct {
	ctx context.Context
	f   *os.File
}

func (r ctxReader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	return r.f.Read(p)
}

func missingModel(name string, err error) error {
	if os.IsNotExist(err) {
		return i18n.Errorf("단어 벡터 모델 %q 가 없습니다: seogo embed train 으로 학습하거나 seogo embed import 로 가져오세요",
			"no word vector model %q: train one with `seogo embed train` or import a file with `seogo embed import`: %w", name, err)
	}
	return err
}

// wordvecTokenizer returns the tokenizer a model's words come from.
func wordvecTokenizer(name string) (wordvec.Tokenizer, error) {
	if name == (wordvec.Eojeol{}).Name() {
		return wordvec.Eojeol{}, nil
	}
	return analysis.New(name)
}

// wordvecIdentity is the name and dimension a word-vector embedder setting
// records, from the model's meta alone (vectors are not loaded).
func (e *Engine) wordvecIdentity(prov, model string) (string, int, error) {
	if prov == vectorsEmbedder {
		abs, err := filepath.Abs(model)
		return vectorsEmbedder + ":" + abs, 0, err
	}
	if model == "" {
		return "", 0, errNeedModelName()
	}
	return wordvecEmbedder + ":" + model, 0, nil
}

// newWordvecEmbedder loads the vectors a setting names into a SIF embedder.
func (e *Engine) newWordvecEmbedder(ctx context.Context, prov, model string) (embed.Embedder, error) {
	if prov == vectorsEmbedder {
		abs, err := filepath.Abs(model)
		if err != nil {
			return nil, err
		}
		m, _, err := readVectorFile(ctx, abs, 0)
		if err != nil {
			return nil, err
		}
		return wordvec.NewSIF(vectorsEmbedder+":"+abs, m, wordvec.Eojeol{}, 0, nil), nil
	}
	if model == "" {
		return nil, errNeedModelName()
	}
	m, meta, err := wordvec.Load(e.embeddersDir(), model)
	if err != nil {
		return nil, missingModel(model, err)
	}
	tok, err := wordvecTokenizer(meta.Tokenizer)
	if err != nil {
		return nil, err
	}
	name := wordvecEmbedder + ":" + model
	sif := wordvec.NewSIF(name, m, tok, meta.SIFA, meta.PC)
	parts, weights := []embed.Embedder{sif}, []float64{1}
	if meta.Lexical != "" {
		an, err := analysis.New(meta.Lexical)
		if err != nil {
			return nil, err
		}
		h, err := embed.NewHash(an, meta.LexicalDim)
		if err != nil {
			return nil, err
		}
		parts, weights = append(parts, h), []float64{meta.SemanticWeight, 1}
	}
	if meta.DocWeight > 0 && m.HasOutput() {
		parts, weights = append(parts, wordvec.NewDocVec(name, m, tok, 0)), append(weights, meta.DocWeight)
	}
	if len(parts) == 1 {
		return sif, nil
	}
	c, err := wordvec.NewConcat(name, parts, weights)
	if err != nil || meta.Lexical == "" {
		return c, err
	}
	// A part's cosine counts weight² in a stored vector, so the query scales
	// each part by share/weight² to make the shares exact; the lexical part
	// (index 1) gets 0.
	hw := []float64{wordvecHybridSIFShare / (weights[0] * weights[0]), 0}
	if len(weights) == 3 {
		hw = append(hw, wordvecHybridDocShare/(weights[2]*weights[2]))
	}
	return c, c.SetHybridWeights(hw)
}

func errNeedModelName() error {
	return i18n.Errorf("wordvec 임베더에는 모델 이름이 필요합니다: wordvec:이름 (seogo embed train 이 만든 모델)",
		"the wordvec embedder needs a model name: wordvec:NAME (a model made by `seogo embed train`)")
}
