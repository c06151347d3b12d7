package hwp

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/richardlehane/mscfb"

	"github.com/seogo/seogo/i18n"
)

// FileHeader property bits (spec 3.2.1).
const (
	propCompressed   = 1 << 0
	propPassword     = 1 << 1
	propDistribution = 1 << 2
)

// hwpFile is the OLE container of an HWP 5.0 document, with its streams
// indexed by path ("BodyText/Section0").
type hwpFile struct {
	streams map[string]*mscfb.File
	version uint32
	props   uint32
	total   int64 // decompressed bytes read so far, against maxTotalBytes
}

func (f *hwpFile) compressed() bool { return f.props&propCompressed != 0 }

// openFile parses the OLE directory and the FileHeader stream.
func openFile(data []byte) (f *hwpFile, err error) {
	// mscfb is not written for hostile input; a panic inside it means a
	// damaged container, which the caller must see as an error.
	defer func() {
		if p := recover(); p != nil {
			f, err = nil, notHWP(i18n.Text{Ko: "OLE 구조 손상: %v", En: "damaged OLE structure: %v"}, fmt.Sprint(p))
		}
	}()
	doc, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil, notHWP(i18n.Text{Ko: "OLE 구조 손상: %v", En: "damaged OLE structure: %v"}, err.Error())
	}
	f = &hwpFile{streams: map[string]*mscfb.File{}}
	for _, e := range doc.File {
		if e == nil || len(f.streams) > 1<<16 {
			continue
		}
		p := strings.Join(append(append([]string{}, e.Path...), e.Name), "/")
		if _, dup := f.streams[p]; !dup {
			f.streams[p] = e
		}
	}
	head, err := f.raw("FileHeader", int64(len(data)))
	if err != nil {
		return nil, notHWP(i18n.Text{Ko: "FileHeader 스트림이 없음: 다른 OLE 문서(예: 암호 걸린 Office 문서)일 수 있음", En: "no FileHeader stream: perhaps another OLE document (such as an encrypted Office file)"})
	}
	if len(head) < 40 || !bytes.HasPrefix(head, []byte("HWP Document File")) {
		return nil, notHWP(i18n.Text{Ko: "FileHeader 서명이 HWP 5.0이 아님", En: "the FileHeader signature is not HWP 5.0"})
	}
	f.version = binary.LittleEndian.Uint32(head[32:])
	f.props = binary.LittleEndian.Uint32(head[36:])
	if f.props&propPassword != 0 {
		return nil, ErrEncrypted
	}
	return f, nil
}

// versionString renders the FileHeader version (MM.nn.PP.rr in one uint32).
func (f *hwpFile) versionString() string {
	v := f.version
	return fmt.Sprintf("%d.%d.%d.%d", v>>24, v>>16&0xff, v>>8&0xff, v&0xff)
}

// raw reads a stream's stored bytes, at most limit of them (a stream cannot
// honestly be larger than the file that holds it).
func (f *hwpFile) raw(path string, limit int64) (b []byte, err error) {
	e, ok := f.streams[path]
	if !ok {
		return nil, errNoStream
	}
	defer func() {
		if p := recover(); p != nil {
			b, err = nil, fmt.Errorf("damaged OLE stream %s: %v", path, p)
		}
	}()
	size := min(e.Size, limit)
	if size < 0 {
		size = 0
	}
	buf := make([]byte, size)
	n, err := io.ReadFull(io.NewSectionReader(e, 0, size), buf)
	if err != nil && n == 0 && size > 0 {
		return nil, err
	}
	return buf[:n], nil
}

var errNoStream = errors.New("no such stream")

// stream reads a stream and inflates it when the document is compressed
// (raw deflate, no zlib header). A stream that ends early keeps what was
// inflated, and truncated is set so the caller can say so.
func (f *hwpFile) stream(path string, fileSize int) (data []byte, truncated bool, err error) {
	b, err := f.raw(path, int64(fileSize))
	if err != nil {
		return nil, false, err
	}
	if !f.compressed() {
		return b, false, nil
	}
	return f.inflate(b)
}

// inflate decompresses raw deflate data within the stream and file limits.
func (f *hwpFile) inflate(b []byte) ([]byte, bool, error) {
	limit := min(int64(maxStreamBytes), maxTotalBytes-f.total)
	zr := flate.NewReader(bytes.NewReader(b))
	defer zr.Close()
	var out bytes.Buffer
	n, err := io.Copy(&out, io.LimitReader(zr, limit+1))
	f.total += n
	if n > limit {
		return nil, false, i18n.Errorf("압축을 푼 크기가 한도(%d MiB)를 넘습니다(압축 폭탄으로 의심됨)", "decompressed size exceeds the limit (%d MiB; suspected decompression bomb)", limit>>20)
	}
	if err != nil {
		if out.Len() == 0 {
			return nil, true, i18n.Errorf("압축을 풀 수 없습니다: %v", "cannot decompress: %v", err.Error())
		}
		return out.Bytes(), true, nil
	}
	return out.Bytes(), false, nil
}

// sections lists the body streams in order (Section0, Section1, ...) under
// dir ("BodyText", or "ViewText" for distribution documents).
func (f *hwpFile) sections(dir string) []string {
	type sec struct {
		n    int
		path string
	}
	var secs []sec
	for p := range f.streams {
		rest, ok := strings.CutPrefix(p, dir+"/Section")
		if !ok {
			continue
		}
		n, err := strconv.Atoi(rest)
		if err != nil || n < 0 {
			continue
		}
		secs = append(secs, sec{n, p})
	}
	sort.Slice(secs, func(i, j int) bool { return secs[i].n < secs[j].n })
	if len(secs) > maxSections {
		secs = secs[:maxSections]
	}
	paths := make([]string, len(secs))
	for i, s := range secs {
		paths[i] = s.path
	}
	return paths
}
