#!/usr/bin/env bash
# The command line against a temporary store: every subcommand, its exit codes, bad input.
. "$(dirname "$0")/../lib.sh"
DB="$TEST_TMP/store/portops.db"
P() { "$PORTOPS" --db "$DB" "$@"; }
out="$TEST_TMP/out" errf="$TEST_TMP/err"
export PORTOPS_NOW=2026-12-01T10:00:00Z

expect_exit 2 "init without --agency is a usage error" P init --operator ana
expect_exit 4 "a command before init says the store is missing" P list case
contains "the missing-store message says to run init" "$TEST_TMP/err" "portops init"
expect_exit 0 "init creates the store" P init --agency DIRANDRO --operator ana
check "the store file is private (0600)" test "$(stat -c %a "$DB")" = 600
check "its folder is private (0700)" test "$(stat -c %a "$(dirname "$DB")")" = 700
P init --agency DIRANDRO --operator ana >"$out"
contains "init again loads nothing new" "$out" "0 reference records loaded"
expect_exit 3 "init cannot change the agency" P init --agency SENAE --operator x
expect_exit 0 "init --if-missing on an existing store does nothing" P init --if-missing --agency X --operator y

P add case --set title="Reefer hacia Valencia" --set type=controlled_delivery --set port="PE CLL" \
	--set tlp=GREEN --set share=community >"$out"
contains "add prints the new case's reference" "$out" "PECLL-2026-0001"
CASE=PECLL-2026-0001
expect_exit 3 "an unknown enum value is refused" P add case --set title=x --set type=bogus
contains "the refusal names the field" "$TEST_TMP/err" "type:"
expect_exit 3 "RED without recipients is refused" P add threat --set title=x --set level=low --set tlp=RED
expect_exit 3 "an invalid port is refused" P add threat --set title=x --set level=low --set ports=PEC0L
expect_exit 2 "add with an unknown kind is a usage error" P add spaceship
echo '{"kind":"threat","title":"Contaminación en Guayaquil","level":"high","ports":["ECGYE"],"tlp":"AMBER","share":"listed","share_with":["SENAE"]}' >"$TEST_TMP/t.json"
expect_exit 0 "add --json reads a record from a file" P add threat --json "$TEST_TMP/t.json"
THREAT=$(head -c 36 "$TEST_TMP/out")
printf '{"kind":"threat","title":"x\\u001b]2;pwned\\u0007","level":"low"}' >"$TEST_TMP/bad.json"
expect_exit 3 "escape sequences in a title are refused" P add threat --json "$TEST_TMP/bad.json"
printf '{"kind":"threat","title":"\xff\xfe","level":"low"}' >"$TEST_TMP/bad.json"
expect_exit 3 "invalid UTF-8 is refused" P add threat --json "$TEST_TMP/bad.json"
printf '{"kind":"threat","title":' >"$TEST_TMP/bad.json"
expect_exit 3 "malformed JSON is refused" P add threat --json "$TEST_TMP/bad.json"
contains "the message says where" "$TEST_TMP/err" "line 1"
expect_exit 3 "an over-long title is refused" P add threat --set title="$(head -c 300 /dev/zero | tr '\0' x)" --set level=low
check "nothing half-written: still one threat" test "$(P list threat --json | grep -c '"kind":')" = 1
P add threat --set "title=x'); DROP TABLE threats; --" --set level=low >/dev/null
P list threat >"$out"
contains "SQL metacharacters are stored verbatim" "$out" "x'); DROP TABLE threats; --"

P list threat --filter ports=ECGYE --json >"$out"
contains "list --filter on a list field" "$out" "Contaminación en Guayaquil"
lacks "the filter leaves the others out" "$out" "DROP TABLE"
expect_exit 3 "a filter on an unknown field is refused" P list threat --filter colour=red
P list technique --limit 3 >"$out"
check "list --limit" test "$(wc -l <"$out")" = 3

