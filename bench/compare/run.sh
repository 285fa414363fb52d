#!/usr/bin/env bash
# Compares norms fill with the floor, LibreOffice and ExcelJS on the
# generated gradebooks of bench/, in one run, alternating the tools round
# by round so that a busy machine slows them all alike. Each run is a
# process of its own under /usr/bin/time: wall seconds and peak RSS.
#
#   bench/compare/run.sh                      # 30x40, 2000x60 and 20000x60
#   SIZES='30x40 2000x60' ROUNDS=3 bench/compare/run.sh
#
# The tools, for each book:
#   floor        excelize opens, reads every cell with the row iterator,
#                saves unchanged (bench's BenchmarkFloor, as a command)
#   norms fill   norms fill --norms norms.yaml BOOK -o OUT
#   LibreOffice  soffice --headless --convert-to xlsx of the book that
#                norms fill --formulas wrote (made beforehand, not timed):
#                opening, recalculating every formula (the profile sets
#                "recalculate on load: always") and saving
#   ExcelJS      node fill.mjs: opens the book, writes the engine's results
#                (from norms grade --format json, run beforehand, not timed)
#                as the same columns and a Norms sheet, saves
#
# Needs Go, Node and npm, LibreOffice (soffice) and GNU time (/usr/bin/time).
# Run by hand, not in CI. Prints a table of medians: seconds and MiB.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
SIZES=${SIZES:-30x40 2000x60 20000x60}
ROUNDS=${ROUNDS:-3}
work=${WORK:-$(mktemp -d /tmp/norms-compare.XXXXXX)}
profile=/tmp/lo-profile-$$
trap 'rm -rf "$profile"' EXIT
mkdir -p "$work/bin" "$work/out" "$work/lo"

echo "building in $work" >&2
(cd "$root" && go build -o "$work/bin/" ./cmd/norms ./bench/compare/genbooks ./bench/compare/floor)
if [ ! -d "$here/node_modules/exceljs" ]; then
	(cd "$here" && npm ci --no-audit --no-fund >&2)
fi

# shellcheck disable=SC2086
"$work/bin/genbooks" "$work/books" $SIZES >/dev/null
norms=$work/books/norms.yaml
for s in $SIZES; do
	"$work/bin/norms" grade --norms "$norms" --format json -o "$work/books/results-$s.json" "$work/books/book-$s.csv" 2>/dev/null
	"$work/bin/norms" fill --formulas --date 2026-01-15 --norms "$norms" -o "$work/books/formulas-$s.xlsx" "$work/books/book-$s.xlsx" 2>/dev/null
done

# A fresh LibreOffice profile that recalculates every formula of an xlsx
# file on load (the default keeps the values cached in the file), created
# by a first, untimed conversion.
mkdir -p "$profile/user"
cat >"$profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU
soffice="soffice -env:UserInstallation=file://$profile --headless --convert-to xlsx"
first=${SIZES%% *}
$soffice --outdir "$work/lo" "$work/books/formulas-$first.xlsx" >/dev/null 2>&1

results=$work/results.txt
: >"$results"
# timed SIZE TOOL ROUND CMD...: runs CMD under /usr/bin/time and appends
# "SIZE TOOL ROUND SECONDS KIB" to the results.
timed() {
	local size=$1 tool=$2 round=$3
	shift 3
	if ! /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/log" 2>&1; then
		echo "$tool failed on $size:" >&2
		cat "$work/log" >&2
		exit 1
	fi
	echo "$size $tool $round $(tail -1 "$work/time")" >>"$results"
	echo "$size round $round $tool: $(tail -1 "$work/time") (s KiB)" >&2
}

for s in $SIZES; do
	book=$work/books/book-$s.xlsx
	for r in $(seq "$ROUNDS"); do
		timed "$s" floor "$r" "$work/bin/floor" "$book" "$work/out/floor.xlsx"
		timed "$s" fill "$r" "$work/bin/norms" fill --date 2026-01-15 --norms "$norms" -o "$work/out/fill.xlsx" "$book"
		rm -f "$work/lo/formulas-$s.xlsx"
		timed "$s" libreoffice "$r" $soffice --outdir "$work/lo" "$work/books/formulas-$s.xlsx"
		test -s "$work/lo/formulas-$s.xlsx"
		timed "$s" exceljs "$r" node --max-old-space-size=16384 "$here/fill.mjs" "$book" "$work/books/results-$s.json" "$work/out/exceljs.xlsx"
	done
done

# The table: the median of the rounds, seconds and MiB of peak RSS.
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo
echo "| Book | Floor (excelize) | norms fill | LibreOffice (recalculate, save) | ExcelJS |"
echo "| --- | --- | --- | --- | --- |"
for s in $SIZES; do
	row="| ${s/x/ x } |"
	for tool in floor fill libreoffice exceljs; do
		t=$(awk -v s="$s" -v t="$tool" '$1 == s && $2 == t { print $4 }' "$results" | median)
		k=$(awk -v s="$s" -v t="$tool" '$1 == s && $2 == t { print $5 }' "$results" | median)
		row+=$(awk -v t="$t" -v k="$k" 'BEGIN { printf " %.2f s, %.0f MiB |", t, k / 1024 }')
	done
	echo "$row"
done
echo
echo "raw figures: $results" >&2
