#!/usr/bin/env bash
# Speed of greenc's review outputs at the scale of a real build: 1,000 objects with profiles.
# Compiles the kernel suite (test/kernels) once with greencc, then makes 1,000 distinct objects from them by
# renaming each copy's functions in its profile (name_vN, callees too: the names are what the report matches and
# composes) and writing the record back with llvm-objcopy. A second build ("head") changes one object in ten (another
# kernel under the same names). Then it times, each the median of REPEATS runs, on this machine as it is:
#   greenc report BASE                  (text) and --format json, md, sarif, html
#   greenc diff BASE HEAD               (text) and --format md
# and prints wall and user seconds. The target is under 1 s each.
#   bench/report-speed.sh [BUILD_DIR] [REPEATS] [WORKDIR]   (defaults: build, 3, a temporary directory)
# With WORKDIR, the objects are kept there and reused by the next run with the same WORKDIR.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
reps=${2:-3}
nobj=1000
greenc=$build/bin/greenc
greencc=$build/bin/greencc
objcopy=/usr/lib/llvm-19/bin/llvm-objcopy
for f in "$greenc" "$greencc" "$objcopy"; do
  [ -x "$f" ] || { echo "bench: $f missing: build first (.ci/build $build)" >&2; exit 1; }
done
if [ $# -ge 3 ]; then
  tmp=$3
  mkdir -p "$tmp"
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
fi

kernels="gemm matvec softmax causal saxpy dot_i8 config fixed until_zero"
if [ "$(ls "$tmp/head" 2>/dev/null | wc -l)" -ne "$nobj" ]; then
rm -rf "$tmp/src" "$tmp/base" "$tmp/head"
mkdir -p "$tmp/src" "$tmp/base" "$tmp/head"
for k in $kernels; do
  "$greencc" -O2 --energy --energy-out=/dev/null -c "test/kernels/$k.c" -o "$tmp/src/$k.o"
done

# Object i of a build: kernel (i + shift) mod nkernels with its functions renamed *_v<i>.
python3 - "$tmp" "$objcopy" "$nobj" $kernels <<'PY'
import json, os, re, struct, subprocess, sys
tmp, objcopy, nobj, kernels = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
MAGIC = b"GRNCPRF1"
payloads = {}
for k in kernels:
    o = os.path.join(tmp, "src", k + ".o")
    sec = os.path.join(tmp, "src", k + ".sec")
    subprocess.run([objcopy, "--dump-section", ".greenc.profile=" + sec, o], check=True)
    data = open(sec, "rb").read()
    assert data[:8] == MAGIC, k
    version, n = struct.unpack("<II", data[8:16])
    text = data[16:16 + n].decode()
    names = [f["name"] for f in json.loads(text)["functions"]]
    payloads[k] = (version, text, names)
def record(k, i):
    version, text, names = payloads[k]
    for name in names:
        text = text.replace('"%s"' % name, '"%s_v%d"' % (name, i))
    body = text.encode()
    return MAGIC + struct.pack("<II", version, len(body)) + body
procs = []
for side, shift in (("base", 0), ("head", 1)):
    for i in range(nobj):
        k = kernels[i % len(kernels)]
        if side == "head" and i % 10 == 0:
            k = kernels[(i + shift) % len(kernels)]
        sec = os.path.join(tmp, side, "r%04d.sec" % i)
        with open(sec, "wb") as f:
            f.write(record(k, i))
        src = os.path.join(tmp, "src", k + ".o")
        out = os.path.join(tmp, side, "o%04d.o" % i)
        procs.append(subprocess.Popen([objcopy, "--update-section", ".greenc.profile=" + sec, src, out]))
        if len(procs) >= 8:
            for p in procs:
                assert p.wait() == 0
            procs = []
for p in procs:
    assert p.wait() == 0
PY
rm -f "$tmp"/base/*.sec "$tmp"/head/*.sec
fi
echo "bench: $(ls "$tmp/base" | wc -l) objects per build ($(du -sh "$tmp/base" | cut -f1)), kernels: $kernels"

# median wall and user seconds of REPEATS runs of a command (output discarded; exit 0 or 3 accepted).
timeit() {
  local label=$1
  shift
  local walls=() users=() i
  for ((i = 0; i < reps; i++)); do
    local t
    /usr/bin/time -o "$tmp/time" -f "%e %U" "$@" >/dev/null 2>&1 || [ $? -eq 3 ] ||
      { echo "bench: failed: $*" >&2; exit 1; }
    t=$(tail -n 1 "$tmp/time")
    walls+=("${t% *}")
    users+=("${t#* }")
  done
  local mw mu
  mw=$(printf '%s\n' "${walls[@]}" | sort -n | sed -n "$(((reps + 1) / 2))p")
  mu=$(printf '%s\n' "${users[@]}" | sort -n | sed -n "$(((reps + 1) / 2))p")
  printf '%-44s wall %6.2f s   user %6.2f s\n' "$label" "$mw" "$mu"
}

# Sanity: the report sees every function of every object.
nf=$("$greenc" report --format json "$tmp/base" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["functions"]))')
echo "bench: greenc report reads $nf functions"
echo "bench: medians of $reps runs (load average $(cut -d' ' -f1-3 /proc/loadavg))"
timeit "greenc report BASE (text)" "$greenc" report "$tmp/base"
for fmt in json md sarif html; do
  timeit "greenc report --format $fmt BASE" "$greenc" report --format "$fmt" "$tmp/base"
done
timeit "greenc diff BASE HEAD (text)" "$greenc" diff "$tmp/base" "$tmp/head"
timeit "greenc diff --format md BASE HEAD" "$greenc" diff --format md "$tmp/base" "$tmp/head"
