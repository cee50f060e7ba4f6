#!/usr/bin/env python3
"""A datasketch baseline for reprint's benchmark (run by compare_datasketch.sh).

What a datasketch user would write: MinHash (num_perm=128) over the set of
lower-cased ``\\w+`` word 5-gram shingles of every record's text, every
record inserted into a MinHashLSH index (threshold 0.5), each record joined
to its query results with union-find. Groups of two or more records are
written in reprint's output schema, JSON Lines:

    {"group": ..., "canonical": id, "size": n, "members": [{"id": ...}, ...]}

members in input order, the first one canonical. Records whose text has no
word are skipped (an empty MinHash would collide with every other one).

Needs only datasketch (and numpy, which it pulls in); it runs in the
throwaway venv that compare_datasketch.sh makes under target/.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from baseline_common import UnionFind, records, write_groups  # noqa: E402

from datasketch import MinHash, MinHashLSH  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="JSON Lines with id and text fields")
    ap.add_argument("-o", "--output", required=True, help="groups, JSON Lines")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--ngram", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=args.threshold, num_perm=args.num_perm)
    ids, sigs, skipped = [], [], 0
    for key, sh in records(args.corpus, args.ngram):
        if key is None:
            skipped = sh
            break
        m = MinHash(num_perm=args.num_perm, seed=args.seed)
        m.update_batch([s.encode("utf-8") for s in sh])
        lsh.insert(key, m)
        ids.append(key)
        sigs.append(m)
    t1 = time.perf_counter()

    index = {k: i for i, k in enumerate(ids)}
    uf = UnionFind(len(ids))
    for i, m in enumerate(sigs):
        for key in lsh.query(m):
            uf.union(i, index[key])
    t2 = time.perf_counter()

    groups, grouped = write_groups(args.output, ids, uf.groups(), "ds")
    print(
        "datasketch: %d records (%d skipped, no words); %d groups holding %d records; "
        "minhash+insert %.1fs, query+union %.1fs"
        % (
            len(ids),
            skipped,
            groups,
            grouped,
            t1 - t0,
            t2 - t1,
        ),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
