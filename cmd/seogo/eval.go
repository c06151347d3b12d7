package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/seogo/seogo"
)

func (a *app) evalCommand() *cobra.Command {
	var modes []string
	var limit int
	var answers bool
	cmd := &cobra.Command{
		Use:   "eval DATASET",
		Short: "Measure retrieval and answer quality on a labelled dataset",
		Long: `Eval reads a SQuAD/KorQuAD JSON file (each paragraph is a document, each question's
gold is its paragraph) or a BEIR folder (corpus.jsonl, queries.jsonl, qrels/test.tsv),
ingests the corpus into a temporary store (your data directory is not touched), runs
every query in each mode and prints recall@1/3/5/10, MRR@10, nDCG@10 and queries/s.
For SQuAD-style sets it also scores the extractive answers (contains gold, token F1).`,
		Example: `  seogo eval testdata/korquad/KorQuAD_v1.0_dev.json
  seogo eval testdata/xquad/xquad.en.json --mode keyword --json
  seogo eval ./scifact --analyzer combined`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, as []string) error {
			ds, err := seogo.LoadDataset(as[0])
			if err != nil {
				return err
			}
			opt := seogo.EvalOptions{Modes: modes, Answers: answers, MaxQueries: limit}
			var bar *progress
			if !a.jsonOut {
				bar = newProgress(a.stderr, "eval")
				opt.Progress = func(stage string, done, total int) {
					bar.label = "eval " + stage
					bar.update(done, total, 0, "")
				}
			}
			rep, err := seogo.Evaluate(cmd.Context(), a.cfg, ds, opt)
			if bar != nil {
				bar.finish()
			}
			if err != nil {
				return err
			}
			if a.jsonOut {
				a.printJSON(rep)
				return nil
			}
			fmt.Fprintln(a.stdout, msgEvalHeader.In(a.lang, rep.Dataset, rep.Docs, rep.Chunks, rep.Queries,
				rep.Analyzer, rep.Embedder, rep.IngestSeconds))
			return rep.WriteTable(a.stdout)
		},
	}
	fl := cmd.Flags()
	fl.StringSliceVarP(&modes, "mode", "m", nil, "modes to run (default keyword,semantic,hybrid)")
	fl.IntVar(&limit, "limit", 0, "evaluate only the first N queries")
	fl.BoolVar(&answers, "answers", true, "score extractive answers on SQuAD-style sets")
	a.collectionFlags(cmd)
	return cmd
}
