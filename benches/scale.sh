#!/usr/bin/env bash
# How reprint's cost grows with corpus size, against datasketch and rensa,
# in one run and one table.
#
#   benches/scale.sh                                  # 10k, 100k and 1M records
#   SIZES=10000 benches/scale.sh                      # one size
#   CORPUS_ROOT=/big/disk/corpora benches/scale.sh    # corpora generated before
#
# For each size N in SIZES: a corpus of N records from the generator
# (gen_corpus --records N --seed SEED --words WORDS, clean profile), reused
# when one with the same parameters is already there; then the release
# binary `reprint -q CORPUS -o GROUPS`, the datasketch MinHashLSH baseline
# (datasketch_baseline.py) and the rensa baseline (rensa_baseline.py), each
# timed with /usr/bin/time -v (wall, user+sys CPU, peak RSS) and scored with
# `reprint eval --truth truth.jsonl GROUPS --json`. Prints one markdown
# table (also written to target/scale/table.md).
#
# Environment:
#   SIZES        record counts (default "10000 100000 1000000")
#   PY_MAX       largest size the Python baselines run at (default 100000):
#                past it they take tens of minutes to hours and are not run
#   CORPUS_ROOT  where corpora are looked for and generated (default
#                target/scale): DIR/corpus-N-sSEED-wWORDS/, or DIR itself
#                when it holds a corpus.jsonl of N records (a folder made
#                by hand with gen_corpus --out-dir DIR)
#   SEED (1), WORDS (600, mean words per original)
#   TOOLS        tools to run (default "reprint datasketch rensa")
#   REPRINT_ARGS extra flags for reprint (unquoted)
# Outputs go to target/scale/ (run-N/ per size: groups, logs, GNU time
# reports, eval JSON; results.tsv; table.md); the Python baselines run in
# the venv at target/bench-venv (made here when missing, as
# compare_datasketch.sh does).
set -euo pipefail
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SIZES="${SIZES:-10000 100000 1000000}"
PY_MAX="${PY_MAX:-100000}"
SEED="${SEED:-1}"
WORDS="${WORDS:-600}"
TOOLS="${TOOLS:-reprint datasketch rensa}"
REPRINT_ARGS="${REPRINT_ARGS:-}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
SCALE="$TARGET/scale"
CORPUS_ROOT="${CORPUS_ROOT:-$SCALE}"
VENV="$TARGET/bench-venv"
mkdir -p "$SCALE"

