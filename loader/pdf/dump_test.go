package pdf

import (
	"context"
	"fmt"
	"os"
	"testing"
)

// TestDump prints a file's extraction for eyeballing: PDF_DUMP=path go test -run Dump -v
func TestDump(t *testing.T) {
	path := os.Getenv("PDF_DUMP")
	if path == "" {
		t.Skip("set PDF_DUMP to a PDF file")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Loader{}.Load(context.Background(), path, data)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(doc.Metadata, doc.Notes)
	for _, s := range doc.Sections {
		fmt.Printf("=== page %d\n%s\n", s.Page, doc.Text[s.Start:s.End])
	}
}
