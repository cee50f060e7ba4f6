#!/usr/bin/env bash
# Issue 15's side-by-side table: reprint, rensa, datasketch and incrededup
# on the same wire-style corpus, in one run, timed and scored alike.
#
#   benches/peers.sh                       # 100,000 records (~180 MB) and 20,000
#   SIZES=100000 TOOLS="reprint rensa" benches/peers.sh
#
# A preset of benches/scale.sh (which does the work; see its header and
# benches/README.md): corpora from gen_corpus at 215 words per original
# (100,000 records: about 187 MB; clean profile, seed 1, the default copy
# counts: about half the originals never reprinted, most of the others a
# few times, a few stories dozens of times), reprint run three times (its
# row is the median), rensa and datasketch at both sizes, incrededup at
# 20,000 only (0.3.1 fails at 100,000: an SQLite query past SQLite's limit
# of 32,766 variables; its row says so). Any of scale.sh's variables can
# be set to override these. Outputs go to target/peers/ (corpora, run-N/,
# results.tsv, table.md). Not run by .ci/run or cargo test.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
export SIZES="${SIZES:-20000 100000}"
export WORDS="${WORDS:-215}"
export TOOLS="${TOOLS:-reprint rensa datasketch incrededup}"
export REPRINT_RUNS="${REPRINT_RUNS:-3}"
export PY_MAX="${PY_MAX:-100000}"
export INCREDEDUP_MAX="${INCREDEDUP_MAX:-20000}"
export OUT="${OUT:-$TARGET/peers}"
exec "$ROOT/benches/scale.sh"
