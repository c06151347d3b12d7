package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLIWordVectors drives the interface on real files and a real
// SQLite store: the lecture's GloVe file, training on a Korean collection,
// similar words as JSON, and moving the collection to the trained embedder.
func TestCLIWordVectors(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"SEOGO_DATA_DIR": data, "SEOGO_LANG": "en"}

	glove := filepath.Join(t.TempDir(), "glove.lecture.txt")
	writeCLIFile(t, glove, "cat 0.5 0.3 0.2\ndog 0.4 0.7 0.8\n")
	imp := cliJSON[struct {
		Name   string `json:"name"`
		Dim    int    `json:"dim"`
		Words  int    `json:"words"`
		Format string `json:"format"`
	}](t, cliRun(t, env, "embed", "import", glove, "--name", "lecture", "--json"))
	if imp.Name != "lecture" || imp.Dim != 3 || imp.Words != 2 {
		t.Fatalf("import: %+v, want lecture, 3 dims, 2 words", imp)
	}
	sim := cliJSON[[]struct {
		Word  string  `json:"word"`
		Score float64 `json:"score"`
	}](t, cliRun(t, env, "embed", "similar", "cat", "--name", "lecture", "--k", "1", "--json"))
	// cos([.5 .3 .2], [.4 .7 .8]) = .57 / (√.38·√1.29) = .8141, worked out by hand.
	if len(sim) != 1 || sim[0].Word != "dog" || sim[0].Score < 0.8136 || sim[0].Score > 0.8146 {
		t.Fatalf("similar cat: %+v, want dog at 0.8141", sim)
	}

	// A collection about pets, cities and schools, each document on one topic.
	docs := t.TempDir()
	topics := [][]string{
		{"강아지는 산책을 좋아하고 고양이는 털이 부드럽다.", "토끼와 햄스터에게 먹이를 준다.", "동물병원에서 강아지 예방 접종을 했다."},
		{"서울 지하철은 교통이 편리하다.", "부산 인구는 서울 다음으로 많다.", "대구 시청 앞에 공항 버스가 선다."},
		{"학교에서 학생들이 시험을 본다.", "선생님이 교실에서 수업을 한다.", "학생은 학교 도서관에서 공부한다."},
	}
	for i := 0; i < 30; i++ {
		tp := topics[i%3]
		text := strings.Repeat(tp[i%3]+" "+tp[(i+1)%3]+" ", 4)
		writeCLIFile(t, filepath.Join(docs, fmt.Sprintf("doc%02d.txt", i)), text)
	}
	cliOK(t, cliRun(t, env, "ingest", docs, "-q"))
	tr := cliJSON[struct {
		Embedder string `json:"embedder"`
		Dim      int    `json:"dim"`
		Words    int    `json:"words"`
		Stats    struct {
			EpochLoss []float64 `json:"epoch_loss"`
		} `json:"stats"`
	}](t, cliRun(t, env, "embed", "train", "--dim", "32", "--threads", "1", "--json", "-q"))
	if tr.Embedder != "wordvec:default" || tr.Dim != 32 || tr.Words < 20 || len(tr.Stats.EpochLoss) < 5 {
		t.Fatalf("train: %+v", tr)
	}
	if first, last := tr.Stats.EpochLoss[0], tr.Stats.EpochLoss[len(tr.Stats.EpochLoss)-1]; last >= first {
		t.Errorf("loss did not fall: %v", tr.Stats.EpochLoss)
	}
	near := cliJSON[[]struct {
		Word  string  `json:"word"`
		Score float64 `json:"score"`
	}](t, cliRun(t, env, "embed", "similar", "강아지", "--k", "5", "--json"))
	if len(near) != 5 {
		t.Fatalf("similar 강아지: %+v", near)
	}
	cliOK(t, cliRun(t, env, "reembed", "--embedder", tr.Embedder, "-q"))
	res := cliJSON[struct {
		Hits []struct {
			Doc struct {
				Source string `json:"source"`
			} `json:"doc"`
		} `json:"hits"`
	}](t, cliRun(t, env, "search", "--mode", "semantic", "-k", "3", "--json", "학생 시험 수업"))
	hits := res.Hits
	if len(hits) == 0 {
		t.Fatal("semantic search on the trained embedder found nothing")
	}
	for _, h := range hits {
		var n int
		fmt.Sscanf(filepath.Base(h.Doc.Source), "doc%02d.txt", &n)
		if n%3 != 2 {
			t.Errorf("semantic hit %s is not a school document (doc number ≡ 2 mod 3)", h.Doc.Source)
		}
	}

	// Retraining the model the collection uses under the same name is
	// refused (its vectors would stay the old model's)...
	again := cliRun(t, env, "embed", "train", "--dim", "32", "--threads", "1", "--seed", "2", "-q")
	if again.code != exitRuntime || !strings.Contains(again.stderr, "--replace") || !strings.Contains(again.stderr, "default") {
		t.Fatalf("retraining a model in use: want exit 1 naming the collection and --replace, got %v", again)
	}
	// ... and so is importing a file under that name.
	if r := cliRun(t, env, "embed", "import", glove, "--name", "default"); r.code != exitRuntime {
		t.Fatalf("importing over a model in use: %v", r)
	}
	// --replace retrains and re-embeds the collection: its vectors then
	// equal what the new model gives (semantic search of a chunk's own text
	// finds it at cosine ≈ 1, which stale vectors would not).
	rep := cliJSON[struct {
		Reembedded []string `json:"reembedded"`
	}](t, cliRun(t, env, "embed", "train", "--dim", "32", "--threads", "1", "--seed", "2", "--replace", "--json", "-q"))
	if len(rep.Reembedded) != 1 || rep.Reembedded[0] != "default" {
		t.Fatalf("--replace re-embedded %v, want [default]", rep.Reembedded)
	}
	again2 := cliJSON[struct {
		Hits []struct {
			Vector struct {
				Score float64 `json:"score"`
			} `json:"vector"`
		} `json:"hits"`
	}](t, cliRun(t, env, "search", "--mode", "semantic", "-k", "1", "--json", strings.Repeat(topics[2][2]+" "+topics[2][0]+" ", 4)))
	if len(again2.Hits) != 1 || again2.Hits[0].Vector.Score < 0.99 {
		t.Errorf("after --replace a chunk's own text should match it at cosine ≈ 1: %+v", again2.Hits)
	}
}

