//go:build unix

package engine

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time this process has used. Benchmarks report it per
// student beside the wall time because on a shared machine the wall time of
// a run swings with other load, while its CPU time barely moves.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// reportCPU adds a cpu-ns/student metric for the loop that ran since start.
func reportCPU(b *testing.B, start time.Duration, students int) {
	b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N)/float64(students), "cpu-ns/student")
}
