package seogo

import (
	"cmp"
	"context"
	"strings"

	"github.com/seogo/seogo/guard"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/llm"
	"github.com/seogo/seogo/prompt"
	"github.com/seogo/seogo/provider"
	"github.com/seogo/seogo/rag"
	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
)

// AskOptions tune one question.
type AskOptions struct {
	Collection string
	Mode       string
	Filter     store.Filter
	Lang       i18n.Lang
	// LLM overrides the configured provider for this question ("none" keeps
	// the extractive answerer).
	LLM string
	// OnDelta receives an LLM's answer as it is written (citations to
	// sources that do not exist already taken out). Extractive answers are
	// not streamed.
	OnDelta func(string) error
	// History is the conversation so far. A follow-up ("그건 언제야?") is
	// rewritten into a standalone query before retrieval: by the LLM when
	// there is one, else by carrying over the previous question's words.
	History []llm.Message
	// Examples show the LLM the answer style wanted (few-shot).
	Examples []prompt.Example
	// Passages is how many retrieved passages the answer draws on (0: the
	// configured answer.passages).
	Passages int
	// Chat changes the LLM's model and temperature for this question, as a
	// per-chat setting does (zero: the configured ones).
	Chat llm.Settings
}

// maxPassages bounds AskOptions.Passages: more passages than this no longer
// fit a prompt's context, and only slow the extractive answerer.
const maxPassages = 50

// Ask answers question from the collection's documents with numbered
// citations, or says the documents do not contain the answer. With an LLM
// configured it writes the answer; otherwise the extractive answerer quotes
// the best sentences. Answer.Generator says which.
func (e *Engine) Ask(ctx context.Context, question string, opt AskOptions) (rag.Answer, error) {
	r, ropt, err := e.retriever(ctx, SearchOptions{Collection: opt.Collection, Mode: opt.Mode, Filter: opt.Filter})
	if err != nil {
		return rag.Answer{}, err
	}
	ropt.K = max(e.cfg.Answer.Passages, 1)
	if opt.Passages < 0 || opt.Passages > maxPassages {
		return rag.Answer{}, i18n.Errorf("근거 문단 수 %d 는 1부터 %d 사이여야 합니다", "passages=%d must be between 1 and %d", opt.Passages, maxPassages)
	} else if opt.Passages > 0 {
		ropt.K = opt.Passages
	}
	b, err := e.bind(ctx, e.collName(opt.Collection), false)
	if err != nil {
		return rag.Answer{}, err
	}
	chat, err := e.tunedChat(opt)
	if err != nil {
		return rag.Answer{}, err
	}
	gs := &guardSession{g: e.guard}
	if question, err = gs.question(ctx, question); err != nil {
		return rag.Answer{}, err
	}
	if chat != nil && e.guard != nil {
		chat = guardedChat{ChatModel: chat, g: e.guard, vault: gs.vault, events: &gs.events}
	}
	lang := orLang(opt.Lang, e.cfg.Lang)
	p := &rag.Pipeline{Retriever: retrieverFunc(func(ctx context.Context, q string) ([]schema.Hit, error) {
		return r.Search(ctx, q, ropt)
	})}
	if len(opt.History) > 0 {
		p.Rewrite = func(ctx context.Context, q string) (string, error) { return e.standalone(ctx, chat, opt.History, q) }
	}
	if chat == nil {
		p.Answerer = &rag.Extractive{
			Analyzer:      b.analyzer,
			IDF:           e.idf(ctx, b.coll.Name),
			MaxSentences:  e.cfg.Answer.MaxSentences,
			MinConfidence: e.cfg.Answer.MinConfidence,
			Lang:          string(lang),
		}
		if len(opt.History) > 0 {
			// The extractive answerer scores sentences against the words
			// asked, and a follow-up has few of its own.
			p.Answerer = rewrittenAnswerer{p.Answerer, p}
		}
		ans, err := p.Ask(ctx, question)
		if err != nil {
			return ans, err
		}
		return gs.finish(ctx, ans, false, false)
	}
	tok, err := prompt.NewTokenizer(prompt.EncodingForModel(cmp.Or(opt.Chat.Model, e.cfg.LLM.Model)))
	if err != nil {
		return rag.Answer{}, err
	}
	gen := &rag.Generator{
		Model: chat, Tokenizer: tok, OnDelta: opt.OnDelta, History: opt.History, Examples: opt.Examples,
		// Lang stays empty: the answer follows the question's language,
		// whatever the terminal's locale.
		Budget: prompt.Budget{ContextTokens: max(e.cfg.LLM.ContextTokens-e.cfg.LLM.MaxTokens, 1000)},
	}
	if e.guard != nil {
		gen.Sanitize = func(s string) string { t, _ := guard.Neutralize(s); return t }
	}
	p.Answerer = gen
	ans, err := p.Ask(ctx, question)
	if err != nil {
		return ans, err
	}
	return gs.finish(ctx, ans, e.cfg.Guard.Groundedness != "off", e.cfg.Guard.Groundedness == "drop")
}