// TestCLIAutoTrain: with wordvec.auto_train, the ingest that brings a
// collection to min_chunks trains wordvec:COLLECTION (and only that one),
// without moving the collection to it.
func TestCLIAutoTrain(t *testing.T) {
	data := t.TempDir()
	cfg := filepath.Join(t.TempDir(), "seogo.yaml")
	writeCLIFile(t, cfg, "wordvec:\n  auto_train: true\n  min_chunks: 20\n")
	env := map[string]string{"SEOGO_DATA_DIR": data, "SEOGO_LANG": "ko", "SEOGO_CONFIG": cfg}
	docs := t.TempDir()
	write := func(from, to int) {
		for i := from; i < to; i++ {
			writeCLIFile(t, filepath.Join(docs, fmt.Sprintf("doc%02d.txt", i)),
				fmt.Sprintf("강아지 %d 마리가 공원에서 산책을 한다. 고양이는 집에서 잠을 잔다. 서울 지하철 %d 호선.", i, i%9))
		}
	}
	type summary struct {
		Chunks  int `json:"chunks"`
		Trained *struct {
			Embedder string `json:"embedder"`
		} `json:"trained"`
		TrainError string `json:"train_error"`
	}
	write(0, 10)
	first := cliJSON[summary](t, cliRun(t, env, "ingest", docs, "--json", "-q"))
	if first.Trained != nil || first.TrainError != "" {
		t.Fatalf("10 chunks are under min_chunks 20: nothing should train, got %+v", first)
	}
	write(10, 25)
	second := cliJSON[summary](t, cliRun(t, env, "ingest", docs, "--json", "-q"))
	if second.Trained == nil || second.Trained.Embedder != "wordvec:default" {
		t.Fatalf("25 chunks reach min_chunks: want wordvec:default trained, got %+v", second)
	}
	cols := cliJSON[[]struct {
		Name     string `json:"name"`
		Embedder string `json:"embedder"`
	}](t, cliRun(t, env, "collections", "list", "--json"))
	if len(cols) != 1 || strings.HasPrefix(cols[0].Embedder, "wordvec:") {
		t.Errorf("auto-training must not switch the collection: %+v", cols)
	}
	write(25, 30)
	third := cliRun(t, env, "ingest", docs, "-q")
	cliOK(t, third)
	if strings.Contains(third.stdout, "wordvec:default") {
		t.Errorf("a model of that name exists: the next ingest must not train again:\n%s", third.stdout)
	}
	// The model is usable: similar words come from it.
	cliOK(t, cliRun(t, env, "embed", "similar", "강아지", "--k", "3"))
}
