#!/usr/bin/env python3
"""show-profile.py: print the .greenc.profile records of a dumped section, one fact per line, for FileCheck.

  llvm-objcopy-19 --dump-section .greenc.profile=p.bin kernel.o && python3 show-profile.py p.bin
  python3 show-profile.py --json p.bin      # each record's JSON text, inflated, a line each

Walks the framing of docs/profile.md (zero padding, magic GRNCPRF1, LE u32 version, LE u32 length, payload: the
JSON for version 1; for version 2 the JSON's LE u32 length, then the JSON as a zlib stream) and fails loudly on
anything else, so a test using it also checks the framing.
"""
import json
import sys
import zlib


def op_text(o):
    s = o["op"]
    if "ty" in o:
        s += ":%s" % o["ty"]
    if "lanes" in o:
        s += "x%d" % o["lanes"]
    s += "*%d" % o["n"]
    if "role" in o:
        s += ":" + o["role"]
    if "bytes" in o:
        s += ":%sB" % o["bytes"]
    if "base" in o:
        s += "[%s%s]" % (o["base"], ":" + o["index"] if "index" in o else "")
    if "callee" in o:
        s += "(%s" % o["callee"]
        if "args" in o:
            s += ":" + ",".join("?" if a is None else a for a in o["args"])
        s += ")"
    if "what" in o:
        s += "<%s>" % o["what"]
    return s


def show_view(name, v):
    c = v["coverage"]
    print("  view %s insts=%d exact=%d" % (name, c["insts"], c["insts_exact"]))
    for lp in v["loops"]:
        cond = lp.get("cond", "always") + ("[%s]" % lp["guard"] if "guard" in lp else "")
        print("    loop %d parent=%d trip=%s status=%s%s%s skip_last=%d cond=%s line=%s iv=%s" % (
            lp["id"], lp["parent"], lp.get("trip", "-"), lp["status"],
            " max=" + lp["trip_max"] if "trip_max" in lp else "",
            " reason=[%s]" % lp["reason"] if "reason" in lp else "",
            lp["skip_last"], cond, lp.get("line", "-"), lp.get("iv", "-")))
    for b in v["blocks"]:
        cond = b["cond"] + ("[%s]" % b["guard"] if "guard" in b else "")
        print("    block %d loop=%d cond=%s skip_last=%d: %s" % (
            b["id"], b["loop"], cond, b["skip_last"], " ".join(op_text(o) for o in b["ops"])))
    for u in c["unknown"]:
        print("    unknown line=%s: %s" % (u.get("line", "-"), u["reason"]))


def records(data):
    """(version, JSON text) of each record of a dumped section, inflated."""
    i = 0
    while i < len(data):
        if data[i] == 0:
            i += 1
            continue
        if data[i:i + 8] != b"GRNCPRF1":
            sys.exit("corrupt .greenc.profile at byte %d" % i)
        version = int.from_bytes(data[i + 8:i + 12], "little")
        length = int.from_bytes(data[i + 12:i + 16], "little")
        payload = data[i + 16:i + 16 + length]
        if len(payload) != length:
            sys.exit("truncated record at byte %d" % i)
        if version == 2:
            text = zlib.decompress(payload[4:])
            if len(text) != int.from_bytes(payload[:4], "little"):
                sys.exit("compressed record at byte %d inflates to %d bytes, not its %d" %
                         (i, len(text), int.from_bytes(payload[:4], "little")))
        elif version == 1:
            text = payload
        else:
            sys.exit("record version %d at byte %d" % (version, i))
        yield version, text
        i += 16 + length


def main():
    if sys.argv[1] == "--json":  # each record's JSON text as written, a line each
        for _, text in records(open(sys.argv[2], "rb").read()):
            sys.stdout.buffer.write(text + b"\n")
        return
    for version, text in records(open(sys.argv[1], "rb").read()):
        p = json.loads(text.decode("utf-8"))
        m = p["module"]
        print("record version=%d greenc_profile=%d" % (version, p["greenc_profile"]))
        print("module source=%s opt=%s target=%s" % (m["source"], m["opt"], m["target"]))
        print("params " + " ".join("%s=%d" % kv for kv in sorted(p["params"].items())))
        for f in p["functions"]:
            print("function %s line=%s" % (f["name"], f.get("line", "-")))
            print("  params " + " ".join("%s:%s" % (a["name"], a["type"]) for a in f["params"]))
            print("  symbols " + " ".join(
                "%s:%s" % (s["name"], s["kind"]) + ("@%s+%d" % (s["base"], s["offset"]) if s["kind"] == "field" else "")
                for s in f["symbols"]))
            for k, why in sorted(f.get("views_missing", {}).items()):
                print("  missing %s: %s" % (k, why))
            for k in ("source", "executed"):
                if k in f["views"]:
                    show_view(k, f["views"][k])


if __name__ == "__main__":
    main()
