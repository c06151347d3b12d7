package prompt

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/seogo/seogo/i18n"
)

// Example is one demonstration for few-shot prompting: an input and the
// answer to it (Output), or for classification its Label.
type Example struct {
	Input  string `json:"input" yaml:"input"`
	Output string `json:"output,omitempty" yaml:"output,omitempty"`
	Label  string `json:"label,omitempty" yaml:"label,omitempty"`
}

// LoadExamples reads few-shot examples from a YAML file (.yaml, .yml, or
// .json, which YAML reads too) holding a list of examples or a mapping
// {examples: [...]}, or from a JSON Lines file (.jsonl, .ndjson) with one
// example per line. Every example needs an input and an output or a label;
// unknown fields are errors, because a misspelt "ouput" would otherwise
// silently make an example without an answer. Errors name the line.
func LoadExamples(path string) ([]Example, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, i18n.Errorf("예시 파일을 읽지 못했습니다: %w", "reading the examples file: %w", err)
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	var examples []Example
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json":
		examples, err = parseExamplesYAML(data)
	case ".jsonl", ".ndjson":
		examples, err = parseExamplesJSONL(data)
	default:
		return nil, i18n.Errorf("%s: 예시 파일은 .yaml, .yml, .json 또는 .jsonl이어야 합니다",
			"%s: an examples file must be .yaml, .yml, .json or .jsonl", path)
	}
	if err != nil {
		return nil, i18n.Errorf("%s: %w", "%s: %w", path, err)
	}
	if len(examples) == 0 {
		return nil, i18n.Errorf("%s: 예시가 하나도 없습니다", "%s: the file holds no examples", path)
	}
	return examples, nil
}

func parseExamplesYAML(data []byte) ([]Example, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, i18n.Errorf("YAML 구문 오류: %w", "YAML syntax: %w", err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	list := doc.Content[0]
	if list.Kind == yaml.MappingNode {
		var found *yaml.Node
		for i := 0; i+1 < len(list.Content); i += 2 {
			k := list.Content[i]
			if k.Value != "examples" {
				return nil, i18n.Errorf("%d행: 알 수 없는 키 %q (examples만 쓸 수 있습니다)",
					"line %d: unknown key %q (only examples is allowed)", k.Line, k.Value)
			}
			found = list.Content[i+1]
		}
		if found == nil {
			return nil, nil
		}
		list = found
	}
	if list.Kind != yaml.SequenceNode {
		if list.Kind == yaml.ScalarNode && list.Tag == "!!null" {
			return nil, nil
		}
		return nil, i18n.Errorf("%d행: 예시 목록이 있어야 합니다", "line %d: expected a list of examples", list.Line)
	}
	out := make([]Example, 0, len(list.Content))
	for _, item := range list.Content {
		if item.Kind != yaml.MappingNode {
			return nil, i18n.Errorf("%d행: 예시는 input, output, label을 가진 매핑이어야 합니다",
				"line %d: an example must be a mapping with input, output, label", item.Line)
		}
		var e Example
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			var dst *string
			switch k.Value {
			case "input":
				dst = &e.Input
			case "output":
				dst = &e.Output
			case "label":
				dst = &e.Label
			default:
				return nil, i18n.Errorf("%d행: 알 수 없는 필드 %q (input, output, label만 쓸 수 있습니다)",
					"line %d: unknown field %q (use input, output, label)", k.Line, k.Value)
			}
			if v.Kind != yaml.ScalarNode {
				return nil, i18n.Errorf("%d행: %s 값은 문자열이어야 합니다", "line %d: %s must be a string", v.Line, k.Value)
			}
			*dst = v.Value
		}
		if err := checkExample(e, item.Line); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func parseExamplesJSONL(data []byte) ([]Example, error) {
	var out []Example
	for i, line := range bytes.Split(data, []byte("\n")) {
		n := i + 1
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		var e Example
		if err := dec.Decode(&e); err != nil {
			return nil, i18n.Errorf("%d행: JSON 오류: %w", "line %d: JSON: %w", n, err)
		}
		if _, err := dec.Token(); !errors.Is(err, io.EOF) {
			return nil, i18n.Errorf("%d행: 한 줄에 JSON 객체 하나만 있어야 합니다", "line %d: one JSON object per line", n)
		}
		if err := checkExample(e, n); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

func checkExample(e Example, line int) error {
	if strings.TrimSpace(e.Input) == "" {
		return i18n.Errorf("%d행: 예시에 input이 없습니다", "line %d: the example has no input", line)
	}
	if strings.TrimSpace(e.Output) == "" && strings.TrimSpace(e.Label) == "" {
		return i18n.Errorf("%d행: 예시에 output도 label도 없습니다", "line %d: the example has neither output nor label", line)
	}
	return nil
}