ENTRY=$(P log $CASE "Sello H-778 verificado" --kind action)
check "log prints the entry id" test ${#ENTRY} = 36
P log $CASE "Corrección: el sello es H-779" --amends "$ENTRY" >/dev/null
expect_exit 3 "log on an unknown case is refused" P log NOPE-1 "x"
expect_exit 0 "edit changes fields" P edit $CASE --set "summary=Ruta por Cartagena"
expect_exit 2 "edit does not change a case's status without a reason" P edit $CASE --set status=active
expect_exit 3 "edit of a fixed field is refused" P edit $CASE --set ref=OTHER
expect_exit 3 "edit of a log entry is refused" P edit "$ENTRY" --set text=x
expect_exit 2 "edit with nothing to change" P edit $CASE
expect_exit 0 "edit narrows releasability" P edit $CASE --set tlp=AMBER --set share=listed --set share_with=SENAE,DIAN
P show $CASE >"$out"
contains "show prints the fields" "$out" "Ruta por Cartagena"
contains "show lists the log entries" "$out" "log (2)"
contains "show shows share_with" "$out" "SENAE, DIAN"
P show $CASE --json >"$out"
contains "show --json includes children" "$out" '"children"'
P audit $CASE >"$out"
check "audit lists the three changes" test "$(wc -l <"$out")" = 3
contains "audit names the changed fields" "$out" "share_with"

P search contaminacion >"$out"
contains "search ignores accents" "$out" "Contaminación en Guayaquil"
P search "gancho ciego" >"$out"
contains "search finds the dictionary entry" "$out" "Gancho ciego"
P search semisumergible --kind technique --json >"$out"
contains "search --kind --json" "$out" '"kind":	"technique"'
P search 'sello\s+H-77[89]' --regex >"$out"
contains "search --regex finds case log text" "$out" "log"
expect_exit 3 "a bad regular expression gets a clear message" P search '(' --regex
contains "the message names the problem" "$TEST_TMP/err" "bad regular expression"

expect_exit 0 "id: a valid container" P id "CSQU 305438 3"
expect_exit 1 "id: a wrong check digit" P id CSQU3054384
contains "id explains the expected digit" "$TEST_TMP/out" "computed 3"
expect_exit 0 "id: IMO" P id "IMO 9074729"
expect_exit 1 "id: IMO with a wrong digit" P id "IMO 9074728"
expect_exit 0 "id: MMSI of Peru" P id 760123456
contains "id names the flag state" "$TEST_TMP/out" "Peru"
expect_exit 0 "id: UN/LOCODE" P id "PE CLL"
contains "id names the port" "$TEST_TMP/out" "Callao"
expect_exit 1 "id: not an identifier" P id "hello world"

expect_exit 0 "delete leaves a tombstone" P delete "$THREAT"
P list threat --deleted --json >"$out"
contains "the tombstone is still listed with --deleted" "$out" '"deleted":	true'
expect_exit 3 "a deleted record cannot be edited" P edit "$THREAT" --set level=low

expect_exit 0 "export writes a bundle" P export --bundle "$TEST_TMP/b.json"
DB2="$TEST_TMP/other/portops.db"
"$PORTOPS" --db "$DB2" init --agency DIRANDRO --operator luis >/dev/null
expect_exit 0 "import applies it" "$PORTOPS" --db "$DB2" import "$TEST_TMP/b.json"
contains "import reports what it applied" "$TEST_TMP/out" "records applied"
expect_exit 0 "import twice changes nothing" "$PORTOPS" --db "$DB2" import "$TEST_TMP/b.json"
contains "and says so" "$TEST_TMP/out" "nothing changed"
"$PORTOPS" --db "$DB2" show $CASE >"$out"
contains "the imported case has its log" "$out" "log (2)"
head -c 200 "$TEST_TMP/b.json" >"$TEST_TMP/cut.json"
expect_exit 3 "a damaged bundle is refused" "$PORTOPS" --db "$DB2" import "$TEST_TMP/cut.json"

expect_exit 0 "check passes on an intact store" P check
sqlite3 "$DB" "UPDATE audit SET actor='mallory' WHERE seq=3"
expect_exit 1 "check finds a tampered audit entry" P check
contains "and names it" "$TEST_TMP/err" "audit entry 3"

# Every command of the command table (as portops --help lists it) has --help, is documented in
# portops(1), and the man page documents no command the program lacks.
"$PORTOPS" --help >"$out"
commands=$(sed -n 's/^  \([a-z]*\) .*/\1/p' "$out")
check "portops --help lists at least 20 commands" test "$(echo "$commands" | wc -w)" -ge 20
for c in $commands; do
	P $c --help >"$TEST_TMP/help" 2>&1
	grep -q "usage: portops.* $c" "$TEST_TMP/help" || not_ok "$c --help prints its usage"
	grep -q "^\.B portops $c\b" man/portops.1 || not_ok "man/portops.1 documents $c"
done
for c in $(sed -n 's/^\.B portops \([a-z]*\).*/\1/p' man/portops.1 | sort -u); do
	echo "$commands" | grep -qx "$c" || not_ok "man/portops.1 documents $c, which the program does not have"
done
ok "portops --help and portops(1) list every command"
expect_exit 2 "an unknown command is a usage error" P frobnicate
