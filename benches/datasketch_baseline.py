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
import json
import re
import sys
import time

from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"\w+")


def shingles(text, n):
    words = WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) < n:
        return {" ".join(words)}
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


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
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            sh = shingles(rec.get("text") or "", args.ngram)
            if not sh:
                skipped += 1
                continue
            m = MinHash(num_perm=args.num_perm, seed=args.seed)
            m.update_batch([s.encode("utf-8") for s in sh])
            key = str(rec["id"])
            lsh.insert(key, m)
            ids.append(key)
            sigs.append(m)
    t1 = time.perf_counter()

    index = {k: i for i, k in enumerate(ids)}
    parent = list(range(len(ids)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, m in enumerate(sigs):
        for key in lsh.query(m):
            a, b = find(i), find(index[key])
            if a != b:
                # The earlier record stays the root.
                if a < b:
                    parent[b] = a
                else:
                    parent[a] = b
    members = {}
    for i in range(len(ids)):
        members.setdefault(find(i), []).append(i)
    t2 = time.perf_counter()

    groups = 0
    with open(args.output, "w", encoding="utf-8") as out:
        for root in sorted(members):
            ms = members[root]
            if len(ms) < 2:
                continue
            groups += 1
            out.write(
                json.dumps(
                    {
                        "group": "ds-%d" % root,
                        "canonical": ids[ms[0]],
                        "size": len(ms),
                        "members": [{"id": ids[i]} for i in ms],
                    }
                )
                + "\n"
            )
    print(
        "datasketch: %d records (%d skipped, no words); %d groups holding %d records; "
        "minhash+insert %.1fs, query+union %.1fs"
        % (
            len(ids),
            skipped,
            groups,
            sum(len(ms) for ms in members.values() if len(ms) >= 2),
            t1 - t0,
            t2 - t1,
        ),
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
