//go:build !unix

package wordvec

// cpuSeconds is not measured here: benchmarks report wall-clock rates only.
func cpuSeconds() float64 { return 0 }
