package eval

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
)

// fakeSearcher returns a fixed ranking per query text: it stands for the
// system under test, whose output is the runner's input.
type fakeSearcher struct {
	ranked map[string][]string
	fail   string
	mu     sync.Mutex
	calls  []string
}

func (f *fakeSearcher) SearchDocs(_ context.Context, mode, q string, k int) ([]string, error) {
	f.mu.Lock()
	f.calls = append(f.calls, fmt.Sprintf("%s/%d", mode, k))
	f.mu.Unlock()
	if q == f.fail {
		return nil, errors.New("index closed")
	}
	return f.ranked[q], nil
}

var runQueries = []Query{
	{ID: "q1", Text: "임종석이 지명수배된 날은?", Relevant: map[string]int{"d1": 1}, Answers: []string{"임종석"}},
	{ID: "q2", Text: "임종석이 검거된 곳은?", Relevant: map[string]int{"d3": 1}, Answers: []string{"경희대"}},
	{ID: "q3", Text: "Who won Super Bowl 50?", Relevant: map[string]int{"d9": 2, "d8": 1}, Answers: []string{"Denver Broncos"}},
}

func TestRunRetrieval(t *testing.T) {
	s := &fakeSearcher{ranked: map[string][]string{
		// q1: hit at rank 1: every metric 1.
		"임종석이 지명수배된 날은?": {"d1", "d2"},
		// q2: hit at rank 5: R@1 0, R@3 0, R@5 1, R@10 1, RR .2, nDCG 1/log₂6.
		"임종석이 검거된 곳은?": {"d1", "d2", "d4", "d5", "d3"},
		// q3: the grade-1 doc at rank 1, the grade-2 one missing: recall .5 at
		// every k, RR 1, nDCG = 1 / (3 + 1/log₂3).
		"Who won Super Bowl 50?": {"d8", "d7"},
	}}
	want := ModeReport{
		Recall1: 1.5 / 3, Recall3: 1.5 / 3, Recall5: 2.5 / 3, Recall10: 2.5 / 3,
		MRR10: 2.2 / 3, NDCG10: 0.5540881198702428, Queries: 3,
	}
	for _, workers := range []int{0, 1, 2, 8} {
		var progress []int
		got, err := RunRetrieval(context.Background(), s, "hybrid", runQueries, workers, func(done, total int) {
			if total != 3 {
				t.Errorf("progress total %d", total)
			}
			progress = append(progress, done) // never called concurrently: no lock
		})
		if err != nil {
			t.Fatal(err)
		}
		if got.QPS <= 0 {
			t.Errorf("workers %d: qps %v", workers, got.QPS)
		}
		got.QPS = 0
		if !closeEnough(got, want) {
			t.Errorf("workers %d:\ngot  %+v\nwant %+v", workers, got, want)
		}
		if fmt.Sprint(progress) != "[1 2 3]" {
			t.Errorf("workers %d: progress %v", workers, progress)
		}
	}
	for _, c := range s.calls {
		if c != "hybrid/10" {
			t.Fatalf("searcher called with %s, want mode hybrid and k 10", c)
		}
	}

	s.fail = "임종석이 검거된 곳은?"
	if _, err := RunRetrieval(context.Background(), s, "keyword", runQueries, 2, nil); err == nil || !strings.Contains(err.Error(), "q2") {
		t.Errorf("error = %v, want the failing query named", err)
	}
	if got, err := RunRetrieval(context.Background(), s, "keyword", nil, 2, nil); err != nil || got != (ModeReport{}) {
		t.Errorf("no queries: %+v, %v", got, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := RunRetrieval(ctx, s, "keyword", runQueries, 2, nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run error = %v", err)
	}
}

func closeEnough(a, b ModeReport) bool {
	eq := func(x, y float64) bool { return math.Abs(x-y) < 1e-12 }
	return eq(a.Recall1, b.Recall1) && eq(a.Recall3, b.Recall3) && eq(a.Recall5, b.Recall5) &&
		eq(a.Recall10, b.Recall10) && eq(a.MRR10, b.MRR10) && eq(a.NDCG10, b.NDCG10) &&
		eq(a.QPS, b.QPS) && a.Queries == b.Queries
}

type fakeAnswerer map[string]string

func (f fakeAnswerer) AnswerText(_ context.Context, q string) (string, bool, error) {
	a, ok := f[q]
	if !ok {
		return "", false, errors.New("model unavailable")
	}
	return a, a == "", nil
}

func TestRunAnswers(t *testing.T) {
	a := fakeAnswerer{
		// Contains; F1 over characters 임 종 석 이 주 도 했 다 vs 임 종 석 = 6/11.
		"임종석이 지명수배된 날은?": "임종석이 주도했다 [1]",
		"임종석이 검거된 곳은?":   "", // not found
		// Contains; F1 over words denver broncos won game vs denver broncos = 2/3.
		"Who won Super Bowl 50?": "Denver Broncos won the game [2]",
	}
	got, err := RunAnswers(context.Background(), a, runQueries, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := AnswerReport{Contains: 2.0 / 3, F1: 0.404040404040404, NotFound: 1.0 / 3, Queries: 3}
	if math.Abs(got.Contains-want.Contains) > 1e-12 || math.Abs(got.F1-want.F1) > 1e-12 ||
		math.Abs(got.NotFound-want.NotFound) > 1e-12 || got.Queries != 3 {
		t.Errorf("got %+v, want %+v", got, want)
	}
	delete(a, "Who won Super Bowl 50?")
	if _, err := RunAnswers(context.Background(), a, runQueries, 1, nil); err == nil || !strings.Contains(err.Error(), "q3") {
		t.Errorf("error = %v, want the failing query named", err)
	}
}

func TestReportTable(t *testing.T) {
	r := &Report{
		Dataset: "korquad", Docs: 964, Chunks: 1021, Queries: 5774, IngestSeconds: 12.34,
		Analyzer: "bigram", Embedder: "local-hash",
		Modes: map[string]ModeReport{
			"hybrid":    {Recall1: 0.9123, Recall3: 0.97, Recall5: 0.985, Recall10: 0.99, MRR10: 0.94, NDCG10: 0.95, QPS: 812.26},
			"rerank":    {Recall1: 0.93, QPS: 40},
			"keyword":   {Recall1: 0.9, Recall3: 0.96, Recall5: 0.98, Recall10: 0.99, MRR10: 0.934, NDCG10: 0.947, QPS: 1685},
			"semantic":  {Recall1: 0.5, QPS: 1200.5},
			"bm25title": {Recall1: 0.1},
		},
		Answers: &AnswerReport{Contains: 0.8, F1: 0.41, NotFound: 0.02, Queries: 5774},
		Extra:   map[string]any{"workers": 2, "commit": "abc"},
	}
	var b strings.Builder
	if err := r.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	want := `mode         R@1    R@3    R@5   R@10  MRR@10  nDCG@10     q/s
keyword    0.900  0.960  0.980  0.990   0.934    0.947  1685.0
semantic   0.500  0.000  0.000  0.000   0.000    0.000  1200.5
hybrid     0.912  0.970  0.985  0.990   0.940    0.950   812.3
bm25title  0.100  0.000  0.000  0.000   0.000    0.000     0.0
rerank     0.930  0.000  0.000  0.000   0.000    0.000    40.0

answers: contains 0.800, F1 0.410, not found 0.020 (5774 queries)

commit: abc
workers: 2
`
	if b.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestReportJSON(t *testing.T) {
	b, err := json.Marshal(ModeReport{Recall1: 1, Queries: 2})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"recall@1":1,"recall@3":0,"recall@5":0,"recall@10":0,"mrr@10":0,"ndcg@10":0,"qps":0,"queries":2}`
	if string(b) != want {
		t.Errorf("mode JSON = %s, want %s", b, want)
	}
	b, _ = json.Marshal(AnswerReport{Contains: 0.5, Queries: 4})
	if want := `{"contains":0.5,"f1":0,"not_found":0,"queries":4}`; string(b) != want {
		t.Errorf("answers JSON = %s, want %s", b, want)
	}
	b, _ = json.Marshal(Report{Dataset: "d"})
	if !strings.Contains(string(b), `"dataset":"d"`) || strings.Contains(string(b), "answers") || strings.Contains(string(b), "extra") {
		t.Errorf("report JSON = %s", b)
	}
}
