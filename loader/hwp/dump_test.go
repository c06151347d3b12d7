package hwp

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/seogo/seogo/schema"
)

// loadPath loads a file with the loader its extension names.
func loadPath(ctx context.Context, p string, data []byte) (*schema.Document, error) {
	if strings.HasSuffix(strings.ToLower(p), ".hwpx") {
		return XLoader{}.Load(ctx, p, data)
	}
	return Loader{}.Load(ctx, p, data)
}

// TestDump prints the text of the files in HWP_DUMP (comma-separated): a
// tool for comparing output by eye, skipped otherwise.
func TestDump(t *testing.T) {
	paths := os.Getenv("HWP_DUMP")
	if paths == "" {
		t.Skip("set HWP_DUMP")
	}
	for _, p := range strings.Split(paths, ",") {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := loadPath(context.Background(), p, data)
		fmt.Printf("=== %s err=%v\n", p, err)
		if doc != nil {
			fmt.Println(doc.Text)
			fmt.Printf("--- notes=%q sections=%v meta=%v\n", doc.Notes, doc.Sections, doc.Metadata)
		}
	}
}
