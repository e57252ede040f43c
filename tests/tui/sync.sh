#!/usr/bin/env bash
# tests/tui/sync.sh - syncing from the console against a real exchange on 127.0.0.1: the sync
# worker runs at start and on demand, a change made on one device appears in another console
# after its sync, a conflict made on two devices is resolved from the Sync screen and both
# converge, a revoked record's open screen closes with a notice, and with the exchange stopped the
# console keeps working, shows offline, and catches up when the exchange returns (tmux).
# Script mode waits for the worker with the bounded wait-sync step; every other wait is bounded
# too. A new console pulls SYNC_BIG records (default 20000) in tmux: keys typed during the pull
# are timed, and Q cancels it without losing or doubling anything.
. tests/lib.sh
. tests/integration/exchange.lib

export PORTOPS_NOW=2026-12-01T10:00:00Z
EXPECTED=tests/tui/expected
xinit "$TEST_TMP/x"
xtoken DIRANDRO laptop "$TEST_TMP/ta" && xtoken DIRANDRO control-room "$TEST_TMP/tb" &&
	xtoken DIAN cartagena "$TEST_TMP/td"
xstart || { not_ok "the exchange starts"; exit 1; }
XLISTEN=$XADDR # a restart keeps the port the consoles know
A=$TEST_TMP/a.db B=$TEST_TMP/b.db D=$TEST_TMP/d.db
xconsole "$A" DIRANDRO "$TEST_TMP/ta" && xconsole "$B" DIRANDRO "$TEST_TMP/tb" && xconsole "$D" DIAN "$TEST_TMP/td"
printf 'sync_interval=0\n' >"$TEST_TMP/manual.conf"
export PORTOPS_CONF=$TEST_TMP/manual.conf

# console DB NAME [LANG]: runs the script $TEST_TMP/NAME.script (standard input) on DB.
console() {
	cat >"$TEST_TMP/$2.script"
	PORTOPS_LANG=${3:-en} "$PORTOPS" --db "$1" --script "$TEST_TMP/$2.script" >"$TEST_TMP/$2.out" 2>"$TEST_TMP/$2.err"
}
# passes DESCRIPTION DB NAME [LANG] < SCRIPT: the script runs to its end (every expect held).
passes() {
	if console "$2" "$3" "${4:-}"; then ok "$1"; else not_ok "$1"; sed 's/^/# /' "$TEST_TMP/$3.err" | head -30; fi
}
# same_as NAME FILE: the dump FILE matches tests/tui/expected/NAME (PORTOPS_UPDATE_EXPECTED=1
# rewrites it).
same_as() {
	[ "${PORTOPS_UPDATE_EXPECTED:-}" = 1 ] && cp "$2" "$EXPECTED/$1"
	if diff -u "$EXPECTED/$1" "$2" >"$TEST_TMP/diff"; then ok "$1 matches"; else not_ok "$1 differs"; sed 's/^/# /' "$TEST_TMP/diff" | head -40; fi
}
field() { # DB ID MEMBER: a member of a record, from portops show --json
	"$PORTOPS" --db "$1" show "$2" --json | sed -n "s/^\t\"$3\":\t\"\(.*\)\",\{0,1\}$/\1/p"
}

ID=$(P "$A" add threat --set ref=THR-100 --set title="Sea chest loads at Callao" --set level=high \
	--set ports=PECLL --set share=community --set tlp=GREEN | head -1 | cut -d' ' -f1)

# --- the first console syncs when it starts -------------------------------------------------
passes "before its first sync a new record is marked as not acknowledged" "$A" a0 <<'X'
cmd lang en
keys 2
expect high      ↑ Sea chest loads at Callao
X
passes "the console syncs at start; wait-sync waits for it; the status bar says online" "$A" a1 <<'X'
wait-sync
expect online · outbox 0 · conflicts 0 · synced 10:00
keys 2
expect Sea chest loads at Callao
keys 8
expect Mode             live
expect Agency           DIRANDRO
expect Device           laptop
expect ok: pushed 1, pulled
X
check "and the record has its revision" test "$(P "$A" list threat --json | grep -c '"rev":	[1-9]')" = 1

# --- a change on one device reaches another console after its sync ----------------------------
passes "the second console pulls the record at start" "$B" b1 <<'X'
wait-sync
keys 2
expect Sea chest loads at Callao
X
P "$A" edit "$ID" --set title="Sea chest loads at Callao and Paita" >/dev/null
passes "s syncs on demand and says what moved" "$A" a2 <<'X'
wait-sync
keys s
expect syncing with the exchange
wait-sync
expect synced: pushed 0, pulled 0, conflicts 0, revoked 0, rejected 0
X
check "the change reached the exchange" test "$(P "$A" list threat --json | grep -c 'Callao and Paita')" = 1
passes "and the second console shows it after its sync" "$B" b2 <<'X'
wait-sync
keys 2
expect Sea chest loads at Callao an
X

