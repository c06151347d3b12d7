//go:build !amd64 || purego

package vector

// Without the amd64 assembly the portable kernels run everywhere; the stubs
// below are never called (the use flags are false) but keep kernels.go
// portable.
var (
	useAVX2     = false
	hasAVX512   = false
	hasAVX512I8 = false
	useAVX512   = false
	useAVX512I8 = false
)

func dotAVX2(a, b *float32, n int) float32   { panic("vector: no AVX2 kernel") }
func l2AVX2(a, b *float32, n int) float32    { panic("vector: no AVX2 kernel") }
func dotI8AVX2(a, b *int8, n int) int32      { panic("vector: no AVX2 kernel") }
func dotAVX512(a, b *float32, n int) float32 { panic("vector: no AVX-512 kernel") }
func l2AVX512(a, b *float32, n int) float32  { panic("vector: no AVX-512 kernel") }
func dotI8AVX512(a, b *int8, n int) int32    { panic("vector: no AVX-512 kernel") }
