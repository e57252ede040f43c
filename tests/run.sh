#!/usr/bin/env bash
# Runs every test of the project and ends with one line "N passed, N failed".
# Unit tests are cmocka programs (TAP output); the other suites are shell scripts under
# tests/cli, tests/tui and tests/integration that print TAP lines through tests/lib.sh.
# Each program or script is bounded by a timeout.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD
export PORTOPS="$PWD/$BUILD/portops" PORTOPS_EXCHANGE="$PWD/$BUILD/portops-exchange"
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color LINES=24 COLUMNS=80
export CMOCKA_MESSAGE_OUTPUT=TAP
passed=0 failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() { # name, output file, exit code
	local p f
	p=$(grep -cE '^ok ' "$2")
	f=$(grep -cE '^not ok ' "$2")
	if [ "$3" != 0 ] && [ "$f" = 0 ]; then
		f=1
		echo "not ok - $1 exited with $3 (see above)"
	fi
	grep -E '^not ok ' "$2" | sed "s|^|  $1: |"
	passed=$((passed + p)) failed=$((failed + f))
	printf '%-40s %4d passed, %d failed\n' "$1" "$p" "$f"
}

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	HOME=$(mktemp -d) timeout 300 "$t" >"$log" 2>&1
	rc=$?
	count "$(basename "$t")" "$log" "$rc"
	[ "$rc" = 0 ] || tail -n 20 "$log"
done

for suite in cli tui integration; do
	for t in tests/$suite/*.sh; do
		[ -f "$t" ] || continue
		HOME=$(mktemp -d) timeout 900 bash "$t" >"$log" 2>&1
		rc=$?
		count "$suite/$(basename "$t" .sh)" "$log" "$rc"
		[ "$rc" = 0 ] || tail -n 30 "$log"
	done
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
