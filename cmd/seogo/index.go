package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/i18n"
)

// indexCommand is `seogo index stats|rebuild|quantize [COLLECTION]`: the
// vector index's kind, parameters, memory and measured recall, a forced
// rebuild, and the choice of how a collection's graph holds its vectors.
func (a *app) indexCommand() *cobra.Command {
	var quiet bool
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Show, rebuild or quantize a collection's vector index",
		Long: `The embedded store searches a collection exactly below 10,000 vectors and through an
HNSW graph above, snapshotted beside the database. PostgreSQL indexes vectors itself.`,
		Args: args(cobra.NoArgs),
	}
	stats := &cobra.Command{
		Use: "stats [COLLECTION]", Short: "Show the vector index: kind, parameters, quantization, memory, recall@10",
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, as []string) error {
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				st, err := e.IndexStats(cmd.Context(), firstArg(as))
				if err != nil {
					return err
				}
				return a.printIndexStats(st)
			})
		},
	}
	rebuild := &cobra.Command{
		Use: "rebuild [COLLECTION]", Short: "Rebuild the vector index from the stored vectors and snapshot it",
		Long: `Rebuild builds the collection's HNSW graph again from the vectors in the store, ignoring its
snapshot, with the efConstruction that suits its size (100, 200 above 200,000 vectors): run it
when 'seogo index stats' says a rebuild would raise efConstruction.`,
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, as []string) error {
			bar := a.indexProgress(quiet, "rebuild")
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				st, err := e.RebuildIndex(cmd.Context(), firstArg(as))
				bar.finish()
				if err != nil {
					return err
				}
				return a.printIndexStats(st)
			})
		},
	}
	quantize := &cobra.Command{
		Use:   "quantize [COLLECTION] int8|float32",
		Short: "Choose how a collection's vector index holds its vectors, and rebuild it",
		Long: `Quantize sets how the collection's HNSW graph holds its vectors in memory and rebuilds it:
  int8     a quarter of the vector memory; the float32 vectors kept in the store re-rank the best
           candidates, so results stay those of float32
  float32  full precision in memory
The choice is kept with the collection and wins over the configured default for collections
that have not chosen (index.quantization, SEOGO_INDEX_QUANTIZATION). It applies once the
collection holds 10,000 vectors; below that search is exact.`,
		Example: "  seogo index quantize int8\n  seogo index quantize manuals float32",
		Args:    args(cobra.RangeArgs(1, 2)),
		RunE: func(cmd *cobra.Command, as []string) error {
			coll, quant := "", as[len(as)-1]
			if len(as) == 2 {
				coll = as[0]
			}
			if q := strings.ToLower(strings.TrimSpace(quant)); q != "int8" && q != "float32" {
				return usageError{i18n.Errorf("벡터 양자화 %q 는 알 수 없습니다: int8 이나 float32 를 쓰세요",
					"unknown vector quantization %q: use int8 or float32", quant)}
			}
			bar := a.indexProgress(quiet, "quantize")
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				st, err := e.QuantizeIndex(cmd.Context(), coll, quant)
				bar.finish()
				if err != nil {
					return err
				}
				if !a.jsonOut {
					fmt.Fprintln(a.stdout, msgQuantized.In(a.lang, st.Collection, st.Quantization))
					if st.Kind != "hnsw" {
						fmt.Fprintln(a.stdout, msgQuantizedFlat.In(a.lang, st.Threshold))
					}
				}
				return a.printIndexStats(st)
			})
		},
	}
	for _, c := range []*cobra.Command{rebuild, quantize} {
		c.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress output")
	}
	cmd.AddCommand(stats, rebuild, quantize)
	return cmd
}

// indexBar is the progress of a vector index rebuild; nil (quiet) is fine.
type indexBar struct{ p *progress }

func (b indexBar) finish() {
	if b.p != nil {
		b.p.finish()
	}
}

// indexProgress makes the store opened next report rebuild progress to a
// bar on stderr (plain lines when it is not a terminal), unless quiet.
func (a *app) indexProgress(quiet bool, label string) indexBar {
	if quiet || a.jsonOut {
		return indexBar{}
	}
	p := newProgress(a.stderr, label)
	a.cfg.Index.Progress = func(coll string, done, total int) { p.update(done, total, 0, coll) }
	return indexBar{p}
}

func firstArg(as []string) string {
	if len(as) == 0 {
		return ""
	}
	return as[0]
}

func (a *app) printIndexStats(st seogo.IndexStats) error {
	if a.jsonOut {
		a.printJSON(st)
		return nil
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	row := func(k i18n.Text, v any) { fmt.Fprintf(tw, "%s\t%v\n", k.In(a.lang), v) }
	row(msgIdxCollection, st.Collection)
	row(msgIdxKind, st.Kind)
	row(msgIdxVectors, st.Vectors)
	row(msgIdxDim, st.Dim)
	quant := msgIdxQuantDefault.In(a.lang, st.Quantization)
	if st.QuantChoice != "" {
		quant = msgIdxQuantChosen.In(a.lang, st.Quantization)
	}
	row(msgIdxQuant, quant)
	row(msgIdxQuantConfig, st.QuantDefault)
	if st.Kind == "hnsw" {
		params := fmt.Sprintf("%d / %d / %d", st.M, st.EfConstruct, st.EfSearch)
		if st.EfConstructFor > 0 {
			params += " " + msgIdxEfLow.In(a.lang, st.EfConstructFor)
		}
		row(msgIdxParams, params)
		row(msgIdxTombstones, st.Tombstones)
		row(msgIdxGraph, fmt.Sprintf("%.1f MB (%.0f B/vector)", float64(st.GraphBytes)/1e6, perVector(st.GraphBytes, st.Vectors)))
		row(msgIdxFromSnapshot, st.FromSnapshot)
		if st.BuildTime > 0 {
			row(msgIdxBuildTime, st.BuildTime.Round(1e6))
		}
	} else {
		row(msgIdxHNSWFrom, st.Threshold)
	}
	row(msgIdxMemory, fmt.Sprintf("%.1f MB", float64(st.VectorBytes)/1e6))
	row(msgIdxRecall, fmt.Sprintf("%.3f", st.Recall10))
	return tw.Flush()
}

func perVector(b int64, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(b) / float64(n)
}
