#!/usr/bin/env bash
# wasm/size.sh: prints the raw and gzipped sizes of the built modules
# against their budgets (gzipped: what a page downloads on first visit;
# servers send it compressed), read strictly:
#
#   norms.wasm       2,500,000 bytes: the engine-only module, loaded with
#                    the page (2.38 MB once the HTTP layer moved to the
#                    worker-only build, -tags worker)
#   norms-xlsx.wasm  4,000,000 bytes: the engine with package xlsx built
#                    without excelize (-tags 'xlsx noexcelize'), loaded
#                    when a workbook is opened
#
# Over either budget, it fails. The engine module must fit a free-tier
# worker (3 MB compressed). The xlsx module was 5.85 MB gzipped (24.7 MB
# raw) while package xlsx read and filled through excelize, whose imports
# (net/http, crypto, x/text) are 3 MB gzipped alone; it reads workbooks
# with its own zip and XML code now, and links no excelize in this build
# (3.23 MB gzipped, 13.1 MB raw, Go 1.26). See README.md.
#
# Both modules must be built (wasm/build.sh all).
set -euo pipefail
cd "$(dirname "$0")/npm/dist"

status=0
for f in norms.wasm norms-xlsx.wasm; do
	case "$f" in
	norms.wasm) budget=2500000 ;;
	norms-xlsx.wasm) budget=4000000 ;;
	esac
	if [ ! -f "$f" ]; then
		echo "size.sh: no $f; build it first (wasm/build.sh all)" >&2
		status=1
		continue
	fi
	raw=$(wc -c <"$f")
	gz=$(gzip -9 -c "$f" | wc -c)
	awk -v f="$f" -v r="$raw" -v g="$gz" 'BEGIN { printf "size: %-16s raw %9d bytes (%.2f MB)  gzip -9 %9d bytes (%.2f MB)\n", f, r, r / 1e6, g, g / 1e6 }'
	if [ "$gz" -gt "$budget" ]; then
		echo "FAIL: $f is $gz bytes gzipped, over its budget of $budget by $((gz - budget))" >&2
		status=1
	else
		echo "size: $f is within its budget of $budget bytes gzipped ($((budget - gz)) bytes to spare)"
	fi
done
exit $status
