#!/usr/bin/env python3
"""md-check.py FILE: check the structure of a Markdown report as GitHub would read it, and summarise it for FileCheck:

  tables: N (rows R1 R2 ...), columns consistent yes|no   (every row has its header's cell count; `\\|` is no cell)
  fences: balanced yes|no
  details: balanced yes|no
  mermaid: KIND, N entries, well-formed yes|no            (one line per ```mermaid block)

pie entries must read `"label" : decimal` (Mermaid wants plain decimals); an xychart-beta needs its x-axis, bar and
line lists of one length, with plain decimals. Exits 1 when something is malformed."""
import re
import sys

lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
ok = True


def cells(line):
    return len(re.split(r"(?<!\\)\|", line.strip())) - 2


tables, i, in_fence = [], 0, False
consistent = True
fence_opens = 0
blocks = []
while i < len(lines):
    l = lines[i]
    if l.startswith("```"):
        if not in_fence:
            fence_opens += 1
            kind = l[3:].strip()
            body = []
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                body.append(lines[i])
                i += 1
            if i == len(lines):
                in_fence = True
                break
            if kind == "mermaid":
                blocks.append(body)
        i += 1
        continue
    if l.startswith("|"):
        rows = []
        while i < len(lines) and lines[i].startswith("|"):
            rows.append(lines[i])
            i += 1
        n = cells(rows[0])
        sep_ok = len(rows) > 1 and re.fullmatch(r"\|(\s*:?-+:?\s*\|)+", rows[1].strip()) is not None
        if not sep_ok or any(cells(r) != n for r in rows):
            consistent = False
            for r in rows:
                if cells(r) != n:
                    print("  bad row (%d cells, header %d): %s" % (cells(r), n, r))
        tables.append(len(rows) - 2)
        continue
    i += 1
print("tables: %d (rows %s), columns consistent %s" % (len(tables), " ".join(map(str, tables)),
                                                      "yes" if consistent else "no"))
print("fences: balanced %s" % ("no" if in_fence else "yes"))
opens = sum(l.count("<details>") for l in lines)
closes = sum(l.count("</details>") for l in lines)
print("details: balanced %s" % ("yes" if opens == closes else "no"))
ok = consistent and not in_fence and opens == closes
num = r"-?\d+(\.\d+)?"
for body in blocks:
    head = body[0].split()[0] if body and body[0].split() else ""
    good = True
    if head == "pie":
        entries = body[1:]
        good = all(re.fullmatch(r'\s*"[^"\n]+"\s*:\s*' + num + r"\s*", e) for e in entries) and entries
        n = len(entries)
    elif head == "xychart-beta":
        text = "\n".join(body)
        xs = re.search(r"^\s*x-axis \[(.*)\]\s*$", text, re.M)
        bars = re.search(r"^\s*bar \[(.*)\]\s*$", text, re.M)
        line = re.search(r"^\s*line \[(.*)\]\s*$", text, re.M)
        n = len(re.findall(r'"[^"]*"', xs.group(1))) if xs else 0
        for m in (bars, line):
            vals = [v.strip() for v in m.group(1).split(",")] if m else []
            good = good and m is not None and len(vals) == n and all(re.fullmatch(num, v) for v in vals)
        good = good and n > 0
    else:
        n, good = 0, False
    ok = ok and bool(good)
    print("mermaid: %s, %d entries, well-formed %s" % (head or "?", n, "yes" if good else "no"))
sys.exit(0 if ok else 1)
