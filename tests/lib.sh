# tests/lib.sh - helpers for the shell test suites (sourced). Prints TAP lines counted by
# tests/run.sh. Every test runs with a fixed environment and a temporary HOME and store.
set -u
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color LINES=24 COLUMNS=80
TEST_TMP=$(mktemp -d)
export HOME="$TEST_TMP/home" XDG_DATA_HOME="$TEST_TMP/home/.local/share"
mkdir -p "$HOME"
unset PORTOPS_DB PORTOPS_LANG LANGUAGE PORTOPS_SCRIPT
PORTOPS=${PORTOPS:-$PWD/build/portops}
PORTOPS_EXCHANGE=${PORTOPS_EXCHANGE:-$PWD/build/portops-exchange}
TEST_N=0
trap 'rm -rf "$TEST_TMP"' EXIT

ok() { TEST_N=$((TEST_N + 1)); echo "ok $TEST_N - $*"; }
not_ok() { TEST_N=$((TEST_N + 1)); echo "not ok $TEST_N - $*"; }

# check DESCRIPTION COMMAND...: passes when the command exits 0.
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# expect_exit CODE DESCRIPTION COMMAND...: passes when the command exits with CODE.
expect_exit() {
	local want=$1 desc=$2 rc
	shift 2
	"$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
	rc=$?
	if [ "$rc" = "$want" ]; then ok "$desc"; else not_ok "$desc (exit $rc, wanted $want)"; sed 's/^/# /' "$TEST_TMP/err"; fi
}

# contains DESCRIPTION FILE TEXT: passes when FILE contains TEXT (fixed string).
contains() {
	if grep -qF -- "$3" "$2"; then ok "$1"; else not_ok "$1 (no '$3' in $2)"; sed 's/^/# /' "$2" | head -20; fi
}
lacks() {
	if grep -qF -- "$3" "$2"; then not_ok "$1 ('$3' found in $2)"; else ok "$1"; fi
}

# A free TCP port on 127.0.0.1.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# wait_for SECONDS COMMAND...: retries the command until it succeeds or the time is up.
wait_for() {
	local limit=$1 i=0
	shift
	while ! "$@" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -ge $((limit * 10)) ] && return 1
		sleep 0.1
	done
}
