#!/usr/bin/env python3
"""mermaid-check.py MERMAID_JS OUTDIR FILE.md...: parse and render every ```mermaid block of the Markdown files with
Mermaid itself (mermaid.min.js, the library GitHub renders these blocks with), in headless Chromium. Prints
`FILE block N (KIND): ok, svg yes` or `FILE block N (KIND): error: MESSAGE` per block, then `blocks: N, errors: E`;
exits 1 when a block fails or none was found, 2 when Mermaid or Chromium is missing."""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--virtual-time-budget=20000", "--dump-dom"]

mermaid_js, outdir, files = sys.argv[1], sys.argv[2], sys.argv[3:]
if not os.path.isfile(mermaid_js):
    print("mermaid-check: error: no mermaid.min.js at %s" % mermaid_js, file=sys.stderr)
    sys.exit(2)
browser = shutil.which("chromium") or shutil.which("chromium-browser")
if not browser:
    print("mermaid-check: error: chromium is not installed (.ci/deps installs it)", file=sys.stderr)
    sys.exit(2)
blocks = []
for path in files:
    text = open(path, encoding="utf-8").read()
    for n, m in enumerate(re.finditer(r"^```mermaid\n(.*?)^```", text, re.S | re.M), 1):
        blocks.append(("%s block %d" % (os.path.basename(path), n), m.group(1)))
os.makedirs(outdir, exist_ok=True)
page = os.path.join(outdir, "mermaid.html")
with open(page, "w", encoding="utf-8") as f:
    f.write('<!DOCTYPE html><html><head><meta charset="utf-8"><script src="file://%s"></script></head><body>\n'
            % html.escape(os.path.abspath(mermaid_js)))
    f.write('<div id="out"></div><script>\nconst blocks = %s;\n' % json.dumps(blocks))
    f.write("""mermaid.initialize({startOnLoad: false});
(async () => {
  const out = document.getElementById('out');
  const say = (t) => { const p = document.createElement('p'); p.className = 'r'; p.textContent = t; out.appendChild(p); };
  let i = 0;
  for (const [name, text] of blocks) {
    const kind = text.trim().split(/\\s/)[0];
    try {
      await mermaid.parse(text);
      const { svg } = await mermaid.render('m' + (i++), text);
      say(name + ' (' + kind + '): ok, svg ' + (svg.includes('<svg') ? 'yes' : 'no'));
    } catch (e) {
      say(name + ' (' + kind + '): error: ' + String(e && e.message || e).split('\\n')[0]);
    }
  }
  say('end');
})();
</script></body></html>
""")
with tempfile.TemporaryDirectory(prefix="greenc-chromium-") as profile:
    p = subprocess.run([browser] + FLAGS + ["--user-data-dir=" + profile, "file://" + os.path.abspath(page)],
                       capture_output=True, timeout=120)
dom = p.stdout.decode("utf-8", errors="replace")
results = [html.unescape(r) for r in re.findall(r'<p class="r">(.*?)</p>', dom)]
if "end" not in results:
    print("mermaid-check: error: the page did not finish (chromium exit %d)" % p.returncode)
    sys.exit(1)
lines = [r for r in results if r != "end"][:len(blocks)]
errors = sum(1 for r in lines if ": error: " in r)
for r in lines:
    print(r)
print("blocks: %d, errors: %d" % (len(lines), errors))
sys.exit(1 if errors or not lines else 0)
