//go:build !purego

package vector

import "golang.org/x/sys/cpu"

// The kernel selection. x/sys/cpu reports AVX2/AVX-512 only when the OS
// saves their registers (XCR0), so these are safe to act on. They are set
// once at package initialisation and read-only afterwards (tests flip them
// only between subtests, never concurrently with a kernel call).
var (
	// useAVX2 selects the AVX2+FMA assembly kernels.
	useAVX2 = cpu.X86.HasAVX2 && cpu.X86.HasFMA

	// hasAVX512 and hasAVX512I8 say whether the CPU can run the AVX-512
	// float32 kernels (AVX512F, plus BMI2 for the tail mask) and the int8
	// one (also AVX512BW and AVX512VL).
	hasAVX512   = useAVX2 && cpu.X86.HasAVX512F && cpu.X86.HasBMI2
	hasAVX512I8 = hasAVX512 && cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VL

	// useAVX512 and useAVX512I8 select the AVX-512 kernels where the CPU
	// has them. Measured on an AMD EPYC Zen 5 ("Turin") VM, 2 vCPUs, busy
	// neighbour, paired AVX2/AVX-512 runs (BenchmarkKernels,
	// BenchmarkScan100k; bench/README.md has the table; the HNSW
	// figure is from a scratch benchmark, not committed):
	//   - one in-cache pair: AVX-512 takes 0.69x the AVX2 time at 384-d
	//     and 0.57x at 1,124-d for Dot and L2Sq, 0.68x / 0.58x for DotInt8;
	//     HNSW search (20k x 384-d float32) 0.78x.
	//   - DRAM-bound scan of 100k rows, one goroutine: DotInt8 384-d 0.81x;
	//     Dot 384-d 0.99x (level), Dot 1,124-d 1.07x, i.e. 5-7% SLOWER (rows
	//     of 4,496 bytes: 3 in 4 of its 64-byte loads split cache lines).
	//     Aligning the loads on the row with a masked head cut that to 3-4%
	//     but made the sum's rounding depend on the row's address (a vector
	//     scored differently after a snapshot reload), so it was dropped;
	//     a software prefetch made the scan 12-20% slower.
	// Both stay on: the float32 loss is limited to streaming 1,124-d rows
	// from memory (where the kernel is not the bottleneck), against a
	// 30-45% gain wherever the data is in cache. Set useAVX512 = false
	// here to prefer AVX2 for Dot/L2Sq if brute-force scans of large
	// 1,124-d sets dominate. No clock penalty for 512-bit work shows on
	// this CPU; Intel parts that downclock (Skylake-SP) were not measured.
	useAVX512   = hasAVX512
	useAVX512I8 = hasAVX512I8
)
