//go:build unix

package wordvec

import "syscall"

// cpuSeconds is the user+system CPU time of the process so far, so a
// benchmark can report words per CPU-second (per core) on a busy machine,
// where wall time also counts the time other processes held the core.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
