#!/usr/bin/env bash
# tests/cli/exercise.sh - `portops exercise` from the command line on a fake clock: list, start
# (beside the live store, never on an existing one), the trainer's controls, tick, log --inject,
# the after-action report in every format, and the walls between live and exercise data
# (stores, bundles, documents marked EXERCISE).
. "$(dirname "$0")/../lib.sh"

LIVE=$TEST_TMP/live/portops.db EX=$TEST_TMP/live/exercise-EX-GYE-REEFER.db
out=$TEST_TMP/out errf=$TEST_TMP/err
export PORTOPS_LANG=en PORTOPS_NOW=2026-12-01T10:00:00Z
L() { "$PORTOPS" --db "$LIVE" "$@"; }
E() { "$PORTOPS" --db "$EX" "$@"; }
at() { local t=$1; shift; PORTOPS_NOW=$t "$@"; }
# figure N MEMBER: a member of inject N of the JSON report in $out.
figure() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print([i for i in r["injects"] if i["n"]==int(sys.argv[2])][0][sys.argv[3]])' "$out" "$1" "$2"; }

L init --agency DIRANDRO --operator ana >/dev/null
L add case --set "title=Real seizure at Callao" --set type=seizure --set port=PECLL >/dev/null

# --- list and start ---
expect_exit 0 "exercise list" L exercise list
contains "lists the scenarios shipped with the program" "$TEST_TMP/out" "EX-GYE-REEFER"
check "all four of them" test "$(grep -c '^EX-' "$TEST_TMP/out")" = 4
expect_exit 2 "start needs a scenario" L exercise start
expect_exit 3 "an unknown scenario is refused" L exercise start EX-NOPE --no-console
check "and leaves no store behind" test ! -e "$TEST_TMP/live/exercise-EX-NOPE.db"
expect_exit 3 "a speed out of range is refused" L exercise start EX-GYE-REEFER --speed 500 --no-console
expect_exit 0 "start --no-console makes the exercise store beside the live one" \
	L exercise start EX-GYE-REEFER --speed 2 --no-console
contains "and says so" "$TEST_TMP/out" "exercise store $EX ready: scenario EX-GYE-REEFER at speed 2"
check "the store is there, private" test "$(stat -c %a "$EX")" = 600
expect_exit 3 "starting again on an existing store is refused" L exercise start EX-GYE-REEFER --no-console
contains "because an exercise needs a store of its own" "$TEST_TMP/err" "exercise starts on a new store of its own"
expect_exit 3 "the live store is no exercise" L exercise status
contains "and the message says which store to give" "$TEST_TMP/err" "not an exercise"
expect_exit 0 "the live store keeps its own records" L list case
lacks "and sees nothing of the exercise" "$TEST_TMP/out" "EXERCISE"

# --- the clock: status, tick, pause, resume, skip, speed, end ---
expect_exit 0 "status" E exercise status
contains "names the scenario, state, clock, speed and injects" "$TEST_TMP/out" \
	"scenario EX-GYE-REEFER; running; exercise time 0:00; speed 2x; injects 0 of 7 delivered; next at 0 min"
