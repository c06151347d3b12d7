package guard

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/seogo/seogo/textproc"
)

// TestKorQuADBenign runs the guard over real Korean text, which holds
// almost no personal data and no injections: KorQuAD questions must not be
// flagged as injections (false-positive rate ≤ 1%), and correct sentences
// of a paragraph must be grounded in it. Set SEOGO_KORQUAD to the KorQuAD
// 1.0 dev JSON (../../shared/data/korquad/KorQuAD_v1.0_dev.json) to run.
func TestKorQuADBenign(t *testing.T) {
	path := os.Getenv("SEOGO_KORQUAD")
	if path == "" {
		t.Skip("set SEOGO_KORQUAD to the KorQuAD 1.0 dev JSON to run")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var ds struct {
		Data []struct {
			Paragraphs []struct {
				Context string `json:"context"`
				QAs     []struct {
					Question string `json:"question"`
				} `json:"qas"`
			} `json:"paragraphs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &ds); err != nil {
		t.Fatal(err)
	}
	questions, flagged := 0, 0
	sentences, grounded := 0, 0
	pii := map[string]int{}
	for _, a := range ds.Data {
		for _, p := range a.Paragraphs {
			for _, f := range Detect(p.Context) {
				pii[f.Entity]++
				if testing.Verbose() && pii[f.Entity] <= 3 {
					t.Logf("PII in KorQuAD: %s %q", f.Entity, f.Text)
				}
			}
			for _, sp := range textproc.Sentences(p.Context) {
				sentences++
				if Grounded(p.Context[sp.Start:sp.End], []string{p.Context}).Score == 1 {
					grounded++
				}
			}
			for _, q := range p.QAs {
				questions++
				if inj := DetectInjection(q.Question); inj.Detected {
					flagged++
					t.Logf("flagged: %q %v", q.Question, inj.Reasons)
				}
			}
		}
	}
	fpr := float64(flagged) / float64(questions)
	t.Logf("injection false positives: %d of %d questions (%.4f); PII findings in paragraphs: %v; grounded sentences: %d of %d",
		flagged, questions, fpr, pii, grounded, sentences)
	if fpr > 0.01 {
		t.Errorf("injection false-positive rate %.4f > 0.01", fpr)
	}
	if float64(grounded) < 0.99*float64(sentences) {
		t.Errorf("only %d of %d source sentences are grounded in their own paragraph", grounded, sentences)
	}
}
