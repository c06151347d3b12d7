//go:build !purego

package wordvec

import "golang.org/x/sys/cpu"

// useAVX2 selects the assembly kernels; tests flip it to check the Go ones.
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

// stepAVX2 is step over h[:n], o[:n], grad[:n]; n is a multiple of 8.
//
//go:noescape
func stepAVX2(s float32, h, o, grad *float32, n int)

// axpyAVX2 adds a·x[:n] to y[:n]; n is a multiple of 8.
//
//go:noescape
func axpyAVX2(a float32, x, y *float32, n int)
