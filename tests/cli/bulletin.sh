#!/usr/bin/env bash
# portops bulletin: compose, cite, issue, withdraw, correct and render. Renderings are compared
# byte for byte with tests/bulletin/expected (regenerate them with UPDATE_GOLDEN=1, then review
# the diff by eye before committing).
. "$(dirname "$0")/../lib.sh"
EXPECTED="$(cd "$(dirname "$0")/../bulletin/expected" && pwd)"
DB="$TEST_TMP/store/portops.db"
P() { "$PORTOPS" --db "$DB" "$@"; }
out="$TEST_TMP/out" errf="$TEST_TMP/err"
export PORTOPS_NOW=2026-12-01T10:00:00Z

# golden NAME FILE: FILE equals expected/NAME byte for byte (or becomes it with UPDATE_GOLDEN=1).
golden() {
	if [ -n "${UPDATE_GOLDEN:-}" ]; then
		cp "$2" "$EXPECTED/$1"
		ok "golden $1 written"
	elif cmp -s "$2" "$EXPECTED/$1"; then
		ok "rendering matches $1"
	else
		not_ok "rendering matches $1"
		diff -u "$EXPECTED/$1" "$2" | head -40 | sed 's/^/# /'
	fi
}

# first_last FILE: passes when the first and last non-empty lines of FILE contain TEXT.
marked() {
	local desc=$1 file=$2 text=$3
	if head -n 1 "$file" | grep -qF -- "$text" && grep -v '^$' "$file" | tail -n 1 | grep -qF -- "$text"; then
		ok "$desc"
	else
		not_ok "$desc (first or last line lacks '$text')"
	fi
}

