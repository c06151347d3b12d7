package eval

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/seogo/seogo/i18n"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestReadBEIR(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "scifact-ko")
	writeFiles(t, dir, map[string]string{
		"corpus.jsonl": `{"_id": "d1", "title": "배송 안내", "text": "배송 상태는 주문 내역에서 확인합니다.", "metadata": {}}
{"_id": "d2", "title": "", "text": "환불은 고객센터에 요청합니다."}

{"_id": 3, "title": "회사", "text": "회사는 1998년에 설립되었다."}
`,
		"queries.jsonl": `{"_id": "q1", "text": "배송 상태 확인", "metadata": {}}
{"_id": "q2", "text": "환불 방법"}
{"_id": "q3", "text": "판단 기준 없는 질문"}
{"_id": "q4", "text": "회사 설립 연도"}
`,
		"qrels/test.tsv": "query-id\tcorpus-id\tscore\r\nq1\td1\t2\r\nq1\td2\t1\r\nq2\td2\t1\r\nq3\td1\t0\r\nq4\t3\t1\r\n",
	})
	ds, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := &Dataset{
		Name: "scifact-ko",
		Docs: []Doc{
			{ID: "d1", Title: "배송 안내", Text: "배송 상태는 주문 내역에서 확인합니다."},
			{ID: "d2", Title: "", Text: "환불은 고객센터에 요청합니다."},
			{ID: "3", Title: "회사", Text: "회사는 1998년에 설립되었다."},
		},
		Queries: []Query{ // q3 has only a grade-0 judgement: dropped
			{ID: "q1", Text: "배송 상태 확인", Relevant: map[string]int{"d1": 2, "d2": 1}},
			{ID: "q2", Text: "환불 방법", Relevant: map[string]int{"d2": 1}},
			{ID: "q4", Text: "회사 설립 연도", Relevant: map[string]int{"3": 1}},
		},
	}
	if !reflect.DeepEqual(ds, want) {
		t.Errorf("got  %+v\nwant %+v", ds, want)
	}
}

func TestReadBEIRErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no qrels", map[string]string{"corpus.jsonl": `{"_id":"d1","text":"x"}`, "queries.jsonl": `{"_id":"q1","text":"x"}`}, "qrels/test.tsv"},
		{"bad corpus", map[string]string{"corpus.jsonl": `{"_id":"d1",`, "queries.jsonl": ``, "qrels/test.tsv": ""}, "corpus.jsonl"},
		{"no _id", map[string]string{"corpus.jsonl": `{"text":"x"}`, "queries.jsonl": ``, "qrels/test.tsv": ""}, "no _id"},
		{"bad score", map[string]string{"corpus.jsonl": `{"_id":"d1","text":"x"}`, "queries.jsonl": `{"_id":"q1","text":"x"}`,
			"qrels/test.tsv": "query-id\tcorpus-id\tscore\nq1\td1\thigh\n"}, "not an integer"},
		{"no judged queries", map[string]string{"corpus.jsonl": `{"_id":"d1","text":"x"}`, "queries.jsonl": `{"_id":"q1","text":"x"}`,
			"qrels/test.tsv": "query-id\tcorpus-id\tscore\n"}, "0 queries"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			_, err := ReadBEIR(dir)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want one mentioning %q", err, tt.want)
			}
			if ko := i18n.Localize(err, i18n.Ko); ko == err.Error() || strings.Contains(ko, "%!") {
				t.Errorf("Korean error = %q", ko)
			}
		})
	}
}
