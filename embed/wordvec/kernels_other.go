//go:build !amd64 || purego

package wordvec

// Without the amd64 assembly the Go kernels run everywhere; the stubs are
// never called (useAVX2 is false).
var useAVX2 = false

func stepAVX2(s float32, h, o, grad *float32, n int) { panic("wordvec: no AVX2 kernel") }
func axpyAVX2(a float32, x, y *float32, n int)       { panic("wordvec: no AVX2 kernel") }
