#!/usr/bin/env bash
# Memory traffic model (estimator/src/traffic.c) against cachegrind's cache simulation, on the kernel suite.
# Each kernel of test/kernels/ is compiled with `greencc -O2 --energy`, linked with bench/kernels/driver.c
# (line-aligned arrays, caches evicted before the one kernel call) and run under
#   valgrind --tool=cachegrind --cache-sim=yes --D1=32768,8,64 --LL=1048576,16,64
# at three sizes: fits in L1, fits in the last level, does not (DRAM-bound). The model (bench/kernels/traffic-dump.c,
# the library's gc_traffic_compute on the object's profile, source view) is evaluated on the same two caches:
# epyc-9654's L1d (32 KiB) and L2 (1 MiB) as the last level, 64-byte lines (associativity is cachegrind's only).
# Compared, per kernel and size: bytes D1 fetches from LL (D1 misses x 64, reads and write-allocates) and bytes LL
# fetches from DRAM (LL misses x 64), counted by cachegrind in the kernel's functions only (matvec: with dot).
# Write-backs are modelled but not compared (cachegrind does not count them). Where the model covers a kernel only in
# part, the modelled bytes are printed and the bytes left out named (the estimator charges them as a range: from the
# nearest level to DRAM); such a kernel counts as within 20% only if both ends of that range are.
#   bench/traffic-vs-cachegrind.sh [BUILD_DIR]      (GREENC_PLUGIN=... to take the plugin from elsewhere)
set -euo pipefail
cd "$(dirname "$0")/.."
build=$(cd "${1:-build}" && pwd)
for t in greencc; do
  [ -x "$build/bin/$t" ] || { echo "bench: no $build/bin/$t: build first" >&2; exit 1; }
done
command -v valgrind >/dev/null || { echo "bench: valgrind not installed (.ci/deps)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

d1=32768 ll=1048576 line=64   # epyc-9654's L1d and L2 (as the last level); 8- and 16-way in cachegrind
clang=/usr/lib/llvm-19/bin/clang
$clang -O2 bench/kernels/traffic-dump.c -I estimator/include -I hwmodels/include "$build/lib/libgreenc_estimator.a" \
  "$build/lib/libgreenc_hw.a" "$build/lib/libgreenc_base.a" -ljansson -lelf -lflint -lgmp -ltomlplusplus -lstdc++ -lm \
  -o "$tmp/traffic-dump"

# kernel file : function : param names : size sets (fits D1 | fits LL | DRAM-bound)
cases=(
  "saxpy.c:saxpy:n:2000|50000|1000000"
  "dot_i8.c:dot_i8:n:8000|200000|4000000"
  "softmax.c:softmax:n:2000|50000|1000000"
  "matvec.c:matvec:rows cols:50 100|200 500|1000 1000"
  "gemm.c:gemm:M N K:40 40 40|120 120 120|64 600 600"
  "causal.c:causal_scores:T D:32 32|128 128|1024 64"
  "fixed.c:scale_shift::|"
)
$clang -O2 -c bench/kernels/driver.c -o "$tmp/driver.o"

printf "%-14s %-12s %-4s %14s %14s %9s   %14s %14s %9s  %s\n" kernel size fit \
  "D1<-LL model" cachegrind err "LL<-DRAM model" cachegrind err note
for c in "${cases[@]}"; do
  IFS=: read -r file fn names sets <<<"$c"
  IFS='|' read -r -a sizes <<<"$sets"
  fits=(D1 LL DRAM)
  for si in "${!sizes[@]}"; do
    size=${sizes[$si]}
    read -r -a vals <<<"$size"
    read -r -a keys <<<"$names"
    params=()
    for i in "${!keys[@]}"; do params+=(--param "${keys[$i]}=${vals[$i]}"); done
    obj=$tmp/${file%.c}.o
    "$build/bin/greencc" -O2 --energy=json "${params[@]}" -c "test/kernels/$file" -o "$obj" 2>/dev/null
    $clang -O2 "$tmp/driver.o" "$obj" -lm -o "$tmp/prog"
    drv=${fn%_scores}
    valgrind --tool=cachegrind --cache-sim=yes --D1=$d1,8,$line --LL=$ll,16,$line --I1=32768,8,64 \
      --cachegrind-out-file="$tmp/cg.out" "$tmp/prog" "$drv" ${vals[@]+"${vals[@]}"} >/dev/null 2>&1
    kv=()
    for i in "${!keys[@]}"; do kv+=("${keys[$i]}=${vals[$i]}"); done
    "$tmp/traffic-dump" "$obj" "$fn" $d1 $ll $line ${kv[@]+"${kv[@]}"} >"$tmp/model"
    label=${size// /x}
    python3 - "$tmp/model" "$tmp/cg.out" "$fn" "${label:-100}" "${fits[$si]}" <<'P' >>"$tmp/rows"
import json, sys
model, cg, fn, label, fit = sys.argv[1:6]
m = open(model).read().split(" ", 4)
d1, ll, left, complete = float(m[0]), float(m[1]), float(m[2]), m[3] == "1"
note = "" if complete else "partly modelled (%s): %.0f bytes left out" % (m[4].strip()[:50], left)
names = {fn, "dot"}  # matvec calls dot
ev, cur, tot = None, None, {}
for line in open(cg):
    if line.startswith("events:"):
        ev = line.split()[1:]
    elif line.startswith("fn="):
        cur = line[3:].strip()
    elif line[:1].isdigit() and cur in names:
        v = [int(x) for x in line.split()[1:]]
        v += [0] * (len(ev) - len(v))
        for e, x in zip(ev, v):
            tot[e] = tot.get(e, 0) + x
s1 = 64 * (tot.get("D1mr", 0) + tot.get("D1mw", 0))
s2 = 64 * (tot.get("DLmr", 0) + tot.get("DLmw", 0))
def err(m, s):
    return (m - s) / s if s else (0.0 if m == 0 else float("inf"))
e1, e2 = err(d1, s1), err(ll, s2)
print("%-14s %-12s %-4s %14.0f %14.0f %+8.1f%%   %14.0f %14.0f %+8.1f%%  %s" %
      (fn, label, fit, d1, s1, 100 * e1, ll, s2, 100 * e2, note))
with open(cg + ".dram", "a") as o:  # for the summary
    # a kernel the model covers only in part counts as within only when its whole range is
    within = abs(e2) <= 0.2 or abs(ll - s2) <= 64 * 64
    if not complete:
        hi = ll + left
        within = within and (abs(hi - s2) <= 0.2 * s2 or abs(hi - s2) <= 64 * 64)
    o.write("%s %s %d %r\n" % (fn, label, within, abs(e2)))
P
  done
done
cat "$tmp/rows"
echo
python3 - "$tmp/cg.out.dram" <<'P'
import sys
rows = [l.split() for l in open(sys.argv[1])]
ok = sum(int(r[2]) for r in rows)
w = max(rows, key=lambda r: float(r[3]))
print("DRAM (LL<-DRAM) bytes within 20%% of cachegrind (or within 64 lines): %d of %d (%.0f%%)" %
      (ok, len(rows), 100.0 * ok / len(rows)))
print("worst: %s at %s, error %.1f%%" % (w[0], w[1], 100 * float(w[3])))
P
