#!/usr/bin/env bash
# tests/tui/edit.sh - changing records from the console in script mode: a controlled delivery
# made through forms (two route legs, a container refused for its check digit and then accepted,
# log entries and an amendment, a checklist run to completion, a status change, narrowing the
# releasability and the audit trail showing each change); cancelling a form or the editor
# changes nothing and the editor's temporary file is removed; deletes ask first; another
# agency's record is refused with the store's message.
. tests/lib.sh

DB=$TEST_TMP/store.db
P() { "$PORTOPS" --db "$DB" "$@"; }
P init --agency DIRANDRO --operator ana >/dev/null
export TMPDIR=$TEST_TMP/tmp
mkdir -p "$TMPDIR"

# run NAME: runs the script $TEST_TMP/NAME.script on DB.
run() {
	PORTOPS_NOW=2026-12-01T10:00:00Z "$PORTOPS" --db "$DB" --script "$TEST_TMP/$1.script" \
		>"$TEST_TMP/$1.out" 2>"$TEST_TMP/$1.err"
}
script() { cat >"$TEST_TMP/$1.script"; }
passes() {
	if run "$1"; then ok "$2"; else not_ok "$2"; sed 's/^/# /' "$TEST_TMP/$1.err" | head -40; fi
}
# keyn KEY N: N lines "key KEY".
keyn() { for _ in $(seq 1 "$2"); do echo "key $1"; done; }
case_json() { P show "$C" --json >"$TEST_TMP/case.json"; }

# --- a new controlled delivery through the form ---------------------------------------------
{
	echo "keys 3"
	echo "key n"
	echo "expect New case"
	echo "key Down"
	echo "type Entrega vigilada Callao-Valencia"
	echo "key Down"
	keyn Left 2
	echo "expect < controlled_delivery >"
	keyn Down 2
	echo "type PE CLL"
	keyn Down 5
	echo "key Left"
	echo "expect < GREEN >"
	echo "key Down"
	keyn Right 2
	echo "expect < community >"
	echo "key C-x"
	echo "expect created PECLL-2026-0001"
	echo "expect Entrega vigilada"
} | script newcase
passes newcase "a case is made through the form (enums cycle, the port is normalised)"
C=$(P list case --json | grep -o '"ref":[^,]*' | head -1 | cut -d'"' -f4)
check "the case is in the store" test -n "$C"
case_json
contains "its port is stored normalised" "$TEST_TMP/case.json" '"port":	"PECLL"'
contains "its type came from the enum" "$TEST_TMP/case.json" '"type":	"controlled_delivery"'

# --- route legs and authorisation -------------------------------------------------------------
{
	echo "cmd go $C"
	echo "key +"
	echo "type leg"
	echo "enter"
	echo "expect New route leg"
	echo "type PE CLL"
	echo "key Down"
	echo "type DIRANDRO,SUNAT"
	echo "key Down"
	echo "type 2030-01-01T08:00"
	echo "expect time must be"
	echo "type :00Z"
	echo "key C-x"
	echo "key +"
	echo "type leg"
	echo "enter"
	echo "type ES VLC"
	keyn Down 2
	echo "type 2030-01-20T08:00:00Z"
	echo "key C-x"
	echo "expect Route"
	echo "key +"
	echo "type auth"
	echo "enter"
	echo "type PE"
	echo "key Down"
	keyn Right 3
	echo "expect < granted >"
	echo "key C-x"
	echo "key r"
	echo "type Still missing|authorisation for|no agency"
	echo "enter"
	echo "expect Still missing"
	echo "expect authorisation for ES"
	echo "expect leg 2 (ESVLC): no agency responsible"
} | script route
passes route "two route legs and an authorisation through forms; the case shows what is missing"
{
	echo "cmd go $C"
	echo "key +"
	echo "type arrival"
	echo "enter"
	echo "expect Arrival at a route leg"
	echo "type 3"
	echo "key Down"
	echo "type 2026-11-30T10:00:00Z"
	echo "key C-x"
	echo "expect the route has no leg 3"
	echo "key Up"
	echo "key Backspace"
	echo "type 1"
	echo "key C-x"
	echo "expect saved"
	echo "expect actual 2026-11-30 10:00"
} | script arrival
passes arrival "the actual time of a leg is recorded; a leg the route lacks is refused"
P case route "$C" >"$TEST_TMP/route"
contains "the second leg is at Valencia" "$TEST_TMP/route" " 2. ESVLC"
contains "the first leg was reached" "$TEST_TMP/route" "actual 2026-11-30T10:00:00Z"
contains "the first leg has its agencies" "$TEST_TMP/route" "DIRANDRO SUNAT"

