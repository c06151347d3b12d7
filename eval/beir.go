package eval

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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
			return fmt.Errorf("line %d: no _id", line)
		}
		ds.Docs = append(ds.Docs, Doc{ID: string(rec.ID), Title: rec.Title, Text: rec.Text})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	qrels, err := readQrels(filepath.Join(dir, "qrels", "test.tsv"))
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	err = readJSONL(filepath.Join(dir, "queries.jsonl"), func(line int, rec beirRecord) error {
		if rel := qrels[string(rec.ID)]; len(rel) > 0 && strings.TrimSpace(rec.Text) != "" {
			ds.Queries = append(ds.Queries, Query{ID: string(rec.ID), Text: rec.Text, Relevant: rel})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	if len(ds.Docs) == 0 || len(ds.Queries) == 0 {
		return nil, fmt.Errorf("eval: %s: %d documents and %d queries with relevance judgements; need at least one of each",
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
		return err
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
			return fmt.Errorf("%s: record %d: %w", path, n, err)
		}
		if err := fn(n, rec); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
}

// readQrels reads a BEIR qrels file into query ID → doc ID → grade, keeping
// grades > 0. The header line is recognised by its non-numeric score.
func readQrels(path string) (map[string]map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w (BEIR relevance judgements are read from qrels/test.tsv)", err)
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
			return nil, fmt.Errorf("%s:%d: want query-id, corpus-id and score, got %q", path, n, line)
		}
		grade, err := strconv.Atoi(strings.TrimSpace(fields[len(fields)-1]))
		if err != nil {
			if n == 1 {
				continue // header: query-id corpus-id score
			}
			return nil, fmt.Errorf("%s:%d: score %q is not an integer", path, n, fields[len(fields)-1])
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
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}
