# Security of the exchange: tokens (401), body limit (413), malformed input (400, per mutation
# inside a batch), ownership and releasability rules, replays, cursors, slow clients, modes, TLS.
. tests/lib.sh
. tests/integration/exchange.lib

xinit "$TEST_TMP/x"
xtoken DIRANDRO laptop "$TEST_TMP/ta" && xtoken DIAN cartagena "$TEST_TMP/tb" && xtoken SENAE gye "$TEST_TMP/tc"
xstart --max-body 65536 --timeout 2 || { not_ok "the exchange starts"; exit 1; }
ok "the exchange prints the address it listens on ($XADDR)"
TA=$(cat "$TEST_TMP/ta") TB=$(cat "$TEST_TMP/tb")
uuid() { cat /proc/sys/kernel/random/uuid; }
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }
# req NAME METHOD PATH [TOKEN [BODY-FILE]]: status into $TEST_TMP/NAME.code, body into NAME.json
req() {
	local name=$1 method=$2 path=$3 tok=${4:-} body=${5:-} args=()
	[ -n "$tok" ] && args+=(-H "Authorization: Bearer $tok")
	[ -n "$body" ] && args+=(-H "Content-Type: application/json" --data-binary "@$body")
	curl -s -m 20 -X "$method" -o "$TEST_TMP/$name.json" -w '%{http_code}' "${args[@]}" "$XURL$path" >"$TEST_TMP/$name.code"
}
code() { cat "$TEST_TMP/$1.code"; }

# --- tokens ---
req a GET /v1/hello; check "no token: 401" test "$(code a)" = 401
req a GET /v1/hello "garbage"; check "malformed token: 401" test "$(code a)" = 401
req a GET /v1/hello "${TA%%.*}.0000000000000000000000000000000000000000000000000000000000000000"
check "wrong secret: 401" test "$(code a)" = 401
req a GET /v1/hello "$TA"; check "a valid token says hello" test "$(code a)" = 200
contains "hello names the token's agency and device" "$TEST_TMP/a.json" '"agency":"DIRANDRO","device":"laptop"'
contains "hello gives the mode and limits" "$TEST_TMP/a.json" '"mode":"live"'
X token list >"$TEST_TMP/tokens"
lacks "token list never shows a secret" "$TEST_TMP/tokens" "${TA#*.}"
sqlite3 "$XDB" "select hash from tokens" >"$TEST_TMP/hashes"
lacks "the store keeps only a hash of the secret" "$TEST_TMP/hashes" "${TA#*.}"

# --- malformed requests ---
printf '{"mutations": [' >"$TEST_TMP/bad.json"
req b POST /v1/push "$TA" "$TEST_TMP/bad.json"
check "malformed JSON: 400" test "$(code b)" = 400
contains "the 400 says where" "$TEST_TMP/b.json" "malformed JSON"
printf '{"mutations": "x"}' >"$TEST_TMP/bad2.json"
req b POST /v1/push "$TA" "$TEST_TMP/bad2.json"; check "a body without a mutations array: 400" test "$(code b)" = 400
printf '{"mutations": ["\xff\xfe"]}' >"$TEST_TMP/bad3.json"
req b POST /v1/push "$TA" "$TEST_TMP/bad3.json"; check "invalid UTF-8: 400" test "$(code b)" = 400
printf '%s' "$(printf '[%.0s' $(seq 40))" >"$TEST_TMP/deep.json"
req b POST /v1/push "$TA" "$TEST_TMP/deep.json"; check "JSON nested too deep: 400" test "$(code b)" = 400
head -c 100000 /dev/zero | tr '\0' ' ' >"$TEST_TMP/big.json"
req b POST /v1/push "$TA" "$TEST_TMP/big.json"; check "a body over the limit: 413" test "$(code b)" = 413
req b GET /v1/nothing "$TA"; check "an unknown endpoint: 404" test "$(code b)" = 404
req b POST /v1/hello "$TA"; check "a wrong method: 405" test "$(code b)" = 405

