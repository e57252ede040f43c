#!/usr/bin/env bash
# tests/tui/console.sh - the console in script mode: script errors, navigation, filters, search,
# the command line, portops.conf, resizing, escape sequences in records and a 100,000-case list.
. tests/lib.sh
. tests/tui/seed.inc

DB=$TEST_TMP/store.db
check "seed the store" seed_store "$DB"

# run NAME [LANG]: runs the script $TEST_TMP/NAME.script (written by the caller) on DB.
run() {
	tui_script "$DB" "$TEST_TMP/$1.script" "${2:-en}" >"$TEST_TMP/$1.out" 2>"$TEST_TMP/$1.err"
}
# script NAME: writes standard input as the script NAME.
script() {
	cat >"$TEST_TMP/$1.script"
}
# passes NAME DESCRIPTION: the script NAME runs to its end (every expect held).
passes() {
	if run "$1" "${3:-en}"; then ok "$2"; else not_ok "$2"; sed 's/^/# /' "$TEST_TMP/$1.err" | head -30; fi
}

# --- script mode itself -------------------------------------------------------------------
printf 'keys 2\nfrobnicate now\n' | script bad
expect_exit 2 "a bad script line is a usage error" tui_script "$DB" "$TEST_TMP/bad.script"
contains "the message names the file and line" "$TEST_TMP/err" "bad.script:2: unknown step 'frobnicate'"
printf 'key Hyper-x\n' | script badkey
expect_exit 2 "an unknown key name is refused" tui_script "$DB" "$TEST_TMP/badkey.script"
printf 'resize 5 5\n' | script badsize
expect_exit 2 "a resize out of range is refused" tui_script "$DB" "$TEST_TMP/badsize.script"
expect_exit 2 "a missing script is refused" tui_script "$DB" "$TEST_TMP/none.script"
printf 'expect Nothing like this\n' | script fails
expect_exit 1 "a failed expect ends the script with exit code 1" tui_script "$DB" "$TEST_TMP/fails.script"
contains "and says what was missing" "$TEST_TMP/err" "does not show 'Nothing like this'"
printf '# comment\n\nkeys 2\nexpect Threats · 1 of 2\nquit\nexpect never reached\n' | script quits
passes quits "comments, blank lines and quit"

# --- navigation ---------------------------------------------------------------------------
script nav <<'X'
esc
expect Port board
keys 2
expect Threats · 1 of 2
keys jj
expect Threats · 2 of 2
keys g
expect Threats · 1 of 2
key Enter
expect Threat: THR-002
key q
expect Threats · 1 of 2
keys 1
expect Port board
keys 2
expect Threats · 1 of 2
X
passes nav "Esc at a tab's root stays; digits switch tabs, j/k/g move, Enter opens, q goes back"

script related <<'X'
keys 5
cmd go TEC-RIPON
expect Dictionary: Rip-on/rip-off
key r
type ^TEC-
enter
expect TEC-GANCHO-CIEGO
enter
expect Dictionary: Road diversion on the way to port
key q
expect Dictionary: Rip-on/rip-off
X
passes related "a related dictionary entry opens with Enter and q comes back"

script citing <<'X'
cmd go TEC-RIPON
key G
expect Cases that cite it
expect CD-2026-014    Controlled delivery
cmd go THR-001
key G
expect Linked cases
expect CD-2026-014
X
passes citing "techniques and threats list the cases that link to them"

printf 'keys 2\nkey q\nkey q\ndump %s\n' "$TEST_TMP/after-q.txt" | script rootq
passes rootq "q at the first screen of a tab leaves the console"
check "and nothing runs after it" test ! -e "$TEST_TMP/after-q.txt"
printf 'key Esc\nkey Esc\ndump %s\n' "$TEST_TMP/after-esc.txt" | script rootesc
passes rootesc "Esc at the first screen of a tab does not"
check "the console still runs after it" test -e "$TEST_TMP/after-esc.txt"

