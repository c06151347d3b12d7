package vector

import "math"

// quantize writes v (normalised) as int8 codes scaled to the largest
// magnitude, so each vector uses the full ±127 range, and returns the scale
// that maps a code back: v[i] ≈ c[i]·scale. A per-vector scale needs no
// training pass and stays valid as vectors come and go.
func quantize(v []float32, c []int8) float32 {
	var m float32
	for _, x := range v {
		m = max(m, float32(math.Abs(float64(x))))
	}
	if m == 0 {
		clear(c)
		return 0
	}
	inv := 127 / m
	for i, x := range v {
		c[i] = int8(math.Round(float64(x * inv)))
	}
	return m / 127
}

// dequantize reconstructs node id's approximate vector, for Compact when no
// float32 copy is at hand.
func (h *HNSW) dequantize(id uint32, dst []float32) {
	o := int(id) * h.dim
	sc := h.scales[id]
	for i, c := range h.codes[o : o+h.dim] {
		dst[i] = float32(c) * sc
	}
}
