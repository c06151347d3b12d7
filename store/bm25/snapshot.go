package bm25

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"sort"
)

// Snapshot format, version 1. All fixed-width integers little-endian;
// "uvarint" is encoding/binary's unsigned varint.
//
//	magic      [8]byte  "SGOBM25\n"
//	version    uint32   1
//	stamp      uint64   the caller's generation number
//	k1, b, tb  3×float64 (IEEE 754 bits)
//	ndocs      uint32   live chunks
//	nterms     uint32
//	npostings  uint64   total postings (lets the reader allocate once)
//	docs       ndocs × { key uint32, body uvarint, title uvarint }   (doc number = position)
//	terms      nterms × { len uvarint, bytes, df uvarint,
//	                      df × { gap uvarint, tf } }   terms in ascending byte order
//	crc        uint32   CRC-32C (Castagnoli) of every byte before it
//
// gap is doc − (previous doc + 1), the first previous doc being −1, so doc
// numbers are strictly increasing by construction. tf is uvarint(n<<1) for a
// whole number n, else the byte 0x01 followed by the float32 bits (a
// non-integer TitleBoost makes fractional tfs). Tombstoned chunks are not
// written: a snapshot is always compact.
const (
	magic   = "SGOBM25\n"
	version = 1
	// headerSize is magic through npostings.
	headerSize = 8 + 4 + 8 + 3*8 + 4 + 4 + 8
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// WriteSnapshot writes the index to w with stamp (the store's generation of
// the data it reflects). It holds the read lock, so searches go on meanwhile.
func (ix *Index) WriteSnapshot(w io.Writer, stamp uint64) error {
	ix.mu.RLock()
	defer ix.mu.RUnlock()

	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<16)

	// Renumber live docs densely, in the current order (remap is monotonic,
	// so postings stay sorted).
	remap := make([]uint32, len(ix.keys))
	var live uint32
	for d := range ix.keys {
		if ix.isDead(uint32(d)) {
			remap[d] = math.MaxUint32
			continue
		}
		remap[d] = live
		live++
	}
	terms := make([]string, 0, len(ix.vocab))
	var npost uint64
	for t, id := range ix.vocab {
		if df := ix.df(id); df > 0 {
			terms = append(terms, t)
			npost += uint64(df)
		}
	}
	sort.Strings(terms)

	var buf [binary.MaxVarintLen64 + 8]byte
	put32 := func(v uint32) { binary.LittleEndian.PutUint32(buf[:4], v); bw.Write(buf[:4]) }
	put64 := func(v uint64) { binary.LittleEndian.PutUint64(buf[:8], v); bw.Write(buf[:8]) }
	putUv := func(v uint64) { bw.Write(binary.AppendUvarint(buf[:0], v)) }

	bw.WriteString(magic)
	put32(version)
	put64(stamp)
	put64(math.Float64bits(ix.p.K1))
	put64(math.Float64bits(ix.p.B))
	put64(math.Float64bits(ix.p.TitleBoost))
	put32(live)
	put32(uint32(len(terms)))
	put64(npost)
	for d, key := range ix.keys {
		if remap[d] == math.MaxUint32 {
			continue
		}
		put32(key)
		putUv(uint64(ix.body[d]))
		putUv(uint64(ix.title[d]))
	}
	for _, t := range terms {
		id := ix.vocab[t]
		p := &ix.lists[id]
		putUv(uint64(len(t)))
		bw.WriteString(t)
		putUv(uint64(ix.df(id)))
		next := uint32(0)
		for i, d := range p.docs {
			nd := remap[d]
			if nd == math.MaxUint32 {
				continue
			}
			putUv(uint64(nd - next))
			next = nd + 1
			tf := p.tfs[i]
			if n := uint64(tf); float32(n) == tf && n < 1<<40 {
				putUv(n << 1)
			} else {
				bw.WriteByte(1)
				put32(math.Float32bits(tf))
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("bm25: write snapshot: %w", err)
	}
	binary.LittleEndian.PutUint32(buf[:4], crc.Sum32())
	if _, err := w.Write(buf[:4]); err != nil {
		return fmt.Errorf("bm25: write snapshot: %w", err)
	}
	return nil
}

// ReadSnapshot reads an index written by WriteSnapshot and returns it with
// its stamp. A truncated, corrupt or foreign file yields an error wrapping
// ErrSnapshot, never a wrong index: the checksum is verified before anything
// is decoded, and decoding still checks every bound.
func ReadSnapshot(r io.Reader) (*Index, uint64, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, 0, fmt.Errorf("bm25: read snapshot: %w", err)
	}
	if len(data) < headerSize+4 || string(data[:8]) != magic {
		return nil, 0, fmt.Errorf("%w: not a seogo BM25 snapshot (or truncated)", ErrSnapshot)
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, 0, fmt.Errorf("%w: checksum mismatch (truncated or corrupt)", ErrSnapshot)
	}
	ix, stamp, err := decode(body)
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %v", ErrSnapshot, err)
	}
	return ix, stamp, nil
}

