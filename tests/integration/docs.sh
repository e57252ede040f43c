# Docs and code agree: every portops-exchange command is in portops-exchange(8), every endpoint
# of exchange/api.c is in docs/PROTOCOL.md and the man page, every sync command has --help.
. tests/lib.sh

"$PORTOPS_EXCHANGE" --help >"$TEST_TMP/help"
for c in $(sed -n 's/^  \([a-z]*\) .*/\1/p' "$TEST_TMP/help" | sort -u); do
	check "portops-exchange(8) documents '$c'" grep -q "^\.BI\? \"\?$c\|^\.B $c\|^\.BI \"$c" man/portops-exchange.8
done
for e in $(grep -o '"/v1/[a-z]*"' exchange/api.c | tr -d '"'); do
	check "docs/PROTOCOL.md documents $e" grep -q "$e" docs/PROTOCOL.md
	check "portops-exchange(8) lists $e" grep -q "$e" man/portops-exchange.8
done
for c in remote sync conflicts resolve; do
	"$PORTOPS" $c --help >"$TEST_TMP/out" 2>&1
	contains "portops $c --help prints its usage" "$TEST_TMP/out" "usage: portops $c"
done
for o in --timeout --max-body --max-connections --per-ip --threads --tls-cert --tls-key; do
	check "serve $o is documented" grep -q -- "$(echo "$o" | sed 's/-/\\\\-/g')" man/portops-exchange.8
done
