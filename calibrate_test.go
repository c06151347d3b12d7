package seogo

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/seogo/seogo/eval"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/rag"
)

// TestNotFoundThreshold checks the calibrated not-found threshold on the real
// pipeline. Answerable questions: KorQuAD questions whose paragraphs are
// indexed. Unanswerable ones: questions about the articles held out of the
// index — the realistic case of a question on a topic the documents do not
// cover, in the same language and style. With SEOGO_CALIBRATE=1 it also
// prints the threshold rag.Calibrate would pick from these confidences.
func TestNotFoundThreshold(t *testing.T) {
	if testing.Short() {
		t.Skip("indexes half of KorQuAD")
	}
	ctx := context.Background()
	f, err := os.Open("testdata/korquad/KorQuAD_v1.0_dev.json")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := eval.ReadSQuAD(f, "korquad")
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	// Hold out every other article: doc IDs are "a<article>-p<paragraph>".
	held := func(docID string) bool {
		var a, p int
		if _, err := fmtSscanf(docID, &a, &p); err != nil {
			t.Fatalf("doc ID %q: %v", docID, err)
		}
		return a%2 == 1
	}
	indexed := &eval.Dataset{Name: "korquad-half"}
	for _, d := range ds.Docs {
		if !held(d.ID) {
			indexed.Docs = append(indexed.Docs, d)
		}
	}
	cfg := DefaultConfig()
	cfg.DataDir, cfg.Collection = t.TempDir(), "cal"
	e, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	b, err := e.bind(ctx, "cal", true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.ingestDataset(ctx, b, indexed, func(int, int) {}); err != nil {
		t.Fatal(err)
	}
	var pos, neg []float64
	var posMissed, negAnswered int
	for i, q := range ds.Queries {
		if i%3 != 0 { // a third of the questions keeps the test quick
			continue
		}
		ans, err := e.Ask(ctx, q.Text, AskOptions{Lang: i18n.Ko})
		if err != nil {
			t.Fatalf("ask %q: %v", q.Text, err)
		}
		var rel string
		for id := range q.Relevant {
			rel = id
		}
		if held(rel) {
			neg = append(neg, ans.Confidence)
			if !ans.NotFound {
				negAnswered++
			}
		} else {
			pos = append(pos, ans.Confidence)
			if ans.NotFound {
				posMissed++
			}
		}
	}
	missRate := float64(posMissed) / float64(len(pos))
	refuseRate := 1 - float64(negAnswered)/float64(len(neg))
	t.Logf("answerable: %d, not found %.3f; unanswerable: %d, refused %.3f (threshold %.3f)",
		len(pos), missRate, len(neg), refuseRate, rag.DefaultMinConfidence)
	if os.Getenv("SEOGO_CALIBRATE") != "" {
		t.Logf("rag.Calibrate picks %.3f", rag.Calibrate(pos, neg))
	}
	if missRate > rag.MaxMissedAnswers {
		t.Errorf("answerable questions reported not found: %.3f > %.2f", missRate, rag.MaxMissedAnswers)
	}
	if refuseRate < 0.6 {
		t.Errorf("questions about topics outside the documents answered anyway: refused only %.3f", refuseRate)
	}
}

func fmtSscanf(id string, a, p *int) (int, error) { return fmt.Sscanf(id, "a%d-p%d", a, p) }
