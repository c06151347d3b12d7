package guard

import (
	"context"
	"errors"
	"sort"
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
	banned     *BannedTerms
	audit      *Audit
}

// New validates p and returns a Guard for it.
func New(p Policy) (*Guard, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &Guard{policy: p, thresholds: p.thresholds(), hashKey: []byte(p.HashKey), english: p.Lang == "en", banned: NewBannedTerms(p.Banned)}, nil
}

// WithAudit returns a copy of g that records every finding of Check in a
// (nil: records nothing). The Guard itself stays immutable, so one policy
// can serve callers with and without an audit log.
func (g *Guard) WithAudit(a *Audit) *Guard {
	c := *g
	c.audit = a
	return &c
}

// actionFor is the policy's action for an entity at a stage.
func (g *Guard) actionFor(entity string, stage Stage) Action {
	if entity == EntityBanned {
		return g.policy.bannedAction()
	}
	return g.policy.Entities[entity].Action(stage)
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
	if stage == StageAnswer && g.banned.Len() > 0 {
		findings = mergeFindings(findings, g.banned.Find(text))
	}
	res := Result{Findings: findings}
	for i := range findings {
		f := &findings[i]
		f.Stage = string(stage)
		f.Action = g.actionFor(f.Entity, stage)
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
	if err := g.audit.record(ctx, res.Findings); err != nil {
		// an unrecorded finding is a compliance failure: fail closed
		return Result{Findings: res.Findings, Blocked: true, Summary: res.Summary, Injection: res.Injection}, err
	}
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
		if g.actionFor(f.Entity, stage) != ActionAllow {
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
		a := g.actionFor(f.Entity, stage)
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

// mergeFindings adds extra findings to ordered, non-overlapping ones,
// dropping any extra that overlaps: personal data keeps its own action.
func mergeFindings(base, extra []Finding) []Finding {
	if len(extra) == 0 {
		return base
	}
	out := make([]Finding, 0, len(base)+len(extra))
	out = append(out, base...)
	for _, e := range extra {
		overlaps := false
		for _, b := range base {
			if e.Start < b.End && b.Start < e.End {
				overlaps = true
				break
			}
		}
		if !overlaps {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}
