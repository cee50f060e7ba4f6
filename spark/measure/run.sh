#!/usr/bin/env bash
# One measured Spark run beside spark/README.md's "Measured" table:
#   spark/measure/run.sh CORPUS NAME [OUT_DIR]
# local[2], 8 partitions, the release binary, -v, the event log kept;
# writes OUT_DIR/spark-NAME.{jsonl,log,rss} and keeps the work folder
# OUT_DIR/work-NAME (spark/measure/counts.py reads it).
set -u
corpus=$1; name=$2; out=${3:-/work/runs}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${REPRINT_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/reprint}
mkdir -p "$out/events" "$out/work-$name.tmp"
rm -rf "$out/work-$name"
cd "$root"
/usr/bin/time -v spark-submit --master 'local[2]' --driver-memory 12g \
  --conf spark.eventLog.enabled=true --conf "spark.eventLog.dir=file://$out/events" \
  --conf "spark.local.dir=$out/work-$name.tmp" \
  spark/reprint_spark.py "$corpus" --related -v -o "$out/spark-$name.jsonl" \
  --partitions 8 --reprint "$bin" --work "$out/work-$name" \
  > "$out/spark-$name.log" 2>&1 &
pid=$!
python3 "$here/rss_tree.py" $pid "$out/spark-$name.rss" &
wait $pid
echo "exit $?" >> "$out/spark-$name.log"
