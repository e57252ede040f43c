#!/usr/bin/env bash
# make bench: measures portops on a large station (100k cases, 1M case log entries, 20k
# threats) and prints each figure beside its goal and the floor measured in the same run.
# Benchmarks measure; they do not pass or fail. The station is made once and kept in
# $BUILD/bench/station.db (delete it to make a new one).
set -u
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
B="$BUILD/bench"
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 PORTOPS_ASSETS="$PWD/assets"
DB="$B/station.db"
if [ ! -f "$DB" ]; then
	echo "making the large station (about a minute)..."
	"$B/gen" "$DB" 100000 1000000 20000 || exit 1
fi

ms() { date +%s%N; }
# median_ms CMD...: the median wall time of 7 runs, in milliseconds.
median_ms() {
	local i t0 t1 all=()
	for i in 1 2 3 4 5 6 7; do
		# Not /dev/null: GNU grep stops at the first match when its output goes there.
		t0=$(ms); "$@" >"$B/out.tmp" 2>&1; t1=$(ms)
		all+=($(( (t1 - t0) / 1000 )))
	done
	printf '%s\n' "${all[@]}" | sort -n | sed -n 4p | awk '{ printf "%.1f", $1 / 1000 }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }
row() { printf '%-44s %10s   goal %-10s floor %10s   ratio %s\n' "$1" "$2" "$3" "$4" "$(ratio "$2" "$4")"; }

script="$B/first-screen.script"
printf 'dump %s/first-screen.txt\nquit\n' "$B" >"$script"
echo "station: $(sqlite3 "$DB" 'select (select count(*) from cases), (select count(*) from case_log), (select count(*) from threats)' | tr '|' ' ') (cases, log entries, threats)"
echo
first=$(median_ms "$BUILD/portops" --db "$DB" --script "$script")
floor=$(median_ms sqlite3 "$DB" "select count(*) from cases")
row "start to first drawn screen (ms)" "$first" "< 100" "$floor"

read -r _ search _ sfloor _ hits _ regex _ matches < <("$B/bench" "$DB" contaminacion 'gancho\s+maletas\s+escáner' | tr '\n' ' ')
row "search over everything, in-process (ms)" "$search" "< 20" "$sfloor"
sqlite3 "$DB" "select title from search_docs where kind='log'" >"$B/log.txt"
gfloor=$(median_ms grep -cP 'gancho\s+maletas\s+escáner' "$B/log.txt")
row "regex over 1M log entries, in-process (ms)" "$regex" "< 1000" "$gfloor"
rss=$("$B/rss" "$BUILD/portops" --db "$DB" --script "$script" 2>&1 >/dev/null | sed -n 's/^rss_kib //p')
printf '%-44s %10s   goal %-10s\n' "console memory on the station (MiB RSS)" "$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')" "< 32"
echo
echo "search hits: $hits; regex matches: $matches"
BUILD=$BUILD bash tests/bench/sync.sh
