package office

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/schema"
)

// Each fuzz target takes either a whole file (seeded with the real ones) or,
// when the input is not a zip, one XML part that it wraps in a minimal
// package: byte mutations of a zip mostly break its checksums, so the part
// is where the readers get explored.

func FuzzDOCX(f *testing.F) {
	fuzzOffice(f, DOCX{}, "word/document.xml", []string{"testdata/ko_guide.docx", "docx/*.docx"}, func(t *testing.T, part []byte) []byte {
		return makeZip(t, "word/document.xml", string(part))
	})
}

func FuzzPPTX(f *testing.F) {
	fuzzOffice(f, PPTX{Notes: true}, "ppt/slides/slide1.xml", []string{"testdata/ko_slides.pptx", "pptx/*.pptx", "edge/*.pptx"}, func(t *testing.T, part []byte) []byte {
		return makeZip(t,
			"ppt/presentation.xml", `<p:presentation xmlns:p="p" xmlns:r="r"><p:sldIdLst><p:sldId id="256" r:id="rId1"/></p:sldIdLst></p:presentation>`,
			"ppt/_rels/presentation.xml.rels", `<Relationships><Relationship Id="rId1" Type="x/slide" Target="slides/slide1.xml"/></Relationships>`,
			"ppt/slides/slide1.xml", string(part))
	})
}

func FuzzXLSX(f *testing.F) {
	fuzzOffice(f, XLSX{}, "xl/worksheets/sheet1.xml", []string{"testdata/ko_books.xlsx", "xlsx/*.xlsx", "edge/*.xlsx"}, func(t *testing.T, part []byte) []byte {
		return makeZip(t,
			"xl/workbook.xml", `<workbook xmlns:r="r"><sheets><sheet name="시트" sheetId="1" r:id="rId1"/></sheets></workbook>`,
			"xl/_rels/workbook.xml.rels", `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
			"xl/sharedStrings.xml", `<sst><si><t>가</t></si><si><r><t>나</t></r><rPh><t>x</t></rPh></si></sst>`,
			"xl/worksheets/sheet1.xml", string(part))
	})
}

func FuzzODT(f *testing.F) {
	fuzzOffice(f, ODT{}, "content.xml", []string{"testdata/ko_guide.odt", "testdata/ko_books.ods", "testdata/ko_slides.odp"}, func(t *testing.T, part []byte) []byte {
		return makeZip(t, "mimetype", "application/vnd.oasis.opendocument.text", "content.xml", string(part))
	})
}

func FuzzEML(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.eml")
	for _, file := range files {
		b, _ := os.ReadFile(file)
		f.Add(b)
	}
	f.Add([]byte("Subject: =?ks_c_5601-1987?B?vK2w7Q==?=\r\nContent-Type: multipart/alternative; boundary=x\r\n\r\n--x\r\nContent-Type: text/html\r\n\r\n<p>a</p>\r\n--x--\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := EML{}.Load(t.Context(), "fuzz.eml", data)
		checkDoc(t, doc, err)
	})
}

func fuzzOffice(f *testing.F, l loader.Loader, part string, seeds []string, wrap func(*testing.T, []byte) []byte) {
	var files []string
	for _, s := range seeds {
		if filepath.Dir(s) == "testdata" {
			files = append(files, s)
			continue
		}
		more, _ := filepath.Glob(filepath.Join(samplesDir, s))
		files = append(files, more...)
	}
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			continue
		}
		f.Add(b)
		if zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err == nil {
			for _, zf := range zr.File {
				if zf.Name == part {
					if rc, err := zf.Open(); err == nil {
						xml, _ := io.ReadAll(rc)
						f.Add(xml)
					}
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte("PK")) {
			data = wrap(t, data)
		}
		doc, err := l.Load(t.Context(), "fuzz", data)
		checkDoc(t, doc, err)
	})
}

// checkDoc asserts what every loaded document promises.
func checkDoc(t *testing.T, doc *schema.Document, err error) {
	if err != nil {
		return
	}
	if doc == nil {
		t.Fatal("no document and no error")
	}
	if !utf8.ValidString(doc.Text) {
		t.Fatal("invalid UTF-8 in the text")
	}
	prev := 0
	for _, s := range doc.Sections {
		if s.Start < prev || s.End < s.Start || s.End > len(doc.Text) {
			t.Fatalf("bad section %+v (text %d bytes)", s, len(doc.Text))
		}
		prev = s.End
	}
}
