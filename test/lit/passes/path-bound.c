// gemm at -Ofast: after the vector loop (K > 7 && N == 1 only) a prologue
// loop of urem(K, 4) iterations, then a scalar loop unrolled by 4 that starts
// where they stopped: its trip differs by path (udiv(K, 4) with no vector
// loop, udiv(urem(K, 8), 4) after it), no formula gives every path, so it is
// bounded by the largest over the four paths (phis of phis substituted), a
// division of a value negative on a path that skips the loop clamped at 0.
// Its entry compares that path-dependent start: data, with the reason.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -Ofast -Wno-deprecated-ofast -target x86_64-linux-gnu -c %kernels/gemm.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function gemm
// CHECK: view executed
// CHECK: loop 3 parent=2 trip=udiv(K, 8) status=exact skip_last=0 cond=guard[K > 7 && N == 1]
// CHECK-NEXT: loop 4 parent=2 trip=urem(K, 4) status=exact
// CHECK-NEXT: loop 5 parent=2 trip=- status=bounded max=max(udiv(max(K - 4, 0), 4) + 1, udiv(max(K - 8*udiv(K, 8) - 4, 0), 4) + 1, udiv(max(K - urem(K, 4) - 4, 0), 4) + 1, udiv(max(K - 8*udiv(K, 8) - urem(K, 4) - 4, 0), 4) + 1) reason=[trip depends on the path into the loop
// CHECK: unknown line=6: loop 5 is entered on a condition that is not a guard: branch condition depends on a value with a different formula on each path to it (a phi)
