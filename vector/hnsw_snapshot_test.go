package vector

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"math/rand/v2"
	"slices"
	"testing"
)

func snapshotOf(t testing.TB, h *HNSW, stamp uint64) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := h.WriteSnapshot(&buf, stamp); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestHNSWSnapshotRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	vecs := clustered(r, 2000, 24, 20)
	for _, cfg := range []HNSWConfig{{Seed: 1}, {Seed: 1, Quant: Int8}, {Seed: 1, Quant: Int8, Floats: func(k uint32, dst []float32) bool {
		copy(dst, vecs[k])
		return true
	}}} {
		h := NewHNSW(24, cfg)
		for i, v := range vecs {
			h.Add(uint32(i), v)
		}
		h.Remove(5)
		h.Remove(77)
		data := snapshotOf(t, h, 42)
		got, stamp, err := ReadHNSWSnapshot(data, cfg)
		if err != nil || stamp != 42 {
			t.Fatalf("quant %d: %v (stamp %d)", cfg.Quant, err, stamp)
		}
		if got.Len() != h.Len() || got.Deleted() != 2 {
			t.Fatalf("Len %d/%d deleted %d", got.Len(), h.Len(), got.Deleted())
		}
		for _, q := range vecs[:50] {
			a, _ := h.Search(q, 10, nil)
			b, _ := got.Search(q, 10, nil)
			if !slices.Equal(a, b) {
				t.Fatalf("quant %d: search differs after round trip", cfg.Quant)
			}
		}
		// The loaded graph keeps working: add, remove, snapshot again.
		got.Add(5, vecs[5])
		if !bytes.Equal(snapshotOf(t, got, 1)[:8], []byte(hnswMagic)) {
			t.Fatal("second snapshot")
		}
	}
}

func TestHNSWSnapshotDamage(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	h := NewHNSW(8, HNSWConfig{Seed: 1})
	for i, v := range clustered(r, 300, 8, 5) {
		h.Add(uint32(i), v)
	}
	good := snapshotOf(t, h, 7)
	tests := []struct {
		name string
		mut  func([]byte) []byte
	}{
		{"truncated", func(b []byte) []byte { return b[:len(b)/2] }},
		{"empty", func([]byte) []byte { return nil }},
		{"flipped bit", func(b []byte) []byte { b[len(b)/3] ^= 4; return b }},
		{"version", func(b []byte) []byte { b[8] = 9; return fixCRC(b) }},
		{"link out of range, checksum fixed", func(b []byte) []byte {
			off := len(b) - 4 - 300*8*4 - 1000 // inside the link arrays
			binary.LittleEndian.PutUint32(b[off&^3:], 1<<30)
			return fixCRC(b)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ReadHNSWSnapshot(tc.mut(slices.Clone(good)), HNSWConfig{})
			if !errors.Is(err, ErrSnapshot) {
				t.Errorf("got %v, want ErrSnapshot", err)
			}
			// Only an intact file of another version is a format change.
			if errors.Is(err, ErrSnapshotFormat) != (tc.name == "version") {
				t.Errorf("got %v: ErrSnapshotFormat %v, want %v", err, errors.Is(err, ErrSnapshotFormat), tc.name == "version")
			}
		})
	}
}

func fixCRC(b []byte) []byte {
	if len(b) < 4 {
		return b
	}
	binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.Checksum(b[:len(b)-4], castagnoli))
	return b
}

