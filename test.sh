#!/usr/bin/env bash
# test.sh: the one command that runs every test of Norms. CI runs it through
# .ci/run; run it yourself before sending a change. Needs only Go (see go.mod
# for the version) and bash.
set -euo pipefail
cd "$(dirname "$0")"

step() { printf '\n=== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# Setup: what the tests need, installed when missing, so this one command
# works on a fresh machine (CI's .ci/run calls just this script).
step "setup: Go modules, Debian packages (qemu-user, chromium, libreoffice-calc)"
go mod download
apt_install() {
	local missing=()
	command -v qemu-aarch64 >/dev/null 2>&1 || missing+=(qemu-user)
	command -v chromium >/dev/null 2>&1 || missing+=(chromium)
	# LibreOffice recalculates the formulas of norms fill --formulas in the
	# xlsx tests (skipped without it).
	command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc)
	[ ${#missing[@]} -eq 0 ] && return 0
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	echo "installing ${missing[*]} from Debian"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}
apt_install || fail "could not install qemu-user, chromium and libreoffice-calc with apt-get"
echo "ok (npm packages are installed by wasm/test.sh and wasm/worker/test.sh)"

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

step "the README's first command: go run ./cmd/norms grade --example"
go run ./cmd/norms grade --example >/dev/null
echo ok

step "go test ./... (fuzz seed corpora included)"
go test ./...

step "third_party: Norms' patched copies of apd and yaml, their own tests (PATCHES.md in each)"
(cd third_party/apd && go test ./...)
(cd third_party/yaml && go test ./...)

step "the same answers on wasm: engine tests in Node (GOOS=js GOARCH=wasm)"
# Every conformance vector and unit test of the engine, run by Go's own
# wasm runner in Node: the browser and edge faces get exactly these answers.
if command -v node >/dev/null 2>&1; then
	GOOS=js GOARCH=wasm go test -count=1 -exec="$(go env GOROOT)/lib/wasm/go_js_wasm_exec" ./engine
else
	fail "node is needed to run the engine's tests as wasm"
fi

step "the same answers on arm64: engine tests under qemu-aarch64"
# Go may fuse x*y+z into one instruction on arm64; these tests prove no
# result moves (qemu-user is installed by the setup step).
if command -v qemu-aarch64 >/dev/null 2>&1; then
	GOARCH=arm64 go test -c -o "${TMPDIR:-/tmp}/norms-engine.arm64.test" ./engine
	(cd engine && qemu-aarch64 "${TMPDIR:-/tmp}/norms-engine.arm64.test" -test.count=1)
else
	echo "skipped: qemu-aarch64 not installed (apt-get install qemu-user)"
fi

step "fill --formulas through the excelize fallback: formulas recalculated by LibreOffice"
# The same formula tests as go test ./xlsx, with fill writing through
# excelize's ordinary API instead of the streaming path.
go test -count=1 -run 'TestFormulas$' ./xlsx -slow-path

step "benchmarks compile and run once"
go test -run '^$' -bench . -benchtime 1x ./engine ./api ./wasm ./xlsx ./internal/...

step "the edge worker in workerd: conformance vectors and a load test (wasm/worker/test.sh)"
# Needs Node 20+ and npm (workerd is an npm package, pinned in
# wasm/worker/package-lock.json); the Go API itself is tested by go test.
bash wasm/worker/test.sh

step "the browser module: wasm/test.sh (build, size, Node tests, headless Chromium)"
# Needs Node 20+ with npm and Debian's chromium, which .ci/run installs.
bash wasm/test.sh

step "the team report in headless Chromium (report/e2e): offline, every section, printable"
# Needs Node 20+ with npm (playwright-core, pinned in report/e2e/package-lock.json)
# and Debian's chromium; writes artifacts/report.png.
(cd report/e2e && npm ci --no-audit --no-fund && node --test)

printf '\nAll checks passed.\n'
