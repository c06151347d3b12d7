package bm25

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"sort"
	"sync"
	"testing"
)

// refIndex is the obvious BM25: it recomputes everything from the documents
// on every query. The real index must agree with it.
type refIndex struct {
	p    Params
	docs map[uint32]Doc
}

func (r *refIndex) search(query []string, k int, allow func(uint32) bool) []Hit {
	n := len(r.docs)
	tf := func(d Doc, t string) float64 {
		var b, ti float64
		for _, x := range d.Body {
			if x == t {
				b++
			}
		}
		if r.p.TitleBoost > 0 {
			for _, x := range d.Title {
				if x == t {
					ti++
				}
			}
		}
		return float64(float32(b + r.p.TitleBoost*ti))
	}
	length := func(d Doc) float64 {
		nb, nt := 0.0, 0.0
		for _, x := range d.Body {
			if x != "" {
				nb++
			}
		}
		for _, x := range d.Title {
			if x != "" {
				nt++
			}
		}
		if r.p.TitleBoost == 0 {
			nt = 0
		}
		return nb + r.p.TitleBoost*nt
	}
	var total float64
	for _, d := range r.docs {
		total += length(d)
	}
	avg := total / float64(n)
	scores := map[uint32]float64{}
	for _, qt := range dedupe(query) {
		df := 0
		for _, d := range r.docs {
			if tf(d, qt.term) > 0 {
				df++
			}
		}
		if df == 0 {
			continue
		}
		w := float64(qt.qtf) * math.Log(1+(float64(n)-float64(df)+0.5)/(float64(df)+0.5))
		for key, d := range r.docs {
			f := tf(d, qt.term)
			if f == 0 {
				continue
			}
			scores[key] += w * f * (r.p.K1 + 1) / (f + r.p.K1*(1-r.p.B+r.p.B*length(d)/avg))
		}
	}
	var hits []Hit
	for key, s := range scores {
		if allow == nil || allow(key) {
			hits = append(hits, Hit{key, s})
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Key < hits[j].Key
	})
	if len(hits) > k {
		hits = hits[:k]
	}
	return hits
}

func compareHits(t *testing.T, what string, got, want []Hit) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d hits, want %d\n got %v\nwant %v", what, len(got), len(want), got, want)
	}
	for i := range got {
		if math.Abs(got[i].Score-want[i].Score) > 1e-4*math.Max(1, want[i].Score) {
			t.Fatalf("%s: hit %d = %v, want %v", what, i, got[i], want[i])
		}
	}
}

var syllables = []string{"서", "울", "배", "송", "상", "태", "확", "인", "조", "회", "문", "서", "고", "객"}

func randTokens(r *rand.Rand, n int) []string {
	toks := make([]string, n)
	for i := range toks {
		toks[i] = syllables[r.IntN(len(syllables))] + syllables[r.IntN(len(syllables))]
	}
	return toks
}