say() { printf '== %s\n' "$*" >&2; }
has_tool() { case " $TOOLS " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# GNU time is what gives CPU and peak RSS; Debian ships it as `time`.
if ! /usr/bin/time -v true >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing GNU time (apt-get install time)"
        apt-get install -y time >/dev/null 2>&1 || true
    fi
    if ! /usr/bin/time -v true >/dev/null 2>&1; then
        echo "scale.sh: needs GNU time at /usr/bin/time (Debian: apt-get install time)" >&2
        exit 2
    fi
fi

say "building reprint and the corpus generator (release)"
cargo build --release --quiet --bin reprint --example gen_corpus
REPRINT="$TARGET/release/reprint"
GEN="$TARGET/release/examples/gen_corpus"

# Python baselines: one venv, datasketch and rensa in it. A package that
# does not install is reported in the table and its runs are skipped.
PY="$VENV/bin/python"
declare -A PY_NOTE=()
if has_tool datasketch || has_tool rensa; then
    if [ ! -x "$PY" ]; then
        say "python venv at $VENV"
        python3 -m venv "$VENV"
    fi
    for pkg in datasketch rensa; do
        has_tool "$pkg" || continue
        if ! "$PY" -c "import $pkg" >/dev/null 2>&1; then
            say "pip install $pkg into $VENV"
            if ! "$PY" -m pip install --disable-pip-version-check "$pkg" >"$SCALE/$pkg-install.log" 2>&1; then
                PY_NOTE[$pkg]="not run: pip install $pkg failed ($(tail -n 1 "$SCALE/$pkg-install.log" | cut -c1-120); log in target/scale/$pkg-install.log)"
                say "$pkg did not install: ${PY_NOTE[$pkg]}"
            fi
        fi
    done
fi

# Versions for the table's header.
versions="reprint $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
if [ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no -- src Cargo.toml Cargo.lock 2>/dev/null)" ]; then
    versions="$versions (with uncommitted changes in src/)"
fi
if [ -x "$PY" ]; then
    versions="$versions; $("$PY" -c '
import sys, importlib
out = ["python " + sys.version.split()[0]]
for m in ("datasketch", "rensa"):
    try:
        from importlib.metadata import version
        importlib.import_module(m)
        out.append("%s %s" % (m, version(m)))
    except Exception:
        pass
print("; ".join(out))')"
fi

# corpus_dir N: prints the folder holding a corpus of N records with these
# parameters, generating it when there is none.
corpus_dir() {
    local n="$1" stamp="records=$1 seed=$SEED words=$WORDS profile=clean"
    local dir
    for dir in "$CORPUS_ROOT/corpus-$n-s$SEED-w$WORDS" "$CORPUS_ROOT"; do
        [ -s "$dir/corpus.jsonl" ] && [ -s "$dir/truth.jsonl" ] || continue
        if [ -f "$dir/params" ]; then
            if [ "$(cat "$dir/params")" = "$stamp" ]; then
                say "reusing $dir ($stamp)"
                echo "$dir"
                return
            fi
        elif [ "$(wc -l <"$dir/corpus.jsonl")" -eq "$n" ]; then
            # Made by hand: the record count is all that can be checked.
            say "reusing $dir: $n records, no params file (taken to be seed $SEED, $WORDS words)"
            echo "$dir"
            return
        fi
    done
    dir="$CORPUS_ROOT/corpus-$n-s$SEED-w$WORDS"
    mkdir -p "$dir"
    rm -f "$dir/params"
    say "generating $n records (seed $SEED, $WORDS words) into $dir"
    local t0 t1
    t0=$(date +%s.%N)
    if ! "$GEN" --records "$n" --seed "$SEED" --words "$WORDS" --out-dir "$dir" 2>"$dir/gen.log"; then
        tail -n 5 "$dir/gen.log" >&2
        echo "scale.sh: gen_corpus failed (log in $dir/gen.log)" >&2
        exit 2
    fi
    t1=$(date +%s.%N)
    echo "$stamp" >"$dir/params"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "== generated in %.1f s\n", b - a }' >&2
    echo "$dir"
}

# timed NAME RUN CMD...: runs CMD under GNU time, output in RUN/NAME.log,
# the time report in RUN/NAME.time; prints "wall cpu rss_kib".
timed() {
    local name="$1" run="$2"
    shift 2
    local status=0
    /usr/bin/time -v -o "$run/$name.time" "$@" >"$run/$name.log" 2>&1 || status=$?
    if [ "$status" != 0 ]; then
        return "$status"
    fi
    awk -F': ' '
        /Elapsed \(wall clock\)/ {
            n = split($2, t, ":"); s = 0
            for (i = 1; i <= n; i++) s = s * 60 + t[i]
            wall = s
        }
        /User time \(seconds\)/ { user = $2 }
        /System time \(seconds\)/ { sys = $2 }
        /Maximum resident set size/ { rss = $2 }
        END { printf "%.2f %.2f %d\n", wall, user + sys, rss }' "$run/$name.time"
}

f1_of() { sed -n 's/.*"f1":\([0-9.eE+-]*\).*/\1/p' "$1"; }

RESULTS="$SCALE/results.tsv"
printf 'records\tinput_bytes\ttool\twall_s\tcpu_s\trss_kib\tf1\tnote\n' >"$RESULTS"
declare -A LARGEST_N=() LARGEST_WALL=()
declare -A GEN_NOTE=()

