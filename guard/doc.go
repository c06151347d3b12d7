// Package guard keeps personal data from leaking and the model from being
// steered: it finds personal information (PII) in Korean and English text,
// applies a per-entity, per-stage action to it (allow, mask, placeholder,
// keyed hash, reversible pseudonymisation, block), detects prompt injection
// in questions and neutralises instructions hidden in retrieved documents,
// and checks that an answer's sentences are supported by its sources.
//
// The stages follow the flow of data: [StageIngest] (chunks before they are
// stored), [StageQuery] (the user's question), [StageContext] (any text about
// to leave the process: LLM prompts, embedding requests) and [StageAnswer]
// (what the user will read). A [Policy] says what happens to each entity at
// each stage; [PIPA] is the preset for organisations bound by Korea's
// Personal Information Protection Act (개인정보 보호법).
//
// Offsets in a [Finding] are byte offsets into the text as given. Detection
// sees through full-width digits (０１０), decomposed Hangul (NFD), Unicode
// dashes and zero-width characters, but never changes the caller's text
// except where an action applies.
package guard
