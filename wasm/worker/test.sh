#!/usr/bin/env bash
# wasm/worker/test.sh: tests the worker in the real runtime. Installs the
# pinned workerd (npm ci), builds dist/ (build.sh), starts workerd on a free
# port of 127.0.0.1, sends every conformance vector through it (node
# --test), tests the glue between JS and Go in Node (test/glue.test.mjs),
# times the Go side alone in Node (test/phases.mjs) and the cold
# start in workerd (test/cold.mjs, on fresh workerd processes of its own),
# then runs the bounded load test
# (test/load.mjs; REQUESTS and CONCURRENCY override its size).
# workerd is stopped on exit, whatever happens.
set -euo pipefail
cd "$(dirname "$0")"

npm ci --no-audit --no-fund --loglevel=error
./build.sh

port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
log=$(mktemp)
./node_modules/.bin/workerd serve config.capnp --socket-addr "http=127.0.0.1:$port" >"$log" 2>&1 &
pid=$!
cleanup() {
	kill "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	rm -f "$log"
}
trap cleanup EXIT

# Wait for the socket.
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
node --test test/conformance.test.mjs
# The JS <-> Go glue (configure's options, handle's arguments), in Node.
node --test test/glue.test.mjs
# The Go side alone, in Node: cold-start phases and the warm cost of one
# call, to set against the load test's figures (what workerd adds).
node test/phases.mjs
# The cold start, on fresh workerd processes: the first request at listen
# and after the load, then taken apart phase by phase.
node test/cold.mjs
# 20,000 requests take minutes on a shared 2-core machine: test.sh sends
# 3,000 unless told more (REQUESTS=20000 wasm/worker/test.sh).
REQUESTS=${REQUESTS:-3000} node test/load.mjs
