#!/usr/bin/env bash
# Measure `reprint index`: build an index of N records in chunks, then query
# a batch of new records against it. Run by hand from the repository root:
#
#   benches/index_bench.sh 1000000 10000 /big/disk/bench
#
# Records come from the corpus generator (benches/gen_corpus/, run as the
# `gen_corpus` example); the batch is the generated corpus's last records, so
# it holds reprints of indexed stories as well as new ones. Prints one line
# per step with wall time and peak memory (GNU time), the query's stage
# times, and how well it did against the truth (benches/index_score.rs).
# REUSE=1 keeps an index built by an earlier run with the same N and DIR and
# only queries it.
set -euo pipefail
N=${1:-200000}
BATCH=${2:-10000}
DIR=${3:-target/index-bench}
CHUNK=${CHUNK:-100000}
REPRINT=${REPRINT:-target/release/reprint}
GEN=${GEN:-target/release/examples/gen_corpus}
SCORE=${SCORE:-target/release/examples/index_score}

mkdir -p "$DIR"
if [ ! -x "$REPRINT" ] || [ ! -x "$GEN" ] || [ ! -x "$SCORE" ]; then
  cargo build --release --bin reprint --example gen_corpus --example index_score
fi
TOTAL=$((N + BATCH))
if [ ! -s "$DIR/corpus.jsonl" ] || [ "$(wc -l < "$DIR/corpus.jsonl")" -ne "$TOTAL" ]; then
  /usr/bin/time -f "generate $TOTAL records: %e s, %M KB" \
    "$GEN" --records "$TOTAL" --seed 7 --out-dir "$DIR" > /dev/null
fi
if [ "${REUSE:-0}" != 1 ] || [ ! -s "$DIR/bench.idx" ]; then
  head -n "$N" "$DIR/corpus.jsonl" > "$DIR/base.jsonl"
  tail -n "$BATCH" "$DIR/corpus.jsonl" > "$DIR/batch.jsonl"
  rm -rf "$DIR/chunks" "$DIR/bench.idx"
  mkdir -p "$DIR/chunks"
  split -l "$CHUNK" -d -a 3 --additional-suffix=.jsonl "$DIR/base.jsonl" "$DIR/chunks/part-"

  for part in "$DIR"/chunks/part-*.jsonl; do
    /usr/bin/time -f "add $(wc -l < "$part") records ($(basename "$part")): %e s, %M KB" \
      "$REPRINT" index add "$DIR/bench.idx" "$part" -q
  done
fi
"$REPRINT" index stats "$DIR/bench.idx"
for run in 1 2; do
  /usr/bin/time -f "query $BATCH records against $N (run $run): %e s, %M KB" \
    "$REPRINT" index query "$DIR/bench.idx" "$DIR/batch.jsonl" -q -o "$DIR/query.jsonl"
done
"$REPRINT" index query "$DIR/bench.idx" "$DIR/batch.jsonl" -v -o "$DIR/query.jsonl" 2>&1 |
  grep -E 'time:|candidate pairs'
echo "groups: $(wc -l < "$DIR/query.jsonl"), with indexed members: $(grep -c '"indexed":true' "$DIR/query.jsonl" || true)"
"$SCORE" "$DIR/truth.jsonl" "$DIR/batch.jsonl" "$DIR/query.jsonl"
/usr/bin/time -f "main command on the $BATCH batch alone: %e s, %M KB" \
  "$REPRINT" "$DIR/batch.jsonl" -q -o "$DIR/batch-groups.jsonl"
