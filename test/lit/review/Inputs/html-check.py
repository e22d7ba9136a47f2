#!/usr/bin/env python3
"""html-check.py OUTDIR: check what chromium-run.py recorded of greenc's HTML report in OUTDIR (dom.html,
console.txt, shot.png), with python3 alone. Prints one line per property, for FileCheck:

  console: N messages                 (each message follows on its own line)
  self-contained: yes|no              (no <script>, nothing referenced outside the file)
  roofline: N points: NAME NAME ...   (circle.kernel in svg#roofline, by their <title>)
  under the roof: yes|no              (each point on or under polyline.roof, in SVG coordinates)
  breakdown: N bars
  screenshot: WxH, non-blank yes|no, roof pixels yes|no, point pixels yes|no

The pixel checks count exact colours of the report: the roof's #cc3333 and the points' #2266aa."""
import collections
import html.parser
import os
import struct
import sys
import zlib


class Dom(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.svg = [], None
        self.points, self.roof, self.bars, self.scripts, self.external = [], None, 0, 0, []
        self.in_title = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self.svg = a.get("id")
        if tag == "script":
            self.scripts += 1
        for k in ("src", "href", "xlink:href", "data"):
            v = a.get(k)
            if v and not v.startswith("#") and not v.startswith("data:"):
                self.external.append(v)
        cls = (a.get("class") or "").split()
        if self.svg == "roofline" and tag == "circle" and "kernel" in cls:
            self.points.append([float(a["cx"]), float(a["cy"]), ""])
            self.in_title = self.points[-1]
        if self.svg == "roofline" and tag == "polyline" and "roof" in cls:
            self.roof = [tuple(float(v) for v in p.split(",")) for p in a["points"].split()]
        if self.svg == "breakdown" and tag == "g" and "bar" in cls:
            self.bars += 1

    def handle_endtag(self, tag):
        if tag == "svg":
            self.svg = None
        if tag == "circle":
            self.in_title = None

    def handle_data(self, data):
        if self.in_title is not None:
            self.in_title[2] += data


def roof_y(roof, x):
    """The roof's SVG y at x (linear between the polyline's vertices; log-log axes make the roof straight)."""
    for (x0, y0), (x1, y1) in zip(roof, roof[1:]):
        if x0 <= x <= x1:
            return y0 if x1 == x0 else y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    return None


def png_rgba(path):
    """(width, height, rows of RGB(A) bytes, bytes per pixel) of an 8-bit, non-interlaced RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit("html-check: error: %s is not a PNG" % path)
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    if depth != 8 or ctype not in (2, 6) or interlace:
        sys.exit("html-check: error: PNG depth %d colour type %d interlace %d not handled" % (depth, ctype, interlace))
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        ft, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if ft == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 255
        elif ft == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif ft == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 255
        elif ft == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, rows, bpp


def main():
    outdir = sys.argv[1]
    with open(os.path.join(outdir, "console.txt"), encoding="utf-8") as f:
        console = [l.rstrip("\n") for l in f if l.strip()]
    print("console: %d messages" % len(console))
    for l in console:
        print("  " + l)
    d = Dom()
    with open(os.path.join(outdir, "dom.html"), encoding="utf-8") as f:
        d.feed(f.read())
    print("self-contained: %s" % ("yes" if not d.scripts and not d.external else
                                  "no (%d scripts, references %s)" % (d.scripts, d.external)))
    print("roofline: %d points: %s" % (len(d.points), " ".join(sorted(p[2] for p in d.points))))
    under = d.roof is not None and all(
        roof_y(d.roof, x) is not None and y >= roof_y(d.roof, x) - 0.5 for x, y, _ in d.points)
    print("under the roof: %s" % ("yes" if under else "no"))
    print("breakdown: %d bars" % d.bars)
    w, h, rows, bpp = png_rgba(os.path.join(outdir, "shot.png"))
    colours = collections.Counter()
    for line in rows:
        px = bytes(line)
        colours.update(px[i:i + 3] for i in range(0, len(px), bpp))
    white, roof, point = colours[b"\xff\xff\xff"], colours[b"\xcc\x33\x33"], colours[b"\x22\x66\xaa"]
    total = w * h
    print("screenshot: %dx%d, non-blank %s, roof pixels %s, point pixels %s" % (
        w, h, "yes" if white < total * 0.99 else "no", "yes" if roof >= 100 else "no",
        "yes" if point >= 40 * max(len(d.points), 1) else "no"))


main()
