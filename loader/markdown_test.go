package loader

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestMarkdown(t *testing.T) {
	nested := "머리말 문단입니다.\n\n" +
		"# 서고 사용 설명서\n\n소개 문단.\n\n" +
		"## 설치\n\n```bash\n# 이것은 주석이지 제목이 아니다\ngo install\n```\n\n" +
		"### 리눅스\n\n리눅스 설치.\n\n" +
		"## 사용법\n검색하기.\n"
	tests := []struct {
		name      string
		file      string
		data      string
		title     string
		want      []section
		wantNotes []string
	}{
		{
			name: "nested headings and fenced code", file: "guide.md", data: nested, title: "서고 사용 설명서",
			want: []section{
				{"머리말 문단입니다.\n\n", nil},
				{"# 서고 사용 설명서\n\n소개 문단.\n\n", []string{"서고 사용 설명서"}},
				{"## 설치\n\n```bash\n# 이것은 주석이지 제목이 아니다\ngo install\n```\n\n", []string{"서고 사용 설명서", "설치"}},
				{"### 리눅스\n\n리눅스 설치.\n\n", []string{"서고 사용 설명서", "설치", "리눅스"}},
				{"## 사용법\n검색하기.\n", []string{"서고 사용 설명서", "사용법"}},
			},
		},
		{
			name: "setext headings", file: "setext.markdown",
			data:  "제목 하나\n=======\n\n본문\n\n부제목\n------\n내용\n",
			title: "제목 하나",
			want: []section{
				{"제목 하나\n=======\n\n본문\n\n", []string{"제목 하나"}},
				{"부제목\n------\n내용\n", []string{"제목 하나", "부제목"}},
			},
		},
		{
			name: "no headings", file: "/docs/메모.md", data: "그냥 문단입니다.\n둘째 줄.", title: "메모",
			want: []section{{"그냥 문단입니다.\n둘째 줄.", nil}},
		},
		{
			name: "front matter is not a setext heading", file: "fm.md",
			data:  "---\ntitle: \"배송 정책\"\ntags: [a]\n---\n본문 시작\n\n## 국내\n3일\n",
			title: "배송 정책",
			want: []section{
				{"---\ntitle: \"배송 정책\"\ntags: [a]\n---\n본문 시작\n\n", nil},
				{"## 국내\n3일\n", []string{"국내"}},
			},
		},
		{
			name: "closing hashes, hashtags, lists and rules", file: "misc.md",
			data:  "#해시태그는 제목이 아님\n\n## 닫는 샵 ##\n- 목록 항목\n---\n    # 들여쓴 코드\n",
			title: "misc",
			want: []section{
				{"#해시태그는 제목이 아님\n\n", nil},
				{"## 닫는 샵 ##\n- 목록 항목\n---\n    # 들여쓴 코드\n", []string{"닫는 샵"}},
			},
		},
		{
			name: "inline markup in headings", file: "inline.md",
			data:  "# **굵은** [링크](http://example.com) `코드` snake_case\n본문",
			title: "굵은 링크 코드 snake_case",
			want:  []section{{"# **굵은** [링크](http://example.com) `코드` snake_case\n본문", []string{"굵은 링크 코드 snake_case"}}},
		},
		{
			name: "tilde fence with longer close", file: "tilde.md",
			data:  "~~~~\n## 아님\n~~~\n## 여전히 아님\n~~~~~\n## 제목\n본문\n",
			title: "tilde",
			want: []section{
				{"~~~~\n## 아님\n~~~\n## 여전히 아님\n~~~~~\n", nil},
				{"## 제목\n본문\n", []string{"제목"}},
			},
		},
		{
			// A heading with no body is no section of its own: alone it
			// would be a chunk of nothing but "## 배송", ranked first for
			// that word by its boosted heading tokens.
			name: "headings without a body join the next section", file: "faq.md",
			data:  "# 자주 묻는 질문\n\n## 배송\n\n### 조회\n마이페이지에서 확인합니다.\n\n### 기간\n3일 걸립니다.\n\n## 반품\n## 교환\n\n교환은 7일 이내.\n\n## 기타\n\n",
			title: "자주 묻는 질문",
			want: []section{
				{"# 자주 묻는 질문\n\n## 배송\n\n### 조회\n마이페이지에서 확인합니다.\n\n", []string{"자주 묻는 질문", "배송", "조회"}},
				{"### 기간\n3일 걸립니다.\n\n", []string{"자주 묻는 질문", "배송", "기간"}},
				{"## 반품\n## 교환\n\n교환은 7일 이내.\n\n## 기타\n\n", []string{"자주 묻는 질문", "교환"}},
			},
		},
		{
			name: "setext heading without a body", file: "setext-empty.md",
			data:  "머리말\n\n장\n===\n절\n---\n본문\n",
			title: "장",
			want: []section{
				{"머리말\n\n", nil},
				{"장\n===\n절\n---\n본문\n", []string{"장", "절"}},
			},
		},
		{
			name: "only headings", file: "toc.md",
			data:  "# 목차\n## 하나\n",
			title: "목차",
			want:  []section{{"# 목차\n## 하나\n", []string{"목차", "하나"}}},
		},
		{
			name: "nfd and crlf", file: norm.NFD.String("한글.md"),
			data:      norm.NFD.String("# 한글 제목\r\n본문\r\n"),
			title:     "한글 제목",
			want:      []section{{"# 한글 제목\n본문\n", []string{"한글 제목"}}},
			wantNotes: []string{"풀어쓴(NFD) 한글을 NFC로 합침 · decomposed (NFD) text composed to NFC"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := load(t, MarkdownLoader{}, tt.file, []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tt.title {
				t.Errorf("title = %q, want %q", doc.Title, tt.title)
			}
			if got := sections(doc); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sections\n got %q\nwant %q", got, tt.want)
			}
			if !reflect.DeepEqual(doc.Notes, tt.wantNotes) {
				t.Errorf("notes = %q, want %q", doc.Notes, tt.wantNotes)
			}
			if doc.Format != "md" {
				t.Errorf("format = %q", doc.Format)
			}
		})
	}
}

