# Bundles relayed through a control room: a patrol laptop with no network hands a file to the
# control room and gets one back, with the same result as a sync (its outbox acknowledged, its
# records at the exchange's revisions, revoked records gone); importing twice changes nothing.
. tests/lib.sh
. tests/integration/exchange.lib

if ! grep -q relay_import net/bundle.c 2>/dev/null; then
	ok "# SKIP bundles do not carry relay results yet (net/bundle.c calls relay_export/relay_import)"
	exit 0
fi
xinit "$TEST_TMP/x"
xtoken DIRANDRO control-room "$TEST_TMP/tc" && xtoken DIAN cartagena "$TEST_TMP/td"
xstart || { not_ok "the exchange starts"; exit 1; }
C=$TEST_TMP/control.db L=$TEST_TMP/laptop.db D=$TEST_TMP/dian.db
xconsole "$C" DIRANDRO "$TEST_TMP/tc" && xconsole "$D" DIAN "$TEST_TMP/td"
P "$L" init --agency DIRANDRO --operator patrol >/dev/null
count() { sqlite3 "$1" "$2"; }

# DIAN shares a record with DIRANDRO; the control room syncs and carries it to the laptop.
SHARED=$(P "$D" add threat --set title="Semi-submersible sighted" --set level=high --set tlp=AMBER \
	--set share=listed --set share_with=DIRANDRO | tail -1 | cut -d" " -f1)
P "$D" sync >/dev/null && P "$C" sync >/dev/null
expect_exit 0 "the control room exports a bundle for the laptop" P "$C" export --bundle "$TEST_TMP/out1.json" --for DIRANDRO
expect_exit 0 "the laptop imports it" P "$L" import "$TEST_TMP/out1.json"
check "the laptop holds DIAN's shared record at the exchange's revision" \
	test "$(count "$L" "select rev from threats where id='$SHARED'")" -gt 0

# The laptop works offline, then hands its bundle to the control room.
CASE=$(P "$L" add case --set title="Controlled delivery MSC X" --set type=controlled_delivery --set share=agency | tail -1 | cut -d" " -f1)
for i in 1 2 3; do P "$L" log "$CASE" "patrol note $i" >/dev/null; done
check "the laptop's outbox holds its work" test "$(count "$L" "select count(*) from outbox")" = 4
expect_exit 0 "the laptop exports its bundle" P "$L" export --bundle "$TEST_TMP/in.json"
expect_exit 0 "the control room imports it" P "$C" import "$TEST_TMP/in.json"
expect_exit 0 "the control room syncs, relaying the laptop's mutations" P "$C" sync
check "the exchange has the laptop's case and log entries once" \
	test "$(count "$XDB" "select count(*) from records where id='$CASE' or json_extract(body,'\$.parent')='$CASE'")" = 4
expect_exit 0 "the control room imports the same bundle again: nothing changes" P "$C" import "$TEST_TMP/in.json"
expect_exit 0 "and a second sync relays nothing twice" P "$C" sync
check "still once" \
	test "$(count "$XDB" "select count(*) from records where id='$CASE' or json_extract(body,'\$.parent')='$CASE'")" = 4

# DIAN withdraws its record from DIRANDRO: the revocation travels too.
P "$D" edit "$SHARED" --set share=agency --set share_with= >/dev/null && P "$D" sync >/dev/null
P "$C" sync >/dev/null
expect_exit 0 "the control room exports the answer" P "$C" export --bundle "$TEST_TMP/out2.json" --for DIRANDRO
expect_exit 0 "the laptop imports the answer" P "$L" import "$TEST_TMP/out2.json"
check "the laptop's outbox is acknowledged" test "$(count "$L" "select count(*) from outbox")" = 0
check "its case is at the exchange's revision" test "$(count "$L" "select rev from cases where id='$CASE'")" -gt 0
check "the revoked record is gone from the laptop" test "$(count "$L" "select count(*) from threats where id='$SHARED'")" = 0
X dump --agency DIRANDRO | sed 's/.*"id":"\([^"]*\)".*"rev":\([0-9]*\).*/\1 \2/' | sort >"$TEST_TMP/want"
for t in threats cases case_log; do count "$L" "select id, rev from $t where owner != 'REF'"; done | tr '|' ' ' | sort >"$TEST_TMP/have"
grep -v "$(count "$XDB" "select group_concat(id, '\|') from records where json_extract(body,'\$.owner')='REF'")" "$TEST_TMP/want" >"$TEST_TMP/want2" || true
check "the laptop holds what a sync would have given it" diff "$TEST_TMP/want2" "$TEST_TMP/have"
expect_exit 0 "importing the answer twice changes nothing" P "$L" import "$TEST_TMP/out2.json"
check "still nothing pending" test "$(count "$L" "select count(*) from outbox")" = 0
