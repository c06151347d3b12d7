package guard

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func readAudit(t *testing.T, path string) []AuditRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []AuditRecord
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var r AuditRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v in %q", path, err, sc.Text())
		}
		out = append(out, r)
	}
	return out
}

// TestAuditCheck: every finding of Check is recorded with its stage,
// action and request id, and no raw value reaches the file.
func TestAuditCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.jsonl")
	a, err := OpenAudit(path, AuditOptions{HashKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	g := mustGuard(t, PIPA()).WithAudit(a)
	ctx := WithRequestID(context.Background(), "req-42")
	text := "성명: 홍길동, 주민번호 900101-1234568, 연락처 010-1234-5678, 메일 hong@example.com"
	res, err := g.Check(ctx, StageContext, text, NewVault())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	recs := readAudit(t, path)
	if len(recs) != len(res.Findings) || len(recs) != 4 {
		t.Fatalf("%d records for %d findings", len(recs), len(res.Findings))
	}
	for i, r := range recs {
		f := res.Findings[i]
		if r.Entity != f.Entity || r.Start != f.Start || r.End != f.End || r.Stage != "context" || r.Action != f.Action ||
			r.RequestID != "req-42" || len(r.Hash) != 64 || r.Time.IsZero() {
			t.Errorf("record %+v for finding %+v", r, f)
		}
	}
	raw, _ := os.ReadFile(path)
	for _, v := range []string{"홍길동", "900101", "1234568", "010-1234-5678", "12345678", "hong@example.com", "hong"} {
		if strings.Contains(string(raw), v) {
			t.Errorf("raw value %q in the audit log", v)
		}
	}
	// keyed hashes are stable across Audits; salted ones are not
	b, _ := OpenAudit(filepath.Join(dir, "b.jsonl"), AuditOptions{HashKey: "k"})
	c, _ := OpenAudit(filepath.Join(dir, "c.jsonl"), AuditOptions{})
	d, _ := OpenAudit(filepath.Join(dir, "d.jsonl"), AuditOptions{})
	defer b.Close()
	defer c.Close()
	defer d.Close()
	if b.Hash(EntityPhone, "010-1234-5678") != recs[2].Hash || b.Hash(EntityPhone, "01012345678") != recs[2].Hash {
		t.Error("keyed hash not stable or not canonical")
	}
	if c.Hash(EntityPhone, "010-1234-5678") == d.Hash(EntityPhone, "010-1234-5678") {
		t.Error("two salted audits hash alike")
	}
}

func TestAuditRotationConcurrent(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "audit.jsonl")
	a, err := OpenAudit(path, AuditOptions{MaxBytes: 4 << 10, Keep: 3})
	if err != nil {
		t.Fatal(err)
	}
	g := mustGuard(t, Permissive()).WithAudit(a)
	var wg sync.WaitGroup
	const writers, each = 8, 40
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				ctx := WithRequestID(context.Background(), fmt.Sprintf("w%d-%d", w, i))
				if _, err := g.Check(ctx, StageIngest, fmt.Sprintf("연락처 010-%04d-%04d", w, i), nil); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := a.Record(context.Background(), Finding{Entity: EntityPhone}); err == nil {
		t.Error("Record after Close succeeded")
	}
	files, _ := filepath.Glob(path + "*")
	if len(files) != 4 { // audit.jsonl + .1 .2 .3
		t.Errorf("files after rotation: %v", files)
	}
	lines := 0
	for _, f := range files {
		st, _ := os.Stat(f)
		if st.Size() > 4<<10 {
			t.Errorf("%s is %d bytes, over MaxBytes", f, st.Size())
		}
		for _, r := range readAudit(t, f) {
			lines++
			if r.Entity != EntityPhone || r.RequestID == "" {
				t.Errorf("bad record %+v", r)
			}
		}
		raw, _ := os.ReadFile(f)
		if strings.Contains(string(raw), "010-") {
			t.Errorf("raw phone number in %s", f)
		}
	}
	if lines == 0 || lines >= writers*each {
		t.Errorf("%d lines kept of %d written: rotation should have dropped the oldest", lines, writers*each)
	}
}

func TestAuditOpenError(t *testing.T) {
	if _, err := OpenAudit(filepath.Join(t.TempDir(), "missing", "audit.jsonl"), AuditOptions{}); err == nil {
		t.Error("opened a log in a missing directory")
	}
}
