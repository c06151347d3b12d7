package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/seogo/seogo"
)

// indexCommand is `seogo index stats|rebuild [COLLECTION]`: the vector
// index's kind, parameters, memory and measured recall, and a forced rebuild.
func (a *app) indexCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "index",
		Short: "Show or rebuild a collection's vector index",
		Args:  args(cobra.NoArgs),
	}
	stats := &cobra.Command{
		Use: "stats [COLLECTION]", Short: "Show the vector index: kind, parameters, memory, recall@10",
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
		Args: args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, as []string) error {
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				st, err := e.RebuildIndex(cmd.Context(), firstArg(as))
				if err != nil {
					return err
				}
				return a.printIndexStats(st)
			})
		},
	}
	cmd.AddCommand(stats, rebuild)
	return cmd
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
	row := func(k string, v any) { fmt.Fprintf(tw, "%s\t%v\n", k, v) }
	row("collection", st.Collection)
	row("kind", st.Kind)
	row("vectors", st.Vectors)
	row("dim", st.Dim)
	if st.Kind == "hnsw" {
		row("M / efConstruction / efSearch", fmt.Sprintf("%d / %d / %d", st.M, st.EfConstruct, st.EfSearch))
		row("quantization", st.Quantization)
		row("tombstones", st.Tombstones)
		row("graph", fmt.Sprintf("%.1f MB (%.0f B/vector)", float64(st.GraphBytes)/1e6, perVector(st.GraphBytes, st.Vectors)))
		row("from snapshot", st.FromSnapshot)
		if st.BuildTime > 0 {
			row("build time", st.BuildTime.Round(1e6))
		}
	} else {
		row("hnsw from", fmt.Sprintf("%d vectors", st.Threshold))
	}
	row("vectors in memory", fmt.Sprintf("%.1f MB", float64(st.VectorBytes)/1e6))
	row("recall@10 (estimated)", fmt.Sprintf("%.3f", st.Recall10))
	return tw.Flush()
}

func perVector(b int64, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(b) / float64(n)
}
