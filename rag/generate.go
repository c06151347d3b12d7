package rag

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/llm"
	"github.com/seogo/seogo/prompt"
	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/textproc"
)

// GeneratorExtractive names the answers the Extractive answerer writes.
const GeneratorExtractive = "extractive"

// Generator answers with a chat model, grounded in the retrieved chunks: the
// prompt gives them as numbered sources within a token budget and asks for a
// citation [n] after each claim; the reply's citations are checked against
// the sources actually sent, and the ones that point nowhere are removed
// (from the stream too) and reported.
type Generator struct {
	Model     llm.ChatModel
	Tokenizer prompt.Tokenizer
	Budget    prompt.Budget
	// Lang is the answer's language; "" follows the question.
	Lang     i18n.Lang
	System   string
	Examples []prompt.Example
	History  []llm.Message
	// OnDelta, when set, receives the answer as it is written.
	OnDelta func(string) error
	// Sanitize, when set, rewrites each source's text before it enters the
	// prompt (the guard defuses instructions planted in documents).
	Sanitize func(string) string
}

// Answer implements Answerer.
func (g *Generator) Answer(ctx context.Context, question string, hits []schema.Hit) (Answer, error) {
	if g.Model == nil || g.Tokenizer == nil {
		return Answer{}, errors.New("rag: the generator needs a Model and a Tokenizer")
	}
	lang := g.Lang
	if lang == "" {
		lang = prompt.DetectLang(question)
	}
	ans := Answer{Question: question, Citations: []schema.Citation{}, Evidence: []schema.Hit{}, Generator: "llm:" + g.Model.Name()}
	if len(hits) == 0 {
		// Nothing retrieved: no model can ground an answer, so none is asked.
		ans.NotFound, ans.Text = true, NotFoundText(string(lang))
		return ans, nil
	}
	sources := make([]prompt.Source, len(hits))
	for i, h := range hits {
		text := h.Chunk.Text
		if g.Sanitize != nil {
			text = g.Sanitize(text)
		}
		sources[i] = prompt.Source{N: i + 1, Title: h.Doc.Title, Location: where(h), Text: text, ChunkID: h.Chunk.ID}
	}
	built, err := prompt.BuildRAG(prompt.RAGRequest{
		Question: question, Lang: lang, Sources: sources, History: g.History, Examples: g.Examples, System: g.System,
	}, g.Tokenizer, g.Budget)
	if err != nil {
		return Answer{}, err
	}
	sent := map[int]bool{}
	for _, n := range built.Used {
		sent[n] = true
	}
	valid := func(n int) bool { return sent[n] }
	var onDelta func(string) error
	var filter *citeFilter
	if g.OnDelta != nil {
		filter = &citeFilter{valid: valid, out: g.OnDelta}
		onDelta = filter.write
	}
	reply, err := g.Model.Chat(ctx, built.Messages, onDelta)
	if filter != nil {
		if ferr := filter.flush(); err == nil {
			err = ferr
		}
	}
	if err != nil {
		return Answer{}, err
	}
	text, cited, removed := checkCitations(strings.TrimSpace(reply.Text), valid)
	ans.Text, ans.Removed = text, removed
	for _, n := range cited {
		h := hits[n-1]
		ans.Citations = append(ans.Citations, citation(n, h, 0, len(h.Chunk.Text)))
		ans.Evidence = append(ans.Evidence, h)
	}
	if len(cited) == 0 && saysNotFound(text) {
		ans.NotFound = true
		ans.Evidence = append(ans.Evidence, hits[:min(len(hits), evidenceHits)]...)
		return ans, nil
	}
	ans.Confidence = citedShare(text)
	return ans, nil
}

// where is a source's location for the prompt: path, heading path, page.
func where(h schema.Hit) string {
	loc := promptSource(h.Doc.Source)
	if len(h.Chunk.Headings) > 0 {
		loc += " › " + strings.Join(h.Chunk.Headings, " › ")
	}
	if h.Chunk.Page > 0 {
		loc += " p." + strconv.Itoa(h.Chunk.Page)
	}
	return loc
}

// promptSource is how a source is named to the model: a file by its name
// alone, because a server path (/home/kim.cs/uploads/…) says nothing about
// the content and should not travel to an outside provider; a web page by
// its address without query or fragment, where tokens tend to live.
func promptSource(src string) string {
	if i := strings.Index(src, "://"); i > 0 && !strings.ContainsAny(src[:i], `/\`) {
		if j := strings.IndexAny(src, "?#"); j >= 0 {
			src = src[:j]
		}
		return src
	}
	if i := strings.LastIndexAny(src, `/\`); i >= 0 && i < len(src)-1 {
		return src[i+1:]
	}
	return src
}

// saysNotFound reports whether the reply is the prompt's fixed "not in the
// documents" sentence (possibly with a little around it).
func saysNotFound(text string) bool {
	t := strings.TrimSpace(text)
	for _, s := range []string{prompt.NotFoundKo, prompt.NotFoundEn} {
		core := strings.TrimRight(s, ".")
		if strings.Contains(t, core) && len(t) < 3*len(s) {
			return true
		}
	}
	return false
}

// citedShare is the share of the answer's sentences that carry a citation:
// a cheap measure of how much of the answer is tied to a source.
func citedShare(text string) float64 {
	spans := textproc.Sentences(text)
	if len(spans) == 0 {
		return 0
	}
	n := 0
	for _, s := range spans {
		if citePattern.MatchString(text[s.Start:s.End]) {
			n++
		}
	}
	return float64(n) / float64(len(spans))
}
