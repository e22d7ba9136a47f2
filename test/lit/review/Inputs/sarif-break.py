#!/usr/bin/env python3
"""sarif-break.py GOOD.sarif DIR: write broken copies of a valid SARIF file into DIR, one violation each."""
import copy
import json
import os
import sys

good = json.load(open(sys.argv[1]))


def write(name, edit):
    doc = copy.deepcopy(good)
    edit(doc)
    with open(os.path.join(sys.argv[2], name), "w") as f:
        json.dump(doc, f, indent=2)


def region(doc):
    return doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]


write("no-version.sarif", lambda d: d.pop("version"))
write("line-zero.sarif", lambda d: region(d).update(startLine=0))
write("bad-level.sarif", lambda d: d["runs"][0]["results"][0].update(level="critical"))
write("no-message.sarif", lambda d: d["runs"][0]["results"][0].pop("message"))