// FuzzReadHNSWSnapshot feeds damaged snapshots (checksum repaired, so the
// parser itself is exercised): decoding must fail cleanly or yield a graph
// that searches without panicking.
func FuzzReadHNSWSnapshot(f *testing.F) {
	r := rand.New(rand.NewPCG(4, 4))
	none := func(uint32, []float32) bool { return false }
	for _, cfg := range []HNSWConfig{{Quant: Float32}, {Quant: Int8}, {Quant: Int8, Floats: none}} {
		for _, fitAt := range []int{fitAfter, 20} { // the centre fitted or not
			cfg.Seed, cfg.M = 1, 2
			h := NewHNSW(4, cfg)
			h.fitAt = fitAt
			for i, v := range clustered(r, 40, 4, 3) {
				h.Add(uint32(i), v)
			}
			h.Remove(3)
			f.Add(snapshotOf(f, h, 1))
		}
	}
	f.Add([]byte(hnswMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, _, err := ReadHNSWSnapshot(fixCRC(slices.Clone(data)), HNSWConfig{Floats: none})
		if err != nil {
			return
		}
		q := make([]float32, h.Dim())
		q[0] = 1
		h.Search(q, 5, nil)
		h.Search(q, 5, func(k uint32) bool { return k%2 == 0 })
		h.Add(1<<31, q)
	})
}

// An int8 graph saved before its centre was fitted, without float32
// vectors, keeps the vectors the fit needs: loaded and grown past fitAt it
// fits the same centre and codes as one never saved (not the same links:
// the level draws restart from the seed on load).
func TestHNSWSnapshotCentre(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 6))
	const dim = 16
	vecs := nearParallel(r, 600, dim, 5, 0.3)
	cfg := HNSWConfig{Seed: 1, Quant: Int8, Floats: func(k uint32, dst []float32) bool {
		copy(dst, vecs[k])
		return true
	}}
	straight, saved := NewHNSW(dim, cfg), NewHNSW(dim, cfg)
	straight.fitAt, saved.fitAt = 300, 300
	for i, v := range vecs[:200] {
		straight.Add(uint32(i), v)
		saved.Add(uint32(i), v)
	}
	loaded, _, err := ReadHNSWSnapshot(snapshotOf(t, saved, 1), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.fitted.Load() || loaded.pending == nil {
		t.Fatal("an unfitted graph should load unfitted, with its pending vectors")
	}
	loaded.fitAt = 300
	for i, v := range vecs[200:] {
		straight.Add(uint32(200+i), v)
		loaded.Add(uint32(200+i), v)
	}
	if !loaded.fitted.Load() || loaded.pending != nil {
		t.Fatal("centre not fitted after growing past fitAt")
	}
	n := len(vecs)
	if !slices.Equal(loaded.mean, straight.mean) || !slices.Equal(loaded.codes[:n*dim], straight.codes[:n*dim]) ||
		!slices.Equal(loaded.scales[:n], straight.scales[:n]) {
		t.Fatal("a graph saved and loaded before its fit codes differently from one never saved")
	}
	if !slices.ContainsFunc(straight.scales[:n], func(sc float32) bool { return sc < 0 }) {
		t.Fatal("no vector took the centre")
	}
	again, _, err := ReadHNSWSnapshot(snapshotOf(t, loaded, 2), cfg)
	if err != nil || !again.fitted.Load() || !slices.Equal(again.mean, straight.mean) {
		t.Fatalf("fitted round trip: %v", err)
	}
}

// Version 1 snapshots: a float32 graph is the same bytes and loads; an
// int8 one (codes not centred) is refused, so the store rebuilds it.
func TestHNSWSnapshotVersion1(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	vecs := clustered(r, 200, 8, 4)
	for _, q := range []Quantization{Float32, Int8} {
		h := NewHNSW(8, HNSWConfig{Seed: 1, Quant: q})
		for i, v := range vecs {
			h.Add(uint32(i), v)
		}
		data := snapshotOf(t, h, 3)
		binary.LittleEndian.PutUint32(data[8:], 1)
		_, _, err := ReadHNSWSnapshot(fixCRC(data), HNSWConfig{})
		if q == Float32 && err != nil {
			t.Errorf("version-1 float32 snapshot: %v", err)
		}
		if q == Int8 && (!errors.Is(err, ErrSnapshot) || !errors.Is(err, ErrSnapshotFormat)) {
			t.Errorf("version-1 int8 snapshot: got %v, want ErrSnapshot and ErrSnapshotFormat", err)
		}
	}
}
