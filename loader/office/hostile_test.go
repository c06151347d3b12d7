package office

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/seogo/seogo/i18n"
	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/loader/internal/safezip"
)

// makeZip builds a container from part names and contents, in order,
// stored uncompressed so repetitive test XML passes the zip-bomb ratio cap.
func makeZip(t testing.TB, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: parts[i], Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const wordNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"`

// A document.xml of 1 GiB of zeros, deflated to about 1 MiB, must be
// refused by the zip-bomb limits without inflating it all. The deflate
// stream is one flushed 1 MiB chunk of zeros repeated: every back-reference
// in a copy points at zeros too, so the stream is valid and costs nothing
// to build.
func TestZipBomb(t *testing.T) {
	const mib, n = 1 << 20, 1024
	var chunk bytes.Buffer
	fw, _ := flate.NewWriter(&chunk, flate.BestCompression)
	fw.Write(make([]byte, mib))
	fw.Flush()
	var crc uint32
	zeros := make([]byte, mib)
	for range n {
		crc = crc32.Update(crc, crc32.IEEETable, zeros)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(chunk.Len()*n + 2), UncompressedSize64: n * mib})
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		w.Write(chunk.Bytes())
	}
	w.Write([]byte{0x03, 0x00}) // a final empty fixed-Huffman block
	zw.Close()
	t.Logf("bomb: %d bytes compressed, %d MiB inflated", buf.Len(), n)

	start := time.Now()
	_, err = DOCX{}.Load(t.Context(), "bomb.docx", buf.Bytes())
	if !errors.Is(err, safezip.ErrBomb) {
		t.Fatalf("error %v, want a zip bomb", err)
	}
	t.Logf("refused in %v: %v", time.Since(start), i18n.Localize(err, i18n.Ko))
}

// XML nested far past maxDepth is refused with the depth error, in every
// format, before the recursive readers go deep.
func TestDeepXML(t *testing.T) {
	deep := func(open, close string) string {
		return strings.Repeat(open, 100_000) + strings.Repeat(close, 100_000)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"deep.docx", makeZip(t, "word/document.xml", `<w:document `+wordNS+`><w:body>`+deep("<w:p><w:r>", "</w:r></w:p>")+`</w:body></w:document>`)},
		{"deep-tables.docx", makeZip(t, "word/document.xml", `<w:document `+wordNS+`><w:body>`+deep("<w:tbl><w:tr><w:tc>", "</w:tc></w:tr></w:tbl>")+`</w:body></w:document>`)},
		{"deep.xlsx", makeZip(t, "xl/workbook.xml", `<workbook><sheets>`+deep("<x>", "</x>")+`</sheets></workbook>`)},
		{"deep.pptx", makeZip(t, "ppt/presentation.xml", `<p:presentation xmlns:p="p">`+deep("<p:grpSp>", "</p:grpSp>")+`</p:presentation>`)},
		{"deep.odt", makeZip(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml",
			`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>`+
				deep("<text:list><text:list-item>", "</text:list-item></text:list>")+`</office:text></office:body></office:document-content>`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := loaderFor(tc.name).Load(t.Context(), tc.name, tc.data)
			if !errors.Is(err, errTooDeep) {
				t.Fatalf("error %v, want the depth error", err)
			}
		})
	}
	// Mail: multiparts nested without end stop at maxMIMEDepth.
	var b strings.Builder
	b.WriteString("From: a@example.kr\r\nSubject: deep\r\n")
	for i := range 10_000 {
		b.WriteString("Content-Type: multipart/mixed; boundary=\"b" + itoa(i) + "\"\r\n\r\n--b" + itoa(i) + "\r\n")
	}
	b.WriteString("Content-Type: text/plain\r\n\r\nbottom\r\n")
	doc, err := EML{}.Load(t.Context(), "deep.eml", []byte(b.String()))
	if err != nil || strings.Contains(doc.Text, "bottom") {
		t.Errorf("deep mail: %v", err)
	}
}

// Every file cut short at any of several offsets gives an error or a
// document, quickly, never a panic.
func TestTruncated(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.*")
	for _, dir := range []string{"docx", "pptx", "xlsx", "edge"} {
		more, _ := filepath.Glob(filepath.Join(samplesDir, dir, "*"))
		files = append(files, more...)
	}
	loads := 0
	defer func() { t.Logf("%d truncated loads", loads) }()
	for _, f := range files {
		l := loaderFor(f)
		if l == nil {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{0, 1, 4, 30, 100, 512, len(data) / 3, len(data) / 2, len(data) - 22, len(data) - 100, len(data) - 1} {
			if n < 0 || n > len(data) {
				continue
			}
			start := time.Now()
			doc, err := l.Load(t.Context(), f, data[:n])
			if err == nil && doc == nil {
				t.Errorf("%s[:%d]: no document and no error", f, n)
			}
			known := errors.Is(err, ErrNotOffice) || errors.Is(err, safezip.ErrNotZip) || errors.Is(err, loader.ErrEmpty) || errors.Is(err, ErrEncrypted)
			if err != nil && !known && !strings.HasSuffix(f, ".eml") {
				t.Errorf("%s[:%d]: unexpected error %v", f, n, err)
			}
			loads++
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("%s[:%d]: took %v", f, n, d)
			}
		}
	}
}

