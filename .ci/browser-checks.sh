#!/usr/bin/env bash
# Browser and validator checks of the built sites, for CI and by hand.
#
#   bash .ci/browser-checks.sh            # every site: bundled (repo root), demo (examples/demo-workshop),
#                                         # conference (examples/conference) and words
#                                         # (tests/fixtures/search_words, for search.mjs)
#   bash .ci/browser-checks.sh bundled    # only the named sites
#
# For each site: builds it with the project's binary under a sub-path
# (http://127.0.0.1:PORT/sub/path/), serves it with .ci/browser/serve.mjs and
# runs (a) the Nu Html Checker on every .html file, (b) axe-core in headless
# Debian chromium on the key pages in light and dark color scheme, search
# typed in the browser, (d) a 360 px overflow check, (c) a crawl of every
# internal link and asset. Exits non-zero if any check fails.
#
# Installs what it needs itself (idempotent): Debian's chromium if
# /usr/bin/chromium is missing, Java if missing, and `npm ci` in .ci/browser.
# Environment:
#   ALLOW_MISSING_SITES=1  skip a site whose folder is missing (else: failure)
#   KEEP_OUTPUT=1          keep the temporary build/output folder
#   RAPPORTEUR_BIN=PATH    build with this binary instead of `cargo run --release -q --`
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
B=$REPO/.ci/browser
SUB=sub/path
VNU=$B/node_modules/vnu-jar/build/dist/vnu.jar

ALL_SITES=("bundled:." "demo:examples/demo-workshop" "conference:examples/conference" "words:tests/fixtures/search_words")

rapporteur() {
  if [ -n "${RAPPORTEUR_BIN:-}" ]; then "$RAPPORTEUR_BIN" "$@"; else cargo run --release -q -- "$@"; fi
}

die() { echo "browser-checks: $*" >&2; exit 2; }

ensure_tools() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "== installing chromium (apt)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } ||
      die "could not install chromium"
  fi
  if ! command -v java >/dev/null 2>&1; then
    echo "== installing java (apt)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; } ||
      die "could not install java"
  fi
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "== installing nodejs and npm (apt)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; } ||
      die "could not install nodejs and npm"
  fi
  echo "== npm ci in .ci/browser"
  # --ignore-scripts: vnu-jar's postinstall would download a JDK from the
  # internet; the system's Java runs vnu.jar instead.
  (cd "$B" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) || die "npm ci failed"
  [ -f "$VNU" ] || die "$VNU is missing after npm ci"
}

TMP=""
SERVER_PIDS=()
cleanup() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do
    kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  SERVER_PIDS=()
  if [ -n "$TMP" ] && [ -d "$TMP" ]; then
    if [ "${KEEP_OUTPUT:-}" = 1 ]; then echo "== kept $TMP"; else rm -rf "$TMP"; fi
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_server DIR NAME: serves DIR on a free port; sets PORT and SERVER_PID.
start_server() {
  local dir=$1 name=$2 portfile=$TMP/$2.port
  rm -f "$portfile"
  node "$B/serve.mjs" --dir "$dir" --port 0 --port-file "$portfile" --not-found "$SUB/404.html" \
    >"$TMP/$name.server.log" 2>&1 &
  SERVER_PID=$!
  SERVER_PIDS+=("$SERVER_PID")
  local i
  for i in $(seq 1 100); do
    [ -s "$portfile" ] && break
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      cat "$TMP/$name.server.log" >&2
      return 1
    fi
    sleep 0.1
  done
  [ -s "$portfile" ] || return 1
  PORT=$(cat "$portfile")
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  local keep=() pid
  for pid in "${SERVER_PIDS[@]}"; do [ "$pid" != "$SERVER_PID" ] && keep+=("$pid"); done
  SERVER_PIDS=("${keep[@]+"${keep[@]}"}")
}

json_field() { # FILE FIELD → value or "?"
  node -e 'try{const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const v=r[process.argv[2]];console.log(v===undefined?"?":v)}catch{console.log("?")}' "$1" "$2"
}

SUMMARY=()
PASSED=0
FAILED=0

