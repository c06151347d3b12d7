package guard

import (
	"context"
	"errors"
	"strings"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/textproc"
)

// Guard applies a Policy. It is immutable after New and safe for concurrent
// use; per-request state lives in the Vault the caller passes.
type Guard struct {
	policy     Policy
	thresholds map[string]float64
	hashKey    []byte
	english    bool
}

// New validates p and returns a Guard for it.
func New(p Policy) (*Guard, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &Guard{policy: p, thresholds: p.thresholds(), hashKey: []byte(p.HashKey), english: p.Lang == "en"}, nil
}

// Policy returns the guard's policy.
func (g *Guard) Policy() Policy { return g.policy }

// Detect returns the personal information in text under the policy's
// thresholds.
func (g *Guard) Detect(text string) []Finding { return detect(text, g.thresholds) }

// ErrBlocked is the cause of the error Check returns when a policy blocks a
// text; test for it with errors.Is.
var ErrBlocked = errors.New("blocked by guard policy")

// Result is what Check did to a text.
type Result struct {
	// Text is the text with every action applied; empty when Blocked.
	Text string
	// Findings are in input order; each has its Stage and Action set.
	// Offsets refer to the input text.
	Findings []Finding
	Blocked  bool
	// Summary tells the user what happened ("전화번호 1건을 가렸습니다" /
	// "masked 1 phone number"); empty when nothing changed.
	Summary i18n.Text
	// Injection is the prompt-injection verdict at StageQuery (nil at other
	// stages or when the policy turns it off).
	Injection *Injection
}

// Check runs the policy over text at stage. The vault receives the
// originals of pseudonymised values; with a nil vault pseudonymisation falls
// back to plain placeholders that cannot be restored. When the policy
// blocks the text, Check returns the Result (Blocked, Summary) and an
// *i18n.Error wrapping ErrBlocked.
func (g *Guard) Check(ctx context.Context, stage Stage, text string, v *Vault) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	findings := g.Detect(text)
	res := Result{Findings: findings}
	for i := range findings {
		f := &findings[i]
		f.Stage = string(stage)
		f.Action = g.policy.Entities[f.Entity].Action(stage)
		if f.Action == ActionBlock {
			res.Blocked = true
		}
	}
	if stage == StageQuery {
		if inj := g.injection(text); inj != nil {
			res.Injection = inj
			if inj.Detected {
				act := g.policy.Injection.Action
				res.Findings = append(res.Findings, Finding{Entity: EntityInjection, End: len(text), Score: inj.Score,
					Detector: strings.Join(inj.Reasons, ","), Stage: string(stage), Action: injectionAction(act)})
				switch act {
				case InjectionRefuse:
					res.Blocked = true
				case InjectionStrip:
					text = stripInjection(text)
				}
			}
		}
	}
	res.Summary = summarize(res.Findings, res.Blocked)
	if res.Blocked {
		return res, &i18n.Error{Text: res.Summary, Err: ErrBlocked}
	}
	if stage == StageQuery && g.policy.Injection.Action == InjectionStrip && res.Injection != nil && res.Injection.Detected {
		// offsets no longer match the stripped text: re-detect on it
		res.Text = g.apply(text, g.Detect(text), stage, v)
		return res, nil
	}
	res.Text = g.apply(text, findings, stage, v)
	return res, nil
}

func (g *Guard) injection(text string) *Injection {
	if g.policy.Injection.Action == InjectionOff {
		return nil
	}
	inj := DetectInjection(text)
	th := g.policy.Injection.Threshold
	if th == 0 {
		th = DefaultInjectionThreshold
	}
	inj.Detected = inj.Score >= th
	return &inj
}

// actionStrip marks an injection dropped from a question; it is not a
// policy action for PII.
const actionStrip Action = "strip"

func injectionAction(a string) Action {
	switch a {
	case InjectionRefuse:
		return ActionBlock
	case InjectionStrip:
		return actionStrip
	}
	return ActionAllow
}

// stripInjection drops the sentences of text that carry an injection.
func stripInjection(text string) string {
	var b strings.Builder
	last := 0
	for _, sp := range textproc.Sentences(text) {
		if DetectInjection(text[sp.Start:sp.End]).Score >= DefaultInjectionThreshold {
			b.WriteString(text[last:sp.Start])
			last = sp.End
		}
	}
	b.WriteString(text[last:])
	return strings.TrimSpace(b.String())
}

// apply rewrites text with each finding's action (findings are ordered and
// do not overlap).
func (g *Guard) apply(text string, findings []Finding, stage Stage, v *Vault) string {
	changed := false
	for _, f := range findings {
		a := g.policy.Entities[f.Entity].Action(stage)
		if a != ActionAllow {
			changed = true
			break
		}
	}
	if !changed {
		return text
	}
	local := v
	var b strings.Builder
	b.Grow(len(text))
	last := 0
	for _, f := range findings {
		a := g.policy.Entities[f.Entity].Action(stage)
		if a == ActionAllow || f.Entity == EntityInjection {
			continue
		}
		b.WriteString(text[last:f.Start])
		last = f.End
		switch a {
		case ActionMask:
			b.WriteString(Mask(f.Entity, f.Text))
		case ActionHash:
			b.WriteString("<" + placeholderLabel(f.Entity, g.english) + ":" + hashValue(g.hashKey, f.Entity, f.Text) + ">")
		case ActionReplace, ActionPseudonymize:
			if local == nil {
				local = NewVault() // numbering stable within this call only
			}
			b.WriteString(local.placeholder(f.Entity, f.Text, g.english, a == ActionPseudonymize && v != nil))
		}
	}
	b.WriteString(text[last:])
	return b.String()
}
