package vector

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
)

// Snapshot format, version 2. Little-endian fixed-width integers:
//
//	magic    [8]byte "SGOHNSW\n"
//	version  uint32  2
//	stamp    uint64  the caller's mark of the state it reflects (the store's generation)
//	dim, M, efConstruction, efSearch, quant, rerank  uint32
//	seed     uint64
//	n, dead, upperLen uint32; entry uint64; hasFloats uint8
//	keys [n]uint32, levels [n]uint8, upperOff [n]uint32,
//	deleted [(n+31)/32]uint32, level0 [n*(2M+1)]uint32, upper [upperLen]uint32,
//	floats [n*dim]float32 when hasFloats,
//	when quant is Int8: codes [n*dim]int8, scales [n]float32 (sign bit: centred),
//	  fitted uint8, mean [dim]float32 when fitted,
//	  pending [n*dim]float32 when neither fitted nor hasFloats (see quant.go)
//	crc      uint32  CRC-32C of every byte before it
//
// Version 1 lacked the centre (fitted, mean, pending): a
// version-1 Float32 graph is the same bytes and still loads; a version-1
// Int8 graph is refused (ErrSnapshot), so the store rebuilds it with
// centred codes.
//
// Everything is validated on read (ids in range, link levels, counts), so a
// damaged file is an error, never a panic or a wrong graph.
const (
	hnswMagic   = "SGOHNSW\n"
	hnswVersion = 2
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// ErrSnapshot is returned (wrapped) for a snapshot that is damaged or of
// another version; the caller rebuilds.
var ErrSnapshot = errors.New("vector index snapshot is damaged or of another version")

// ErrSnapshotFormat is also returned (wrapped, with ErrSnapshot) when the
// snapshot is intact but of a format version this build does not read, so
// the store can say "format upgraded" rather than "damaged".
var ErrSnapshotFormat = errors.New("snapshot format version not readable")

// WriteSnapshot writes the graph stamped with stamp. Writers are held off
// meanwhile; searches go on.
func (h *HNSW) WriteSnapshot(w io.Writer, stamp uint64) error {
	h.wmu.Lock()
	defer h.wmu.Unlock()
	h.grow.RLock()
	defer h.grow.RUnlock()
	crc := crc32.New(castagnoli)
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<16)
	var b [8]byte
	u32 := func(v uint32) { binary.LittleEndian.PutUint32(b[:4], v); bw.Write(b[:4]) }
	u64 := func(v uint64) { binary.LittleEndian.PutUint64(b[:], v); bw.Write(b[:]) }
	n := h.n
	bw.WriteString(hnswMagic)
	u32(hnswVersion)
	u64(stamp)
	for _, v := range []int{h.dim, h.cfg.M, h.cfg.EfConstruction, h.cfg.EfSearch, int(h.cfg.Quant), h.cfg.Rerank} {
		u32(uint32(v))
	}
	u64(h.cfg.Seed)
	u32(uint32(n))
	u32(uint32(h.dead))
	u32(uint32(h.upperLen))
	u64(h.entry.Load())
	if h.keepVecs {
		bw.WriteByte(1)
	} else {
		bw.WriteByte(0)
	}
	for _, v := range h.keys[:n] {
		u32(v)
	}
	bw.Write(h.levels[:n])
	for _, v := range h.upperOff[:n] {
		u32(v)
	}
	for i := range (n + 31) / 32 {
		u32(h.deleted[i])
	}
	for i := range n * h.s0 {
		u32(h.level0[i])
	}
	for _, v := range h.upper[:h.upperLen] {
		u32(v)
	}
	if h.keepVecs {
		for _, v := range h.vecs[:n*h.dim] {
			u32(math.Float32bits(v))
		}
	}
	if h.cfg.Quant == Int8 {
		for _, c := range h.codes[:n*h.dim] {
			bw.WriteByte(byte(c))
		}
		for _, v := range h.scales[:n] {
			u32(math.Float32bits(v))
		}
		if h.mean != nil {
			bw.WriteByte(1)
			for _, v := range h.mean {
				u32(math.Float32bits(v))
			}
		} else {
			bw.WriteByte(0)
			if !h.keepVecs {
				for _, v := range h.pending[:n*h.dim] {
					u32(math.Float32bits(v))
				}
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	binary.LittleEndian.PutUint32(b[:4], crc.Sum32())
	_, err := w.Write(b[:4])
	return err
}

// cursor reads fixed-width fields, failing softly past the end.
type cursor struct {
	b   []byte
	bad bool
}

func (c *cursor) take(n int) []byte {
	if c.bad || n < 0 || n > len(c.b) {
		c.bad = true
		return nil
	}
	out := c.b[:n]
	c.b = c.b[n:]
	return out
}
func (c *cursor) u32() uint32 {
	if p := c.take(4); p != nil {
		return binary.LittleEndian.Uint32(p)
	}
	return 0
}
func (c *cursor) u64() uint64 {
	if p := c.take(8); p != nil {
		return binary.LittleEndian.Uint64(p)
	}
	return 0
}

func snapErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrSnapshot}, args...)...)
}

