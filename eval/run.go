package eval

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/seogo/seogo/i18n"
)

// Searcher is the system under evaluation as a retriever: the distinct IDs of
// the docs it finds for query in mode ("keyword", "semantic", "hybrid", ...),
// best first. A chunk-level engine maps chunks to their docs and keeps each
// doc's first position.
type Searcher interface {
	SearchDocs(ctx context.Context, mode, query string, k int) ([]string, error)
}

// Answerer is the system under evaluation as a question answerer.
type Answerer interface {
	AnswerText(ctx context.Context, query string) (text string, notFound bool, err error)
}

// searchDepth is the deepest cut-off any retrieval metric looks at.
const searchDepth = 10

// RunRetrieval searches every query in mode with workers goroutines (≤ 0:
// GOMAXPROCS) and averages the metrics. QPS is queries per wall-clock second
// of the whole run, so it includes the parallelism. progress, if not nil, is
// called after each query, never concurrently. The first search error stops
// the run and is returned.
func RunRetrieval(ctx context.Context, s Searcher, mode string, qs []Query, workers int, progress func(done, total int)) (ModeReport, error) {
	type scores struct{ r1, r3, r5, r10, rr, ndcg float64 }
	res := make([]scores, len(qs))
	start := time.Now()
	err := parallel(ctx, len(qs), workers, progress, func(ctx context.Context, i int) error {
		q := qs[i]
		ranked, err := s.SearchDocs(ctx, mode, q.Text, searchDepth)
		if err != nil {
			return i18n.Errorf("%s 검색 중 질문 %s 에서 오류: %w", "%s search for query %s: %w", mode, q.ID, err)
		}
		res[i] = scores{
			r1: RecallAt(ranked, q.Relevant, 1), r3: RecallAt(ranked, q.Relevant, 3),
			r5: RecallAt(ranked, q.Relevant, 5), r10: RecallAt(ranked, q.Relevant, 10),
			rr: ReciprocalRank(ranked, q.Relevant, 10), ndcg: NDCG(ranked, q.Relevant, 10),
		}
		return nil
	})
	elapsed := time.Since(start).Seconds()
	if err != nil || len(qs) == 0 {
		return ModeReport{}, err
	}
	var m ModeReport
	for _, r := range res { // summed in query order: the same run gives the same bits
		m.Recall1 += r.r1
		m.Recall3 += r.r3
		m.Recall5 += r.r5
		m.Recall10 += r.r10
		m.MRR10 += r.rr
		m.NDCG10 += r.ndcg
	}
	n := float64(len(qs))
	m.Recall1, m.Recall3, m.Recall5, m.Recall10 = m.Recall1/n, m.Recall3/n, m.Recall5/n, m.Recall10/n
	m.MRR10, m.NDCG10 = m.MRR10/n, m.NDCG10/n
	m.Queries = len(qs)
	if elapsed > 0 {
		m.QPS = n / elapsed
	}
	return m, nil
}

// RunAnswers asks every query and scores the answers against the gold
// answers: Contains and F1 are means over all queries (a not-found answer
// scores 0 on both, as does a query without gold answers, so pass answerable
// queries), NotFound is the share answered "not found". Workers and progress
// work as in RunRetrieval.
func RunAnswers(ctx context.Context, a Answerer, qs []Query, workers int, progress func(done, total int)) (AnswerReport, error) {
	type scores struct{ contains, f1, notFound float64 }
	res := make([]scores, len(qs))
	err := parallel(ctx, len(qs), workers, progress, func(ctx context.Context, i int) error {
		q := qs[i]
		text, notFound, err := a.AnswerText(ctx, q.Text)
		if err != nil {
			return i18n.Errorf("질문 %s 에 답하는 중 오류: %w", "answering query %s: %w", q.ID, err)
		}
		if notFound {
			res[i].notFound = 1
			return nil
		}
		if Contains(text, q.Answers) {
			res[i].contains = 1
		}
		res[i].f1 = F1(text, q.Answers)
		return nil
	})
	if err != nil || len(qs) == 0 {
		return AnswerReport{}, err
	}
	var r AnswerReport
	for _, s := range res {
		r.Contains += s.contains
		r.F1 += s.f1
		r.NotFound += s.notFound
	}
	n := float64(len(qs))
	r.Contains, r.F1, r.NotFound = r.Contains/n, r.F1/n, r.NotFound/n
	r.Queries = len(qs)
	return r, nil
}

// parallel calls fn(ctx, i) for i in [0, n) on workers goroutines and
// returns the first error, after which no new calls start.
func parallel(ctx context.Context, n, workers int, progress func(done, total int), fn func(context.Context, int) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		next     atomic.Int64
		mu       sync.Mutex
		done     int
		firstErr error
		wg       sync.WaitGroup
	)
	for range workers {
		wg.Go(func() {
			for runCtx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				err := fn(runCtx, i)
				mu.Lock()
				if err != nil {
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					cancel()
					return
				}
				done++
				if progress != nil {
					progress(done, n)
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return ctx.Err()
}
