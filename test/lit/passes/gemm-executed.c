// The executed view of the bundled gemm at -O2 on a pinned x86-64-v3 target:
// the inner loop is unrolled by 8 (trip udiv(K, 8), 8 fma per iteration) with a
// remainder loop of urem(K, 8) iterations; every count is exact.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -march=x86-64-v3 -c %examples/gemm.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function gemm
// CHECK: view executed insts=[[N:[0-9]+]] exact=[[N]]
// CHECK-NEXT: loop 1 parent=0 trip=M status=exact
// CHECK-NEXT: loop 2 parent=1 trip=N status=exact
// CHECK-NEXT: loop 3 parent=2 trip=udiv(K, 8) status=exact skip_last=0 cond=guard[K > 0 && K >= 8]
// CHECK-NEXT: loop 4 parent=2 trip=urem(K, 8) status=exact skip_last=0 cond=guard[K > 0 && urem(K, 8) != 0]
// Blocks carry the guards of their loops that an empty range does not imply.
// CHECK-DAG: block {{[0-9]+}} loop=4 cond=guard[K > 0] skip_last=0: {{.*}}fma:f32x1*1
// CHECK-DAG: block {{[0-9]+}} loop=3 cond=guard[K > 0 && K >= 8] skip_last=0: {{.*}}fma:f32x1*8
// CHECK-NOT: unknown
