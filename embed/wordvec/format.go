package wordvec

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/seogo/seogo/i18n"
)

// Format is a vector file layout.
type Format int

// The formats Read detects and Write writes. A fastText .vec file is
// word2vec text.
const (
	Word2VecText   Format = iota // "V D" header, then "word x1 … xD" lines
	Word2VecBinary               // "V D" header, then "word " and D little-endian float32 per word
	GloVeText                    // no header: "word x1 … xD" lines
)

func (f Format) String() string {
	switch f {
	case Word2VecText:
		return "word2vec-text"
	case Word2VecBinary:
		return "word2vec-binary"
	case GloVeText:
		return "glove"
	}
	return "unknown"
}

// ReadOptions bound what Read accepts.
type ReadOptions struct {
	// Limit keeps only the first Limit words (0: all), as gensim's limit:
	// files are sorted by frequency, so the head is what matters.
	Limit int
	// Progress, when set, is called every 64 MiB read with the bytes so far.
	Progress func(bytes int64)
}

// maxDim bounds the dimension a file may declare, so a corrupt header cannot
// make Read allocate without limit.
const maxDim = 1 << 14

// Read loads a vector file, detecting its format: a "count dim" header means
// word2vec (binary when the first record is not a text line of dim numbers),
// no header means GloVe. The file is streamed: memory holds the vectors, not
// the file's text, so multi-gigabyte files load in their float32 size.
func Read(r io.Reader, opt ReadOptions) (*Model, Format, error) {
	cr := &countingReader{r: r, every: 64 << 20, progress: opt.Progress}
	br := bufio.NewReaderSize(cr, 1<<20)
	first, err := readLine(br)
	if err != nil && (err != io.EOF || len(first) == 0) {
		return nil, 0, i18n.Errorf("wordvec: 벡터 파일이 비어 있습니다: %w", "wordvec: empty vector file: %w", err)
	}
	var ld loader
	ld.limit = opt.Limit
	if n, dim, ok := parseHeader(first); ok {
		if dim <= 0 || dim > maxDim {
			return nil, 0, i18n.Errorf("wordvec: 머리줄의 차원 %d 가 범위(1..%d)를 벗어납니다", "wordvec: header declares %d dimensions (1..%d)", dim, maxDim)
		}
		ld.dim = dim
		ld.grow(min(n, 1<<20))
		if isBinary(br, dim) {
			err = ld.readBinary(br, n)
			return ld.model(Word2VecBinary, err)
		}
		err = ld.readText(br, nil)
		return ld.model(Word2VecText, err)
	}
	err = ld.readText(br, first)
	return ld.model(GloVeText, err)
}

type loader struct {
	dim   int
	limit int
	words []string
	vecs  []float32
	seen  map[string]bool
	line  int
}

// grow preallocates for n words, but never more than 64 MiB of floats on a
// header's word: a corrupt count must not reserve gigabytes up front.
func (ld *loader) grow(n int) {
	n = min(n, (16<<20)/max(ld.dim, 1))
	ld.words = make([]string, 0, n)
	ld.vecs = make([]float32, 0, n*ld.dim)
	ld.seen = make(map[string]bool, n)
}

func (ld *loader) full() bool { return ld.limit > 0 && len(ld.words) >= ld.limit }

func (ld *loader) model(f Format, err error) (*Model, Format, error) {
	if err != nil {
		return nil, f, err
	}
	if len(ld.words) == 0 {
		return nil, f, i18n.Errorf("wordvec: %s 파일에 벡터가 없습니다", "wordvec: the %s file has no vectors", f)
	}
	m, err := NewModel(ld.words, ld.vecs, ld.dim, nil)
	return m, f, err
}

// add keeps the first vector of a word: files written by some tools repeat
// a word (different casing folded together), and the first is the frequent one.
func (ld *loader) add(word string, vec []float32) {
	if ld.seen == nil {
		ld.grow(1024)
	}
	if ld.seen[word] {
		return
	}
	ld.seen[word] = true
	ld.words = append(ld.words, word)
	ld.vecs = append(ld.vecs, vec...)
}

