package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestKillDuringIngest kills the real binary with SIGKILL in the middle of an
// ingest, several times, and checks that the next run finishes the job: no
// document is lost or half-stored, unchanged files are not redone, and search
// finds every document by its own unique words.
func TestKillDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests 300 files several times")
	}
	dir := t.TempDir()
	const n = 300
	for i := 0; i < n; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "# 문서 %d\n\n", i)
		for j := 0; j < 30; j++ {
			fmt.Fprintf(&b, "이 문서는 %d번째 시험 문서이며 고유어 %s 를 담고 있습니다. 배송과 반품 규정을 설명합니다.\n", i, uniqueWord(i))
		}
		write(t, filepath.Join(dir, "docs", fmt.Sprintf("doc%03d.md", i)), []byte(b.String()))
	}
	for round, killAt := range []int{30, 120, 240} {
		cmd := exec.Command(seogoBin, "ingest", "docs", "--analyzer", "bigram", "--workers", "2")
		cmd.Dir = dir
		cmd.Env = []string{"HOME=" + dir, "PATH=" + os.Getenv("PATH")}
		stderr, err := cmd.StderrPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Plain progress lines ("ingest 30/300 ...") tell how far it got.
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			var done, total int
			if _, err := fmt.Sscanf(sc.Text(), "ingest %d/%d", &done, &total); err == nil && done >= killAt {
				break
			}
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		t.Logf("round %d: killed after ≥%d files", round, killAt)
	}
	sum := decode[ingestJSON](t, runSeogo(t, dir, "ingest", "docs", "--json"))
	if sum.Added+sum.Unchanged != n || sum.Failed != 0 || sum.Updated != 0 {
		t.Fatalf("after the crashes: want %d files added or unchanged, got %+v", n, sum)
	}
	if sum.Unchanged < 240 {
		t.Errorf("work finished before the kills was redone: only %d unchanged", sum.Unchanged)
	}
	docs := decode[[]struct {
		Source string
		Chunks int
	}](t, runSeogo(t, dir, "docs", "list", "--json"))
	if len(docs) != n {
		t.Fatalf("want %d documents, got %d", n, len(docs))
	}
	for _, d := range docs {
		if d.Chunks < 1 {
			t.Errorf("%s stored without chunks", d.Source)
		}
	}
	type searchJSON struct{ Hits []hitJSON }
	for _, i := range []int{0, 29, 31, 150, 299} {
		res := decode[searchJSON](t, runSeogo(t, dir, "search", uniqueWord(i), "--mode", "keyword", "--json", "-k", "1"))
		want := fmt.Sprintf("doc%03d.md", i)
		if len(res.Hits) != 1 || filepath.Base(res.Hits[0].Doc.Source) != want {
			t.Errorf("search %s: want %s, got %+v", uniqueWord(i), want, res.Hits)
		}
	}
}

// uniqueWord is a Hangul word that occurs in document i only: three
// syllables picked from i's digits in base 19 (initial consonants).
func uniqueWord(i int) string {
	r := func(k int) rune { return rune(0xAC00 + (k%19)*588 + 20*28) } // 까, 나 … with vowel ㅢ
	return string([]rune{r(i / 361), r(i / 19), r(i)}) + "림"
}
