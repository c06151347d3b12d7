package hwp

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/seogo/seogo/loader"
	"github.com/seogo/seogo/schema"
)

// checkFuzzDoc checks the invariants every loaded document keeps.
func checkFuzzDoc(t *testing.T, doc *schema.Document) {
	if !utf8.ValidString(doc.Text) {
		t.Fatal("text is not UTF-8")
	}
	for _, s := range doc.Sections {
		if s.Start < 0 || s.End > len(doc.Text) || s.Start > s.End {
			t.Fatalf("section %v out of range (text %d bytes)", s, len(doc.Text))
		}
	}
	if strings.ContainsRune(doc.Text, utf8.RuneError) {
		t.Fatal("U+FFFD in text")
	}
}

func seed(f *testing.F, pattern string) {
	files, _ := filepath.Glob(pattern)
	for _, p := range files {
		f.Add(mustRead(f, p))
	}
}

func FuzzLoadHWP(f *testing.F) {
	seed(f, "testdata/real/*.hwp")
	seed(f, "testdata/features/글상자-압축.hwp")
	seed(f, "testdata/features/표.hwp")
	seed(f, "testdata/more/hwprs_hello_world.hwp")
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Loader{}.Load(context.Background(), "f.hwp", data)
		if err == nil {
			checkFuzzDoc(t, doc)
		}
	})
}

func FuzzLoadHWPX(f *testing.F) {
	seed(f, "testdata/hwpx/*.hwpx")
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := XLoader{}.Load(context.Background(), "f.hwpx", data)
		if err == nil {
			checkFuzzDoc(t, doc)
		}
	})
}

// FuzzRecords reaches the record walker directly: most fuzzed OLE files
// die in the container, long before the layout code.
func FuzzRecords(f *testing.F) {
	for _, p := range []string{"testdata/features/표.hwp", "testdata/real/010000000000008159.hwp"} {
		data := mustRead(f, p)
		file, err := openFile(data)
		if err != nil {
			f.Fatal(err)
		}
		b, _, err := file.stream("BodyText/Section0", len(data))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &reader{ctx: context.Background(), b: new(loader.Builder), file: &hwpFile{}}
		recs, _, _ := parseRecords(data, 1<<16)
		if len(recs) == 0 {
			return
		}
		w := &walker{r: r, recs: recs, ends: subtreeEnds(recs)}
		w.list(0, len(recs), 0, bodySink{r.b, r.outlineLevel})
		doc, err := r.b.Document("hwp", "f.hwp")
		if err == nil {
			checkFuzzDoc(t, doc)
		}
	})
}
