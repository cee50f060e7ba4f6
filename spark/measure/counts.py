#!/usr/bin/env python3
"""Counts of a run's work folder: counts.py WORK"""
import glob, os, sys
import pyarrow as pa, pyarrow.compute as pc, pyarrow.parquet as pq

work = sys.argv[1]
def du(p):
    tot = 0
    for root, _, files in os.walk(p):
        tot += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return tot
for d in ["model.parquet", "records", "features", "verified"]:
    p = os.path.join(work, d)
    if os.path.exists(p):
        print(f"bytes {d}: {du(p) if os.path.isdir(p) else os.path.getsize(p)}")
t = pq.read_table(os.path.join(work, "features"), columns=["seq", "shingles", "anchors", "bands", "exact", "edges"])
n = t.num_rows
sh = pc.list_value_length(t["shingles"])
print(f"records {n}; shingles total {pc.sum(sh).as_py()}, mean {pc.mean(sh).as_py():.1f}, max {pc.max(sh).as_py()}")
ed = pc.list_value_length(t["edges"])
print(f"edges total {pc.sum(ed).as_py()}")
exact = pc.sum(pc.is_valid(t["exact"])).as_py()
print(f"records with an exact-set key: {exact}")
# bands
def star_pairs(counts, limit, star):
    """pairs out of buckets of sizes `counts` (2+): all pairs up to `star`, a star past it, none past `limit`"""
    small = pc.filter(counts, pc.less_equal(counts, star))
    big = pc.filter(counts, pc.and_(pc.greater(counts, star), pc.less_equal(counts, limit)))
    a = pc.sum(pc.divide(pc.multiply(small, pc.subtract(small, 1)), 2)).as_py() or 0
    b = pc.sum(pc.subtract(big, 1)).as_py() or 0
    return a + b
bands = t["bands"].combine_chunks()
keys = pc.list_flatten(bands)
parent = pc.list_parent_indices(bands)
offs = pc.take(bands.offsets, parent).cast(pa.int64())
pos = pc.subtract(pa.array(range(len(keys)), pa.int64()), offs)
bt = pa.table({"pos": pos, "key": keys})
counts = bt.group_by(["pos", "key"]).aggregate([("key", "count")])["key_count"].combine_chunks().cast(pa.int64())
big = pc.filter(counts, pc.greater_equal(counts, 2))
print(f"band postings {len(keys)}; buckets {len(counts)}; with 2+ records {len(big)} holding {pc.sum(big).as_py()}; largest {pc.max(counts).as_py()}; over 200 (stars) {pc.sum(pc.greater(counts, 200).cast(pa.int64())).as_py()}; pairs out of buckets (with repeats) {star_pairs(big, 10**12, 200)}")
# anchors
an = t["anchors"].combine_chunks()
ak = pc.list_flatten(an)
vc = pc.value_counts(ak).field("counts").cast(pa.int64())
fol = pc.filter(vc, pc.and_(pc.greater_equal(vc, 2), pc.less_equal(vc, 256)))
over = pc.filter(vc, pc.greater(vc, 256))
print(f"anchor postings {len(ak)}; distinct anchors {len(vc)}; followed (2..=256 holders) {len(fol)} holding {pc.sum(fol).as_py()}; over 256 {len(over)} holding {pc.sum(over).as_py()}; largest {pc.max(vc).as_py()}; over 64 (stars) {pc.sum(pc.greater(fol, 64).cast(pa.int64())).as_py()}; meetings {star_pairs(fol, 256, 64)}")
# verified
vl = 0; vb = 0; kinds = {}
for f in glob.glob(os.path.join(work, "verified", "part-*")):
    for line in open(f):
        vl += 1; vb += len(line)
        k = line.rstrip("\n").rsplit("\t", 1)[1]
        kinds[k] = kinds.get(k, 0) + 1
print(f"verified lines {vl}, bytes {vb}, kinds {kinds}")