func TestNotOffice(t *testing.T) {
	pdf := []byte("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
	for _, l := range []loader.Loader{DOCX{}, PPTX{}, XLSX{}, ODT{}, ODS{}, ODP{}} {
		_, err := l.Load(t.Context(), "renamed.docx", pdf)
		if !errors.Is(err, ErrNotOffice) || !strings.Contains(err.Error(), "PDF") {
			t.Errorf("%T: %v", l, err)
		}
	}
	// An old binary .doc (an OLE file without EncryptionInfo).
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...)
	if _, err := (DOCX{}).Load(t.Context(), "old.docx", ole); !errors.Is(err, ErrNotOffice) || !strings.Contains(err.Error(), "97-2003") {
		t.Errorf("OLE: %v", err)
	}
	// A zip that is not a Word document.
	if _, err := (DOCX{}).Load(t.Context(), "x.docx", makeZip(t, "hello.txt", "hi")); !errors.Is(err, ErrNotOffice) {
		t.Errorf("plain zip: %v", err)
	}
	// Broken XML.
	if _, err := (DOCX{}).Load(t.Context(), "x.docx", makeZip(t, "word/document.xml", "<w:document><w:body><w:p>")); !errors.Is(err, ErrNotOffice) {
		t.Errorf("broken XML: %v", err)
	}
	// Not mail at all.
	if _, err := (EML{}).Load(t.Context(), "x.eml", []byte("\x00\x01 binary")); err == nil {
		t.Errorf("binary mail: no error")
	}
	// A password-protected OpenDocument file.
	odt := makeZip(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", "\x8f\x01garbage",
		"META-INF/manifest.xml", `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry></manifest:manifest>`)
	if _, err := (ODT{}).Load(t.Context(), "x.odt", odt); !errors.Is(err, ErrEncrypted) {
		t.Errorf("encrypted ODT: %v", err)
	}
	// An encrypted zip entry.
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Flags: 0x1})
	w.Write([]byte("garbage"))
	zw.Close()
	if _, err := (DOCX{}).Load(t.Context(), "x.docx", buf.Bytes()); !errors.Is(err, ErrEncrypted) {
		t.Errorf("encrypted entry: %v", err)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, f := range []string{"ko_guide.docx", "ko_books.xlsx", "ko_slides.pptx", "ko_guide.odt", "ko_notice_euckr_qp.eml"} {
		if _, err := loaderFor(f).Load(ctx, f, testdata(t, f)); !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestSniff(t *testing.T) {
	for file, want := range map[string]string{
		"ko_guide.docx": "docx", "ko_books.xlsx": "xlsx", "ko_slides.pptx": "pptx",
		"ko_guide.odt": "odt", "ko_books.ods": "ods", "ko_slides.odp": "odp",
		"ko_notice_euckr_qp.eml": "", "ko_guide.expected.txt": "",
	} {
		data := testdata(t, file)
		if got := SniffZip(data); got != want {
			t.Errorf("SniffZip(%s) = %q, want %q", file, got, want)
		}
		// From the head only: ODF always, OOXML when its parts come early.
		if got := SniffZip(data[:min(len(data), 4096)]); got != want && strings.HasPrefix(want, "od") {
			t.Errorf("SniffZip(head of %s) = %q, want %q", file, got, want)
		}
	}
	for _, tc := range []struct {
		head string
		want bool
	}{
		{string(testdata(t, "ko_notice_euckr_qp.eml")), true},
		{string(testdata(t, "ko_arrival_alternative.eml")), true},
		{"From hong@example.kr Mon Mar  3 09:30:00 2025\nFrom: a@b\nTo: c@d\n\nhi", true},
		{"Subject: hello\r\nX-Foo: bar\r\nTo: x@y\r\n\r\n", true},
		{"Title: my notes\nAuthor: me\n\n# Notes", false},
		{"From: someone\nthis is prose, not a header\nTo: x\n", false},
		{"# Markdown\n\nSubject: x\nTo: y\n", false},
		{"", false},
	} {
		if got := SniffMail([]byte(tc.head)); got != tc.want {
			t.Errorf("SniffMail(%.30q) = %v", tc.head, got)
		}
	}
}
