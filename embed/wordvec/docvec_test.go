package wordvec

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// spaceTok splits on white space: the synthetic corpus is already tokens.
type spaceTok struct{}

func (spaceTok) Name() string                 { return "space" }
func (spaceTok) Analyze(text string) []string { return strings.Fields(text) }

func cos(a, b []float32) float64 {
	var s float64
	for i := range a {
		s += float64(a[i]) * float64(b[i])
	}
	return s // both are unit vectors
}

// TestDocVecTopics: a text is inferred near texts of its own topic. The
// expected order comes from how syntheticCorpus was built (three topics that
// never share a word), not from the code under test.
func TestDocVecTopics(t *testing.T) {
	corpus := syntheticCorpus(300, 3)
	m, err := Train(context.Background(), corpus, small(Options{Epochs: 20}))
	if err != nil {
		t.Fatal(err)
	}
	if !m.HasOutput() {
		t.Fatal("a trained model must keep its output layer")
	}
	d := NewDocVec("doc", m, spaceTok{}, 0)
	texts := []string{
		"강아지 털이 고양이 산책",  // animals
		"토끼 먹이를 햄스터 꼬리를", // animals, other words
		"서울 지하철 부산 인구",   // cities
		"대구 공항 광주 시청",    // cities, other words
		"학교에 학생 교실 시험",   // school
	}
	vs, err := d.Embed(context.Background(), texts)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vs {
		if len(v) != 32 {
			t.Fatalf("text %d: dim %d, want 32", i, len(v))
		}
	}
	tests := []struct {
		a, same, other int
	}{
		{0, 1, 2}, {0, 1, 4}, {2, 3, 0}, {2, 3, 4}, {3, 2, 1},
	}
	for _, tc := range tests {
		s, o := cos(vs[tc.a], vs[tc.same]), cos(vs[tc.a], vs[tc.other])
		if s <= o {
			t.Errorf("%q: same topic %q %.3f, other topic %q %.3f", texts[tc.a], texts[tc.same], s, texts[tc.other], o)
		}
	}
}

func TestDocVecDeterministicAndEmpty(t *testing.T) {
	m, err := Train(context.Background(), syntheticCorpus(90, 5), small(Options{}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	a, _ := NewDocVec("doc", m, spaceTok{}, 10).Embed(ctx, []string{"서울 교통 도시", "없는말 모르는말", ""})
	b, _ := NewDocVec("doc", m, spaceTok{}, 10).Embed(ctx, []string{"서울 교통 도시"})
	if !slices.Equal(a[0], b[0]) {
		t.Error("the same text must embed identically in every embedder instance")
	}
	for i := 1; i < 3; i++ {
		for _, x := range a[i] {
			if x != 0 {
				t.Errorf("text %d has no known word: want the zero vector, got %v", i, a[i][:4])
				break
			}
		}
	}
	// An imported file has no output layer: zero vectors, no panic.
	imp, _ := NewModel([]string{"서울"}, make([]float32, 4), 4, nil)
	z, err := NewDocVec("doc", imp, spaceTok{}, 0).Embed(ctx, []string{"서울"})
	if err != nil || len(z[0]) != 4 || z[0][0] != 0 {
		t.Errorf("model without output layer: %v %v", z, err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := NewDocVec("doc", m, spaceTok{}, 0).Embed(cctx, []string{"서울"}); err == nil {
		t.Error("a cancelled context must stop embedding")
	}
}

// TestAuxOutputLayer: the output layer survives Save/Load, an aux file of
// the first version (no output layer) still loads, and a cut-off layer is
// an error, not a half-read model.
func TestAuxOutputLayer(t *testing.T) {
	m, err := Train(context.Background(), syntheticCorpus(60, 9), small(Options{}))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := Save(dir, m, Meta{Name: "m", Tokenizer: "space"}); err != nil {
		t.Fatal(err)
	}
	back, _, err := Load(dir, "m")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.out, m.out) {
		t.Fatal("output layer changed across Save/Load")
	}
	ctx := context.Background()
	want, _ := NewDocVec("d", m, spaceTok{}, 0).Embed(ctx, []string{"강아지 산책 귀여운"})
	got, _ := NewDocVec("d", back, spaceTok{}, 0).Embed(ctx, []string{"강아지 산책 귀여운"})
	if !slices.Equal(want[0], got[0]) {
		t.Error("a loaded model must infer the same vectors as the trained one")
	}

	aux := filepath.Join(dir, "m.aux")
	raw, err := os.ReadFile(aux)
	if err != nil {
		t.Fatal(err)
	}
	layer := 4 + 4*len(m.out)
	v1 := append([]byte(auxMagicV1), raw[len(auxMagic):len(raw)-layer]...)
	if err := os.WriteFile(aux, v1, 0o644); err != nil {
		t.Fatal(err)
	}
	old, _, err := Load(dir, "m")
	if err != nil {
		t.Fatalf("a version 1 aux file must still load: %v", err)
	}
	if old.HasOutput() || !old.HasSubwords() {
		t.Errorf("version 1: output %v (want none), subwords %v (want kept)", old.HasOutput(), old.HasSubwords())
	}
	if err := os.WriteFile(aux, raw[:len(raw)-layer/2], 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(dir, "m"); err == nil || !strings.Contains(err.Error(), "output layer") {
		t.Errorf("cut-off output layer: got %v", err)
	}
	bad := bytes.Clone(raw)
	copy(bad[len(raw)-layer:], []byte{9, 0, 0, 0}) // 9 rows for a larger vocabulary
	if err := os.WriteFile(aux, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(dir, "m"); err == nil {
		t.Error("an output layer of the wrong size must be refused")
	}
}
