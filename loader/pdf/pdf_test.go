package pdf

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
)

// TestKoreanSamples: every Korean sample gives text on numbered pages, in
// order, with no U+FFFD and no private-use characters.
func TestKoreanSamples(t *testing.T) {
	for _, tc := range []struct {
		file     string
		pages    int
		mustHave []string
	}{
		{"odl_bill_2125318_original.pdf", 10, []string{"탄소중립위원회", "일부개정법률안"}},
		{"odl_bill_2125318_review_report.pdf", 14, []string{"검토의견", "환경노동위원회"}},
		{"odl_assembly_minutes_414_1.pdf", 20, []string{"환경노동위원회", "산업안전보건법"}},
		{"odl_patent_1020210175798.pdf", 22, []string{"비밀번호", "특허"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data := sample(t, tc.file)
			text, pages, notes, err := load(t, tc.file, data)
			if err != nil {
				t.Fatal(err)
			}
			last := 0
			for _, p := range pages {
				if p < last || p < 1 || p > tc.pages {
					t.Fatalf("section pages %v not in 1..%d order", pages, tc.pages)
				}
				last = p
			}
			if pages[0] != 1 || last < tc.pages-1 {
				t.Errorf("pages run %d..%d, want 1..%d", pages[0], last, tc.pages)
			}
			hangul := 0
			for _, r := range text {
				switch {
				case r == '\uFFFD', unicode.In(r, unicode.Co):
					t.Fatalf("text has %U", r)
				case unicode.Is(unicode.Hangul, r):
					hangul++
				}
			}
			for _, s := range tc.mustHave {
				if !strings.Contains(text, s) {
					t.Errorf("text lacks %q", s)
				}
			}
			t.Logf("%d bytes, %d Hangul, %d sections, notes %q", len(text), hangul, len(pages), notes)
		})
	}
}

