package pdf

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// makePDF writes objects 1..n (bodies without "obj"/"endobj") with a
// correct cross-reference table; object 1 must be the catalog.
func makePDF(objs []string, trailer string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, trailer, xref)
	return b.Bytes()
}

// stream is a PDF stream object with its length.
func stream(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// textPDF is a one-font Latin PDF whose pages hold the given lines at the
// given heights (points from the top of an A4 page).
func textPDF(pages [][]string) []byte {
	n := len(pages)
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
	var kids []string
	for _, lines := range pages {
		var c strings.Builder
		c.WriteString("BT /F1 11 Tf\n")
		for i, l := range lines {
			fmt.Fprintf(&c, "1 0 0 1 72 %d Tm (%s) Tj\n", 800-i*14, l)
		}
		c.WriteString("ET")
		page := len(objs) + 1
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", page+1))
		objs = append(objs, stream("", c.String()))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n)
	return makePDF(objs, "")
}

// sample reads a test file from testdata, or from the shared sample
// collection (files left out of testdata for size); it skips when absent.
func sample(t testing.TB, name string) []byte {
	t.Helper()
	for _, dir := range []string{"testdata", "../../../shared/data/samples/pdf", "../../../shared/data/samples/edge"} {
		if data, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			return data
		}
	}
	t.Skipf("%s not found", name)
	return nil
}

// load runs the default loader with a deadline, so a hang fails the test
// instead of the whole run.
func load(t testing.TB, name string, data []byte) (docText string, pages []int, notes []string, err error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	doc, err := Loader{}.Load(ctx, name, data)
	if err != nil {
		return "", nil, nil, err
	}
	for _, s := range doc.Sections {
		pages = append(pages, s.Page)
	}
	return doc.Text, pages, doc.Notes, nil
}

// fanPDF is a page whose content draws form 1, which draws form 2 fan
// times, and so on for depth levels: fan^depth text draws in a small file,
// the shape of a "billion laughs" PDF.
func fanPDF(depth, fan int) []byte {
	objs := []string{"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X 6 0 R >> >> /Contents 4 0 R >>",
		stream("", "/X Do"), "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
	for d := 0; d < depth; d++ {
		var body string
		res := "/Font << /F1 5 0 R >>"
		if d < depth-1 {
			res += fmt.Sprintf(" /XObject << /X %d 0 R >>", len(objs)+2)
			for i := 0; i < fan; i++ {
				body += "/X Do "
			}
		} else {
			body = "BT /F1 9 Tf 72 700 Td (laugh) Tj ET"
		}
		objs = append(objs, stream("/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << "+res+" >>", body))
	}
	return makePDF(objs, "")
}
