package loader

import (
	"reflect"
	"strings"
	"testing"
)

func TestCSV(t *testing.T) {
	tests := []struct {
		name  string
		l     CSVLoader
		data  []byte
		text  string
		want  []section
		notes []string
		cols  string
	}{
		{
			name: "korean header, quoted commas, blank row, multi-line cell",
			data: []byte("이름,주소,메모\n" +
				"홍길동,\"서울시 종로구, 1번지\",VIP\n" +
				"김철수,\"부산시 해운대구\",\n" +
				",,\n" +
				"\"이영희\",\"대구시 \"\"중구\"\"\",\"여러 줄\n메모\"\n"),
			text: "이름: 홍길동\n주소: 서울시 종로구, 1번지\n메모: VIP\n\n" +
				"이름: 김철수\n주소: 부산시 해운대구\n\n" +
				"이름: 이영희\n주소: 대구시 \"중구\"\n메모: 여러 줄\n메모\n",
			want: []section{
				{"이름: 홍길동\n주소: 서울시 종로구, 1번지\n메모: VIP", []string{"홍길동"}},
				{"이름: 김철수\n주소: 부산시 해운대구", []string{"김철수"}},
				{"이름: 이영희\n주소: 대구시 \"중구\"\n메모: 여러 줄\n메모", []string{"이영희"}},
			},
			cols: "이름, 주소, 메모",
		},
		{
			name:  "euc-kr with crlf",
			data:  eucKR(t, "제품,가격\r\n노트북,1200000\r\n마우스,25000\r\n"),
			text:  "제품: 노트북\n가격: 1200000\n\n제품: 마우스\n가격: 25000\n",
			want:  []section{{"제품: 노트북\n가격: 1200000", []string{"노트북"}}, {"제품: 마우스\n가격: 25000", []string{"마우스"}}},
			notes: []string{"EUC-KR에서 UTF-8로 변환함 · converted from EUC-KR"},
			cols:  "제품, 가격",
		},
		{
			name:  "header only",
			data:  []byte("이름,나이\n"),
			text:  "",
			notes: []string{"데이터 행이 없음: 머리글 행뿐임 · no data rows: the file has only a header"},
			cols:  "이름, 나이",
		},
		{
			name: "tsv with extra cells and blank header cell",
			l:    CSVLoader{TSV: true},
			data: []byte("\n질문\t\n배송은?\t3일\t추가\n"),
			text: "질문: 배송은?\ncolumn 2: 3일\ncolumn 3: 추가\n",
			want: []section{{"질문: 배송은?\ncolumn 2: 3일\ncolumn 3: 추가", []string{"배송은?"}}},
			cols: "질문, column 2",
		},
		{
			name: "bare quote",
			data: []byte("제품,설명\n모니터,27\" 화면\n"),
			text: "제품: 모니터\n설명: 27\" 화면\n",
			want: []section{{"제품: 모니터\n설명: 27\" 화면", []string{"모니터"}}},
			cols: "제품, 설명",
		},
		{
			// A heading is indexed with a boost: a row is headed by its
			// first cell only when that names it, never by a word such as
			// "row" that every row would share.
			name: "blank or long first cell: 행 N",
			data: []byte("질문,답변\n,3일 걸립니다\n" + strings.Repeat("아주 긴 질문 ", 8) + ",네\n  짧은   질문 ,응\n"),
			text: "답변: 3일 걸립니다\n\n질문: " + strings.TrimSpace(strings.Repeat("아주 긴 질문 ", 8)) + "\n답변: 네\n\n질문: 짧은   질문\n답변: 응\n",
			want: []section{
				{"답변: 3일 걸립니다", []string{"행 1"}},
				{"질문: " + strings.TrimSpace(strings.Repeat("아주 긴 질문 ", 8)) + "\n답변: 네", []string{"행 2"}},
				{"질문: 짧은   질문\n답변: 응", []string{"짧은 질문"}},
			},
			cols: "질문, 답변",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := load(t, tt.l, "data/표.csv", tt.data)
			if err != nil {
				t.Fatal(err)
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
			if doc.Title != "표" || doc.Metadata["columns"] != tt.cols || doc.Format != tt.l.Format() {
				t.Errorf("title %q columns %q format %q", doc.Title, doc.Metadata["columns"], doc.Format)
			}
		})
	}
}
