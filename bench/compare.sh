#!/usr/bin/env bash
# Compare rapporteur with Hugo on seeded proceedings-shaped corpora.
#
#   bash bench/compare.sh                 # 1,000 and 10,000 pages, 5 runs each
#   SIZES="1000" RUNS=3 bash bench/compare.sh
#
# Environment:
#   SIZES        page counts to benchmark, space separated (default "1000 10000")
#   RUNS         timed runs per command after one warm-up (default 5)
#   SEED         corpus seed passed to gen_corpus.py (default: the generator's own)
#   GEN_CORPUS   path to gen_corpus.py (default: <repo>/../shared/bench/gen_corpus.py)
#   KEEP=1       keep /dev/shm/rapporteur-bench (corpora, outputs, JSON) afterwards
#   BUILD_RETRIES  attempts at `cargo build --release` (default 5, 60 s apart)
#   RAPPORTEUR_BIN a rapporteur binary to time instead of building this checkout
#                  (to compare two commits: build each, then run this script twice)
#
# It is a benchmark, not a test: targets are reported as PASS/FAIL but the
# script exits 0 whenever it could run at all.
set -uo pipefail

REPO="$(git -C "$(dirname "$0")" rev-parse --show-toplevel 2>/dev/null || (cd "$(dirname "$0")/.." && pwd))"
cd "$REPO" || exit 1

SIZES="${SIZES:-1000 10000}"
RUNS="${RUNS:-5}"
KEEP="${KEEP:-0}"
BUILD_RETRIES="${BUILD_RETRIES:-5}"
GEN_CORPUS="${GEN_CORPUS:-$REPO/../shared/bench/gen_corpus.py}"
WORK=/dev/shm/rapporteur-bench
BIN="${RAPPORTEUR_BIN:-$REPO/target/release/rapporteur}"

# Targets.
MAX_RATIO=0.5      # rapporteur wall / hugo wall, at 1k and at 10k
MAX_RSS_MIB=400    # rapporteur peak memory at 10k
MAX_SCALING=11     # rapporteur wall(10k) / wall(1k)

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'compare.sh: %s\n' "$*" >&2; exit 1; }

# ------------------------------------------------------------------ tools

ensure_tools() {
    local missing=()
    command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
    command -v hugo >/dev/null 2>&1 || missing+=(hugo)
    [ -x /usr/bin/time ] || missing+=(time)
    if [ "${#missing[@]}" -gt 0 ]; then
        local SUDO=""
        if [ "$(id -u)" -ne 0 ]; then
            command -v sudo >/dev/null 2>&1 || die "need root or sudo to install: ${missing[*]}"
            SUDO=sudo
        fi
        log "installing ${missing[*]}"
        $SUDO apt-get update -qq && \
            DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null \
            || die "apt-get install ${missing[*]} failed"
    fi
    command -v python3 >/dev/null 2>&1 || die "python3 is required"
    command -v cargo >/dev/null 2>&1 || die "cargo is required"
    [ -f "$GEN_CORPUS" ] || die "corpus generator not found: $GEN_CORPUS (set GEN_CORPUS)"
}

build_rapporteur() {
    local i
    for ((i = 1; i <= BUILD_RETRIES; i++)); do
        log "cargo build --release (attempt $i/$BUILD_RETRIES)"
        if cargo build --release --quiet; then
            [ -x "$BIN" ] || die "build succeeded but $BIN is missing"
            return 0
        fi
        [ "$i" -lt "$BUILD_RETRIES" ] && { log "build failed; retrying in 60 s"; sleep 60; }
    done
    die "cargo build --release failed $BUILD_RETRIES times"
}

# ------------------------------------------------------------------ helpers

cleanup() {
    if [ "$KEEP" = "1" ]; then
        log "kept $WORK"
    else
        rm -rf "$WORK"
    fi
}

# peak_mib LOGFILE -> prints max RSS in MiB from `/usr/bin/time -v` output
peak_mib() {
    awk -F': *' '/Maximum resident set size/ { printf "%.1f", $2 / 1024; found = 1 }
                 END { if (!found) print "NA" }' "$1"
}

# ------------------------------------------------------------------ main

ensure_tools
if [ -n "${RAPPORTEUR_BIN:-}" ]; then
    [ -x "$BIN" ] || die "RAPPORTEUR_BIN is not an executable: $BIN"