func TestSearchMatchesReference(t *testing.T) {
	tests := []struct {
		name    string
		p       Params
		ndocs   int
		removes int
		allow   func(uint32) bool
	}{
		{"defaults", Params{}, 200, 0, nil},
		{"with removals", Params{}, 300, 120, nil},
		{"filtered", DefaultParams(), 300, 50, func(k uint32) bool { return k%2 == 1 }},
		{"no length norm", Params{K1: 1.2, B: 0, TitleBoost: 2}, 100, 10, nil},
		{"titles ignored", Params{K1: 0.9, B: 0.4, TitleBoost: 0}, 100, 10, nil},
		{"fractional boost", Params{K1: 1.5, B: 1, TitleBoost: 1.3}, 150, 40, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(tc.ndocs), uint64(tc.removes)))
			ix := New(tc.p)
			ref := &refIndex{p: ix.Params(), docs: map[uint32]Doc{}}
			for i := 0; i < tc.ndocs; i++ {
				d := Doc{Key: uint32(r.IntN(tc.ndocs * 3)), Body: randTokens(r, 5+r.IntN(40)), Title: randTokens(r, r.IntN(4))}
				if i%17 == 0 {
					d.Body = append(d.Body, "") // empty tokens are ignored
				}
				ix.Add(d.Key, d.Body, d.Title) // a repeated key replaces
				ref.docs[d.Key] = d
			}
			for i := 0; i < tc.removes; i++ {
				key := uint32(r.IntN(tc.ndocs * 3))
				_, had := ref.docs[key]
				if got := ix.Remove(key); got != had {
					t.Fatalf("Remove(%d) = %v, want %v", key, got, had)
				}
				delete(ref.docs, key)
			}
			if ix.Len() != len(ref.docs) {
				t.Fatalf("Len = %d, want %d", ix.Len(), len(ref.docs))
			}
			for q := 0; q < 20; q++ {
				query := randTokens(r, 1+r.IntN(30))
				compareHits(t, "query", ix.Search(query, 10, tc.allow), ref.search(query, 10, tc.allow))
			}
			// Writes between searches invalidate what searches cached.
			for i := 0; i < 10; i++ {
				d := Doc{Key: uint32(tc.ndocs*3 + i), Body: randTokens(r, 10)}
				ix.Add(d.Key, d.Body, nil)
				ref.docs[d.Key] = d
				query := randTokens(r, 10)
				compareHits(t, "query after add", ix.Search(query, 10, tc.allow), ref.search(query, 10, tc.allow))
				ix.Remove(d.Key - 1)
				delete(ref.docs, d.Key-1)
				compareHits(t, "query after remove", ix.Search(query, 10, tc.allow), ref.search(query, 10, tc.allow))
			}
		})
	}
}

func TestTiesAndQueryFrequency(t *testing.T) {
	ix := New(Params{})
	for _, key := range []uint32{30, 10, 20} {
		ix.Add(key, []string{"배송", "조회"}, nil)
	}
	ix.Add(40, []string{"상태"}, nil)
	got := ix.Search([]string{"배송"}, 2, nil)
	if len(got) != 2 || got[0].Key != 10 || got[1].Key != 20 || got[0].Score != got[1].Score {
		t.Fatalf("ties: %v, want keys 10, 20 with equal scores", got)
	}
	once := ix.Search([]string{"상태"}, 1, nil)
	twice := ix.Search([]string{"상태", "상태"}, 1, nil)
	if math.Abs(twice[0].Score-2*once[0].Score) > 1e-5 {
		t.Fatalf("repeated query token: %v, want twice %v", twice[0].Score, once[0].Score)
	}
	if got := ix.Search([]string{"없음"}, 5, nil); len(got) != 0 {
		t.Fatalf("unknown term: %v", got)
	}
	if got := ix.Search([]string{"배송"}, 0, nil); got != nil {
		t.Fatalf("k=0: %v", got)
	}
}

func TestTitleBoost(t *testing.T) {
	ix := New(Params{})
	ix.Add(1, []string{"배송", "상태", "확인"}, nil)
	ix.Add(2, []string{"상태", "확인", "방법"}, []string{"배송"})
	got := ix.Search([]string{"배송"}, 2, nil)
	if got[0].Key != 2 {
		t.Fatalf("title match should rank first: %v", got)
	}
}

func TestIDF(t *testing.T) {
	ix := New(Params{})
	for i := uint32(0); i < 10; i++ {
		body := []string{"공통"}
		if i < 2 {
			body = append(body, "희귀")
		}
		ix.Add(i, body, nil)
	}
	tests := []struct {
		tok  string
		want float64
	}{
		{"공통", math.Log(1 + 0.5/10.5)},
		{"희귀", math.Log(1 + 8.5/2.5)},
		{"없음", 0},
	}
	for _, tc := range tests {
		if got := ix.IDF(tc.tok); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("IDF(%s) = %v, want %v", tc.tok, got, tc.want)
		}
	}
	ix.Remove(0) // df and N follow removals at once
	if got, want := ix.IDF("희귀"), math.Log(1+8.5/1.5); math.Abs(got-want) > 1e-12 {
		t.Errorf("IDF after removal = %v, want %v", got, want)
	}
}