// TestTwoColumns: the minutes' two-column pages read the left column first.
func TestTwoColumns(t *testing.T) {
	text, _, notes, err := load(t, "minutes", sample(t, "odl_assembly_minutes_414_1.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	// Page 9: item 34 (left column, top) is followed by its own second line,
	// not by the right column's "발의)(의안번호 2125928)".
	const item = "34. 화학물질의 등록 및 평가 등에 관한 법률 일부개\n"
	i := strings.Index(text, item)
	if i < 0 || !strings.HasPrefix(text[i+len(item):], "정법률안") {
		t.Errorf("left column not kept together: %q", text[max(i, 0):min(max(i, 0)+200, len(text))])
	}
	if strings.Contains(text, "제414회-환경노동제1차(2024년5월7일)") {
		t.Errorf("running header left in the text; notes %q", notes)
	}
}

// TestErrors: edge files give the documented errors.
func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		data []byte
		want error
	}{
		{"empty", sample(t, "odl_empty.pdf"), ErrNotPDF},
		{"not a pdf", []byte("hello, world\n"), ErrNotPDF},
		{"header only", []byte("%PDF-1.7\n"), ErrNotPDF},
		{"encrypted", sample(t, "odl_password-protected.pdf"), ErrEncrypted},
		{"no ToUnicode", sample(t, "odl_cid-font-no-tounicode.pdf"), ErrNeedsOCR},
		{"no text layer", makePDF([]string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"}, ""), ErrNeedsOCR},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, _, err := load(t, tc.name, tc.data)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("wrong password", func(t *testing.T) {
		_, err := Loader{Password: "not it"}.Load(context.Background(), "x.pdf", sample(t, "odl_password-protected.pdf"))
		if !errors.Is(err, ErrEncrypted) {
			t.Fatalf("err = %v, want ErrEncrypted", err)
		}
	})
}

// TestInvalidChars: a text layer with U+FFFD and controls still gives the
// readable text, without them, and says so.
func TestInvalidChars(t *testing.T) {
	text, _, notes, err := load(t, "invalid", sample(t, "odl_invalid-chars.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "hello world 123") || strings.ContainsRune(text, '\uFFFD') {
		t.Errorf("text = %q", text)
	}
	if !strings.Contains(strings.Join(notes, "\n"), "unreadable characters") {
		t.Errorf("notes = %q", notes)
	}
}

// TestRunningHeaders: a synthetic document whose pages share a header and
// a numbered footer loses both, with a note, and keeps its body.
func TestRunningHeaders(t *testing.T) {
	var pages [][]string
	for p := 1; p <= 5; p++ {
		pages = append(pages, []string{"ACME Quarterly Report", "Confidential",
			fmt.Sprintf("Body line one of page %d", p), strings.Repeat("word ", p+2), fmt.Sprintf("Body text %d continues here", p*7),
			fmt.Sprintf("and ends on page %d with %s", p, strings.Repeat("x", p)), fmt.Sprintf("- %d -", p)})
	}
	text, pageNums, notes, err := load(t, "hf", textPDF(pages))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text, "ACME") || strings.Contains(text, "- 3 -") {
		t.Errorf("header/footer kept:\n%s", text)
	}
	if !strings.Contains(text, "Body line one of page 4") || len(pageNums) != 5 {
		t.Errorf("body lost: pages %v\n%s", pageNums, text)
	}
	if !strings.Contains(strings.Join(notes, "\n"), "15 repeated header/footer lines removed") {
		t.Errorf("notes = %q", notes)
	}
}

// TestHostile: broken structure ends quickly with an error or a document.
func TestHostile(t *testing.T) {
	cat := "<< /Type /Catalog /Pages 2 0 R >>"
	font := "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"page tree loop", makePDF([]string{cat, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>"}, "")},
		{"xref Prev loop", append(makePDF([]string{cat, "<< /Type /Pages /Kids [] /Count 0 >>"}, "/Prev 9"), []byte("xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 3 /Root 1 0 R /Prev 9 >>\nstartxref\n9\n%%EOF\n")...)},
		{"form draws itself", makePDF([]string{cat, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X 4 0 R >> >> /Contents 5 0 R >>",
			stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X 4 0 R >> /Font << /F1 6 0 R >> >>", "BT /F1 9 Tf (loop) Tj ET /X Do"),
			stream("", "/X Do"), font}, "")},
		{"content length lies", makePDF([]string{cat, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
			"<< /Type /Page /Parent 2 0 R /Contents 4 0 R >>", "<< /Length 999999999 >>\nstream\nBT ET\nendstream"}, "")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, _, _, err := load(t, tc.name, tc.data)
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v", d)
			}
			t.Logf("err = %v", err)
		})
	}
}

// TestCorrupted: cuts and flipped bytes of a real file give an error or a
// document, never a panic or a hang.
func TestCorrupted(t *testing.T) {
	orig := sample(t, "odl_bill_2125318_original.pdf")
	var cases [][]byte
	for _, cut := range []int{10, 100, 1000, len(orig) / 3, len(orig) / 2, len(orig) - 100, len(orig) - 1} {
		cases = append(cases, orig[:cut])
	}
	for k := 0; k < 6; k++ {
		b := append([]byte(nil), orig...)
		for i := 200 + k*977; i < len(b); i += 997 * (k + 1) {
			b[i] ^= 0x5a
		}
		cases = append(cases, b)
	}
	for i, data := range cases {
		start := time.Now()
		_, _, _, err := load(t, "cut.pdf", data)
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("case %d took %v", i, d)
		}
		if err != nil && !errors.Is(err, ErrNotPDF) && !errors.Is(err, ErrNeedsOCR) && !errors.Is(err, ErrEncrypted) {
			t.Errorf("case %d: unexpected error kind %v", i, err)
		}
	}
}

