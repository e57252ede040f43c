# Conflicts from the command line: two devices of one agency change the same field offline; both
# see the conflict; one resolves it and both end with the kept value and no conflict left.
. tests/lib.sh
. tests/integration/exchange.lib

xinit "$TEST_TMP/x"
xtoken DIRANDRO laptop "$TEST_TMP/t1" && xtoken DIRANDRO control-room "$TEST_TMP/t2" && xtoken DIAN cartagena "$TEST_TMP/t3"
xstart || { not_ok "the exchange starts"; exit 1; }
A=$TEST_TMP/a.db B=$TEST_TMP/b.db D=$TEST_TMP/d.db
xconsole "$A" DIRANDRO "$TEST_TMP/t1" && xconsole "$B" DIRANDRO "$TEST_TMP/t2" && xconsole "$D" DIAN "$TEST_TMP/t3"
ID=$(P "$A" add threat --set title="Parasitic load, sea chest" --set level=high --set share=community --set tlp=GREEN | tail -1 | cut -d' ' -f1)
P "$A" sync >/dev/null && P "$B" sync >/dev/null && P "$D" sync >/dev/null
P "$A" edit "$ID" --set level=critical >/dev/null
P "$B" edit "$ID" --set level=low --set title="Parasitic load (sea chest)" >/dev/null
expect_exit 0 "the first device syncs its change" P "$A" sync
expect_exit 0 "the second syncs a change of the same field" P "$B" sync --json
contains "and is told of one conflict" "$TEST_TMP/out" '"conflicts":	1'
P "$A" sync >/dev/null
expect_exit 1 "the first device sees the conflict too (conflicts exits 1)" P "$A" conflicts
contains "with its own value as mine" "$TEST_TMP/out" 'mine:   "critical"'
expect_exit 1 "the second device lists it" P "$B" conflicts --json
contains "with its value as mine" "$TEST_TMP/out" '"mine":	"low"'
check "the field kept the first value, the other field merged" \
	sh -c "'$PORTOPS' --db '$B' show '$ID' --json | grep -q '\"level\":	\"critical\"' && '$PORTOPS' --db '$B' show '$ID' --json | grep -q 'sea chest)'"
expect_exit 0 "another agency sees no conflict" P "$D" conflicts
CID=$(P "$B" conflicts | head -1 | cut -d' ' -f1)
expect_exit 3 "resolve refuses a bad choice" P "$B" resolve "$CID" --keep both
expect_exit 0 "the second device resolves it keeping its value" P "$B" resolve "$CID" --keep mine
expect_exit 3 "a conflict is resolved once" P "$B" resolve "$CID" --keep theirs
P "$B" sync >/dev/null && P "$A" sync >/dev/null && P "$D" sync >/dev/null
expect_exit 0 "after syncs the first device has no conflict left" P "$A" conflicts
expect_exit 0 "nor the second" P "$B" conflicts
for db in "$A" "$B" "$D"; do
	check "$(basename "$db" .db) holds the resolved value" sh -c "'$PORTOPS' --db '$db' show '$ID' --json | grep -q '\"level\":	\"low\"'"
done
