#!/usr/bin/env bash
# tests/tui/tmux.sh - the real binary in a real terminal (tmux): start, switch screens with the
# digit keys, search, resize the window, quit with exit code 0 and the terminal modes restored;
# and a record whose title holds escape sequences is shown escaped, leaving the terminal's title
# and screen alone. Every wait is bounded (wait_for).
. tests/lib.sh
. tests/tui/seed.inc

if ! command -v tmux >/dev/null; then
	ok "# SKIP tmux is not installed (make deps installs it)"
	exit 0
fi

DB=$TEST_TMP/store.db
check "seed the store" seed_store "$DB"
SOCK=$TEST_TMP/tmux.sock
tm() { tmux -u -f /dev/null -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; rm -rf "$TEST_TMP"' EXIT

# start NAME DB [ENV]: runs the console (with the environment assignments ENV) in a new session
# NAME of 80x24, from a shell that writes the exit code and the terminal modes (stty -g) before
# and after into $TEST_TMP/NAME.*.
start() {
	local name=$1 db=$2 env=${3:-}
	cat >"$TEST_TMP/$name.run" <<RUN
stty -g >"$TEST_TMP/$name.stty-before"
$env PORTOPS_NOW=2026-12-01T10:00:00Z "$PORTOPS" --db "$db"
echo \$? >"$TEST_TMP/$name.exit"
stty -g >"$TEST_TMP/$name.stty-after"
echo "console ended"
sleep 60
RUN
	tm new-session -d -s "$name" -x 80 -y 24 "bash $TEST_TMP/$name.run"
}
# shows NAME TEXT: the pane of session NAME shows TEXT.
shows() {
	tm capture-pane -p -t "$1" >"$TEST_TMP/$1.screen" 2>/dev/null && grep -qF -- "$2" "$TEST_TMP/$1.screen"
}
# sees DESCRIPTION NAME TEXT: waits (at most 10 s) until the pane shows TEXT.
sees() {
	if wait_for 10 shows "$2" "$3"; then ok "$1"; else not_ok "$1 (no '$3' on the screen)"; sed 's/^/# /' "$TEST_TMP/$2.screen"; fi
}
keys() {
	local name=$1
	shift
	tm send-keys -t "$name" "$@"
}

start main "$DB"
sees "the console starts on the dashboard" main "Port board · DIRANDRO"
sees "with the status bar" main "DIRANDRO/jperez · offline"
# colours(NAME): the pane of NAME shows text in colours (SGR 30-37 or 40-47).
colours() {
	tm capture-pane -e -p -t "$1" | grep -q $'\e\\[[34][0-7]m'
}
no_colours() {
	! colours "$1"
}
check "in colour" colours main
keys main 2
sees "2 shows the threats" main "Threats · 1 of 2"
keys main 3
sees "3 shows the cases" main "Cases · 1 of 2"
keys main Enter
sees "Enter opens the case" main "Case: CD-2026-014"
keys main q
sees "q goes back to the list" main "Cases · 1 of 2"
keys main 5
sees "5 shows the dictionary" main "Dictionary · 1 of"
keys main /
keys main -l "contaminacion"
keys main Enter
sees "/ searches, accents ignored" main "Search: contaminacion"
sees "and groups the results by kind" main "Dictionary (3)"
tm resize-window -t main -x 100 -y 30
sees "the window grows to 100x30" main "4 Procedures 5 Dictionary 6 Bulletins"
check "and the screen fills 30 rows" test "$(tm display -p -t main '#{pane_height}')" = 30
sees "the status bar moves to the new last rows" main "synced never"
tm resize-window -t main -x 60 -y 15
sees "the window shrinks to 60x15" main "Search: contaminacion"
tm resize-window -t main -x 80 -y 24
keys main Escape
sees "Esc goes back" main "Dictionary · 1 of"
keys main Q
if wait_for 10 test -s "$TEST_TMP/main.exit"; then ok "Q quits"; else not_ok "Q quits"; fi
check "with exit code 0" test "$(cat "$TEST_TMP/main.exit" 2>/dev/null)" = 0
check "and the terminal modes restored" cmp -s "$TEST_TMP/main.stty-before" "$TEST_TMP/main.stty-after"
sees "and the shell's screen back" main "console ended"

start plain "$DB" NO_COLOR=1
sees "NO_COLOR: the console starts" plain "Port board · DIRANDRO"
check "without colours" no_colours plain
keys plain Q
if wait_for 10 test -s "$TEST_TMP/plain.exit"; then ok "and quits"; else not_ok "and quits"; fi

# A title with escape sequences, put in by SQL because the codec refuses control characters.
EVIL=$TEST_TMP/evil.db
cp "$DB" "$EVIL"
title="'Evil ' || char(27) || ']2;pwned' || char(7) || ' title ' || char(27) || '[2J end'"
sqlite3 "$EVIL" <<SQL
INSERT INTO threats(id, owner, rev, tlp, share, share_with, created_at, created_by, updated_at,
  updated_by, deleted, ref, title, body)
VALUES ('6f1c2a8e-0000-4000-8000-00000000e5c0', 'DIRANDRO', 0, 'GREEN', 'community', '[]',
  '2026-12-01T09:00:00Z', 'jperez', '2026-12-01T09:00:00Z', 'jperez', 0, 'THR-666', $title,
  json_object('ref', 'THR-666', 'title', $title, 'level', 'high', 'status', 'active',
              'ports', json_array('PECLL')));
INSERT INTO search_docs(kind, id, title, body)
VALUES ('threat', '6f1c2a8e-0000-4000-8000-00000000e5c0', $title, 'evil body');
SQL
start evil "$EVIL"
sees "the console starts on the evil store" evil "Port board"
before=$(tm display -p -t evil '#{pane_title}')
keys evil 2
sees "the list shows the escape sequences escaped" evil "Evil ^[]2;pwned^G title ^[[2J"
keys evil Enter
sees "so does the threat" evil "Evil ^[]2;pwned^G title ^[[2J end"
sees "and the screen was not cleared" evil "Threat: THR-666"
keys evil /
keys evil -l "evil"
keys evil Enter
sees "so does a search" evil "Evil ^[]2;pwned^G title ^[[2J end"
after=$(tm display -p -t evil '#{pane_title}')
check "the terminal title is unchanged ('$after')" test "$before" = "$after"
check "and is not the record's" test "$after" != pwned
keys evil Q
if wait_for 10 test -s "$TEST_TMP/evil.exit"; then ok "Q quits"; else not_ok "Q quits"; fi
check "with exit code 0" test "$(cat "$TEST_TMP/evil.exit" 2>/dev/null)" = 0
