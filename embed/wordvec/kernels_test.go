package wordvec

import (
	"math"
	"testing"
)

// TestKernels checks the assembly kernels against plain loops at every
// length around the 8- and 16-wide steps and at the default dimension.
func TestKernels(t *testing.T) {
	fill := func(n int, seed float32) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = float32(math.Sin(float64(seed)+float64(i)*0.7)) * seed
		}
		return v
	}
	near := func(a, b []float32) bool {
		for i := range a {
			if math.Abs(float64(a[i]-b[i])) > 1e-5 {
				return false
			}
		}
		return true
	}
	for _, tc := range []struct {
		name string
		n    int
		g    float32
	}{{"empty", 0, 0.5}, {"tail only", 7, -0.25}, {"one step", 8, 0.1}, {"step and tail", 13, 1.5},
		{"two steps", 16, -2}, {"odd", 31, 0.3}, {"dim 100", 100, 0.025}, {"dim 300", 300, -0.01}} {
		t.Run(tc.name, func(t *testing.T) {
			h, o, grad := fill(tc.n, 1), fill(tc.n, 2), fill(tc.n, 3)
			wo, wg := make([]float32, tc.n), make([]float32, tc.n)
			for i := range h {
				wg[i] = grad[i] + tc.g*o[i]
				wo[i] = o[i] + tc.g*h[i]
			}
			step(tc.g, h, o, grad)
			if !near(o, wo) || !near(grad, wg) {
				t.Errorf("step(%v): o %v grad %v, want %v %v", tc.g, o, grad, wo, wg)
			}
			y, wy := fill(tc.n, 4), make([]float32, tc.n)
			for i := range y {
				wy[i] = y[i] + tc.g*h[i]
			}
			axpy(tc.g, h, y)
			if !near(y, wy) {
				t.Errorf("axpy(%v): %v, want %v", tc.g, y, wy)
			}
		})
	}
}
