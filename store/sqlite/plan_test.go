package sqlite

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

func batchArgs() []any {
	args := []any{"c"}
	for i := 0; i < chunkBatch; i++ {
		args = append(args, i*2)
	}
	return args
}

// TestChunkFetchesLookUpKeys checks the query plans of the per-request
// chunk fetches: they must look chunks up by their integer key, never walk
// an index over the whole collection (which made one search cost 15 ms at
// 100,000 chunks). The plan is SQLite's own EXPLAIN QUERY PLAN output.
func TestChunkFetchesLookUpKeys(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	defer s.Close()
	createColl(t, s, "c", 0)
	for d := 0; d < 20; d++ {
		var paras []string
		for i := 0; i < 50; i++ {
			paras = append(paras, fmt.Sprintf("문서 %d의 %d번째 문단입니다", d, i))
		}
		doc, recs := makeDoc(fmt.Sprintf("d%d", d), fmt.Sprintf("d%d.txt", d), "제목", nil, 0, paras...)
		put(t, s, "c", doc, recs)
	}
	for _, tc := range []struct {
		name  string
		query string
		args  []any
	}{
		{"Chunks", chunksByKeySQL(3), []any{"c", 1, 500, 999}},
		{"Chunks of a full batch", chunksByKeySQL(chunkBatch), batchArgs()},
		{"ChunksAfter", chunksAfterSQL, []any{"c", 10, 5}},
	} {
		rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+tc.query, tc.args...)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		all := strings.Join(plan, "\n")
		if !strings.Contains(all, "SEARCH c USING INTEGER PRIMARY KEY") || strings.Contains(all, "chunks_doc") {
			t.Errorf("%s: the plan does not look chunks up by key:\n%s", tc.name, all)
		}
	}
}
