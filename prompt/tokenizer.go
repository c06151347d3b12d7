// Package prompt builds what seogo sends to chat models: the grounded RAG
// prompt packed into a token budget counted with a real BPE tokenizer,
// few-shot examples and their selection by similarity, validated text
// templates, classification prompts, follow-up rewriting and chat-history
// files. It builds messages only; talking to a model is package llm's job.
package prompt

import (
	"strings"
	"sync"

	tiktoken "github.com/pkoukk/tiktoken-go"
	tiktoken_loader "github.com/pkoukk/tiktoken-go-loader"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/llm"
)

// Tokenizer counts tokens the way a model's tokenizer does. Implementations
// are safe for concurrent use.
type Tokenizer interface {
	Count(s string) int
}

// Encoding names NewTokenizer accepts.
const (
	O200kBase  = "o200k_base"
	CL100kBase = "cl100k_base"
)

// Chat formats wrap every message in a few tokens of their own
// (<|start|>role<|message|>…<|end|>), and the model's reply is primed with
// a few more. These are OpenAI's published figures for its chat models; other
// servers use similar framings, so a budget counted with them is close for
// every model and exact for OpenAI's.
const (
	MessageOverhead = 4 // per message: 3 framing tokens + 1 for the role
	ReplyOverhead   = 3 // priming of the assistant's reply
)

// CountMessages is the prompt size of msgs as Built.Tokens reports it: the
// tokens of every message's content, MessageOverhead per message, and
// ReplyOverhead once.
func CountMessages(tok Tokenizer, msgs []llm.Message) int {
	n := ReplyOverhead
	for _, m := range msgs {
		n += tok.Count(m.Content) + MessageOverhead
	}
	return n
}

// bpeTokenizer counts with tiktoken's BPE. It encodes ordinarily: special
// tokens such as <|endoftext|> in a document are text to the API, not
// control tokens, and tiktoken's Encode would panic on them.
type bpeTokenizer struct{ enc *tiktoken.Tiktoken }

func (bpeTokenizer) blankLineAdditive() {}

func (t bpeTokenizer) Count(s string) int {
	if s == "" {
		return 0
	}
	return len(t.enc.EncodeOrdinary(s))
}

// Loading an encoding parses ~200k base64 ranks and builds the BPE tables
// (100+ ms, tens of MB), so each is loaded once per process and shared; the
// encoders only read them afterwards.
var (
	loaderOnce sync.Once
	encodings  = map[string]*encodingOnce{O200kBase: {}, CL100kBase: {}}
)

type encodingOnce struct {
	once sync.Once
	enc  *tiktoken.Tiktoken
	err  error
}

// NewTokenizer returns a tokenizer for a tiktoken encoding: "o200k_base"
// (the default, for "") or "cl100k_base". The BPE ranks are embedded in the
// binary; nothing is downloaded.
func NewTokenizer(encoding string) (Tokenizer, error) {
	if encoding == "" {
		encoding = O200kBase
	}
	e, ok := encodings[encoding]
	if !ok {
		return nil, i18n.Errorf("알 수 없는 토큰 인코딩 %q: o200k_base 또는 cl100k_base를 쓰세요",
			"unknown token encoding %q: use o200k_base or cl100k_base", encoding)
	}
	// tiktoken-go downloads ranks by default; the offline loader reads the
	// copies embedded in tiktoken-go-loader. Set lazily, not in init(), so
	// importing this package changes nothing until a tokenizer is wanted.
	loaderOnce.Do(func() { tiktoken.SetBpeLoader(tiktoken_loader.NewOfflineLoader()) })
	e.once.Do(func() {
		e.enc, e.err = tiktoken.GetEncoding(encoding)
		if e.err != nil {
			e.err = i18n.Errorf("토큰 인코딩 %s를 불러오지 못했습니다: %w",
				"loading token encoding %s: %w", encoding, e.err)
		}
	})
	if e.err != nil {
		return nil, e.err
	}
	return bpeTokenizer{e.enc}, nil
}

// EncodingForModel names the tiktoken encoding of a model: o200k_base for
// GPT-4o, GPT-4.1, GPT-4.5, GPT-5 and the o-series; cl100k_base for GPT-4,
// GPT-3.5 and the text-embedding models. Other models (Llama, Qwen, Gemma on
// Ollama or vLLM) have tokenizers of their own that seogo does not ship;
// o200k_base is the closest stand-in among the two, being the larger and
// more multilingual vocabulary (it spends fewer tokens on Hangul).
// Provider prefixes ("openai/gpt-4o", "azure/…") and case are ignored.
func EncodingForModel(model string) string {
	m := strings.ToLower(strings.TrimSpace(model))
	if i := strings.LastIndexByte(m, '/'); i >= 0 {
		m = m[i+1:]
	}
	isSeries := func(prefix string) bool {
		return m == prefix || strings.HasPrefix(m, prefix+"-") || strings.HasPrefix(m, prefix+".")
	}
	switch {
	case strings.HasPrefix(m, "gpt-4o"), strings.HasPrefix(m, "chatgpt-4o"),
		strings.HasPrefix(m, "gpt-4.1"), strings.HasPrefix(m, "gpt-4.5"),
		strings.HasPrefix(m, "gpt-5"), strings.HasPrefix(m, "gpt-oss"),
		isSeries("o1"), isSeries("o3"), isSeries("o4"):
		return O200kBase
	case strings.HasPrefix(m, "gpt-4"), strings.HasPrefix(m, "gpt-3.5"), strings.HasPrefix(m, "gpt-35"),
		strings.HasPrefix(m, "text-embedding-"):
		return CL100kBase
	}
	return O200kBase
}