// tunedChat is the chat model for opt: the configured or overridden
// provider, with the question's own model and temperature applied.
func (e *Engine) tunedChat(opt AskOptions) (llm.ChatModel, error) {
	chat, err := e.ChatModel(opt.LLM)
	if err != nil || opt.Chat.IsZero() {
		return chat, err
	}
	if chat == nil {
		if opt.Chat.Model != "" {
			return nil, i18n.Errorf("모델 %q 를 고를 수 없습니다: LLM이 설정되지 않아 문서에서 발췌해 답합니다 (--llm 또는 llm.provider 를 설정하세요)",
				"cannot use model %q: no LLM is configured, so answers are extracted from the documents (set --llm or llm.provider)", opt.Chat.Model)
		}
		return nil, nil // a temperature means nothing to the extractive answerer
	}
	t, ok := chat.(llm.Tunable)
	if !ok {
		return nil, i18n.Errorf("%s 는 대화별 모델·온도 설정을 지원하지 않습니다", "%s does not take per-chat model or temperature settings", chat.Name())
	}
	return t.With(opt.Chat)
}

// rewrittenAnswerer gives the extractive answerer the rewritten query
// instead of the bare follow-up.
type rewrittenAnswerer struct {
	inner rag.Answerer
	p     *rag.Pipeline
}

func (r rewrittenAnswerer) Answer(ctx context.Context, q string, hits []schema.Hit) (rag.Answer, error) {
	query, err := r.p.Rewrite(ctx, q)
	if err != nil || strings.TrimSpace(query) == "" {
		query = q
	}
	return r.inner.Answer(ctx, query, hits)
}

// standalone rewrites a follow-up into a query that stands alone.
func (e *Engine) standalone(ctx context.Context, chat llm.ChatModel, history []llm.Message, q string) (string, error) {
	if chat == nil {
		return prompt.RewriteHeuristic(history, q), nil
	}
	reply, err := chat.Chat(ctx, prompt.Rewrite(history, q, prompt.DetectLang(q)), nil)
	if err != nil {
		return "", err
	}
	out := strings.TrimSpace(reply.Text)
	if out == "" || len(out) > 4*len(q)+400 {
		return prompt.RewriteHeuristic(history, q), nil // a rambling reply is not a query
	}
	return out, nil
}

// ChatModel returns the configured chat model, or nil when answers are
// extractive. override replaces the configured provider ("none" = nil).
func (e *Engine) ChatModel(override string) (llm.ChatModel, error) {
	cfg := e.cfg.LLM
	if override != "" {
		cfg.Provider = override
	}
	prov, ok := provider.Parse(cfg.Provider)
	if !ok {
		return nil, i18n.Errorf("LLM 공급자 %q 를 알 수 없습니다: openai, azure, ollama, openai-compatible, none 중 하나를 쓰세요",
			"unknown LLM provider %q: use openai, azure, ollama, openai-compatible or none", cfg.Provider)
	}
	if prov == provider.None {
		return nil, nil
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if m := e.chats[prov]; m != nil {
		return m, nil
	}
	cfg.Endpoint = e.endpoint(cfg.Endpoint, prov)
	m, err := llm.NewChat(cfg)
	if err != nil {
		return nil, err
	}
	if e.chats == nil {
		e.chats = map[string]llm.ChatModel{}
	}
	e.chats[prov] = m
	return m, nil
}
