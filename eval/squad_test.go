package eval

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/seogo/seogo/i18n"
)

const smallSQuAD = `{"version": "test", "data": [
 {"title": "임종석", "paragraphs": [
  {"context": "1989년 2월 15일 여의도 농민 폭력 시위를 주도한 혐의로 지명수배되었다.", "qas": [
   {"id": "q1", "question": "임종석이 지명수배된 날은?", "answers": [
    {"text": "1989년 2월 15일", "answer_start": 0}, {"text": "1989년 2월 15일", "answer_start": 0}, {"text": "1989년", "answer_start": 0}]},
   {"id": "blank", "question": "  ", "answers": []}]},
  {"context": "임종석은 경희대 학생회관에서 검거되었다.", "qas": [
   {"id": 7, "question": "임종석이 검거된 곳은?", "answers": [{"text": "경희대", "answer_start": 5}]}]}]},
 {"title": "서울", "paragraphs": [
  {"context": "서울은 대한민국의 수도이다.", "qas": [
   {"question": "대한민국의 수도는?", "answers": [{"text": "서울", "answer_start": 0}]},
   {"id": "imp", "question": "북한의 수도는?", "answers": [], "is_impossible": true}]}]}
]}`

func TestReadSQuAD(t *testing.T) {
	ds, err := ReadSQuAD(strings.NewReader(smallSQuAD), "small")
	if err != nil {
		t.Fatal(err)
	}
	want := &Dataset{
		Name: "small",
		Docs: []Doc{
			{ID: "a0-p0", Title: "임종석", Text: "1989년 2월 15일 여의도 농민 폭력 시위를 주도한 혐의로 지명수배되었다."},
			{ID: "a0-p1", Title: "임종석", Text: "임종석은 경희대 학생회관에서 검거되었다."},
			{ID: "a1-p0", Title: "서울", Text: "서울은 대한민국의 수도이다."},
		},
		Queries: []Query{
			{ID: "q1", Text: "임종석이 지명수배된 날은?", Relevant: map[string]int{"a0-p0": 1}, Answers: []string{"1989년 2월 15일", "1989년"}},
			{ID: "7", Text: "임종석이 검거된 곳은?", Relevant: map[string]int{"a0-p1": 1}, Answers: []string{"경희대"}},
			{ID: "a1-p0-q0", Text: "대한민국의 수도는?", Relevant: map[string]int{"a1-p0": 1}, Answers: []string{"서울"}},
		},
		HasAnswers: true,
	}
	if !reflect.DeepEqual(ds, want) {
		t.Errorf("got  %+v\nwant %+v", ds, want)
	}
}

func TestReadSQuADErrors(t *testing.T) {
	for _, in := range []string{
		``,
		`not json`,
		`{}`,
		`{"data": []}`,
		`{"data": [{"paragraphs": [{"context": "x", "qas": [{"id": {}, "question": "q"}]}]}]}`,
	} {
		if _, err := ReadSQuAD(strings.NewReader(in), "bad"); err == nil {
			t.Errorf("ReadSQuAD(%q) should fail", in)
		}
	}
}

// The bundled KorQuAD 1.0 dev set: its documented shape, and every gold
// answer inside its own paragraph (which is what the retrieval benchmark
// relies on: the question's paragraph is the one that holds the answer).
func TestKorQuADDev(t *testing.T) {
	ds, err := Load(filepath.Join("..", "testdata", "korquad", "KorQuAD_v1.0_dev.json"))
	if err != nil {
		t.Fatal(err)
	}
	if ds.Name != "KorQuAD_v1.0_dev" || len(ds.Docs) != 964 || len(ds.Queries) != 5774 || !ds.HasAnswers {
		t.Fatalf("%s: %d docs, %d queries (answers %v); want KorQuAD_v1.0_dev, 964, 5774",
			ds.Name, len(ds.Docs), len(ds.Queries), ds.HasAnswers)
	}
	text := map[string]string{}
	titles := map[string]bool{}
	for _, d := range ds.Docs {
		if _, dup := text[d.ID]; dup {
			t.Fatalf("duplicate doc ID %s", d.ID)
		}
		text[d.ID] = d.Text
		titles[d.Title] = true
	}
	if len(titles) != 140 {
		t.Errorf("%d article titles, want 140", len(titles))
	}
	ids := map[string]bool{}
	for _, q := range ds.Queries {
		if ids[q.ID] {
			t.Errorf("duplicate query ID %s", q.ID)
		}
		ids[q.ID] = true
		if len(q.Relevant) != 1 || len(q.Answers) == 0 {
			t.Fatalf("query %s: relevant %v, answers %q", q.ID, q.Relevant, q.Answers)
		}
		for docID := range q.Relevant {
			for _, a := range q.Answers {
				if !strings.Contains(text[docID], a) {
					t.Errorf("query %s: answer %q not in paragraph %s", q.ID, a, docID)
				}
			}
			if !Contains(text[docID], q.Answers) {
				t.Errorf("query %s: Contains misses answer %q in its paragraph", q.ID, q.Answers)
			}
		}
		if F1(q.Answers[0], q.Answers) != 1 {
			t.Errorf("query %s: F1 of a gold answer against itself is not 1", q.ID)
		}
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	squad := filepath.Join(dir, "small.json")
	if err := os.WriteFile(squad, []byte(smallSQuAD), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, err := Load(squad)
	if err != nil || ds.Name != "small" || len(ds.Docs) != 3 {
		t.Fatalf("Load(%s) = %+v, %v", squad, ds, err)
	}

	txt := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(txt, []byte("hello"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{txt, dir} { // a .txt file; a directory without corpus.jsonl
		_, err := Load(p)
		if !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "corpus.jsonl") {
			t.Errorf("Load(%s) error = %v, want ErrUnsupported naming the layouts", p, err)
		}
		if ko := i18n.Localize(err, i18n.Ko); !strings.Contains(ko, "지원하지 않는 데이터셋 형식입니다") || !strings.Contains(ko, "qrels/test.tsv") || strings.Contains(ko, "%!") {
			t.Errorf("Load(%s) Korean error = %q", p, ko)
		}
	}
	missing := filepath.Join(dir, "missing.json")
	_, err = Load(missing)
	if !errors.Is(err, os.ErrNotExist) || err.Error() != "no such file or folder: "+missing+" — check the path" {
		t.Errorf("Load(missing) error = %v, want not-exist", err)
	}
	if ko := i18n.Localize(err, i18n.Ko); ko != "그런 파일이나 폴더가 없습니다: "+missing+" — 경로를 확인하세요" {
		t.Errorf("Load(missing) Korean error = %q", ko)
	}
}

func FuzzReadSQuAD(f *testing.F) {
	f.Add([]byte(smallSQuAD))
	f.Add([]byte(`{"data":[{"title":"t","paragraphs":[{"context":"c","qas":[{"id":1e3,"question":"q","answers":[{"text":"c"}]}]}]}]}`))
	f.Add([]byte(`{"data":[{"paragraphs":[{"qas":null}]}]}`))
	f.Add([]byte(`[1,2,3]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, err := ReadSQuAD(bytes.NewReader(b), "fuzz")
		if err != nil {
			return
		}
		docs := map[string]bool{}
		for _, d := range ds.Docs {
			if docs[d.ID] {
				t.Fatalf("duplicate doc ID %s", d.ID)
			}
			docs[d.ID] = true
		}
		for _, q := range ds.Queries {
			for id := range q.Relevant {
				if !docs[id] {
					t.Fatalf("query %s is relevant to unknown doc %s", q.ID, id)
				}
			}
		}
	})
}
