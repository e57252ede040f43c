# An exercise over a real exchange in training mode: a trainer (DIRANDRO) and two trainees of two
# other agencies (DIAN, SENAE) each play the same scenario on an exercise store of their own. The
# exercise case has the same id on every console, so the trainees' responses are appended to one
# shared case (and the deliveries of an inject, made on every console, are one entry of it);
# after syncing, the trainer's report counts everyone's responses. Live stores and
# training exchanges never talk, nor exercise stores and live exchanges.
. tests/lib.sh
. tests/integration/exchange.lib
export PORTOPS_LANG=en

xinit "$TEST_TMP/x" training
xtoken DIRANDRO trainer "$TEST_TMP/t0" && xtoken DIAN trainee-co "$TEST_TMP/t1" && xtoken SENAE trainee-ec "$TEST_TMP/t2" &&
	xtoken DIRANDRO live-desk "$TEST_TMP/t3"
xstart || { not_ok "the training exchange starts"; exit 1; }
T=$TEST_TMP/trainer.db A=$TEST_TMP/dian.db B=$TEST_TMP/senae.db

# exercise DB AGENCY OPERATOR TOKEN: an exercise store of the scenario, synced with the exchange.
exercise() {
	PORTOPS_NOW=2026-12-01T10:00:00Z P "$1" exercise start EX-CTG-RIPOFF --db "$1" --no-console --agency "$2" \
		--operator "$3" >/dev/null && P "$1" remote set "$XURL" --token-file "$4" >/dev/null
}
check "the trainer's exercise store" exercise "$T" DIRANDRO trainer "$TEST_TMP/t0"
check "a trainee of DIAN" exercise "$A" DIAN ana "$TEST_TMP/t1"
check "a trainee of SENAE" exercise "$B" SENAE luis "$TEST_TMP/t2"
case_of() { P "$1" list case --json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])'; }
CASE=$(case_of "$T")
check "every console has the same exercise case" test "$CASE" = "$(case_of "$A")" -a "$CASE" = "$(case_of "$B")"

for db in "$T" "$A" "$B"; do PORTOPS_NOW=2026-12-01T10:00:00Z P "$db" exercise tick >/dev/null; done
expect_exit 0 "the trainer syncs first" P "$T" sync
expect_exit 0 "the DIAN trainee syncs" P "$A" sync
expect_exit 0 "the SENAE trainee syncs" P "$B" sync
check "the trainee holds the shared case as the trainer made it" \
	sh -c "'$PORTOPS' --db '$A' show '$CASE' --json | grep -q '\"owner\":	\"DIRANDRO\"'"

expect_exit 0 "the DIAN trainee responds to inject 1" env PORTOPS_NOW=2026-12-01T10:03:00Z \
	"$PORTOPS" --db "$A" log "$CASE" "DIAN: terminal asked for the camera footage" --kind action --inject 1
expect_exit 0 "the SENAE trainee responds too" env PORTOPS_NOW=2026-12-01T10:05:00Z \
	"$PORTOPS" --db "$B" log "$CASE" "SENAE: checked the transhipment manifest" --kind action --inject 1
expect_exit 0 "DIAN syncs its response" P "$A" sync
expect_exit 0 "SENAE syncs its response" P "$B" sync
expect_exit 0 "the trainer syncs" P "$T" sync
PORTOPS_NOW=2026-12-01T10:06:00Z P "$T" exercise report --format json >"$TEST_TMP/report.json"
check "the trainer's report counts both responses to inject 1" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
i1 = [i for i in r["injects"] if i["n"] == 1][0]
assert i1["responses"] == 2, i1
assert i1["first_response_at"] == "2026-12-01T10:03:00Z", i1
assert i1["response_sec"] == 180, i1
who = " ".join(t["who"] for t in r["timeline"])
assert "DIAN/ana" in who and "SENAE/luis" in who, who
' "$TEST_TMP/report.json"
check "every console delivered inject 1, and the shared case logs it once" test \
	"$(P "$T" list log --json | grep -c '"text":	"\[ALERT 1\]')" = 1
PORTOPS_NOW=2026-12-01T10:06:00Z P "$T" exercise report >"$TEST_TMP/report.txt"
contains "the text report names the first response" "$TEST_TMP/report.txt" "First response: 2026-12-01T10:03:00Z (took 3 min 00 s)"
contains "and the timeline both trainees" "$TEST_TMP/report.txt" "SENAE/luis"

# The trainer's console sees everyone's responses on the Exercises tab.
cat >"$TEST_TMP/trainer.script" <<'X'
keys 7
expect 1  T+0    alert     delivered 10:00:00 · first response 10:03:00 (+3:00)
enter
key G
expect DIAN: terminal asked for the camera footage
expect SENAE: checked the transhipment manifest
X
expect_exit 0 "the trainer's console shows the responses of both trainees" env PORTOPS_NOW=2026-12-01T10:06:00Z \
	"$PORTOPS" --db "$T" --script "$TEST_TMP/trainer.script"

# Live and training never meet.
L=$TEST_TMP/live.db
xconsole "$L" DIRANDRO "$TEST_TMP/t3"
expect_exit 3 "a live store refuses the training exchange" P "$L" sync
contains "saying why" "$TEST_TMP/err" "this is a live store; the exchange is in training mode"
xstop
xinit "$TEST_TMP/y" live
xtoken DIAN trainee-co "$TEST_TMP/t4"
xstart || { not_ok "a live exchange starts"; exit 1; }
P "$A" remote set "$XURL" --token-file "$TEST_TMP/t4" >/dev/null
expect_exit 3 "an exercise store refuses a live exchange" P "$A" sync
contains "saying why" "$TEST_TMP/err" "this is an exercise store; the exchange is in live mode"
