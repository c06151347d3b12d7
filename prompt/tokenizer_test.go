package prompt

import (
	"sync"
	"testing"

	tiktoken "github.com/pkoukk/tiktoken-go"
)

func mustTokenizer(t testing.TB, enc string) Tokenizer {
	t.Helper()
	tok, err := NewTokenizer(enc)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestTokenizerKnownCounts(t *testing.T) {
	for _, tc := range []struct {
		enc, text string
		want      int
	}{
		// Counts published by OpenAI's tiktoken.
		{CL100kBase, "hello world", 2},
		{O200kBase, "hello world", 2},
		{"", "hello world", 2},
		{CL100kBase, "", 0},
		{CL100kBase, "tiktoken is great!", 6},
	} {
		if got := mustTokenizer(t, tc.enc).Count(tc.text); got != tc.want {
			t.Errorf("%s: Count(%q) = %d, want %d", tc.enc, tc.text, got, tc.want)
		}
	}
}

// The Korean counts are checked against tiktoken-go's own Encode, a path
// that shares no code of ours (a fresh encoding, Encode not EncodeOrdinary).
func TestTokenizerKoreanMatchesTiktoken(t *testing.T) {
	texts := []string{
		"배송 상태는 마이페이지의 주문 내역에서 확인할 수 있습니다.",
		"서울특별시 종로구 세종대로 209, 정부서울청사 3층",
		"Kubernetes Pod의 restartPolicy를 OnFailure로 바꾸려면?",
	}
	for _, enc := range []string{O200kBase, CL100kBase} {
		tok := mustTokenizer(t, enc)
		ref, err := tiktoken.GetEncoding(enc)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range texts {
			want := len(ref.Encode(s, nil, nil))
			if got := tok.Count(s); got != want || got == 0 {
				t.Errorf("%s: Count(%q) = %d, tiktoken Encode gives %d", enc, s, got, want)
			}
		}
	}
	// o200k_base's larger vocabulary spends fewer tokens on Hangul: the
	// reason it is the default for unknown models.
	s := texts[0]
	if o, c := mustTokenizer(t, O200kBase).Count(s), mustTokenizer(t, CL100kBase).Count(s); o >= c {
		t.Errorf("o200k_base %d tokens, cl100k_base %d: expected fewer for Korean", o, c)
	}
}

func TestTokenizerSpecialTokensAreText(t *testing.T) {
	tok := mustTokenizer(t, O200kBase)
	if n := tok.Count("<|endoftext|>"); n < 2 {
		t.Errorf("Count(<|endoftext|>) = %d: a special token in a document must count as text", n)
	}
}

func TestTokenizerUnknownEncoding(t *testing.T) {
	if _, err := NewTokenizer("p99k"); err == nil {
		t.Fatal("want an error for an unknown encoding")
	}
}

func TestTokenizerConcurrent(t *testing.T) {
	tok := mustTokenizer(t, O200kBase)
	want := tok.Count("동시에 세어도 같은 답이 나와야 합니다.")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			again := mustTokenizer(t, "")
			for range 20 {
				if got := again.Count("동시에 세어도 같은 답이 나와야 합니다."); got != want {
					t.Errorf("got %d, want %d", got, want)
				}
			}
		}()
	}
	wg.Wait()
}

func TestEncodingForModel(t *testing.T) {
	for _, tc := range []struct{ model, want string }{
		{"gpt-4o", O200kBase},
		{"gpt-4o-mini-2024-07-18", O200kBase},
		{"gpt-4.1-nano", O200kBase},
		{"GPT-5", O200kBase},
		{"o1", O200kBase},
		{"o3-mini", O200kBase},
		{"o4-mini", O200kBase},
		{"openai/gpt-4o", O200kBase},
		{"gpt-4", CL100kBase},
		{"gpt-4-turbo", CL100kBase},
		{"gpt-3.5-turbo", CL100kBase},
		{"gpt-35-turbo", CL100kBase}, // Azure's spelling
		{"text-embedding-3-small", CL100kBase},
		{"llama3.1:8b", O200kBase},
		{"qwen2.5", O200kBase},
		{"ollama", O200kBase},
		{"", O200kBase},
	} {
		if got := EncodingForModel(tc.model); got != tc.want {
			t.Errorf("EncodingForModel(%q) = %s, want %s", tc.model, got, tc.want)
		}
	}
}

// BuildRAG adds the counts of blocks that end in a blank line instead of
// counting the whole message (see blankLineAdditive); this checks the claim
// on the endings that could make a pre-tokenizer piece run on.
func TestBlankLineAdditive(t *testing.T) {
	ends := []string{"다.", "끝", "end", "123", "1.5", "…", " …", "?!", "/", "a/", "https://x.y/", "\u200b", "é", "e\u0301",
		"\u1100\u1161", "'s", "it's", "[1]", "(2)", "> 질문: x", "\u00a0x", "x\t|", "「인용」", "😀", "\n", ""}
	starts := []string{"[1] 제목 — 위치\n본문", "[12]\n", "질문: 배송은?", "Question: how?", "Sources: (none)"}
	for _, enc := range []string{O200kBase, CL100kBase} {
		tok := mustTokenizer(t, enc)
		if _, ok := tok.(blankLineAdditive); !ok {
			t.Fatalf("%s tokenizer does not claim additivity", enc)
		}
		for _, a := range ends {
			for _, b := range starts {
				a := neutralise("본문 " + a)
				if got, want := tok.Count(a+"\n\n")+tok.Count(b), tok.Count(a+"\n\n"+b); got != want {
					t.Errorf("%s: %q + %q: parts %d, whole %d", enc, a, b, got, want)
				}
			}
		}
	}
}
