//go:build !amd64 || purego

package vector

// Without the amd64 assembly the portable kernels run everywhere; the stubs
// below are never called (useAVX2 is false) but keep kernels.go portable.
var useAVX2 = false

func dotAVX2(a, b *float32, n int) float32 { panic("vector: no AVX2 kernel") }
func l2AVX2(a, b *float32, n int) float32  { panic("vector: no AVX2 kernel") }
func dotI8AVX2(a, b *int8, n int) int32    { panic("vector: no AVX2 kernel") }
