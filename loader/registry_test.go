package loader

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/seogo/seogo/schema"
)

func TestRegistryLookup(t *testing.T) {
	r := NewRegistry()
	long := `{"items": [` + strings.Repeat(`{"이름": "값"},`, 1000) // cut short, as a head is
	tests := []struct {
		name   string
		file   string
		head   string
		format string
		ok     bool
	}{
		{"extension upper case", "README.MD", "", "md", true},
		{"markdown long extension", "a/b/guide.markdown", "", "md", true},
		{"htm", "page.HTM", "", "html", true},
		{"tsv", "data.tsv", "", "tsv", true},
		{"ndjson", "events.ndjson", "", "jsonl", true},
		{"log", "server.log", "", "txt", true},
		{"extension wins over content", "notes.txt", "<!DOCTYPE html><p>x", "txt", true},
		{"sniff text", "README", "# 제목\n본문", "txt", true},
		{"sniff html doctype", "index", "\ufeff  <!DOCTYPE HTML>\n<html>", "html", true},
		{"sniff html tag", "page", "<html lang=ko>", "html", true},
		{"sniff json", "data", `{"a": 1}`, "json", true},
		{"sniff truncated json", "data", long, "json", true},
		{"sniff json lines", "data", "{\"a\": 1}\n{\"b\": 2}\n{\"c\":", "jsonl", true},
		{"brace but not json", "notes", "{메모} 회의록", "txt", true},
		{"bracket but not json", "refs", "[1] 참고 문헌", "txt", true},
		{"unknown extension sniffed", "notes.xyz", "그냥 텍스트", "txt", true},
		{"euc-kr text", "memo", string(eucKR(t, "한국어 메모입니다")), "txt", true},
		{"binary", "blob", "\x00\x01\x02\x03", "", false},
		{"binary unknown extension", "photo.png", "\x89PNG\r\n\x1a\n", "", false},
		{"empty head", "empty", "", "txt", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, format, ok := r.Lookup(tt.file, []byte(tt.head))
			if ok != tt.ok || format != tt.format || (ok && l == nil) {
				t.Errorf("Lookup(%q) = %v, %q, %v; want %q, %v", tt.file, l, format, ok, tt.format, tt.ok)
			}
		})
	}
}

type fakeLoader struct{}

func (fakeLoader) Load(context.Context, string, []byte) (*schema.Document, error) { return nil, nil }

func TestRegistryRegister(t *testing.T) {
	r := NewRegistry()
	want := []string{".csv", ".htm", ".html", ".json", ".jsonl", ".log", ".markdown", ".md", ".ndjson", ".text", ".tsv", ".txt", ".xhtml"}
	if got := r.Extensions(); !reflect.DeepEqual(got, want) {
		t.Fatalf("Extensions = %q", got)
	}
	r.Register("HWP", fakeLoader{})
	if _, format, ok := r.Lookup("보고서.hwp", nil); !ok || format != "hwp" {
		t.Errorf("registered .hwp: %q %v", format, ok)
	}
	r.Register(".txt", nil)
	if _, _, ok := r.Lookup("a.txt", []byte("\x00")); ok {
		t.Error(".txt still registered")
	}
	var zero Registry
	zero.Register(".md", MarkdownLoader{})
	if _, format, ok := zero.Lookup("x.md", nil); !ok || format != "md" {
		t.Errorf("zero registry: %q %v", format, ok)
	}
}

func TestLookupContentFirst(t *testing.T) {
	r := NewRegistry()
	for _, f := range []string{"pdf", "zip", "docx"} {
		r.Register("."+f, namedLoader(f)) // stand-ins: only the chosen format matters
	}
	pdf := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
	zip := []byte("PK\x03\x04\x14\x00\x06\x00")
	tests := []struct {
		name   string
		head   []byte
		format string
	}{
		{"report.pdf", pdf, "pdf"},
		{"report.docx", pdf, "pdf"},  // claims Word, is a PDF
		{"report.txt", pdf, "pdf"},   // claims text, is a PDF
		{"report", pdf, "pdf"},       // no extension
		{"report.docx", zip, "docx"}, // a .docx is a zip: the extension decides which
		{"archive.bin", zip, "zip"},  // unknown extension, zip content: the container loader
		{"notes.md", []byte("# 제목\n%PDF- is how a PDF starts"), "md"},
		{"scan.txt", []byte("\x00\x01junk%PDF-1.4"), "pdf"},
		{"memo.txt", []byte("회의록\n내용"), "txt"},
	}
	for _, tc := range tests {
		_, format, ok := r.Lookup(tc.name, tc.head)
		if !ok || format != tc.format {
			t.Errorf("%s: got %q %v, want %q", tc.name, format, ok, tc.format)
		}
	}
}

type namedLoader string

func (n namedLoader) Format() string { return string(n) }
func (n namedLoader) Load(context.Context, string, []byte) (*schema.Document, error) {
	return nil, nil
}
