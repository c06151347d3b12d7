package loader

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/seogo/seogo/i18n"
)

// File is one file found by Walk, to load or, when Skip is set, to report.
type File struct {
	Path string // absolute and cleaned; for a symlink, the link's path
	Root string // the root it was found under (absolute, cleaned); for a root that is a file, its directory
	Rel  string // Path relative to Root
	Size int64
	// Format is the registry's format name for a file to load ("md",
	// "html", ...): by extension, or sniffed when the name has none.
	Format string
	// Skip is a Skip* code when the file is not to be loaded. Detail adds
	// the facts behind it without repeating what the code says (callers
	// print the code in the reader's language): the extension ".xyz", the
	// sizes "120.0 MB > 100.0 MB", the link target "→ /elsewhere/a.txt".
	// Where words are needed they come in both languages, "한국어 · English".
	Skip   string
	Detail string
}

// WalkOptions configure Walk.
type WalkOptions struct {
	// Registry decides which files are supported; nil means NewRegistry().
	Registry *Registry
	// MaxSize is the largest file to load in bytes: 0 means 100 MB, a
	// negative value no limit.
	MaxSize int64
	// IncludeHidden also walks files and folders whose names start with ".".
	IncludeHidden bool
}

// DefaultMaxSize is the file size limit when WalkOptions.MaxSize is 0.
const DefaultMaxSize = 100 << 20

// sniffSize is how much of an extension-less file is read to guess its format.
const sniffSize = 8 << 10

// Walk finds the files under roots (folders, walked recursively, or single
// files) and calls fn for each, in lexical order within each root, roots in
// the order given. Files that cannot be loaded are passed to fn too, with
// Skip set; hidden files and folders are passed over silently unless
// IncludeHidden. Symlinks are followed only when their target stays inside
// the root; each file or folder is visited once, under the first path that
// reaches it, so symlink cycles and links to already-seen files do nothing.
//
// A root that does not exist is an error before anything is walked;
// problems with entries inside a root never are. Walk stops with fn's error
// if fn returns one, and with ctx's error when ctx is done.
func Walk(ctx context.Context, roots []string, opt WalkOptions, fn func(f File) error) error {
	if opt.Registry == nil {
		opt.Registry = NewRegistry()
	}
	if opt.MaxSize == 0 {
		opt.MaxSize = DefaultMaxSize
	}
	type root struct{ path, real string }
	var rs []root
	for _, r := range roots {
		abs, err := filepath.Abs(r)
		if err != nil {
			return i18n.Errorf("%s: %w", "%s: %w", r, err)
		}
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				e := i18n.Errorf("그런 파일이나 폴더가 없습니다: %s — 경로를 확인하세요",
					"no such file or folder: %s — check the path", r)
				e.Err = err // errors.Is(err, fs.ErrNotExist) still holds
				return e
			}
			return i18n.Errorf("%s 경로를 읽을 수 없습니다: %v", "cannot read %s: %w", r, err)
		}
		rs = append(rs, root{abs, real})
	}
	w := walker{ctx: ctx, opt: opt, fn: fn, seen: map[string]bool{}}
	for _, r := range rs {
		info, err := os.Stat(r.real)
		if err != nil {
			return i18n.Errorf("%s 경로를 읽을 수 없습니다: %v", "cannot read %s: %w", r.path, err)
		}
		if !info.IsDir() {
			// A file named on purpose is loaded even if hidden or without
			// a known extension, as long as its content is supported.
			w.root, w.realRoot = filepath.Dir(r.path), filepath.Dir(r.real)
			if err := w.file(w.root, r.path, r.real, info, true); err != nil {
				return err
			}
			continue
		}
		w.root, w.realRoot = r.path, r.real
		if err := w.dir(r.path, r.real); err != nil {
			return err
		}
	}
	return nil
}

type walker struct {
	ctx            context.Context
	opt            WalkOptions
	fn             func(File) error
	root, realRoot string
	seen           map[string]bool // real paths of visited folders and files
}

