package vector

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// kernelVariant is one implementation the exported kernels can dispatch to.
type kernelVariant struct {
	name string
	why  string // why it cannot run here; "" when it can
	set  func() // points the dispatch flags at it
}

// The variants, from the flags as they were at package initialisation (what
// the CPU supports). avx512 covers the float32 kernels; DotInt8 checks
// hasAVX512I8 on its own (see kernelPathsI8).
var (
	initAVX2, initAVX512, initAVX512I8 = useAVX2, useAVX512, useAVX512I8

	kernelVariants = []kernelVariant{
		{name: "go", set: func() { useAVX2, useAVX512, useAVX512I8 = false, false, false }},
		{name: "avx2", why: unless(initAVX2, "no AVX2+FMA (CPU, OS or purego build)"),
			set: func() { useAVX2, useAVX512, useAVX512I8 = true, false, false }},
		{name: "avx512", why: unless(hasAVX512, "no AVX512F+BMI2 (CPU, OS or purego build)"),
			set: func() { useAVX2, useAVX512, useAVX512I8 = true, true, hasAVX512I8 }},
	}
)

func unless(ok bool, why string) string {
	if ok {
		return ""
	}
	return why
}

// kernelPaths runs f once per kernel variant (skipping those this machine
// cannot run), so the assembly and the portable loops are held to the same
// reference. The flags are restored afterwards.
func kernelPaths(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	defer func() { useAVX2, useAVX512, useAVX512I8 = initAVX2, initAVX512, initAVX512I8 }()
	for _, v := range kernelVariants {
		t.Run(v.name, func(t *testing.T) {
			if v.why != "" {
				t.Skip(v.why)
			}
			v.set()
			f(t)
		})
	}
}

// kernelLengths: every length to 300 (all remainders modulo 8/16/32/64),
// then the embedding sizes in use and a few around them.
var kernelLengths = func() []int {
	var ns []int
	for n := 0; n <= 300; n++ {
		ns = append(ns, n)
	}
	return append(ns, 383, 384, 385, 511, 512, 513, 768, 1023, 1124, 1536)
}()

// floatCase builds the inputs of one float trial; b is longer than a (the
// kernels read only len(a) of it).
func floatCase(r *rand.Rand, n, trial int) (a, b []float32) {
	a, b = randVec(r, n), randVec(r, n+5)
	scale := func(v []float32, s float32) {
		for i := range v {
			v[i] *= s
		}
	}
	switch trial {
	case 1: // a zero vector
		clear(a)
	case 2: // both zero
		clear(a)
		clear(b)
	case 3: // identical vectors: L2Sq exactly 0
		copy(b, a)
	case 4: // tiny but normal values
		scale(a, 1e-18)
		scale(b, 1e-18)
	case 5: // denormal times normal: denormal products, summed exactly
		scale(a, 1e-40)
	case 6: // denormal times denormal: every product underflows to 0
		scale(a, 1e-40)
		scale(b, 1e-40)
	case 7: // large magnitudes (products near 1e30, no overflow)
		scale(a, 1e15)
		scale(b, 1e15)
	case 8: // mixed signs and scales within one vector
		for i := range a {
			a[i] *= float32(math.Pow(10, float64(i%7-3)))
		}
	}
	return a, b
}

const floatTrials = 9

// floatTol is the accepted error for a float32 sum of n terms whose
// absolute values add up to abs: 1e-5 relative, plus one rounding of the
// smallest denormal per term for sums that underflow.
func floatTol(abs float64, n int) float64 {
	return 1e-5*abs + float64(n)*0x1p-149
}

// checkFloat compares the float32 kernels (through dot and l2, so the same
// check serves the exported functions and the raw assembly) with a float64
// reference.
func checkFloat(t *testing.T, label string, a, b []float32, dot, l2 func(a, b []float32) float32) {
	t.Helper()
	n := len(a)
	var ref, abs, refL2 float64
	for i := range a {
		x, y := float64(a[i]), float64(b[i])
		ref += x * y
		abs += math.Abs(x * y)
		refL2 += (x - y) * (x - y)
	}
	if got := float64(dot(a, b)); math.Abs(got-ref) > floatTol(abs, n) {
		t.Errorf("%s dot n=%d: %v want %v (tolerance %v)", label, n, got, ref, floatTol(abs, n))
	}
	if got := float64(l2(a, b)); math.Abs(got-refL2) > floatTol(refL2, n) {
		t.Errorf("%s l2 n=%d: %v want %v (tolerance %v)", label, n, got, refL2, floatTol(refL2, n))
	}
}

