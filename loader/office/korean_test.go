package office

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// The Korean files in testdata were made by LibreOffice from sources whose
// text is known (testdata/gen, SOURCE.md): the extracted text must match it.
func TestKoreanFidelity(t *testing.T) {
	mailHeaders := regexp.MustCompile(`(?m)^(From|To|Cc|Date): .*$`)
	for _, tc := range []struct{ file, expected string }{
		{"ko_guide.docx", "ko_guide.expected.txt"},
		{"ko_guide.odt", "ko_guide.expected.txt"},
		{"ko_books.xlsx", "ko_books.expected.txt"},
		{"ko_books.ods", "ko_books.expected.txt"},
		{"ko_slides.pptx", "ko_slides.expected.txt"},
		{"ko_slides.odp", "ko_slides.expected.txt"},
		{"ko_notice_euckr_qp.eml", "ko_notice_euckr_qp.expected.txt"},
		{"ko_arrival_alternative.eml", "ko_arrival_alternative.expected.txt"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			doc := load(t, tc.file, testdata(t, tc.file))
			got := fold(mailHeaders.ReplaceAllString(doc.Text, ""))
			want := fold(string(testdata(t, tc.expected)))
			sim := similarity(got, want)
			t.Logf("similarity %.4f", sim)
			if sim < 0.98 {
				t.Errorf("similarity %.4f < 0.98\ngot:  %s\nwant: %s", sim, got, want)
			}
		})
	}
}

func TestKoreanStructure(t *testing.T) {
	for _, file := range []string{"ko_guide.docx", "ko_guide.odt"} {
		t.Run(file, func(t *testing.T) {
			doc := load(t, file, testdata(t, file))
			if doc.Title != "서고 이용 안내" {
				t.Errorf("title %q", doc.Title)
			}
			for s, path := range map[string][]string{
				"자료는 누구나":                        {"서고 이용 안내", "대출 규정"},
				"- 한 번에 다섯 권":                    {"서고 이용 안내", "대출 규정"},
				"평일 | 09:00–21:00 | 09:00–18:00": {"서고 이용 안내", "운영 시간"},
				"정기 점검":                          {"서고 이용 안내", "운영 시간", "임시 휴관"},
				"2. 담당자에게":                       {"서고 이용 안내", "자료 신청과 문의"},
			} {
				if got := sectionAt(t, doc, s).Headings; !slices.Equal(got, path) {
					t.Errorf("%q: headings %q, want %q", s, got, path)
				}
			}
		})
	}
	for _, file := range []string{"ko_books.xlsx", "ko_books.ods"} {
		t.Run(file, func(t *testing.T) {
			doc := load(t, file, testdata(t, file))
			for s, want := range map[string]struct {
				page int
				head string
			}{
				"번호 | 제목 | 저자 | 출간일 | 쪽수 | 대출 가능":                  {1, "도서 목록"},
				"1 | 한국어 문법의 이해 | 김서연 | 2019-03-15 | 342 | TRUE":   {1, "도서 목록"},
				"3 | 바다와 등대의 역사 | 박민지 | 2017-07-30 | 415.5 | TRUE": {1, "도서 목록"},
				"2월 | 980 | 0.955": {2, "대출 통계"},
			} {
				sec := sectionAt(t, doc, s)
				if sec.Page != want.page || !slices.Equal(sec.Headings, []string{want.head}) {
					t.Errorf("%q: page %d headings %q, want %d %q", s, sec.Page, sec.Headings, want.page, want.head)
				}
			}
		})
	}
	for _, file := range []string{"ko_slides.pptx", "ko_slides.odp"} {
		t.Run(file, func(t *testing.T) {
			doc := load(t, file, testdata(t, file))
			for s, want := range map[string]struct {
				page int
				head []string
			}{
				"모든 답에는 출처가":       {1, []string{"서고 소개"}},
				"첫 장에서는":           {1, []string{"서고 소개"}}, // speaker notes
				"평일 | 09:00–21:00": {2, []string{"운영 시간"}},
				"제목이 없는 슬라이드":      {3, nil},
			} {
				sec := sectionAt(t, doc, s)
				if sec.Page != want.page || !slices.Equal(sec.Headings, want.head) {
					t.Errorf("%q: page %d headings %q, want %d %q", s, sec.Page, sec.Headings, want.page, want.head)
				}
			}
		})
	}
	// Without Notes, speaker notes stay out.
	doc, err := PPTX{}.Load(t.Context(), "ko_slides.pptx", testdata(t, "ko_slides.pptx"))
	if err != nil || strings.Contains(doc.Text, "첫 장에서는") {
		t.Errorf("notes without Notes: %v %q", err, doc.Text)
	}
}

func TestKoreanMail(t *testing.T) {
	doc := load(t, "ko_notice_euckr_qp.eml", testdata(t, "ko_notice_euckr_qp.eml"))
	if doc.Title != "[공지] 열람실 운영 시간 변경 안내" || doc.Metadata["from"] != "서고 운영팀 <notice@example.kr>" {
		t.Errorf("title %q from %q", doc.Title, doc.Metadata["from"])
	}
	doc = load(t, "ko_arrival_alternative.eml", testdata(t, "ko_arrival_alternative.eml"))
	if strings.Count(doc.Text, "도착했습니다") != 1 {
		t.Errorf("the alternative should be read once:\n%s", doc.Text)
	}
	if len(doc.Notes) != 1 || !strings.Contains(doc.Notes[0], "guide.pdf") {
		t.Errorf("notes %q", doc.Notes)
	}
}
