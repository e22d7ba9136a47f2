#!/usr/bin/env python3
"""show-recurrence.py: print each loop's critical recurrence (docs/profile.md, LOOP "recurrence") from the JSON
that -fplugin-arg-greenc-print writes on stderr: one line per loop, 'FUNCTION VIEW loop ID: OPS [reassoc]'."""
import json
import sys

text = open(sys.argv[1]).read()
start = text.find("{")
dec = json.JSONDecoder()
while start >= 0:
    doc, end = dec.raw_decode(text, start)
    for fn in doc.get("functions", []):
        for view in ("source", "executed"):
            v = fn.get("views", {}).get(view)
            if not isinstance(v, dict):
                continue
            for lp in v["loops"]:
                rec = lp.get("recurrence")
                ops = " ".join("%s.%s.x%d*%d" % (r["op"], r["ty"], r.get("lanes", 1), r["n"]) for r in rec) if rec else "none"
                print("%s %s loop %d: %s%s" % (fn["name"], view, lp["id"], ops,
                                              " reassoc" if lp.get("recurrence_reassoc") else ""))
    start = text.find("{", end)
