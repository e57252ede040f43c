#!/usr/bin/env bash
# The case workflow from the command line: a controlled delivery with two route legs, entities
# (a wrong container check digit refused, then the right one), log entries and an amendment,
# a checklist run to completion, status changes with a reason, narrowing the releasability and
# the audit trail showing each change.
. "$(dirname "$0")/../lib.sh"
DB="$TEST_TMP/p.db"
P() { "$PORTOPS" --db "$DB" "$@"; }
out="$TEST_TMP/out"
P init --agency DIRANDRO --operator ana >/dev/null

C=$(P add case --set title="Entrega vigilada Callao-Valencia" --set type=controlled_delivery --set port=PECLL \
	--set tlp=GREEN --set share=community | cut -d' ' -f2)
check "the case has a reference" test -n "$C"
expect_exit 0 "a first route leg" P case leg "$C" --place PECLL --agencies DIRANDRO,SUNAT --planned 2030-01-01T08:00:00Z
expect_exit 0 "a second route leg" P case leg "$C" --place "ES VLC" --planned 2030-01-20T08:00:00Z
expect_exit 3 "a leg at a malformed place is refused" P case leg "$C" --place "P3"
expect_exit 0 "an authorisation for Peru" P case auth "$C" --country PE --status granted --reference R-1 --date 2029-12-30
P case route "$C" >"$out"
contains "the route shows the legs in order" "$out" " 2. ESVLC"
contains "the route says Spain has no authorisation yet" "$out" "authorisation for ES: not requested"
contains "the route says the second leg has no agency" "$out" "leg 2 (ESVLC): no agency responsible"
lacks "Peru's granted authorisation is not missing" "$out" "authorisation for PE"
P case auth "$C" --country ES --status granted >/dev/null
P edit "$C" --set substitution=partial --set "substitution_note=2 of 40 bricks kept" >/dev/null
P case route "$C" >"$out"
lacks "a granted authorisation leaves the missing list" "$out" "authorisation for ES"

P entity add "$C" container --set container=CSQU3054384 >"$out" 2>"$TEST_TMP/err"
check "a container with a wrong check digit is refused (exit 3)" test $? = 3
contains "the refusal shows the expected digit" "$TEST_TMP/err" "expected 3"
P show "$C" --json >"$out"
lacks "nothing of it was stored" "$out" "CSQU3054384"
expect_exit 0 "the right container is accepted" P entity add "$C" container --set container="CSQU 305438 3"
expect_exit 0 "a vessel with IMO and MMSI" P entity add "$C" vessel --set "name=MV Ejemplo" --set imo=9074729 --set mmsi=760123456
expect_exit 3 "an entity of an unknown type is refused" P entity add "$C" submarine
P show "$C" --json >"$out"
contains "the vessel's flag state comes from its MMSI" "$out" '"flag":	"Peru"'
contains "the container is stored without spaces" "$out" '"container":	"CSQU3054383"'

E=$(P log "$C" "Sello H-778 verificado" --kind evidence)
expect_exit 0 "an amendment is a new entry" P log "$C" "Corrección: sello H-779" --amends "$E" --kind evidence
expect_exit 3 "an entry of an unknown kind is refused" P log "$C" "x" --kind gossip
P show "$C" >"$out"
contains "the original entry stays visible" "$out" "Sello H-778 verificado"
contains "the amendment is visible" "$out" "Corrección: sello H-779"

R=$(P checklist start "$C" PO-SEAL-01)
check "a checklist run starts from a manual procedure" test ${#R} = 36
P show "$R" --json >"$out"
contains "the run records the procedure version" "$out" '"procedure_version":	1'
P checklist show "$R" >"$out"
contains "mandatory open steps are flagged" "$out" "mandatory steps still open"
expect_exit 3 "a step the procedure does not have is refused" P checklist step "$R" 42 done
expect_exit 3 "an unknown state is refused" P checklist step "$R" 1 finished
steps=$(P show PO-SEAL-01 --json | grep -c '"text_en"')
for n in $(seq 1 "$steps"); do P checklist step "$R" "$n" done --note "ok $n" || not_ok "step $n"; done
P checklist show "$R" >"$out"
contains "a run with every step done says so" "$out" "every mandatory step is done"
P show "$R" --json >"$out"
contains "the run becomes complete" "$out" '"status":	"complete"'

expect_exit 3 "a status change without a reason is refused" P case status "$C" active
expect_exit 0 "a status change with a reason" P case status "$C" active --reason "autorización recibida"
expect_exit 3 "an impossible transition is refused" P case status "$C" open --reason x
expect_exit 0 "suspend" P case status "$C" suspended --reason "buque demorado"
P show "$C" >"$out"
contains "the reason is in the case log" "$out" "Status active -> suspended: buque demorado"
expect_exit 0 "a handover is logged" P case handover "$C" --from DIRANDRO --to DIRAN --place COCTG
P show "$C" >"$out"
contains "the handover is a case log entry" "$out" "[handover]  Handover DIRANDRO -> DIRAN at COCTG"

expect_exit 0 "a link to a technique" P link "$C" TEC-RIPON --note modalidad
P show TEC-RIPON >"$out"
contains "the technique lists the case that cites it" "$out" "cited by (1)"
expect_exit 3 "a link to a log entry is refused" P link "$C" "$E"

expect_exit 0 "narrowing the releasability" P edit "$C" --set tlp=AMBER --set share=listed --set share_with=SENAE
P audit "$C" >"$out"
contains "the audit trail shows the narrowing" "$out" "tlp, share, share_with"
contains "the audit trail shows the status change" "$out" "status"
check "the audit trail has one line per change" test "$(wc -l <"$out")" -ge 8
expect_exit 0 "the store and its audit chain are intact" P check
