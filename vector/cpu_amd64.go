//go:build !purego

package vector

import "golang.org/x/sys/cpu"

// useAVX2 selects the assembly kernels. It is read-only after package
// initialisation (tests flip it only between subtests, never concurrently).
var useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA
