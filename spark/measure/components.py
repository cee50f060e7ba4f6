#!/usr/bin/env python3
"""Connected components of a run's verified pairs (reprint and near):
components.py WORK [reprint|near] (only pairs of that kind). Prints their count and the largest sizes."""
import glob, os, sys

KIND = sys.argv[2] if len(sys.argv) > 2 else None
parent = {}
def find(x):
    root = x
    while parent.get(root, root) != root:
        root = parent[root]
    while parent.get(x, x) != root:
        parent[x], x = root, parent[x]
    return root

for f in glob.glob(os.path.join(sys.argv[1], "verified", "part-*")):
    for line in open(f):
        if KIND and not line.rstrip().endswith(KIND): continue
        a, b = line.split("\t", 2)[:2]
        ra, rb = find(int(a)), find(int(b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
sizes = {}
for x in list(parent):
    r = find(x)
    sizes[r] = sizes.get(r, 0) + 1
sizes = sorted(sizes.values(), reverse=True)
print(f"components of 2+ records: {len(sizes)}, holding {sum(sizes)}; largest: {sizes[:5]}")
