package pdf

import (
	"strings"
	"testing"
)

// TestOrder: a page written across both columns line by line reads down
// the left column, then the right, below a full-width title.
func TestOrder(t *testing.T) {
	lines := []line{{text: "Title across the page", x0: 50, y0: 40, x1: 545, y1: 52, hasBox: true}}
	for i := 0; i < 6; i++ {
		y := 80 + float64(i)*14
		lines = append(lines,
			line{text: "L" + string(rune('0'+i)), x0: 50, y0: y, x1: 280, y1: y + 11, hasBox: true},
			line{text: "R" + string(rune('0'+i)), x0: 315, y0: y, x1: 545, y1: y + 11, hasBox: true})
	}
	var got []string
	for _, l := range order(lines) {
		got = append(got, l.text)
	}
	if want := "Title across the page L0 L1 L2 L3 L4 L5 R0 R1 R2 R3 R4 R5"; strings.Join(got, " ") != want {
		t.Errorf("order = %v", got)
	}
	// One column: pdfium's order stays.
	one := []line{{text: "b", x0: 50, y0: 90, x1: 545, y1: 100, hasBox: true}, {text: "a", x0: 50, y0: 70, x1: 545, y1: 80, hasBox: true}}
	if o := order(one); o[0].text != "b" {
		t.Errorf("single column reordered: %v", o)
	}
}

func TestShape(t *testing.T) {
	for in, want := range map[string]string{
		"- 12 -": "- # -",
		"2 제414회-환경노동제1차(2024년5월7일)": "제#회-환경노동제#차(#년#월#일)",
		"제414회-환경노동제1차(2024년5월7일) 3": "제#회-환경노동제#차(#년#월#일)",
		"Page 3 of  10": "Page # of",
	} {
		if got := shape(in); got != want {
			t.Errorf("shape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestClassify(t *testing.T) {
	page := func(s string) rawPage { return rawPage{lines: []line{{text: s}}} }
	for _, tc := range []struct {
		pg   rawPage
		want pageKind
	}{
		{page("대한민국 헌법 제1조 Hello"), pageText},
		{page("   "), pageEmpty},
		{page("\uFFFD\uFFFD\uFFFD가"), pageGarbage},
		{page("\uE001\uE002\uE003\uE004"), pageGarbage},
		{page("ༀ༁༂༃༄ ༅༆"), pageGarbage},
		{rawPage{lines: []line{{text: "7KH TXLFN"}}, mapErrors: 9, sampled: 10}, pageGarbage},
	} {
		if got := classify(tc.pg); got != tc.want {
			t.Errorf("classify(%q) = %d, want %d", tc.pg.lines[0].text, got, tc.want)
		}
	}
}

// TestSplitRows: a page number merged into a line by pdfium becomes its
// own row, and a run drawn last returns to its place.
func TestSplitRows(t *testing.T) {
	rows := rowsOf([]box{{100, 80, 300, 92}, {280, 50, 310, 60}})
	var chars []placed
	for i, r := range "ab2" {
		b := box{100 + float64(i)*10, 80, 108 + float64(i)*10, 92}
		if r == '2' {
			b = box{290, 50, 298, 60}
		}
		chars = append(chars, placed{r: r, b: b, ok: true})
	}
	got := splitRows(chars, rows)
	if len(got) != 2 || got[0].text != "2" || got[1].text != "ab" {
		t.Errorf("rows = %+v", got)
	}
}