# --- entities: a wrong check digit is refused, nothing is stored ------------------------------
{
	echo "cmd go $C"
	echo "key +"
	echo "type container"
	echo "enter"
	echo "expect New entity: container"
	keyn Down 5
	echo "type CSQU3054384"
	echo "expect check digit is 4, expected 3"
	echo "key C-x"
	echo "expect container: check digit is 4, expected 3"
	echo "esc"
	echo "expect cancelled: nothing was changed"
} | script badbox
passes badbox "a container with a wrong check digit shows the reason as it is typed and is refused"
case_json
P show "$C" --json >"$TEST_TMP/all.json"
lacks "nothing of it was stored" "$TEST_TMP/all.json" "CSQU3054384"
{
	echo "cmd go $C"
	echo "key +"
	echo "type container"
	echo "enter"
	echo "type Reefer 40"
	keyn Down 5
	echo "type CSQU 305438 3"
	echo "key C-x"
	echo "expect saved"
	echo "key G"
	echo "expect CSQU3054383"
} | script goodbox
passes goodbox "the right container is accepted and shown"
P show "$C" --json >"$TEST_TMP/all.json"
contains "the container is stored without spaces" "$TEST_TMP/all.json" '"container":	"CSQU3054383"'

# --- case log: entries, an amendment, a status change with a reason ---------------------------
{
	echo "cmd go $C"
	echo "key a"
	echo "type evidence: Sello H-778 verificado"
	echo "enter"
	echo "expect appended to the case log"
	echo "key A"
	echo "expect Which entry"
	echo "type H-778"
	echo "enter"
	echo "type Corrección: sello H-779"
	echo "enter"
	echo "expect the amendment was appended"
	echo "key S"
	echo "expect New status"
	echo "type active"
	echo "enter"
	echo "type autorización recibida"
	echo "enter"
	echo "expect the status was changed"
} | script log
passes log "log entries in one line, an amendment picked from the log, a status with a reason"
P show "$C" >"$TEST_TMP/show"
contains "the original entry stays" "$TEST_TMP/show" "Sello H-778 verificado"
contains "the amendment is there" "$TEST_TMP/show" "Corrección: sello H-779"
contains "the entry kind came from the line" "$TEST_TMP/show" "[evidence]"
contains "the reason is in the case log" "$TEST_TMP/show" "autorización recibida"

# the entry under the cursor of the case log is the one A amends
{
	echo "cmd go $C"
	echo "key a"
	echo "type decision: Entrega autorizada hasta Valencia"
	echo "enter"
	echo "key r"
	echo "type \\[decision\\]"
	echo "enter"
	echo "key A"
	echo "expect Amends"
	echo "type Corrección: hasta Amberes"
	echo "enter"
	echo "expect the amendment was appended"
} | script amendcursor
passes amendcursor "A amends the case log entry under the cursor"
P show "$C" >"$TEST_TMP/show"
CID=$(P show "$C" --json | grep -m1 '"id"' | cut -d'"' -f4)
P list log --parent "$CID" --json >"$TEST_TMP/log.json"
check "both corrections are there, each amending an entry" test "$(grep -c '"amends"' "$TEST_TMP/log.json")" = 2
contains "the second amends the decision" "$TEST_TMP/show" "Corrección: hasta Amberes"

