package pdf

import (
	"context"
	"testing"
	"time"
)

// FuzzLoadPDF feeds arbitrary bytes to the loader. The pdfium pool is the
// process-wide one, so its start is paid once per fuzz process, not per
// input; every input must end with a document or an error, never a panic.
func FuzzLoadPDF(f *testing.F) {
	f.Add(sample(f, "odl_invalid-chars.pdf"))
	f.Add(sample(f, "odl_password-protected.pdf"))
	f.Add(textPDF([][]string{{"Header", "Hello world", "- 1 -"}, {"Header", "Second page", "- 2 -"}}))
	f.Add([]byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF"))
	f.Add([]byte("%PDF-"))
	if _, err := sharedPool(); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		doc, err := Loader{PageTimeout: 5 * time.Second}.Load(ctx, "fuzz.pdf", data)
		if err == nil && doc == nil {
			t.Fatal("nil document without an error")
		}
	})
}

// FuzzLayout drives the pure-Go layout steps (rows, columns, blocks,
// running headers, classification) with arbitrary lines: pdfium's
// positions of a hostile file can be anything, NaN included.
func FuzzLayout(f *testing.F) {
	f.Add([]byte("\x10\x20\x30\x40hello\x00\x50\x20\x90\x40world\x00"))
	f.Add([]byte("\x00\x00\x00\x00- 1 -\x00\xff\xff\xff\xff\uFFFD\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		var lines []line
		for len(data) >= 5 {
			l := line{x0: float64(data[0]) * 3, y0: float64(data[1]) * 4, hasBox: data[0] != 0xff}
			l.x1, l.y1 = l.x0+float64(data[2]), l.y0+float64(data[3]%32)
			if data[2] == 0xee {
				l.x1 = l.x0 / 0 // NaN and Inf must not loop or panic
			}
			data = data[4:]
			end := 0
			for end < len(data) && data[end] != 0 {
				end++
			}
			l.text = string(data[:end])
			data = data[min(end+1, len(data)):]
			lines = append(lines, l)
		}
		pages := [][]line{cleanLines(lines), order(cleanLines(lines)), lines}
		dropRunning(pages)
		for _, p := range pages {
			for _, b := range blocks(p) {
				stripBad(b)
			}
			classify(rawPage{lines: p, mapErrors: len(p) % 5, sampled: len(p) % 7})
		}
		var chars []placed
		var rects []box
		for i, l := range lines {
			for _, r := range l.text {
				chars = append(chars, placed{r: r, b: box{l.x0, l.y0, l.x1, l.y1}, ok: i%2 == 0})
			}
			rects = append(rects, box{l.x0, l.y0, l.x1, l.y1})
		}
		if rows := rowsOf(rects); len(rows) > 0 {
			splitRows(chars, rows)
		}
	})
}
