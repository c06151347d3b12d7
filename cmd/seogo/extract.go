package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/seogo/seogo"
)

func (a *app) extractCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "extract FILE",
		Short: "Print the text seogo reads from one file, page by page",
		Long: `Extract reads one file as ingest would — PDF, HWP, HWPX, DOCX, PPTX, XLSX, ODT, EML,
HTML, Markdown, CSV, JSON or text — and prints its text with a form feed (\f) between
pages, slides or sheets. Notes (pages that need OCR, dropped headers, converted
encodings) go to standard error. Nothing is stored. --json prints
{"format", "pages": [{"n", "text"}], "warnings": [...]}.`,
		Example: `  seogo extract 보고서.hwp
  seogo extract slides.pptx --json`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, as []string) error {
			x, err := seogo.Extract(cmd.Context(), a.cfg, as[0])
			if err != nil {
				return err
			}
			if a.jsonOut {
				a.printJSON(x)
				return nil
			}
			texts := make([]string, len(x.Pages))
			for i, p := range x.Pages {
				texts[i] = p.Text
			}
			a.println(strings.Join(texts, "\f"))
			for _, w := range x.Warnings {
				a.eprintln(msgNote.In(a.lang, as[0], w))
			}
			return nil
		},
	}
}
