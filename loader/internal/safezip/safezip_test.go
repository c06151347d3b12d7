package safezip

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"
)

func makeZip(t testing.TB, entries map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRead(t *testing.T) {
	data := makeZip(t, map[string]string{"word/document.xml": "<w:t>안녕하세요</w:t>", "./mimetype": "x", "dir/": ""})
	r, err := Open(data, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(r.Names(), ","); got != "mimetype,word/document.xml" {
		t.Fatalf("names %q", got)
	}
	b, err := r.Read("/Word/Document.xml")
	if err != nil || string(b) != "<w:t>안녕하세요</w:t>" {
		t.Fatalf("read %q %v", b, err)
	}
	if _, err := r.Read("nope.xml"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing entry: %v", err)
	}
}

func TestLimits(t *testing.T) {
	bomb := makeZip(t, map[string]string{"a.xml": strings.Repeat("a", 8<<20)}) // ~8 KB compressed, ratio ~1000
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want error
	}{
		{"ratio", bomb, Limits{}, ErrBomb},
		{"entry size", makeZip(t, map[string]string{"a.xml": strings.Repeat("ab", 1000)}), Limits{MaxEntryBytes: 100}, ErrBomb},
		{"total", makeZip(t, map[string]string{"a.xml": strings.Repeat("x", 300)}), Limits{MaxTotalBytes: 200}, ErrBomb},
		{"fits", makeZip(t, map[string]string{"a.xml": strings.Repeat("x", 300)}), Limits{MaxTotalBytes: 300}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Open(tc.data, tc.lim)
			if err != nil {
				t.Fatal(err)
			}
			_, err = r.Read("a.xml")
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v want %v", err, tc.want)
			}
		})
	}
	many := map[string]string{}
	for i := range 30 {
		many[strings.Repeat("n", i+1)] = "x"
	}
	if _, err := Open(makeZip(t, many), Limits{MaxEntries: 10}); !errors.Is(err, ErrTooMany) {
		t.Fatalf("entries: %v", err)
	}
	if _, err := Open([]byte("PK\x03\x04garbage"), Limits{}); !errors.Is(err, ErrNotZip) {
		t.Fatalf("garbage: %v", err)
	}
}

func FuzzOpenRead(f *testing.F) {
	f.Add(makeZip(f, map[string]string{"a": "hello", "b/c.xml": "<x/>"}))
	f.Add([]byte("PK\x05\x06"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Open(data, Limits{MaxTotalBytes: 1 << 20})
		if err != nil {
			return
		}
		for _, n := range r.Names() {
			r.Read(n)
		}
	})
}
