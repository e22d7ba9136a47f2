// The executed view shows the vectoriser's real widths: saxpy at -O2 on
// x86-64-v3 runs 4 x <8 x float> fma per vector iteration (trip udiv(n, 32)),
// then a scalar remainder loop whose trip depends on the path: n when the
// vector loop is skipped (n < 32), n - 32*udiv(n, 32) after it; the second
// formula gives the first for every n in 1..31, so the trip is exact. The
// loop is entered when the vector loop is skipped or leaves a remainder: a
// disjunction.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -march=x86-64-v3 -c %kernels/saxpy.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function saxpy
// CHECK: view source
// CHECK-NEXT: loop 1 parent=0 trip=n status=exact
// CHECK: view executed
// CHECK-NEXT: loop 1 parent=0 trip=udiv(n, 32) status=exact skip_last=0 cond=guard[n > 0 && n >= 32]
// CHECK-NEXT: loop 2 parent=0 trip=n - 32*udiv(n, 32) status=exact skip_last=0 cond=guard[n > 0 && n >= 32 && 32*udiv(n, 32) != n || n > 0 && n < 32]
// CHECK: block {{[0-9]+}} loop=1 cond=guard[n > 0 && n >= 32] skip_last=0: load:f32x8*1:32B[x:32*@1] {{.*}}fma:f32x8*4
// CHECK: block {{[0-9]+}} loop=2 cond=guard[n > 0 && n >= 32 && 32*udiv(n, 32) != n || n > 0 && n < 32] skip_last=0: {{.*}}fma:f32x1*1
