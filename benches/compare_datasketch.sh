#!/usr/bin/env bash
# Side-by-side: reprint against a datasketch MinHashLSH baseline on a
# generated syndication corpus, timed and scored against the generator's
# truth file.
#
#   benches/compare_datasketch.sh            # 20000 records, clean, seed 1
#   RECORDS=100000 PROFILE=ocr benches/compare_datasketch.sh
#
# Environment: RECORDS (20000), PROFILE (clean|ocr), SEED (1), WORDS (450,
# mean words per original), OCR_RATE (0.015, ocr profile only),
# REPRINT_ARGS (extra flags for reprint, unquoted).
# Everything goes to target/compare/ (the corpus, both tools' groups, their
# timings and scores); the datasketch baseline runs in a throwaway venv at
# target/bench-venv. Python is used for the baseline only: reprint and the
# generator do not need it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RECORDS="${RECORDS:-20000}"
PROFILE="${PROFILE:-clean}"
SEED="${SEED:-1}"
WORDS="${WORDS:-450}"
OCR_RATE="${OCR_RATE:-0.015}"
REPRINT_ARGS="${REPRINT_ARGS:-}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
OUT="$TARGET/compare"
VENV="$TARGET/bench-venv"
RUN="$OUT/$PROFILE-$RECORDS-s$SEED-w$WORDS"
if [ "$PROFILE" = ocr ]; then RUN="$RUN-r$OCR_RATE"; fi
mkdir -p "$RUN"

say() { printf '\n== %s\n' "$*" >&2; }

say "building reprint and the corpus generator (release)"
cargo build --release --quiet
cargo build --release --quiet --example gen_corpus
REPRINT="$TARGET/release/reprint"
GEN="$TARGET/release/examples/gen_corpus"

say "generating $RECORDS records ($PROFILE, seed $SEED, $WORDS words) into $RUN"
gen_start=$(date +%s.%N)
"$GEN" --records "$RECORDS" --seed "$SEED" --profile "$PROFILE" --words "$WORDS" \
    --ocr-rate "$OCR_RATE" --out-dir "$RUN"
gen_end=$(date +%s.%N)
CORPUS="$RUN/corpus.jsonl"
TRUTH="$RUN/truth.jsonl"

say "python venv with datasketch at $VENV"
if ! "$VENV/bin/python" -c 'import datasketch' >/dev/null 2>&1; then
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check datasketch
fi
PY="$VENV/bin/python"
"$PY" -c 'import datasketch, sys; print("datasketch", datasketch.__version__, "on python", sys.version.split()[0])' >&2

# GNU time gives wall seconds and peak RSS; without it, a Python wrapper
# measures both (ru_maxrss of the waited-for child).
GNU_TIME=/usr/bin/time
if ! "$GNU_TIME" -v true >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get install -y time >/dev/null 2>&1 || true
    fi
fi

# timed NAME CMD... : runs CMD, writes "wall_seconds max_rss_kib" to $RUN/NAME.time
timed() {
    local name="$1"
    shift
    local raw="$RUN/$name.time.raw"
    if "$GNU_TIME" -v true >/dev/null 2>&1; then
        "$GNU_TIME" -v -o "$raw" "$@"
        awk -F': ' '
            /Elapsed \(wall clock\)/ {
                n = split($2, t, ":"); s = 0
                for (i = 1; i <= n; i++) s = s * 60 + t[i]
                wall = s
            }
            /Maximum resident set size/ { rss = $2 }
            END { printf "%.2f %d\n", wall, rss }' "$raw" >"$RUN/$name.time"
    else
        "$PY" - "$RUN/$name.time" "$@" <<'EOF'
import resource, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
t = time.perf_counter()
rc = subprocess.call(cmd)
wall = time.perf_counter() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
open(out, "w").write("%.2f %d\n" % (wall, rss))
sys.exit(rc)
EOF
    fi
}

say "datasketch baseline (MinHashLSH threshold 0.5, 128 permutations, word 5-grams)"
timed datasketch "$PY" "$ROOT/benches/datasketch_baseline.py" "$CORPUS" -o "$RUN/datasketch.jsonl"

say "reprint"
# shellcheck disable=SC2086 # REPRINT_ARGS is a list of flags
timed reprint "$REPRINT" "$CORPUS" -o "$RUN/reprint.jsonl" $REPRINT_ARGS

if "$REPRINT" eval --help >/dev/null 2>&1; then
    for tool in reprint datasketch; do
        say "reprint eval: $tool"
        "$REPRINT" eval --truth "$TRUTH" "$RUN/$tool.jsonl" | tee "$RUN/$tool.eval.txt"
    done
else
    say "reprint eval is not in this build; scores below come from benches/score_pairs.py only"
fi

say "pairwise scores (benches/score_pairs.py: same definitions as reprint eval)"
"$PY" "$ROOT/benches/score_pairs.py" --truth "$TRUTH" \
    reprint="$RUN/reprint.jsonl" datasketch="$RUN/datasketch.jsonl" | tee "$RUN/scores.txt"

read -r r_wall r_rss <"$RUN/reprint.time"
read -r d_wall d_rss <"$RUN/datasketch.time"
say "time and memory ($RECORDS records, $PROFILE, $(nproc) cores)"
{
    printf '%-12s %10s %12s\n' tool wall_s peak_rss_MiB
    printf '%-12s %10.2f %12.1f\n' reprint "$r_wall" "$(awk -v k="$r_rss" 'BEGIN { print k / 1024 }')"
    printf '%-12s %10.2f %12.1f\n' datasketch "$d_wall" "$(awk -v k="$d_rss" 'BEGIN { print k / 1024 }')"
    awk -v r="$r_wall" -v d="$d_wall" -v g="$(awk -v a="$gen_start" -v b="$gen_end" 'BEGIN { print b - a }')" 'BEGIN {
        if (r > 0) printf "datasketch / reprint wall time: %.1fx\n", d / r
        printf "corpus generation: %.1f s\n", g
    }'
} | tee "$RUN/summary.txt"
echo "results in $RUN" >&2
