#!/usr/bin/env bash
# wasm/build.sh: builds the browser module of Norms into wasm/npm/dist/
# (gitignored), with the wasm_exec.js of the same Go toolchain beside it.
#
#   wasm/build.sh          the engine-only module: dist/norms.wasm
#   wasm/build.sh xlsx     the module that also reads .xlsx gradebooks and
#                          fills workbooks as norms fill does:
#                          dist/norms-xlsx.wasm (-tags 'xlsx noexcelize')
#   wasm/build.sh all      both
#
# Both come from the one source in wasm/: xlsx.go (`//go:build xlsx`)
# registers the xlsx gradebook reader in bookReaders and the workbook
# filler (api.go); without the tag neither it nor package xlsx is linked.
# noexcelize builds package xlsx without excelize: it reads workbooks and
# fills them on its streaming path with its own zip and XML code, and
# refuses, saying to use the norms command-line tool, the few workbooks
# only excelize fills (docs/xlsx.md, "In the browser"). That halves the
# module (5.85 MB gzipped with excelize, 3.2 MB without).
set -euo pipefail
cd "$(dirname "$0")"

variant=${1:-engine}
if [ "$variant" = all ]; then
	# ./build.sh, not "$0": the cd above makes a relative $0 (wasm/build.sh
	# run from the repository's root) point nowhere.
	./build.sh engine
	exec ./build.sh xlsx
fi
out=npm/dist
mkdir -p "$out"
case "$variant" in
engine)
	tags=()
	name=norms.wasm
	;;
xlsx)
	if ! grep -lqs '^//go:build xlsx' ./*.go; then
		echo "build.sh: the xlsx variant needs wasm/xlsx.go (//go:build xlsx), which adds \"xlsx\" to bookReaders" >&2
		exit 1
	fi
	tags=(-tags 'xlsx noexcelize')
	name=norms-xlsx.wasm
	;;
*)
	echo "usage: wasm/build.sh [engine|xlsx|all]" >&2
	exit 2
	;;
esac

GOOS=js GOARCH=wasm go build -trimpath -ldflags="-s -w" "${tags[@]}" -o "$out/$name" .

# The JS glue must come from the toolchain that built the module: its
# imports change between Go versions. Go 1.24 moved it to lib/wasm.
goroot=$(go env GOROOT)
for f in "$goroot/lib/wasm/wasm_exec.js" "$goroot/misc/wasm/wasm_exec.js"; do
	if [ -f "$f" ]; then
		cp "$f" "$out/wasm_exec.js"
		break
	fi
done
[ -f "$out/wasm_exec.js" ] || { echo "build.sh: no wasm_exec.js under $goroot" >&2; exit 1; }
echo "built $out/$name ($(go env GOVERSION))"