expect_exit 0 "tick delivers the injects that are due" E exercise tick
contains "inject 1 at once" "$TEST_TMP/out" "inject 1 (alert): "
expect_exit 0 "a tick with nothing due" E exercise tick
check "delivers nothing" test ! -s "$TEST_TMP/out"
expect_exit 0 "at speed 2, ten minutes are twenty of the exercise" at 2026-12-01T10:10:00Z E exercise tick
contains "inject 2 (T+20) comes" "$TEST_TMP/out" "inject 2 (case_log): "
expect_exit 0 "pause" at 2026-12-01T10:12:00Z E exercise pause
contains "stops the clock" "$TEST_TMP/out" "paused; exercise time 24:00"
expect_exit 0 "paused, time does not pass" at 2026-12-01T11:00:00Z E exercise status
contains "for the exercise" "$TEST_TMP/out" "paused; exercise time 24:00"
expect_exit 0 "skip" at 2026-12-01T11:00:00Z E exercise skip
contains "moves the clock to the next inject" "$TEST_TMP/out" "exercise time 45:00"
expect_exit 0 "resume" at 2026-12-01T11:00:00Z E exercise resume
at 2026-12-01T11:00:00Z E exercise tick >/dev/null
expect_exit 3 "speed 0 is refused" E exercise speed 0
expect_exit 0 "speed 60" at 2026-12-01T11:00:00Z E exercise speed 60
contains "changes the speed from now on" "$TEST_TMP/out" "speed 60x"
CASE=$(E list case --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
expect_exit 0 "log --inject links a response to inject 3" at 2026-12-01T11:01:00Z E log "$CASE" \
	"Radio contact with the reefer truck's escort" --kind action --inject 3
expect_exit 3 "log --inject on a live store is refused" L log INV-1 "x" --inject 3
expect_exit 0 "tick at 60x" at 2026-12-01T11:02:00Z E exercise tick
contains "delivers what two minutes brought (T+75 and T+110 by T+165)" "$TEST_TMP/out" "inject 5"
expect_exit 0 "end" at 2026-12-01T11:03:00Z E exercise end
contains "ends it" "$TEST_TMP/out" "ended"
expect_exit 3 "an ended exercise does not resume" E exercise resume
expect_exit 2 "an unknown action is a usage error" E exercise frobnicate

# --- the report in each format ---
expect_exit 0 "report --format json" E exercise report --format json
check "inject 3 was delivered when the clock was skipped to it" test "$(figure 3 delivered_at)" = 2026-12-01T11:00:00Z
check "its first response is the linked entry" test "$(figure 3 first_response_at)" = 2026-12-01T11:01:00Z
check "a minute later" test "$(figure 3 response_sec)" = 60
check "inject 1 has no response" test "$(figure 1 response_sec)" = None
expect_exit 0 "report (text)" E exercise report
check "EXERCISE on the first line" grep -q "EXERCISE" <(head -n 1 "$TEST_TMP/out")
check "and on the last" grep -q "EXERCISE" <(grep -v '^$' "$TEST_TMP/out" | tail -n 1)
contains "the response time" "$TEST_TMP/out" "First response: 2026-12-01T11:01:00Z (took 1 min 00 s)"
expect_exit 0 "report --format md -o FILE" E exercise report --format md -o "$TEST_TMP/aar.md"
check "written privately" test "$(stat -c %a "$TEST_TMP/aar.md")" = 600
check "marked EXERCISE at the top" grep -q "EXERCISE" <(head -n 1 "$TEST_TMP/aar.md")
expect_exit 0 "report --format html" E exercise report --format html -o "$TEST_TMP/aar.html"
check "the HTML is marked EXERCISE" test "$(grep -c 'EXERCISE' "$TEST_TMP/aar.html")" -ge 2
lacks "and has no script" "$TEST_TMP/aar.html" "<script"
expect_exit 2 "an unknown format is refused" E exercise report --format pdf
PORTOPS_LANG=es E exercise report >"$TEST_TMP/aar-es.txt"
contains "in Spanish when the interface is" "$TEST_TMP/aar-es.txt" "Informe posterior al ejercicio"

# --- documents of an exercise store say so ---
B=$(E bulletin new --set "title=Exercise bulletin" --set lang=en --set tlp=GREEN)
E bulletin render "$B" >"$out"
check "a bulletin rendered in an exercise store says EXERCISE on its first line" grep -q "EXERCISE" <(head -n 1 "$out")
check "and on its last" grep -q "EXERCISE" <(grep -v '^$' "$out" | tail -n 1)
E bulletin render "$B" --format html >"$out"
contains "in HTML too" "$out" "EXERCISE"
LB=$(L bulletin new --set "title=Live bulletin" --set lang=en --set tlp=GREEN)
L bulletin render "$LB" >"$out"
lacks "a live bulletin does not" "$out" "EXERCISE"

# --- bundles never cross ---
expect_exit 0 "the exercise store exports a bundle" E export --bundle "$TEST_TMP/ex.bundle"
expect_exit 3 "the live store refuses it" L import "$TEST_TMP/ex.bundle"
contains "saying why" "$TEST_TMP/err" "exercise"
expect_exit 0 "the live store exports a bundle" L export --bundle "$TEST_TMP/live.bundle"
expect_exit 3 "the exercise store refuses it" E import "$TEST_TMP/live.bundle"
contains "saying why" "$TEST_TMP/err" "exercise"
