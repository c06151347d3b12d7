package loader

import (
	"errors"
	"reflect"
	"testing"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/schema"
)

func TestBuilder(t *testing.T) {
	var b Builder
	b.Page(1)
	b.Paragraph("  머리말 문단\n\n\n둘째 줄  ")
	b.Heading(1, "제1장 총칙")
	b.Paragraph("본문입니다.")
	b.Table([][]string{{"이름", "값"}, {"", " "}, {"가\n나", "1"}})
	b.Page(2)
	b.Heading(2, "제1조(목적)")
	b.Paragraph("목적은\u1100\u1161 다음과 같다.") // NFD 가 composes
	b.Heading(1, "제2장")
	b.Note(i18n.Text{Ko: "%d쪽은 스캔본", En: "page %d is scanned"}, 3)
	b.Note(i18n.Text{Ko: "%d쪽은 스캔본", En: "page %d is scanned"}, 3)
	doc, err := b.Document("pdf", "/x/보고서.pdf")
	if err != nil {
		t.Fatal(err)
	}
	wantText := "머리말 문단\n\n둘째 줄\n\n제1장 총칙\n\n본문입니다.\n\n이름 | 값\n가 나 | 1\n\n제1조(목적)\n\n목적은가 다음과 같다.\n\n제2장"
	if doc.Text != wantText {
		t.Fatalf("text\n%q\nwant\n%q", doc.Text, wantText)
	}
	at := func(s string) int { return indexOf(wantText, s) }
	wantSecs := []schema.Section{
		{Start: 0, End: at("\n\n제1장"), Page: 1},
		{Start: at("제1장"), End: at("\n\n제1조"), Headings: []string{"제1장 총칙"}, Page: 1},
		{Start: at("제1조"), End: at("\n\n제2장"), Headings: []string{"제1장 총칙", "제1조(목적)"}, Page: 2},
		{Start: at("제2장"), End: len(wantText), Headings: []string{"제2장"}, Page: 2},
	}
	if !reflect.DeepEqual(doc.Sections, wantSecs) {
		t.Fatalf("sections\n%+v\nwant\n%+v", doc.Sections, wantSecs)
	}
	if len(doc.Notes) != 1 || doc.Notes[0] != "3쪽은 스캔본 · page 3 is scanned" {
		t.Fatalf("notes %q", doc.Notes)
	}
	if doc.Title != "보고서" || doc.Metadata["format"] != "pdf" {
		t.Fatalf("title %q meta %v", doc.Title, doc.Metadata)
	}
}

func TestBuilderEmpty(t *testing.T) {
	var b Builder
	b.Paragraph(" \n ")
	b.Table([][]string{{"", ""}})
	b.Note(i18n.Text{Ko: "스캔본", En: "scanned"})
	_, err := b.Document("pdf", "a.pdf")
	if !errors.Is(err, ErrEmpty) {
		t.Fatalf("err %v", err)
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}
