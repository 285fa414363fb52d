#!/usr/bin/env bash
# wasm/worker/build.sh: builds what the worker imports into wasm/worker/dist/
# (gitignored): norms.wasm, the module of ./wasm (the browser face, with the
# HTTP API of wasm/httpapi.go), and the wasm_exec.js of the same Go
# toolchain, whose imports must match the module's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."

mkdir -p "$here/dist"
GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" -tags worker -o "$here/dist/norms.wasm" ./wasm

goroot=$(go env GOROOT)
for f in "$goroot/lib/wasm/wasm_exec.js" "$goroot/misc/wasm/wasm_exec.js"; do # lib/ since Go 1.24
	if [ -f "$f" ]; then
		cp "$f" "$here/dist/wasm_exec.js"
		break
	fi
done
[ -f "$here/dist/wasm_exec.js" ] || { echo "build.sh: no wasm_exec.js under $goroot" >&2; exit 1; }
echo "built wasm/worker/dist/norms.wasm ($(wc -c <"$here/dist/norms.wasm") bytes, $(go env GOVERSION))"