check_site() {
  local name=$1 root=$2
  echo
  echo "=================== $name ($root) ==================="
  if [ ! -d "$root" ]; then
    if [ "${ALLOW_MISSING_SITES:-}" = 1 ]; then
      SUMMARY+=("$name: skipped, $root is missing (ALLOW_MISSING_SITES=1)")
    else
      SUMMARY+=("$name: FAILED, site folder $root is missing")
      FAILED=$((FAILED + 1))
    fi
    return
  fi
  local serve_dir=$TMP/$name out=$TMP/$name/$SUB
  mkdir -p "$serve_dir/sub"
  if ! start_server "$serve_dir" "$name"; then
    SUMMARY+=("$name: FAILED, the static server did not start")
    FAILED=$((FAILED + 1))
    return
  fi
  local base="http://127.0.0.1:$PORT/$SUB/"
  echo "== building $root for $base"
  if ! rapporteur build --root "$root" --base-url "$base" --output-dir "$out"; then
    SUMMARY+=("$name: FAILED, the build failed")
    FAILED=$((FAILED + 1))
    stop_server
    return
  fi
  local pages
  pages=$(find "$out" -type f -name '*.html' | wc -l)

  # (a) Nu Html Checker
  echo "== vnu: $pages html files"
  local vnu_log=$TMP/$name.vnu.txt vnu_rc=0 vnu_errors
  (cd "$out" && find . -type f -name '*.html' -print0 | sort -z |
    xargs -0 -n 150 java -jar "$VNU" --errors-only --format text) >"$vnu_log" 2>&1 || vnu_rc=$?
  # vnu's text format: "Error: message" then "From line …; to line … in resource sub/path/x.html";
  # drop its per-batch "Document checking completed." lines
  sed -i -e "s#file:$out/\./#$SUB/#g" -e "s#file:$out/#$SUB/#g" -e '/^Document checking completed/d' "$vnu_log"
  vnu_errors=$(grep -cE '^([A-Za-z]+ )?[Ee]rror: ' "$vnu_log" || true)
  if [ "$vnu_rc" -ne 0 ] && [ "$vnu_errors" -eq 0 ]; then vnu_errors=1; echo "vnu exited with status $vnu_rc"; fi
  if [ -s "$vnu_log" ]; then sed 's/^/VNU /' "$vnu_log"; fi
  echo "vnu: $vnu_errors errors"
  if [ "$vnu_errors" -eq 0 ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi

  # (b) axe-core
  echo "== axe"
  local axe_rc=0 axe_result=$TMP/$name.axe.json axe_fail
  node "$B/axe.mjs" --base "$base" --result "$axe_result" || axe_rc=$?
  axe_fail=$(json_field "$axe_result" failing)
  if [ "$axe_rc" -eq 0 ]; then
    PASSED=$((PASSED + 1))
  else
    FAILED=$((FAILED + 1))
    [ "$(json_field "$axe_result" problems)" = 0 ] || axe_fail="$axe_fail (+ pages not checked)"
  fi

  # search, typed in the browser
  echo "== search"
  local search_rc=0
  node "$B/search.mjs" --base "$base" || search_rc=$?
  if [ "$search_rc" -eq 0 ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi

  # (d) no page scrolls sideways on a phone
  echo "== overflow at 360 px"
  local overflow_rc=0 overflow_result=$TMP/$name.overflow.json
  node "$B/overflow.mjs" --base "$base" --out "$out" --result "$overflow_result" || overflow_rc=$?
  if [ "$overflow_rc" -eq 0 ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi

  # (c) crawl
  echo "== links"
  local crawl_rc=0 crawl_result=$TMP/$name.crawl.json
  node "$B/crawl.mjs" --base "$base" --out "$out" --result "$crawl_result" || crawl_rc=$?
  if [ "$crawl_rc" -eq 0 ]; then PASSED=$((PASSED + 1)); else FAILED=$((FAILED + 1)); fi

  stop_server
  local status=""
  [ "$vnu_errors" -eq 0 ] && [ "$axe_rc" -eq 0 ] && [ "$search_rc" -eq 0 ] && [ "$crawl_rc" -eq 0 ] && [ "$overflow_rc" -eq 0 ] || status=" — FAILED"
  SUMMARY+=("$name: $pages pages, vnu $vnu_errors errors, axe $axe_fail serious/critical, $(json_field "$overflow_result" wide) pages wider than 360 px, search $([ "$search_rc" -eq 0 ] && echo ok || echo FAILED), links $(json_field "$crawl_result" checked) checked $(json_field "$crawl_result" broken) broken$status")
}

main() {
  local wanted=("$@") sites=() s
  if [ ${#wanted[@]} -eq 0 ]; then
    sites=("${ALL_SITES[@]}")
  else
    for w in "${wanted[@]}"; do
      local found=""
      for s in "${ALL_SITES[@]}"; do [ "${s%%:*}" = "$w" ] && sites+=("$s") && found=1; done
      [ -n "$found" ] || die "unknown site $w (known: ${ALL_SITES[*]%%:*})"
    done
  fi
  ensure_tools
  TMP=$(mktemp -d /tmp/rapporteur-browser-checks.XXXXXX)
  for s in "${sites[@]}"; do
    check_site "${s%%:*}" "${s#*:}"
  done
  echo
  echo "=================== summary ==================="
  for s in "${SUMMARY[@]}"; do echo "$s"; done
  echo "browser: $PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}

main "$@"
