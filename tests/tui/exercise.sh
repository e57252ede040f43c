#!/usr/bin/env bash
# tests/tui/exercise.sh - the trainer's console in script mode on a fake clock: each run of the
# console is a moment of the exercise (PORTOPS_NOW moves between runs). Checks inject timing on
# the Exercises tab, a response linked to an inject, pause, skip, speed, end, the commands, and
# the after-action report's figures (delivery, first response, response time) on screen and in
# a file.
. tests/lib.sh

LIVE=$TEST_TMP/live.db EX=$TEST_TMP/ex.db
export PORTOPS_LANG=en
PORTOPS_NOW=2026-12-01T09:00:00Z "$PORTOPS" --db "$LIVE" init --agency DIRANDRO --operator trainer >/dev/null
check "the exercise store is made beside the live one" env PORTOPS_NOW=2026-12-01T10:00:00Z \
	"$PORTOPS" --db "$LIVE" exercise start EX-CTG-RIPOFF --db "$EX" --no-console

# at TIME NAME DESCRIPTION: runs the script NAME (standard input) on the exercise store at TIME.
at() {
	local t=$1 name=$2 desc=$3
	cat >"$TEST_TMP/$name.script"
	if PORTOPS_NOW=$t "$PORTOPS" --db "${DB:-$EX}" --script "$TEST_TMP/$name.script" >"$TEST_TMP/$name.out" \
		2>"$TEST_TMP/$name.err"; then
		ok "$desc"
	else
		not_ok "$desc"
		sed 's/^/# /' "$TEST_TMP/$name.err" | head -40
	fi
}

at 2026-12-01T10:00:00Z start "the first inject comes at once; the tab shows the state and the injects" <<'X'
keys 7
wait-ms 1100
expect EXERCISE
expect Exercise (trainer)
expect EX-CTG-RIPOFF · running · clock 0:00:00 · speed 1x
expect injects 1 of 6 delivered · next at T+15 min (in 15:00)
expect 1  T+0    alert     delivered 10:00:00 · no response yet
expect 2  T+15   radio     not delivered yet
expect Inject 1 (alert): Cartagena terminal cameras
X

at 2026-12-01T10:14:59Z early "a second before its time the next inject has not come" <<'X'
keys 7
wait-ms 1100
expect injects 1 of 6 delivered · next at T+15 min (in 0:01)
expect 2  T+15   radio     not delivered yet
key j
key a
expect inject 2 has not been delivered yet
X

at 2026-12-01T10:15:00Z due "on its time it is delivered" <<'X'
keys 7
wait-ms 1100
expect injects 2 of 6 delivered · next at T+40 min (in 25:00)
expect 2  T+15   radio     delivered 10:15:00 · no response yet
X

at 2026-12-01T10:17:30Z respond "a responds to the inject under the cursor, linked to it" <<'X'
keys 7
key j
key a
expect Response to inject 2:
type Patrol cordons off the container and keeps the bag
enter
expect response to inject 2 logged to the exercise case
expect 2  T+15   radio     delivered 10:15:00 · first response 10:17:30 (+2:30)
enter
expect EXERCISE EX-CTG-RIPOFF: Attempted rip-off at a Cartagena terminal
key G
expect Patrol cordons off the container
X
"$PORTOPS" --db "$EX" list log --json >"$TEST_TMP/logs.json"
inject2=$(python3 -c 'import json,sys; print([l["inject"] for l in json.load(open(sys.argv[1])) if l["text"].startswith("Patrol")][0])' "$TEST_TMP/logs.json" 2>/dev/null)
check "the entry carries the inject's id" test "${#inject2}" = 36

at 2026-12-01T10:20:00Z pause "P pauses the clock" <<'X'
keys 7
key P
expect the exercise is paused
expect EX-CTG-RIPOFF · paused · clock 0:20:00
X

at 2026-12-01T10:50:00Z skip "paused, nothing comes; > skips the clock to the next inject, which comes when P resumes; X sets the speed" <<'X'
keys 7
wait-ms 1100
expect paused · clock 0:20:00
expect injects 2 of 6 delivered
key >
expect skipped to the next inject
expect paused · clock 0:40:00
expect injects 2 of 6 delivered · next at T+40 min (in 0:00)
key P
expect Inject 3 (case_log)
expect injects 3 of 6 delivered
expect running · clock 0:40:00
key X
expect Speed of the exercise clock (1-120):
type 500
enter
expect the speed is a whole number from 1 to 120
key X
type 60
enter
expect the exercise clock now runs at 60x
expect speed 60x
X

