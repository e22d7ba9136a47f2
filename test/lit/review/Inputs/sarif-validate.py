#!/usr/bin/env python3
"""sarif-validate.py SCHEMA FILE...: validate SARIF files against the official SARIF 2.1.0 JSON schema with
python3-jsonschema (Draft 7 validator; the schema is draft-04 in form and valid under Draft 7's metaschema).

Prints `valid: FILE (N results)` per valid file, or every violation as `invalid: FILE: PATH: MESSAGE`; exits 1 when
some file is invalid, 2 when the schema or the validator is missing."""
import json
import os
import sys

try:
    import jsonschema
except ImportError:
    sys.exit("sarif-validate: error: python3-jsonschema is not installed (.ci/deps installs it)")

if len(sys.argv) < 3:
    sys.exit("usage: sarif-validate.py SCHEMA FILE...")
schema_path = sys.argv[1]
if not os.path.isfile(schema_path):
    print("sarif-validate: error: no SARIF schema at %s" % schema_path, file=sys.stderr)
    sys.exit(2)
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
bad = 0
for path in sys.argv[2:]:
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        print("invalid: %s: not JSON: %s" % (path, e))
        bad += 1
        continue
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    for e in errors:
        where = "/".join(str(p) for p in e.absolute_path) or "(root)"
        print("invalid: %s: %s: %s" % (path, where, e.message))
    if errors:
        bad += 1
    else:
        n = sum(len(r.get("results", [])) for r in doc.get("runs", []))
        print("valid: %s (%d results)" % (path, n))
sys.exit(1 if bad else 0)
