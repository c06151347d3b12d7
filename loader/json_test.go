package loader

import (
	"reflect"
	"strings"
	"testing"
)

func TestJSON(t *testing.T) {
	tests := []struct {
		name    string
		l       Loader
		data    string
		title   string
		text    string
		want    []section
		notes   []string
		format  string
		wantErr string
	}{
		{
			name:   "nested object",
			l:      JSONLoader{},
			data:   `{"title": "배송 정책", "version": 2, "policy": {"국내": {"기간": "3일", "비용": 3000}, "해외": ["미국", "일본"]}, "active": true, "note": null, "empty": " "}`,
			title:  "배송 정책",
			text:   "title: 배송 정책\nversion: 2\npolicy.국내.기간: 3일\npolicy.국내.비용: 3000\npolicy.해외[0]: 미국\npolicy.해외[1]: 일본\nactive: true",
			want:   []section{{"title: 배송 정책\nversion: 2\npolicy.국내.기간: 3일\npolicy.국내.비용: 3000\npolicy.해외[0]: 미국\npolicy.해외[1]: 일본\nactive: true", nil}},
			format: "json",
		},
		{
			name:   "array of objects is records",
			l:      JSONLoader{},
			data:   "[\n {\"name\": \"홍길동\", \"age\": 30},\n {\"name\": \"김철수\", \"tags\": [\"가\", \"나\"]},\n {}\n]",
			title:  "faq",
			text:   "name: 홍길동\nage: 30\n\nname: 김철수\ntags[0]: 가\ntags[1]: 나\n",
			want:   []section{{"name: 홍길동\nage: 30", []string{"홍길동"}}, {"name: 김철수\ntags[0]: 가\ntags[1]: 나", []string{"김철수"}}},
			format: "json",
		},
		{
			name:   "array of scalars",
			l:      JSONLoader{},
			data:   `["사과", 1, false, null]`,
			title:  "faq",
			text:   "[0]: 사과\n[1]: 1\n[2]: false",
			want:   []section{{"[0]: 사과\n[1]: 1\n[2]: false", nil}},
			format: "json",
		},
		{
			name:   "name as title",
			l:      JSONLoader{},
			data:   `{"name": "서고", "desc": "RAG 엔진"}`,
			title:  "서고",
			text:   "name: 서고\ndesc: RAG 엔진",
			want:   []section{{"name: 서고\ndesc: RAG 엔진", nil}},
			format: "json",
		},
		{
			name:   "several values read as json lines",
			l:      JSONLoader{},
			data:   "{\"q\": \"하나\"}\n{\"q\": \"둘\"}\n",
			title:  "faq",
			text:   "q: 하나\n\nq: 둘\n",
			want:   []section{{"q: 하나", []string{"레코드 1"}}, {"q: 둘", []string{"레코드 2"}}},
			notes:  []string{"한 파일에 JSON 값이 여럿 있어 JSON Lines로 읽음 · several JSON values in one file: read as JSON Lines"},
			format: "json",
		},
		{
			name:    "invalid json",
			l:       JSONLoader{},
			data:    "{\n\"a\": 1,\n\"b\": }\n",
			wantErr: "invalid JSON at line 3",
		},
		{
			name: "json lines with a broken line",
			l:    JSONLinesLoader{},
			data: "{\"질문\": \"배송은 얼마나 걸리나요?\", \"답변\": \"3일\"}\n" +
				"{\"질문\": \"반품 되나요?\", \"답변\": \n" +
				"\n" +
				"{\"질문\": \"환불은?\", \"답변\": {\"기간\": \"7일 이내\"}}\n",
			title: "faq",
			text:  "질문: 배송은 얼마나 걸리나요?\n답변: 3일\n\n질문: 환불은?\n답변.기간: 7일 이내\n",
			want: []section{
				{"질문: 배송은 얼마나 걸리나요?\n답변: 3일", []string{"레코드 1"}},
				{"질문: 환불은?\n답변.기간: 7일 이내", []string{"레코드 4"}},
			},
			notes:  []string{"잘못된 JSON 줄 1개를 건너뜀(2번째 줄) · 1 malformed JSON line skipped (line 2)"},
			format: "jsonl",
		},
		{
			// A heading is indexed with a boost: a record is headed by its
			// own title, name or id, never by a word such as "record" that
			// every record would share.
			name: "record headings: title, then name, then id, then 레코드 N",
			l:    JSONLinesLoader{},
			data: `{"id": "faq-1", "name": "배송", "title": "배송 기간"}` + "\n" +
				`{"id": "faq-2", "name": "  반품  안내 "}` + "\n" +
				`{"id": "faq-3", "title": 7}` + "\n" +
				`{"id": 4, "name": ""}` + "\n" +
				`{"meta": {"title": "안쪽 제목"}, "답": "네"}` + "\n",
			title: "faq",
			text:  "id: faq-1\nname: 배송\ntitle: 배송 기간\n\nid: faq-2\nname: 반품  안내\n\nid: faq-3\ntitle: 7\n\nid: 4\n\nmeta.title: 안쪽 제목\n답: 네\n",
			want: []section{
				{"id: faq-1\nname: 배송\ntitle: 배송 기간", []string{"배송 기간"}},
				{"id: faq-2\nname: 반품  안내", []string{"반품 안내"}},
				{"id: faq-3\ntitle: 7", []string{"faq-3"}},
				{"id: 4", []string{"레코드 4"}},
				{"meta.title: 안쪽 제목\n답: 네", []string{"레코드 5"}},
			},
			format: "jsonl",
		},
		{
			name:    "json lines all broken",
			l:       JSONLinesLoader{},
			data:    "{\n}\n",
			wantErr: "no line is valid JSON",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := load(t, tt.l, "faq.json", []byte(tt.data))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if doc.Title != tt.title || doc.Format != tt.format {
				t.Errorf("title %q format %q, want %q %q", doc.Title, doc.Format, tt.title, tt.format)
			}
			if doc.Text != tt.text {
				t.Errorf("text\n got %q\nwant %q", doc.Text, tt.text)
			}
			if got := sections(doc); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("sections\n got %q\nwant %q", got, tt.want)
			}
			if !reflect.DeepEqual(doc.Notes, tt.notes) {
				t.Errorf("notes = %q, want %q", doc.Notes, tt.notes)
			}
		})
	}
}

func TestJSONTooDeep(t *testing.T) {
	data := strings.Repeat("[", 600) + strings.Repeat("]", 600)
	if _, err := (JSONLoader{}).Load(t.Context(), "deep.json", []byte(data)); err == nil || !strings.Contains(err.Error(), "nested deeper") {
		t.Fatalf("err = %v", err)
	}
}
