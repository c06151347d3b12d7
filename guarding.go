package seogo

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/seogo/seogo/embed"
	"github.com/seogo/seogo/guard"
	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/llm"
	"github.com/seogo/seogo/rag"
	"github.com/seogo/seogo/schema"
)

// GuardConfig chooses the guard policy: what personal data is masked,
// replaced or blocked at each stage (ingest, question, what is sent to a
// provider, answer), what happens to prompt injections, and how answers are
// checked against their sources.
type GuardConfig struct {
	// Policy is "pipa" (the default: Korea's Personal Information
	// Protection Act), "permissive", "off", or the path of a YAML policy.
	Policy string `yaml:"policy"`
	// HashKey keys the hash action's HMAC.
	HashKey string `yaml:"hash_key,omitempty" json:"-"`
	// Groundedness is what happens to LLM answer sentences their sources do
	// not support: "mark" (default: reported in the answer), "drop"
	// (removed), or "off".
	Groundedness string `yaml:"groundedness"`
	// BannedTerms are never shown in an answer; BannedAction is "mask"
	// (default) or "block".
	BannedTerms  []string `yaml:"banned_terms,omitempty"`
	BannedAction string   `yaml:"banned_action,omitempty"`
	// Audit is the guard's audit log (JSONL, rotated at 10 MiB, 5 kept):
	// every finding and action with stage, entity, position and a keyed
	// hash, never the value. "" is <data_dir>/audit/guard.jsonl; "off"
	// disables it.
	Audit string `yaml:"audit,omitempty"`
}

// newGuard builds the configured guard; nil means off.
func newGuard(c GuardConfig) (*guard.Guard, error) {
	name := strings.TrimSpace(c.Policy)
	var p guard.Policy
	switch strings.ToLower(name) {
	case "off", "none":
		return nil, nil
	case "", "pipa":
		p = guard.PIPA()
	case "permissive":
		p = guard.Permissive()
	default:
		raw, err := os.ReadFile(name)
		if err != nil {
			return nil, i18n.Errorf("가드 정책 %q 를 읽을 수 없습니다: pipa, permissive, off 또는 YAML 파일 경로를 쓰세요 (%w)",
				"cannot read guard policy %q: use pipa, permissive, off or a YAML file (%w)", name, err)
		}
		dec := yaml.NewDecoder(strings.NewReader(string(raw)))
		dec.KnownFields(true)
		if err := dec.Decode(&p); err != nil {
			return nil, i18n.Errorf("가드 정책 파일 %s 이(가) 올바르지 않습니다: %w", "guard policy file %s is not valid: %w", name, err)
		}
	}
	if c.HashKey != "" {
		p.HashKey = c.HashKey
	}
	if len(c.BannedTerms) > 0 {
		p.Banned = append(p.Banned, c.BannedTerms...)
	}
	if c.BannedAction != "" {
		p.BannedAction = guard.Action(c.BannedAction)
	}
	return guard.New(p)
}

// openGuardAudit attaches the audit log to g, for an engine on dataDir.
func openGuardAudit(g *guard.Guard, c GuardConfig, dataDir string) (*guard.Guard, *guard.Audit, error) {
	if g == nil || strings.EqualFold(c.Audit, "off") {
		return g, nil, nil
	}
	path := c.Audit
	if path == "" {
		path = filepath.Join(dataDir, "audit", "guard.jsonl")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, i18n.Errorf("가드 감사 로그 폴더를 만들 수 없습니다: %w", "cannot create the guard audit folder: %w", err)
	}
	a, err := guard.OpenAudit(path, guard.AuditOptions{HashKey: c.HashKey})
	if err != nil {
		return nil, nil, i18n.Errorf("가드 감사 로그 %s 를 열 수 없습니다: %w", "cannot open the guard audit log %s: %w", path, err)
	}
	return g.WithAudit(a), a, nil
}

// guardDocument applies the ingest stage to a loaded document. Each section
// is checked on its own, so a masked or replaced value that changes length
// moves the following offsets with it and every section still covers its
// own text.
func (e *Engine) guardDocument(ctx context.Context, doc *schema.Document) error {
	if e.guard == nil {
		return nil
	}
	cuts := []int{0, len(doc.Text)}
	for _, s := range doc.Sections {
		cuts = append(cuts, s.Start, s.End)
	}
	sort.Ints(cuts)
	cuts = slices.Compact(cuts)
	var b strings.Builder
	moved := make(map[int]int, len(cuts))
	var findings []guard.Finding
	for i, c := range cuts {
		moved[c] = b.Len()
		if i+1 == len(cuts) {
			break
		}
		res, err := e.guard.Check(ctx, guard.StageIngest, doc.Text[c:cuts[i+1]], nil)
		if err != nil {
			return err
		}
		b.WriteString(res.Text)
		findings = append(findings, res.Findings...)
	}
	if len(findings) == 0 {
		return nil
	}
	doc.Text = b.String()
	for i := range doc.Sections {
		doc.Sections[i].Start, doc.Sections[i].End = moved[doc.Sections[i].Start], moved[doc.Sections[i].End]
	}
	if s := guardSummary(findings); s != "" {
		doc.Notes = append(doc.Notes, s)
	}
	return nil
}

// guardSummary is a findings summary in both languages, for notes.
func guardSummary(findings []guard.Finding) string {
	t := guard.Summarize(findings, false)
	if t.Ko == "" && t.En == "" {
		return ""
	}
	return t.In(i18n.Ko) + " · " + t.In(i18n.En)
}

