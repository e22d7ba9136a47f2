#!/usr/bin/env python3
"""mkrecord.py OUT [--version N] PAYLOAD.json...: write greenc profile records (docs/profile.md framing: magic,
little-endian version and length, payload) to OUT, for llvm-objcopy --add-section .greenc.profile=OUT."""
import struct
import sys

args = sys.argv[1:]
out = args.pop(0)
version = 1
if args and args[0] == "--version":
    version = int(args[1])
    args = args[2:]
with open(out, "wb") as f:
    for path in args:
        with open(path, "rb") as p:
            data = p.read()
        f.write(b"GRNCPRF1" + struct.pack("<II", version, len(data)) + data)