else
    build_rapporteur
fi

trap cleanup EXIT
trap 'exit 130' INT TERM
rm -rf "$WORK"
mkdir -p "$WORK" || die "cannot create $WORK"

log "rapporteur: $("$BIN" --version 2>/dev/null) ($(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo '+dirty'))"
log "hugo: $(hugo version 2>/dev/null | awk '{print $2}')"
log "hyperfine: $(hyperfine --version)"
log "sizes: $SIZES; runs: $RUNS (+1 warm-up); cores: $(nproc)"

SEED_ARGS=()
[ -n "${SEED:-}" ] && SEED_ARGS=(--seed "$SEED")

# results.tsv: size engine median_wall mean_user peak_mib status
RESULTS="$WORK/results.tsv"
: >"$RESULTS"
ERRORS="$WORK/errors.txt"
: >"$ERRORS"

for N in $SIZES; do
    CR="$WORK/corpus-r-$N"
    CH="$WORK/corpus-h-$N"
    OR="$WORK/out-r-$N"
    OH="$WORK/out-h-$N"
    CACHE="$WORK/hugo-cache"
    log "generating $N-page corpora"
    python3 "$GEN_CORPUS" --pages "$N" --engine rapporteur "${SEED_ARGS[@]}" "$CR" || die "gen_corpus failed (rapporteur, $N)"
    python3 "$GEN_CORPUS" --pages "$N" --engine hugo "${SEED_ARGS[@]}" "$CH" || die "gen_corpus failed (hugo, $N)"

    R_CMD="$(printf '%q build --root %q --output-dir %q' "$BIN" "$CR" "$OR")"
    H_CMD="$(printf 'hugo --quiet --noBuildLock --cacheDir %q --source %q --destination %q' "$CACHE" "$CH" "$OH")"

    # One measured run of each under /usr/bin/time -v: checks that the build
    # succeeds and records peak memory (from an empty output folder).
    rm -rf "$OR" "$OH"
    log "peak memory run: rapporteur $N"
    /usr/bin/time -v -o "$WORK/time-r-$N.txt" \
        "$BIN" build --root "$CR" --output-dir "$OR" >"$WORK/stdout-r-$N.txt" 2>"$WORK/stderr-r-$N.txt"
    R_RC=$?
    log "peak memory run: hugo $N"
    /usr/bin/time -v -o "$WORK/time-h-$N.txt" \
        hugo --quiet --noBuildLock --cacheDir "$CACHE" --source "$CH" --destination "$OH" \
        >"$WORK/stdout-h-$N.txt" 2>"$WORK/stderr-h-$N.txt"
    H_RC=$?
    R_MEM="$(peak_mib "$WORK/time-r-$N.txt")"
    H_MEM="$(peak_mib "$WORK/time-h-$N.txt")"

    for pair in "rapporteur:$R_RC" "hugo:$H_RC"; do
        eng="${pair%%:*}" rc="${pair##*:}"
        if [ "$rc" -ne 0 ]; then
            e="${eng:0:1}"
            {
                echo "--- $eng build of the $N-page corpus failed (exit $rc); first errors:"
                grep -m 20 -E ': error: |^error' "$WORK/stderr-$e-$N.txt" \
                    || head -n 20 "$WORK/stderr-$e-$N.txt"
                tail -n 1 "$WORK/stderr-$e-$N.txt"
            } | tee -a "$ERRORS" >&2
        fi
    done
    [ "$R_RC" -eq 0 ] && log "rapporteur: $(tail -n 1 "$WORK/stderr-r-$N.txt")"

    # Timing: both commands in one hyperfine invocation so runs interleave,
    # each timed run starting from empty output folders.
    NAMES=() CMDS=()
    [ "$R_RC" -eq 0 ] && { NAMES+=(-n rapporteur); CMDS+=("$R_CMD"); }
    [ "$H_RC" -eq 0 ] && { NAMES+=(-n hugo); CMDS+=("$H_CMD"); }
    JSON="$WORK/hyperfine-$N.json"
    if [ "${#CMDS[@]}" -gt 0 ]; then
        log "timing $N pages: ${#CMDS[@]} command(s), 1 warm-up + $RUNS runs"
        hyperfine --style basic --warmup 1 --runs "$RUNS" \
            --prepare "$(printf 'rm -rf %q %q' "$OR" "$OH")" \
            --export-json "$JSON" "${NAMES[@]}" "${CMDS[@]}" >&2 \
            || { echo "--- hyperfine failed at $N pages" | tee -a "$ERRORS" >&2; rm -f "$JSON"; }
    fi

    python3 - "$JSON" "$N" "$R_MEM" "$H_MEM" "$R_RC" "$H_RC" >>"$RESULTS" <<'PY'
