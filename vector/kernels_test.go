package vector

import (
	"math"
	"math/rand/v2"
	"testing"
)

// kernelPaths runs f once per kernel implementation available here, so the
// assembly and the portable loops are held to the same reference.
func kernelPaths(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	saved := useAVX2
	defer func() { useAVX2 = saved }()
	paths := []bool{false}
	if saved {
		paths = append(paths, true)
	}
	for _, avx := range paths {
		useAVX2 = avx
		name := "go"
		if avx {
			name = "avx2"
		}
		t.Run(name, f)
	}
}

var kernelLengths = []int{0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 384, 385, 768, 1023, 1536}

func TestFloatKernels(t *testing.T) {
	kernelPaths(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		for _, n := range kernelLengths {
			for trial := range 4 {
				a, b := randVec(r, n), randVec(r, n+5) // b may be longer
				switch trial {
				case 1: // zero vector
					clear(a)
				case 2: // tiny but normal values: no denormal slow paths, still exact-ish
					for i := range a {
						a[i] *= 1e-18
						b[i] *= 1e-18
					}
				case 3: // identical vectors
					copy(b, a)
				}
				var dot, l2, aa, bb float64
				for i := range a {
					x, y := float64(a[i]), float64(b[i])
					dot += x * y
					l2 += (x - y) * (x - y)
					aa += x * x
					bb += y * y
				}
				scale := 1e-5 * (math.Sqrt(aa*bb) + 1e-30)
				if got := float64(Dot(a, b)); math.Abs(got-dot) > scale {
					t.Errorf("Dot n=%d trial %d: %v want %v", n, trial, got, dot)
				}
				if got := float64(L2Sq(a, b)); math.Abs(got-l2) > 1e-5*(aa+bb+1e-30) {
					t.Errorf("L2Sq n=%d trial %d: %v want %v", n, trial, got, l2)
				}
				want := 0.0
				if aa > 0 && bb > 0 {
					want = dot / math.Sqrt(aa*bb)
				}
				if got := float64(Cosine(a, b[:n])); math.Abs(got-want) > 1e-4 {
					t.Errorf("Cosine n=%d trial %d: %v want %v", n, trial, got, want)
				}
			}
		}
	})
}

func TestDotInt8(t *testing.T) {
	kernelPaths(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(5, 6))
		for _, n := range kernelLengths {
			for trial := range 3 {
				a, b := make([]int8, n), make([]int8, n+3)
				for i := range a {
					a[i] = int8(r.IntN(256) - 128)
				}
				for i := range b {
					b[i] = int8(r.IntN(256) - 128)
				}
				if trial == 1 { // extremes: the largest products, no overflow
					for i := range a {
						a[i], b[i] = -128, -128
					}
				}
				if trial == 2 {
					clear(a)
				}
				var want int32
				for i := range a {
					want += int32(a[i]) * int32(b[i])
				}
				if got := DotInt8(a, b); got != want {
					t.Errorf("DotInt8 n=%d trial %d: %d want %d", n, trial, got, want)
				}
			}
		}
	})
}

func benchKernel(b *testing.B, n int, f func(a, b []float32) float32) {
	r := rand.New(rand.NewPCG(1, 1))
	x, y := randVec(r, n), randVec(r, n)
	b.SetBytes(int64(8 * n))
	var s float32
	for b.Loop() {
		s += f(x, y)
	}
	_ = s
}

func BenchmarkDotKernel384(b *testing.B) { benchKernel(b, 384, Dot) }
func BenchmarkDotGo384(b *testing.B)     { benchKernel(b, 384, dotGo) }
func BenchmarkL2Sq384(b *testing.B)      { benchKernel(b, 384, L2Sq) }
func BenchmarkCosine384(b *testing.B)    { benchKernel(b, 384, Cosine) }

func BenchmarkDotInt8_384(b *testing.B) {
	x, y := make([]int8, 384), make([]int8, 384)
	for i := range x {
		x[i], y[i] = int8(i), int8(-i)
	}
	b.SetBytes(2 * 384)
	var s int32
	for b.Loop() {
		s += DotInt8(x, y)
	}
	_ = s
}
