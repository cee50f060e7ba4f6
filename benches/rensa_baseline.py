#!/usr/bin/env python3
"""A rensa baseline for reprint's benchmark (run by scale.sh).

The same job as datasketch_baseline.py, with rensa (PyPI ``rensa``, MinHash
written in Rust with Python bindings) doing the MinHash and the LSH: the set
of lower-cased ``\\w+`` word 5-gram shingles of every record's text, an
RMinHash of 128 permutations, every record inserted into an RMinHashLSH
index, each record joined to its query results with union-find. Groups of
two or more records are written in reprint's output schema, JSON Lines:

    {"group": ..., "canonical": id, "size": n, "members": [{"id": ...}, ...]}

members in input order, the first one canonical. Records whose text has no
word are skipped, as in the datasketch baseline.

Two differences from datasketch, both forced or suggested by rensa's API:

- rensa needs the bands to divide the permutations, so 128 permutations
  cannot be cut 25 x 5 as datasketch (and reprint) cut them for threshold
  0.5. The default is 32 bands of 4 rows, whose S-curve rises a little
  earlier (half the pairs at Jaccard 0.42 become candidates); and
- candidates are kept only when rensa's estimated Jaccard of the pair is at
  least --min-jaccard (default: the threshold, 0.5), the check rensa's own
  examples do after an LSH query. --min-jaccard 0 keeps every candidate.

Signatures are made with rensa's bulk calls (RMinHash.from_token_sets,
RMinHashLSH.insert_many and query_all), a chunk of records at a time so the
shingle strings of the whole corpus are never held at once.
"""

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from baseline_common import UnionFind, records, write_groups  # noqa: E402

from rensa import RMinHash, RMinHashLSH  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="JSON Lines with id and text fields")
    ap.add_argument("-o", "--output", required=True, help="groups, JSON Lines")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--num-bands", type=int, default=32, help="must divide --num-perm")
    ap.add_argument(
        "--min-jaccard",
        type=float,
        default=None,
        help="keep a candidate when its estimated Jaccard is at least this (default: --threshold)",
    )
    ap.add_argument("--ngram", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--chunk", type=int, default=2000, help="records per bulk call")
    args = ap.parse_args()
    min_jaccard = args.threshold if args.min_jaccard is None else args.min_jaccard

    t0 = time.perf_counter()
    lsh = RMinHashLSH(args.threshold, args.num_perm, args.num_bands)
    ids, sigs, skipped = [], [], 0
    chunk_ids, chunk_sets = [], []

    def flush():
        if not chunk_sets:
            return
        ms = RMinHash.from_token_sets(chunk_sets, args.num_perm, args.seed)
        lsh.insert_many(ms, start_key=len(sigs))
        ids.extend(chunk_ids)
        sigs.extend(ms)
        chunk_ids.clear()
        chunk_sets.clear()

    for key, sh in records(args.corpus, args.ngram):
        if key is None:
            skipped = sh
            break
        chunk_ids.append(key)
        chunk_sets.append(list(sh))
        if len(chunk_sets) >= args.chunk:
            flush()
    flush()
    t1 = time.perf_counter()

    uf = UnionFind(len(ids))
    candidates = kept = 0
    for i, keys in enumerate(lsh.query_all(sigs)):
        for j in keys:
            if j <= i:
                continue
            candidates += 1
            if min_jaccard > 0 and sigs[i].jaccard(sigs[j]) < min_jaccard:
                continue
            kept += 1
            uf.union(i, j)
    t2 = time.perf_counter()

    groups, grouped = write_groups(args.output, ids, uf.groups(), "rensa")
    print(
        "rensa: %d records (%d skipped, no words); %d bands of %d rows; %d candidate pairs, "
        "%d with estimated Jaccard >= %.2f; %d groups holding %d records; "
        "minhash+insert %.1fs, query+union %.1fs"
        % (
            len(ids),
            skipped,
            args.num_bands,
            args.num_perm // args.num_bands,
            candidates,
            kept,
            min_jaccard,
            groups,
            grouped,
            t1 - t0,
            t2 - t1,
        ),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