# --- mutations: one bad mutation does not stop the batch ---
SQLI="x'); DROP TABLE records;--"
T1=$(uuid) T2=$(uuid) M1=$(uuid) M2=$(uuid) M3=$(uuid) AT=$(now)
threat() { # mutation_id id title share agency
	printf '{"mutation_id":"%s","kind":"threat","id":"%s","base_rev":0,"op":"upsert","agency":"%s","author":"t","at":"%s",' "$1" "$2" "$5" "$AT"
	printf '"fields":{"title":{"base":null,"new":"%s"},"level":{"base":null,"new":"high"},"status":{"base":null,"new":"active"},' "$3"
	printf '"tlp":{"base":null,"new":"AMBER"},"share":{"base":null,"new":"%s"},"share_with":{"base":null,"new":[]}}}' "$4"
}
{ printf '{"mutations":['; threat "$M1" "$T1" "Bad \\u001b[31m title" agency DIRANDRO; printf ','
  threat "$M2" "$T2" "$SQLI" community DIRANDRO; printf ','
  threat "$M3" "$(uuid)" "Spoofed" community DIAN; printf ']}'; } >"$TEST_TMP/batch.json"
req c POST /v1/push "$TA" "$TEST_TMP/batch.json"
check "a batch with bad mutations is answered 200" test "$(code c)" = 200
grep -o '{"mutation_id":"[^}]*' "$TEST_TMP/c.json" >"$TEST_TMP/results"
check "an escape sequence in a field: that mutation gets 400" grep -q "\"$M1\".*\"code\":400.*control characters" "$TEST_TMP/results"
check "the rest of the batch still applies (SQL metacharacters kept as text)" grep -q "\"$M2\".*\"status\":\"applied\"" "$TEST_TMP/results"
check "a mutation claiming another agency: 403" grep -q "\"$M3\".*\"code\":403" "$TEST_TMP/results"
check "the exchange's records table survived" test "$(sqlite3 "$XDB" "select count(*) from records where id='$T2'")" = 1
req c2 POST /v1/push "$TA" "$TEST_TMP/batch.json"
check "a replayed push returns the stored results" grep -q "\"$M2\".*\"replayed\":true" "$TEST_TMP/c2.json"
check "a replay changes nothing" test "$(sqlite3 "$XDB" "select count(*) from mutations")" = 3

# --- ownership: DIAN may append to the community record's children, never edit it ---
M4=$(uuid)
printf '{"mutations":[{"mutation_id":"%s","kind":"threat","id":"%s","base_rev":1,"op":"upsert","agency":"DIAN","author":"b","at":"%s","fields":{"level":{"base":"high","new":"low"}}}]}' \
	"$M4" "$T2" "$AT" >"$TEST_TMP/edit.json"
req d POST /v1/push "$TB" "$TEST_TMP/edit.json"
check "an edit of another agency's record is refused (403)" grep -q '"code":403' "$TEST_TMP/d.json"
check "the refused edit changed nothing" test "$(sqlite3 "$XDB" "select json_extract(body,'\$.level') from records where id='$T2'")" = high
M5=$(uuid) C5=$(uuid)
printf '{"mutations":[{"mutation_id":"%s","kind":"case","id":"%s","base_rev":0,"op":"upsert","agency":"DIRANDRO","author":"a","at":"%s","fields":{"title":{"base":null,"new":"Private case"},"type":{"base":null,"new":"seizure"},"status":{"base":null,"new":"open"},"tlp":{"base":null,"new":"AMBER"},"share":{"base":null,"new":"agency"},"share_with":{"base":null,"new":[]}}}]}' \
	"$M5" "$C5" "$AT" >"$TEST_TMP/case.json"
req e POST /v1/push "$TA" "$TEST_TMP/case.json"
M6=$(uuid)
printf '{"mutations":[{"mutation_id":"%s","kind":"log","id":"%s","parent":"%s","base_rev":0,"op":"append","agency":"DIAN","author":"b","at":"%s","fields":{"entry":{"base":null,"new":"note"},"text":{"base":null,"new":"probe"}}}]}' \
	"$M6" "$(uuid)" "$C5" "$AT" >"$TEST_TMP/probe.json"
req e POST /v1/push "$TB" "$TEST_TMP/probe.json"
check "an append to a case not releasable to the agency is refused (404)" grep -q '"code":404' "$TEST_TMP/e.json"
lacks "the refusal does not reveal the case" "$TEST_TMP/e.json" "Private case"

# --- changes: filtered, cursors checked ---
req f GET "/v1/changes?limit=1000" "$TB"
contains "DIAN receives the community record" "$TEST_TMP/f.json" "$T2"
lacks "DIAN never receives DIRANDRO's agency-only case" "$TEST_TMP/f.json" "$C5"
req f GET "/v1/changes?cursor=nonsense" "$TB"; check "a malformed cursor: 400" test "$(code f)" = 400
req f GET "/v1/changes?limit=-4" "$TB"; check "a bad limit: 400" test "$(code f)" = 400
req f GET "/v1/changes?cursor=c1$(printf 'A%.0s' $(seq 27))" "$TB"
check "a cursor of another exchange: 410" test "$(code f)" = 410
contains "the 410 asks for a reset" "$TEST_TMP/f.json" '"reset":true'

