package eval

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// ModeReport is the retrieval quality of one search mode, averaged over
// queries.
type ModeReport struct {
	Recall1  float64 `json:"recall@1"`
	Recall3  float64 `json:"recall@3"`
	Recall5  float64 `json:"recall@5"`
	Recall10 float64 `json:"recall@10"`
	MRR10    float64 `json:"mrr@10"`
	NDCG10   float64 `json:"ndcg@10"`
	QPS      float64 `json:"qps"`
	Queries  int     `json:"queries"`
}

// AnswerReport is the answer quality over a set of queries.
type AnswerReport struct {
	Contains float64 `json:"contains"`
	F1       float64 `json:"f1"`
	NotFound float64 `json:"not_found"`
	Queries  int     `json:"queries"`
}

// Report is the result of one evaluation run, for people (WriteTable) and
// for machines (encoding/json).
type Report struct {
	Dataset       string                `json:"dataset"`
	Docs          int                   `json:"docs"`
	Chunks        int                   `json:"chunks"`
	Queries       int                   `json:"queries"`
	IngestSeconds float64               `json:"ingest_seconds"`
	Modes         map[string]ModeReport `json:"modes"`
	Answers       *AnswerReport         `json:"answers,omitempty"`
	Analyzer      string                `json:"analyzer"`
	Embedder      string                `json:"embedder"`
	Extra         map[string]any        `json:"extra,omitempty"`
}

// modeOrder is the order modes are listed in: the two base retrievers, then
// their fusion; other modes follow alphabetically.
var modeOrder = []string{"keyword", "semantic", "hybrid"}

// WriteTable writes the report as an aligned table, one row per mode, then
// the answer scores and any Extra entries.
func (r *Report) WriteTable(w io.Writer) error {
	// No header line: callers print the dataset line in the user's language.
	var b strings.Builder
	writeModes(&b, r.Modes)
	if a := r.Answers; a != nil {
		fmt.Fprintf(&b, "\nanswers: contains %.3f, F1 %.3f, not found %.3f (%d queries)\n",
			a.Contains, a.F1, a.NotFound, a.Queries)
	}
	if len(r.Extra) > 0 {
		b.WriteString("\n")
		keys := make([]string, 0, len(r.Extra))
		for k := range r.Extra {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "%s: %v\n", k, r.Extra[k])
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeModes writes one row per mode: the name left-aligned, the numbers
// right-aligned under their headers, columns two spaces apart.
func writeModes(b *strings.Builder, modes map[string]ModeReport) {
	rows := [][]string{{"mode", "R@1", "R@3", "R@5", "R@10", "MRR@10", "nDCG@10", "q/s"}}
	for _, mode := range sortedModes(modes) {
		m := modes[mode]
		row := []string{mode}
		for _, v := range []float64{m.Recall1, m.Recall3, m.Recall5, m.Recall10, m.MRR10, m.NDCG10} {
			row = append(row, fmt.Sprintf("%.3f", v))
		}
		rows = append(rows, append(row, fmt.Sprintf("%.1f", m.QPS)))
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], len(cell))
		}
	}
	for _, row := range rows {
		fmt.Fprintf(b, "%-*s", widths[0], row[0])
		for i, cell := range row[1:] {
			fmt.Fprintf(b, "  %*s", widths[i+1], cell)
		}
		b.WriteString("\n")
	}
}

func sortedModes(modes map[string]ModeReport) []string {
	var out []string
	for _, m := range modeOrder {
		if _, ok := modes[m]; ok {
			out = append(out, m)
		}
	}
	var rest []string
	for m := range modes {
		if !slices.Contains(modeOrder, m) {
			rest = append(rest, m)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}
