package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/seogo/seogo"
)

func (a *app) askCommand() *cobra.Command {
	var mode string
	var ff filterFlags
	var evidence bool
	cmd := &cobra.Command{
		Use:   "ask QUESTION",
		Short: "Answer a question from the documents, with numbered citations",
		Long: `Ask retrieves the best passages and answers with the sentences that best answer the
question, each followed by a citation [n] → document, heading path and character range.
When the evidence is weak it says the documents do not contain the answer instead of
guessing. No LLM is needed; LLM answers come with an endpoint configuration.`,
		Example: `  seogo ask "배송 상태를 어떻게 확인할 수 있죠?"
  seogo ask "When was the treaty signed?" --json`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, as []string) error {
			f, err := ff.filter()
			if err != nil {
				return err
			}
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				ans, err := e.Ask(cmd.Context(), as[0], seogo.AskOptions{Mode: mode, Filter: f, Lang: a.lang})
				if err != nil {
					return err
				}
				if a.jsonOut {
					a.printJSON(ans)
					return nil
				}
				a.printAnswer(ans, evidence)
				return nil
			})
		},
	}
	cmd.Flags().StringVarP(&mode, "mode", "m", "", "retrieval mode: keyword, semantic or hybrid")
	cmd.Flags().BoolVar(&evidence, "evidence", true, "print the evidence passages")
	ff.register(cmd)
	return cmd
}

func (a *app) printAnswer(ans seogo.Answer, evidence bool) {
	if ans.NotFound {
		a.println(msgNotFound.In(a.lang))
	} else {
		a.println(ans.Text)
	}
	if len(ans.Citations) > 0 {
		a.println("")
		a.println(msgCitations.In(a.lang))
		for _, c := range ans.Citations {
			loc := c.Source
			if len(c.Headings) > 0 {
				loc += " › " + headingPath(c.Headings)
			}
			if c.Page > 0 {
				loc += fmt.Sprintf(" p.%d", c.Page)
			}
			fmt.Fprintf(a.stdout, "[%d] %s [%d–%d]\n", c.N, loc, c.CharStart, c.CharEnd)
		}
	}
	if evidence && len(ans.Evidence) > 0 {
		a.println("")
		a.println(msgEvidence.In(a.lang) + " (" + msgConfidence.In(a.lang, ans.Confidence) + ")")
		for _, h := range ans.Evidence {
			fmt.Fprintf(a.stdout, "%d. %s\n   %s\n", h.Rank, location(h.Doc, h.Chunk), snippet(h.Chunk.Text, 200))
		}
	}
}
