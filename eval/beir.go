package eval

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/seogo/seogo/i18n"
)

// ReadBEIR reads a BEIR dataset directory: corpus.jsonl ({"_id","title",
// "text"} per line), queries.jsonl ({"_id","text"}) and qrels/test.tsv
// (query-id, corpus-id, score; a header line). Grades > 0 are relevant;
// queries with no relevant document are dropped, as BEIR's own evaluation
// does. Queries keep the order of queries.jsonl.
func ReadBEIR(dir string) (*Dataset, error) {
	ds := &Dataset{Name: filepath.Base(filepath.Clean(dir))}
	err := readJSONL(filepath.Join(dir, "corpus.jsonl"), func(line int, rec beirRecord) error {
		if rec.ID == "" {
			return i18n.Errorf("%d번째 줄: _id가 없습니다", "line %d: no _id", line)
		}
		ds.Docs = append(ds.Docs, Doc{ID: string(rec.ID), Title: rec.Title, Text: rec.Text})
		return nil
	})
	if err != nil {
		return nil, err
	}
	qrels, err := readQrels(filepath.Join(dir, "qrels", "test.tsv"))
	if err != nil {
		return nil, err
	}
	err = readJSONL(filepath.Join(dir, "queries.jsonl"), func(line int, rec beirRecord) error {
		if rel := qrels[string(rec.ID)]; len(rel) > 0 && strings.TrimSpace(rec.Text) != "" {
			ds.Queries = append(ds.Queries, Query{ID: string(rec.ID), Text: rec.Text, Relevant: rel})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(ds.Docs) == 0 || len(ds.Queries) == 0 {
		return nil, i18n.Errorf("%s: 문서 %d개, 정답 판정이 있는 질문 %d개: 둘 다 하나 이상 있어야 합니다",
			"%s: %d documents and %d queries with relevance judgements; need at least one of each",
			dir, len(ds.Docs), len(ds.Queries))
	}
	return ds, nil
}

type beirRecord struct {
	ID    flexID `json:"_id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// readJSONL calls fn for each JSON object of a JSON Lines file. A decoder
// rather than a line scanner: BEIR corpora have lines of megabytes.
func readJSONL(path string, fn func(line int, rec beirRecord) error) error {
	f, err := os.Open(path)
	if err != nil {
		return beirFileError(path, err)
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	for n := 1; ; n++ {
		var rec beirRecord
		err := dec.Decode(&rec)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return i18n.Errorf("%s: %d번째 레코드가 올바른 JSON이 아닙니다: %w", "%s: record %d: %w", path, n, err)
		}
		if err := fn(n, rec); err != nil {
			return i18n.Errorf("%s: %w", "%s: %w", path, err)
		}
	}
}

// readQrels reads a BEIR qrels file into query ID → doc ID → grade, keeping
// grades > 0. The header line is recognised by its non-numeric score.
func readQrels(path string) (map[string]map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, beirFileError(path, err)
	}
	defer f.Close()
	out := map[string]map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		fields := strings.Split(line, "\t")
		if len(fields) < 3 {
			fields = strings.Fields(line)
		}
		if len(fields) < 3 {
			return nil, i18n.Errorf("%s:%d: query-id, corpus-id, score 세 칸이 있어야 하는데 %q 입니다",
				"%s:%d: want query-id, corpus-id and score, got %q", path, n, line)
		}
		grade, err := strconv.Atoi(strings.TrimSpace(fields[len(fields)-1]))
		if err != nil {
			if n == 1 {
				continue // header: query-id corpus-id score
			}
			return nil, i18n.Errorf("%s:%d: score %q 가 정수가 아닙니다", "%s:%d: score %q is not an integer", path, n, fields[len(fields)-1])
		}
		if grade <= 0 {
			continue
		}
		q, d := strings.TrimSpace(fields[0]), strings.TrimSpace(fields[len(fields)-2])
		if out[q] == nil {
			out[q] = map[string]int{}
		}
		out[q][d] = grade
	}
	if err := sc.Err(); err != nil {
		return nil, i18n.Errorf("%s: %w", "%s: %w", path, err)
	}
	return out, nil
}

// beirFileError explains why a file of a BEIR folder cannot be opened; it
// wraps err, so errors.Is(err, fs.ErrNotExist) holds for a missing file.
func beirFileError(path string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		e := i18n.Errorf("%s 파일이 없습니다: BEIR 폴더에는 corpus.jsonl, queries.jsonl, qrels/test.tsv 가 있어야 합니다",
			"%s is missing: a BEIR folder holds corpus.jsonl, queries.jsonl and qrels/test.tsv", path)
		e.Err = err
		return e
	}
	return fileError(path, err)
}
