#!/usr/bin/env bash
# test.sh: the one command that runs every test of Norms. CI runs it through
# .ci/run; run it yourself before sending a change. Needs only Go (see go.mod
# for the version) and bash.
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n=== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

step "gofmt: every Go file is formatted"
# Every .go file in the tree, tracked or not; testdata/ may hold Go on purpose
# malformed for tests.
unformatted=$(find . -name '*.go' -not -path './.git/*' -not -path '*/testdata/*' -print0 | xargs -0 gofmt -l)
if [ -n "$unformatted" ]; then
	printf '%s\n' "$unformatted" >&2
	fail "these files need gofmt -w"
fi
echo ok

step "go vet ./..."
go vet ./...
echo ok

step "engine/ stays pure: no excelize, syscall/js, net/http or os/exec"
# engine/ compiles to wasm and does no I/O: the adapters around it (cmd/,
# xlsx/, wasm/) may use these, the engine may not, even indirectly.
leaks=$(go list -deps ./engine/... | grep -E 'excelize|^syscall/js$|^net/http$|^os/exec$' || true)
if [ -n "$leaks" ]; then
	printf '%s\n' "$leaks" >&2
	fail "engine/ depends on the packages above; keep I/O and platform code out of it"
fi
echo ok

step "GOOS=js GOARCH=wasm go build ./engine/... (the engine must compile to wasm)"
GOOS=js GOARCH=wasm go build ./engine/...
echo ok

step "go test ./... (fuzz seed corpora included)"
go test ./...

step "benchmarks compile and run once"
go test -run '^$' -bench . -benchtime 1x ./engine

printf '\nAll checks passed.\n'