func TestText(t *testing.T) {
	tests := []struct {
		name      string
		data      []byte
		text      string
		notes     []string
		wantErr   error
		wantTitle string
	}{
		{"korean", []byte("안녕하세요.\r\n서고입니다.\n"), "안녕하세요.\n서고입니다.\n", nil, nil, "notes"},
		{"euc-kr", eucKR(t, "한국어 문서입니다."), "한국어 문서입니다.", []string{"EUC-KR에서 UTF-8로 변환함 · converted from EUC-KR"}, nil, "notes"},
		{"invalid bytes", []byte("abc\xff\xfe 끝"), "abc\uFFFD 끝", []string{"2개의 올바르지 않은 UTF-8 바이트를 대체 문자(�)로 바꿈 · 2 invalid UTF-8 bytes replaced"}, nil, "notes"},
		{"utf-16 bom", []byte{0xff, 0xfe, 0x5c, 0xd5, 0x00, 0xae}, "한글", []string{"UTF-16LE에서 UTF-8로 변환함 · converted from UTF-16LE"}, nil, "notes"},
		{"empty", []byte(" \r\n\t "), "", nil, ErrEmpty, ""},
		{"binary", []byte("PK\x03\x04\x14\x00\x00\x00"), "", nil, ErrBinary, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := load(t, TextLoader{}, "dir/notes.txt", tt.data)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if doc.Text != tt.text || doc.Title != tt.wantTitle || !reflect.DeepEqual(doc.Notes, tt.notes) {
				t.Errorf("got text %q title %q notes %q", doc.Text, doc.Title, doc.Notes)
			}
			if len(doc.Sections) != 1 || doc.Sections[0].End != len(doc.Text) {
				t.Errorf("sections = %+v", doc.Sections)
			}
			if !strings.HasPrefix(doc.Metadata["encoding"], "utf-") && doc.Metadata["encoding"] != "euc-kr" {
				t.Errorf("encoding = %q", doc.Metadata["encoding"])
			}
		})
	}
}
