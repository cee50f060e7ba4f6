"""What the Python baselines (datasketch_baseline.py, rensa_baseline.py)
share: the shingles a library user would make, reading the corpus, union-find
over candidate pairs, and groups written in reprint's output schema.
"""

import json
import re

WORD = re.compile(r"\w+")


def shingles(text, n):
    """Lower-cased ``\\w+`` word n-grams of ``text`` as a set of strings."""
    words = WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) < n:
        return {" ".join(words)}
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def records(path, n):
    """(id, shingle set) for each record of a JSON Lines corpus with words,
    and the count of records skipped for having none (an empty MinHash
    would collide with every other one), as the last item ``(None, skipped)``."""
    skipped = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            sh = shingles(rec.get("text") or "", n)
            if not sh:
                skipped += 1
                continue
            yield str(rec["id"]), sh
    yield None, skipped


class UnionFind:
    """Union-find over record positions; the earlier record stays the root."""

    def __init__(self, n):
        self.parent = list(range(n))

    def find(self, x):
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a, b):
        a, b = self.find(a), self.find(b)
        if a != b:
            if a < b:
                self.parent[b] = a
            else:
                self.parent[a] = b

    def groups(self):
        """Members of each root, in input order, roots in order."""
        members = {}
        for i in range(len(self.parent)):
            members.setdefault(self.find(i), []).append(i)
        return [members[root] for root in sorted(members)]


def write_groups(path, ids, groups, prefix):
    """Write groups of two or more in reprint's schema (the first member
    canonical); returns (groups written, records in them)."""
    written = grouped = 0
    with open(path, "w", encoding="utf-8") as out:
        for ms in groups:
            if len(ms) < 2:
                continue
            written += 1
            grouped += len(ms)
            group = {
                "group": "%s-%d" % (prefix, ms[0]),
                "canonical": ids[ms[0]],
                "size": len(ms),
                "members": [{"id": ids[i]} for i in ms],
            }
            out.write(json.dumps(group) + "\n")
    return written, grouped
