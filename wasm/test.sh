#!/usr/bin/env bash
# wasm/test.sh: builds the browser modules (engine-only, and with xlsx),
# installs the package's npm dependencies (npm ci, from package-lock.json),
# and runs its tests: the Go tests of the wasm face (both builds), the wall
# that keeps excelize out of the engine-only module, the size budgets, the
# Node tests (every conformance vector, the API, memory, the xlsx module
# against norms fill) and the end-to-end tests of the page in headless
# Chromium (a CSV gradebook, and an .xlsx one filled and downloaded). ../test.sh calls it; .ci/run installs Node packages
# and Debian's chromium first. Needs Go, Node 20+ with npm, and chromium.
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n=== wasm: %s\n' "$*"; }

step "go test ./wasm (the API, natively; engine-only and -tags 'xlsx noexcelize')"
go test ./ ./internal/...
go test -tags 'xlsx noexcelize' ./

step "package xlsx without excelize (-tags noexcelize): what only excelize does is refused, in a teacher's words"
(cd .. && go test -tags noexcelize -run TestWithoutExcelize ./xlsx)

step "go vet (GOOS=js GOARCH=wasm, both builds)"
GOOS=js GOARCH=wasm go vet ./
GOOS=js GOARCH=wasm go vet -tags 'xlsx noexcelize' ./

step "the engine-only module links no excelize"
if GOOS=js GOARCH=wasm go list -deps ./ | grep -q 'excelize\|teamnorms/norms/xlsx'; then
	echo "FAIL: the engine-only module (no -tags xlsx) depends on excelize or package xlsx" >&2
	exit 1
fi
echo "ok: excelize only with -tags xlsx"

step "the xlsx module links no excelize (-tags 'xlsx noexcelize')"
if GOOS=js GOARCH=wasm go list -deps -tags 'xlsx noexcelize' ./ | grep excelize; then
	echo "FAIL: the xlsx module (wasm/build.sh xlsx) depends on excelize; package xlsx must reach it only from files built without noexcelize" >&2
	exit 1
fi
echo "ok: the xlsx module reads and fills without excelize"

step "build (GOOS=js GOARCH=wasm): norms.wasm and norms-xlsx.wasm"
(cd .. && wasm/build.sh all) # as the README runs it, from the root

step "size"
# Over a budget fails the run, after the other tests have run too, so one
# failure does not hide another.
size_status=0
./size.sh || size_status=$?

step "npm ci"
(cd npm && npm ci --no-audit --no-fund)

step "node --test (conformance corpus, API, memory, speed)"
(cd npm && node --test test/*.test.js)

step "end-to-end in headless Chromium"
# One file at a time, so the timings the CSV test prints are not taken
# while the xlsx test loads the machine.
(cd npm && node --test --test-concurrency=1 e2e/*.test.js)

step "native figures to compare with: grading alone (./engine) and the module's whole grade call (./wasm)"
(cd .. && go test -run '^$' -bench 'GradeSchool$' -benchtime 10x ./engine | grep -E '^Benchmark' || true)
go test -run '^$' -bench 'GradeCall' -benchtime 10x ./ | grep -E '^Benchmark' || true

if [ "$size_status" -ne 0 ]; then
	echo "FAIL: a module is over its size budget (see the size step above)" >&2
	exit "$size_status"
fi
