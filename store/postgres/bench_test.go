package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/seogo/seogo/store"
	"github.com/seogo/seogo/store/storetest"
)

// BenchmarkKeywordSearch compares keyword search on this node's in-memory
// index with BM25 in SQL, on SEOGO_BENCH_PG_CHUNKS chunks (default 20,000)
// made of KorQuAD dev sentences, with KorQuAD questions:
//
//	eval "$(bash scripts/postgres.sh)"
//	SEOGO_BENCH_PG_CHUNKS=100000 go test ./store/postgres -run '^$' -bench KeywordSearch -benchtime 200x
func BenchmarkKeywordSearch(b *testing.B) {
	n := 20000
	if v := os.Getenv("SEOGO_BENCH_PG_CHUNKS"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	raw, err := os.ReadFile("../../testdata/korquad/KorQuAD_v1.0_dev.json")
	if err != nil {
		b.Skip(err)
	}
	var data struct {
		Data []struct {
			Paragraphs []struct {
				Context string
				Qas     []struct{ Question string }
			}
		}
	}
	if err := json.Unmarshal(raw, &data); err != nil {
		b.Fatal(err)
	}
	var sentences, questions []string
	for _, a := range data.Data {
		for _, p := range a.Paragraphs {
			for _, s := range strings.Split(p.Context, ". ") {
				if len([]rune(s)) > 20 {
					sentences = append(sentences, s+".")
				}
			}
			for _, q := range p.Qas {
				questions = append(questions, q.Question)
			}
		}
	}
	url := freshURL(b, "")
	ctx := context.Background()
	mem, err := Open(ctx, url, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer mem.Close()
	viaSQL, err := Open(ctx, url+"&seogo_keyword=sql", Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer viaSQL.Close()
	if err := mem.CreateCollection(ctx, store.Collection{Name: "bench", Analyzer: "bigram", Embedder: "hash", Dim: storetest.Dim}); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for d := 0; d*100 < n; d++ {
		doc := storetest.Doc{ID: fmt.Sprintf("d%05d", d), Source: fmt.Sprintf("d%05d.txt", d), Title: "항목 " + strconv.Itoa(d)}
		for i := 0; i < 100 && d*100+i < n; i++ {
			doc.Paras = append(doc.Paras, sentences[rng.IntN(len(sentences))]+" "+sentences[rng.IntN(len(sentences))])
		}
		sd, recs := doc.Build(storetest.Dim)
		if err := mem.PutDocument(ctx, "bench", sd, recs); err != nil {
			b.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name string
		s    *Store
	}{{"memory", mem}, {"sql", viaSQL}} {
		b.Run(fmt.Sprintf("%s/%d", tc.name, n), func(b *testing.B) {
			if _, err := tc.s.KeywordSearch(ctx, "bench", storetest.Bigrams(questions[0]), 10, store.Filter{}); err != nil {
				b.Fatal(err) // and the first search builds the memory index
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := tc.s.KeywordSearch(ctx, "bench", storetest.Bigrams(questions[i%len(questions)]), 10, store.Filter{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