// A compacted index, an index with tombstones and a fresh one with the same
// chunks must rank identically, to the last bit: the store compares a
// snapshot-loaded index with a rebuilt one.
func TestHistoryDoesNotChangeScores(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	churned, fresh := New(Params{K1: 1.2, B: 0.75, TitleBoost: 1.7}), New(Params{K1: 1.2, B: 0.75, TitleBoost: 1.7})
	docs := map[uint32]Doc{}
	for i := 0; i < 2000; i++ {
		d := Doc{Key: uint32(r.IntN(500)), Body: randTokens(r, 20), Title: randTokens(r, 2)}
		churned.Update([]uint32{uint32(r.IntN(500))}, []Doc{d})
		docs[d.Key] = d
	}
	for key := range docs {
		if _, ok := churned.docOf[key]; !ok {
			delete(docs, key)
		}
	}
	keys := make([]uint32, 0, len(docs))
	for k := range docs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] > keys[j] }) // another order
	for _, k := range keys {
		fresh.Add(k, docs[k].Body, docs[k].Title)
	}
	var buf bytes.Buffer
	if err := churned.WriteSnapshot(&buf, 1); err != nil {
		t.Fatal(err)
	}
	loaded, _, err := ReadSnapshot(&buf)
	if err != nil {
		t.Fatal(err)
	}
	for q := 0; q < 50; q++ {
		query := randTokens(r, 30)
		want := fresh.Search(query, 20, nil)
		for name, ix := range map[string]*Index{"churned": churned, "loaded": loaded} {
			got := ix.Search(query, 20, nil)
			if len(got) != len(want) {
				t.Fatalf("%s: %d hits, want %d", name, len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s: hit %d = %v, fresh index says %v", name, i, got[i], want[i])
				}
			}
		}
	}
}

func TestSnapshotRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	ix := New(Params{K1: 1.1, B: 0.6, TitleBoost: 2.5})
	for i := uint32(0); i < 500; i++ {
		ix.Add(i*7, randTokens(r, 30), randTokens(r, 3))
	}
	for i := uint32(0); i < 500; i += 9 {
		ix.Remove(i * 7)
	}
	var buf bytes.Buffer
	if err := ix.WriteSnapshot(&buf, 42); err != nil {
		t.Fatal(err)
	}
	got, stamp, err := ReadSnapshot(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if stamp != 42 || got.Params() != ix.Params() || got.Len() != ix.Len() {
		t.Fatalf("stamp %d params %v len %d; want 42 %v %d", stamp, got.Params(), got.Len(), ix.Params(), ix.Len())
	}
	for q := 0; q < 20; q++ {
		query := randTokens(r, 25)
		a, b := ix.Search(query, 10, nil), got.Search(query, 10, nil)
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("hit %d: %v vs %v", i, a[i], b[i])
			}
		}
	}
	// The loaded index keeps working as a normal one.
	got.Add(1, []string{"새글"}, nil)
	if h := got.Search([]string{"새글"}, 1, nil); len(h) != 1 || h[0].Key != 1 {
		t.Fatalf("add after load: %v", h)
	}
}