# --- filters --------------------------------------------------------------------------------
script filters <<'X'
keys 2f
type port=pecll
enter
expect Threats · 1 of 1 · port=PECLL
expect Rip-on/rip-off in reefer
keys f
key C-u
type level=extreme
enter
expect 'extreme' is not a level
expect Threats · 1 of 1 · port=PECLL
keys f
key C-u
enter
expect Threats · 1 of 2
keys r
type semi.*guayaquil
enter
expect Threats · 1 of 1 · /semi.*guayaquil/
keys r
key C-u
type (unclosed
enter
expect bad regular expression
cmd regex
expect Threats · 1 of 2
cmd filter status=emerging
expect Threats · 1 of 1 · status=emerging
keys 6
cmd filter tlp=green
expect Bulletins · 1 of 1 · tlp=GREEN
cmd filter tlp=purple
expect 'PURPLE' is not a tlp
X
passes filters "field filters, regular-expression filters and their errors"

script casefilter <<'X'
keys 3
cmd filter type=investigation
expect INV-2026-003
expect Cases · 1 of 1
keys 1f
expect there is no list to filter here
keys r
type bad
enter
expect (no line matches the filter)
X
passes casefilter "cases filter by type; f is for lists, r filters the lines of a page"

# --- search and command line ------------------------------------------------------------------
script search <<'X'
key /
type preñado
enter
expect Search: preñado
expect Dictionary (
key Enter
expect Dictionary:
cmd search zzzyyyxxx
expect Nothing found for 'zzzyyyxxx'.
X
passes search "search across kinds, accents ignored, Enter opens a result"

script commands <<'X'
cmd go NOPE-000
expect no record
cmd :go CD-2026-014
expect Case: CD-2026-014
cmd frob
expect unknown command ':frob'
cmd isps PECLL 3
keys 1
expect PECLL  Callao
cmd port PECLL
expect ISPS level       3
key i
type 2
enter
expect PECLL is now at ISPS level 2
expect ISPS level       2
key q
expect Port board
X
passes commands ":go, :port, :isps, unknown commands and the i key"
check "the ISPS level is stored" sh -c "'$PORTOPS' --db '$DB' id PECLL | grep -q 'ISPS level 2\\|isps.*2' || sqlite3 '$DB' 'SELECT isps_level FROM ports WHERE locode=\"PECLL\"' | grep -qx 2"

script dumpcmd <<X
keys 3
cmd dump-screen $TEST_TMP/cmd-dump.txt
X
passes dumpcmd ":dump-screen runs"
contains ":dump-screen writes the screen" "$TEST_TMP/cmd-dump.txt" "Cases · 1 of 2"
lacks "the dump is of the screen, not of the prompt" "$TEST_TMP/cmd-dump.txt" ":dump-screen"

script unbound <<'X'
keys z
expect the key z does nothing here
X
passes unbound "an unbound key says so"

# --- portops.conf ------------------------------------------------------------------------------
mkdir -p "$HOME/.config/portops"
printf 'bind z threats\nbind j none\ncolor=off\nsync_interval=lots\n' >"$HOME/.config/portops/portops.conf"
script conf <<'X'
expect portops.conf:4: sync_interval must be a
keys z
expect Threats · 1 of 2
keys j
expect the key j does nothing here
X
passes conf "portops.conf binds keys, reports its bad lines"
rm "$HOME/.config/portops/portops.conf"

# --- languages ---------------------------------------------------------------------------------
script lang <<'X'
expect Port board
cmd lang es
expect La interfaz ahora habla español.
expect Tablero de puertos
keys 2
expect Amenazas · 1 de 2
expect crítico
cmd lang en
expect The interface now speaks English.
expect Threats · 1 of 2
X
passes lang ":lang switches the interface between English and Spanish"
printf 'language=es\n' >"$TEST_TMP/es.conf"
printf 'expect Tablero de puertos\nkeys 3\nexpect Casos · 1 de 2\n' | script conflang
if PORTOPS_CONF=$TEST_TMP/es.conf PORTOPS_NOW=2026-12-01T10:00:00Z "$PORTOPS" --db "$DB" \
	--script "$TEST_TMP/conflang.script" 2>"$TEST_TMP/err"; then
	ok "language=es in portops.conf (PORTOPS_CONF) speaks Spanish under LANG=C.UTF-8"
else
	not_ok "language=es in portops.conf (PORTOPS_CONF) speaks Spanish under LANG=C.UTF-8"
	sed 's/^/# /' "$TEST_TMP/err" | head -30
fi
printf 'expect Threats\n' | script envwins
if PORTOPS_LANG=en PORTOPS_CONF=$TEST_TMP/es.conf PORTOPS_NOW=2026-12-01T10:00:00Z "$PORTOPS" --db "$DB" \
	--script "$TEST_TMP/envwins.script" 2>/dev/null; then
	ok "PORTOPS_LANG wins over portops.conf"
else
	not_ok "PORTOPS_LANG wins over portops.conf"
fi

# --- an exercise store ------------------------------------------------------------------------
EX=$TEST_TMP/exercise.db
check "an exercise store" sh -c "'$PORTOPS' exercise start EX-GYE-REEFER --db '$EX' --no-console \
	--agency DIRANDRO --operator jperez >/dev/null"
printf 'expect EXERCISE\nkeys 3\nexpect EXERCISE\nwait-ms 1500\nexpect Inject 1 (alert)\n' | script exercise
if "$PORTOPS" --db "$EX" --script "$TEST_TMP/exercise.script" 2>"$TEST_TMP/err"; then
	ok "an exercise store shows the EXERCISE banner and the console delivers the injects that are due"
else
	not_ok "an exercise store shows the EXERCISE banner and the console delivers the injects that are due"
	sed 's/^/# /' "$TEST_TMP/err" | head -30
fi

# --- resizing ----------------------------------------------------------------------------------
script resize <<X
keys 3
resize 100 30
dump $TEST_TMP/r100.txt
resize 40 12
dump $TEST_TMP/r40.txt
resize 20 5
dump $TEST_TMP/r20.txt
resize 80 24
expect Cases · 1 of 2
X
passes resize "resizing keeps the console running"
check "100x30 fills 30 rows" test "$(wc -l <"$TEST_TMP/r100.txt")" = 30
contains "100 columns show every tab label in full" "$TEST_TMP/r100.txt" "4 Procedures 5 Dictionary 6 Bulletins"
check "40x12 fills 12 rows" test "$(wc -l <"$TEST_TMP/r40.txt")" = 12
contains "a tiny terminal says so" "$TEST_TMP/r20.txt" "Terminal too small"

# --- escape sequences in a record ---------------------------------------------------------------
evil_sql() {
	local title="'Evil ' || char(27) || ']2;pwned' || char(7) || ' title ' || char(27) || '[2J end'"
	cat <<SQL
INSERT INTO threats(id, owner, rev, tlp, share, share_with, created_at, created_by, updated_at,
  updated_by, deleted, ref, title, body)
VALUES ('6f1c2a8e-0000-4000-8000-00000000e5c0', 'DIRANDRO', 0, 'GREEN', 'community', '[]',
  '2026-12-01T09:00:00Z', 'jperez', '2026-12-01T09:00:00Z', 'jperez', 0, 'THR-666', $title,
  json_object('ref', 'THR-666', 'title', $title, 'level', 'high', 'status', 'active',
              'ports', json_array('PECLL')));
INSERT INTO search_docs(kind, id, title, body)
VALUES ('threat', '6f1c2a8e-0000-4000-8000-00000000e5c0', $title, 'evil body');
SQL
}
EVIL=$TEST_TMP/evil.db
cp "$DB" "$EVIL"
check "a threat with escape sequences goes in by SQL" sh -c "sqlite3 '$EVIL' >/dev/null" < <(evil_sql)
sqlite3 "$EVIL" <<<"$(evil_sql)" >/dev/null 2>&1 || true
script evil <<X
keys 2
dump $TEST_TMP/evil-list.txt
key Enter
dump $TEST_TMP/evil-detail.txt
cmd search evil
dump $TEST_TMP/evil-search.txt
X
if PORTOPS_NOW=2026-12-01T10:00:00Z "$PORTOPS" --db "$EVIL" --script "$TEST_TMP/evil.script" 2>"$TEST_TMP/err"; then
	ok "the console shows the record"
else
	not_ok "the console shows the record"
fi
for f in list detail search; do
	contains "the $f shows ESC and BEL escaped" "$TEST_TMP/evil-$f.txt" "Evil ^[]2;pwned^G title ^[[2J"
	check "the $f dump holds no control character" sh -c "! LC_ALL=C grep -q '[[:cntrl:]]' '$TEST_TMP/evil-$f.txt'"
done

# --- a list of 100,000 cases --------------------------------------------------------------------
BIG=$TEST_TMP/big.db
cp "$DB" "$BIG"
sqlite3 "$BIG" <<'SQL'
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO cases(id, owner, rev, tlp, share, share_with, created_at, created_by, updated_at,
  updated_by, deleted, ref, title, body)
SELECT printf('00000000-0000-4000-8000-%012d', i), 'DIRANDRO', 0, 'GREEN', 'agency', '[]',
  '2026-01-01T00:00:00Z', 'bulk', '2026-01-01T00:00:00Z', 'bulk', 0, printf('BULK-%06d', i),
  printf('Bulk case %06d', i),
  json_object('ref', printf('BULK-%06d', i), 'title', printf('Bulk case %06d', i),
              'type', 'seizure', 'status', 'open', 'port', 'PECLL')
FROM n;
SQL
script big <<'X'
keys 3
expect Cases · 1 of 100002
key PgDn
key PgDn
expect BULK-099964
key G
expect Cases · 100002 of 100002
expect BULK-000001
key PgUp
key g
expect Cases · 1 of 100002
keys r
type BULK-0000(42|77)\b
enter
expect BULK-000077
expect Cases · 1 of 2 · /BULK-0000(42|77)\b/
key G
expect BULK-000042
X
start=$(date +%s%N)
if PORTOPS_NOW=2026-12-01T10:00:00Z "$PORTOPS" --db "$BIG" --script "$TEST_TMP/big.script" 2>"$TEST_TMP/err"; then
	ok "a 100,000-case list opens, pages, jumps to its end and filters"
else
	not_ok "a 100,000-case list opens, pages, jumps to its end and filters"
	sed 's/^/# /' "$TEST_TMP/err" | head -30
fi
ms=$((($(date +%s%N) - start) / 1000000))
echo "# 100,000 cases: ${ms} ms"
check "and does it in under 10 s even under sanitizers (${ms} ms)" test "$ms" -lt 10000
script bigopen <<'X'
keys 3
expect BULK-100000
X
start=$(date +%s%N)
PORTOPS_NOW=2026-12-01T10:00:00Z "$PORTOPS" --db "$BIG" --script "$TEST_TMP/bigopen.script" 2>/dev/null
ms=$((($(date +%s%N) - start) / 1000000))
echo "# opening the 100,000-case list: ${ms} ms"
check "the list opens at once (${ms} ms < 1500)" test "$ms" -lt 1500