at 2026-12-01T10:51:00Z fast "at 60x a minute of real time is an hour of the exercise" <<'X'
keys 7
wait-ms 1100
expect clock 1:40:00 · speed 60x
expect injects 5 of 6 delivered · next at T+140 min (in 40:00)
cmd exercise pause
expect the exercise is paused
cmd exercise status
expect EX-CTG-RIPOFF: paused, clock 100:00, speed 60x, injects 5 of 6 delivered
cmd exercise speed 0
expect the speed is a whole number from 1 to 120
cmd exercise frobnicate
expect usage: :exercise
X

at 2026-12-01T10:52:00Z report "R shows the after-action report, marked EXERCISE; :report writes it" <<EOF
keys 7
key R
expect After-action report
expect TLP:GREEN  ·  EXERCISE / EJERCICIO
dump $TEST_TMP/report-top.txt
key G
dump $TEST_TMP/report-end.txt
cmd report $TEST_TMP/aar.md md
expect wrote the after-action report to
cmd report $TEST_TMP/aar.txt
cmd report $TEST_TMP/aar.pdf pdf
expect usage: :report
keys 7
key E
expect End the exercise? (y/n)
type n
enter
expect the exercise goes on
key E
type y
enter
expect the exercise has ended
expect EX-CTG-RIPOFF · ended
key P
expect the exercise has ended
EOF
contains "the report's end is marked too" "$TEST_TMP/report-end.txt" "TLP:GREEN  ·  EXERCISE / EJERCICIO"
check "the Markdown report is private" test "$(stat -c %a "$TEST_TMP/aar.md")" = 600
check "EXERCISE on its first line" grep -q EXERCISE <(head -n 1 "$TEST_TMP/aar.md")
check "and on its last" grep -q EXERCISE <(grep -v '^$' "$TEST_TMP/aar.md" | tail -n 1)
check "EXERCISE at the top and bottom of the text report" \
	test "$(grep -c 'TLP:GREEN  ·  EXERCISE / EJERCICIO' "$TEST_TMP/aar.txt")" = 2
contains "inject 2: delivered on time" "$TEST_TMP/aar.txt" "Delivered:      2026-12-01T10:15:00Z"
contains "its first response and the time it took" "$TEST_TMP/aar.txt" \
	"First response: 2026-12-01T10:17:30Z (took 2 min 30 s)"
contains "inject 1 went unanswered" "$TEST_TMP/aar.txt" "First response: none"
contains "inject 6 never came" "$TEST_TMP/aar.txt" "Delivered:      not delivered"
contains "the response is on the timeline" "$TEST_TMP/aar.txt" "Patrol cordons off the container"
"$PORTOPS" --db "$EX" exercise report --format json >"$TEST_TMP/aar.json"
check "the figures: 150 s from inject 2 to its response" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
i = {x["n"]: x for x in r["injects"]}
assert i[2]["response_sec"] == 150 and i[2]["responses"] == 1, i[2]
assert i[3]["delivered_at"] == "2026-12-01T10:50:00Z", i[3]
assert i[5]["delivered_at"] == "2026-12-01T10:51:00Z" and i[6]["delivered_at"] == "", (i[5], i[6])
assert r["ended"] is True
' "$TEST_TMP/aar.json"

at 2026-12-01T10:53:00Z spanish "the trainer's console speaks Spanish" <<'X'
cmd lang es
keys 7
expect Ejercicio (instructor)
expect EX-CTG-RIPOFF · terminado · reloj 1:40:00 · velocidad 60x
expect inyecciones entregadas: 5 de 6 · próxima en T+140 min
expect 2  T+15   radio     entregada 10:15:00 · primera respuesta 10:17:30 (+2:30)
key R
expect Informe posterior al ejercicio
expect TLP:GREEN  ·  EJERCICIO / EXERCISE
X

DB=$LIVE at 2026-12-01T10:00:00Z live "a live store's tab says how to start an exercise; the trainer's keys refuse" <<'X'
keys 7
expect This is a live store: exercises run on a store of their own
expect EX-CTG-RIPOFF
key P
expect this store is not an exercise
cmd exercise skip
expect this store is not an exercise
cmd report
expect this store is not an exercise
X
