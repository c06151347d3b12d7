package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seogo/seogo"
)

func (a *app) searchCommand() *cobra.Command {
	var mode string
	var k int
	var explain bool
	var ff filterFlags
	cmd := &cobra.Command{
		Use:   "search QUERY",
		Short: "Rank passages for a query (keyword, semantic or hybrid)",
		Long: `Search ranks the collection's passages for QUERY. Modes: keyword (BM25 over the
analyzer's tokens; titles and headings boosted), semantic (cosine over vectors) and
hybrid (reciprocal rank fusion of both). The default, auto, is hybrid when the collection
has a semantic embedder and keyword with the built-in lexical one (see README). --explain
shows each hit's keyword score and rank, vector score and rank, and fused score.`,
		Example: `  seogo search "배송 상태 확인" --explain
  seogo search "refund policy" --mode keyword -k 3
  seogo search "연차 휴가" --path-prefix ./규정 --filter format=md`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, as []string) error {
			f, err := ff.filter()
			if err != nil {
				return err
			}
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				hits, err := e.Search(cmd.Context(), as[0], seogo.SearchOptions{Mode: mode, K: k, Filter: f})
				if err != nil {
					return err
				}
				if a.jsonOut {
					if hits == nil {
						hits = []seogo.Hit{}
					}
					used, err := e.SearchMode(cmd.Context(), seogo.SearchOptions{Mode: mode})
					if err != nil {
						return err
					}
					a.printJSON(map[string]any{"query": as[0], "mode": used, "hits": hits})
					return nil
				}
				a.printHits(hits, explain)
				return nil
			})
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&mode, "mode", "m", "", "auto, keyword, semantic or hybrid (default auto)")
	fl.IntVarP(&k, "top-k", "k", 0, "number of results (default 5)")
	fl.BoolVar(&explain, "explain", false, "show keyword, vector and fused scores and ranks")
	ff.register(cmd)
	return cmd
}

func (f *filterFlags) register(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.prefix, "path-prefix", "", "only documents whose path starts with this")
	fl.StringSliceVar(&f.docs, "doc", nil, "only these document IDs (repeatable)")
	fl.StringArrayVar(&f.meta, "filter", nil, "metadata key=value that documents must have (repeatable)")
}

func (a *app) printHits(hits []seogo.Hit, explain bool) {
	if len(hits) == 0 {
		a.println(msgNoHits.In(a.lang))
		return
	}
	for _, h := range hits {
		fmt.Fprintf(a.stdout, "%d. %s\n", h.Rank, location(h.Doc, h.Chunk))
		if explain {
			fmt.Fprintln(a.stdout, msgExplain.In(a.lang,
				h.Score, fmtSignal(h.Keyword), fmtSignal(h.Vector), h.Fused))
		}
		fmt.Fprintf(a.stdout, "   %s\n", snippet(h.Chunk.Text, 160))
	}
}

func fmtSignal(s seogo.Signal) string {
	if s.Rank == 0 {
		return "—"
	}
	return fmt.Sprintf("%.4f (#%d)", s.Score, s.Rank)
}

func orStr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// absPrefix makes a --path-prefix absolute, like stored sources. A prefix
// that names a folder (a trailing separator, or an existing directory) keeps
// its separator, so "docs" never matches "docs-old/...".
func absPrefix(p string) string {
	dir := strings.HasSuffix(p, "/") || strings.HasSuffix(p, string(filepath.Separator))
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if st, err := os.Stat(abs); err == nil && st.IsDir() {
		dir = true
	}
	if dir && !strings.HasSuffix(abs, string(filepath.Separator)) {
		abs += string(filepath.Separator)
	}
	return abs
}