// decoder reads from a byte slice; the first failure sticks and every later
// read returns zero, so decode checks d.err only where it matters.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(msg string) {
	if d.err == nil {
		d.err = fmt.Errorf("%s", msg)
	}
	d.b = nil
}

func (d *decoder) u32() uint32 {
	if len(d.b) < 4 {
		d.fail("truncated")
		return 0
	}
	v := binary.LittleEndian.Uint32(d.b)
	d.b = d.b[4:]
	return v
}

func (d *decoder) u64() uint64 {
	if len(d.b) < 8 {
		d.fail("truncated")
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

func (d *decoder) uv() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func decode(b []byte) (*Index, uint64, error) {
	d := &decoder{b: b[8:]}
	if v := d.u32(); v != version {
		return nil, 0, fmt.Errorf("version %d, this build reads %d", v, version)
	}
	stamp := d.u64()
	p := Params{
		K1:         math.Float64frombits(d.u64()),
		B:          math.Float64frombits(d.u64()),
		TitleBoost: math.Float64frombits(d.u64()),
	}
	if err := p.Validate(); err != nil {
		return nil, 0, err
	}
	ndocs, nterms, npost := d.u32(), d.u32(), d.u64()
	// Every doc takes at least 6 bytes, every term 2, every posting 2: bound
	// the counts by what is left before trusting them with an allocation.
	left := uint64(len(d.b))
	if d.err != nil || uint64(ndocs)*6 > left || uint64(nterms)*2 > left || npost > left/2 {
		return nil, 0, fmt.Errorf("counts exceed the file size")
	}
	ix := New(p)
	ix.keys = make([]uint32, ndocs)
	ix.body = make([]uint32, ndocs)
	ix.title = make([]uint32, ndocs)
	ix.lens = make([]float32, ndocs)
	ix.dead = make([]uint64, (ndocs+63)/64)
	ix.docOf = make(map[uint32]uint32, ndocs)
	for i := range ndocs {
		key, nb, nt := d.u32(), d.uv(), d.uv()
		if d.err != nil || nb > math.MaxUint32 || nt > math.MaxUint32 {
			return nil, 0, fmt.Errorf("bad doc %d", i)
		}
		if _, dup := ix.docOf[key]; dup {
			return nil, 0, fmt.Errorf("duplicate key %d", key)
		}
		ix.keys[i], ix.body[i], ix.title[i] = key, uint32(nb), uint32(nt)
		ix.lens[i] = ix.boosted(uint32(nb), uint32(nt))
		ix.docOf[key] = i
		ix.totalB += nb
		ix.totalT += nt
	}
	// One arena for all postings; each list gets a capped sub-slice so a
	// later append reallocates instead of overwriting its neighbour.
	docs := make([]uint32, npost)
	tfs := make([]float32, npost)
	ix.vocab = make(map[string]uint32, nterms)
	ix.lists = make([]postings, nterms)
	ix.dfCache = make([]uint64, nterms)
	ix.cntBody = make([]uint32, nterms)
	ix.cntTitle = make([]uint32, nterms)
	used, prev := uint64(0), ""
	for i := range nterms {
		tl := d.uv()
		if d.err != nil || tl == 0 || tl > uint64(len(d.b)) {
			return nil, 0, fmt.Errorf("bad term %d", i)
		}
		term := string(d.b[:tl])
		d.b = d.b[tl:]
		if i > 0 && term <= prev {
			return nil, 0, fmt.Errorf("terms out of order at %d", i)
		}
		prev = term
		df := d.uv()
		if d.err != nil || df == 0 || df > uint64(ndocs) || df > npost-used {
			return nil, 0, fmt.Errorf("bad df for term %d", i)
		}
		pd, pt := docs[used:used+df:used+df], tfs[used:used+df:used+df]
		used += df
		next := uint64(0)
		for j := range pd {
			gap := d.uv()
			doc := next + gap
			if gap >= uint64(ndocs) || doc >= uint64(ndocs) { // first test stops wrap-around
				d.fail("posting beyond the last doc")
			}
			next = doc + 1
			var tf float32
			switch v := d.uv(); {
			case v == 1:
				tf = math.Float32frombits(d.u32())
			case v&1 == 0:
				tf = float32(v >> 1)
			default:
				d.fail("bad tf")
			}
			if d.err != nil {
				return nil, 0, fmt.Errorf("term %d: %v", i, d.err)
			}
			if !(tf > 0) || math.IsInf(float64(tf), 0) {
				return nil, 0, fmt.Errorf("term %d: tf %v", i, tf)
			}
			pd[j], pt[j] = uint32(doc), tf
		}
		ix.vocab[term] = i
		ix.lists[i] = postings{docs: pd, tfs: pt}
	}
	if d.err != nil || used != npost || len(d.b) != 0 {
		return nil, 0, fmt.Errorf("postings do not add up")
	}
	return ix, stamp, nil
}
