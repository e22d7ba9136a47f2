#!/usr/bin/env bash
# Compile-time overhead of the greenc plugin: clang-19 -O2 against clang-19 -O2 with the plugin (what
# `greencc --energy` runs), on every kernel of the suite and on one large generated translation unit.
# Runs are interleaved (plain, plugin, plain, plugin, ...) so machine noise hits both sides alike; the
# script prints the median wall time and the median CPU time (user + sys of the compilers, from the
# shell's /proc/PID/stat cutime + cstime, 10 ms ticks) of each side and their ratios, measured side by
# side in this one run, and the load average (2 cores shared by several engineers: compare CPU too).
# Then, when valgrind is installed, the same comparison in instructions executed (cachegrind's I refs, one run
# each: deterministic, so it shows changes of a percent that the noise of a shared machine hides), with the share
# that loading the plugin and clang's source-location tracking take: without -g the plugin turns the tracking on
# (as clang -Rpass-analysis does) so that loops and blocks have lines, and drops the locations after its last pass,
# before code generation. `-fplugin-arg-greenc-locations-only` does just that, with no greenc pass: the floor of
# the design.
#   bench/compile-overhead.sh [BUILD_DIR] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
reps=${2:-5}
clang=/usr/lib/llvm-19/bin/clang
plugin=$build/lib/GreencPlugin.so
[ -f "$plugin" ] || { echo "bench: no plugin at $plugin: build first (.ci/build)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A large translation unit: 200 distinct loop kernels.
big=$tmp/big.c
{
  for i in $(seq 1 200); do
    cat <<C
void k$i(int n, int m, float *restrict a, const float *restrict b, const float *restrict c) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      a[i * m + j] += b[i * m + j] * c[j] + (float)$i;
}
C
  done
} >"$big"

now() { date +%s.%N; }
# CPU seconds of this shell's waited-for children (the compilers): cutime + cstime.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{sub(/^.*\) /, ""); print ($14 + $15) / hz}' /proc/$$/stat; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

measure() { # name, files...
  local name=$1; shift
  local plain=() with=() plaincpu=() withcpu=()
  for r in $(seq 1 "$reps"); do
    t0=$(now); c0=$(cpu); for f in "$@"; do "$clang" -O2 -c "$f" -o "$tmp/o.o"; done; t1=$(now); c1=$(cpu)
    for f in "$@"; do "$clang" -O2 -fplugin="$plugin" -c "$f" -o "$tmp/o.o"; done; t2=$(now); c2=$(cpu)
    plain+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b-a}')"); with+=("$(awk -v a="$t1" -v b="$t2" 'BEGIN{print b-a}')")
    plaincpu+=("$(awk -v a="$c0" -v b="$c1" 'BEGIN{print b-a}')"); withcpu+=("$(awk -v a="$c1" -v b="$c2" 'BEGIN{print b-a}')")
  done
  p=$(printf '%s\n' "${plain[@]}" | median); w=$(printf '%s\n' "${with[@]}" | median)
  pc=$(printf '%s\n' "${plaincpu[@]}" | median); wc=$(printf '%s\n' "${withcpu[@]}" | median)
  printf '%-22s wall: clang %8.3f s   clang+greenc %8.3f s   ratio %.3f\n' "$name" "$p" "$w" "$(awk -v a="$w" -v b="$p" 'BEGIN{print a/b}')"
  printf '%-22s cpu:  clang %8.3f s   clang+greenc %8.3f s   ratio %.3f\n' "" "$pc" "$wc" "$(awk -v a="$wc" -v b="$pc" 'BEGIN{print a/b}')"
}

echo "compile-time overhead, median of $reps interleaved runs (target: ratio <= 1.03)"
measure "kernel suite" test/kernels/*.c examples/gemm.c
measure "large TU (200 fns)" "$big"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

command -v valgrind >/dev/null || { echo "instructions: valgrind not installed, skipped"; exit 0; }
irefs() { # command...: instructions it executes
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    awk '/I *refs:/ {gsub(",", "", $NF); print $NF}'
}
measure_ir() { # name, files...
  local name=$1 p=0 w=0 l=0 f; shift
  for f in "$@"; do
    p=$((p + $(irefs "$clang" -O2 -c "$f" -o "$tmp/o.o")))
    l=$((l + $(irefs "$clang" -O2 -fplugin="$plugin" -fplugin-arg-greenc-locations-only -c "$f" -o "$tmp/o.o")))
    w=$((w + $(irefs "$clang" -O2 -fplugin="$plugin" -c "$f" -o "$tmp/o.o")))
  done
  awk -v n="$name" -v p="$p" -v w="$w" -v l="$l" 'BEGIN {
    printf "%-22s instr: clang %8.1f M   clang+greenc %8.1f M   ratio %.3f   (plugin loaded, locations only %.3f)\n",
      n, p / 1e6, w / 1e6, w / p, l / p }'
}
echo "instructions executed (valgrind cachegrind, one run each)"
measure_ir "kernel suite" test/kernels/*.c examples/gemm.c
measure_ir "large TU (200 fns)" "$big"
