package seogo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/llm"
	"github.com/seogo/seogo/provider"
	"github.com/seogo/seogo/store"
)

// Check is one line of `seogo doctor`: what was checked, whether it works,
// and, when it does not, an error that says what to do.
type Check struct {
	Name   string `json:"name"`
	Status string `json:"status"` // ok, warn, fail or skip
	Detail string `json:"detail,omitempty"`
	Err    error  `json:"-"`
	// Error is Err in English, for JSON output.
	Error string `json:"error,omitempty"`
}

// Check statuses.
const (
	CheckOK   = "ok"
	CheckWarn = "warn"
	CheckFail = "fail"
	CheckSkip = "skip"
)

// Doctor checks the configured LLM and the collection's embedder end to end:
// the endpoint answers, the credentials are accepted, the model (or Azure
// deployment) exists and answers, and the embedder returns vectors of the
// collection's dimension. It spends a few tokens.
func (e *Engine) Doctor(ctx context.Context) []Check {
	var out []Check
	add := func(name, status, detail string, err error) {
		c := Check{Name: name, Status: status, Detail: detail, Err: err}
		if err != nil {
			c.Error = err.Error()
		}
		out = append(out, c)
	}
	prov, _ := provider.Parse(e.cfg.LLM.Provider)
	if prov == provider.None {
		add("llm", CheckSkip, "none: answers are extractive (set --llm or SEOGO_LLM)", nil)
	} else {
		ep := e.endpoint(e.cfg.LLM.Endpoint, prov)
		e.checkEndpoint(ctx, "llm", ep, add)
		if chat, err := e.ChatModel(""); err != nil {
			add("llm.chat", CheckFail, "", err)
		} else {
			reply, err := chat.Chat(ctx, []llm.Message{{Role: llm.RoleUser, Content: "Reply with the single word: ok"}}, nil)
			if err != nil {
				add("llm.chat", CheckFail, chat.Name(), err)
			} else {
				add("llm.chat", CheckOK, fmt.Sprintf("%s answered %q (%d+%d tokens)", chat.Name(), strings.TrimSpace(reply.Text), reply.Usage.PromptTokens, reply.Usage.CompletionTokens), nil)
			}
		}
	}
	e.checkEmbedder(ctx, add)
	return out
}

func (e *Engine) checkEndpoint(ctx context.Context, name string, ep provider.Endpoint, add func(string, string, string, error)) {
	if err := ep.Validate(); err != nil {
		add(name+".config", CheckFail, ep.Describe(), err)
		return
	}
	if ep.InsecureSkipVerify {
		add(name+".tls", CheckWarn, "insecure_skip_verify is on: TLS certificates are not checked", nil)
	}
	models, err := provider.Models(ctx, ep)
	switch {
	case err != nil && ep.Provider == provider.Azure && errors.Is(err, provider.ErrNotFound):
		// Some Azure API versions and private gateways do not list models;
		// the chat and embedding checks still prove the deployment.
		add(name+".connect", CheckWarn, ep.Describe()+": the model list is not available", nil)
	case err != nil:
		add(name+".connect", CheckFail, ep.Describe(), err)
	default:
		detail := fmt.Sprintf("%s: reachable, key accepted, %d models", ep.Describe(), len(models))
		add(name+".connect", CheckOK, detail, nil)
		model := e.cfg.LLM.Model
		if name == "llm" && model != "" && ep.Provider != provider.Azure && len(models) > 0 && !hasModel(models, model) {
			add(name+".model", CheckFail, "", i18n.Errorf("%s 에 모델 %q 이(가) 없습니다: `seogo models` 로 목록을 보세요",
				"%s does not offer model %q: see `seogo models`", ep.Describe(), model))
		}
	}
}

// hasModel matches Ollama's implicit ":latest" tag too.
func hasModel(models []string, m string) bool {
	return slices.Contains(models, m) || slices.Contains(models, m+":latest")
}

func (e *Engine) checkEmbedder(ctx context.Context, add func(string, string, string, error)) {
	name := e.cfg.Embedder
	wantDim := 0
	coll, err := e.store.GetCollection(ctx, e.cfg.Collection)
	switch {
	case err == nil && name == "":
		name, wantDim = coll.Embedder, coll.Dim
	case err == nil && name == coll.Embedder:
		wantDim = coll.Dim
	case err != nil && !errors.Is(err, store.ErrNotFound):
		add("store", CheckFail, e.cfg.DataDir, err)
	}
	prov, model, err := parseEmbedder(orDefault(name, DefaultEmbedder))
	if err != nil {
		add("embedder", CheckFail, name, err)
		return
	}
	if prov == localEmbedder || prov == wordvecEmbedder || prov == vectorsEmbedder {
		if _, err := e.newEmbedder(ctx, orDefault(name, DefaultEmbedder), 0, false); err != nil && prov != wordvecEmbedder {
			add("embedder", CheckFail, name, err)
			return
		}
		add("embedder", CheckOK, orDefault(name, DefaultEmbedder)+": runs in-process (offline)", nil)
		return
	}
	e.checkEndpoint(ctx, "embedder", e.endpoint(e.cfg.Embedding.Endpoint, prov), add)
	emb, err := e.newEmbedder(ctx, name, 0, true)
	if err != nil {
		add("embedder.embed", CheckFail, prov+":"+model, err)
		return
	}
	vecs, err := emb.Embed(ctx, []string{"seogo doctor 점검"})
	if err != nil {
		add("embedder.embed", CheckFail, emb.Name(), err)
		return
	}
	got := len(vecs[0])
	if wantDim != 0 && got != wantDim {
		add("embedder.dim", CheckFail, "", i18n.Errorf("%s 의 벡터는 %d차원인데 컬렉션 %q 는 %d차원입니다: embedding.dimensions 를 고치거나 seogo reembed 를 쓰세요",
			"%s returns %d dimensions but collection %q holds %d: fix embedding.dimensions or use seogo reembed", emb.Name(), got, e.cfg.Collection, wantDim))
		return
	}
	add("embedder.embed", CheckOK, fmt.Sprintf("%s: %d dimensions", emb.Name(), got), nil)
}

// Models lists the model names the LLM endpoint (or, with embedding, the
// embedder's endpoint) offers.
func (e *Engine) Models(ctx context.Context, embedding bool) ([]string, error) {
	if embedding {
		prov, _, err := parseEmbedder(orDefault(e.cfg.Embedder, DefaultEmbedder))
		if err != nil {
			return nil, err
		}
		if prov == localEmbedder || prov == wordvecEmbedder || prov == vectorsEmbedder {
			return []string{orDefault(e.cfg.Embedder, DefaultEmbedder)}, nil
		}
		return provider.Models(ctx, e.endpoint(e.cfg.Embedding.Endpoint, prov))
	}
	prov, _ := provider.Parse(e.cfg.LLM.Provider)
	if prov == provider.None {
		return nil, i18n.Errorf("LLM 이 설정되지 않았습니다: --llm openai|azure|ollama|openai-compatible 또는 SEOGO_LLM 을 쓰세요",
			"no LLM is configured: use --llm openai|azure|ollama|openai-compatible or SEOGO_LLM")
	}
	return provider.Models(ctx, e.endpoint(e.cfg.LLM.Endpoint, prov))
}