func TestSnapshotDamageIsDetected(t *testing.T) {
	ix := New(Params{})
	ix.Add(1, []string{"배송", "조회"}, []string{"안내"})
	ix.Add(2, []string{"상태"}, nil)
	var buf bytes.Buffer
	if err := ix.WriteSnapshot(&buf, 7); err != nil {
		t.Fatal(err)
	}
	good := buf.Bytes()
	for n := 0; n < len(good); n++ { // every truncation
		if _, _, err := ReadSnapshot(bytes.NewReader(good[:n])); !errors.Is(err, ErrSnapshot) {
			t.Fatalf("truncated to %d bytes: err = %v", n, err)
		}
	}
	for i := 0; i < len(good); i++ { // every single-bit flip
		bad := append([]byte(nil), good...)
		bad[i] ^= 0x10
		if _, _, err := ReadSnapshot(bytes.NewReader(bad)); !errors.Is(err, ErrSnapshot) {
			t.Fatalf("bit flipped at %d: err = %v", i, err)
		}
	}
	if _, _, err := ReadSnapshot(bytes.NewReader(append(good, 0))); !errors.Is(err, ErrSnapshot) {
		t.Fatalf("trailing byte: err = %v", err)
	}
}

func TestEmptyIndex(t *testing.T) {
	ix := New(Params{})
	if ix.Search([]string{"a"}, 3, nil) != nil || ix.IDF("a") != 0 || ix.Len() != 0 {
		t.Fatal("empty index answers")
	}
	var buf bytes.Buffer
	_ = ix.WriteSnapshot(&buf, 0)
	got, _, err := ReadSnapshot(&buf)
	if err != nil || got.Len() != 0 {
		t.Fatalf("empty snapshot: %v", err)
	}
	ix.Add(5, nil, nil) // a chunk without tokens still counts in N
	if ix.Len() != 1 {
		t.Fatal("empty chunk not counted")
	}
}

func TestParamsValidate(t *testing.T) {
	tests := []struct {
		p  Params
		ok bool
	}{
		{DefaultParams(), true},
		{Params{K1: 0, B: 0, TitleBoost: 0}, true},
		{Params{K1: -1, B: 0.5, TitleBoost: 1}, false},
		{Params{K1: 1, B: 1.5, TitleBoost: 1}, false},
		{Params{K1: math.NaN(), B: 0.5, TitleBoost: 1}, false},
		{Params{K1: 1, B: 0.5, TitleBoost: math.Inf(1)}, false},
	}
	for _, tc := range tests {
		if err := tc.p.Validate(); (err == nil) != tc.ok {
			t.Errorf("Validate(%v) = %v", tc.p, err)
		}
	}
}

func TestConcurrentSearchAndWrite(t *testing.T) {
	ix := New(Params{})
	r := rand.New(rand.NewPCG(1, 1))
	for i := uint32(0); i < 200; i++ {
		ix.Add(i, randTokens(r, 20), nil)
	}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		query := randTokens(r, 10)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 300; i++ {
				ix.Search(query, 5, nil)
				ix.IDF(query[0])
			}
		}()
	}
	for i := uint32(0); i < 300; i++ {
		ix.Update([]uint32{i % 200}, []Doc{{Key: 1000 + i, Body: randTokens(r, 20)}})
	}
	wg.Wait()
}

func FuzzReadSnapshot(f *testing.F) {
	ix := New(Params{K1: 1, B: 0.5, TitleBoost: 1.5})
	ix.Add(3, []string{"가나", "나다", "가나"}, []string{"제목"})
	ix.Add(9, []string{"나다"}, nil)
	var buf bytes.Buffer
	_ = ix.WriteSnapshot(&buf, 11)
	f.Add(buf.Bytes())
	f.Add([]byte(magic))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		// As given, and with the checksum made right, so the fuzzer's
		// mutations reach the decoder instead of stopping at the CRC.
		fixed := append([]byte(nil), data...)
		if len(fixed) >= 4 {
			sum := crc32.Checksum(fixed[:len(fixed)-4], castagnoli)
			binary.LittleEndian.PutUint32(fixed[len(fixed)-4:], sum)
		}
		for _, b := range [][]byte{data, fixed} {
			got, _, err := ReadSnapshot(bytes.NewReader(b))
			if err != nil {
				continue
			}
			got.Search([]string{"가나", "나다", "제목"}, 3, nil) // a decoded index must be usable
			got.Add(3, []string{"가나"}, nil)
			got.Remove(9)
		}
	})
}
