package wordvec

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
)

func TestGloVeLecture(t *testing.T) {
	m, f, err := Read(strings.NewReader("cat 0.5 0.3 0.2\ndog 0.4 0.7 0.8\n"), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if f != GloVeText {
		t.Errorf("format %v, want glove", f)
	}
	if v, _ := m.Vector("cat"); !slices.Equal(v, []float32{0.5, 0.3, 0.2}) {
		t.Errorf("cat = %v", v)
	}
}

func TestReadFormats(t *testing.T) {
	cases := []struct {
		name, in string
		format   Format
		words    []string
		dim      int
	}{
		{"word2vec text", "2 3\n강아지 0.1 0.2 0.3\n고양이 -1 2e-3 4\n", Word2VecText, []string{"강아지", "고양이"}, 3},
		{"fastText vec with CRLF and trailing spaces", "2 2\r\n학교 1 2 \r\n학교에서 3 4 \r\n", Word2VecText, []string{"학교", "학교에서"}, 2},
		{"glove no header", "서울 1 0\n부산 0 1\n", GloVeText, []string{"서울", "부산"}, 2},
		{"glove one-dim first line looks like no header", "가 1\n나 2\n", GloVeText, []string{"가", "나"}, 1},
		{"duplicate keeps the first", "2 1\n가 1\n가 2\n", Word2VecText, []string{"가"}, 1},
		{"blank lines skipped", "가 1 2\n\n나 3 4\n", GloVeText, []string{"가", "나"}, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m, f, err := Read(strings.NewReader(tc.in), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if f != tc.format || !slices.Equal(m.Words(), tc.words) || m.Dim() != tc.dim {
				t.Errorf("got %v %v dim %d", f, m.Words(), m.Dim())
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	for _, in := range []string{
		"", "2 3\n가 1 2\n", "가 1 2\n나 1\n", "2 0\n", "1 99999999\n", "가 1 NaN\n", "가 1 inf\n", "가\n",
		"2 2\n가 \x00\x00\x80\x3f\x00\x00", // binary record cut short
	} {
		if _, _, err := Read(strings.NewReader(in), ReadOptions{}); err == nil {
			t.Errorf("Read(%q) gave no error", in)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	m, err := Train(context.Background(), syntheticCorpus(120, 5), small(Options{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []Format{Word2VecText, Word2VecBinary, GloVeText} {
		t.Run(f.String(), func(t *testing.T) {
			var buf bytes.Buffer
			if err := m.Write(&buf, f); err != nil {
				t.Fatal(err)
			}
			got, gf, err := Read(&buf, ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if gf != f || !slices.Equal(got.Words(), m.Words()) || !slices.Equal(got.vecs, m.vecs) {
				t.Errorf("%v: round trip changed the model (format read back %v)", f, gf)
			}
			lim, _, _ := Read(bytes.NewReader(buf.Bytes()), ReadOptions{Limit: 3})
			if lim != nil && lim.Len() != 3 {
				t.Errorf("limit 3 kept %d words", lim.Len())
			}
		})
	}
}

func TestSaveLoad(t *testing.T) {
	o := small(Options{})
	m, err := Train(context.Background(), syntheticCorpus(120, 6), o)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := Save(dir, m, Meta{Name: "시험", Tokenizer: "eojeol", SIFA: 1e-3, PC: make([]float32, o.Dim), Options: &o}); err != nil {
		t.Fatal(err)
	}
	got, meta, err := Load(dir, "시험")
	if err != nil {
		t.Fatal(err)
	}
	if meta.Tokenizer != "eojeol" || meta.Words != m.Len() || !slices.Equal(got.counts, m.counts) ||
		!slices.Equal(got.vecs, m.vecs) || !slices.Equal(got.sub.vecs, m.sub.vecs) {
		t.Fatal("load differs from save")
	}
	a, _ := m.Vector("학교에서")
	b, _ := got.Vector("학교에서")
	if !slices.Equal(a, b) {
		t.Error("subword vector of an unknown word changed")
	}
}

// FuzzRead feeds arbitrary bytes to the format detector and parsers: they
// must fail cleanly, never panic or allocate without bound.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"2 3\n강아지 0.1 0.2 0.3\n고양이 -1 2e-3 4\n", "cat 0.5 0.3 0.2\ndog 0.4 0.7 0.8\n",
		"1 2\n가 \x00\x00\x80\x3f\x00\x00\x00\x40\n", "3 1\n가 1\n", "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, _, err := Read(bytes.NewReader(data), ReadOptions{Limit: 1000})
		if err != nil {
			return
		}
		if len(m.vecs) != m.Len()*m.Dim() {
			t.Fatalf("%d words × %d dims but %d floats", m.Len(), m.Dim(), len(m.vecs))
		}
	})
}

// FuzzBinary round-trips arbitrary words and floats through the binary
// format, whose records are delimited only by the word's trailing space.
func FuzzBinary(f *testing.F) {
	f.Add("학교", float32(1.5), "학교에서", float32(-2))
	f.Fuzz(func(t *testing.T, w1 string, x1 float32, w2 string, x2 float32) {
		m, err := NewModel([]string{w1, w2}, []float32{x1, x2}, 1, nil)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if m.Write(&buf, Word2VecBinary) != nil {
			return // a word with a space or an empty word cannot be written
		}
		got, _, err := Read(&buf, ReadOptions{})
		if err != nil {
			return // NaN or infinite numbers are refused
		}
		if w1 != w2 && strings.TrimLeft(w1, "\n") == w1 && strings.TrimLeft(w2, "\n") == w2 && !slices.Equal(got.Words(), m.Words()) {
			t.Fatalf("words %q read back as %q", m.Words(), got.Words())
		}
	})
}
