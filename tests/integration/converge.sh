# Convergence and no leak: four consoles of three agencies make random offline changes and sync
# in random order; all end with the exchange's view for their agency, no page ever carries a
# record to an agency it is not releasable to, and no case log entry is lost. Many seeds; a
# failing seed is printed with the command that reruns it (CONVERGE_SEEDS="N" to pick seeds).
. tests/lib.sh
. tests/integration/exchange.lib

SEEDS=${CONVERGE_SEEDS:-$(seq 1 ${CONVERGE_COUNT:-24})}
for seed in $SEEDS; do
	D=$TEST_TMP/seed$seed
	xinit "$D" || { not_ok "exchange set up for seed $seed"; continue; }
	xtoken DIRANDRO laptop-1 "$D/t1" && xtoken DIRANDRO control-room "$D/t2" &&
		xtoken DIAN cartagena "$D/t3" && xtoken SENAE guayaquil "$D/t4"
	xstart || { not_ok "exchange starts for seed $seed"; continue; }
	if "$DRIVERS/converge" --url "$XURL" --xdb "$XDB" --dir "$D" --seed "$seed" --rounds ${CONVERGE_ROUNDS:-10} \
		--console "DIRANDRO:$D/t1" --console "DIRANDRO:$D/t2" --console "DIAN:$D/t3" \
		--console "SENAE:$D/t4" >"$D/log" 2>&1; then
		ok "seed $seed: consoles converge on the exchange's view, nothing leaks, no log entry lost"
		tail -1 "$D/log"
	else
		not_ok "seed $seed (rerun: CONVERGE_SEEDS=$seed bash tests/integration/converge.sh)"
		head -40 "$D/log"
	fi
	xstop
done
