//go:build !purego

package vector

import (
	"syscall"
	"testing"
	"unsafe"
)

// TestKernelsPageEnd puts the vectors flush against an unmapped page: the
// AVX-512 tail is a masked load of a full 64-byte (32-byte for int8) block,
// and must not touch the masked-out bytes beyond the vector's end.
func TestKernelsPageEnd(t *testing.T) {
	page := syscall.Getpagesize()
	mem, err := syscall.Mmap(-1, 0, 2*page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		t.Skip("mmap:", err)
	}
	defer syscall.Munmap(mem)
	if err := syscall.Mprotect(mem[page:], syscall.PROT_NONE); err != nil {
		t.Skip("mprotect:", err)
	}
	for i := range page {
		mem[i] = byte(i%7 + 1)
	}
	// Both operands end at the guard page (a and b alias: fine for reads).
	end := unsafe.Add(unsafe.Pointer(&mem[0]), page)
	floats := func(n int) []float32 { return unsafe.Slice((*float32)(unsafe.Add(end, -4*n)), n) }
	bytes := func(n int) []int8 { return unsafe.Slice((*int8)(unsafe.Add(end, -n)), n) }
	ref8 := func(n int) int64 { return refDotI8(bytes(n), bytes(n)) }
	kernelPaths(t, func(t *testing.T) {
		for n := 0; n <= 100; n++ {
			checkFloat(t, "page end", floats(n), floats(n), Dot, L2Sq)
			if got := DotInt8(bytes(n), bytes(n)); int64(got) != ref8(n) {
				t.Errorf("DotInt8 n=%d at page end: %d want %d", n, got, ref8(n))
			}
		}
	})
	// The raw AVX-512 kernels on the lengths Dot keeps from them, too.
	for _, k := range asmKernels() {
		for n := 1; n <= 100; n++ {
			if n%k.multiple == 0 {
				checkFloat(t, k.name+" raw page end", floats(n), floats(n), k.dot, k.l2)
			}
			if k.dotI8 != nil && n%k.multI8 == 0 {
				if got := k.dotI8(bytes(n), bytes(n)); int64(got) != ref8(n) {
					t.Errorf("%s raw dotI8 n=%d at page end: %d want %d", k.name, n, got, ref8(n))
				}
			}
		}
	}
}
