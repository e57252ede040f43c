# tests/integration/xlib.sh - helpers for the integration suites (sourced after tests/lib.sh):
# a real exchange on 127.0.0.1 with its port picked by the system, agencies and device tokens.
BUILD=${BUILD:-build}
DRIVERS=${DRIVERS:-$PWD/$BUILD/tests/integration}
export PORTOPS_ASSETS=${PORTOPS_ASSETS:-$PWD/assets}
export PORTOPS_RETRIES=${PORTOPS_RETRIES:-1}
X() { "$PORTOPS_EXCHANGE" --db "$XDB" "$@"; }
P() { local db=$1; shift; "$PORTOPS" --db "$db" "$@"; }

# xinit DIR [MODE]: a new exchange store in DIR with agencies DIRANDRO (PE), DIAN (CO), SENAE (EC).
xinit() {
	XDIR=$1
	XDB=$1/exchange.db
	mkdir -p "$XDIR"
	X init --name "Test exchange" --mode "${2:-live}" >/dev/null &&
	X agency add DIRANDRO "Dirección Antidrogas" --country PE >/dev/null &&
	X agency add DIAN "Dirección de Impuestos y Aduanas Nacionales" --country CO >/dev/null &&
	X agency add SENAE "Servicio Nacional de Aduana del Ecuador" --country EC >/dev/null
}

# xtoken AGENCY DEVICE FILE: a device token into FILE.
xtoken() { X token create --agency "$1" --device "$2" >"$3"; }

# xstart [SERVE OPTIONS...]: starts the exchange on 127.0.0.1 with a free port; sets XPID and
# XURL. Waits at most 10 s for its "listening on" line.
xstart() {
	local listen=${XLISTEN:-127.0.0.1:0}
	"$PORTOPS_EXCHANGE" --db "$XDB" serve --listen "$listen" "$@" >"$XDIR/serve.out" 2>>"$XDIR/serve.err" &
	XPID=$!
	local i
	for i in $(seq 100); do
		grep -q '^listening on ' "$XDIR/serve.out" 2>/dev/null && break
		sleep 0.1
	done
	XADDR=$(sed -n 's/^listening on //p' "$XDIR/serve.out")
	XURL=http://$XADDR
	[ -n "$XADDR" ]
}

# xstop: stops the exchange started by xstart (SIGTERM, then SIGKILL after 5 s).
xstop() {
	[ -n "${XPID:-}" ] || return 0
	kill "$XPID" 2>/dev/null
	local i
	for i in $(seq 50); do kill -0 "$XPID" 2>/dev/null || break; sleep 0.1; done
	kill -9 "$XPID" 2>/dev/null
	wait "$XPID" 2>/dev/null
	XPID=
}

# xconsole DB AGENCY TOKENFILE: a console store synced with the running exchange.
xconsole() {
	P "$1" init --agency "$2" --operator "op-$(basename "$1" .db)" >/dev/null &&
	P "$1" remote set "$XURL" --token-file "$3" >/dev/null
}
trap 'xstop; rm -rf "$TEST_TMP"' EXIT