// readText reads "word x1 … xD" lines; first, when not nil, is the first
// line already read (GloVe has no header). A blank line is skipped.
func (ld *loader) readText(br *bufio.Reader, first []byte) error {
	var vec []float32
	line := first
	var err error
	if line == nil {
		line, err = readLine(br)
	}
	for {
		ld.line++
		if s := strings.TrimSpace(string(line)); s != "" {
			word, rest, _ := strings.Cut(s, " ")
			if ld.dim == 0 { // GloVe: the first line tells the dimension
				ld.dim = len(strings.Fields(rest))
				if ld.dim == 0 || ld.dim > maxDim {
					return i18n.Errorf("wordvec: 첫 줄에 숫자가 %d 개뿐입니다: 벡터 파일이 아닙니다", "wordvec: line 1 has %d numbers, not a vector file", ld.dim)
				}
			}
			vec, err2 := parseFloats(vec[:0], rest, ld.dim)
			if err2 != nil {
				return i18n.Errorf("wordvec: %d 번째 줄(%q): %w", "wordvec: line %d (%q): %w", ld.line, shortWord(word), err2)
			}
			ld.add(word, vec)
			if ld.full() {
				return nil
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		line, err = readLine(br)
	}
}

// readBinary reads n records of "word " then dim little-endian float32.
func (ld *loader) readBinary(br *bufio.Reader, n int) error {
	raw := make([]byte, 4*ld.dim)
	vec := make([]float32, ld.dim)
	for i := 0; i < n && !ld.full(); i++ {
		word, err := br.ReadString(' ')
		if err != nil {
			return i18n.Errorf("wordvec: 이진 레코드 %d/%d: %w", "wordvec: binary record %d of %d: %w", i+1, n, errors.Join(err, io.ErrUnexpectedEOF))
		}
		// The reference writes "\n" after each vector; other writers do not.
		word = strings.TrimLeft(strings.TrimSuffix(word, " "), "\n")
		if len(word) > 1<<16 {
			return i18n.Errorf("wordvec: 이진 레코드 %d 의 단어가 %d 바이트입니다: word2vec 이진 파일이 아닙니다", "wordvec: binary record %d has a %d-byte word: not a word2vec binary file", i+1, len(word))
		}
		if _, err := io.ReadFull(br, raw); err != nil {
			return i18n.Errorf("wordvec: 이진 레코드 %d(%q): %w", "wordvec: binary record %d (%q): %w", i+1, shortWord(word), err)
		}
		for j := range vec {
			vec[j] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*j:]))
			if x := float64(vec[j]); math.IsNaN(x) || math.IsInf(x, 0) {
				return i18n.Errorf("wordvec: 이진 레코드 %d(%q): %d 번째 수가 유한한 수가 아닙니다", "wordvec: binary record %d (%q): number %d is not finite", i+1, shortWord(word), j+1)
			}
		}
		ld.add(word, vec)
	}
	return nil
}

// isBinary peeks at the first record: text when its line holds a word and
// exactly dim numbers. Binary floats almost never spell that.
func isBinary(br *bufio.Reader, dim int) bool {
	peek, _ := br.Peek(min(br.Size(), 64+dim*40))
	line, _, found := bytes.Cut(peek, []byte("\n"))
	if !found && len(peek) == br.Size() {
		return true
	}
	_, rest, _ := strings.Cut(strings.TrimSpace(string(line)), " ")
	_, err := parseFloats(nil, rest, dim)
	return err != nil
}

// parseHeader recognises word2vec's "count dim" first line.
func parseHeader(line []byte) (n, dim int, ok bool) {
	f := strings.Fields(string(line))
	if len(f) != 2 {
		return 0, 0, false
	}
	n, err1 := strconv.Atoi(f[0])
	dim, err2 := strconv.Atoi(f[1])
	return n, dim, err1 == nil && err2 == nil && n >= 0
}

// parseFloats appends exactly dim space-separated numbers of s to dst.
func parseFloats(dst []float32, s string, dim int) ([]float32, error) {
	for i := 0; i < dim; i++ {
		s = strings.TrimLeft(s, " \t")
		end := strings.IndexAny(s, " \t")
		if end < 0 {
			end = len(s)
		}
		if end == 0 {
			return dst, i18n.Errorf("숫자가 %d 개입니다(%d 개여야 합니다)", "%d numbers, want %d", i, dim)
		}
		x, err := strconv.ParseFloat(s[:end], 32)
		if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
			// A NaN or an infinity would poison every similarity it touches.
			return dst, i18n.Errorf("%d 번째 수(%q)가 유한한 수가 아닙니다", "number %d (%q) is not a finite number", i+1, shortWord(s[:end]))
		}
		dst = append(dst, float32(x))
		s = s[end:]
	}
	if strings.TrimSpace(s) != "" {
		return dst, i18n.Errorf("숫자가 %d 개보다 많습니다", "more than %d numbers", dim)
	}
	return dst, nil
}

// readLine returns the next line (without its newline) however long it is.
func readLine(br *bufio.Reader) ([]byte, error) {
	line, err := br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		long := append([]byte(nil), line...)
		for err == bufio.ErrBufferFull {
			if len(long) > 64<<20 {
				return nil, i18n.Errorf("wordvec: 64 MiB 보다 긴 줄이 있습니다: 벡터 파일이 아닙니다", "wordvec: a line longer than 64 MiB: not a vector file")
			}
			line, err = br.ReadSlice('\n')
			long = append(long, line...)
		}
		line = long
	}
	return bytes.TrimRight(line, "\r\n"), err
}

func shortWord(w string) string {
	if r := []rune(w); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return w
}

type countingReader struct {
	r        io.Reader
	n, next  int64
	every    int64
	progress func(int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil && c.n >= c.next {
		c.progress(c.n)
		c.next = c.n + c.every
	}
	return n, err
}

// Write writes the model's word vectors in format f. Subword n-gram rows are
// not part of these formats (see Save for the full model).
func (m *Model) Write(w io.Writer, f Format) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	if f != GloVeText {
		fmt.Fprintf(bw, "%d %d\n", len(m.words), m.dim)
	}
	var buf []byte
	for i, word := range m.words {
		if strings.ContainsAny(word, " \t\n\r") || word == "" {
			return i18n.Errorf("wordvec: 단어 %q 를 쓸 수 없습니다: 비어 있거나 공백이 있습니다", "wordvec: word %q cannot be written: it is empty or holds a space", word)
		}
		buf = append(buf[:0], word...)
		row := m.row(int32(i))
		if f == Word2VecBinary {
			buf = append(buf, ' ')
			for _, x := range row {
				buf = binary.LittleEndian.AppendUint32(buf, math.Float32bits(x))
			}
		} else {
			for _, x := range row {
				buf = append(buf, ' ')
				buf = strconv.AppendFloat(buf, float64(x), 'g', -1, 32)
			}
		}
		buf = append(buf, '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}
