#!/usr/bin/env bash
# wasm/test.sh: builds the browser module, installs the package's npm
# dependencies (npm ci, from package-lock.json), and runs its tests: the Go
# tests of the wasm face, the size budget, the Node tests (every
# conformance vector, the API, memory) and the end-to-end test of the page
# in headless Chromium. ../test.sh calls it; .ci/run installs Node packages
# and Debian's chromium first. Needs Go, Node 20+ with npm, and chromium.
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n=== wasm: %s\n' "$*"; }

step "go test ./wasm (the API, natively)"
go test ./

step "build (GOOS=js GOARCH=wasm)"
./build.sh

step "size"
./size.sh

step "npm ci"
(cd npm && npm ci --no-audit --no-fund)

step "node --test (conformance corpus, API, memory, speed)"
(cd npm && node --test test/*.test.js)

step "end-to-end in headless Chromium"
(cd npm && node --test e2e/*.test.js)

step "native figure to compare with: go test -bench GradeSchool ./engine"
(cd .. && go test -run '^$' -bench 'GradeSchool$' -benchtime 10x ./engine | grep -E '^Benchmark' || true)
