package sqlite

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/seogo/seogo/embed"
	"github.com/seogo/seogo/store"
)

func TestEmbedCachePersists(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := openStore(t, dir)
	k1 := embed.CacheKey("openai:m", 3, "가나다")
	k2 := embed.CacheKey("openai:m", 3, "라마바")
	if err := s.PutVectors(ctx, map[string][]float32{string(k1): {1, 0, 0}}); err != nil {
		t.Fatal(err)
	}
	// An existing key keeps its first vector: the same text under the same
	// embedder has one vector.
	if err := s.PutVectors(ctx, map[string][]float32{string(k1): {0, 1, 0}, string(k2): {0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openStore(t, dir)
	defer s.Close()
	got, err := s.GetVectors(ctx, [][]byte{k1, k2, embed.CacheKey("openai:m", 3, "없음")})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]float32{string(k1): {1, 0, 0}, string(k2): {0, 0, 1}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
}

func TestReembedSwitch(t *testing.T) {
	ctx := context.Background()
	s := openStore(t, t.TempDir())
	defer s.Close()
	createColl(t, s, "c", testDim)
	doc, recs := makeDoc("d1", "/d1.txt", "문서", nil, testDim, "첫째 문단입니다", "둘째 문단입니다", "셋째 문단입니다")
	put(t, s, "c", doc, recs)

	var all []store.StoredChunk
	for after := int64(0); ; {
		page, err := s.ChunksAfter(ctx, "c", after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		all = append(all, page...)
		after = page[len(page)-1].Key
	}
	if len(all) != 3 || all[0].Key >= all[1].Key || all[1].Key >= all[2].Key {
		t.Fatalf("chunks after: %+v", all)
	}
	const target = "new@2"
	// Staging part of the chunks and switching must fail and change nothing.
	if err := s.StageVectors(ctx, "c", target, map[int64][]float32{all[0].Key: {1, 0}}); err != nil {
		t.Fatal(err)
	}
	if up, _ := s.StagedUpTo(ctx, "c", target); up != all[0].Key {
		t.Fatalf("staged up to %d, want %d", up, all[0].Key)
	}
	err := s.SwitchEmbedder(ctx, "c", target, "new", 2)
	if err == nil || !strings.Contains(err.Error(), "2 chunks") {
		t.Fatalf("partial switch: %v", err)
	}
	if c, _ := s.GetCollection(ctx, "c"); c.Dim != testDim || c.Embedder != "hash" {
		t.Fatalf("collection changed by a failed switch: %+v", c)
	}
	if hits, err := s.VectorSearch(ctx, "c", embedText("문서 둘째 문단입니다", testDim), 1, store.Filter{}); err != nil || len(hits) != 1 || hits[0].Key != all[1].Key {
		t.Fatalf("old vectors lost: %v %v", hits, err)
	}
	if err := s.StageVectors(ctx, "c", target, map[int64][]float32{all[1].Key: {0, 1}, all[2].Key: {0.6, 0.8}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SwitchEmbedder(ctx, "c", target, "new", 2); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.GetCollection(ctx, "c"); c.Dim != 2 || c.Embedder != "new" {
		t.Fatalf("collection not switched: %+v", c)
	}
	hits, err := s.VectorSearch(ctx, "c", []float32{0, 1}, 1, store.Filter{})
	if err != nil || len(hits) != 1 || hits[0].Key != all[1].Key {
		t.Fatalf("new vectors not live: %v %v", hits, err)
	}
	if up, _ := s.StagedUpTo(ctx, "c", target); up != 0 {
		t.Fatalf("staging not cleared: %d", up)
	}
}