# --- a link picked from a list, a handover through a form ------------------------------------
{
	echo "cmd go $C"
	echo "key +"
	echo "type link"
	echo "enter"
	echo "expect Link the case to"
	echo "type RIPON"
	echo "enter"
	echo "type modalidad observada"
	echo "enter"
	echo "expect linked"
	echo "key +"
	echo "type handover"
	echo "enter"
	echo "type DIRANDRO"
	echo "key Down"
	echo "type DIRAN"
	echo "key Down"
	echo "type CO CTG"
	echo "key C-x"
	echo "expect saved"
	echo "cmd go TEC-RIPON"
	echo "key G"
	echo "expect $C"
} | script link
passes link "a link to a technique picked from a list shows on the technique; a handover is saved"
P show "$C" >"$TEST_TMP/show"
contains "the handover is a case log entry" "$TEST_TMP/show" "Handover DIRANDRO -> DIRAN at COCTG"

# --- a checklist run to completion ----------------------------------------------------------
steps=$(P show PO-SEAL-01 --json | grep -c '"text_en"')
{
	echo "cmd go $C"
	echo "key +"
	echo "type checklist"
	echo "enter"
	echo "type SEAL"
	echo "enter"
	echo "expect Checklist PO-SEAL-01 v1"
	echo "expect mandatory steps open"
	for n in $(seq 1 "$steps"); do echo "keys x"; echo "type ok $n"; echo "enter"; done
	echo "expect every mandatory step is done"
	echo "expect [x]"
	echo "key q"
	echo "key m"
	echo "expect Checklist PO-SEAL-01 v1 · every mandatory step is done"
} | script checklist
passes checklist "a checklist runs from the manual to completion, showing the procedure version"
R=$(P show "$C" --json | grep -o '"procedure_version"' | head -1)
P list checklist --json >"$TEST_TMP/runs.json" 2>/dev/null || true

# --- releasability: RED without recipients is refused, then narrowed --------------------------
{
	echo "cmd go $C"
	echo "key e"
	echo "expect Edit: $C"
	keyn Down 9
	keyn Right 3
	echo "expect < RED >"
	echo "expect TLP:RED"
	echo "key C-x"
	echo "expect Edit: $C"
	keyn Left 2
	echo "expect < AMBER >"
	echo "key Down"
	echo "key Left"
	echo "expect < listed >"
	echo "key Down"
	echo "type NOSUCH"
	echo "expect unknown agency NOSUCH"
	echo "key C-u"
	echo "enter"
	echo "expect Add or remove an agency"
	echo "type SENAE"
	echo "enter"
	echo "expect SENAE"
	echo "key C-x"
	echo "expect saved"
	echo "key t"
	echo "expect Audit trail: $C"
	echo "expect tlp, share, share_with"
	echo "expect status"
} | script narrow
passes narrow "RED without recipients is refused; narrowing to AMBER listed SENAE is saved"
case_json
contains "the case is now AMBER" "$TEST_TMP/case.json" '"tlp":	"AMBER"'
contains "listed for SENAE" "$TEST_TMP/case.json" '"SENAE"'
P audit "$C" >"$TEST_TMP/audit"
contains "the audit trail shows the narrowing" "$TEST_TMP/audit" "tlp, share, share_with"