// formatErr is snapErr for a readable snapshot of another format version.
func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w (%w): "+format, append([]any{ErrSnapshot, ErrSnapshotFormat}, args...)...)
}

// ReadHNSWSnapshot decodes a snapshot written by WriteSnapshot. src gives
// what a file cannot hold, the float32 source (Floats, FloatsBatch) of an
// Int8 graph saved without float32 vectors; its other fields are ignored.
// It returns the stamp written with it.
func ReadHNSWSnapshot(data []byte, src HNSWConfig) (*HNSW, uint64, error) {
	if len(data) < len(hnswMagic)+8 {
		return nil, 0, snapErr("too short")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, 0, snapErr("checksum mismatch")
	}
	c := &cursor{b: body}
	if string(c.take(len(hnswMagic))) != hnswMagic {
		return nil, 0, snapErr("not a vector index snapshot")
	}
	version := c.u32()
	if version != hnswVersion && version != 1 {
		return nil, 0, formatErr("version %d, want %d", version, hnswVersion)
	}
	stamp := c.u64()
	var p [6]uint32
	for i := range p {
		p[i] = c.u32()
	}
	seed := c.u64()
	dim, m := int(p[0]), int(p[1])
	if c.bad || dim <= 0 || dim > 1<<16 || m < 2 || m > 128 || p[2] == 0 || p[3] == 0 || p[4] > uint32(Int8) || p[5] > 1<<20 {
		return nil, 0, snapErr("bad parameters")
	}
	if version == 1 && Quantization(p[4]) == Int8 {
		return nil, 0, formatErr("version 1 int8 codes are not centred; rebuild")
	}
	cfg := HNSWConfig{M: m, EfConstruction: int(p[2]), EfSearch: int(p[3]), Quant: Quantization(p[4]), Rerank: int(p[5]), Seed: seed}
	n, dead, upperLen := int(c.u32()), int(c.u32()), int(c.u32())
	entry := c.u64()
	hasFloats := c.take(1)
	if c.bad || hasFloats[0] > 1 {
		return nil, 0, snapErr("truncated header")
	}
	if hasFloats[0] == 0 {
		if cfg.Quant != Int8 || src.Floats == nil {
			return nil, 0, snapErr("no float32 vectors stored and no source given")
		}
		cfg.Floats, cfg.FloatsBatch = src.Floats, src.FloatsBatch
	}
	h := NewHNSW(dim, cfg)
	s0 := h.s0
	// Check the size before allocating, so a forged n cannot ask for
	// gigabytes.
	need := n*(4+1+4+s0*4) + (n+31)/32*4 + upperLen*4
	if hasFloats[0] == 1 {
		need += n * dim * 4
	}
	if cfg.Quant == Int8 {
		// codes, scales, the fitted byte, then the mean when fitted, else
		// the pending vectors when there are no floats.
		need += n*dim + n*4
		switch {
		case need < 0 || need >= len(c.b):
			return nil, 0, snapErr("size mismatch")
		case c.b[need] == 1:
			need += 1 + dim*4
		case hasFloats[0] == 0:
			need += 1 + n*dim*4
		default:
			need++
		}
	}
	if n < 0 || n > math.MaxInt32 || upperLen < 1 || need != len(c.b) || dead > n {
		return nil, 0, snapErr("size mismatch")
	}
	h.growLocked(n, upperLen)
	h.n, h.upperLen, h.dead = n, upperLen, dead
	h.nPub.Store(int64(n))
	for i := range n {
		h.keys[i] = c.u32()
	}
	copy(h.levels, c.take(n))
	for i := range n {
		h.upperOff[i] = c.u32()
	}
	for i := range (n + 31) / 32 {
		h.deleted[i] = c.u32()
	}
	for i := range n * s0 {
		h.level0[i] = c.u32()
	}
	for i := range upperLen {
		h.upper[i] = c.u32()
	}
	if h.keepVecs {
		for i := range n * dim {
			v := math.Float32frombits(c.u32())
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return nil, 0, snapErr("non-finite vector value")
			}
			h.vecs[i] = v
		}
	}
	if cfg.Quant == Int8 {
		for i, b := range c.take(n * dim) {
			h.codes[i] = int8(b)
		}
		for i := range n {
			v := math.Float32frombits(c.u32())
			if a := math.Abs(float64(v)); !(a < math.MaxFloat32) {
				return nil, 0, snapErr("bad scale")
			}
			h.scales[i] = v
		}
		if err := h.readCentre(c); err != nil {
			return nil, 0, err
		}
	}
	if err := h.validate(entry); err != nil {
		return nil, 0, err
	}
	for i := range (n + 31) / 32 {
		h.ready[i] = math.MaxUint32
	}
	h.entry.Store(entry)
	return h, stamp, nil
}