func TestFloatKernels(t *testing.T) {
	kernelPaths(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		for _, n := range kernelLengths {
			for trial := range floatTrials {
				a, b := floatCase(r, n, trial)
				checkFloat(t, fmt.Sprintf("trial %d", trial), a, b, Dot, L2Sq)

				var dot, aa, bb float64
				for i := range a {
					x, y := float64(a[i]), float64(b[i])
					dot += x * y
					aa += x * x
					bb += y * y
				}
				if (aa > 0 && aa < 1e-30) || (bb > 0 && bb < 1e-30) {
					continue // the float32 self-dots underflow: Cosine says 0 by contract
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

// int8Case builds the inputs of one int8 trial, b longer than a.
func int8Case(r *rand.Rand, n, trial int) (a, b []int8) {
	a, b = make([]int8, n), make([]int8, n+3)
	for i := range a {
		a[i] = int8(r.IntN(256) - 128)
	}
	for i := range b {
		b[i] = int8(r.IntN(256) - 128)
	}
	switch trial {
	case 1: // the largest product, every term: -128*-128
		for i := range a {
			a[i], b[i] = -128, -128
		}
	case 2: // the most negative product: -128*127
		for i := range a {
			a[i], b[i] = -128, 127
		}
	case 3: // 127*127
		for i := range a {
			a[i], b[i] = 127, 127
		}
	case 4: // alternating extremes: large partial sums that cancel
		for i := range a {
			a[i], b[i] = -128, -128
			if i%2 == 1 {
				b[i] = 127
			}
		}
	case 5:
		clear(a)
	}
	return a, b
}

const int8Trials = 6

func refDotI8(a, b []int8) int64 {
	var s int64
	for i := range a {
		s += int64(a[i]) * int64(b[i])
	}
	return s
}

func TestDotInt8(t *testing.T) {
	kernelPaths(t, func(t *testing.T) {
		if useAVX512 && !useAVX512I8 {
			t.Skip("no AVX512BW+VL: DotInt8 would run the AVX2 kernel, tested under avx2")
		}
		r := rand.New(rand.NewPCG(5, 6))
		for _, n := range kernelLengths {
			for trial := range int8Trials {
				a, b := int8Case(r, n, trial)
				if got, want := DotInt8(a, b), refDotI8(a, b); int64(got) != want {
					t.Errorf("DotInt8 n=%d trial %d: %d want %d", n, trial, got, want)
				}
			}
		}
		// Near the int32 limit: 131,000*16,384 = 2,146,304,000 < 2^31-1,
		// so the sum is still exact, whatever the lane split.
		a, b := int8Case(r, 131000, 1)
		if got, want := DotInt8(a, b), refDotI8(a, b); int64(got) != want {
			t.Errorf("DotInt8 n=131000 all -128: %d want %d", got, want)
		}
		a, b = int8Case(r, 131000, 2)
		if got, want := DotInt8(a, b), refDotI8(a, b); int64(got) != want {
			t.Errorf("DotInt8 n=131000 -128*127: %d want %d", got, want)
		}
	})
}

// asmKernels returns the raw assembly kernels this machine can run, each
// wrapped to take slices; the AVX2 ones see only the multiple of 8 (16)
// they accept, the AVX-512 ones any length, 0 included.
type rawKernels struct {
	name     string
	dot, l2  func(a, b []float32) float32
	dotI8    func(a, b []int8) int32
	multiple int // the lengths the float kernels accept are multiples of this
	multI8   int
}

func asmKernels() []rawKernels {
	var ks []rawKernels
	// ptr returns a pointer even for an empty slice (the kernel must not
	// read through it then).
	pf := func(v []float32) *float32 { return &v[:1][0] }
	pi := func(v []int8) *int8 { return &v[:1][0] }
	if initAVX2 {
		ks = append(ks, rawKernels{name: "avx2",
			dot:      func(a, b []float32) float32 { return dotAVX2(pf(a), pf(b), len(a)) },
			l2:       func(a, b []float32) float32 { return l2AVX2(pf(a), pf(b), len(a)) },
			dotI8:    func(a, b []int8) int32 { return dotI8AVX2(pi(a), pi(b), len(a)) },
			multiple: 8, multI8: 16})
	}
	if hasAVX512 {
		k := rawKernels{name: "avx512",
			dot:      func(a, b []float32) float32 { return dotAVX512(pf(a), pf(b), len(a)) },
			l2:       func(a, b []float32) float32 { return l2AVX512(pf(a), pf(b), len(a)) },
			multiple: 1, multI8: 1}
		if hasAVX512I8 {
			k.dotI8 = func(a, b []int8) int32 { return dotI8AVX512(pi(a), pi(b), len(a)) }
		}
		ks = append(ks, k)
	}
	return ks
}

// TestAsmKernelsDirect calls the assembly without the Go dispatch, so the
// AVX-512 kernels are also checked on the short lengths Dot keeps away from
// them (1-15 floats, 1-31 bytes: a masked block and nothing else).
func TestAsmKernelsDirect(t *testing.T) {
	ks := asmKernels()
	if len(ks) == 0 {
		t.Skip("no assembly kernels on this machine or build")
	}
	for _, k := range ks {
		t.Run(k.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(7, 8))
			for _, n := range kernelLengths {
				if n%k.multiple == 0 {
					for trial := range floatTrials {
						a, b := floatCase(r, n, trial)
						// A spare element behind a keeps &a[:1][0] valid at n=0.
						a = append(a, 0)[:n]
						checkFloat(t, fmt.Sprintf("%s trial %d", k.name, trial), a, b, k.dot, k.l2)
					}
				}
				if k.dotI8 != nil && n%k.multI8 == 0 {
					for trial := range int8Trials {
						a, b := int8Case(r, n, trial)
						a = append(a, 0)[:n]
						if got, want := k.dotI8(a, b), refDotI8(a, b); int64(got) != want {
							t.Errorf("%s dotI8 n=%d trial %d: %d want %d", k.name, n, trial, got, want)
						}
					}
				}
			}
		})
	}
}

// FuzzKernels compares every variant with the float64 (exact int64 for
// int8) reference on vectors built from the fuzzer's bytes: byte 2i and
// 2i+1 give a[i] and b[i] (as int8, then scaled by 2^exp for the floats,
// exp in -140..+40 so denormals and large values both occur, never
// Inf/NaN).
func FuzzKernels(f *testing.F) {
	f.Add([]byte{}, int8(0))
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34}, int8(-3))
	f.Add(make([]byte, 130), int8(20))
	big := make([]byte, 2*77)
	for i := range big {
		big[i] = 0x80
	}
	f.Add(big, int8(-128))
	f.Fuzz(func(t *testing.T, data []byte, e int8) {
		exp := -140 + int(uint8(e))%181
		n := len(data) / 2
		a8, b8 := make([]int8, n), make([]int8, n)
		a, b := make([]float32, n), make([]float32, n)
		for i := range n {
			a8[i], b8[i] = int8(data[2*i]), int8(data[2*i+1])
			a[i] = float32(math.Ldexp(float64(a8[i]), exp))
			b[i] = float32(math.Ldexp(float64(b8[i]), exp))
		}
		defer func() { useAVX2, useAVX512, useAVX512I8 = initAVX2, initAVX512, initAVX512I8 }()
		want8 := refDotI8(a8, b8)
		for _, v := range kernelVariants {
			if v.why != "" {
				continue
			}
			v.set()
			checkFloat(t, v.name, a, b, Dot, L2Sq)
			if got := DotInt8(a8, b8); int64(got) != want8 {
				t.Errorf("%s DotInt8 n=%d: %d want %d", v.name, n, got, want8)
			}
		}
		for _, k := range asmKernels() {
			if n%k.multiple == 0 && n > 0 {
				checkFloat(t, k.name+" raw", a, b, k.dot, k.l2)
			}
			if k.dotI8 != nil && n%k.multI8 == 0 && n > 0 {
				if got := k.dotI8(a8, b8); int64(got) != want8 {
					t.Errorf("%s raw dotI8 n=%d: %d want %d", k.name, n, got, want8)
				}
			}
		}
	})
}

// BenchmarkKernels measures each kernel through its exported function (so
// the dispatch and the Go tail are included) on one in-cache pair, per
// variant: go test -bench Kernels/ -count 6. SetBytes counts both vectors.
func BenchmarkKernels(b *testing.B) {
	defer func() { useAVX2, useAVX512, useAVX512I8 = initAVX2, initAVX512, initAVX512I8 }()
	r := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{384, 1124} {
		x, y := randVec(r, n), randVec(r, n)
		x8, y8 := make([]int8, n), make([]int8, n)
		for i := range x8 {
			x8[i], y8[i] = int8(r.IntN(256)-128), int8(r.IntN(256)-128)
		}
		for _, kern := range []string{"dot", "l2", "cosine", "dotI8"} {
			for _, v := range kernelVariants {
				b.Run(fmt.Sprintf("%s/%d/%s", kern, n, v.name), func(b *testing.B) {
					if v.why != "" {
						b.Skip(v.why)
					}
					v.set()
					var s float32
					switch kern {
					case "dot", "l2", "cosine":
						f := map[string]func(a, b []float32) float32{"dot": Dot, "l2": L2Sq, "cosine": Cosine}[kern]
						b.SetBytes(int64(8 * n))
						for b.Loop() {
							s += f(x, y)
						}
					case "dotI8":
						b.SetBytes(int64(2 * n))
						for b.Loop() {
							s += float32(DotInt8(x8, y8))
						}
					}
					_ = s
				})
			}
		}
	}
}

// BenchmarkScan100k is the memory-bound case: one query against 100,000
// rows laid out contiguously, one goroutine, as Flat.scan does per worker
// (without the heap). SetBytes counts the rows read, so MB/s is the
// streaming rate.
func BenchmarkScan100k(b *testing.B) {
	defer func() { useAVX2, useAVX512, useAVX512I8 = initAVX2, initAVX512, initAVX512I8 }()
	const rows = 100000
	r := rand.New(rand.NewPCG(2, 2))
	for _, c := range []struct {
		kern string
		dim  int
	}{{"dot", 384}, {"dot", 1124}, {"dotI8", 384}} {
		var data []float32
		var data8 []int8
		if c.kern == "dot" {
			data = make([]float32, rows*c.dim)
			for i := range data {
				data[i] = float32(r.NormFloat64())
			}
		} else {
			data8 = make([]int8, rows*c.dim)
			for i := range data8 {
				data8[i] = int8(r.IntN(256) - 128)
			}
		}
		q, q8 := randVec(r, c.dim), make([]int8, c.dim)
		for i := range q8 {
			q8[i] = int8(r.IntN(256) - 128)
		}
		for _, v := range kernelVariants {
			b.Run(fmt.Sprintf("%s/%d/%s", c.kern, c.dim, v.name), func(b *testing.B) {
				if v.why != "" {
					b.Skip(v.why)
				}
				v.set()
				var s float32
				if data != nil {
					b.SetBytes(int64(4 * len(data)))
					for b.Loop() {
						for o := 0; o < len(data); o += c.dim {
							s += Dot(q, data[o:o+c.dim])
						}
					}
				} else {
					b.SetBytes(int64(len(data8)))
					for b.Loop() {
						for o := 0; o < len(data8); o += c.dim {
							s += float32(DotInt8(q8, data8[o:o+c.dim]))
						}
					}
				}
				_ = s
			})
		}
	}
}

// BenchmarkFlatSearchKernels is Flat.Search over 100,000 384-d vectors per
// kernel variant (GOMAXPROCS workers, heap included): the end-to-end effect
// of the kernel choice on a memory-bound scan.
func BenchmarkFlatSearchKernels(b *testing.B) {
	defer func() { useAVX2, useAVX512, useAVX512I8 = initAVX2, initAVX512, initAVX512I8 }()
	r := rand.New(rand.NewPCG(1, 1))
	const rows, dim = 100000, 384
	f := NewFlat(dim)
	for i := uint32(0); i < rows; i++ {
		_ = f.Add(i, randVec(r, dim))
	}
	q := randVec(r, dim)
	for _, v := range kernelVariants {
		b.Run(v.name, func(b *testing.B) {
			if v.why != "" {
				b.Skip(v.why)
			}
			v.set()
			b.SetBytes(4 * rows * dim)
			for b.Loop() {
				_, _ = f.Search(q, 10, nil)
			}
		})
	}
}

// TestKernelsAddressIndependent: a vector scores bit-identically wherever
// it is stored (HNSW batch search and snapshot reloads compare scores for
// equality), so no kernel may let the address choose the summation order.
func TestKernelsAddressIndependent(t *testing.T) {
	kernelPaths(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(9, 10))
		for _, n := range []int{17, 100, 384, 1124} {
			q, v := randVec(r, n), randVec(r, n)
			q8, v8 := make([]int8, n), make([]int8, n)
			for i := range v8 {
				q8[i], v8[i] = int8(r.IntN(256)-128), int8(r.IntN(256)-128)
			}
			buf, buf8 := make([]float32, n+16), make([]int8, n+64)
			d0, l0, i0 := Dot(q, v), L2Sq(q, v), DotInt8(q8, v8)
			for off := range 16 {
				w := buf[off : off+n]
				copy(w, v)
				if d, l := Dot(q, w), L2Sq(q, w); d != d0 || l != l0 {
					t.Errorf("n=%d offset %d floats: Dot %v L2Sq %v, at the original address %v %v", n, off, d, l, d0, l0)
				}
			}
			for off := range 64 {
				w := buf8[off : off+n]
				copy(w, v8)
				if got := DotInt8(q8, w); got != i0 {
					t.Errorf("n=%d offset %d bytes: DotInt8 %d want %d", n, off, got, i0)
				}
			}
		}
	})
}
