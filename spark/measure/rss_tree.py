#!/usr/bin/env python3
"""Sample the RSS of a process tree every second until its root exits:
print the peak of the tree's sum and each kind of process's peak (java,
python, reprint), in MB. Usage: rss_tree.py PID OUT"""
import os, sys, time

def children():
    kids = {}
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                st = f.read()
            ppid = int(st.rsplit(")", 1)[1].split()[1])
            kids.setdefault(ppid, []).append(int(p))
        except Exception:
            pass
    return kids

def rss(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except Exception:
        pass
    return 0

def kind(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().split(b"\0")
        exe = os.path.basename(cmd[0].decode())
        if exe == "reprint":
            return "reprint " + cmd[2].decode() if len(cmd) > 2 else "reprint"
        return exe
    except Exception:
        return "?"

root = int(sys.argv[1])
peak, peaks, t0 = 0, {}, time.time()
timeline = []
while os.path.exists(f"/proc/{root}"):
    kids = children()
    todo, tree = [root], []
    while todo:
        p = todo.pop()
        tree.append(p)
        todo += kids.get(p, [])
    total = 0
    per = {}
    for p in tree:
        r = rss(p)
        total += r
        k = kind(p)
        per[k] = per.get(k, 0) + r
    peak = max(peak, total)
    for k, v in per.items():
        peaks[k] = max(peaks.get(k, 0), v)
    timeline.append((round(time.time() - t0), total))
    with open(sys.argv[2], "w") as f:
        f.write(f"peak tree RSS {peak} MB\n")
        for k, v in sorted(peaks.items(), key=lambda kv: -kv[1]):
            f.write(f"  {k}: {v} MB (peak of the sum of such processes)\n")
        f.write("timeline (s, MB): " + " ".join(f"{t}:{m}" for t, m in timeline[::10]) + "\n")
    time.sleep(1)
