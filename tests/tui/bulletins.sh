#!/usr/bin/env bash
# tests/tui/bulletins.sh - the Bulletins tab in script mode: compose a draft (prompts, then the
# editor: EDITOR is a tiny script that writes fixed text), cite a technique by reference and a
# threat from a search, preview the text rendering (TLP label at the top and the bottom), issue
# (DIRANDRO-2026-001 at a fixed PORTOPS_NOW), withdraw (a reason is asked for) and correct; and
# the editor in a real terminal (tmux).
. tests/lib.sh

DB=$TEST_TMP/store.db
export PORTOPS_NOW=2026-12-01T10:00:00Z PORTOPS_LANG=en
P() { "$PORTOPS" --db "$DB" "$@"; }
check "a fresh store" P init --agency DIRANDRO --operator ana
P add threat --set ref=THR-SEMI --set "title=Semi-submersibles leaving the Gulf of Guayaquil" --set level=critical \
	--set status=emerging --set ports=ECGYE --set tlp=GREEN --set share=community >/dev/null

# The editor: notes what it was given (mode and path), then writes the summary and one section.
ED=$TEST_TMP/editor.sh
cat >"$ED" <<'X'
#!/bin/sh
stat -c %a "$1" >"$EDITOR_LOG"
echo "$1" >>"$EDITOR_LOG"
grep -c '^# ' "$1" >>"$EDITOR_LOG"
cat >"$1" <<'TEXT'
# this note is dropped
Reefer containers leaving Callao are contaminated after sealing.

## What to check
Compare the seal number with the exporter's record.
TEXT
X
chmod +x "$ED"
export EDITOR=$ED VISUAL= EDITOR_LOG=$TEST_TMP/editor.log

# run NAME: runs the script NAME (standard input) on DB; passes when it runs to its end.
run() {
	cat >"$TEST_TMP/$1.script"
	if "$PORTOPS" --db "$DB" --script "$TEST_TMP/$1.script" >"$TEST_TMP/$1.out" 2>"$TEST_TMP/$1.err"; then
		ok "$2"
	else
		not_ok "$2"
		sed 's/^/# /' "$TEST_TMP/$1.err" | head -40
	fi
}

run compose "n asks for title, language, audience and marking, then the editor; the draft opens" <<'X'
keys 6
key n
expect Title of the new bulletin:
type Reefer contamination at Callao
enter
expect Language of the bulletin (es/en):
key C-u
type en
enter
expect Audience:
type Duty officers
enter
expect Marking
key C-u
type green
enter
expect Bulletin: Reefer contamination at Callao
expect draft saved
expect TLP:GREEN  ·  DRAFT
expect Reefer containers leaving Callao are contaminated after sealing.
expect 1. What to check
X
check "the editor got a private (0600) file" test "$(sed -n 1p "$EDITOR_LOG")" = 600
contains "with notes for the operator" <(sed -n 3p "$EDITOR_LOG") 3
check "and the file is gone afterwards" test ! -e "$(sed -n 2p "$EDITOR_LOG")"
P list bulletin --json >"$TEST_TMP/list.json"
contains "the draft is stored with its summary" "$TEST_TMP/list.json" "contaminated after sealing"
contains "and its section" "$TEST_TMP/list.json" '"heading":	"What to check"'
lacks "without the notes" "$TEST_TMP/list.json" "this note is dropped"
contains "in English" "$TEST_TMP/list.json" '"lang":	"en"'