// TestCancel: a cancelled context returns at once, and the pool keeps
// working afterwards.
func TestCancel(t *testing.T) {
	data := sample(t, "odl_assembly_minutes_414_1.pdf")
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	start := time.Now()
	_, err := Loader{}.Load(ctx, "m.pdf", data)
	if err == nil {
		t.Skip("finished before the cancel")
	}
	if !errors.Is(err, context.Canceled) || time.Since(start) > 2*time.Second {
		t.Fatalf("err = %v after %v", err, time.Since(start))
	}
	if _, _, _, err := load(t, "again", sample(t, "odl_bill_2125318_original.pdf")); err != nil {
		t.Fatalf("pool broken after a cancel: %v", err)
	}
}

// TestConcurrent: four goroutines load at once (run with -race).
func TestConcurrent(t *testing.T) {
	files := []string{"odl_bill_2125318_original.pdf", "odl_bill_2125318_review_report.pdf", "odl_invalid-chars.pdf", "odl_password-protected.pdf"}
	want := make([]string, len(files))
	for i, f := range files {
		want[i], _, _, _ = load(t, f, sample(t, f))
	}
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got, _, _, _ := load(t, f, sample(t, f))
			if got != want[i] {
				t.Errorf("%s: concurrent result differs", f)
			}
		}()
	}
	wg.Wait()
}

// TestPool: an own pool with a small memory share reads a document and
// closes; a closed pool says so.
func TestPool(t *testing.T) {
	p, err := NewPool(PoolOptions{Workers: 1, MemoryLimitMB: 64})
	if err != nil {
		t.Fatal(err)
	}
	l := Loader{Pool: p}
	if _, err := l.Load(context.Background(), "b.pdf", sample(t, "odl_bill_2125318_original.pdf")); err != nil {
		t.Fatal(err)
	}
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := l.Load(context.Background(), "b.pdf", sample(t, "odl_bill_2125318_original.pdf")); !errors.Is(err, ErrPoolClosed) {
		t.Fatalf("err = %v, want ErrPoolClosed", err)
	}
}

func TestIsPDF(t *testing.T) {
	for _, tc := range []struct {
		head string
		want bool
	}{
		{"%PDF-1.4\n", true},
		{strings.Repeat("x", 1000) + "%PDF-1.7", true},
		{strings.Repeat("x", 1024) + "%PDF-1.7", false},
		{"", false},
		{"PK\x03\x04", false},
	} {
		if got := IsPDF([]byte(tc.head)); got != tc.want {
			t.Errorf("IsPDF(%.12q…) = %v", tc.head, got)
		}
	}
}

// BenchmarkLoadPDF reports pages per second on the Korean samples.
func BenchmarkLoadPDF(b *testing.B) {
	files := []string{"odl_bill_2125318_original.pdf", "odl_bill_2125318_review_report.pdf", "odl_assembly_minutes_414_1.pdf"}
	var data [][]byte
	for _, f := range files {
		data = append(data, sample(b, f))
	}
	if _, err := sharedPool(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	pages := 0
	for b.Loop() {
		for i, d := range data {
			doc, err := Loader{}.Load(context.Background(), files[i], d)
			if err != nil {
				b.Fatal(err)
			}
			var n int
			fmt.Sscan(doc.Metadata["pages"], &n)
			pages += n
		}
	}
	b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
}

// TestTimeout: a page that keeps pdfium busy (100,000 nested form draws,
// about 4 s) ends with ErrTimeout as soon as PageTimeout passes, and the
// pool keeps serving other documents while the abandoned instance
// finishes in the background.
func TestTimeout(t *testing.T) {
	start := time.Now()
	_, err := Loader{PageTimeout: 300 * time.Millisecond}.Load(context.Background(), "fan.pdf", fanPDF(6, 10))
	if d := time.Since(start); !errors.Is(err, ErrTimeout) || d > 3*time.Second {
		t.Fatalf("err = %v after %v, want ErrTimeout within 3 s", err, d)
	}
	if _, _, _, err := load(t, "next", sample(t, "odl_bill_2125318_original.pdf")); err != nil {
		t.Fatalf("pool stuck behind an abandoned document: %v", err)
	}
}
