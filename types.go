package seogo

import (
	"github.com/seogo/seogo/eval"
	"github.com/seogo/seogo/llm"
	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/prompt"
	"github.com/seogo/seogo/rag"
	"github.com/seogo/seogo/schema"
	"github.com/seogo/seogo/store"
)

// The facade's nouns, so programs built on seogo (the CLI among them) import
// this package only; the stage packages stay free to change behind it.
type (
	Hit        = schema.Hit
	Chunk      = schema.Chunk
	DocRef     = schema.DocRef
	Signal     = schema.Signal
	Citation   = schema.Citation
	Answer     = rag.Answer
	Filter     = store.Filter
	Collection = store.Collection
	DocInfo    = store.DocInfo
	Dataset    = eval.Dataset
	EvalReport = eval.Report
	Message    = llm.Message
	Example    = prompt.Example
)

// Skip reasons in an ingest summary (FileResult.Reason).
const (
	SkipUnsupported    = loader.SkipUnsupported
	SkipTooLarge       = loader.SkipTooLarge
	SkipSymlinkOutside = loader.SkipSymlinkOutside
	SkipUnreadable     = loader.SkipUnreadable
	SkipBinary         = loader.SkipBinary
	SkipEmpty          = loader.SkipEmpty
)

// LoadDataset reads an evaluation set: a SQuAD/KorQuAD JSON file or a BEIR folder.
func LoadDataset(path string) (*Dataset, error) { return eval.Load(path) }

// ReadHistory reads a chat history file for a follow-up question: a JSON
// array of {"role","content"}, JSON Lines, or "user: …" / "assistant: …"
// lines ("사용자:" / "어시스턴트:" too).
func ReadHistory(path string) ([]Message, error) { return prompt.ReadHistory(path) }

// LoadExamples reads few-shot examples from a YAML or JSONL file.
func LoadExamples(path string) ([]Example, error) { return prompt.LoadExamples(path) }
