//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

// main explains how to build the module: outside GOOS=js GOARCH=wasm this
// package only exists so that `go test ./wasm` can test api.go natively.
func main() {
	fmt.Fprintln(os.Stderr, "wasm: build with wasm/build.sh (GOOS=js GOARCH=wasm); see wasm/npm/README.md")
	os.Exit(2)
}
