package prompt

import (
	"strings"
	"testing"

	"github.com/seogo/seogo/i18n"
)

func TestTemplateRender(t *testing.T) {
	tm, err := ParseTemplate("answer", "{{/* comment */}}질문: {{.question}}\n{{range .examples}}- {{.input}} → {{.output}}\n{{end}}{{with .tone}}어조: {{.}}{{end}}{{if .question}}!{{end}}{{$.tone}}", "tone")
	if err != nil {
		t.Fatal(err)
	}
	got, err := tm.Render(map[string]any{
		"question": "배송은?",
		"examples": []map[string]string{{"input": "a", "output": "b"}},
		"tone":     "존댓말",
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "질문: 배송은?\n- a → b\n어조: 존댓말!존댓말"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTemplateValidation(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		required   []string
		want       string // "" = valid
	}{
		{"known", "{{.question}} {{.context}}", nil, ""},
		{"declared", "{{.tone}}", []string{"tone"}, ""},
		{"unknown", "질문: {{.question}}\n{{.unknown}}", nil, `unknown:2:2: the template uses the undeclared variable "unknown"`},
		{"typo", "{{.questoin}}", nil, `"questoin"`},
		{"in pipe", "{{printf \"%s\" .nope | print}}", nil, `"nope"`},
		{"in if", "{{if .nope}}x{{end}}", nil, `"nope"`},
		{"range pipe", "{{range .nope}}{{.anything}}{{end}}", nil, `"nope"`},
		{"range body is relative", "{{range .examples}}{{.anything}}{{end}}", nil, ""},
		{"dollar in range", "{{range .examples}}{{$.nope}}{{end}}", nil, `"nope"`},
		{"else is root", "{{with .examples}}{{.x}}{{else}}{{.nope}}{{end}}", nil, `"nope"`},
		{"chain", "{{(.nope).x}}", nil, `"nope"`},
		{"field of known", "{{.question.Len}}", nil, ""},
		{"syntax", "{{.question", nil, "syntax"},
		{"bad name", "x", []string{"not valid"}, "invalid variable name"},
	} {
		_, err := ParseTemplate(tc.name, tc.text, tc.required...)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
		}
	}
	_, err := ParseTemplate("ko", "{{.없음}}")
	if err == nil || !strings.Contains(i18n.Localize(err, i18n.Ko), "선언되지 않은 변수") {
		t.Errorf("Korean error: %v", err)
	}
}

func TestTemplateRenderMissing(t *testing.T) {
	tm, err := ParseTemplate("t", "{{.tone}} {{.question}}", "tone")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tm.Render(map[string]any{"question": "q"}); err == nil || !strings.Contains(err.Error(), "missing variables: tone") {
		t.Errorf("missing required: %v", err)
	}
	// A known variable the template uses must be given too (missingkey=error).
	if _, err := tm.Render(map[string]any{"tone": "x"}); err == nil || !strings.Contains(err.Error(), "question") {
		t.Errorf("missing known: %v", err)
	}
}

func TestLoadTemplate(t *testing.T) {
	yml := writeTemp(t, "qa.yaml", "name: qa\ntemplate: |\n  {{.tone}}: {{.question}}\nvariables: [tone]\n")
	tm, err := LoadTemplate(yml)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := tm.Render(map[string]any{"tone": "짧게", "question": "배송?"}); err != nil || got != "짧게: 배송?\n" || tm.Name != "qa" {
		t.Errorf("yaml: %q %v %q", got, err, tm.Name)
	}
	tmpl := writeTemp(t, "style.tmpl", "{{/* variables: tone, audience */}}{{.audience}}에게 {{.tone}}로: {{.question}}")
	tm, err = LoadTemplate(tmpl)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := tm.Render(map[string]any{"tone": "존댓말", "audience": "고객", "question": "q"}); err != nil || got != "고객에게 존댓말로: q" || tm.Name != "style" {
		t.Errorf("tmpl: %q %v %q", got, err, tm.Name)
	}
	for _, tc := range []struct{ name, content, want string }{
		{"bad.yaml", "name: x\ntemplate: \"{{.nope}}\"\n", `"nope"`},
		{"field.yaml", "name: x\ntempalte: y\n", "tempalte"},
		{"empty.yaml", "name: x\n", "template field is empty"},
		{"undeclared.tmpl", "{{.tone}}", `"tone"`},
	} {
		if _, err := LoadTemplate(writeTemp(t, tc.name, tc.content)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.want)
		}
	}
}
