package wordvec

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"time"

	"github.com/seogo/seogo/i18n"
)

// Meta is the small JSON file beside a stored model: what is needed to
// rebuild its sentence embedder exactly (tokenizer, SIF weight and
// component) and where its vectors are.
type Meta struct {
	Name      string    `json:"name"`
	Tokenizer string    `json:"tokenizer"` // analyzer the words came from: morph, eojeol, …
	Dim       int       `json:"dim"`
	Words     int       `json:"words"`
	SIFA      float64   `json:"sif_a"`
	PC        []float32 `json:"pc,omitempty"`
	// Lexical, when not empty, names the analyzer of a hashed lexical part
	// of LexicalDim dimensions joined to the SIF vectors (see Concat), which
	// weigh SemanticWeight against its 1.
	Lexical        string  `json:"lexical,omitempty"`
	LexicalDim     int     `json:"lexical_dim,omitempty"`
	SemanticWeight float64 `json:"semantic_weight,omitempty"`
	// DocWeight, when above zero, joins a DocVec part (PV-DBOW inference
	// through the model's output layer) of that weight against the
	// lexical part's 1.
	DocWeight float64 `json:"doc_weight,omitempty"`
	// Source is an imported file read in place (not copied: vector files
	// are gigabytes); empty for a trained model, stored as NAME.vec/.aux.
	Source  string    `json:"source,omitempty"`
	Format  string    `json:"format,omitempty"`
	Limit   int       `json:"limit,omitempty"`
	Options *Options  `json:"options,omitempty"`
	Stats   *Stats    `json:"stats,omitempty"`
	Created time.Time `json:"created"`
}

// auxMagic starts NAME.aux: the corpus counts of the words in NAME.vec's
// order, then the subword n-gram table, neither of which fits a .vec file.
// Version 2 adds the output layer (a row count, 0 or the vocabulary, then
// the rows) for DocVec; version 1 files still load, without it.
const (
	auxMagicV1 = "seogo-wordvec-aux-v1\n"
	auxMagic   = "seogo-wordvec-aux-v2\n"
)

// Save stores m as dir/NAME.vec (fastText-style text, readable by gensim and
// any word2vec tool), dir/NAME.aux (counts and subwords) and dir/NAME.json
// (meta). Each file is written to a temporary name and renamed, so a
// crashed save leaves the previous model whole.
func Save(dir string, m *Model, meta Meta) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	meta.Dim, meta.Words, meta.Stats = m.dim, len(m.words), m.Stats
	if meta.Created.IsZero() {
		meta.Created = time.Now().UTC()
	}
	base := filepath.Join(dir, meta.Name)
	if meta.Source == "" {
		if err := writeAtomic(base+".vec", func(w io.Writer) error { return m.Write(w, Word2VecText) }); err != nil {
			return err
		}
		if err := writeAtomic(base+".aux", m.writeAux); err != nil {
			return err
		}
	}
	return writeAtomic(base+".json", func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(meta)
	})
}

// Load reads the model called name from dir (see Save), or the file it was
// imported from.
func Load(dir, name string) (*Model, Meta, error) {
	var meta Meta
	base := filepath.Join(dir, name)
	b, err := os.ReadFile(base + ".json")
	if err != nil {
		return nil, meta, err
	}
	if err := json.Unmarshal(b, &meta); err != nil {
		return nil, meta, i18n.Errorf("wordvec: %s.json: %w", "wordvec: %s.json: %w", base, err)
	}
	vec := base + ".vec"
	if meta.Source != "" {
		vec = meta.Source
	}
	f, err := os.Open(vec)
	if err != nil {
		return nil, meta, err
	}
	defer f.Close()
	m, _, err := Read(f, ReadOptions{Limit: meta.Limit})
	if err != nil {
		return nil, meta, i18n.Errorf("%s: %w", "%s: %w", vec, err)
	}
	if meta.Source == "" {
		if err := m.readAux(base + ".aux"); err != nil {
			return nil, meta, err
		}
	}
	return m, meta, nil
}

