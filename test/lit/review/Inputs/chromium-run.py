#!/usr/bin/env python3
"""chromium-run.py HTML OUTDIR: load a report in headless Chromium, as a reader's browser would, and record what it
rendered: OUTDIR/dom.html (the DOM after load, --dump-dom), OUTDIR/console.txt (the page's console messages from
Chromium's log) and OUTDIR/shot.png (a screenshot, --screenshot). Each Chromium run has a fresh profile directory and
no network activity of its own (the flags of /work/shared/PITFALLS.md). Fails when chromium is not installed (CI
installs it with .ci/deps), when a run fails or times out, or when an output is missing."""
import os
import re
import shutil
import subprocess
import sys
import tempfile

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1"]


def chromium():
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    sys.exit("chromium-run: error: chromium is not installed (the Debian package chromium; .ci/deps installs it)")


def run(browser, args, timeout=60):
    with tempfile.TemporaryDirectory(prefix="greenc-chromium-") as profile:
        cmd = [browser] + FLAGS + ["--user-data-dir=" + profile] + args
        try:
            p = subprocess.run(cmd, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            sys.exit("chromium-run: error: chromium did not finish in %d s: %s" % (timeout, " ".join(cmd)))
    if p.returncode != 0:
        sys.exit("chromium-run: error: chromium exited %d:\n%s" % (p.returncode, p.stderr.decode(errors="replace")))
    return p.stdout.decode("utf-8", errors="replace"), p.stderr.decode("utf-8", errors="replace")


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: chromium-run.py HTML OUTDIR")
    html, outdir = os.path.abspath(sys.argv[1]), sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    browser = chromium()
    url = "file://" + html
    shot = os.path.join(outdir, "shot.png")
    if os.path.exists(shot):
        os.remove(shot)
    # One run does all three: the DOM on stdout, the log on stderr, the screenshot into shot.
    dom, log = run(browser, ["--enable-logging=stderr", "--v=0", "--dump-dom",
                             "--screenshot=" + os.path.abspath(shot), "--window-size=1000,1100", url])
    if "<html" not in dom:
        sys.exit("chromium-run: error: --dump-dom gave no document:\n" + log)
    with open(os.path.join(outdir, "dom.html"), "w", encoding="utf-8") as f:
        f.write(dom)
    # Console messages are logged as `[...:INFO:CONSOLE:1] "message", source: url (1)` (older: `CONSOLE(1)]`).
    console = [l for l in log.splitlines() if re.search(r"CONSOLE[:(]", l)]
    with open(os.path.join(outdir, "console.txt"), "w", encoding="utf-8") as f:
        f.write("".join(l + "\n" for l in console))
    if not os.path.isfile(shot) or os.path.getsize(shot) == 0:
        sys.exit("chromium-run: error: no screenshot written")
    print("chromium-run: %s: DOM %d bytes, %d console messages, screenshot %d bytes"
          % (os.path.basename(html), len(dom), len(console), os.path.getsize(shot)))


main()
