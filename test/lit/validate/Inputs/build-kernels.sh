#!/bin/sh
# build-kernels.sh GREENCC CLANG LEVEL KERNELS_DIR MAIN.c OUT_DIR [FLAGS...]
# Compiles every kernel of KERNELS_DIR with greencc --energy=instrument at LEVEL
# (-O0, -O2, ...) and FLAGS, MAIN.c with plain clang, and links OUT_DIR/prog
# through greencc (which adds libgreenc_rt.a).
set -e
greencc=$1 clang=$2 level=$3 kernels=$4 main=$5 out=$6
shift 6
for k in "$kernels"/*.c; do
  n=$(basename "$k" .c)
  "$greencc" "$level" -g --energy=instrument "$@" -c "$k" -o "$out/$n.o" > "$out/$n.report" 2>&1
done
"$clang" "$level" -Wno-deprecated-ofast -c "$main" -o "$out/main.o"
"$greencc" "$level" -Wno-deprecated-ofast --energy=instrument "$out"/*.o -o "$out/prog" -lm > "$out/link.report" 2>&1
