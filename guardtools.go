package seogo

import (
	"strings"

	"github.com/seogo/seogo/guard"
)

// The guard's nouns, for programs built on the facade.
type (
	Finding   = guard.Finding
	Injection = guard.Injection
)

// scanGuard is the guard for the scan tools: the named policy ("" = the
// configured one), whose thresholds decide what counts.
func scanGuard(cfg Config, policy string) (*guard.Guard, error) {
	gc := cfg.Guard
	if policy != "" {
		gc.Policy = policy
	}
	if strings.EqualFold(strings.TrimSpace(gc.Policy), "off") {
		gc.Policy = "permissive" // the tools report even when the pipeline's guard is off
	}
	return newGuard(gc)
}

// ScanText finds personal data in text: typed findings with byte offsets
// into text, scores and detectors; never the values themselves in JSON.
func ScanText(cfg Config, policy, text string) ([]Finding, error) {
	g, err := scanGuard(cfg, policy)
	if err != nil {
		return nil, err
	}
	f := g.Detect(text)
	if f == nil {
		f = []Finding{}
	}
	return f, nil
}

// MaskText masks every finding in text ("900101-1******", "010-****-5678")
// and returns the masked text with the findings.
func MaskText(cfg Config, policy, text string) (string, []Finding, error) {
	g, err := scanGuard(cfg, policy)
	if err != nil {
		return "", nil, err
	}
	findings := g.Detect(text)
	var b strings.Builder
	last := 0
	for _, f := range findings {
		if f.Start < last {
			continue // overlapping spans: the first one masked wins
		}
		b.WriteString(text[last:f.Start])
		b.WriteString(guard.Mask(f.Entity, text[f.Start:f.End]))
		last = f.End
	}
	b.WriteString(text[last:])
	return b.String(), findings, nil
}

// DetectInjection scores a question as a prompt injection.
func DetectInjection(text string) Injection { return guard.DetectInjection(text) }

// GuardReport is the outcome of TestGuard.
type GuardReport = guard.ExampleReport

// TestGuard runs the policy over the examples in path (YAML or JSONL:
// {text, stage, expect: {entities, blocked, masked_text}}) and reports
// which pass, so a policy change can be checked before it is deployed.
func TestGuard(cfg Config, policy, path string) (GuardReport, error) {
	g, err := scanGuard(cfg, policy)
	if err != nil {
		return GuardReport{}, err
	}
	return guard.RunExamples(g, path)
}
