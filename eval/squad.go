package eval

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/seogo/seogo/i18n"
)

// squadFile is the SQuAD v1.1 layout, which KorQuAD 1.0 and XQuAD share.
// is_impossible comes from SQuAD v2.0, whose unanswerable questions have no
// relevant paragraph and are skipped.
type squadFile struct {
	Data []struct {
		Title      string `json:"title"`
		Paragraphs []struct {
			Context string `json:"context"`
			QAs     []struct {
				ID           flexID `json:"id"`
				Question     string `json:"question"`
				IsImpossible bool   `json:"is_impossible"`
				Answers      []struct {
					Text string `json:"text"`
				} `json:"answers"`
			} `json:"qas"`
		} `json:"paragraphs"`
	} `json:"data"`
}

// ReadSQuAD reads SQuAD v1.1 / KorQuAD 1.0 JSON. Each paragraph becomes a Doc
// with ID "a<article>-p<paragraph>" (0-based positions in the file, so IDs are
// unique and stable for an unchanged file) and the article title; each
// question becomes a Query whose one relevant doc is its paragraph and whose
// Answers are the distinct gold answer texts. Questions without text and
// SQuAD v2.0 unanswerable questions are skipped.
func ReadSQuAD(r io.Reader, name string) (*Dataset, error) {
	var f squadFile
	if err := json.NewDecoder(r).Decode(&f); err != nil {
		return nil, i18n.Errorf("SQuAD JSON을 읽지 못했습니다: %w", "reading SQuAD JSON: %w", err)
	}
	ds := &Dataset{Name: name}
	for a, art := range f.Data {
		for p, para := range art.Paragraphs {
			docID := fmt.Sprintf("a%d-p%d", a, p)
			ds.Docs = append(ds.Docs, Doc{ID: docID, Title: art.Title, Text: para.Context})
			for q, qa := range para.QAs {
				if strings.TrimSpace(qa.Question) == "" || qa.IsImpossible {
					continue
				}
				id := string(qa.ID)
				if id == "" {
					id = fmt.Sprintf("%s-q%d", docID, q)
				}
				query := Query{ID: id, Text: qa.Question, Relevant: map[string]int{docID: 1}}
				for _, ans := range qa.Answers {
					if ans.Text != "" && !slices.Contains(query.Answers, ans.Text) {
						query.Answers = append(query.Answers, ans.Text)
					}
				}
				if len(query.Answers) > 0 {
					ds.HasAnswers = true
				}
				ds.Queries = append(ds.Queries, query)
			}
		}
	}
	if len(ds.Docs) == 0 {
		return nil, i18n.Errorf("문단(paragraphs)이 없습니다: SQuAD v1.1 JSON은 %s 처럼 생겼습니다",
			"no paragraphs found: expected SQuAD v1.1 JSON like %s", squadExample)
	}
	return ds, nil
}

// squadExample is the shape of a SQuAD v1.1 file, for error messages.
const squadExample = `{"data":[{"title":"…","paragraphs":[{"context":"…","qas":[{"id":"…","question":"…","answers":[{"text":"…"}]}]}]}]}`

// flexID is an ID written as a JSON string or number (some converted datasets
// write numeric IDs); either way it is kept as text.
type flexID string

func (id *flexID) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*id = flexID(s)
		return nil
	}
	if string(b) == "null" {
		*id = ""
		return nil
	}
	if _, err := strconv.ParseFloat(string(b), 64); err != nil {
		return i18n.Errorf("id %s 는 문자열도 숫자도 아닙니다", "id %s is neither a string nor a number", b)
	}
	*id = flexID(b)
	return nil
}
