package wordvec

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// syntheticCorpus has a known co-occurrence structure: animals share one set
// of contexts, cities another, and never each other's. Eojeol forms attach
// particles, so subwords see 학교 with many endings.
func syntheticCorpus(n int, seed uint64) [][]string {
	r := rand.New(rand.NewPCG(seed, 1))
	animals := []string{"강아지", "고양이", "토끼", "햄스터"}
	animalCtx := []string{"귀여운", "털이", "먹이를", "산책", "꼬리를", "짖는다", "동물병원"}
	cities := []string{"서울", "부산", "대구", "광주"}
	cityCtx := []string{"지하철", "인구", "시청", "도시", "교통", "공항", "시장은"}
	school := []string{"학교에", "학교는", "학교를", "학교가", "학교의", "학교"}
	schoolCtx := []string{"학생", "선생님", "수업", "교실", "시험"}
	pick := func(s []string) string { return s[r.IntN(len(s))] }
	var out [][]string
	for i := 0; i < n; i++ {
		var s []string
		switch i % 3 {
		case 0:
			for j := 0; j < 8; j++ {
				s = append(s, pick(animals), pick(animalCtx))
			}
		case 1:
			for j := 0; j < 8; j++ {
				s = append(s, pick(cities), pick(cityCtx))
			}
		default:
			for j := 0; j < 8; j++ {
				s = append(s, pick(school), pick(schoolCtx))
			}
		}
		out = append(out, s)
	}
	return out
}

func small(o Options) Options {
	o.Dim, o.Epochs, o.MinCount, o.Workers, o.Seed = 32, 5, 1, 1, 7
	if o.Buckets == 0 {
		o.Buckets = 20_000
	}
	return o
}

func TestLectureExample(t *testing.T) {
	sents := [][]string{{"강아지", "고양이", "두", "마리", "계단", "위", "앉아", "있다"}}
	m, err := Train(context.Background(), sents, Options{Dim: 100, MinCount: 1, Workers: 1, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	v, ok := m.Vector("강아지")
	if !ok || len(v) != 100 {
		t.Fatalf("강아지: ok %v, %d dims; want a 100-d vector", ok, len(v))
	}
}

func TestTrainDeterministic(t *testing.T) {
	corpus := syntheticCorpus(300, 1)
	for _, cbow := range []bool{false, true} {
		t.Run(fmt.Sprint("cbow=", cbow), func(t *testing.T) {
			a, err := Train(context.Background(), corpus, small(Options{CBOW: cbow}))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := Train(context.Background(), corpus, small(Options{CBOW: cbow}))
			if !slices.Equal(a.vecs, b.vecs) || !slices.Equal(a.sub.vecs, b.sub.vecs) {
				t.Fatal("same seed and one worker gave different vectors")
			}
			other := small(Options{CBOW: cbow})
			other.Seed = 8
			c, _ := Train(context.Background(), corpus, other)
			if slices.Equal(a.vecs, c.vecs) {
				t.Fatal("another seed gave the same vectors")
			}
		})
	}
}

func TestSimilarityStructure(t *testing.T) {
	corpus := syntheticCorpus(600, 2)
	cases := []struct {
		name string
		opt  Options
	}{
		{"skipgram", Options{}},
		{"cbow", Options{CBOW: true}},
		{"skipgram-nosubwords", Options{Buckets: -1}},
		{"skipgram-4workers", Options{Workers: 4}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			o := small(tc.opt)
			if tc.opt.Workers > 0 {
				if raceBuild {
					t.Skip("Hogwild! updates race by design")
				}
				o.Workers = tc.opt.Workers
			}
			o.Epochs = 10
			m, err := Train(context.Background(), corpus, o)
			if err != nil {
				t.Fatal(err)
			}
			sim := func(a, b string) float64 {
				s, ok := m.Similarity(a, b)
				if !ok {
					t.Fatalf("no vector for %s or %s", a, b)
				}
				return s
			}
			for _, p := range [][4]string{{"강아지", "고양이", "강아지", "서울"}, {"서울", "부산", "서울", "토끼"}, {"대구", "광주", "햄스터", "광주"}} {
				if in, out := sim(p[0], p[1]), sim(p[2], p[3]); in <= out {
					t.Errorf("sim(%s,%s)=%.3f not above sim(%s,%s)=%.3f", p[0], p[1], in, p[2], p[3], out)
				}
			}
			top, err := m.MostSimilar([]string{"강아지"}, nil, 3)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range top {
				if !slices.Contains([]string{"고양이", "토끼", "햄스터", "귀여운", "털이", "먹이를", "산책", "꼬리를", "짖는다", "동물병원"}, s.Word) {
					t.Errorf("MostSimilar(강아지) has %s (%v)", s.Word, top)
				}
			}
			if odd, _ := m.DoesntMatch([]string{"강아지", "고양이", "토끼", "부산"}); odd != "부산" {
				t.Errorf("DoesntMatch = %s, want 부산", odd)
			}
			if loss := m.Stats.EpochLoss; loss[len(loss)-1] >= loss[0] {
				t.Errorf("loss did not fall: %v", loss)
			}
		})
	}
}

func TestSubwordOOV(t *testing.T) {
	o := small(Options{})
	o.Epochs = 10
	m, err := Train(context.Background(), syntheticCorpus(600, 3), o)
	if err != nil {
		t.Fatal(err)
	}
	for _, oov := range []string{"학교에서", "학교까지", "학교로"} {
		if m.Contains(oov) {
			t.Fatalf("%s should be out of vocabulary", oov)
		}
		near, _ := m.Similarity(oov, "학교")
		far, _ := m.Similarity(oov, "서울")
		if near <= far || near < 0.3 {
			t.Errorf("%s: sim to 학교 %.3f, to 서울 %.3f; want close to 학교", oov, near, far)
		}
	}
	plain := small(Options{Buckets: -1})
	p, _ := Train(context.Background(), syntheticCorpus(60, 3), plain)
	if _, ok := p.Vector("학교에서"); ok {
		t.Error("a model without subwords gave a vector to an unknown word")
	}
}

func TestLossFallsPerEpoch(t *testing.T) {
	o := small(Options{})
	o.Epochs = 6
	var reports []Progress
	o.Progress = func(p Progress) {
		if p.EpochDone {
			reports = append(reports, p)
		}
	}
	m, err := Train(context.Background(), syntheticCorpus(600, 4), o)
	if err != nil {
		t.Fatal(err)
	}
	loss := m.Stats.EpochLoss
	for i := 1; i < len(loss); i++ {
		if loss[i] > loss[i-1] {
			t.Errorf("epoch %d loss %.4f above epoch %d's %.4f", i+1, loss[i], i, loss[i-1])
		}
	}
	if len(reports) != 6 || reports[5].Words != reports[5].Total {
		t.Errorf("epoch reports %+v", reports)
	}
}

func TestTrainErrors(t *testing.T) {
	if _, err := Train(context.Background(), [][]string{{"하나"}}, Options{MinCount: 2}); err == nil ||
		!strings.Contains(err.Error(), "min-count") {
		t.Errorf("err = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Train(ctx, syntheticCorpus(3000, 1), small(Options{})); err == nil {
		t.Error("cancelled training returned no error")
	}
}
