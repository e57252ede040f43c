#!/usr/bin/env bash
# Part of make bench: the first full sync of a station from the exchange (records per second),
# beside its floor: curl fetching the same pages plus a bare sqlite3 bulk insert of their items.
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
. tests/lib.sh >/dev/null
PORTOPS=$PWD/$BUILD/portops PORTOPS_EXCHANGE=$PWD/$BUILD/portops-exchange
. tests/integration/exchange.lib
N=${SYNC_BENCH_N:-10000}
D=$TEST_TMP
xinit "$D/x" >/dev/null || { echo "sync bench: exchange init failed"; exit 1; }
xtoken DIRANDRO a "$D/a.tok"; xtoken DIRANDRO b "$D/b.tok"
xstart || { echo "sync bench: exchange did not start"; exit 1; }
xconsole "$D/a.db" DIRANDRO "$D/a.tok"
"$DRIVERS/mkwork" "$D/a.db" "$N" bench >/dev/null
P "$D/a.db" sync >/dev/null
xconsole "$D/b.db" DIRANDRO "$D/b.tok"
t0=$(date +%s%N)
P "$D/b.db" sync --json >"$D/b.json"
t1=$(date +%s%N)
pulled=$(sed -n 's/.*"pulled":[[:space:]]*\([0-9]*\).*/\1/p' "$D/b.json" | head -1)
ours_ms=$(( (t1 - t0) / 1000000 ))

# The floor: the same pages fetched by curl, then one bulk insert of their items.
tok=$(cat "$D/b.tok")
t0=$(date +%s%N)
cursor="" page=0
while :; do
	page=$((page + 1))
	curl -s --compressed -H "Authorization: Bearer $tok" "$XURL/v1/changes?cursor=$cursor&limit=500" >"$D/page$page.json"
	grep -q '"has_more":[[:space:]]*true' "$D/page$page.json" || break
	cursor=$(sed -n 's/.*"cursor":[[:space:]]*"\([^"]*\)".*/\1/p' "$D/page$page.json")
done
{ echo "CREATE TABLE t(j TEXT); BEGIN;"
  for f in "$D"/page*.json; do echo "INSERT INTO t SELECT value FROM json_each(readfile('$f'), '\$.items');"; done
  echo "COMMIT;"; } | sqlite3 "$D/floor.db"
t1=$(date +%s%N)
floor_ms=$(( (t1 - t0) / 1000000 ))
rate() { awk -v n="$1" -v ms="$2" 'BEGIN { if (ms > 0) printf "%.0f", n * 1000 / ms; else print "-" }'; }
printf '%-44s %10s   goal %-10s floor %10s   ratio %s\n' "first full sync (records/s, $pulled records)" \
	"$(rate "$pulled" "$ours_ms")" ">= 50000" "$(rate "$pulled" "$floor_ms")" \
	"$(awk -v a="$ours_ms" -v b="$floor_ms" 'BEGIN { if (b > 0) printf "%.1fx slower", a / b }')"
