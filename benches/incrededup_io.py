#!/usr/bin/env python3
"""incrededup's input and output for reprint's benchmark (run by scale.sh).

incrededup (crates.io, a Rust CLI: MinHash LSH over redb sidecar files)
reads its documents from an SQLite (or PostgreSQL) table and writes what it
found back into the same database, so it is run in three steps, of which
only the middle one is timed:

    incrededup_io.py to-sqlite corpus.jsonl docs.sqlite
    incrededup --sqlite docs.sqlite --data-dir DIR ...
    incrededup_io.py to-groups docs.sqlite -o groups.jsonl

to-sqlite makes the ``documents`` table incrededup's SqliteSource creates
(``id`` must be a UUID: a name-based UUID of the record id, the record id
itself kept in ``filename``; ``is_parent`` NULL, i.e. not processed yet)
from a JSON Lines corpus with ``id`` and ``text``. to-groups reads the
``dupes`` table incrededup filled (each duplicate child and the parent it
was assigned to after its transitivity pass), joins children to parents
with union-find, and writes groups of two or more in reprint's output
schema, as the Python baselines do (members in input order, the first one
canonical). It says how many documents incrededup left unprocessed or
marked neither way, so nothing it dropped goes unseen.
"""

import argparse
import json
import os
import sqlite3
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from baseline_common import UnionFind, write_groups  # noqa: E402

# Fixed, so the same corpus gives the same database.
NAMESPACE = uuid.UUID("9b3c6f1e-5a2d-4e8b-9c7f-2d1e0a4b6c8d")

# The schema incrededup 0.3.1's SqliteSource creates on a new database
# (docs/custom-sources.md); made here so the rows can go in first.
SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    content TEXT NOT NULL,
    content_len INTEGER NOT NULL,
    filename TEXT,
    is_parent INTEGER
);
CREATE TABLE dupes (
    child_id TEXT PRIMARY KEY,
    parent_id TEXT NOT NULL,
    jaccard_similarity REAL NOT NULL,
    size_difference INTEGER NOT NULL,
    size_difference_pct REAL NOT NULL
);
CREATE INDEX idx_documents_is_parent ON documents(is_parent);
"""


def fail(msg):
    print("incrededup_io.py: error: " + msg, file=sys.stderr)
    sys.exit(2)


def rows(path):
    """(uuid, text, byte length, record id) per record, in file order."""
    seen = {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as e:
                fail("%s:%d: malformed JSON at column %d: %s" % (path, lineno, e.colno, e.msg))
            if not isinstance(rec, dict) or "id" not in rec:
                fail("%s:%d: not an object with an id" % (path, lineno))
            key = str(rec["id"])
            if key in seen:
                fail("%s:%d: duplicate id %r (first at line %d)" % (path, lineno, key, seen[key]))
            seen[key] = lineno
            text = rec.get("text") or ""
            if not isinstance(text, str):
                fail("%s:%d: text is not a string" % (path, lineno))
            yield str(uuid.uuid5(NAMESPACE, key)), text, len(text.encode("utf-8")), key


def to_sqlite(args):
    if os.path.exists(args.db):
        os.remove(args.db)
    tmp = args.db + ".tmp"
    if os.path.exists(tmp):
        os.remove(tmp)
    # Written beside and renamed only when complete: a failed run leaves
    # no half-made database.
    done = False
    try:
        con = sqlite3.connect(tmp)
        con.executescript(SCHEMA)
        with con:
            con.executemany(
                "INSERT INTO documents (id, content, content_len, filename, is_parent) "
                "VALUES (?, ?, ?, ?, NULL)",
                rows(args.corpus),
            )
        n = con.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        short = con.execute(
            "SELECT COUNT(*) FROM documents WHERE content_len <= ?", (args.min_content_len,)
        ).fetchone()[0]
        con.close()
        os.replace(tmp, args.db)
        done = True
    finally:
        if not done and os.path.exists(tmp):
            os.remove(tmp)
    print(
        "incrededup input: %d documents in %s; %d of them at most %d bytes long "
        "(incrededup does not index those: they stay groups of one)"
        % (n, args.db, short, args.min_content_len),
        file=sys.stderr,
    )


def to_groups(args):
    con = sqlite3.connect("file:%s?mode=ro" % args.db, uri=True)
    docs = con.execute("SELECT id, filename, is_parent FROM documents ORDER BY rowid").fetchall()
    pos = {d[0]: i for i, d in enumerate(docs)}
    ids = [d[1] for d in docs]
    states = {None: 0, 0: 0, 1: 0}
    for d in docs:
        states[d[2]] = states.get(d[2], 0) + 1
    uf = UnionFind(len(docs))
    edges = unknown = 0
    for child, parent in con.execute("SELECT child_id, parent_id FROM dupes"):
        if child not in pos or parent not in pos:
            unknown += 1
            continue
        edges += 1
        uf.union(pos[child], pos[parent])
    con.close()
    if unknown:
        fail("%s: %d dupes rows name a document not in the documents table" % (args.db, unknown))
    groups, grouped = write_groups(args.output, ids, uf.groups(), "incrededup")
    print(
        "incrededup: %d documents (%d parents or unique, %d duplicate children, %d unprocessed); "
        "%d dupes rows; %d groups holding %d records"
        % (len(docs), states[1], states[0], states[None], edges, groups, grouped),
        file=sys.stderr,
    )
    if states[None]:
        print(
            "incrededup_io.py: warning: %d documents were left unprocessed (is_parent NULL): "
            "they are scored as groups of one" % states[None],
            file=sys.stderr,
        )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("to-sqlite", help="corpus JSON Lines -> incrededup's SQLite input")
    a.add_argument("corpus")
    a.add_argument("db")
    a.add_argument(
        "incrededup_args",
        nargs="*",
        help="after --: the flags incrededup will get; --min-content-len (its default 500) "
        "is read to count the records it will not index",
    )
    b = sub.add_parser("to-groups", help="incrededup's dupes table -> groups, JSON Lines")
    b.add_argument("db")
    b.add_argument("-o", "--output", required=True)
    args = ap.parse_args()
    try:
        if args.cmd == "to-sqlite":
            inc = argparse.ArgumentParser(add_help=False)
            inc.add_argument("--min-content-len", type=int, default=500)
            args.min_content_len = inc.parse_known_args(args.incrededup_args)[0].min_content_len
            to_sqlite(args)
        else:
            to_groups(args)
    except (OSError, sqlite3.Error) as e:
        fail("%s: %s" % (args.db, e))


if __name__ == "__main__":
    main()
