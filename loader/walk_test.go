package loader

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/seogo/seogo/i18n"
)

// walked is what the tests compare: Rel, Format and Skip of each file.
type walked struct{ rel, format, skip string }

func walkAll(t *testing.T, roots []string, opt WalkOptions) []walked {
	t.Helper()
	var got []walked
	err := Walk(context.Background(), roots, opt, func(f File) error {
		if !filepath.IsAbs(f.Path) || filepath.Clean(f.Path) != f.Path {
			t.Errorf("path %q not absolute and clean", f.Path)
		}
		if f.Skip != "" && f.Detail == "" {
			t.Errorf("%s skipped (%s) without detail", f.Rel, f.Skip)
		}
		got = append(got, walked{filepath.ToSlash(f.Rel), f.Format, f.Skip})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("symlinks not supported: %v", err)
	}
}

func TestWalk(t *testing.T) {
	base := t.TempDir()
	root := filepath.Join(base, "문서")
	outside := filepath.Join(base, "outside")
	write(t, filepath.Join(outside, "secret.txt"), "밖")
	write(t, filepath.Join(root, "가이드.md"), "# 가이드")
	write(t, filepath.Join(root, "b.txt"), "본문")
	write(t, filepath.Join(root, "c.xyz"), "알 수 없는 형식")
	write(t, filepath.Join(root, "README"), "확장자 없는 텍스트")
	write(t, filepath.Join(root, "blob"), "\x00\x01\x02")
	write(t, filepath.Join(root, "big.txt"), strings.Repeat("가", 100))
	write(t, filepath.Join(root, ".hidden.txt"), "숨김")
	write(t, filepath.Join(root, ".git", "config"), "[core]")
	write(t, filepath.Join(root, ".data", "e.txt"), "숨은 폴더의 파일")
	write(t, filepath.Join(root, "sub", "d.html"), "<p>하위</p>")
	write(t, filepath.Join(root, "sub", "Z.CSV"), "a\n1")
	symlink(t, "..", filepath.Join(root, "sub", "loop"))
	symlink(t, "../b.txt", filepath.Join(root, "sub", "link-in.txt"))
	symlink(t, filepath.Join(".data", "e.txt"), filepath.Join(root, "e-link.txt"))
	symlink(t, filepath.Join(outside, "secret.txt"), filepath.Join(root, "out.txt"))
	symlink(t, outside, filepath.Join(root, "outdir"))
	symlink(t, "self", filepath.Join(root, "self"))
	symlink(t, "nowhere.txt", filepath.Join(root, "dangling.txt"))
	if err := syscall.Mkfifo(filepath.Join(root, "pipe.txt"), 0o644); err != nil {
		t.Logf("no fifo: %v", err)
	}

	got := walkAll(t, []string{root}, WalkOptions{MaxSize: 200})
	want := []walked{
		{"README", "txt", ""},
		{"b.txt", "txt", ""},
		{"big.txt", "", SkipTooLarge},
		{"blob", "", SkipUnsupported},
		{"c.xyz", "", SkipUnsupported},
		{"dangling.txt", "", SkipUnreadable},
		{"e-link.txt", "txt", ""},
		{"out.txt", "", SkipSymlinkOutside},
		{"outdir", "", SkipSymlinkOutside},
		{"pipe.txt", "", SkipUnsupported},
		{"self", "", SkipUnreadable},
		{"sub/Z.CSV", "csv", ""},
		{"sub/d.html", "html", ""},
		{"가이드.md", "md", ""},
	}
	if _, err := os.Stat(filepath.Join(root, "pipe.txt")); err != nil {
		want = append(want[:9], want[10:]...)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("walk\n got %v\nwant %v", got, want)
	}

	t.Run("hidden included", func(t *testing.T) {
		got := walkAll(t, []string{root}, WalkOptions{IncludeHidden: true, MaxSize: -1})
		var rels []string
		for _, w := range got {
			if w.skip == "" {
				rels = append(rels, w.rel)
			}
		}
		want := []string{".data/e.txt", ".git/config", ".hidden.txt", "README", "b.txt", "big.txt", "sub/Z.CSV", "sub/d.html", "가이드.md"}
		if !reflect.DeepEqual(rels, want) {
			t.Errorf("loaded %q, want %q", rels, want)
		}
	})

	t.Run("single file roots and overlap", func(t *testing.T) {
		file := filepath.Join(root, "sub", "d.html")
		got := walkAll(t, []string{file, filepath.Join(root, "sub"), filepath.Join(root, ".hidden.txt"), filepath.Join(root, "c.xyz")}, WalkOptions{})
		// d.html is not repeated when its folder is walked; the symlinks
		// in sub/ point to its parent, outside this root; a file named
		// on purpose is loaded even when hidden or of unknown extension.
		want := []walked{
			{"d.html", "html", ""},
			{"Z.CSV", "csv", ""},
			{"link-in.txt", "", SkipSymlinkOutside},
			{"loop", "", SkipSymlinkOutside},
			{".hidden.txt", "txt", ""},
			{"c.xyz", "txt", ""},
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("walk\n got %v\nwant %v", got, want)
		}
	})

	t.Run("missing root", func(t *testing.T) {
		err := Walk(context.Background(), []string{root, filepath.Join(base, "없음")}, WalkOptions{}, func(File) error {
			t.Error("walked before checking every root")
			return nil
		})
		if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "no such file or folder: "+filepath.Join(base, "없음")) {
			t.Fatalf("err = %v", err)
		}
		if ko := i18n.Localize(err, i18n.Ko); !strings.HasPrefix(ko, "그런 파일이나 폴더가 없습니다: ") {
			t.Errorf("Korean message = %q", ko)
		}
	})

	t.Run("details carry facts, not the skip label", func(t *testing.T) {
		details := map[string]string{}
		err := Walk(context.Background(), []string{root}, WalkOptions{MaxSize: 200}, func(f File) error {
			if f.Skip != "" {
				details[filepath.ToSlash(f.Rel)] = f.Detail
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		realOutside, err := filepath.EvalSymlinks(outside)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			"big.txt":      "300 B > 200 B",
			"blob":         "확장자가 없고 내용이 텍스트가 아님 · no extension, and the content is not text",
			"c.xyz":        ".xyz",
			"dangling.txt": "링크 대상이 없음: nowhere.txt · the link target does not exist: nowhere.txt",
			"out.txt":      "→ " + filepath.Join(realOutside, "secret.txt"),
			"outdir":       "→ " + realOutside,
			"pipe.txt":     "이름 있는 파이프(FIFO) · named pipe (FIFO)",
			"self":         "링크가 자기 자신을 가리킴(순환) · the link points back to itself (a loop)",
		}
		if _, ok := details["pipe.txt"]; !ok {
			delete(want, "pipe.txt")
		}
		if !reflect.DeepEqual(details, want) {
			t.Errorf("details\n got %q\nwant %q", details, want)
		}
	})

	t.Run("callback error stops", func(t *testing.T) {
		stop := errors.New("stop")
		n := 0
		err := Walk(context.Background(), []string{root}, WalkOptions{}, func(File) error { n++; return stop })
		if !errors.Is(err, stop) || n != 1 {
			t.Fatalf("err = %v after %d calls", err, n)
		}
	})

	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if err := Walk(ctx, []string{root}, WalkOptions{}, func(File) error { return nil }); !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestWalkUnreadable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions do not stop root from reading")
	}
	root := t.TempDir()
	write(t, filepath.Join(root, "locked.txt"), "잠김")
	write(t, filepath.Join(root, "closed", "x.txt"), "잠김")
	if err := os.Chmod(filepath.Join(root, "locked.txt"), 0); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(filepath.Join(root, "closed"), 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(filepath.Join(root, "closed"), 0o755) })
	got := walkAll(t, []string{root}, WalkOptions{})
	want := []walked{{"closed", "", SkipUnreadable}, {"locked.txt", "", SkipUnreadable}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("walk\n got %v\nwant %v", got, want)
	}
}
