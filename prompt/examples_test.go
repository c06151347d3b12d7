package prompt

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTemp(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadExamples(t *testing.T) {
	want := []Example{
		{Input: "배송은 얼마나 걸리나요?", Output: "보통 2~3일 걸립니다 [1]."},
		{Input: "환불해 주세요", Label: "환불"},
	}
	for _, tc := range []struct{ name, content string }{
		{"list.yaml", "- input: 배송은 얼마나 걸리나요?\n  output: 보통 2~3일 걸립니다 [1].\n- input: 환불해 주세요\n  label: 환불\n"},
		{"wrapped.yml", "examples:\n  - input: 배송은 얼마나 걸리나요?\n    output: 보통 2~3일 걸립니다 [1].\n  - {input: 환불해 주세요, label: 환불}\n"},
		{"list.json", `[{"input":"배송은 얼마나 걸리나요?","output":"보통 2~3일 걸립니다 [1]."},{"input":"환불해 주세요","label":"환불"}]`},
		{"lines.jsonl", "\uFEFF{\"input\":\"배송은 얼마나 걸리나요?\",\"output\":\"보통 2~3일 걸립니다 [1].\"}\n\n{\"input\":\"환불해 주세요\",\"label\":\"환불\"}\n"},
	} {
		got, err := LoadExamples(writeTemp(t, tc.name, tc.content))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
			t.Errorf("%s: got %+v", tc.name, got)
		}
	}
}

func TestLoadExamplesErrorsNameLines(t *testing.T) {
	for _, tc := range []struct{ name, content, want string }{
		{"typo.yaml", "- input: a\n  output: b\n- input: c\n  ouput: d\n", `line 4: unknown field "ouput"`},
		{"noanswer.yaml", "- input: a\n  output: b\n\n- input: c\n", "line 4: the example has neither output nor label"},
		{"noinput.yaml", "- output: b\n", "line 1: the example has no input"},
		{"syntax.yaml", "- input: a\n  output: [b\n", "line"},
		{"scalar.yaml", "- input: a\n  output:\n    - x\n", "line 3: output must be a string"},
		{"notlist.yaml", "input: a\n", `line 1: unknown key "input"`},
		{"notmap.yaml", "- just text\n", "line 1: an example must be a mapping"},
		{"bad.jsonl", "{\"input\":\"a\",\"output\":\"b\"}\n{\"input\":\"c\" \"output\":\"d\"}\n", "line 2: JSON"},
		{"unknown.jsonl", "{\"input\":\"a\",\"output\":\"b\"}\n\n{\"input\":\"c\",\"answer\":\"d\"}\n", `line 3: JSON: json: unknown field "answer"`},
		{"two.jsonl", "{\"input\":\"a\",\"output\":\"b\"} {\"input\":\"c\"}\n", "line 1: one JSON object per line"},
		{"empty.yaml", "", "no examples"},
		{"examples.csv", "input,output\n", ".jsonl"},
	} {
		_, err := LoadExamples(writeTemp(t, tc.name, tc.content))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
	if _, err := LoadExamples(filepath.Join(t.TempDir(), "missing.yaml")); err == nil {
		t.Error("a missing file must fail")
	}
}
