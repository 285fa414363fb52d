//go:build !unix

package engine

import (
	"testing"
	"time"
)

// cpuTime is not measured where the platform has no getrusage (wasm, for
// one); the benchmarks still report wall time there.
func cpuTime() time.Duration { return 0 }

func reportCPU(b *testing.B, start time.Duration, students int) {}
