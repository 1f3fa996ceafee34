#!/usr/bin/env bash
# Takes the documentation screenshots into docs/screenshots/.
#
#   bash .ci/screenshots.sh
#
# Builds the example site (examples/demo-workshop, files demo-*.png) and the
# bundled site (repo root, files gfmd-*.png) and the conference example
# (examples/conference, files conference-*.png) under a sub-path
# (http://127.0.0.1:PORT/sub/path/), serves each with .ci/browser/serve.mjs
# and shoots them with playwright-core and Debian's /usr/bin/chromium (see
# .ci/browser/screenshots.mjs for the list). The report's print view goes
# through page.pdf() and pdftoppm (demo-report-print-1.png, -2.png).
#
# Installs what it needs itself (idempotent): chromium and poppler-utils from
# apt if missing, `npm ci` in .ci/browser.
# Environment:
#   SCREENSHOTS_DIR=DIR    write there instead of docs/screenshots
#   ALLOW_MISSING_SITES=1  skip a site whose folder is missing (else: failure)
#   RAPPORTEUR_BIN=PATH    build with this binary instead of `cargo run --release -q --`
set -uo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
B=$REPO/.ci/browser
SUB=sub/path
OUT_DIR=${SCREENSHOTS_DIR:-$REPO/docs/screenshots}

SITES=("demo:examples/demo-workshop" "gfmd:." "conference:examples/conference")

die() { echo "screenshots: $*" >&2; exit 2; }

rapporteur() {
  if [ -n "${RAPPORTEUR_BIN:-}" ]; then "$RAPPORTEUR_BIN" "$@"; else cargo run --release -q -- "$@"; fi
}

apt_install() {
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; } ||
    die "could not install $*"
}

ensure_tools() {
  if [ ! -x /usr/bin/chromium ]; then echo "== installing chromium (apt)"; apt_install chromium; fi
  if ! command -v pdftoppm >/dev/null 2>&1; then echo "== installing poppler-utils (apt)"; apt_install poppler-utils; fi
  command -v node >/dev/null 2>&1 || die "node is missing"
  echo "== npm ci in .ci/browser"
  # --ignore-scripts: vnu-jar's postinstall would download a JDK (not needed here)
  (cd "$B" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error) || die "npm ci failed"
}

TMP=""
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; fi
  SERVER_PID=""
  if [ -n "$TMP" ] && [ -d "$TMP" ]; then rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_server DIR NAME: serves DIR on a free port; sets PORT and SERVER_PID.
start_server() {
  local dir=$1 name=$2 portfile=$TMP/$2.port i
  node "$B/serve.mjs" --dir "$dir" --port 0 --port-file "$portfile" --not-found "$SUB/404.html" \
    >"$TMP/$name.server.log" 2>&1 &
  SERVER_PID=$!
  for i in $(seq 1 100); do
    [ -s "$portfile" ] && break
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$TMP/$name.server.log" >&2; return 1; fi
    sleep 0.1
  done
  [ -s "$portfile" ] || return 1
  PORT=$(cat "$portfile")
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null; fi
  SERVER_PID=""
}

main() {
  ensure_tools
  TMP=$(mktemp -d /tmp/rapporteur-screenshots.XXXXXX)
  mkdir -p "$OUT_DIR"
  local failed=0 s name root
  for s in "${SITES[@]}"; do
    name=${s%%:*} root=${s#*:}
    echo "== $name ($root)"
    if [ ! -d "$root" ]; then
      if [ "${ALLOW_MISSING_SITES:-}" = 1 ]; then echo "$name: skipped, $root is missing"; continue; fi
      echo "$name: FAILED, site folder $root is missing"; failed=1; continue
    fi
    mkdir -p "$TMP/$name/sub"
    if ! start_server "$TMP/$name" "$name"; then echo "$name: FAILED, the static server did not start"; failed=1; continue; fi
    local base="http://127.0.0.1:$PORT/$SUB/"
    if ! rapporteur build --root "$root" --base-url "$base" --output-dir "$TMP/$name/$SUB"; then
      echo "$name: FAILED, the build failed"; failed=1; stop_server; continue
    fi
    node "$B/screenshots.mjs" --site "$name" --base "$base" --out "$OUT_DIR" || failed=1
    stop_server
  done
  if [ "$failed" -ne 0 ]; then echo "screenshots: FAILED"; return 1; fi
  echo "screenshots: written to ${OUT_DIR#"$REPO"/}"
}

main "$@"