# --- cancelling changes nothing; the editor's file is removed -------------------------------
cat >"$TEST_TMP/editor.sh" <<X
#!/bin/sh
echo "\$1" >>"$TEST_TMP/editor-files"
printf 'Resumen escrito en el editor\n' >"\$1"
X
cat >"$TEST_TMP/fail-editor.sh" <<X
#!/bin/sh
echo "\$1" >>"$TEST_TMP/editor-files"
printf 'never kept\n' >"\$1"
exit 1
X
chmod +x "$TEST_TMP/editor.sh" "$TEST_TMP/fail-editor.sh"
case_json
cp "$TEST_TMP/case.json" "$TEST_TMP/before.json"
{
	echo "cmd go $C"
	echo "key e"
	echo "key Down"
	echo "type  cambiado"
	keyn Down 5
	echo "enter"
	echo "expect Resumen escrito"
	echo "esc"
	echo "expect cancelled: nothing was changed"
} | script cancel
EDITOR=$TEST_TMP/editor.sh passes cancel "Esc leaves a form after typing and after the editor"
case_json
check "cancelling changed nothing" cmp -s "$TEST_TMP/before.json" "$TEST_TMP/case.json"
check "the editor ran on a temporary file" test -s "$TEST_TMP/editor-files"
check "the temporary file was removed" sh -c "! test -e \"\$(head -1 '$TEST_TMP/editor-files')\""
check "and nothing is left in TMPDIR" test -z "$(ls -A "$TMPDIR")"
{
	echo "cmd go $C"
	echo "key e"
	keyn Down 6
	echo "enter"
	echo "expect the text was not changed"
	echo "key C-x"
	echo "expect nothing was changed"
} | script failed
VISUAL=$TEST_TMP/fail-editor.sh EDITOR=$TEST_TMP/editor.sh passes failed "an editor that fails (VISUAL first) keeps the text"
case_json
check "a failed editor changed nothing" cmp -s "$TEST_TMP/before.json" "$TEST_TMP/case.json"
lacks "its text was not kept" "$TEST_TMP/case.json" "never kept"
{
	echo "cmd go $C"
	echo "key e"
	keyn Down 6
	echo "enter"
	echo "key C-x"
	echo "expect saved"
	echo "expect Resumen escrito en el editor"
} | script summary
EDITOR=$TEST_TMP/editor.sh passes summary "the summary written in the editor is saved"
check "every temporary file was removed" test -z "$(ls -A "$TMPDIR")"

# --- threats: new, delete with a confirmation naming the record -----------------------------
{
	echo "keys 2"
	echo "key n"
	echo "key Down"
	echo "type Lanchas rápidas en Tumaco"
	keyn Down 6
	echo "enter"
	echo "expect Add or remove a technique"
	echo "type RIPON"
	echo "enter"
	echo "key C-x"
	echo "expect created"
	echo "expect Threats · 1 of 1"
	echo "enter"
	echo "expect Rip-on/rip-off"
	echo "key q"
	echo "key d"
	echo "expect Delete threat"
	echo "expect Lanchas rápidas en Tumaco"
	echo "type n"
	echo "enter"
	echo "expect not deleted"
	echo "expect Threats · 1 of 1"
	echo "key d"
	echo "type y"
	echo "enter"
	echo "expect deleted"
	echo "expect Threats · 0 of 0"
} | script threat
passes threat "a threat is made, a delete asks first naming it, then tombstones it"
P list threat --json --deleted >"$TEST_TMP/threats.json"
contains "the threat is a tombstone" "$TEST_TMP/threats.json" '"deleted":	true'
contains "that keeps its title" "$TEST_TMP/threats.json" "Lanchas rápidas en Tumaco"

# --- the forms speak Spanish ----------------------------------------------------------------
{
	echo "cmd lang es"
	echo "keys 2"
	echo "key n"
	echo "expect Nueva amenaza"
	echo "expect título *"
	echo "expect [ Guardar ]"
	echo "key Down"
	echo "type x"
	echo "key C-u"
	echo "expect obligatorio"
	echo "esc"
	echo "expect cancelado: no se cambió nada"
} | script spanish
passes spanish "forms, reasons and messages in Spanish"

