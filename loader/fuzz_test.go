package loader

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// fuzzLoad loads data with l and, when that succeeds, checks the document's
// invariants. A panic fails the fuzz target by itself.
func fuzzLoad(t *testing.T, l Loader, name string, data []byte) {
	doc, err := l.Load(context.Background(), name, data)
	if err != nil {
		return
	}
	checkDoc(t, doc)
}

func FuzzMarkdown(f *testing.F) {
	f.Add([]byte("# 제목\n본문\n\n## 하위 ##\n```\n# 코드\n```\n부제\n---\n"))
	f.Add([]byte("---\ntitle: x\n---\n~~~~\n# a\n~~~\n    # b\n= \n- a\n==\n"))
	f.Add([]byte("#\n##\n# **[a](b)** `c` _d_\r\n"))
	f.Add([]byte("# 가\n## 나\n\n### 다\n본문\n# 라\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzLoad(t, MarkdownLoader{}, "f.md", data)
		if d, err := decode(data); err == nil {
			heads, _ := markdownHeadings(d.text)
			checkHeadingBodies(t, d.text, heads)
		}
	})
}

func FuzzHTML(f *testing.F) {
	f.Add([]byte(htmlPage))
	f.Add([]byte(`<h1>a<h2>b</h1><pre>` + "\n x\n" + `</pre><ol><li>1<ul><li>2</ol>&amp;&#0;&#x1100;&#x1161;<br></br>`))
	f.Add([]byte(`<meta charset="euc-kr"><title>t</title><script>` + "\xb0\xa1"))
	f.Add([]byte(`<div hidden><div>x</div></div><svg/><a b='c>`))
	f.Add([]byte(`<h1>가</h1><h2>나</h2><p>본문</p><h3>다</h3>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzLoad(t, HTMLLoader{}, "f.html", data)
		if d, err := decode(data); err == nil && utf8.Valid(data) { // else the loader converts first
			x := extractHTML(d.text)
			checkHeadingBodies(t, x.text, x.headings)
		}
	})
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte("이름,주소\n홍길동,\"서울, 종로\"\n,,\n\"a\"\"b\",\"여러\n줄\"\n"))
	f.Add([]byte("a\tb\n1\t2\t3\n\"open"))
	f.Add([]byte("\n\n,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzLoad(t, CSVLoader{}, "f.csv", data)
		fuzzLoad(t, CSVLoader{TSV: true}, "f.tsv", data)
	})
}

func FuzzJSON(f *testing.F) {
	f.Add([]byte(`{"title": "배송", "a": {"b": [1, "x", {"c": true}]}, "n": null}`))
	f.Add([]byte(`[{"a": 1}, {"b": "둘"}, {}]`))
	f.Add([]byte("{\"a\": 1}\n{\"b\": \n{\"c\": \"셋\"}\n"))
	f.Add([]byte(`"just a string"`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzLoad(t, JSONLoader{}, "f.json", data)
		fuzzLoad(t, JSONLinesLoader{}, "f.jsonl", data)
	})
}

// checkHeadingBodies asserts that no section of headingSections consists of
// heading lines alone, unless the whole text is nothing but headings.
func checkHeadingBodies(t *testing.T, text string, heads []heading) {
	t.Helper()
	body := func(start, end int) bool {
		for _, h := range heads {
			if h.start >= end || h.end <= start {
				continue
			}
			if strings.TrimSpace(text[start:max(start, min(h.start, end))]) != "" {
				return true
			}
			start = min(max(start, h.end), end)
		}
		return strings.TrimSpace(text[start:end]) != ""
	}
	if !body(0, len(text)) {
		return
	}
	for _, s := range headingSections(text, heads) {
		if !body(s.Start, s.End) {
			t.Fatalf("section %q holds only headings", text[s.Start:s.End])
		}
	}
}
