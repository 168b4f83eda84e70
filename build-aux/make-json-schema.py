#!/usr/bin/env python3
"""Write data/concord-workbook.schema.json from a workbook's SQL schema.

Run after changing src/core/concord-schema-v*.sql, with every migration in order:
    build-aux/make-json-schema.py src/core/concord-schema-v*.sql > data/concord-workbook.schema.json
The test suite validates every export against the result.
"""
import json
import sqlite3
import sys

UUID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
TIME = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z$"
DOT = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:[1-9][0-9]*$"


def main():
    db = sqlite3.connect(":memory:")
    for path in sorted(sys.argv[1:]):
        db.executescript(open(path, encoding="utf-8").read())
    tables = {}
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '%fts%' "
        "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'sync_%' AND name <> 'meta' ORDER BY rowid")]
    for name in names:
        fks = {r[3]: r[2] for r in db.execute(f"PRAGMA foreign_key_list({name})")}
        props, required = {}, []
        for _, col, typ, notnull, default, pk in db.execute(f"PRAGMA table_info({name})"):
            if col in ("id", "uuid"):
                continue
            key = col[:-3] if col in fks and col.endswith("_id") else col
            if col in fks:
                kind = {"type": "string", "pattern": UUID,
                        "description": f"UUID of a record in {fks[col]}"}
            elif typ.startswith("INT"):
                kind = {"type": "integer"}
            elif typ.startswith("REAL"):
                kind = {"type": "number"}
            elif col in ("created_at", "updated_at"):
                kind = {"type": "string", "pattern": TIME}
            else:
                kind = {"type": "string", "maxLength": 1048576}
            if notnull and default is None:
                required.append(key)
                props[key] = kind
            else:
                props[key] = {"anyOf": [kind, {"type": "null"}]}
        tables[name] = {
            "type": "object",
            "propertyNames": {"pattern": UUID},
            "additionalProperties": {
                "type": "object",
                "properties": props,
                "required": sorted(set(required) | {"created_at", "updated_at"}),
                "additionalProperties": False,
            },
        }
    dot = {"type": "string", "pattern": DOT,
           "description": "REPLICA-UUID:COUNTER, the edit that last set a value"}
    versions = {name: {
        "type": "object",
        "propertyNames": {"pattern": UUID},
        "additionalProperties": {
            "type": "object",
            "propertyNames": {"enum": [""] + sorted(t["additionalProperties"]["properties"])},
            "additionalProperties": dot,
        },
    } for name, t in tables.items()}
    versions["meta"] = {"type": "object", "additionalProperties": dot}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://github.com/concordplan/concord/data/concord-workbook.schema.json",
        "title": "Concord workbook document",
        "description": "A whole Concord workbook, or a self-contained part of one, as written by "
                       "concord-cli export-json and the app's Export. Records are keyed by UUID; "
                       "references between records are UUIDs.",
        "type": "object",
        "required": ["format", "version", "tables"],
        "properties": {
            "format": {"const": "concord-workbook"},
            "version": {"enum": [1, 2]},
            "schema_version": {"type": "integer", "minimum": 1},
            "as_of": {"anyOf": [{"type": "string", "pattern": TIME}, {"type": "null"}],
                      "description": "The newest change in the document"},
            "partial": {"type": "boolean",
                        "description": "A part of a workbook: it says nothing of the records left out"},
            "replica": {"anyOf": [{"type": "string", "pattern": UUID}, {"type": "null"}],
                        "description": "The workbook copy that wrote the document"},
            "replicas": {"type": "object", "propertyNames": {"pattern": UUID},
                         "description": "The writer's version vector: per copy, the last of its edits seen",
                         "additionalProperties": {
                             "type": "object", "required": ["counter"], "additionalProperties": False,
                             "properties": {"counter": {"type": "integer", "minimum": 0},
                                            "name": {"type": "string", "maxLength": 1000}}}},
            "meta": {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
            "tables": {"type": "object", "properties": tables, "additionalProperties": False},
            "versions": {"type": "object", "properties": versions, "additionalProperties": False,
                         "description": "Per record, the edit of the record (\"\") and of each field set since"},
            "deleted": {"type": "object", "additionalProperties": False,
                        "description": "Deleted records: the edit that deleted each",
                        "properties": {name: {"type": "object", "propertyNames": {"pattern": UUID},
                                              "additionalProperties": dot} for name in tables}},
        },
        "additionalProperties": False,
    }
    json.dump(schema, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
