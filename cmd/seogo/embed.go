package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/embed/wordvec"
	"github.com/seogo/seogo/i18n"
)

// Lines of `seogo embed`, in Korean and English (kept here, beside the only
// command that prints them, until the lead merges them into messages.go).
var (
	msgEmbedTrained = i18n.Text{Ko: "단어 벡터 %q 를 학습했습니다: 단어 %d개, %d차원, 텍스트 %d개, 초당 %.0f단어, 손실 %s — 임베더 %s (%s)",
		En: "trained word vectors %q: %d words, %d dims, %d texts, %.0f words/s, loss %s — embedder %s (%s)"}
	msgEmbedImported = i18n.Text{Ko: "%s 파일을 %q 로 가져왔습니다: 단어 %d개, %d차원 — 임베더 %s",
		En: "imported %s file as %q: %d words, %d dims — embedder %s"}
	msgEmbedNext = i18n.Text{Ko: "컬렉션을 옮기려면: seogo reembed --embedder %s", En: "to move a collection to it: seogo reembed --embedder %s"}
)

func (a *app) embedCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "embed",
		Short: "Word vectors learned offline: train on a collection, import vector files, query similar words",
		Long: `Word vectors need no API key and no download. "embed train" learns them from a
collection's own text (skip-gram or CBOW with negative sampling and subword n-grams,
so unseen Korean forms such as a noun with a new particle still get vectors);
"embed import" registers a word2vec (text or binary), GloVe or fastText .vec file.
Either becomes the embedder wordvec:NAME for ingest, search and seogo reembed.`,
		Example: `  seogo embed train -c docs
  seogo embed import cc.ko.300.vec --name ko300 --limit 200000
  seogo embed similar 강아지 --k 5
  seogo eval testdata/korquad/KorQuAD_v1.0_dev.json --embedder wordvec`,
	}
	cmd.AddCommand(a.embedTrainCommand(), a.embedImportCommand(), a.embedSimilarCommand())
	return cmd
}

func (a *app) embedTrainCommand() *cobra.Command {
	var opt seogo.WordVecOptions
	var quiet bool
	cmd := &cobra.Command{
		Use:   "train",
		Short: "Train word vectors on the collection's text",
		Args:  args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				var bar *progress
				if !quiet && !a.jsonOut {
					bar = newProgress(a.stderr, "train")
					opt.Train.Progress = func(p wordvec.Progress) {
						bar.label = fmt.Sprintf("train %d/%d %.0f w/s loss %.3f", p.Epoch, p.Epochs, p.WordsPerSec, p.Loss)
						bar.update(int(p.Words), int(p.Total), 0, "")
					}
				}
				sum, err := e.TrainWordVectors(cmd.Context(), opt)
				if bar != nil {
					bar.finish()
				}
				if err != nil {
					return err
				}
				if a.jsonOut {
					a.printJSON(sum)
					return nil
				}
				loss := make([]string, len(sum.Stats.EpochLoss))
				for i, l := range sum.Stats.EpochLoss {
					loss[i] = fmt.Sprintf("%.3f", l)
				}
				a.println(msgEmbedTrained.In(a.lang, sum.Name, sum.Words, sum.Dim, sum.Texts, sum.Stats.WordsPerSec,
					strings.Join(loss, "→"), sum.Embedder, sum.Path))
				a.println(msgEmbedNext.In(a.lang, sum.Embedder))
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&opt.Name, "name", "", "model name (default: the collection's)")
	f.StringVar(&opt.Tokenizer, "tokens", "", "tokens to learn: morph, eojeol, bigram or combined (default "+seogo.DefaultWordVecTokenizer+")")
	f.BoolVar(&opt.Train.CBOW, "cbow", false, "train CBOW instead of skip-gram")
	f.IntVar(&opt.Train.Dim, "dim", 100, "vector dimension")
	f.IntVar(&opt.Train.Window, "window", 5, "context window")
	f.IntVar(&opt.Train.Negative, "negative", 5, "negative samples")
	f.IntVar(&opt.Train.Epochs, "epochs", 0, "passes over the corpus (default: 5_000_000 / tokens, between 5 and 40)")
	f.IntVar(&opt.Train.MinCount, "min-count", 0, "drop rarer words (default 5; 2 under a million tokens)")
	f.Float64Var(&opt.Train.Sample, "sample", 1e-3, "subsampling threshold of frequent words")
	f.IntVar(&opt.Train.Buckets, "buckets", wordvec.DefaultBuckets, "subword n-gram buckets (negative: no subwords)")
	f.IntVar(&opt.Train.Workers, "threads", 0, "training goroutines (default: CPUs; 1 with --seed is reproducible)")
	f.Uint64Var(&opt.Train.Seed, "seed", 1, "random seed")
	f.BoolVar(&opt.NoLexical, "no-lexical", false, "sentence vectors from word vectors only, without hashed bigrams")
	f.BoolVar(&opt.Replace, "replace", false, "retrain a model that collections use, then re-embed them")
	f.BoolVar(&opt.NoDocVectors, "no-doc-vectors", false, "sentence vectors without the document vectors inferred through the output layer (PV-DBOW)")
	f.BoolVarP(&quiet, "quiet", "q", false, "no progress output")
	return cmd
}

func (a *app) embedImportCommand() *cobra.Command {
	var name string
	var limit int
	cmd := &cobra.Command{
		Use:     "import FILE",
		Short:   "Register a word2vec, GloVe or fastText vector file as an embedder",
		Example: "  seogo embed import glove.6B.100d.txt --name glove100",
		Args:    args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, as []string) error {
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				sum, err := e.ImportWordVectors(cmd.Context(), as[0], name, limit)
				if err != nil {
					return err
				}
				if a.jsonOut {
					a.printJSON(sum)
					return nil
				}
				a.println(msgEmbedImported.In(a.lang, sum.Format, sum.Name, sum.Words, sum.Dim, sum.Embedder))
				a.println(msgEmbedNext.In(a.lang, sum.Embedder))
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "model name (default: the file name without extension)")
	cmd.Flags().IntVar(&limit, "limit", 0, "keep only the first N words (files are sorted by frequency)")
	return cmd
}

func (a *app) embedSimilarCommand() *cobra.Command {
	var name string
	var k int
	cmd := &cobra.Command{
		Use:     "similar WORD...",
		Short:   "Words closest to WORD (several words: to their mean; -WORD subtracts)",
		Example: "  seogo embed similar 강아지 --k 5\n  seogo embed similar 여왕 남자 -- -여자",
		Args:    args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, as []string) error {
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				var pos, neg []string
				for _, w := range as {
					if n, ok := strings.CutPrefix(w, "-"); ok && n != "" {
						neg = append(neg, n)
					} else {
						pos = append(pos, w)
					}
				}
				res, err := e.SimilarWords(cmd.Context(), name, pos, neg, k)
				if err != nil {
					return err
				}
				if a.jsonOut {
					if res == nil {
						res = []wordvec.Scored{}
					}
					a.printJSON(res)
					return nil
				}
				for _, s := range res {
					fmt.Fprintf(a.stdout, "%.4f\t%s\n", s.Score, s.Word)
				}
				return nil
			})
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "model name (default: the collection's)")
	cmd.Flags().IntVar(&k, "k", 10, "how many words")
	return cmd
}
