# Faults: the console and the exchange killed (SIGKILL) in the middle of a sync, at many points;
# after restarts and a last sync nothing acknowledged is lost and nothing is duplicated.
. tests/lib.sh
. tests/integration/exchange.lib
N=${FAULTS_N:-300}

xinit "$TEST_TMP/x"
xtoken DIRANDRO laptop "$TEST_TMP/ta" && xtoken DIAN cartagena "$TEST_TMP/tb"
xstart || { not_ok "the exchange starts"; exit 1; }
A=$TEST_TMP/a.db B=$TEST_TMP/b.db
xconsole "$A" DIRANDRO "$TEST_TMP/ta" && xconsole "$B" DIAN "$TEST_TMP/tb"
XLISTEN=$XADDR  # restarts reuse the port the consoles know

# count DB SQL: one number from a store.
count() { sqlite3 "$1" "$2"; }
# on_exchange TAG: threats and log entries of TAG on the exchange ("T L").
on_exchange() {
	echo "$(count "$XDB" "select count(*) from records where kind='threat' and json_extract(body,'\$.title') like '$1 threat %'")" \
	     "$(count "$XDB" "select count(*) from records where kind='log' and json_extract(body,'\$.text') like '$1 entry %'")"
}
# sync_quietly DB: a sync whose failure is expected or tolerated.
sync_quietly() { P "$1" sync >/dev/null 2>&1; }
# settle DB: syncs until one succeeds (at most 5 tries).
settle() { local i; for i in 1 2 3 4 5; do P "$1" sync >"$TEST_TMP/settle" 2>&1 && return 0; sleep 0.2; done; cat "$TEST_TMP/settle"; return 1; }

# --- the console killed at many points of its sync ---
kills=0
for delay in 0.005 0.01 0.02 0.03 0.05 0.08 0.1 0.15 0.2 0.3; do
	"$DRIVERS/mkwork" "$A" $((N / 5)) kc >/dev/null
	P "$A" sync >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
	wait "$pid" 2>/dev/null
	P "$B" sync >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
done
check "the pushing console was killed in the middle of a sync ($kills times)" test "$kills" -ge 3
check "after the kills the pushing console's last sync succeeds" settle "$A"
check "and the pulling console's" settle "$B"
check "the outbox is empty" test "$(count "$A" "select count(*) from outbox")" = 0
check "every threat and log entry reached the exchange exactly once" test "$(on_exchange kc)" = "$((2 * N)) $((2 * N))"
check "the pulling console holds each exactly once too" \
	test "$(count "$B" "select count(*) from threats where title like 'kc threat %'") $(count "$B" "select count(*) from case_log where title like 'kc entry %'")" = "$((2 * N)) $((2 * N))"
expect_exit 0 "the killed console's store and audit chain are intact" P "$A" check
expect_exit 0 "the pulling console's too" P "$B" check

# --- the exchange killed while applying a push (before it commits) and after it commits (before
# it answers): the device retries, the exchange replays the stored results ---
fault_round() { # FAULT TAG
	"$DRIVERS/mkwork" "$A" "$N" "$2" >/dev/null
	xstop
	PORTOPS_EXCHANGE_FAULT=$1 xstart || { not_ok "the exchange restarts with fault $1"; return; }
	expect_exit 5 "exchange killed at $1: the sync fails as a network error" P "$A" sync
	check "the exchange is gone after the fault $1" sh -c "! kill -0 $XPID 2>/dev/null"
	wait "$XPID" 2>/dev/null
	XPID=
	xstart || { not_ok "the exchange restarts after $1"; return; }
	check "after the restart the sync succeeds ($1)" settle "$A"
	check "nothing lost, nothing duplicated ($1)" test "$(on_exchange "$2")" = "$N $N"
}
fault_round apply:1 f1
fault_round apply:150 f2
fault_round apply:401 f3
fault_round commit:1 f4
fault_round commit:2 f5
fault_round commit:3 f6
check "a replayed batch was answered from the stored results" \
	test "$(count "$XDB" "select count(*) from mutations")" -ge $((6 * (2 * N + 1)))

# --- the exchange killed at random moments of a large push ---
"$DRIVERS/mkwork" "$A" $((N * 3)) rk >/dev/null
for delay in 0.05 0.1 0.2 0.4; do
	P "$A" sync >/dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$XPID" 2>/dev/null
	wait "$XPID" 2>/dev/null
	XPID=
	wait "$pid" 2>/dev/null
	xstart || not_ok "the exchange restarts"
done
check "after random exchange kills the sync succeeds" settle "$A"
check "nothing lost, nothing duplicated after random exchange kills" test "$(on_exchange rk)" = "$((N * 3)) $((N * 3))"
check "the pulling console converges" settle "$B"
check "and holds every record once" \
	test "$(count "$B" "select count(*) from threats where title like 'rk threat %'")" = $((N * 3))
