#!/usr/bin/env python3
"""Writes the seeds of fuzz-workbook-open into OUTDIR.

    tests/fuzz/make-workbook-open-seeds.py build/src/cli/concord-cli tests/fuzz/corpus/workbook-open

Valid workbooks (empty and with the sample), crafted schemas (an extra
trigger, view or table, a missing index, SQL appended to a trigger), and
workbooks paired with a -wal or a -journal in the target's pair format
(see fuzz-workbook-open.c). The workbooks are rewritten with 512-byte
pages so that every seed stays small; Concord does not care about the
page size.
"""

import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile

PAIR_MAGIC = b"CNCDPAIR"


def run(cli, *args):
    subprocess.run([cli, *args], check=True, stdout=subprocess.DEVNULL)


def shrink(path):
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = DELETE")
    db.execute("PRAGMA page_size = 512")
    db.execute("VACUUM")
    db.execute("PRAGMA journal_mode = WAL")
    db.close()


def workbook(cli, folder, name, sample=False, sql=None):
    path = os.path.join(folder, name)
    run(cli, "init", path, *(["--sample"] if sample else []))
    shrink(path)
    if sql:
        db = sqlite3.connect(path, isolation_level=None)
        db.executescript(sql)
        db.close()
    return path


def log_of_edit(path, sql, suffix):
    """The -wal (or, in rollback mode, the -journal) an edit leaves while
    its connection is still open."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA wal_autocheckpoint = 0")
    if suffix == "-journal":
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("BEGIN")
    db.executescript(sql) if suffix == "-wal" else db.execute(sql)
    with open(path + suffix, "rb") as log:
        contents = log.read()
    if suffix == "-journal":
        db.execute("ROLLBACK")
    db.close()
    return contents


def pair(kind, main, log):
    return PAIR_MAGIC + kind + struct.pack(">I", len(main)) + main + log


def read(path):
    with open(path, "rb") as f:
        return f.read()


def main():
    cli, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    seeds = {}

    with tempfile.TemporaryDirectory() as folder:
        empty = workbook(cli, folder, "empty.concord")
        seeds["valid-empty"] = read(empty)
        seeds["valid-sample"] = read(workbook(cli, folder, "sample.concord", sample=True))
        crafted = {
            "extra-trigger": "CREATE TRIGGER evil AFTER INSERT ON people BEGIN DELETE FROM teams; END;",
            "extra-view": "CREATE VIEW peek AS SELECT name FROM people;",
            "missing-index": "DROP INDEX accounts_tier;",
            "appended-sql": "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET sql = sql || "
                            "'; CREATE TABLE pwned (x)' WHERE name = 'accounts_fts_insert';",
        }
        for name, sql in crafted.items():
            seeds["crafted-" + name] = read(workbook(cli, folder, name + ".concord", sql=sql))

        # Its own log, as a crash leaves it; another workbook's log.
        own = workbook(cli, folder, "own.concord")
        before = read(own)
        seeds["pair-own-wal"] = pair(b"w", before,
                                     log_of_edit(own, "INSERT INTO teams (name) VALUES ('Partners');", "-wal"))
        other = workbook(cli, folder, "other.concord", sample=True)
        seeds["pair-foreign-wal"] = pair(b"w", before,
                                         log_of_edit(other, "UPDATE accounts SET notes = name;", "-wal"))
        # A hot rollback journal of an older copy, beside the WAL workbook.
        older = os.path.join(folder, "older.concord")
        shutil.copy(empty, older)
        seeds["pair-hot-journal"] = pair(b"j", before,
                                         log_of_edit(older, "UPDATE teams SET name = name || 'x'", "-journal"))

    for name, data in seeds.items():
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
        print(f"{len(data):8d} {name}")


if __name__ == "__main__":
    main()
