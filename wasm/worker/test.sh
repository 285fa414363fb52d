#!/usr/bin/env bash
# wasm/worker/test.sh: tests the worker in the real runtime. Installs the
# pinned workerd (npm ci), builds dist/ (build.sh), starts workerd on a free
# port of 127.0.0.1, measures the cold start (the first request), sends
# every conformance vector through it (node --test), times the Go side
# alone in Node (test/phases.mjs), then runs the bounded load test
# (test/load.mjs; REQUESTS and CONCURRENCY override its size).
# workerd is stopped on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")"

npm ci --no-audit --no-fund --loglevel=error
./build.sh

port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
log=$(mktemp)
started_ms=$(node -e 'console.log(Date.now())')
./node_modules/.bin/workerd serve config.capnp --socket-addr "http=127.0.0.1:$port" >"$log" 2>&1 &
pid=$!
cleanup() {
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -f "$log"
}
trap cleanup EXIT

# Wait for the socket only (not an HTTP request), so that the load test's
# first request is the isolate's first: the cold start.
for _ in $(seq 1 200); do
	if node -e 'require("net").connect('"$port"', "127.0.0.1").on("connect", () => process.exit(0)).on("error", () => process.exit(1))' 2>/dev/null; then
		break
	fi
	if ! kill -0 "$pid" 2>/dev/null; then
		cat "$log" >&2
		echo "workerd did not start" >&2
		exit 1
	fi
	sleep 0.05
done

export NORMS_URL="http://127.0.0.1:$port"
# The cold start first, on the fresh isolate: one /v1/grade, timed.
COLD=1 NORMS_STARTED_MS=$started_ms REQUESTS=0 node test/load.mjs
node --test test/conformance.test.mjs
# The Go side alone, in Node: cold-start phases and the warm cost of one
# call, to set against the load test's figures (what workerd adds).
node test/phases.mjs
# 20,000 requests take minutes on a shared 2-core machine: test.sh sends
# 3,000 unless told more (REQUESTS=20000 wasm/worker/test.sh).
REQUESTS=${REQUESTS:-3000} node test/load.mjs
