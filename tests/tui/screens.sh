#!/usr/bin/env bash
# tests/tui/screens.sh - every screen of the console at 80x24, in English and in Spanish, drawn
# in script mode and compared with the expected screens in tests/tui/expected/.
# PORTOPS_UPDATE_EXPECTED=1 rewrites the expected screens from this run (review the diff!).
. tests/lib.sh
. tests/tui/seed.inc

DB=$TEST_TMP/store.db
EXPECTED=tests/tui/expected
check "seed the store" seed_store "$DB"

# The steps that reach each screen, then its name: "steps|name" (steps are script lines
# separated by ';').
SCREENS=(
	"|dashboard"
	"keys 2|threats"
	"cmd go THR-001|threat"
	"keys 3|cases"
	"cmd go CD-2026-014|case"
	"cmd go CD-2026-014;key PgDn|case-2"
	"cmd go CD-2026-014;key PgDn;key PgDn|case-3"
	"cmd go CD-2026-014;key G|case-end"
	"keys 4|procedures"
	"keys 4;cmd go PO-SEAL-01|procedure"
	"keys 5|dictionary"
	"keys 5;cmd go TEC-RIPON|technique"
	"keys 5;cmd go TEC-RIPON;key G|technique-end"
	"keys 6|bulletins"
	"keys 6;enter|bulletin"
	"keys 7|exercises"
	"keys 8|sync"
	"key ?|help"
	"cmd search contaminacion|search"
	"cmd port PECLL|port"
)

# wide_lines FILE: how many lines are longer than 80 characters.
wide_lines() {
	local line n=0
	while IFS= read -r line; do
		[ "${#line}" -gt 80 ] && n=$((n + 1))
	done <"$1"
	echo "$n"
}

for lang in en es; do
	for entry in "${SCREENS[@]}"; do
		steps=${entry%|*} name=${entry#*|}
		script=$TEST_TMP/$name.$lang.script out=$TEST_TMP/$name.$lang.txt
		echo "$steps" | tr ';' '\n' >"$script"
		echo "dump $out" >>"$script"
		if ! tui_script "$DB" "$script" "$lang" 2>"$TEST_TMP/err"; then
			not_ok "$name ($lang): the console failed"
			sed 's/^/# /' "$TEST_TMP/err"
			continue
		fi
		want=$EXPECTED/$name.$lang.txt
		if [ "${PORTOPS_UPDATE_EXPECTED:-}" = 1 ]; then
			cp "$out" "$want"
		fi
		lines=$(wc -l <"$out")
		wide=$(wide_lines "$out")
		if [ "$lines" != 24 ] || [ "$wide" != 0 ]; then
			not_ok "$name ($lang) is 80x24 ($lines lines, $wide too wide)"
		elif diff -u "$want" "$out" >"$TEST_TMP/diff"; then
			ok "$name ($lang) matches $want"
		else
			not_ok "$name ($lang) differs from $want"
			sed 's/^/# /' "$TEST_TMP/diff" | head -40
		fi
	done
done

