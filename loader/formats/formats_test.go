package formats

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each family's own package tests its format in depth; this checks the
// wiring: every sample reaches the right loader by extension and by content.
func TestRegistryRoutes(t *testing.T) {
	r := NewRegistry(Options{})
	tests := []struct {
		path, format, want string
	}{
		{"../hwp/testdata/more/hwprs_hello_world.hwp", "hwp", "Hello World!"},
		{"../office/testdata/ko_guide.docx", "docx", ""},
		{"../hwp/testdata/hwpx/SimpleTable.hwpx", "hwpx", ""},
		{"../office/testdata/ko_books.xlsx", "xlsx", ""},
		{"../office/testdata/ko_slides.pptx", "pptx", ""},
		{"../office/testdata/ko_guide.odt", "odt", ""},
	}
	for _, tc := range tests {
		raw, err := os.ReadFile(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{filepath.Base(tc.path), "renamed.txt", "no-extension", "wrong.pdf"} {
			l, format, ok := r.Lookup(name, raw[:min(len(raw), 8<<10)])
			if !ok {
				t.Fatalf("%s as %s: no loader", tc.path, name)
			}
			doc, err := l.Load(context.Background(), name, raw)
			if err != nil {
				t.Fatalf("%s as %s (%s): %v", tc.path, name, format, err)
			}
			if doc.Format != tc.format || !strings.Contains(doc.Text, tc.want) {
				t.Fatalf("%s as %s: format %q, text %.80q", tc.path, name, doc.Format, doc.Text)
			}
		}
	}
}

func TestUnknownZip(t *testing.T) {
	r := NewRegistry(Options{})
	zip := []byte("PK\x05\x06" + strings.Repeat("\x00", 18)) // an empty zip
	l, _, ok := r.Lookup("archive.zip", zip)
	if !ok {
		t.Fatal("no loader for .zip")
	}
	if _, err := l.Load(context.Background(), "archive.zip", zip); !errors.Is(err, ErrUnknownZip) {
		t.Fatalf("empty zip: %v", err)
	}
}