import json, os, statistics, sys
path, n, r_mem, h_mem, r_rc, h_rc = sys.argv[1:]
res = {}
if os.path.exists(path):
    for r in json.load(open(path))["results"]:
        name = r.get("command")
        times = r.get("times") or []
        med = statistics.median(times) if times else r.get("median", r["mean"])
        res[name] = (med, r.get("user", float("nan")))
for eng, mem, rc in (("rapporteur", r_mem, r_rc), ("hugo", h_mem, h_rc)):
    med, user = res.get(eng, (None, None))
    status = "ok" if rc == "0" and med is not None else ("failed" if rc != "0" else "untimed")
    print("\t".join([n, eng, "NA" if med is None else f"{med:.4f}",
                     "NA" if user is None else f"{user:.4f}", mem, status]))
PY
    # Free the tmpfs space of this size before the next one.
    [ "$KEEP" = "1" ] || rm -rf "$CR" "$CH" "$OR" "$OH"
done

# ------------------------------------------------------------------ report

python3 - "$RESULTS" "$MAX_RATIO" "$MAX_RSS_MIB" "$MAX_SCALING" <<'PY'
import sys
path, max_ratio, max_rss, max_scaling = sys.argv[1], *map(float, sys.argv[2:])
rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
data = {}
for n, eng, med, user, mem, status in rows:
    f = lambda x: None if x == "NA" else float(x)
    data[(int(n), eng)] = dict(med=f(med), user=f(user), mem=f(mem), status=status)

def ratio(n):
    r, h = data.get((n, "rapporteur")), data.get((n, "hugo"))
    if r and h and r["med"] and h["med"]:
        return r["med"] / h["med"]
    return None

fmt = lambda x, p=3: "—" if x is None else f"{x:.{p}f}"
hdr = ["size", "engine", "median wall (s)", "mean user (s)", "peak memory (MiB)",
       "ratio rapporteur/hugo (wall)"]
table = []
for n in sorted({k[0] for k in data}):
    for eng in ("rapporteur", "hugo"):
        d = data.get((n, eng))
        if not d:
            continue
        note = "" if d["status"] == "ok" else f" ({d['status']})"
        table.append([f"{n:,}", eng + note, fmt(d["med"]), fmt(d["user"]), fmt(d["mem"], 1),
                      fmt(ratio(n), 2) if eng == "rapporteur" else ""])
w = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(hdr)]
line = lambda cells: "| " + " | ".join(c.ljust(w[i]) for i, c in enumerate(cells)) + " |"
print()
print(line(hdr))
print("|" + "|".join("-" * (x + 2) for x in w) + "|")
for r in table:
    print(line(r))
print()

def check(label, value, limit, unit=""):
    if value is None:
        verdict, shown = "SKIP", "not measured"
    else:
        verdict = "PASS" if value <= limit else "FAIL"
        shown = f"{value:.2f}{unit}"
    print(f"{verdict}  {label}: {shown} (target <= {limit:g}{unit})")

print("Targets:")
check("10k wall ratio rapporteur/hugo", ratio(10000), max_ratio)
r10 = data.get((10000, "rapporteur"))
check("10k rapporteur peak memory", r10["mem"] if r10 and r10["status"] == "ok" else None,
      max_rss, " MiB")
check("1k wall ratio rapporteur/hugo", ratio(1000), max_ratio)
r1 = data.get((1000, "rapporteur"))
scal = (r10["med"] / r1["med"]) if (r1 and r10 and r1["med"] and r10["med"]) else None
check("rapporteur scaling time(10k)/time(1k)", scal, max_scaling)
PY

if [ -s "$ERRORS" ]; then
    echo
    echo "Errors:"
    cat "$ERRORS"
fi
exit 0
