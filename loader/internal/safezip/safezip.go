// Package safezip reads zip containers (OOXML, ODF, HWPX) from untrusted
// files without letting a zip bomb exhaust memory: the number of entries,
// each entry's decompressed size, the total decompressed size and the
// compression ratio are capped while the bytes are read, because the sizes a
// zip's headers declare can be lies.
package safezip

import (
	"archive/zip"
	"bytes"
	"io"
	"path"
	"sort"
	"strings"

	"github.com/seogo/seogo/i18n"
)

// Limits bound what one container may cost. Zero fields take the defaults.
type Limits struct {
	MaxEntries    int   // entries in the central directory (default 20,000)
	MaxEntryBytes int64 // decompressed bytes of one entry (default 128 MiB)
	MaxTotalBytes int64 // decompressed bytes read from the whole container (default 512 MiB)
	// MaxRatio is the largest decompressed/compressed ratio an entry may
	// reach once it is past 1 MiB (default 200; real XML compresses 10-30x).
	MaxRatio int64
}

const (
	defaultEntries    = 20000
	defaultEntryBytes = 128 << 20
	defaultTotalBytes = 512 << 20
	defaultRatio      = 200
	ratioGrace        = 1 << 20 // small entries may compress extremely well
)

func (l Limits) withDefaults() Limits {
	if l.MaxEntries <= 0 {
		l.MaxEntries = defaultEntries
	}
	if l.MaxEntryBytes <= 0 {
		l.MaxEntryBytes = defaultEntryBytes
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = defaultTotalBytes
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = defaultRatio
	}
	return l
}

// Errors are wrapped with the entry's name; test them with errors.Is.
var (
	ErrNotZip    = i18n.Errorf("zip 형식이 아니거나 손상된 파일입니다", "not a zip container, or a damaged one")
	ErrTooMany   = i18n.Errorf("zip 항목이 너무 많습니다", "too many zip entries")
	ErrBomb      = i18n.Errorf("압축 해제 크기가 한도를 넘습니다(zip 폭탄으로 의심됨)", "decompressed size exceeds the limit (suspected zip bomb)")
	ErrNotFound  = i18n.Errorf("zip 안에 항목이 없습니다", "entry not found in the zip container")
	ErrEncrypted = i18n.Errorf("암호로 보호된 zip 항목입니다", "the zip entry is encrypted")
)

// Reader gives access to a container's entries by name. It is not safe for
// concurrent use: the running total is shared by all reads.
type Reader struct {
	lim   Limits
	files map[string]*zip.File
	names []string
	total int64
}

// Open parses the central directory of data.
func Open(data []byte, lim Limits) (*Reader, error) {
	lim = lim.withDefaults()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, because(ErrNotZip, err)
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, &i18n.Error{Text: i18n.Text{Ko: "%v (%d개, 한도 %d개)", En: "%v (%d, limit %d)"}, Args: []any{ErrTooMany, len(zr.File), lim.MaxEntries}, Err: ErrTooMany}
	}
	r := &Reader{lim: lim, files: make(map[string]*zip.File, len(zr.File))}
	for _, f := range zr.File {
		name := clean(f.Name)
		if _, dup := r.files[name]; dup || strings.HasSuffix(f.Name, "/") {
			continue // the first of duplicated names wins, as in most readers
		}
		r.files[name] = f
		r.names = append(r.names, name)
	}
	sort.Strings(r.names)
	return r, nil
}

// clean makes entry names comparable: forward slashes, no leading slash or
// "./", and case kept (OOXML part names are case-insensitive, but producers
// write them consistently; Lookup handles case when asked).
func clean(name string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Clean("/" + name)
	return strings.TrimPrefix(name, "/")
}

// Names lists the entries (files only), sorted.
func (r *Reader) Names() []string { return r.names }

// Has reports whether the entry exists.
func (r *Reader) Has(name string) bool {
	_, ok := r.Lookup(name)
	return ok
}

// Lookup finds an entry by name, exactly or else ignoring case, and returns
// its canonical name.
func (r *Reader) Lookup(name string) (string, bool) {
	name = clean(name)
	if _, ok := r.files[name]; ok {
		return name, true
	}
	for _, n := range r.names {
		if strings.EqualFold(n, name) {
			return n, true
		}
	}
	return "", false
}

// Read decompresses one entry within the limits.
func (r *Reader) Read(name string) ([]byte, error) {
	canon, ok := r.Lookup(name)
	if !ok {
		return nil, wrap(ErrNotFound, name)
	}
	f := r.files[canon]
	if f.Flags&0x1 != 0 {
		return nil, wrap(ErrEncrypted, name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, wrap(because(ErrNotZip, err), name)
	}
	defer rc.Close()
	limit := min(r.lim.MaxEntryBytes, r.lim.MaxTotalBytes-r.total)
	if ratioCap := int64(f.CompressedSize64)*r.lim.MaxRatio + ratioGrace; f.Method != zip.Store && ratioCap < limit {
		limit = ratioCap
	}
	if limit < 0 {
		limit = 0
	}
	var buf bytes.Buffer
	if hint := int64(f.UncompressedSize64); hint > 0 && hint <= limit {
		buf.Grow(int(hint))
	}
	n, err := io.Copy(&buf, io.LimitReader(rc, limit+1))
	r.total += n
	if n > limit {
		return nil, wrap(ErrBomb, name)
	}
	if err != nil {
		return nil, wrap(because(ErrNotZip, err), name)
	}
	return buf.Bytes(), nil
}

// wrap names the entry an error came from, in both languages.
func wrap(err error, name string) error {
	return i18n.Errorf("%s: %w", "%s: %w", name, err)
}

// because keeps sentinel findable with errors.Is while showing the
// underlying reason (archive/zip's English text) after it.
func because(sentinel *i18n.Error, cause error) error {
	t := i18n.Text{Ko: sentinel.Text.Ko + " (%v)", En: sentinel.Text.En + " (%v)"}
	return &i18n.Error{Text: t, Args: []any{cause.Error()}, Err: sentinel}
}
