// Package eval measures seogo on labelled data: retrieval quality (recall@k,
// MRR, nDCG) and answer quality (KorQuAD/SQuAD-style containment and F1),
// with readers for SQuAD v1.1/KorQuAD JSON and BEIR directories, a parallel
// runner, and a report that prints as a table or JSON.
package eval

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/seogo/seogo/i18n"
)

// Doc is one retrievable unit of a dataset: a SQuAD paragraph or a BEIR
// corpus entry.
type Doc struct {
	ID, Title, Text string
}

// Query is one labelled question.
type Query struct {
	ID, Text string
	// Relevant maps a doc ID to its relevance grade (> 0); SQuAD gives each
	// question its own paragraph with grade 1.
	Relevant map[string]int
	// Answers are the gold answer texts (SQuAD/KorQuAD only).
	Answers []string
}

// Dataset is a corpus and its labelled queries.
type Dataset struct {
	Name    string
	Docs    []Doc
	Queries []Query
	// HasAnswers is true when queries carry gold answers, so answer quality
	// can be measured besides retrieval.
	HasAnswers bool
}

// ErrUnsupported is returned (wrapped) by Load for a path in no known layout.
var ErrUnsupported error = i18n.Errorf("지원하지 않는 데이터셋 형식입니다", "unsupported dataset layout")

// Load reads a dataset from path: a .json file is read as SQuAD v1.1 /
// KorQuAD; a directory holding corpus.jsonl is read as BEIR.
func Load(path string) (*Dataset, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fileError(path, err)
	}
	if fi.IsDir() {
		if _, err := os.Stat(filepath.Join(path, "corpus.jsonl")); err == nil {
			return ReadBEIR(path)
		}
	} else if strings.EqualFold(filepath.Ext(path), ".json") {
		f, err := os.Open(path)
		if err != nil {
			return nil, fileError(path, err)
		}
		defer f.Close()
		name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		ds, err := ReadSQuAD(f, name)
		if err != nil {
			return nil, i18n.Errorf("%s: %w", "%s: %w", path, err)
		}
		return ds, nil
	}
	return nil, i18n.Errorf("%s: %w. 읽을 수 있는 것은 SQuAD v1.1/KorQuAD 형식의 .json 파일, "+
		"또는 corpus.jsonl, queries.jsonl, qrels/test.tsv 가 든 BEIR 폴더입니다",
		"%s: %w; supported are a SQuAD v1.1/KorQuAD .json file, "+
			"or a BEIR folder with corpus.jsonl, queries.jsonl and qrels/test.tsv", path, ErrUnsupported)
}

// fileError explains why a dataset file cannot be opened; it wraps err, so
// errors.Is(err, fs.ErrNotExist) holds for a missing file.
func fileError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		e := i18n.Errorf("그런 파일이나 폴더가 없습니다: %s — 경로를 확인하세요",
			"no such file or folder: %s — check the path", path)
		e.Err = err
		return e
	}
	return i18n.Errorf("%s 을(를) 읽을 수 없습니다: %w", "cannot read %s: %w", path, err)
}
