package seogo

import (
	"context"
	"os"
	"strings"

	"github.com/seogo/seogo/analysis"
	"github.com/seogo/seogo/embed"
	embedapi "github.com/seogo/seogo/embed/openai"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/provider"
)

// localEmbedder is the family name of the built-in offline embedder.
const localEmbedder = "local"

// parseEmbedder splits an embedder setting into a provider and a model:
// "local" (also "", "hash", "local-hash", or a stored "local-hash-v1/…"),
// "wordvec:NAME" (word vectors trained or imported into the data directory),
// "vectors:FILE" (a word2vec/GloVe/fastText file), or "openai:MODEL",
// "azure:DEPLOYMENT", "ollama:MODEL", "openai-compatible:MODEL".
func parseEmbedder(s string) (prov, model string, err error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "" || s == "local" || s == "hash" || s == DefaultEmbedder || strings.HasPrefix(s, "local-hash-v1/"):
		return localEmbedder, "", nil
	case s == wordvecEmbedder:
		return wordvecEmbedder, "", nil // eval trains one; elsewhere newEmbedder asks for a name
	}
	p, m, ok := strings.Cut(s, ":")
	if p == wordvecEmbedder || p == vectorsEmbedder {
		if m = strings.TrimSpace(m); m == "" {
			return "", "", i18n.Errorf("임베더 %q 에 모델 이름이나 파일이 없습니다: wordvec:이름 또는 vectors:파일", "embedder %q names no model or file: use wordvec:NAME or vectors:FILE", s)
		}
		return p, m, nil
	}
	prov, known := provider.Parse(p)
	if !ok || !known || prov == provider.None || strings.TrimSpace(m) == "" {
		return "", "", i18n.Errorf("임베더 %q 를 알 수 없습니다: local, wordvec:이름, vectors:파일, openai:모델, azure:배포, ollama:모델, openai-compatible:모델 중 하나를 쓰세요",
			"unknown embedder %q: use local, wordvec:NAME, vectors:FILE, openai:MODEL, azure:DEPLOYMENT, ollama:MODEL or openai-compatible:MODEL", s)
	}
	return prov, strings.TrimSpace(m), nil
}

func (e *Engine) getenv(k string) string {
	if e.cfg.Getenv != nil {
		return e.cfg.Getenv(k)
	}
	return os.Getenv(k)
}

// endpoint completes the connection settings for prov: the section's own
// fields first, then the llm section's when it names the same provider,
// then the provider's environment variables.
func (e *Engine) endpoint(base provider.Endpoint, prov string) provider.Endpoint {
	ep := base
	ep.Provider = prov
	if l := e.cfg.LLM.Endpoint; l.Provider == prov {
		fill(&ep.BaseURL, l.BaseURL)
		fill(&ep.Organization, l.Organization)
		fill(&ep.Project, l.Project)
		fill(&ep.AzureEndpoint, l.AzureEndpoint)
		fill(&ep.APIVersion, l.APIVersion)
		fill(&ep.TokenCommand, l.TokenCommand)
		fill(&ep.Proxy, l.Proxy)
		fill(&ep.CAFile, l.CAFile)
		if ep.APIKey == "" {
			ep.APIKey = l.APIKey
		}
		if ep.Token == "" {
			ep.Token = l.Token
		}
		ep.InsecureSkipVerify = ep.InsecureSkipVerify || l.InsecureSkipVerify
	}
	ep.FromEnv(e.getenv)
	return ep
}

func fill(dst *string, v string) {
	if *dst == "" {
		*dst = v
	}
}

// embedderIdentity is the name and dimension an embedder setting would
// record, without building it (no request is made).
func (e *Engine) embedderIdentity(name string) (string, int, error) {
	prov, model, err := parseEmbedder(name)
	if err != nil {
		return "", 0, err
	}
	if prov == localEmbedder {
		an, err := analysis.New("bigram")
		if err != nil {
			return "", 0, err
		}
		h, err := embed.NewHash(an, e.cfg.EmbedDim)
		if err != nil {
			return "", 0, err
		}
		dim := 0
		if e.cfg.EmbedDim != 0 {
			dim = h.Dim()
		}
		return h.Name(), dim, nil
	}
	if prov == wordvecEmbedder || prov == vectorsEmbedder {
		return e.wordvecIdentity(prov, model)
	}
	return prov + ":" + model, e.cfg.Embedding.Dimensions, nil
}

// newEmbedder builds the embedder a setting names. With probe, an API
// embedder whose dimension is not known yet (dim 0 and an unfamiliar model)
// is asked with one request; its vectors are cached in the store unless embedding.no_cache.
func (e *Engine) newEmbedder(ctx context.Context, name string, dim int, probe bool) (embed.Embedder, error) {
	prov, model, err := parseEmbedder(name)
	if err != nil {
		return nil, err
	}
	if prov == localEmbedder {
		tok := "bigram"
		if t, ok := strings.CutPrefix(name, "local-hash-v1/"); ok {
			tok = t
		}
		an, err := analysis.New(tok)
		if err != nil {
			return nil, err
		}
		if dim == 0 {
			dim = e.cfg.EmbedDim
		}
		return embed.NewHash(an, dim)
	}
	if prov == wordvecEmbedder || prov == vectorsEmbedder {
		// Word vectors run in-process: no request leaves, so no cache or guard.
		return e.newWordvecEmbedder(ctx, prov, model)
	}
	ec := e.cfg.Embedding
	if dim == 0 {
		dim = ec.Dimensions
	}
	api, err := embedapi.New(embedapi.Options{
		Endpoint: e.endpoint(ec.Endpoint, prov), Model: model, Dimensions: dim,
		BatchSize: ec.BatchSize, Concurrency: ec.Concurrency,
		RequestsPerMinute: ec.RequestsPerMinute, TokensPerMinute: ec.TokensPerMinute,
	})
	if err != nil {
		return nil, err
	}
	if api.Dim() == 0 && probe {
		if _, err := api.Probe(ctx); err != nil {
			return nil, err
		}
	}
	var emb embed.Embedder = api
	if cache, ok := e.store.(embed.Cache); ok && !ec.NoCache {
		emb = embed.NewCached(api, cache)
	}
	if e.guard != nil {
		emb = guardedEmbedder{emb, e.guard} // nothing leaves before the guard has run
	}
	return emb, nil
}

// storedEmbedder rebuilds the embedder a collection records. It makes no
// request: the stored dimension is known.
func (e *Engine) storedEmbedder(name string, dim int) (embed.Embedder, error) {
	emb, err := e.newEmbedder(context.Background(), name, dim, false)
	if err != nil {
		return nil, i18n.Errorf("컬렉션의 임베더 %q 를 쓸 수 없습니다: %w", "collection embedder %q is not available: %w", name, err)
	}
	return emb, nil
}
