#!/usr/bin/env bash
# time-prediction.sh: how well does greenc predict run time? Calibrates a model on this machine (greenc calibrate),
# then for each kernel of the suite (test/kernels/) at several sizes compares the time `greenc report --hw
# <calibrated>` predicts with the measured time (median of repeats, bench/kernels/timekern.c linked with the very
# objects greencc built), and prints per case predicted, measured and error, then the median and worst |error|.
#
#   bench/time-prediction.sh [BUILD_DIR]        (default: build/)
#   env: QUICK=1 (quick calibration), VIEW=source|executed (default source, as greenc report;
#        executed: the code after optimisation),
#        REPS=N (timed calls per case, default 21), MODEL=FILE.toml (skip calibration, use this model),
#        COLD=0 (time warm calls; default: caches flushed before every call, as the traffic model assumes),
#        KEEP_MODEL=DIR/calibrated.toml (keep a copy of the calibrated model: the file name must stay calibrated.toml),
#        TIMEKERN_RETIME=0 (keep calls that were preempted; default: timekern times such a call again, see timekern.c;
#        the column "retimed" counts them)
#
# A prediction that is a range (lo..hi: the estimator could not decide which level serves the bytes) is compared
# at its geometric midpoint, and the range is printed. Takes about a minute (the calibration most of it).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
GREENC=$BUILD/bin/greenc
GREENCC=$BUILD/bin/greencc
VIEW=${VIEW:-source}
REPS=${REPS:-21}
for t in "$GREENC" "$GREENCC"; do
  [ -x "$t" ] || { echo "time-prediction: $t not built (cmake --build $BUILD --target greenc greencc GreencPlugin)" >&2; exit 2; }
done
WORK=$(mktemp -d /tmp/greenc-timepred-XXXXXX)
trap 'rm -rf "$WORK"' EXIT

if [ -n "${MODEL:-}" ]; then
  cp "$MODEL" "$WORK/$(basename "$MODEL")"
  HW=$WORK/$(basename "$MODEL")
else
  HW=$WORK/calibrated.toml
  echo "time-prediction: calibrating (greenc calibrate${QUICK:+ --quick})..." >&2
  "$GREENC" calibrate ${QUICK:+--quick} --out "$HW" --format text >&2
  if [ -n "${KEEP_MODEL:-}" ]; then cp "$HW" "$KEEP_MODEL"; fi
fi

KERNELS="gemm saxpy dot_i8 causal config matvec softmax fixed"
OBJS=()
for k in $KERNELS; do
  "$GREENCC" -O2 -march=native --energy=json --energy-out=/dev/null -c "$ROOT/test/kernels/$k.c" -o "$WORK/$k.o"
  OBJS+=("$WORK/$k.o")
done
"$GREENCC" -O2 -march=native "$ROOT/bench/kernels/timekern.c" "${OBJS[@]}" -lm -o "$WORK/timekern"
# greenc's traffic model starts every call with cold caches: so does the measurement (COLD=0 to time warm calls).
# The flush buffer is 4x the largest cache sysfs reports (at least 64 MiB).
LLC_KIB=$(cat /sys/devices/system/cpu/cpu0/cache/index*/size 2>/dev/null |
  awk '/M$/ { v = $0 + 0; v *= 1024 } /K$/ { v = $0 + 0 } v > m { m = v } END { print m + 0 }')
FLUSH_KIB=$(( ${LLC_KIB:-16384} * 4 )); [ "$FLUSH_KIB" -ge 65536 ] || FLUSH_KIB=65536
if [ "${COLD:-1}" = 1 ]; then export TIMEKERN_FLUSH_KIB=$FLUSH_KIB; fi

