#!/usr/bin/env python3
"""Pairwise scores of grouping outputs against a truth file (standard library only).

    score_pairs.py --truth truth.jsonl NAME=GROUPS [NAME=GROUPS ...]

The truth file has one ``{"id", "story", "kind", "event"}`` object per line;
GROUPS is JSON Lines or one JSON array of ``{"members": [{"id": ...}, ...]}``
(reprint's output schema). Truth records in no group count as groups of one;
group members that are not in the truth are ignored.

Counted over pairs of truth records (a true pair: same story; a predicted
pair: same group): precision, recall, F1, adjusted Rand index; reprint and
partial recall (true pairs with at least one record of that kind); and the
false-merge rates of derivatives and of independent stories (pairs with at
least one record of that kind, same event, different story, grouped
together). A fallback for `reprint eval`, with the same definitions.
"""

import argparse
import json
import sys
from collections import Counter


def c2(n):
    return n * (n - 1) // 2


def read_truth(path):
    truth = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                truth[str(r["id"])] = (str(r["story"]), r["kind"], r.get("event"))
    return truth


def read_groups(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.lstrip().startswith("["):
        groups = json.loads(text)
    else:
        groups = [json.loads(line) for line in text.splitlines() if line.strip()]
    return [[str(m["id"]) for m in g["members"]] for g in groups]


def pairs_with(cells, kind):
    """Pairs with at least one record of `kind`, summed over cells."""
    return sum(c2(sum(c.values())) - c2(sum(c.values()) - c[kind]) for c in cells.values())


def score(truth, groups):
    group_of = {}
    for g, members in enumerate(groups):
        for m in members:
            if m in truth:
                group_of[m] = g
    next_single = len(groups)
    by_story, by_event, by_group = {}, {}, {}
    by_group_story, by_group_event = {}, {}
    by_event_story, by_group_event_story = {}, {}
    for rid, (story, kind, event) in truth.items():
        g = group_of.get(rid)
        if g is None:
            g = next_single
            next_single += 1
        for table, key in (
            (by_story, story),
            (by_group, g),
            (by_group_story, (g, story)),
        ):
            table.setdefault(key, Counter())[kind] += 1
        if event is not None:
            by_event.setdefault(event, Counter())[kind] += 1
            by_group_event.setdefault((g, event), Counter())[kind] += 1
            by_event_story.setdefault((event, story), Counter())[kind] += 1
            by_group_event_story.setdefault((g, event, story), Counter())[kind] += 1
    n = len(truth)
    true = sum(c2(sum(c.values())) for c in by_story.values())
    pred = sum(c2(sum(c.values())) for c in by_group.values())
    correct = sum(c2(sum(c.values())) for c in by_group_story.values())
    p = correct / pred if pred else 1.0
    r = correct / true if true else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    expected = pred * true / c2(n) if n > 1 else 0.0
    mean = (pred + true) / 2
    ari = (correct - expected) / (mean - expected) if mean != expected else 1.0

    def rate(num, den):
        return num / den if den else None

    out = {
        "records": n,
        "true_pairs": true,
        "predicted_pairs": pred,
        "correct_pairs": correct,
        "precision": p,
        "recall": r,
        "f1": f1,
        "ari": ari,
        "reprint_recall": rate(pairs_with(by_group_story, "reprint"), pairs_with(by_story, "reprint")),
        "partial_recall": rate(pairs_with(by_group_story, "partial"), pairs_with(by_story, "partial")),
    }
    for kind in ("derivative", "independent"):
        # Same event, different story = same event minus same event and story.
        den = pairs_with(by_event, kind) - pairs_with(by_event_story, kind)
        num = pairs_with(by_group_event, kind) - pairs_with(by_group_event_story, kind)
        out[kind + "_false_merge"] = rate(num, den) if by_event else None
    return out


def fmt(x):
    if x is None:
        return "-"
    if isinstance(x, float):
        return "%.4f" % x
    return str(x)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--truth", required=True)
    ap.add_argument("--json", action="store_true", help="print JSON, one object per tool")
    ap.add_argument("groups", nargs="+", metavar="NAME=GROUPS")
    args = ap.parse_args()
    truth = read_truth(args.truth)
    results = []
    for spec in args.groups:
        name, _, path = spec.partition("=")
        if not path:
            name, path = spec, spec
        results.append((name, score(truth, read_groups(path))))
    if args.json:
        for name, s in results:
            print(json.dumps(dict(tool=name, **s)))
        return
    keys = list(results[0][1])
    width = max(len(k) for k in keys)
    cols = [max(12, len(name)) for name, _ in results]
    print("%-*s  %s" % (width, "metric", "  ".join("%*s" % (w, name) for w, (name, _) in zip(cols, results))))
    for k in keys:
        print("%-*s  %s" % (width, k, "  ".join("%*s" % (w, fmt(s[k])) for w, (_, s) in zip(cols, results))))


if __name__ == "__main__":
    sys.exit(main())
