#!/bin/sh
# mkfixtures.sh CLANG DIR: objects, an archive, an executable and a shared library carrying hand-written greenc
# profiles (test/unit/data/obj/*.json), for the driver tests that must not depend on the plugin.
set -eu
clang=$1
dir=$2
here=$(cd "$(dirname "$0")" && pwd)
data=$here/../../../unit/data/obj
mkdir -p "$dir"
python3 "$here/mkrecord.py" "$dir/gemm.rec" "$data/gemm.json"
python3 "$here/mkrecord.py" "$dir/relu.rec" "$data/relu.json"
python3 "$here/mkrecord.py" "$dir/future.rec" --version 9 "$data/relu.json"
"$clang" -c "$here/stub.c" -o "$dir/plain.o"
"$clang" -c "$here/main.c" -o "$dir/main.o"
"$clang" -c -fPIC "$here/stub.c" -o "$dir/gemm.o"
llvm-objcopy --add-section .greenc.profile="$dir/gemm.rec" "$dir/gemm.o"
cp "$dir/plain.o" "$dir/relu.o"
llvm-objcopy --add-section .greenc.profile="$dir/relu.rec" "$dir/relu.o"
cat "$dir/future.rec" "$dir/gemm.rec" > "$dir/mixed.rec"
cp "$dir/plain.o" "$dir/mixed.o"
llvm-objcopy --add-section .greenc.profile="$dir/mixed.rec" "$dir/mixed.o"
rm -f "$dir/libk.a"
llvm-ar rcs "$dir/libk.a" "$dir/gemm.o" "$dir/plain.o"
"$clang" "$dir/gemm.o" "$dir/main.o" -o "$dir/app"
"$clang" -shared "$dir/gemm.o" -o "$dir/libgemm.so"
