package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/seogo/seogo"
)

func (a *app) demoCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "demo [QUESTION...]",
		Short: "Index the bundled KorQuAD corpus in a temporary store and answer sample questions",
		Long: `Demo needs nothing but this binary: it indexes the 964 KorQuAD 1.0 paragraphs bundled
inside seogo into a temporary store (your data directory is not touched), asks a few
sample questions (or yours) and prints the answers with their citations.`,
		Example: "  seogo demo\n  seogo demo \"광개토대왕의 아버지는 누구인가?\"",
		RunE: func(cmd *cobra.Command, qs []string) error {
			var bar *progress
			var prog func(done, total int)
			if !a.jsonOut {
				bar = newProgress(a.stderr, "demo")
				prog = func(done, total int) { bar.update(done, total, 0, "") }
			}
			e, closeFn, info, err := seogo.OpenDemo(cmd.Context(), a.cfg, prog)
			if bar != nil {
				bar.finish()
			}
			if err != nil {
				return err
			}
			defer closeFn()
			if len(qs) == 0 {
				qs = seogo.DemoQuestions
			}
			var answers []seogo.Answer
			if !a.jsonOut {
				a.println(msgDemoIntro.In(a.lang, info.Documents, info.Seconds))
				a.println(msgDemoCredit.In(a.lang))
			}
			for _, q := range qs {
				ans, err := e.Ask(cmd.Context(), q, seogo.AskOptions{Lang: a.lang})
				if err != nil {
					return err
				}
				answers = append(answers, ans)
				if a.jsonOut {
					continue
				}
				a.println("")
				a.println(msgDemoQ.In(a.lang, q))
				text := ans.Text
				if ans.NotFound {
					text = msgNotFound.In(a.lang)
				}
				a.println(msgDemoA.In(a.lang, text))
				for _, c := range ans.Citations {
					fmt.Fprintf(a.stdout, "  [%d] %s (%s) [%d–%d]\n", c.N, c.Title, c.Source, c.CharStart, c.CharEnd)
				}
			}
			if a.jsonOut {
				a.printJSON(map[string]any{"documents": info.Documents, "chunks": info.Chunks, "answers": answers})
				return nil
			}
			a.println("")
			a.println(msgDemoNext.In(a.lang))
			return nil
		},
	}
	return cmd
}
