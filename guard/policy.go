package guard

import (
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/seogo/seogo/i18n"
)

// Policy says, per entity and per stage, what Guard.Check does with personal
// information, and what it does with prompt injections in questions. It is a
// plain struct with yaml tags, so a config file can hold one:
//
//	lang: ko
//	hash_key: ${SEOGO_GUARD_KEY}
//	entities:
//	  KR_RRN: {ingest: mask, query: pseudonymize, context: pseudonymize, answer: mask}
//	  PHONE:  {threshold: 0.6, context: mask}
//	injection: {action: refuse, threshold: 0.5}
//
// An entity missing from Entities is detected and reported but allowed.
type Policy struct {
	Name string `yaml:"name,omitempty" json:"name,omitempty"`
	// Lang picks the placeholder labels: "ko" (default, <주민등록번호_1>) or
	// "en" (<RRN_1>).
	Lang string `yaml:"lang,omitempty" json:"lang,omitempty"`
	// HashKey keys ActionHash's HMAC. Required when any rule hashes; keep it
	// secret and stable, or hashes stop matching.
	HashKey   string          `yaml:"hash_key,omitempty" json:"-"`
	Entities  map[string]Rule `yaml:"entities,omitempty" json:"entities,omitempty"`
	Injection InjectionRule   `yaml:"injection,omitempty" json:"injection,omitempty"`
	// Banned are terms never shown in an answer (Korean or English; see
	// BannedTerms for how they match). They are checked at StageAnswer
	// only: questions and documents may quote them.
	Banned []string `yaml:"banned_terms,omitempty" json:"banned_terms,omitempty"`
	// BannedAction is what happens to a banned term in an answer:
	// ActionMask (the default) or ActionBlock.
	BannedAction Action `yaml:"banned_action,omitempty" json:"banned_action,omitempty"`
}

// bannedAction is the policy's action for banned terms.
func (p Policy) bannedAction() Action {
	if p.BannedAction == "" {
		return ActionMask
	}
	return p.BannedAction
}

// Rule is one entity's threshold and actions per stage; an empty action is
// ActionAllow.
type Rule struct {
	// Threshold is the score a finding needs to count; 0 means the entity's
	// DefaultThresholds value.
	Threshold float64 `yaml:"threshold,omitempty" json:"threshold,omitempty"`
	Ingest    Action  `yaml:"ingest,omitempty" json:"ingest,omitempty"`
	Query     Action  `yaml:"query,omitempty" json:"query,omitempty"`
	Context   Action  `yaml:"context,omitempty" json:"context,omitempty"`
	Answer    Action  `yaml:"answer,omitempty" json:"answer,omitempty"`
}

// Action returns the rule's action at stage.
func (r Rule) Action(stage Stage) Action {
	var a Action
	switch stage {
	case StageIngest:
		a = r.Ingest
	case StageQuery:
		a = r.Query
	case StageContext:
		a = r.Context
	case StageAnswer:
		a = r.Answer
	}
	if a == "" {
		return ActionAllow
	}
	return a
}

// InjectionRule says what Check does at StageQuery when a question looks
// like a prompt injection.
type InjectionRule struct {
	// Action is "off", "flag" (report a finding), "refuse" (block the
	// question) or "strip" (drop the sentences that carry the injection).
	// Empty means "flag".
	Action string `yaml:"action,omitempty" json:"action,omitempty"`
	// Threshold is the score from DetectInjection that counts as an
	// injection; 0 means DefaultInjectionThreshold.
	Threshold float64 `yaml:"threshold,omitempty" json:"threshold,omitempty"`
}

// The injection actions.
const (
	InjectionOff    = "off"
	InjectionFlag   = "flag"
	InjectionRefuse = "refuse"
	InjectionStrip  = "strip"
)

// highRisk are the identifiers PIPA treats as unique identification
// information (고유식별정보) or financial data: never stored in clear, never
// sent out.
var highRisk = []string{EntityRRN, EntityFRN, EntityPassport, EntityDriverLicense, EntityCreditCard, EntityBankAccount, EntityHealthInsurance}

