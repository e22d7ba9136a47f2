#!/usr/bin/env python3
"""sarif-nests.py REPORT.json REPORT.sarif MIN_J: check greenc's SARIF against its JSON report of the same inputs:
one result per top-level loop nest whose energy upper bound is at least MIN_J joules (or unknown), at the nest's
source line, in the nest's function. Prints the results as `FUNCTION:LINE RULE` in SARIF order, then
`nests: expected N, got M, match yes|no`; exits 1 on a mismatch."""
import json
import sys

report, sarif, min_j = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), float(sys.argv[3])
expected = []
for fn in report["functions"]:
    for loop in fn.get("loops", []):
        if loop.get("parent", 0) != 0:
            continue
        e = loop.get("nest", {}).get("energy_j", {})
        if not e.get("known") or e["hi"] >= min_j:
            expected.append((fn["name"], loop["line"]))
got = []
for res in sarif["runs"][0]["results"]:
    loc = res["locations"][0]
    line = loc["physicalLocation"].get("region", {}).get("startLine", 0)
    got.append((loc["logicalLocations"][0]["name"], line))
    print("%s:%d %s" % (got[-1][0], line, res["ruleId"]))
ok = sorted(expected) == sorted(got)
print("nests: expected %d, got %d, match %s" % (len(expected), len(got), "yes" if ok else "no"))
if not ok:
    print("expected: %s" % sorted(expected))
sys.exit(0 if ok else 1)
