#!/usr/bin/env bash
# wasm/size.sh: prints the raw and gzipped sizes of the built modules and
# fails if the engine-only module is over its budget of 2.5 MB gzipped (what
# a page downloads on first visit; servers send it compressed). The budget
# is read strictly, 2,500,000 bytes: the browser module was 2.38 MB gzipped
# once the HTTP layer moved to the worker-only build (-tags worker).
set -euo pipefail
cd "$(dirname "$0")/npm/dist"

budget=2500000 # bytes, gzipped
status=0
for f in norms.wasm norms-xlsx.wasm; do
	[ -f "$f" ] || continue
	raw=$(wc -c <"$f")
	gz=$(gzip -9 -c "$f" | wc -c)
	awk -v f="$f" -v r="$raw" -v g="$gz" 'BEGIN { printf "size: %-16s raw %9d bytes (%.2f MB)  gzip -9 %9d bytes (%.2f MB)\n", f, r, r / 1e6, g, g / 1e6 }'
	if [ "$f" = norms.wasm ] && [ "$gz" -gt "$budget" ]; then
		echo "FAIL: $f is $gz bytes gzipped, over the budget of $budget" >&2
		status=1
	elif [ "$f" = norms.wasm ]; then
		echo "size: $f is within its budget of $budget bytes gzipped ($((budget - gz)) bytes to spare)"
	fi
done
[ -f norms.wasm ] || { echo "size.sh: build first (wasm/build.sh)" >&2; exit 1; }
exit $status