// validate checks the decoded graph's invariants; the caller holds no lock
// (the graph is not shared yet).
func (h *HNSW) validate(entry uint64) error {
	n := h.n
	dead := 0
	for id := range n {
		uid := uint32(id)
		lvl := int(h.levels[id])
		if lvl >= maxLevels {
			return snapErr("node %d: level %d", id, lvl)
		}
		if lvl > 0 && (h.upperOff[id] == 0 || int(h.upperOff[id])+lvl*h.s1 > h.upperLen) {
			return snapErr("node %d: upper links out of range", id)
		}
		if h.isDeleted(uid) {
			dead++
		} else {
			if _, dup := h.ids[h.keys[id]]; dup {
				return snapErr("key %d stored twice", h.keys[id])
			}
			h.ids[h.keys[id]] = uid
		}
		for l := 0; l <= lvl; l++ {
			lst := h.links(uid, l)
			cnt := int(lst[0])
			if cnt > len(lst)-1 {
				return snapErr("node %d: %d links on level %d", id, cnt, l)
			}
			for _, nb := range lst[1 : 1+cnt] {
				if int(nb) >= n || int(h.levels[nb]) < l {
					return snapErr("node %d: bad link %d on level %d", id, nb, l)
				}
			}
		}
	}
	for i := n; i < len(h.deleted)*32; i++ { // bits past n must be clear
		if h.isDeleted(uint32(i)) {
			return snapErr("tombstone past the end")
		}
	}
	if dead != h.dead {
		return snapErr("tombstone count %d, header says %d", dead, h.dead)
	}
	if entry == noEntry {
		if n != 0 {
			return snapErr("no entry point")
		}
		return nil
	}
	if id := uint32(entry); int(id) >= n || int(entry>>32) != int(h.levels[id]) {
		return snapErr("bad entry point")
	}
	return nil
}

// readCentre decodes an Int8 graph's centre: the fitted byte, then the
// mean or the pending float32 vectors (the caller checked the size).
func (h *HNSW) readCentre(c *cursor) error {
	n, dim := h.n, h.dim
	fitted := c.take(1)
	if c.bad || fitted[0] > 1 {
		return snapErr("bad centre flag")
	}
	var src []float32
	switch {
	case fitted[0] == 1:
		src, h.pending = make([]float32, dim), nil
	case !h.keepVecs:
		src = h.pending[:n*dim]
	}
	for i := range src {
		v := math.Float32frombits(c.u32())
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return snapErr("non-finite centre or vector")
		}
		src[i] = v
	}
	if fitted[0] == 1 {
		h.setMean(src)
		h.fitted.Store(true)
		return nil
	}
	for _, sc := range h.scales[:n] {
		if math.Signbit(float64(sc)) {
			return snapErr("vector coded against a centre the graph lacks")
		}
	}
	return nil
}
