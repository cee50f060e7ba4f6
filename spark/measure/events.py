#!/usr/bin/env python3
"""Per-stage times and bytes from a Spark event log: events.py LOG"""
import json, sys

stages = {}
jobs = {}
import glob, os
paths = sorted(glob.glob(os.path.join(sys.argv[1], "events_*"))) if os.path.isdir(sys.argv[1]) else [sys.argv[1]]
import subprocess
def read(p):
    if p.endswith(".zstd"):
        # the last frame of a log still written may be cut: read what decodes
        out = subprocess.run(["zstd", "-dc", p], capture_output=True).stdout.decode(errors="replace")
        return out.splitlines()
    return open(p).read().splitlines()
lines = (l for p in paths for l in read(p))
for line in lines:
    try:
        e = json.loads(line)
    except ValueError:
        continue
    ev = e.get("Event")
    if ev == "SparkListenerStageCompleted":
        si = e["Stage Info"]
        acc = {a["Name"]: a.get("Value") for a in si.get("Accumulables", [])}
        stages[si["Stage ID"]] = (si, acc)
    elif ev == "SparkListenerJobStart":
        jobs[e["Job ID"]] = (e["Submission Time"], e.get("Properties", {}).get("callSite.short", ""))

def num(acc, k):
    v = acc.get(k)
    try:
        return int(v)
    except Exception:
        return 0

MB = 1e6
print(f"{'id':>3} {'name':42} {'wall s':>7} {'tasks':>5} {'run s':>7} {'gc s':>6} {'in MB':>8} {'shR MB':>8} {'shW MB':>8} {'shW rec':>10} {'out MB':>8} {'spill MB':>8}")
tot = {}
for sid in sorted(stages):
    si, acc = stages[sid]
    wall = (si.get("Completion Time", 0) - si.get("Submission Time", 0)) / 1000
    row = dict(
        run=num(acc, "internal.metrics.executorRunTime") / 1000,
        gc=num(acc, "internal.metrics.jvmGCTime") / 1000,
        inp=num(acc, "internal.metrics.input.bytesRead") / MB,
        shr=(num(acc, "internal.metrics.shuffle.read.localBytesRead") + num(acc, "internal.metrics.shuffle.read.remoteBytesRead")) / MB,
        shw=num(acc, "internal.metrics.shuffle.write.bytesWritten") / MB,
        shwr=num(acc, "internal.metrics.shuffle.write.recordsWritten"),
        out=num(acc, "internal.metrics.output.bytesWritten") / MB,
        spill=num(acc, "internal.metrics.diskBytesSpilled") / MB,
    )
    for k, v in row.items():
        tot[k] = tot.get(k, 0) + v
    print(f"{sid:>3} {si['Stage Name'][:42]:42} {wall:7.1f} {si['Number of Tasks']:>5} {row['run']:7.1f} {row['gc']:6.1f} {row['inp']:8.1f} {row['shr']:8.1f} {row['shw']:8.1f} {row['shwr']:>10} {row['out']:8.1f} {row['spill']:8.1f}")
print("total: " + ", ".join(f"{k} {v:.1f}" for k, v in tot.items()))