// PIPA is the preset for organisations bound by Korea's Personal Information
// Protection Act. Unique identifiers and financial numbers (RRN, FRN,
// passport, driver's licence, card, account, health insurance) are masked at
// ingest, so they are never stored in clear; replaced by vault placeholders
// in questions and in anything sent to a provider; and masked in answers.
// Phone numbers, e-mail addresses, names, car plates and IP addresses stay
// as they are in the local index and in questions, and are replaced by
// placeholders before any provider call (the vault restores them in the
// answer the same user sees). Injections are refused.
func PIPA() Policy {
	p := Policy{Name: "pipa", Lang: "ko", Entities: map[string]Rule{}, Injection: InjectionRule{Action: InjectionRefuse}}
	for _, e := range highRisk {
		p.Entities[e] = Rule{Ingest: ActionMask, Query: ActionPseudonymize, Context: ActionPseudonymize, Answer: ActionMask}
	}
	for _, e := range []string{EntityPhone, EntityEmail, EntityPerson, EntityCarPlate, EntityIPAddress} {
		p.Entities[e] = Rule{Context: ActionPseudonymize}
	}
	return p
}

// Permissive allows everything and only reports: for deployments where
// neither documents nor questions hold personal data of others, or where
// nothing leaves the machine. Injections are flagged, not refused.
func Permissive() Policy {
	return Policy{Name: "permissive", Lang: "ko", Injection: InjectionRule{Action: InjectionFlag}}
}

// PolicyByName returns a preset by name ("pipa", "permissive").
func PolicyByName(name string) (Policy, error) {
	switch name {
	case "pipa", "PIPA":
		return PIPA(), nil
	case "permissive":
		return Permissive(), nil
	}
	return Policy{}, i18n.Errorf("알 수 없는 가드 정책 %q: pipa 또는 permissive를 쓰세요",
		"unknown guard policy %q: use pipa or permissive", name)
}

// Validate reports every problem in p, each naming the field
// ("entities.KR_RRN.ingest: unknown action \"msk\"").
func (p Policy) Validate() error {
	var errs []error
	bad := func(field, ko, en string, args ...any) {
		errs = append(errs, i18n.Errorf("guard 정책 "+field+": "+ko, "guard policy "+field+": "+en, args...))
	}
	if p.Lang != "" && p.Lang != "ko" && p.Lang != "en" {
		bad("lang", "%q는 쓸 수 없습니다 (ko 또는 en)", "%q is not ko or en", p.Lang)
	}
	names := make([]string, 0, len(p.Entities))
	for e := range p.Entities {
		names = append(names, e)
	}
	sort.Strings(names)
	hashes := false
	for _, e := range names {
		r := p.Entities[e]
		if !knownEntity(e) {
			bad("entities."+e, "알 수 없는 항목입니다 (가능: %v)", "unknown entity (known: %v)", Entities)
			continue
		}
		if r.Threshold < 0 || r.Threshold > 1 {
			bad("entities."+e+".threshold", "%v는 0과 1 사이여야 합니다", "%v is not between 0 and 1", r.Threshold)
		}
		for _, st := range Stages {
			a := r.Action(st)
			if !a.valid() {
				bad(fmt.Sprintf("entities.%s.%s", e, st), "알 수 없는 조치 %q (가능: %v)", "unknown action %q (known: %v)", string(a), actions)
			}
			hashes = hashes || a == ActionHash
		}
	}
	if hashes && p.HashKey == "" {
		bad("hash_key", "hash 조치를 쓰려면 키가 필요합니다", "is required when a rule uses the hash action")
	}
	if a := p.Injection.Action; a != "" && !slices.Contains([]string{InjectionOff, InjectionFlag, InjectionRefuse, InjectionStrip}, a) {
		bad("injection.action", "알 수 없는 조치 %q (off, flag, refuse, strip)", "unknown action %q (off, flag, refuse, strip)", a)
	}
	if a := p.BannedAction; a != "" && a != ActionMask && a != ActionBlock {
		bad("banned_action", "%q는 쓸 수 없습니다 (mask 또는 block)", "%q is not mask or block", string(a))
	}
	if t := p.Injection.Threshold; t < 0 || t > 1 {
		bad("injection.threshold", "%v는 0과 1 사이여야 합니다", "%v is not between 0 and 1", t)
	}
	return errors.Join(errs...)
}

// thresholds merges the policy's thresholds over the defaults.
func (p Policy) thresholds() map[string]float64 {
	t := make(map[string]float64, len(DefaultThresholds))
	for e, v := range DefaultThresholds {
		t[e] = v
	}
	for e, r := range p.Entities {
		if r.Threshold > 0 {
			t[e] = r.Threshold
		}
	}
	return t
}