// dir walks the folder at path, whose symlink-free location is real.
func (w *walker) dir(path, real string) error {
	if w.seen[real] {
		return nil
	}
	w.seen[real] = true
	entries, err := os.ReadDir(path)
	if err != nil {
		return w.report(path, 0, SkipUnreadable, folderReason(err))
	}
	for _, e := range entries {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		name := e.Name()
		if !w.opt.IncludeHidden && strings.HasPrefix(name, ".") {
			continue
		}
		p := filepath.Join(path, name)
		if err := w.entry(p, filepath.Join(real, name), e); err != nil {
			return err
		}
	}
	return nil
}

// entry handles one directory entry: a folder, a file or a symlink.
func (w *walker) entry(path, real string, e fs.DirEntry) error {
	if e.Type()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return w.report(path, 0, SkipUnreadable, linkReason(path, err))
		}
		if !within(w.realRoot, target) {
			return w.report(path, 0, SkipSymlinkOutside, "→ "+target)
		}
		real = target
	}
	info, err := os.Stat(real)
	if err != nil {
		return w.report(path, 0, SkipUnreadable, reason(err))
	}
	if info.IsDir() {
		return w.dir(path, real)
	}
	return w.file(w.root, path, real, info, false)
}

// file decides whether one file is to be loaded and reports it.
func (w *walker) file(root, path, real string, info fs.FileInfo, named bool) error {
	if w.seen[real] {
		return nil
	}
	w.seen[real] = true
	if !info.Mode().IsRegular() {
		return w.report(path, 0, SkipUnsupported, specialFile(info.Mode()))
	}
	size := info.Size()
	ext := strings.ToLower(filepath.Ext(path))
	e, known := w.opt.Registry.byExt[ext]
	format := e.format
	if ext != "" && !known && !named {
		// An unknown extension is not sniffed while walking folders: it is
		// almost always a format seogo cannot read (images, archives,
		// office files), and reading each one would be wasted I/O.
		return w.report(path, size, SkipUnsupported, ext)
	}
	if w.opt.MaxSize > 0 && size > w.opt.MaxSize {
		return w.report(path, size, SkipTooLarge, humanSize(size)+" > "+humanSize(w.opt.MaxSize))
	}
	// Opening the file proves it readable now, and gives the head to sniff
	// when the extension does not say the format.
	f, err := os.Open(real)
	if err != nil {
		return w.report(path, size, SkipUnreadable, reason(err))
	}
	if !known {
		head := make([]byte, sniffSize)
		n, rerr := io.ReadFull(f, head)
		f.Close()
		if rerr != nil && !errors.Is(rerr, io.EOF) && !errors.Is(rerr, io.ErrUnexpectedEOF) {
			return w.report(path, size, SkipUnreadable, reason(rerr))
		}
		_, format, known = w.opt.Registry.Lookup(path, head[:n])
		if !known {
			what := ext
			if ext == "" {
				what = both(detailNoExtension)
			}
			return w.report(path, size, SkipUnsupported, what)
		}
	} else {
		f.Close()
	}
	rel, _ := filepath.Rel(root, path)
	return w.fn(File{Path: path, Root: root, Rel: rel, Size: size, Format: format})
}

// report passes a skipped file to fn.
func (w *walker) report(path string, size int64, code, detail string) error {
	root := w.root
	if root == "" || !within(root, path) {
		root = filepath.Dir(path)
	}
	rel, _ := filepath.Rel(root, path)
	return w.fn(File{Path: path, Root: root, Rel: rel, Size: size, Skip: code, Detail: detail})
}

// within reports whether path is root or inside it (both cleaned).
func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// linkReason says why the symlink at path cannot be followed.
func linkReason(path string, err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		if target, lerr := os.Readlink(path); lerr == nil {
			return both(detailBrokenLink, target)
		}
	}
	// filepath.EvalSymlinks reports a loop as "too many links"; the OS as
	// ELOOP ("too many levels of symbolic links").
	if msg := err.Error(); strings.Contains(msg, "too many links") || strings.Contains(msg, "levels of symbolic links") {
		return both(detailLinkLoop)
	}
	return reason(err)
}

// specialFile names the kind of a file that is not a regular file.
func specialFile(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return both(detailNamedPipe)
	case m&fs.ModeSocket != 0:
		return both(detailSocket)
	case m&fs.ModeDevice != 0:
		return both(detailDevice)
	}
	return both(detailSpecial)
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