run cite "c cites a technique by its reference, and a threat picked from a search" <<'X'
keys 6
expect Bulletins · 1 of 1
enter
key c
expect Cite (a reference
type TEC-RIPON
enter
expect cited TEC-RIPON
key G
expect Technique TEC-RIPON: Rip-on/rip-off
key c
type semi submersibles
enter
expect Cite in the bulletin: semi submersibles
expect THR-SEMI
enter
expect cited threat
key G
expect Threat THR-SEMI: Semi-submersibles
expect Bulletin: Reefer contamination at Callao
X
P list bulletin --json >"$TEST_TMP/list.json"
check "both are cited" test "$(sed -n '/"cites"/,/]/p' "$TEST_TMP/list.json" | grep -oE '[0-9a-f]{8}-[0-9a-f-]{27}' | wc -l)" = 2

run preview "p previews the text rendering with its marking at the top and the bottom" <<EOF
keys 6
enter
key p
expect Preview: Reefer contamination at Callao
dump $TEST_TMP/preview-top.txt
key G
dump $TEST_TMP/preview-end.txt
EOF
check "TLP label on the first line of the document" test "$(sed -n 3p "$TEST_TMP/preview-top.txt")" = "TLP:GREEN  ·  DRAFT"
contains "and at its end" "$TEST_TMP/preview-end.txt" "TLP:GREEN  ·  DRAFT"
check "the document ends with it" test "$(tail -n 3 "$TEST_TMP/preview-end.txt" | head -1)" = "TLP:GREEN  ·  DRAFT"

run issue "I asks, naming the bulletin; n leaves it a draft, y issues it and shows the number" <<'X'
keys 6
enter
key I
expect Issue "Reefer contamination at Callao" (TLP:GREEN) for good? (y/n)
type n
enter
expect not issued
key I
type y
enter
expect issued as DIRANDRO-2026-001
expect Bulletin: DIRANDRO-2026-001
expect TLP:GREEN
key e
expect only a draft is edited
X
P show DIRANDRO-2026-001 --json >"$TEST_TMP/issued.json"
contains "the store has it issued" "$TEST_TMP/issued.json" '"status":	"issued"'

run withdraw "W asks for the reason; a blank one is refused; then it is withdrawn" <<'X'
keys 6
enter
key W
expect Why is DIRANDRO-2026-001 withdrawn?
enter
expect reason
key W
type Superseded by the weekly bulletin
enter
expect withdrawn
expect WITHDRAWN
X
P show DIRANDRO-2026-001 --json >"$TEST_TMP/withdrawn.json"
contains "the reason is kept" "$TEST_TMP/withdrawn.json" "Superseded by the weekly bulletin"

run correct "C makes a correction: a new draft, version 2, opened at once" <<'X'
keys 6
enter
key C
expect correction drafted
expect DRAFT
key p
expect TLP:GREEN  ·  DRAFT
X
P bulletin list >"$TEST_TMP/blist.txt"
check "two bulletins now" test "$(wc -l <"$TEST_TMP/blist.txt")" = 2
contains "the correction is version 2" "$TEST_TMP/blist.txt" "v2"

run fromlist "the list's keys act on the selected bulletin: p previews it, I asks to issue it" <<'X'
keys 6
cmd filter status=draft
expect Bulletins · 1 of 1 · status=draft
key p
expect Preview:
expect TLP:GREEN  ·  DRAFT
key q
key I
expect Issue "Reefer contamination at Callao" (TLP:GREEN) for good? (y/n)
esc
X

EDITOR=false run failing "an editor that fails: the draft keeps the prompts' fields and says so" <<'X'
keys 6
key n
type Editor failure
enter
enter
enter
enter
expect the editor failed; its text was not kept
expect Bulletin: Editor failure
expect TLP:AMBER  ·  DRAFT
X

run keys "the bulletin keys do nothing on other tabs, and are in the help" <<'X'
keys 2
key I
expect does nothing here
key ?
key r
type cite|preview|issue|withdraw|correct
enter
expect c                cite
expect p                preview
expect I                issue
expect W                withdraw
expect C                correct
X

# --- a real terminal (tmux): the editor gets the terminal and the console comes back redrawn ---
if command -v tmux >/dev/null; then
	SOCK=$TEST_TMP/tmux.sock
	tm() { tmux -u -f /dev/null -S "$SOCK" "$@"; }
	trap 'tm kill-server 2>/dev/null; rm -rf "$TEST_TMP"' EXIT
	cat >"$TEST_TMP/tmux.run" <<RUN
stty -g >"$TEST_TMP/stty-before"
EDITOR=$ED EDITOR_LOG=$EDITOR_LOG PORTOPS_LANG=en PORTOPS_NOW=2026-12-01T10:00:00Z "$PORTOPS" --db "$DB"
echo \$? >"$TEST_TMP/tmux.exit"
stty -g >"$TEST_TMP/stty-after"
sleep 60
RUN
	tm new-session -d -s b -x 80 -y 24 "bash $TEST_TMP/tmux.run"
	shows() { tm capture-pane -p -t b >"$TEST_TMP/pane" 2>/dev/null && grep -qF -- "$1" "$TEST_TMP/pane"; }
	wait_for 10 shows "Port board"
	tm send-keys -t b 6 n
	wait_for 10 shows "Title of the new bulletin:"
	tm send-keys -t b "In a real terminal" Enter C-u en Enter Enter C-u GREEN Enter
	if wait_for 10 shows "draft saved"; then ok "in a real terminal the editor runs and the draft opens"; else
		not_ok "in a real terminal the editor runs and the draft opens"; sed 's/^/# /' "$TEST_TMP/pane"; fi
	check "redrawn with the editor's text" shows "Reefer containers leaving Callao are contaminated"
	tm send-keys -t b Q
	wait_for 10 test -s "$TEST_TMP/tmux.exit"
	check "the console ends with 0" test "$(cat "$TEST_TMP/tmux.exit" 2>/dev/null)" = 0
	check "and the terminal modes are as they were" cmp -s "$TEST_TMP/stty-before" "$TEST_TMP/stty-after"
else
	ok "# SKIP tmux is not installed (make deps installs it)"
fi
