package seogo

import (
	"context"
	"os"
	"path/filepath"
	"strings"

	"github.com/seogo/seogo/i18n"
)

// autoTrain trains the model wordvec:COLL after an ingest when the
// configuration asks for it (wordvec.auto_train), the collection has reached
// wordvec.min_chunks and no model of that name exists yet. It never switches
// the collection: that re-embeds every chunk, which the user starts with
// seogo reembed. A collection already on word vectors is left alone (its
// model is retrained with embed train --replace).
func (e *Engine) autoTrain(ctx context.Context, coll string) (*WordVecSummary, error) {
	wc := e.cfg.WordVec
	if !wc.AutoTrain || !validName(coll) {
		return nil, nil
	}
	c, err := e.store.GetCollection(ctx, coll)
	if err != nil {
		return nil, err
	}
	if c.Chunks < max(wc.MinChunks, 1) || strings.HasPrefix(c.Embedder, wordvecEmbedder+":") {
		return nil, nil
	}
	if _, err := os.Stat(filepath.Join(e.embeddersDir(), coll+".json")); err == nil {
		return nil, nil
	}
	sum, err := e.TrainWordVectors(ctx, WordVecOptions{Collection: coll})
	if err != nil {
		return nil, i18n.Errorf("단어 벡터 자동 학습 실패(수집은 끝났습니다): %w", "training word vectors automatically failed (the ingest itself succeeded): %w", err)
	}
	return sum, nil
}