for n in $SIZES; do
    dir="$(corpus_dir "$n")"
    corpus="$dir/corpus.jsonl"
    truth="$dir/truth.jsonl"
    bytes=$(stat -c %s "$corpus")
    GEN_NOTE[$n]="$(grep -o 'words per record: [0-9.]* mean' "$dir/gen.log" 2>/dev/null || true)"
    run="$SCALE/run-$n"
    mkdir -p "$run"
    for tool in $TOOLS; do
        note="" wall="" cpu="" rss="" f1=""
        case "$tool" in
            reprint)
                # shellcheck disable=SC2086 # REPRINT_ARGS is a list of flags
                cmd=("$REPRINT" -q "$corpus" -o "$run/reprint.jsonl" $REPRINT_ARGS)
                ;;
            datasketch | rensa)
                if [ -n "${PY_NOTE[$tool]:-}" ]; then
                    note="${PY_NOTE[$tool]}"
                elif [ "$n" -gt "$PY_MAX" ]; then
                    note="not run: would take too long: $n records > PY_MAX ($PY_MAX); shingling and hashing in single-threaded Python"
                    if [ -n "${LARGEST_N[$tool]:-}" ]; then
                        note="$note, about $(awk -v w="${LARGEST_WALL[$tool]}" -v a="${LARGEST_N[$tool]}" -v b="$n" \
                            'BEGIN {
                                e = w * b / a
                                if (e < 120) printf "%.0f s", e
                                else if (e < 7200) printf "%.0f min", e / 60
                                else printf "%.1f h", e / 3600
                            }') if linear from its ${LARGEST_N[$tool]}-record run"
                    fi
                fi
                cmd=("$PY" "$ROOT/benches/${tool}_baseline.py" "$corpus" -o "$run/$tool.jsonl")
                ;;
            *)
                echo "scale.sh: unknown tool '$tool' in TOOLS" >&2
                exit 2
                ;;
        esac
        if [ -z "$note" ]; then
            say "$n records: $tool"
            status=0
            out=$(timed "$tool" "$run" "${cmd[@]}") || status=$?
            if [ "$status" = 0 ]; then
                read -r wall cpu rss <<<"$out"
                if "$REPRINT" eval --truth "$truth" "$run/$tool.jsonl" --json >"$run/$tool.eval.json" 2>"$run/$tool.eval.log"; then
                    f1="$(f1_of "$run/$tool.eval.json")"
                else
                    note="reprint eval failed: see target/scale/run-$n/$tool.eval.log"
                fi
                if [ "$tool" = rensa ]; then
                    note="${note:+$note; }32 bands x 4 rows (rensa needs bands dividing 128), pairs kept at estimated Jaccard >= 0.5"
                fi
                LARGEST_N[$tool]="$n"
                LARGEST_WALL[$tool]="$wall"
                say "$tool: $wall s wall, $cpu s CPU, $((rss / 1024)) MiB peak RSS, F1 ${f1:-?}"
            else
                note="failed (exit $status): see target/scale/run-$n/$tool.log"
                say "$tool $note"
                tail -n 5 "$run/$tool.log" >&2 || true
            fi
        fi
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$bytes" "$tool" "$wall" "$cpu" "$rss" "$f1" "$note" >>"$RESULTS"
    done
done

# The table: throughput from wall time; the last column is how many times
# reprint's throughput (MB/s) is that tool's on the same corpus.
{
    echo "Release build, $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM; $versions."
    echo "Corpora: benches/gen_corpus/, clean profile, seed $SEED, $WORDS words per original (mean)$(
        for n in $SIZES; do
            if [ -n "${GEN_NOTE[$n]}" ]; then printf '; %s records: %s' "$n" "${GEN_NOTE[$n]}"; fi
        done
    ). Input MB = 10^6 bytes of corpus.jsonl; wall, CPU (user + sys) and peak RSS from /usr/bin/time -v; F1 from \`reprint eval --json\`."
    echo
    awk -F'\t' '
        NR == 1 { next }
        {
            row[NR] = $0
            if ($3 == "reprint" && $4 != "") rwall[$1] = $4
        }
        END {
            print "| records | input MB | tool | wall s | CPU s | peak RSS MiB | MB/s | articles/s | F1 | reprint throughput / tool | note |"
            print "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"
            for (i = 2; i <= NR; i++) {
                split(row[i], f, "\t")
                n = f[1]; mb = f[2] / 1e6; tool = f[3]; wall = f[4]
                if (wall == "") {
                    printf "| %d | %.1f | %s | - | - | - | - | - | - | - | %s |\n", n, mb, tool, f[8]
                    continue
                }
                w = wall > 0 ? wall : 0.01
                ratio = "-"
                if (tool != "reprint" && (n in rwall)) ratio = sprintf("%.1fx", w / (rwall[n] > 0 ? rwall[n] : 0.01))
                printf "| %d | %.1f | %s | %.2f | %.2f | %.0f | %.2f | %.0f | %s | %s | %s |\n",
                    n, mb, tool, wall, f[5], f[6] / 1024, mb / w, n / w,
                    (f[7] == "" ? "-" : sprintf("%.4f", f[7])), ratio, f[8]
            }
        }' "$RESULTS"
} | tee "$SCALE/table.md"
say "table in $SCALE/table.md, raw numbers in $RESULTS, runs in $SCALE/run-N/"
