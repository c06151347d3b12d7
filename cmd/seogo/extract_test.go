package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestE2EExtract(t *testing.T) {
	dir := t.TempDir()
	abs := func(p string) string { a, _ := filepath.Abs(filepath.Join("..", "..", p)); return a }

	// A PDF: pages split by form feeds, Korean text, page numbers in JSON.
	pdf := abs("loader/pdf/testdata/produced/ko_onecol.pdf")
	r := runSeogo(t, dir, "extract", pdf)
	mustOK(t, r)
	if !strings.Contains(r.stdout, "\f") || strings.ContainsRune(r.stdout, '\uFFFD') {
		t.Fatalf("pdf text:\n%.400s", r.stdout)
	}
	out := decode[struct {
		Format string
		Pages  []struct {
			N    int
			Text string
		}
		Warnings []string
	}](t, runSeogo(t, dir, "extract", pdf, "--json"))
	if out.Format != "pdf" || len(out.Pages) < 2 || out.Pages[0].N != 1 || out.Pages[1].N != 2 || out.Pages[0].Text == "" {
		t.Fatalf("pdf json: format %q, %d pages", out.Format, len(out.Pages))
	}

	// HWP, and the same HWP renamed .txt: content decides the format.
	hwp := abs("loader/hwp/testdata/more/hwprs_hello_world.hwp")
	raw, _ := os.ReadFile(hwp)
	os.WriteFile(filepath.Join(dir, "renamed.txt"), raw, 0o644)
	for _, p := range []string{hwp, "renamed.txt"} {
		r := runSeogo(t, dir, "extract", p)
		mustOK(t, r)
		if !strings.Contains(r.stdout, "Hello World!") {
			t.Fatalf("%s: %q", p, r.stdout)
		}
	}

	// A damaged file: exit 1 with a message naming the file, in Korean.
	os.WriteFile(filepath.Join(dir, "깨진.pdf"), []byte("%PDF-1.7\n1 0 obj << /Type /Catalog"), 0o644)
	r = runSeogo(t, dir, "extract", "깨진.pdf", "--lang", "ko")
	if r.code != 1 || !strings.Contains(r.stderr, "깨진.pdf") || !strings.Contains(r.stderr, "오류") {
		t.Fatalf("damaged: exit %d\n%s", r.code, r.stderr)
	}
	// An encrypted PDF says what to do.
	r = runSeogo(t, dir, "extract", abs("loader/pdf/testdata/odl_password-protected.pdf"), "--lang", "en")
	if r.code != 1 || !strings.Contains(strings.ToLower(r.stderr), "password") {
		t.Fatalf("encrypted: exit %d\n%s", r.code, r.stderr)
	}
}