# case: function object timekern-name "params" "sizes"
CASES=(
  "gemm gemm gemm|M=64 N=64 K=64|64 64 64"
  "gemm gemm gemm|M=128 N=128 K=128|128 128 128"
  "gemm gemm gemm|M=256 N=256 K=256|256 256 256"
  "saxpy saxpy saxpy|n=4096|4096"
  "saxpy saxpy saxpy|n=65536|65536"
  "saxpy saxpy saxpy|n=1048576|1048576"
  "saxpy saxpy saxpy|n=16777216|16777216"
  "dot_i8 dot_i8 dot_i8|n=16384|16384"
  "dot_i8 dot_i8 dot_i8|n=262144|262144"
  "dot_i8 dot_i8 dot_i8|n=4194304|4194304"
  "dot_i8 dot_i8 dot_i8|n=67108864|67108864"
  "causal_scores causal causal|T=128 D=64|128 64"
  "causal_scores causal causal|T=256 D=64|256 64"
  "causal_scores causal causal|T=512 D=64|512 64"
  "layer_scale config layer_scale|p->n=64 p->d=64|64 64"
  "layer_scale config layer_scale|p->n=256 p->d=256|256 256"
  "layer_scale config layer_scale|p->n=1024 p->d=1024|1024 1024"
  "layer_scale config layer_scale|p->n=2048 p->d=2048|2048 2048"
  "matvec matvec matvec|rows=64 cols=64|64 64"
  "matvec matvec matvec|rows=512 cols=512|512 512"
  "matvec matvec matvec|rows=2048 cols=2048|2048 2048"
  "softmax softmax softmax|n=4096|4096"
  "softmax softmax softmax|n=65536|65536"
  "softmax softmax softmax|n=1048576|1048576"
  "scale_shift fixed scale_shift||"
)
: > "$WORK/rows"
for c in "${CASES[@]}"; do
  head=${c%%|*}; rest=${c#*|}; params=${rest%%|*}; sizes=${rest#*|}
  read -r fn obj tk <<< "$head"
  pargs=()
  for p in $params; do pargs+=(--param "$p"); done
  "$GREENC" report "$WORK/$obj.o" --hw "$HW" --view "$VIEW" "${pargs[@]}" --format json > "$WORK/report.json"
  # shellcheck disable=SC2086
  meas=$("$WORK/timekern" "$tk" "$REPS" $sizes)
  printf '%s\t%s\t%s\t%s\n' "$fn" "${params:-(fixed)}" "$meas" "$(python3 - "$WORK/report.json" "$fn" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for f in d["functions"]:
    if f["name"] == sys.argv[2]:
        t = f["summary"]["time_s"]
        print(f'{t["lo"]} {t["hi"]}' if t.get("known") else "unknown " + t.get("reason", "").replace("\t", " ")[:80])
        break
else:
    print("unknown no such function")
PY
)" >> "$WORK/rows"
done

python3 - "$WORK/rows" "$HW" "$VIEW" "$REPS" <<'PY'
import math, statistics, sys
rows, hw, view, reps = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
def fmt(s):
    for u, f in (("s", 1), ("ms", 1e-3), ("us", 1e-6), ("ns", 1e-9)):
        if s >= f:
            return f"{s / f:.3g} {u}"
    return f"{s:.3g} s"
import os
cold = "cold caches" if os.environ.get("TIMEKERN_FLUSH_KIB") else "warm caches"
pre = "preempted calls kept" if os.environ.get("TIMEKERN_RETIME") == "0" else "preempted calls timed again"
print(f"time prediction: view {view}, model {hw.rsplit('/', 1)[-1]}, measured = median of {reps} calls, {cold}, {pre}")
print(f"{'kernel':<15} {'sizes':<22} {'predicted':>10} {'(range)':>24} {'measured':>10} {'error':>8} {'retimed':>8}")
errs = []
for line in open(rows):
    fn, params, meas, pred = line.rstrip("\n").split("\t")
    med = float(meas.split()[0])
    retimed = meas.split()[2] if len(meas.split()) > 2 else "-"
    p = pred.split(" ", 1)
    if p[0] == "unknown":
        print(f"{fn:<15} {params:<22} {'unknown':>10} {'':>24} {fmt(med):>10} {'-':>8}  ({p[1] if len(p) > 1 else ''})")
        continue
    lo, hi = float(p[0]), float(p[1])
    point = lo if lo == hi else math.sqrt(lo * hi) if lo > 0 else hi
    err = (point - med) / med
    errs.append((abs(err), fn, params))
    rng = "" if lo == hi else f"{fmt(lo)} .. {fmt(hi)}"
    print(f"{fn:<15} {params:<22} {fmt(point):>10} {rng:>24} {fmt(med):>10} {err * 100:>+7.0f}% {retimed:>8}")
if errs:
    med_err = statistics.median(e for e, _, _ in errs)
    worst = max(errs)
    print(f"\n{len(errs)} cases predicted: median |error| {med_err * 100:.0f}%, worst |error| {worst[0] * 100:.0f}% ({worst[1]} {worst[2]})")
    per = {}
    for e, fn, _ in errs:
        per.setdefault(fn, []).append(e)
    print("per kernel, median |error|: " + ", ".join(f"{fn} {statistics.median(v) * 100:.0f}%" for fn, v in per.items()))
PY
