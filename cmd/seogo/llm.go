package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seogo/seogo"
	"github.com/seogo/seogo/i18n"
)

func (a *app) modelsCommand() *cobra.Command {
	var embedding bool
	cmd := &cobra.Command{
		Use:   "models",
		Short: "List the models the configured LLM endpoint offers",
		Long: `Models asks the configured endpoint (--llm, or with --embedding the embedder's) for
its model list: OpenAI's models, Ollama's pulled models, a vLLM or llama.cpp server's
loaded model. Azure OpenAI lists the resource's base models, not its deployments.`,
		Example: `  seogo models --llm ollama
  seogo models --embedder openai:text-embedding-3-small --embedding`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				names, err := e.Models(cmd.Context(), embedding)
				if err != nil {
					return err
				}
				if a.jsonOut {
					a.printJSON(names)
					return nil
				}
				for _, n := range names {
					a.println(n)
				}
				return nil
			})
		},
	}
	cmd.Flags().BoolVar(&embedding, "embedding", false, "list the embedder's endpoint instead of the LLM's")
	return cmd
}

func (a *app) doctorCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "doctor",
		Short: "Check the LLM and embedder endpoints: connectivity, key, model, dimension",
		Long: `Doctor checks, end to end, what seogo will use: the LLM endpoint answers, its key is
accepted, the model (or Azure deployment) exists and replies, and the embedder returns
vectors of the collection's dimension. Each failure says what to change. It spends a
few tokens. Exit status 1 when a check fails.`,
		Example: `  seogo doctor --llm azure --llm-model gpt-4o-prod
  seogo doctor --embedder ollama:bge-m3 --json`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				checks := e.Doctor(cmd.Context())
				failed := 0
				for _, c := range checks {
					if c.Status == seogo.CheckFail {
						failed++
					}
				}
				if a.jsonOut {
					a.printJSON(checks)
				} else {
					for _, c := range checks {
						line := fmt.Sprintf("%-5s %-16s %s", checkMark(c.Status), c.Name, c.Detail)
						if c.Err != nil {
							line += " — " + i18n.Localize(c.Err, a.lang)
						}
						a.println(strings.TrimRight(line, " "))
					}
				}
				if failed > 0 {
					return i18n.Errorf("점검 %d개가 실패했습니다", "%d checks failed", failed)
				}
				return nil
			})
		},
	}
}

func checkMark(status string) string {
	switch status {
	case seogo.CheckOK:
		return "ok"
	case seogo.CheckWarn:
		return "warn"
	case seogo.CheckSkip:
		return "-"
	}
	return "FAIL"
}

func (a *app) reembedCommand() *cobra.Command {
	var quiet, force bool
	cmd := &cobra.Command{
		Use:   "reembed --embedder NAME",
		Short: "Move a collection to another embedder, keeping the old vectors until it succeeds",
		Long: `Reembed computes new vectors for every chunk of the collection with the embedder given
by --embedder (batched, paced, and cached, so a second run pays nothing twice) and
stages them beside the live ones. When every chunk has one, a single transaction
switches the collection; until then searches keep using the old vectors. A stopped run
resumes where it stopped.`,
		Example: `  seogo reembed -c docs --embedder openai:text-embedding-3-small
  seogo reembed -c docs --embedder local`,
		Args: args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			target := a.cfg.Embedder
			if target == "" {
				return usageError{errNeedEmbedder}
			}
			// The collection is still bound to its old embedder while this
			// runs; --embedder names the new one only.
			a.cfg.Embedder = ""
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				var bar *progress
				opt := seogo.ReembedOptions{Collection: a.cfg.Collection, Embedder: target, Force: force}
				if !quiet && !a.jsonOut {
					bar = newProgress(a.stderr, "reembed")
					opt.Progress = func(done, total int) { bar.update(done, total, 0, "") }
				}
				sum, err := e.Reembed(cmd.Context(), opt)
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
				a.println(msgReembedded.In(a.lang, sum.Collection, sum.From, sum.To, sum.Dim, sum.Chunks, sum.Embedded, sum.CacheHits, sum.Seconds))
				return nil
			})
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress output")
	cmd.Flags().BoolVar(&force, "force", false, "re-embed even if the collection already uses this embedder (a model retrained under the same name)")
	return cmd
}

func (a *app) classifyCommand() *cobra.Command {
	var examplesPath string
	var labels []string
	var shots int
	var mmr bool
	cmd := &cobra.Command{
		Use:   "classify TEXT...",
		Short: "Label texts few-shot from an examples file",
		Long: `Classify labels each text with one of the labels of the examples file (YAML list of
{input, label} or JSONL). With an LLM the prompt shows the --shots examples most similar
to the text (0 = zero-shot, 1 = one-shot); without one, each text takes the label of
its most similar example.`,
		Example: `  seogo classify --examples intents.yaml "배송이 아직 안 왔어요" "환불해 주세요" --llm openai`,
		Args:    args(cobra.MinimumNArgs(1)),
		RunE: func(cmd *cobra.Command, texts []string) error {
			if examplesPath == "" {
				return usageError{errNeedExamples}
			}
			examples, err := seogo.LoadExamples(examplesPath)
			if err != nil {
				return usageError{err}
			}
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				out, err := e.Classify(cmd.Context(), texts, seogo.ClassifyOptions{Examples: examples, Labels: labels, Shots: shots, MMR: mmr})
				if err != nil {
					return err
				}
				if a.jsonOut {
					a.printJSON(out)
					return nil
				}
				for _, l := range out {
					fmt.Fprintf(a.stdout, "%s\t%s\n", l.Label, l.Text)
				}
				return nil
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&examplesPath, "examples", "", "examples file (YAML or JSONL) with input and label")
	f.StringSliceVar(&labels, "labels", nil, "allowed labels (default: the examples' labels)")
	f.IntVar(&shots, "shots", 4, "examples shown to the LLM per text")
	f.BoolVar(&mmr, "mmr", false, "pick diverse examples (maximal marginal relevance)")
	return cmd
}

var (
	errNeedEmbedder = i18n.Errorf("새 임베더를 --embedder 로 지정하세요(예: --embedder openai:text-embedding-3-small)",
		"name the new embedder with --embedder (e.g. --embedder openai:text-embedding-3-small)")
	errNeedExamples = i18n.Errorf("예제 파일을 --examples 로 지정하세요", "name the examples file with --examples")
)
