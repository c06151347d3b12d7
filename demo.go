package seogo

import (
	"bytes"
	"context"
	_ "embed"
	"os"
	"time"

	"github.com/seogo/seogo/eval"
)

// demoCorpus is the KorQuAD 1.0 dev set, bundled unmodified (CC BY-ND 2.0 KR,
// LG CNS; see testdata/korquad/SOURCE.md) so `seogo demo` works offline on a
// fresh machine with nothing but the binary.
//
//go:embed testdata/korquad/KorQuAD_v1.0_dev.json
var demoCorpus []byte

// DemoQuestions are the questions `seogo demo` asks: answerable ones from
// the corpus's own topics, phrased as a user would, and one the corpus cannot
// answer, to show that seogo says so instead of guessing.
var DemoQuestions = []string{
	"임종석이 여의도 농민 폭력 시위를 주도한 혐의로 지명수배된 날은 언제인가요?",
	"증강현실 연구의 시초가 된 사람은 누구인가요?",
	"테드 번디가 태어난 곳은 어디인가요?",
	"화성 이주선의 2030년 발사 예산은 얼마인가요?",
}

// DemoInfo describes the demo store.
type DemoInfo struct {
	Documents, Chunks int
	Seconds           float64
}

// OpenDemo indexes the bundled KorQuAD paragraphs into a temporary data
// directory and returns an engine on it; close removes the directory.
func OpenDemo(ctx context.Context, cfg Config, progress func(done, total int)) (e *Engine, closeFn func(), info DemoInfo, err error) {
	ds, err := eval.ReadSQuAD(bytes.NewReader(demoCorpus), "korquad")
	if err != nil {
		return nil, nil, info, err
	}
	tmp, err := os.MkdirTemp("", "seogo-demo-*")
	if err != nil {
		return nil, nil, info, err
	}
	cfg.DataDir, cfg.Collection = tmp, "demo"
	if e, err = Open(ctx, cfg); err != nil {
		os.RemoveAll(tmp)
		return nil, nil, info, err
	}
	closeFn = func() { e.Close(); os.RemoveAll(tmp) }
	b, err := e.bind(ctx, "demo", true)
	if err != nil {
		closeFn()
		return nil, nil, info, err
	}
	if progress == nil {
		progress = func(int, int) {}
	}
	start := time.Now()
	n, err := e.ingestDataset(ctx, b, ds, progress)
	if err != nil {
		closeFn()
		return nil, nil, info, err
	}
	return e, closeFn, DemoInfo{Documents: len(ds.Docs), Chunks: n, Seconds: time.Since(start).Seconds()}, nil
}
