package guard

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/seogo/seogo/textproc"
)

// korquadPath is the KorQuAD 1.0 dev set committed at the repository root;
// SEOGO_KORQUAD points elsewhere.
const korquadPath = "../testdata/korquad/KorQuAD_v1.0_dev.json"

type korquadParagraph struct {
	Context string `json:"context"`
	QAs     []struct {
		Question string `json:"question"`
		Answers  []struct {
			Text  string `json:"text"`
			Start int    `json:"answer_start"`
		} `json:"answers"`
	} `json:"qas"`
}

// loadKorQuAD returns the dev set's paragraphs in file order, or skips the
// test when the file is not there (a checkout without testdata).
func loadKorQuAD(t testing.TB) []korquadParagraph {
	t.Helper()
	path := os.Getenv("SEOGO_KORQUAD")
	if path == "" {
		path = korquadPath
	}
	raw, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skipf("%s not found (set SEOGO_KORQUAD to the KorQuAD 1.0 dev JSON)", path)
	}
	if err != nil {
		t.Fatal(err)
	}
	var ds struct {
		Data []struct {
			Paragraphs []korquadParagraph `json:"paragraphs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(raw, &ds); err != nil {
		t.Fatal(err)
	}
	var out []korquadParagraph
	for _, a := range ds.Data {
		out = append(out, a.Paragraphs...)
	}
	return out
}

// TestKorQuADBenign runs the guard over real Korean text, which holds
// almost no personal data and no injections: the 5,774 KorQuAD questions
// must not be flagged as injections (false-positive rate ≤ 1%), and
// sentences of a paragraph must be grounded in it.
func TestKorQuADBenign(t *testing.T) {
	paragraphs := loadKorQuAD(t)
	questions, flagged := 0, 0
	sentences, grounded := 0, 0
	pii := map[string]int{}
	for _, p := range paragraphs {
		for _, f := range Detect(p.Context) {
			pii[f.Entity]++
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
	fpr := float64(flagged) / float64(questions)
	t.Logf("injection false positives: %d of %d questions (%.4f); PII findings in paragraphs: %v; grounded sentences: %d of %d",
		flagged, questions, fpr, pii, grounded, sentences)
	if questions != 5774 && os.Getenv("SEOGO_KORQUAD") == "" {
		t.Errorf("%d questions, want the 5,774 of the dev set", questions)
	}
	if fpr > 0.01 {
		t.Errorf("injection false-positive rate %.4f > 0.01", fpr)
	}
	if float64(grounded) < 0.99*float64(sentences) {
		t.Errorf("only %d of %d source sentences are grounded in their own paragraph", grounded, sentences)
	}
}
