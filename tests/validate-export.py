#!/usr/bin/env python3
"""Every export validates against data/concord-workbook.schema.json.

argv: concord-cli, the schema, a scratch directory is made here.
"""
import json
import subprocess
import sys
import tempfile

import jsonschema


def main():
    cli, schema_path = sys.argv[1], sys.argv[2]
    schema = json.load(open(schema_path, encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    with tempfile.TemporaryDirectory() as tmp:
        for name, args in (("sample", ["--sample"]), ("empty", [])):
            workbook = f"{tmp}/{name}.concord"
            subprocess.run([cli, "init", workbook, *args], check=True, capture_output=True)
            out = subprocess.run([cli, "export-json", workbook], check=True, capture_output=True)
            document = json.loads(out.stdout)
            errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
            for error in errors[:20]:
                print(f"{name}: {'/'.join(map(str, error.path))}: {error.message}")
            if errors:
                return 1
            count = sum(len(t) for t in document["tables"].values())
            print(f"{name}: {count} records validate")
        # The schema has teeth: a wrong type and an unknown field are caught.
        people = document["tables"]["teams"]
        record = next(iter(people.values()))
        record["name"] = 42
        record["shoe_size"] = 9
        if validator.is_valid(document):
            print("a tampered document validated")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