# --- a conflict made on two devices, resolved from the Sync screen ---------------------------
P "$A" edit "$ID" --set level=critical >/dev/null
P "$B" edit "$ID" --set level=low >/dev/null
passes "the first device pushes its value" "$A" a3 <<'X'
wait-sync
expect conflicts 0
X
passes "the second device's sync reports the conflict on the Sync screen" "$B" b3 <<X
wait-sync
expect conflicts 1
keys 8
expect threat     THR-100 · level
expect mine:    "low"  (op-b on control-room, 2026-12-01 10:00)
expect theirs:  "critical"  (the exchange's value)
dump $TEST_TMP/sync-conflict.en.txt
cmd lang es
dump $TEST_TMP/sync-conflict.es.txt
cmd lang en
keys m
expect conflict resolved (keeping mine)
wait-sync
expect conflicts 0
X
sed -i "s/127\.0\.0\.1:[0-9]*/127.0.0.1:PORT/g" "$TEST_TMP"/sync-*.txt
same_as sync-conflict.en.txt "$TEST_TMP/sync-conflict.en.txt"
same_as sync-conflict.es.txt "$TEST_TMP/sync-conflict.es.txt"
passes "the first device converges: the conflict is gone" "$A" a4 <<'X'
wait-sync
expect conflicts 0
X
check "both devices hold the kept value" test "$(field "$A" "$ID" level) $(field "$B" "$ID" level)" = "low low"
check "and no conflict is left on either" sh -c "'$PORTOPS' --db '$A' conflicts >/dev/null && '$PORTOPS' --db '$B' conflicts >/dev/null"

# --- a conflict resolved with an edited value --------------------------------------------------
P "$A" edit "$ID" --set summary="Seen twice" >/dev/null
P "$B" edit "$ID" --set summary="Seen three times" >/dev/null
P "$A" sync >/dev/null
passes "e edits the value of a conflict and keeps it" "$B" b4 <<'X'
wait-sync
keys 8
expect · summary
keys e
key C-u
type Seen four times
enter
expect conflict resolved (keeping the edited value)
wait-sync
expect conflicts 0
X
P "$A" sync >/dev/null
check "both devices hold the edited value" test "$(field "$A" "$ID" summary)|$(field "$B" "$ID" summary)" = "Seen four times|Seen four times"

# --- a record revoked while it is open --------------------------------------------------------
passes "another agency's console sees the community record" "$D" d1 <<'X'
wait-sync
cmd go THR-100
expect Threat: THR-100
X
printf 'sync_interval=1\n' >"$TEST_TMP/fast.conf"
(sleep 1; P "$A" edit "$ID" --set share=agency >/dev/null; P "$A" sync >/dev/null) &
revoker=$!
PORTOPS_CONF=$TEST_TMP/fast.conf passes "when it is no longer shared, its open screen closes with a notice" "$D" d2 <<'X'
wait-sync
cmd go THR-100
expect Threat: THR-100
wait-ms 5000
expect is no longer shared with this agency: closed
expect Threats
X
wait "$revoker"

# --- the exchange stopped: the console works offline, then catches up ------------------------
xstop
P "$A" edit "$ID" --set title="Sea chest loads, Callao and Paita" >/dev/null
passes "with the exchange stopped the console keeps working and shows offline" "$A" a5 <<X
wait-sync
expect offline · outbox 1
keys 2
expect low       ↑ Sea chest loads, Callao
keys 8
expect failed: unreachable: the exchange does not answer
dump $TEST_TMP/sync-offline.en.txt
cmd lang es
dump $TEST_TMP/sync-offline.es.txt
X
sed -i "s/127\.0\.0\.1:[0-9]*/127.0.0.1:PORT/g" "$TEST_TMP"/sync-*.txt
same_as sync-offline.en.txt "$TEST_TMP/sync-offline.en.txt"
same_as sync-offline.es.txt "$TEST_TMP/sync-offline.es.txt"

if command -v tmux >/dev/null; then
	SOCK=$TEST_TMP/tmux.sock
	tm() { tmux -u -f /dev/null -S "$SOCK" "$@"; }
	trap 'tm kill-server 2>/dev/null; xstop; rm -rf "$TEST_TMP"' EXIT
	shows() { tm capture-pane -p -t "$1" >"$TEST_TMP/$1.screen" 2>/dev/null && grep -qF -- "$2" "$TEST_TMP/$1.screen"; }
	sees() { if wait_for "${4:-10}" shows "$2" "$3"; then ok "$1"; else not_ok "$1 (no '$3')"; sed 's/^/# /' "$TEST_TMP/$2.screen"; fi; }
	printf 'sync_interval=2\n' >"$TEST_TMP/tm.conf"
	cat >"$TEST_TMP/tm.run" <<RUN
PORTOPS_CONF=$TEST_TMP/tm.conf "$PORTOPS" --db "$A"
echo \$? >"$TEST_TMP/tm.exit"
sleep 60
RUN
	tm new-session -d -s main -x 80 -y 24 "bash $TEST_TMP/tm.run"
	sees "tmux: the console starts offline" main "offline · outbox 1"
	tm send-keys -t main 2
	sees "tmux: and answers keys while the exchange is unreachable" main "Threats · 1 of 1"
	xstart || not_ok "the exchange restarts"
	sees "tmux: when the exchange returns, the periodic sync catches up" main "online · outbox 0" 15
	P "$B" sync >/dev/null
	P "$B" edit "$ID" --set title="Sea chest loads, Paita" >/dev/null
	P "$B" sync >/dev/null
	sees "tmux: another device's change appears after the next sync" main "Sea chest loads, Paita" 15
	tm send-keys -t main Q
	if wait_for 10 test -s "$TEST_TMP/tm.exit"; then ok "tmux: Q quits"; else not_ok "tmux: Q quits"; fi
	check "tmux: with exit code 0" test "$(cat "$TEST_TMP/tm.exit" 2>/dev/null)" = 0

	# --- a long pull: keys answered during it, Q cancels it, nothing lost or doubled ---
	N=${SYNC_BIG:-20000}
	S=$TEST_TMP/seed.db E=$TEST_TMP/e.db
	xtoken DIRANDRO seeder "$TEST_TMP/ts" && xtoken DIRANDRO late "$TEST_TMP/te"
	xconsole "$S" DIRANDRO "$TEST_TMP/ts" && xconsole "$E" DIRANDRO "$TEST_TMP/te"
	check "a station makes $N records" sh -c "\"$DRIVERS/mkwork\" \"$S\" $((N / 2)) big >/dev/null"
	check "a station pushes $N records" P "$S" sync
	ms() { echo $(($(date +%s%N) / 1000000)); }
	cat >"$TEST_TMP/big.run" <<RUN
PORTOPS_CONF=$TEST_TMP/manual.conf "$PORTOPS" --db "$E"
echo \$? >"$TEST_TMP/big.exit"
sleep 60
RUN
	tm new-session -d -s big -x 80 -y 24 "bash $TEST_TMP/big.run"
	sees "tmux: a new console starts pulling them" big "syncing ·" 20
	worst=0 keys=0
	for k in 2 4 2 4 2 4 2 4; do
		tm capture-pane -p -t big | grep -qF "syncing ·" || break
		want="Threats ·" && [ "$k" = 4 ] && want="Procedures ·"
		t0=$(ms)
		tm send-keys -t big "$k"
		wait_for 5 shows big "$want" || { worst=99999; break; }
		t=$(($(ms) - t0)) keys=$((keys + 1))
		[ "$t" -gt "$worst" ] && worst=$t
	done
	echo "# $keys keys during the pull, slowest answered in $worst ms (tmux polling included)"
	check "tmux: keys are answered during the pull (slowest $worst ms)" test "$keys" -ge 1 -a "$worst" -lt 1000
	t0=$(ms)
	tm send-keys -t big Q
	if wait_for 10 test -s "$TEST_TMP/big.exit"; then ok "tmux: Q during the pull quits"; else not_ok "tmux: Q during the pull quits"; fi
	echo "# the console was gone $(($(ms) - t0)) ms after Q, holding $(sqlite3 "$E" 'select count(*) from threats') threats"
	check "tmux: with exit code 0" test "$(cat "$TEST_TMP/big.exit" 2>/dev/null)" = 0
	expect_exit 0 "the cancelled store and its audit chain are intact" P "$E" check
	check "the next sync completes" P "$E" sync
	check "with every record exactly once" test "$(sqlite3 "$E" "select count(*) from threats where title like 'big threat %'") $(sqlite3 "$E" "select count(*) from case_log where title like 'big entry %'")" = "$((N / 2)) $((N / 2))"
else
	ok "# SKIP tmux is not installed"
	xstart || not_ok "the exchange restarts"
fi
