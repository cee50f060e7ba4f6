#!/usr/bin/env bash
# How reprint's cost grows with corpus size, against datasketch, rensa and
# incrededup, in one run and one table (benches/peers.sh is the preset for
# issue 15's peer table).
#
#   benches/scale.sh                                  # 10k, 100k and 1M records
#   SIZES=10000 benches/scale.sh                      # one size
#   CORPUS_ROOT=/big/disk/corpora benches/scale.sh    # corpora generated before
#
# For each size N in SIZES: a corpus of N records from the generator
# (gen_corpus --records N --seed SEED --words WORDS, clean profile), reused
# when one with the same parameters is already there; then the release
# binary `reprint -q CORPUS -o GROUPS`, the datasketch MinHashLSH baseline
# (datasketch_baseline.py), the rensa baseline (rensa_baseline.py) and, when
# TOOLS names it, the incrededup CLI (cargo install'd; its SQLite input made
# and its output read back by incrededup_io.py, untimed), each timed with
# /usr/bin/time -v (wall, user+sys CPU, peak RSS) and scored with
# `reprint eval --truth truth.jsonl GROUPS --json`. Prints one markdown
# table (also written to OUT/table.md) with each tool's wall and CPU time
# over reprint's on the same corpus.
#
# Environment:
#   SIZES        record counts (default "10000 100000 1000000")
#   PY_MAX       largest size the Python baselines run at (default 100000):
#                past it they take tens of minutes to hours and are not run
#   CORPUS_ROOT  where corpora are looked for and generated (default
#                target/scale): DIR/corpus-N-sSEED-wWORDS/, or DIR itself
#                when it holds a corpus.jsonl of N records (a folder made
#                by hand with gen_corpus --out-dir DIR)
#   SEED (1), WORDS (600, mean words per original), ZIPF (1.6, the
#                generator's copy-count exponent), ORIGINALS (the Reuters
#                file the generator takes original text from; default its
#                own, or the one beside the main checkout of a worktree)
#   TOOLS        tools to run (default "reprint datasketch rensa"; also
#                "incrededup")
#   REPRINT_ARGS extra flags for reprint (unquoted)
#   REPRINT_RUNS runs of reprint per size (default 1); the row is the run
#                of median wall time, the others are listed in its note
#   INCREDEDUP_MAX  largest size incrededup runs at (default 20000: past
#                about 32,766 records in duplicate groups its SQLite sync
#                fails, as it does at 100,000 records of benches/peers.sh)
#   INCREDEDUP_ARGS its flags besides --sqlite and --data-dir (default
#                "--min-content-len 100", its README's SQLite example)
#   OUT          where runs and tables go (default target/scale)
# Outputs go to OUT (run-N/ per size: groups, logs, GNU time reports, eval
# JSON; results.tsv; table.md); the Python baselines run in the venv at
# target/bench-venv (made here when missing, as compare_datasketch.sh
# does); incrededup 0.3.1 is installed into target/peers-bin.
set -euo pipefail
shopt -s inherit_errexit

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SIZES="${SIZES:-10000 100000 1000000}"
PY_MAX="${PY_MAX:-100000}"
SEED="${SEED:-1}"
WORDS="${WORDS:-600}"
ZIPF="${ZIPF:-1.6}"
TOOLS="${TOOLS:-reprint datasketch rensa}"
REPRINT_ARGS="${REPRINT_ARGS:-}"
REPRINT_RUNS="${REPRINT_RUNS:-1}"
INCREDEDUP_MAX="${INCREDEDUP_MAX:-20000}"
# Unset: its README's flags; set and empty: none.
INCREDEDUP_ARGS="${INCREDEDUP_ARGS-"--min-content-len 100"}"
INCREDEDUP_VERSION=0.3.1
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
SCALE="${OUT:-$TARGET/scale}"
case "$SCALE" in /*) ;; *) SCALE="$ROOT/$SCALE" ;; esac
CORPUS_ROOT="${CORPUS_ROOT:-$SCALE}"
VENV="$TARGET/bench-venv"
mkdir -p "$SCALE"
# The generator's originals: its default is ../shared/corpora/ beside this
# checkout; a git worktree elsewhere finds it beside the main checkout.
GEN_DEFAULT_ORIGINALS="$ROOT/../shared/corpora/reuters21578.jsonl"
if [ -z "${ORIGINALS:-}" ]; then
    ORIGINALS="$GEN_DEFAULT_ORIGINALS"
    common="$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)"
    if [ ! -f "$ORIGINALS" ] && [ -n "$common" ] && [ -f "$(dirname "$common")/../shared/corpora/reuters21578.jsonl" ]; then
        ORIGINALS="$(cd "$(dirname "$common")/../shared/corpora" && pwd)/reuters21578.jsonl"
    fi
fi
case "$REPRINT_RUNS" in '' | *[!0-9]* | 0)
    echo "scale.sh: REPRINT_RUNS must be a whole number of runs, at least 1 (got '$REPRINT_RUNS')" >&2
    exit 2
    ;;
esac

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

# incrededup: a Rust CLI from crates.io, built once into target/peers-bin.
# It reads an SQLite table, which incrededup_io.py makes with python's
# standard sqlite3 module.
INCREDEDUP="$TARGET/peers-bin/bin/incrededup"
INC_NOTE=""
if has_tool incrededup && [ ! -x "$INCREDEDUP" ]; then
    say "cargo install incrededup --version $INCREDEDUP_VERSION (into $TARGET/peers-bin)"
    if ! cargo install --quiet --locked incrededup --version "$INCREDEDUP_VERSION" \
        --root "$TARGET/peers-bin" >"$SCALE/incrededup-install.log" 2>&1; then
        INC_NOTE="not run: cargo install incrededup failed ($(tail -n 1 "$SCALE/incrededup-install.log" | cut -c1-120); log in $SCALE/incrededup-install.log)"
        say "incrededup did not install: $INC_NOTE"
    fi
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
if has_tool incrededup && [ -x "$INCREDEDUP" ]; then
    versions="$versions; $("$INCREDEDUP" --version 2>/dev/null || echo "incrededup ?")"
fi

# corpus_dir N: prints the folder holding a corpus of N records with these
# parameters, generating it when there is none.
corpus_dir() {
    local n="$1" stamp="records=$1 seed=$SEED words=$WORDS profile=clean"
    # Defaults stay out of the stamp, so corpora made before these
    # parameters were variables are still found.
    if [ "$ZIPF" != 1.6 ]; then stamp="$stamp zipf=$ZIPF"; fi
    if [ "$ORIGINALS" != "$GEN_DEFAULT_ORIGINALS" ]; then stamp="$stamp originals=$ORIGINALS"; fi
    local dir
    local name="corpus-$n-s$SEED-w$WORDS"
    if [ "$ZIPF" != 1.6 ]; then name="$name-z$ZIPF"; fi
    for dir in "$CORPUS_ROOT/$name" "$CORPUS_ROOT"; do
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
    dir="$CORPUS_ROOT/$name"
    mkdir -p "$dir"
    rm -f "$dir/params"
    say "generating $n records (seed $SEED, $WORDS words) into $dir"
    local t0 t1
    t0=$(date +%s.%N)
    if ! "$GEN" --records "$n" --seed "$SEED" --words "$WORDS" --zipf "$ZIPF" \
        --originals "$ORIGINALS" --out-dir "$dir" 2>"$dir/gen.log"; then
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
largest_group() {
    python3 -c '
import json, sys
sizes = (json.loads(line)["size"] for line in open(sys.argv[1], encoding="utf-8") if line.strip())
print(max(sizes, default=0))' "$1" 2>/dev/null
}

RESULTS="$SCALE/results.tsv"
printf 'records\tinput_bytes\ttool\twall_s\tcpu_s\trss_kib\tf1\tnote\n' >"$RESULTS"
declare -A LARGEST_N=() LARGEST_WALL=()
declare -A GEN_NOTE=()

# too_slow TOOL N MAX REASON: the note of a row not run because N > MAX,
# with a linear estimate from the tool's largest run so far.
too_slow() {
    local tool="$1" n="$2" max="$3" reason="$4" note
    note="not run: would take too long: $n records > $max; $reason"
    if [ -n "${LARGEST_N[$tool]:-}" ]; then
        note="$note, about $(awk -v w="${LARGEST_WALL[$tool]}" -v a="${LARGEST_N[$tool]}" -v b="$n" \
            'BEGIN {
                e = w * b / a
                if (e < 120) printf "%.0f s", e
                else if (e < 7200) printf "%.0f min", e / 60
                else printf "%.1f h", e / 3600
            }') if linear from its ${LARGEST_N[$tool]}-record run"
    fi
    echo "$note"
}

# timed_median RUNS NAME RUN CMD...: CMD run RUNS times (as `timed`); the
# outputs of the run of median wall time are kept (NAME.log, NAME.time and
# CMD's own output, which every run overwrites alike); prints "wall cpu
# rss_kib" of that run, then the other runs' walls on a second line.
timed_median() {
    local runs="$1" name="$2" run="$3"
    shift 3
    if [ "$runs" = 1 ]; then
        timed "$name" "$run" "$@" || return $?
        echo
        return 0
    fi
    local i out walls=() lines=()
    for ((i = 1; i <= runs; i++)); do
        out=$(timed "$name" "$run" "$@") || return $?
        cp "$run/$name.time" "$run/$name.time.$i"
        cp "$run/$name.log" "$run/$name.log.$i"
        lines+=("$out")
        walls+=("${out%% *}")
    done
    local mid
    mid=$(for i in "${!walls[@]}"; do echo "${walls[$i]} $i"; done | sort -n | awk -v m=$(((runs + 1) / 2)) 'NR == m { print $2 }')
    cp "$run/$name.time.$((mid + 1))" "$run/$name.time"
    cp "$run/$name.log.$((mid + 1))" "$run/$name.log"
    echo "${lines[$mid]}"
    echo "median of $runs runs (walls ${walls[*]} s)"
}

LOAD_BEFORE=""
for n in $SIZES; do
    dir="$(corpus_dir "$n")"
    # Other work on the machine moves wall times: the table says how busy it was.
    if [ -z "$LOAD_BEFORE" ]; then LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"; fi
    corpus="$dir/corpus.jsonl"
    truth="$dir/truth.jsonl"
    bytes=$(stat -c %s "$corpus")
    GEN_NOTE[$n]="$(grep -o 'words per record: [0-9.]* mean' "$dir/gen.log" 2>/dev/null || true)"
    run="$SCALE/run-$n"
    mkdir -p "$run"
    for tool in $TOOLS; do
        note="" wall="" cpu="" rss="" f1="" runs=1
        case "$tool" in
            reprint)
                runs="$REPRINT_RUNS"
                # shellcheck disable=SC2086 # REPRINT_ARGS is a list of flags
                cmd=("$REPRINT" -q "$corpus" -o "$run/reprint.jsonl" $REPRINT_ARGS)
                ;;
            datasketch | rensa)
                if [ -n "${PY_NOTE[$tool]:-}" ]; then
                    note="${PY_NOTE[$tool]}"
                elif [ "$n" -gt "$PY_MAX" ]; then
                    note="$(too_slow "$tool" "$n" "PY_MAX ($PY_MAX)" "shingling and hashing in single-threaded Python")"
                fi
                cmd=("$PY" "$ROOT/benches/${tool}_baseline.py" "$corpus" -o "$run/$tool.jsonl")
                ;;
            incrededup)
                if [ -n "$INC_NOTE" ]; then
                    note="$INC_NOTE"
                elif [ "$n" -gt "$INCREDEDUP_MAX" ]; then
                    # Not a matter of time: seen at 100,000 records of peers.sh.
                    note="not run: $n records > INCREDEDUP_MAX ($INCREDEDUP_MAX): incrededup $INCREDEDUP_VERSION stops with an SQLite error once more than 32,766 documents are in duplicate groups (its sync names them all in one query; SQLite takes at most 32,766 variables)"
                else
                    # Its input, made untimed (as the other tools get their
                    # JSON Lines ready-made), and fresh sidecar indexes.
                    rm -rf "$run/incrededup-data"
                    # shellcheck disable=SC2086 # INCREDEDUP_ARGS is a list of flags
                    if ! python3 "$ROOT/benches/incrededup_io.py" to-sqlite "$corpus" "$run/incrededup.sqlite" \
                        -- $INCREDEDUP_ARGS 2>"$run/incrededup.input.log"; then
                        note="not run: its SQLite input could not be made: see $run/incrededup.input.log"
                    fi
                fi
                # shellcheck disable=SC2086 # INCREDEDUP_ARGS is a list of flags
                cmd=("$INCREDEDUP" --sqlite "$run/incrededup.sqlite" --data-dir "$run/incrededup-data" $INCREDEDUP_ARGS)
                ;;
            *)
                echo "scale.sh: unknown tool '$tool' in TOOLS" >&2
                exit 2
                ;;
        esac
        if [ -z "$note" ]; then
            say "$n records: $tool"
            status=0
            out=$(timed_median "$runs" "$tool" "$run" "${cmd[@]}") || status=$?
            if [ "$status" = 0 ] && [ "$tool" = incrededup ] &&
                ! python3 "$ROOT/benches/incrededup_io.py" to-groups "$run/incrededup.sqlite" \
                    -o "$run/incrededup.jsonl" 2>"$run/incrededup.output.log"; then
                status="its output could not be read: see $run/incrededup.output.log"
            fi
            if [ "$status" = 0 ]; then
                read -r wall cpu rss <<<"$(head -n 1 <<<"$out")"
                note="$(tail -n +2 <<<"$out")"
                if "$REPRINT" eval --truth "$truth" "$run/$tool.jsonl" --json >"$run/$tool.eval.json" 2>"$run/$tool.eval.log"; then
                    f1="$(f1_of "$run/$tool.eval.json")"
                else
                    note="${note:+$note; }reprint eval failed: see $run/$tool.eval.log"
                fi
                # A low F1 is most often one huge group (chained false
                # candidates): the note says how big the largest one is.
                if largest="$(largest_group "$run/$tool.jsonl")"; then
                    note="${note:+$note; }largest group $largest records"
                fi
                case "$tool" in
                    rensa) note="${note:+$note; }32 bands x 4 rows (rensa needs bands dividing 128), pairs kept at estimated Jaccard >= 0.5" ;;
                    incrededup) note="${note:+$note; }its defaults (char 3-grams, 16 x 8 bands, Jaccard >= 0.8, sizes within 30%) and ${INCREDEDUP_ARGS:-no flags}; $(grep -o '[0-9]* of them at most [0-9]* bytes long' "$run/incrededup.input.log" | sed 's/ of them/ records/') not indexed" ;;
                esac
                LARGEST_N[$tool]="$n"
                LARGEST_WALL[$tool]="$wall"
                say "$tool: $wall s wall, $cpu s CPU, $((rss / 1024)) MiB peak RSS, F1 ${f1:-?}"
            else
                note="failed (exit $status): see $run/$tool.log"
                say "$tool $note"
                tail -n 5 "$run/$tool.log" >&2 || true
            fi
        fi
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$bytes" "$tool" "$wall" "$cpu" "$rss" "$f1" "$note" >>"$RESULTS"
    done
done

# The table: throughput from wall time; the last two numbers are the tool's
# wall and CPU time over reprint's on the same corpus (how many times
# reprint's throughput is the tool's, by the clock and per CPU-second).
{
    echo "Release build, $(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM; load average (1, 5, 15 min) $LOAD_BEFORE before the first run and $(cut -d' ' -f1-3 /proc/loadavg) after the last; $versions."
    echo "Corpora: benches/gen_corpus/, clean profile, seed $SEED, $WORDS words per original (mean), copy counts P(c) ~ (c+1)^-$ZIPF$(
        for n in $SIZES; do
            if [ -n "${GEN_NOTE[$n]}" ]; then printf '; %s records: %s' "$n" "${GEN_NOTE[$n]}"; fi
        done
    ). Input MB = 10^6 bytes of corpus.jsonl; wall, CPU (user + sys) and peak RSS from /usr/bin/time -v; F1 from \`reprint eval --json\`."
    echo
    awk -F'\t' '
        NR == 1 { next }
        {
            row[NR] = $0
            if ($3 == "reprint" && $4 != "") { rwall[$1] = $4; rcpu[$1] = $5 }
        }
        function times(x, r) { return sprintf("%.1fx", (x > 0 ? x : 0.01) / (r > 0 ? r : 0.01)) }
        END {
            print "| records | input MB | tool | wall s | CPU s | peak RSS MiB | MB/s | articles/s | F1 | wall / reprint | CPU / reprint | note |"
            print "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"
            for (i = 2; i <= NR; i++) {
                split(row[i], f, "\t")
                n = f[1]; mb = f[2] / 1e6; tool = f[3]; wall = f[4]
                if (wall == "") {
                    printf "| %d | %.1f | %s | - | - | - | - | - | - | - | - | %s |\n", n, mb, tool, f[8]
                    continue
                }
                w = wall > 0 ? wall : 0.01
                wr = "-"; cr = "-"
                if (tool != "reprint" && (n in rwall)) { wr = times(w, rwall[n]); cr = times(f[5], rcpu[n]) }
                printf "| %d | %.1f | %s | %.2f | %.2f | %.0f | %.2f | %.0f | %s | %s | %s | %s |\n",
                    n, mb, tool, wall, f[5], f[6] / 1024, mb / w, n / w,
                    (f[7] == "" ? "-" : sprintf("%.4f", f[7])), wr, cr, f[8]
            }
        }' "$RESULTS"
} | tee "$SCALE/table.md"
say "table in $SCALE/table.md, raw numbers in $RESULTS, runs in $SCALE/run-N/"
