package guard

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Example is one case of a policy's test file (`seogo guard test`): a text,
// the stage it is checked at (default query), and what must happen.
//
//   - text: "연락처 010-1234-5678"
//     stage: context
//     expect: {entities: [PHONE], blocked: false, masked_text: "연락처 <전화번호_1>"}
type Example struct {
	Name   string        `yaml:"name,omitempty" json:"name,omitempty"`
	Text   string        `yaml:"text" json:"text"`
	Stage  Stage         `yaml:"stage,omitempty" json:"stage,omitempty"`
	Expect ExampleExpect `yaml:"expect" json:"expect"`
}

// ExampleExpect is what an example must produce. Entities are compared as
// sets (order and repeats do not matter) and include PROMPT_INJECTION and
// BANNED_TERM findings; a nil Blocked or MaskedText is not checked.
type ExampleExpect struct {
	Entities   []string `yaml:"entities" json:"entities"`
	Blocked    *bool    `yaml:"blocked,omitempty" json:"blocked,omitempty"`
	MaskedText *string  `yaml:"masked_text,omitempty" json:"masked_text,omitempty"`
}

// ExampleResult is one example's outcome. Got* hold what Check did;
// GotText is the rewritten text, never the input's personal data in clear
// unless the policy allowed it.
type ExampleResult struct {
	Example     Example  `json:"example"`
	Pass        bool     `json:"pass"`
	Problems    []string `json:"problems,omitempty"`
	GotEntities []string `json:"got_entities"`
	GotBlocked  bool     `json:"got_blocked"`
	GotText     string   `json:"got_text"`
}

// ExampleReport is the outcome of RunExamples.
type ExampleReport struct {
	Results        []ExampleResult `json:"results"`
	Passed, Failed int
}

// OK reports whether every example passed.
func (r ExampleReport) OK() bool { return r.Failed == 0 }

// RunExamples checks every example in the file at path (YAML: a list, or a
// mapping with an "examples" list; JSONL: one example per line, for files
// ending in .jsonl or .json) with g and reports which pass. An error means
// the file could not be read, not that an example failed.
func RunExamples(g *Guard, path string) (ExampleReport, error) {
	exs, err := readExamples(path)
	if err != nil {
		return ExampleReport{}, err
	}
	var rep ExampleReport
	ctx := context.Background()
	for i, ex := range exs {
		stage := ex.Stage
		if stage == "" {
			stage = StageQuery
		}
		if !slices.Contains(Stages, stage) {
			return ExampleReport{}, fmt.Errorf("%s: example %d: unknown stage %q (use %v)", path, i+1, ex.Stage, Stages)
		}
		res, err := g.Check(ctx, stage, ex.Text, NewVault())
		if err != nil && !errors.Is(err, ErrBlocked) {
			return ExampleReport{}, fmt.Errorf("%s: example %d: %w", path, i+1, err)
		}
		r := ExampleResult{Example: ex, GotBlocked: res.Blocked, GotText: res.Text}
		for _, f := range res.Findings {
			r.GotEntities = append(r.GotEntities, f.Entity)
		}
		got, want := entitySet(r.GotEntities), entitySet(ex.Expect.Entities)
		if !slices.Equal(got, want) {
			r.Problems = append(r.Problems, fmt.Sprintf("entities %v, want %v", got, want))
		}
		if b := ex.Expect.Blocked; b != nil && *b != res.Blocked {
			r.Problems = append(r.Problems, fmt.Sprintf("blocked %v, want %v", res.Blocked, *b))
		}
		if m := ex.Expect.MaskedText; m != nil && *m != res.Text {
			r.Problems = append(r.Problems, fmt.Sprintf("text %q, want %q", res.Text, *m))
		}
		r.Pass = len(r.Problems) == 0
		if r.Pass {
			rep.Passed++
		} else {
			rep.Failed++
		}
		rep.Results = append(rep.Results, r)
	}
	return rep, nil
}

func entitySet(es []string) []string {
	out := slices.Clone(es)
	slices.Sort(out)
	out = slices.Compact(out)
	if out == nil {
		out = []string{}
	}
	return out
}

func readExamples(path string) ([]Example, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("guard examples: %w", err)
	}
	var exs []Example
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".json":
		sc := bufio.NewScanner(bytes.NewReader(raw))
		sc.Buffer(make([]byte, 0, 1<<16), 1<<24)
		for n := 1; sc.Scan(); n++ {
			line := bytes.TrimSpace(sc.Bytes())
			if len(line) == 0 || line[0] == '#' {
				continue
			}
			var ex Example
			if err := json.Unmarshal(line, &ex); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, n, err)
			}
			exs = append(exs, ex)
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	default:
		if err := yaml.Unmarshal(raw, &exs); err != nil {
			var doc struct {
				Examples []Example `yaml:"examples"`
			}
			if err2 := yaml.Unmarshal(raw, &doc); err2 != nil {
				return nil, fmt.Errorf("%s: not a YAML list of examples nor a mapping with 'examples': %w", path, err)
			}
			exs = doc.Examples
		}
	}
	for i, ex := range exs {
		if ex.Text == "" {
			return nil, fmt.Errorf("%s: example %d has no text", path, i+1)
		}
	}
	return exs, nil
}