# max_width FILE: the longest line in code points.
max_width() {
	local line max=0
	while IFS= read -r line; do [ "${#line}" -gt "$max" ] && max=${#line}; done <"$1"
	echo "$max"
}

P init --agency DIRANDRO --operator ana >/dev/null
THREAT=$(P add threat --set ref=AM-2026-014 --set "title=Contaminación de contenedores refrigerados" \
	--set level=high --set tlp=GREEN --set share=community \
	--set "summary=Cargamentos de cocaína introducidos en contenedores refrigerados de banano y frutas con destino a Amberes y Róterdam." | cut -c1-36)
P add case --set "title=Entrega vigilada Callao–Valencia" --set type=controlled_delivery --set port=PECLL \
	--set tlp=AMBER --set "summary=Sustitución parcial en el Callao; seguimiento hasta Valencia." >/dev/null
P add technique --set code=TEC-PRUEBA-RIP --set "term_es=Contaminación (rip-on/rip-off)" \
	--set "term_en=Rip-on/rip-off contamination" --set category=concealment --set modality=container \
	--set "description_es=Se abre un contenedor legítimo tras el precintado, se introduce la droga y se coloca un sello clonado." \
	--set "description_en=A legitimate container is opened after sealing, the drugs are put in and a cloned seal is applied." \
	--set tlp=CLEAR --set share=community >/dev/null

# --- compose and number ---
ES=$(P bulletin new --set "title=Contaminación de reefers en el puerto del Callao" \
	--set "audience=Oficiales de guardia de Callao, Paita y Guayaquil" --set tlp=AMBER \
	--set "summary=Desde octubre se observa un aumento de la contaminación de contenedores refrigerados en el Callao, con sellos clonados y cambios de última hora en la reserva del buque." \
	--set 'sections=[{"heading":"Antecedentes","body":"Entre octubre y noviembre se detectaron tres casos.\nEn dos de ellos el sello había sido clonado."},{"heading":"Recomendaciones","body":"Verificar el sello (ISO 17712) contra el registro del exportador.\n\nInformar a DIRANDRO de toda discrepancia."}]')
check "bulletin new prints the new id" test ${#ES} = 36
P show "$ES" --json >"$out"
lacks "a draft has no number" "$out" '"number"'
contains "a draft is a draft" "$out" '"status":	"draft"'
P bulletin render "$ES" >"$out"
contains "a draft renders without a number" "$out" "sin número (borrador)"
marked "a draft is marked BORRADOR at the top and bottom" "$out" "BORRADOR"
expect_exit 0 "bulletin cite adds threats, cases and techniques" P bulletin cite "$ES" AM-2026-014 PECLL-2026-0001 TEC-PRUEBA-RIP
expect_exit 3 "citing an unknown record is refused" P bulletin cite "$ES" NOPE-9
expect_exit 0 "bulletin edit changes a draft" P bulletin edit "$ES" --set "audience=Oficiales de guardia de Callao, Paita y Guayaquil; SUNAT"
expect_exit 3 "a draft's status is not edited by hand" P bulletin edit "$ES" --set status=issued
contains "and the message says how it changes" "$errf" "issuing"
expect_exit 0 "bulletin issue" P bulletin issue "$ES"
check "the first bulletin of DIRANDRO in 2026 is DIRANDRO-2026-001" test "$(cat "$out")" = DIRANDRO-2026-001

EN=$(P bulletin new --set "title=Reefer contamination in the port of Callao" --set lang=en --set tlp=GREEN \
	--set share=community --set "audience=Duty officers, partner agencies" \
	--set "summary=Since October, refrigerated containers leaving Callao have been contaminated after sealing; seals are cloned and bookings changed at the last minute." \
	--set 'sections=[{"heading":"What to check","body":"Compare the seal number with the exporter'\''s record.\nLook for fresh tool marks on the door hardware."}]')
P bulletin cite "$EN" TEC-PRUEBA-RIP "$THREAT" >/dev/null
P bulletin issue "$EN" >"$out"
check "the second is DIRANDRO-2026-002" test "$(cat "$out")" = DIRANDRO-2026-002

# --- golden renderings: each format and language ---
for fmt in txt md html; do
	f=$fmt; [ "$fmt" = txt ] && f=text
	P bulletin render DIRANDRO-2026-001 --format $f >"$TEST_TMP/es.$fmt"
	golden bulletin-es.$fmt "$TEST_TMP/es.$fmt"
	P bulletin render DIRANDRO-2026-002 --format $f --pull >"$TEST_TMP/en.$fmt"
	golden bulletin-en-pull.$fmt "$TEST_TMP/en.$fmt"
done
marked "text: TLP:AMBER at the top and bottom" "$TEST_TMP/es.txt" "TLP:AMBER"
marked "text: TLP:GREEN at the top and bottom" "$TEST_TMP/en.txt" "TLP:GREEN"
marked "md: TLP:AMBER at the top and bottom" "$TEST_TMP/es.md" "**TLP:AMBER**"
contains "html: the marking is a fixed header" "$TEST_TMP/es.html" '<header class="marking top"><span class="tlp">TLP:AMBER</span></header>'
contains "html: and a fixed footer" "$TEST_TMP/es.html" '<footer class="marking bottom"><span class="tlp">TLP:AMBER</span></footer>'
contains "html: AMBER in #FFC000 on black" "$TEST_TMP/es.html" ".tlp { background: #000; color: #FFC000; }"
contains "html: GREEN in #33FF00 on black" "$TEST_TMP/en.html" ".tlp { background: #000; color: #33FF00; }"
contains "labels in Spanish" "$TEST_TMP/es.txt" "Registros citados"
contains "dates in Spanish" "$TEST_TMP/es.txt" "1 de diciembre de 2026, 10:00 UTC"
contains "labels in English" "$TEST_TMP/en.txt" "Cited records"
contains "dates in English" "$TEST_TMP/en.txt" "1 December 2026, 10:00 UTC"
contains "--pull brings the technique's English description" "$TEST_TMP/en.txt" "A legitimate container is opened"
contains "and its English term" "$TEST_TMP/en.txt" "Technique TEC-PRUEBA-RIP: Rip-on/rip-off contamination"
check "text lines are at most 80 code points" test "$(max_width "$TEST_TMP/es.txt")" -le 80
check "accented lines go past 80 bytes (the wrap counts code points)" test "$(LC_ALL=C awk '{ if (length($0) > m) m = length($0) } END { print m }' "$TEST_TMP/es.txt")" -ge 80
P bulletin render DIRANDRO-2026-001 --format html -o "$TEST_TMP/file.html"
check "render -o writes the same document" cmp -s "$TEST_TMP/file.html" "$TEST_TMP/es.html"
check "the file is private" test "$(stat -c %a "$TEST_TMP/file.html")" = 600
check "no temporary file is left" test "$(ls "$TEST_TMP" | grep -c 'file.html.')" = 0
expect_exit 2 "an unknown format is a usage error" P bulletin render DIRANDRO-2026-001 --format pdf
expect_exit 3 "rendering an unknown bulletin is refused" P bulletin render DIRANDRO-2026-777
expect_exit 4 "an unwritable output is a file error" P bulletin render DIRANDRO-2026-001 -o "$TEST_TMP/no/such/dir/x.html"

# --- the life cycle ---
expect_exit 3 "an issued bulletin cannot be edited" P bulletin edit DIRANDRO-2026-001 --set title=Otro
contains "the message says it is issued" "$errf" "is issued and can no longer be edited"
expect_exit 3 "not through portops edit either" P edit DIRANDRO-2026-001 --set tlp=CLEAR
expect_exit 3 "nor can it cite more records" P bulletin cite DIRANDRO-2026-001 AM-2026-014
expect_exit 3 "an issued bulletin cannot be issued twice" P bulletin issue DIRANDRO-2026-001
contains "the message says so" "$errf" "already issued"
expect_exit 2 "a withdrawal without --reason is a usage error" P bulletin withdraw DIRANDRO-2026-001
expect_exit 3 "a blank reason is refused" P bulletin withdraw DIRANDRO-2026-001 --reason "  "
expect_exit 3 "a draft cannot be withdrawn" P bulletin withdraw "$(P bulletin new --set title=Borrador)" --reason x
expect_exit 0 "bulletin correct makes a new version" P bulletin correct DIRANDRO-2026-001
V2=$(head -c 36 "$out")
P show "$V2" --json >"$out"
contains "the correction is version 2" "$out" '"version":	2'
contains "it supersedes version 1" "$out" "\"supersedes\":	\"$ES\""
contains "it is a draft" "$out" '"status":	"draft"'
lacks "without a number" "$out" '"number"'
expect_exit 3 "a second correction of version 1 is refused" P bulletin correct DIRANDRO-2026-001
expect_exit 0 "the correction is edited as a draft" P bulletin edit "$V2" --set "title=Contaminación de reefers en el Callao (corregido)"
expect_exit 0 "the correction is issued" P bulletin issue "$V2"
check "it keeps the number with a version suffix" test "$(cat "$out")" = DIRANDRO-2026-001-v2
P bulletin render DIRANDRO-2026-001-v2 >"$out"
contains "the correction names the bulletin it supersedes" "$out" "Sustituye a:   DIRANDRO-2026-001"
expect_exit 0 "bulletin withdraw with a reason" P bulletin withdraw DIRANDRO-2026-001 --reason "Sustituido por la versión 2"
P bulletin render DIRANDRO-2026-001 >"$out"
marked "a withdrawn bulletin is marked RETIRADO" "$out" "RETIRADO"
contains "with its reason" "$out" "Sustituido por la versión 2"
expect_exit 3 "a withdrawn bulletin cannot be issued" P bulletin issue DIRANDRO-2026-001
expect_exit 3 "nor withdrawn twice" P bulletin withdraw DIRANDRO-2026-001 --reason otra
P bulletin list >"$out"
contains "bulletin list shows numbers and status" "$out" "DIRANDRO-2026-001      withdrawn v1"
contains "and corrections" "$out" "DIRANDRO-2026-001-v2   issued    v2"
P bulletin list --status draft >"$out"
check "bulletin list --status filters" test "$(wc -l <"$out")" = 1
export PORTOPS_NOW=2027-01-05T09:00:00Z
P bulletin issue "$(P bulletin new --set "title=Año nuevo")" >"$out"
check "numbers start again each year" test "$(cat "$out")" = DIRANDRO-2027-001
export PORTOPS_NOW=2026-12-01T10:00:00Z

# --- pulling into a draft ---
PD=$(P bulletin new --set "title=Con texto" --set tlp=AMBER)
expect_exit 0 "cite --pull copies the cited text into the draft" P bulletin cite "$PD" TEC-PRUEBA-RIP --pull
P show "$PD" --json >"$out"
contains "as a section in the bulletin's language" "$out" "Se abre un contenedor legítimo"

# --- cited records the reader may not see ---
SECRET=$(P add threat --set "title=Informante en la terminal norte" --set level=critical --set tlp=RED \
	--set share=listed --set share_with=SENAE | cut -c1-36)
GONE=$(P add threat --set "title=Amenaza borrada" --set level=low | cut -c1-36)
P bulletin cite "$PD" "$SECRET" "$GONE" >/dev/null
P delete "$GONE"
P bulletin render "$PD" --pull >"$out"
contains "a cited record marked stricter is listed without its title" "$out" "Amenaza: (TLP:RED, título omitido)"
lacks "its title never reaches the document" "$out" "Informante en la terminal norte"
contains "a deleted cited record is said to be unavailable" "$out" "$GONE: no disponible en esta estación"

# --- hostile text ---
EVIL=$(P bulletin new --set 'title=<script>alert(1)</script>' --set tlp=CLEAR \
	--set "summary=Tom & \"Jerry\" 'x' <img src=x onerror=alert(1)> [a](javascript:alert(1)) *b*")
P bulletin render "$EVIL" --format html >"$out"
lacks "html: no script element from a record" "$out" "<script"
lacks "html: no img element from a record" "$out" "<img"
contains "html: the title is escaped" "$out" "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"
contains "html: quotes and ampersands are escaped" "$out" "Tom &amp; &quot;Jerry&quot; &#39;x&#39; &lt;img src=x onerror=alert(1)&gt;"
contains "html: a content security policy forbids scripts anyway" "$out" "default-src 'none'"
P bulletin render "$EVIL" --format md >"$out"
contains "md: markup is escaped" "$out" '\<img src=x onerror=alert(1)\> \[a\](javascript:alert(1)) \*b\*'
contains "md: the title is escaped" "$out" '# \<script\>alert(1)\</script\>'

# --- an exercise store marks every document ---
EXDB="$TEST_TMP/ex/portops.db"
SCEN=$("$PORTOPS" exercise list | head -n 1 | cut -d' ' -f1)
"$PORTOPS" exercise start "$SCEN" --db "$EXDB" --no-console --agency DIRANDRO --operator ana >/dev/null 2>&1
XB=$("$PORTOPS" --db "$EXDB" bulletin new --set title=Simulacro --set tlp=GREEN)
for f in text md html; do
	"$PORTOPS" --db "$EXDB" bulletin render "$XB" --format $f >"$out"
	check "exercise: $f says EJERCICIO / EXERCISE at the top and bottom" \
		test "$(grep -c 'EJERCICIO / EXERCISE' "$out")" = 2
done
"$PORTOPS" --db "$EXDB" bulletin render "$XB" >"$out"
marked "exercise: the text marking line carries it" "$out" "EJERCICIO / EXERCISE"
P bulletin render DIRANDRO-2026-002 >"$out"
lacks "a live store's documents do not" "$out" "EXERCISE"

P bulletin --help >"$out"
contains "bulletin --help prints its usage" "$out" "usage: portops bulletin"
expect_exit 2 "an unknown action is a usage error" P bulletin frobnicate

# The generic commands keep the life cycle too.
expect_exit 3 "add bulletin in the issued state is refused" P add bulletin --set title=x --set status=issued
expect_exit 3 "delete of an issued bulletin is refused" P delete DIRANDRO-2026-002
contains "and says it is withdrawn instead" "$TEST_TMP/err" "withdrawn, not deleted"