# --- another agency's record ----------------------------------------------------------------
{
	echo "cmd go PO-SEAL-01"
	echo "key e"
	echo "expect belongs to REF"
	echo "key t"
	echo "expect Audit trail: PO-SEAL-01"
} | script refrec
passes refrec "a procedure of REF cannot be edited: the store's message is shown; t shows its trail"
# a case of SENAE, shared with every agency, arrives in a bundle: its fields are SENAE's to edit,
# but DIRANDRO may append to its log
S="$TEST_TMP/senae.db"
"$PORTOPS" --db "$S" init --agency SENAE --operator luis >/dev/null
"$PORTOPS" --db "$S" add case --set ref=EC-2026-9 --set title="Contaminación en Posorja" \
	--set type=seizure --set tlp=GREEN --set share=community >/dev/null
"$PORTOPS" --db "$S" export --bundle "$TEST_TMP/senae.bundle" --for DIRANDRO >/dev/null
expect_exit 0 "a bundle of SENAE is imported" P import "$TEST_TMP/senae.bundle"
{
	echo "cmd go EC-2026-9"
	echo "key e"
	echo "expect belongs to SENAE"
	echo "key a"
	echo "type Apoyo de DIRANDRO en la inspección"
	echo "enter"
	echo "expect appended to the case log"
	echo "key S"
	echo "key Enter"
	echo "type no"
	echo "enter"
	echo "expect belongs to SENAE"
} | script other
passes other "another agency's case: its fields are refused with the store's message, its log takes entries"
P show EC-2026-9 >"$TEST_TMP/other"
contains "the entry was appended to SENAE's case" "$TEST_TMP/other" "Apoyo de DIRANDRO"
# --- the editor in a real terminal (tmux): the console gives the terminal back and redraws ---
if command -v tmux >/dev/null; then
	SOCK=$TEST_TMP/tmux.sock
	tm() { tmux -u -f /dev/null -S "$SOCK" "$@"; }
	trap 'tm kill-server 2>/dev/null; rm -rf "$TEST_TMP"' EXIT
	cat >"$TEST_TMP/tmux-editor.sh" <<X
#!/bin/sh
stty -g >"$TEST_TMP/editor-stty"
printf 'Resumen desde tmux\n' >"\$1"
X
	chmod +x "$TEST_TMP/tmux-editor.sh"
	cat >"$TEST_TMP/tmux.run" <<X
stty -g >"$TEST_TMP/shell-stty"
EDITOR="$TEST_TMP/tmux-editor.sh" TMPDIR="$TMPDIR" "$PORTOPS" --db "$DB"
echo \$? >"$TEST_TMP/tmux.exit"
sleep 60
X
	tm new-session -d -s ed -x 80 -y 24 "bash $TEST_TMP/tmux.run"
	shows() { tm capture-pane -p -t ed >"$TEST_TMP/tmux.screen" 2>/dev/null && grep -qF -- "$1" "$TEST_TMP/tmux.screen"; }
	sees() { if wait_for 10 shows "$2"; then ok "$1"; else not_ok "$1 (no '$2')"; sed 's/^/# /' "$TEST_TMP/tmux.screen"; fi; }
	sees "tmux: the console starts" "Port board"
	tm send-keys -t ed ":go $C" Enter
	sees "tmux: the case opens" "Case: $C"
	tm send-keys -t ed e Down Down Down Down Down Down Enter
	sees "tmux: after the editor the form is drawn again with the text" "Resumen desde tmux"
	check "tmux: the editor had the terminal in the shell's modes (endwin before it)" \
		cmp -s "$TEST_TMP/shell-stty" "$TEST_TMP/editor-stty"
	tm send-keys -t ed C-x
	sees "tmux: saved" "saved"
	tm send-keys -t ed Q
	check "tmux: the console ends with exit code 0" wait_for 10 grep -qx 0 "$TEST_TMP/tmux.exit"
	P show "$C" --json >"$TEST_TMP/case.json"
	contains "tmux: the summary is stored" "$TEST_TMP/case.json" "Resumen desde tmux"
	check "tmux: no temporary file is left" test -z "$(ls -A "$TMPDIR")"
else
	ok "# SKIP tmux is not installed (make deps installs it)"
fi
expect_exit 0 "the store and its audit chain are intact" P check
