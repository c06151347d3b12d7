package main

import (
	"github.com/dustin/go-humanize"
	"github.com/spf13/cobra"

	"github.com/seogo/seogo"
)

func (a *app) ingestCommand() *cobra.Command {
	var prune, quiet bool
	cmd := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Load, split and index files and folders (re-running skips unchanged files)",
		Long: `Ingest reads files and folders recursively (hidden files, binary files and symlinks
leaving the folder are skipped), normalises the text (EUC-KR/CP949, BOMs, NFD Hangul,
line endings), splits it into chunks, and indexes them for keyword and semantic search.
Formats: .txt .md .html .htm .csv .tsv .json .jsonl. Unchanged files are not processed
again; a changed file replaces its old chunks atomically.`,
		Example: "  seogo ingest ./docs\n  seogo ingest --prune ./docs\n  seogo -c manuals ingest 매뉴얼.md",
		Args:    args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, paths []string) error {
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				opt := seogo.IngestOptions{Prune: prune}
				var bar *progress
				if !quiet && !a.jsonOut {
					bar = newProgress(a.stderr, "ingest")
					opt.Progress = func(p seogo.Progress) { bar.update(p.Done, p.Total, p.Bytes, p.Path) }
				}
				sum, err := e.Ingest(cmd.Context(), paths, opt)
				if bar != nil {
					bar.finish()
				}
				if sum != nil {
					a.printIngest(sum)
				}
				return err
			})
		},
	}
	cmd.Flags().BoolVar(&prune, "prune", false, "remove documents whose files are gone from the given folders")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress output")
	a.collectionFlags(cmd)
	return cmd
}

// collectionFlags adds the flags that bind a new collection's analysis.
func (a *app) collectionFlags(cmd *cobra.Command) {
	var analyzer string
	var tokens, overlap, workers int
	f := cmd.Flags()
	f.StringVar(&analyzer, "analyzer", "", "analyzer for a new collection: bigram, morph or combined (default "+seogo.DefaultAnalyzer+")")
	f.IntVar(&tokens, "chunk-tokens", 0, "target chunk size in tokens (default 400)")
	f.IntVar(&overlap, "chunk-overlap", 0, "overlap between chunks in tokens (default 60)")
	f.IntVar(&workers, "workers", 0, "parallel workers (default: number of CPUs)")
	a.localFlags = append(a.localFlags,
		localFlag{f.Lookup("analyzer"), func(c *seogo.Config) { c.Analyzer = analyzer }},
		localFlag{f.Lookup("chunk-tokens"), func(c *seogo.Config) { c.Chunk.Tokens = tokens }},
		localFlag{f.Lookup("chunk-overlap"), func(c *seogo.Config) { c.Chunk.Overlap = overlap }},
		localFlag{f.Lookup("workers"), func(c *seogo.Config) { c.Ingest.Workers = workers }},
	)
}

func (a *app) printIngest(sum *seogo.IngestSummary) {
	if a.jsonOut {
		a.printJSON(sum)
		return
	}
	for _, f := range sum.Files {
		switch f.Status {
		case seogo.StatusSkipped:
			a.println(msgSkipped.In(a.lang, f.Path, skipReason(a.lang, f.Reason, f.Detail)))
		case seogo.StatusFailed:
			a.println(msgFailed.In(a.lang, f.Path, f.Detail))
		case seogo.StatusRemoved:
			a.println(msgRemoved.In(a.lang, f.Path))
		}
		for _, n := range f.Notes {
			a.println(msgNote.In(a.lang, f.Path, n))
		}
	}
	a.println(msgIngestSummary.In(a.lang, sum.Collection, sum.Added, sum.Updated, sum.Unchanged, sum.Skipped,
		sum.Removed, sum.Failed, sum.Chunks, humanize.IBytes(uint64(sum.Bytes)), sum.Seconds))
	if t := sum.Trained; t != nil {
		a.println(msgAutoTrained.In(a.lang, t.Embedder, t.Texts, t.Words, t.Embedder))
	}
	if sum.TrainError != "" {
		a.eprintln(sum.TrainError)
	}
}
