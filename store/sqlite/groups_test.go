package sqlite

import (
	"context"
	"slices"
	"testing"

	"github.com/seogo/seogo/store"
)

func TestAccessGroupsInsideRetrieval(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	defer s.Close()
	createColl(t, s, "c", testDim)
	docs := []struct {
		id     string
		groups []string
	}{{"hr", []string{"인사팀"}}, {"fin", []string{"finance", "audit"}}, {"open", nil}}
	for _, d := range docs {
		meta := map[string]string{}
		if g := store.AccessGroups(d.groups); g != "" {
			meta[store.MetaAccessGroups] = g
		}
		doc, recs := makeDoc(d.id, "/"+d.id+".txt", "규정", meta, testDim, "연봉 인상 기준 문서 "+d.id)
		put(t, s, "c", doc, recs)
	}
	tests := []struct {
		name   string
		groups []string
		want   []string
	}{
		{"unrestricted", nil, []string{"fin", "hr", "open"}},
		{"no groups", []string{}, []string{"open"}},
		{"인사팀", []string{"인사팀"}, []string{"hr", "open"}},
		{"audit", []string{"audit", "nobody"}, []string{"fin", "open"}},
		{"prefix is not membership", []string{"fin"}, []string{"open"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := store.Filter{Groups: tc.groups}
			kw, err := s.KeywordSearch(ctx, "c", bigrams("연봉 인상 기준"), 10, f)
			if err != nil {
				t.Fatal(err)
			}
			vs, err := s.VectorSearch(ctx, "c", embedText("규정 연봉 인상 기준", testDim), 10, f)
			if err != nil {
				t.Fatal(err)
			}
			list, err := s.ListDocuments(ctx, "c", f)
			if err != nil {
				t.Fatal(err)
			}
			for what, keys := range map[string][]store.Scored{"keyword": kw, "vector": vs} {
				var got []string
				chunks, _ := s.Chunks(ctx, "c", scoredKeys(keys))
				for _, c := range chunks {
					got = append(got, c.Chunk.DocID)
				}
				slices.Sort(got)
				if !slices.Equal(got, tc.want) {
					t.Errorf("%s: %v, want %v", what, got, tc.want)
				}
			}
			var ids []string
			for _, d := range list {
				ids = append(ids, d.ID)
			}
			slices.Sort(ids)
			if !slices.Equal(ids, tc.want) {
				t.Errorf("list: %v, want %v", ids, tc.want)
			}
		})
	}
}

func scoredKeys(s []store.Scored) []int64 {
	keys := make([]int64, len(s))
	for i, x := range s {
		keys[i] = x.Key
	}
	return keys
}
