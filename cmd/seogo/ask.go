package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/seogo/seogo"
)

func (a *app) askCommand() *cobra.Command {
	var mode, historyPath string
	var ff filterFlags
	var evidence bool
	cmd := &cobra.Command{
		Use:   "ask QUESTION",
		Short: "Answer a question from the documents, with numbered citations",
		Long: `Ask retrieves the best passages and answers with citations [n] → document, heading path
and character range. With an LLM (--llm openai|azure|ollama|openai-compatible, or
SEOGO_LLM) the model writes the answer from the numbered passages at temperature 0 and
it is printed as it streams; citations to passages that were never given are removed.
Without one, the extractive answerer quotes the sentences that best answer the question.
Either way, when the documents do not answer, it says so instead of guessing.
--history FILE holds the conversation so far (JSON [{"role","content"}], JSONL, or
"user: …" / "assistant: …" lines); a follow-up is rewritten to stand alone first.`,
		Example: `  seogo ask "배송 상태를 어떻게 확인할 수 있죠?"
  OPENAI_API_KEY=sk-… seogo ask "환불 기한은?" --llm openai --llm-model gpt-4o-mini
  seogo ask "그건 언제부터야?" --history chat.jsonl --llm ollama --llm-model llama3.1
  seogo ask "When was the treaty signed?" --json`,
		Args: args(cobra.ExactArgs(1)),
		RunE: func(cmd *cobra.Command, as []string) error {
			f, err := ff.filter()
			if err != nil {
				return err
			}
			opt := seogo.AskOptions{Mode: mode, Filter: f, Lang: a.lang}
			if historyPath != "" {
				if opt.History, err = seogo.ReadHistory(historyPath); err != nil {
					return usageError{err}
				}
			}
			streamed := false
			if !a.jsonOut {
				opt.OnDelta = func(s string) error {
					streamed = true
					_, err := io.WriteString(a.stdout, s)
					return err
				}
			}
			return a.withEngine(cmd, func(e *seogo.Engine) error {
				ans, err := e.Ask(cmd.Context(), as[0], opt)
				if streamed {
					a.println("")
				}
				if err != nil {
					return err
				}
				if a.jsonOut {
					a.printJSON(a.askJSON(ans))
					return nil
				}
				a.printAnswer(ans, evidence, streamed)
				return nil
			})
		},
	}
	cmd.Flags().StringVarP(&mode, "mode", "m", "", "retrieval mode: keyword, semantic or hybrid")
	cmd.Flags().BoolVar(&evidence, "evidence", true, "print the evidence passages")
	cmd.Flags().StringVar(&historyPath, "history", "", "chat history file for a follow-up question")
	ff.register(cmd)
	return cmd
}

func (a *app) printAnswer(ans seogo.Answer, evidence, streamed bool) {
	switch {
	case streamed:
		// The text is on the screen already.
	case ans.NotFound:
		a.println(msgNotFound.In(a.lang))
	default:
		a.println(ans.Text)
	}
	if len(ans.Removed) > 0 {
		a.println(msgRemovedCites.In(a.lang, citeList(ans.Removed)))
	}
	if g := ans.Grounding; g != nil && len(g.Unsupported) > 0 {
		msg := msgUnsupported
		if g.Removed {
			msg = msgUnsupportedRemoved
		}
		a.println(msg.In(a.lang, len(g.Unsupported), g.Score))
		for _, u := range g.Unsupported {
			a.println("  - " + snippet(u, 160))
		}
	}
	for _, n := range ans.Notices {
		a.println("(" + n.In(a.lang) + ")")
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
		a.println(msgEvidence.In(a.lang) + " (" + msgConfidence.In(a.lang, ans.Confidence) + ", " + ans.Generator + ")")
		for _, h := range ans.Evidence {
			fmt.Fprintf(a.stdout, "%d. %s\n   %s\n", h.Rank, location(h.Doc, h.Chunk), snippet(h.Chunk.Text, 200))
		}
	}
}

func citeList(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = "[" + strconv.Itoa(n) + "]"
	}
	return strings.Join(parts, " ")
}

// askCitation is a citation in `ask --json`: n, the document ID, its path
// and the cited byte range, plus what people need to read it.
type askCitation struct {
	N         int      `json:"n"`
	Doc       string   `json:"doc"`
	Path      string   `json:"path"`
	Start     int      `json:"start"`
	End       int      `json:"end"`
	CharStart int      `json:"char_start"`
	CharEnd   int      `json:"char_end"`
	ChunkID   string   `json:"chunk_id"`
	Title     string   `json:"title,omitempty"`
	Headings  []string `json:"headings,omitempty"`
	Page      int      `json:"page,omitempty"`
	Text      string   `json:"text"`
}

type askOutput struct {
	Question   string        `json:"question"`
	Query      string        `json:"query,omitempty"`
	Answer     string        `json:"answer"`
	NotFound   bool          `json:"not_found"`
	Confidence float64       `json:"confidence"`
	Generator  string        `json:"generator"`
	Citations  []askCitation `json:"citations"`
	Removed    []int         `json:"removed_citations,omitempty"`
	Grounding  any           `json:"grounding,omitempty"`
	Notices    []string      `json:"notices,omitempty"`
	Evidence   []seogo.Hit   `json:"evidence"`
}

func (a *app) askJSON(ans seogo.Answer) askOutput {
	out := askOutput{Question: ans.Question, Query: ans.Query, Answer: ans.Text, NotFound: ans.NotFound,
		Confidence: ans.Confidence, Generator: ans.Generator, Removed: ans.Removed, Evidence: ans.Evidence,
		Citations: make([]askCitation, len(ans.Citations))}
	if ans.Grounding != nil {
		out.Grounding = ans.Grounding
	}
	for _, n := range ans.Notices {
		out.Notices = append(out.Notices, n.In(a.lang))
	}
	for i, c := range ans.Citations {
		out.Citations[i] = askCitation{N: c.N, Doc: c.DocID, Path: c.Source, Start: c.Start, End: c.End,
			CharStart: c.CharStart, CharEnd: c.CharEnd, ChunkID: c.ChunkID, Title: c.Title, Headings: c.Headings, Page: c.Page, Text: c.Text}
	}
	return out
}