func (m *Model) writeAux(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString(auxMagic)
	var hdr [4]uint32
	hdr[0] = uint32(len(m.words))
	if m.sub != nil {
		hdr[1], hdr[2], hdr[3] = uint32(m.sub.minN), uint32(m.sub.maxN), uint32(m.sub.buckets)
	}
	binary.Write(bw, binary.LittleEndian, hdr)
	binary.Write(bw, binary.LittleEndian, m.counts)
	var sub []float32
	if m.sub != nil {
		sub = m.sub.vecs
	}
	writeFloats(bw, sub)
	rows := uint32(0)
	if m.out != nil {
		rows = uint32(len(m.words))
	}
	binary.Write(bw, binary.LittleEndian, rows)
	writeFloats(bw, m.out)
	return bw.Flush()
}

func writeFloats(w *bufio.Writer, xs []float32) {
	var buf [4]byte
	for _, x := range xs {
		binary.LittleEndian.PutUint32(buf[:], math.Float32bits(x))
		w.Write(buf[:])
	}
}

func (m *Model) readAux(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	magic := make([]byte, len(auxMagic))
	var hdr [4]uint32
	if _, err := io.ReadFull(br, magic); err != nil || (string(magic) != auxMagic && string(magic) != auxMagicV1) {
		return i18n.Errorf("wordvec: %s 는 seogo 단어 벡터 보조 파일이 아닙니다", "wordvec: %s is not a seogo word vector aux file", path)
	}
	if err := binary.Read(br, binary.LittleEndian, &hdr); err != nil {
		return i18n.Errorf("wordvec: %s: %w", "wordvec: %s: %w", path, err)
	}
	if int(hdr[0]) != len(m.words) || hdr[3] > 1<<26 {
		return i18n.Errorf("wordvec: %s 의 단어는 %d 개, .vec 파일은 %d 개입니다: 서로 다른 모델의 파일입니다", "wordvec: %s counts %d words, the .vec file %d: the files are from different models", path, hdr[0], len(m.words))
	}
	if err := binary.Read(br, binary.LittleEndian, m.counts); err != nil {
		return i18n.Errorf("wordvec: %s: %w", "wordvec: %s: %w", path, err)
	}
	if hdr[3] > 0 {
		sub := &subwords{minN: int(hdr[1]), maxN: int(hdr[2]), buckets: int(hdr[3])}
		if sub.vecs, err = readRows(br, sub.buckets, m.dim); err != nil {
			return i18n.Errorf("wordvec: %s: 부분어 표가 중간에 끊겼습니다: %w", "wordvec: %s: subword table cut short: %w", path, err)
		}
		m.sub = sub
	}
	if string(magic) == auxMagicV1 {
		return nil
	}
	var rows uint32
	if err := binary.Read(br, binary.LittleEndian, &rows); err != nil {
		return i18n.Errorf("wordvec: %s: %w", "wordvec: %s: %w", path, err)
	}
	if rows == 0 {
		return nil
	}
	if int(rows) != len(m.words) {
		return i18n.Errorf("wordvec: %s 의 출력층은 %d 행, 단어는 %d 개입니다: 서로 다른 모델의 파일입니다", "wordvec: %s has %d output rows for %d words: the files are from different models", path, rows, len(m.words))
	}
	if m.out, err = readRows(br, int(rows), m.dim); err != nil {
		return i18n.Errorf("wordvec: %s: 출력층이 중간에 끊겼습니다: %w", "wordvec: %s: output layer cut short: %w", path, err)
	}
	return nil
}

// readRows reads n rows of dim little-endian float32s.
func readRows(r io.Reader, n, dim int) ([]float32, error) {
	out := make([]float32, n*dim)
	raw := make([]byte, 4*dim)
	for b := 0; b < n; b++ {
		if _, err := io.ReadFull(r, raw); err != nil {
			return nil, err
		}
		for j := 0; j < dim; j++ {
			out[b*dim+j] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*j:]))
		}
	}
	return out, nil
}

func writeAtomic(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	err = f.Chmod(0o644) // CreateTemp's 0600 would hide the model from other users of the data dir
	if err == nil {
		err = write(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return errors.Join(err, os.Remove(f.Name()))
	}
	return nil
}