// guardedEmbedder runs the context stage over every text before an API
// embedder sends it out.
type guardedEmbedder struct {
	embed.Embedder
	g *guard.Guard
}

func (ge guardedEmbedder) Embed(ctx context.Context, texts []string) ([][]float32, error) {
	out := make([]string, len(texts))
	for i, t := range texts {
		res, err := ge.g.Check(ctx, guard.StageContext, t, nil)
		if err != nil {
			return nil, err
		}
		out[i] = res.Text
	}
	return ge.Embedder.Embed(ctx, out)
}

// guardedChat runs the context stage over every message before it leaves
// the process, and on the way back restores the vault's placeholders for
// the user who asked and applies the answer stage. Streams are released a
// sentence at a time, so a value is restored and masked before it shows.
type guardedChat struct {
	llm.ChatModel
	g      *guard.Guard
	vault  *guard.Vault
	events *[]guard.Finding
}

func (gc guardedChat) Chat(ctx context.Context, msgs []llm.Message, onDelta func(string) error) (llm.Reply, error) {
	out := make([]llm.Message, len(msgs))
	for i, m := range msgs {
		res, err := gc.g.Check(ctx, guard.StageContext, m.Content, gc.vault)
		if err != nil {
			return llm.Reply{}, err
		}
		*gc.events = append(*gc.events, res.Findings...)
		out[i] = llm.Message{Role: m.Role, Content: res.Text}
	}
	var sb *sentenceBuffer
	relay := onDelta
	if onDelta != nil {
		sb = &sentenceBuffer{release: func(s string) error { return onDelta(gc.answer(ctx, s)) }}
		relay = sb.write
	}
	reply, err := gc.ChatModel.Chat(ctx, out, relay)
	if sb != nil {
		if ferr := sb.flush(); err == nil {
			err = ferr
		}
	}
	reply.Text = gc.answer(ctx, reply.Text)
	return reply, err
}

// answer restores placeholders and applies the answer stage to s.
func (gc guardedChat) answer(ctx context.Context, s string) string {
	s = gc.vault.Restore(s)
	res, err := gc.g.Check(ctx, guard.StageAnswer, s, gc.vault)
	if err != nil {
		return ""
	}
	return res.Text
}

// sentenceBuffer holds streamed text until a sentence or line ends and no
// placeholder is half-written.
type sentenceBuffer struct {
	buf     strings.Builder
	release func(string) error
}

func (s *sentenceBuffer) write(d string) error {
	s.buf.WriteString(d)
	t := s.buf.String()
	cut := strings.LastIndexAny(t, ".!?。\n")
	if cut < 0 || strings.LastIndexByte(t, '<') > strings.LastIndexByte(t, '>') {
		return nil
	}
	s.buf.Reset()
	s.buf.WriteString(t[cut+1:])
	return s.release(t[:cut+1])
}

func (s *sentenceBuffer) flush() error {
	t := s.buf.String()
	s.buf.Reset()
	if t == "" {
		return nil
	}
	return s.release(t)
}

// guardSession is the guard's part in one question: the vault that maps
// placeholders back for this user only, and what the guard did.
type guardSession struct {
	g      *guard.Guard
	vault  *guard.Vault
	events []guard.Finding
}

// question applies the query stage: personal data in the question is
// replaced per policy, and an injection is refused or flagged.
func (s *guardSession) question(ctx context.Context, q string) (string, error) {
	if s.g == nil {
		return q, nil
	}
	s.vault = guard.NewVault()
	res, err := s.g.Check(ctx, guard.StageQuery, q, s.vault)
	if err != nil {
		return "", err
	}
	s.events = append(s.events, res.Findings...)
	return res.Text, nil
}

// finish applies the answer stage to an extractive answer (an LLM's was
// handled on its way back), checks an LLM answer's grounding when asked,
// restores the question as the user wrote it, and reports what was done.
func (s *guardSession) finish(ctx context.Context, ans rag.Answer, ground, drop bool) (rag.Answer, error) {
	if s.g == nil {
		return ans, nil
	}
	ans.Question = s.vault.Restore(ans.Question)
	if !strings.HasPrefix(ans.Generator, "llm:") {
		res, err := s.g.Check(ctx, guard.StageAnswer, ans.Text, s.vault)
		if err != nil {
			return ans, err
		}
		ans.Text = res.Text
		s.events = append(s.events, res.Findings...)
	}
	if ground && !ans.NotFound && len(ans.Citations) > 0 {
		ans.Grounding = grounding(ans, drop)
		if drop && ans.Grounding.Removed {
			ans.Text = guard.Grounded(ans.Text, citedSources(ans), guard.DropUnsupported()).Text
		}
	}
	if t := guard.Summarize(s.events, false); t.Ko != "" || t.En != "" {
		ans.Notices = append(ans.Notices, t)
	}
	return ans, nil
}

// citedSources lays the cited chunks out by citation number, as Grounded
// reads "[n]".
func citedSources(ans rag.Answer) []string {
	n := 0
	for _, c := range ans.Citations {
		n = max(n, c.N)
	}
	src := make([]string, n)
	for _, c := range ans.Citations {
		src[c.N-1] = c.Text
	}
	return src
}

func grounding(ans rag.Answer, drop bool) *rag.Grounding {
	rep := guard.Grounded(ans.Text, citedSources(ans))
	g := &rag.Grounding{Score: rep.Score}
	for _, c := range rep.Claims {
		if !c.Supported {
			g.Unsupported = append(g.Unsupported, c.Text)
		}
	}
	g.Removed = drop && len(g.Unsupported) > 0
	return g
}