# --- slow clients are cut off (timeout 2 s) ---
exec 3<>"/dev/tcp/${XADDR%:*}/${XADDR##*:}"
printf 'GET /v1/hello HTTP/1.1\r\nHost: x\r\n' >&3
start=$SECONDS
timeout 20 cat <&3 >/dev/null
exec 3<&- 3>&-
check "a client that stops sending is disconnected after the timeout" test $((SECONDS - start)) -le 10

# --- a console: token revoked while in use, modes, file modes ---
xconsole "$TEST_TMP/a.db" DIRANDRO "$TEST_TMP/ta"
check "remote set keeps the store private (0600)" test "$(stat -c %a "$TEST_TMP/a.db")" = 600
expect_exit 0 "a console syncs" P "$TEST_TMP/a.db" sync
contains "sync reports what moved" "$TEST_TMP/out" "pushed 0, pulled"
X token revoke "${TA%%.*}" >/dev/null
expect_exit 5 "a token revoked while in use: the next sync fails with the network exit code" P "$TEST_TMP/a.db" sync
contains "and says the token was refused" "$TEST_TMP/err" "401"
expect_exit 3 "http:// to another machine is refused" sh -c "echo '$TB' | '$PORTOPS' --db '$TEST_TMP/a.db' remote set http://192.0.2.1:80"
xconsole "$TEST_TMP/e.db" DIAN "$TEST_TMP/tb"
sqlite3 "$TEST_TMP/e.db" "insert into settings(key, value) values ('exercise', '1')"
expect_exit 3 "an exercise store refuses a live exchange" P "$TEST_TMP/e.db" sync
contains "with a reason" "$TEST_TMP/err" "exercise"
xconsole "$TEST_TMP/s.db" DIRANDRO "$TEST_TMP/tc"
expect_exit 3 "a token of another agency than the store's is refused" P "$TEST_TMP/s.db" sync
xstop

# --- a training exchange refuses live stores; TLS with a CA file and a key pin ---
xinit "$TEST_TMP/t" training
xtoken DIAN trainer "$TEST_TMP/tt"
if command -v openssl >/dev/null; then
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -addext "subjectAltName=IP:127.0.0.1" \
		-keyout "$TEST_TMP/key.pem" -out "$TEST_TMP/cert.pem" 2>/dev/null
	xstart --tls-cert "$TEST_TMP/cert.pem" --tls-key "$TEST_TMP/key.pem" || not_ok "the exchange starts with TLS"
	XURL=https://$XADDR
	PIN=sha256//$(openssl x509 -in "$TEST_TMP/cert.pem" -pubkey -noout | openssl pkey -pubin -outform der |
		openssl dgst -sha256 -binary | base64)
	P "$TEST_TMP/e.db" remote set "$XURL" --token-file "$TEST_TMP/tt" >/dev/null
	expect_exit 5 "TLS: a certificate no CA vouches for is refused" P "$TEST_TMP/e.db" sync
	P "$TEST_TMP/e.db" remote set "$XURL" --cafile "$TEST_TMP/cert.pem" --token-file "$TEST_TMP/tt" >/dev/null
	expect_exit 0 "TLS: with the CA file, an exercise store syncs with a training exchange" P "$TEST_TMP/e.db" sync
	P "$TEST_TMP/e.db" remote set "$XURL" --cafile "$TEST_TMP/cert.pem" --pin "$PIN" --token-file "$TEST_TMP/tt" >/dev/null
	expect_exit 0 "TLS: the right public-key pin is accepted" P "$TEST_TMP/e.db" sync
	P "$TEST_TMP/e.db" remote set "$XURL" --cafile "$TEST_TMP/cert.pem" --token-file "$TEST_TMP/tt" \
		--pin "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=" >/dev/null
	expect_exit 5 "TLS: a wrong pin is refused" P "$TEST_TMP/e.db" sync
	xconsole "$TEST_TMP/l.db" DIAN "$TEST_TMP/tt"
	P "$TEST_TMP/l.db" remote set "$XURL" --cafile "$TEST_TMP/cert.pem" --token-file "$TEST_TMP/tt" >/dev/null
	expect_exit 3 "a live store refuses a training exchange" P "$TEST_TMP/l.db" sync
	xstop
else
	ok "# SKIP TLS (no openssl)"
fi
