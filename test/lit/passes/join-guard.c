// A block reached from its immediate dominator on several paths runs under a
// disjunction of their conditions: the guard is the disjunction over its
// incoming edges (`||`, docs/profile.md), never the dominator's guard alone.
// Softmax at -O3 -ffast-math hoists the scalar 1/sum into the remainder
// loop's preheader, entered when n < 4 (vector loop skipped) or n % 4 != 0
// (middle block); it was once written `guard[n > 0]` (7 where 5 run), then
// `data` (0..1 per call).
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O3 -ffast-math -target x86_64-linux-gnu -c %kernels/softmax.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function softmax
// CHECK: view executed
// CHECK-NOT: cond=guard[n > 0] skip_last=0: fdiv:f32x1*1
// CHECK-NOT: cond=data
// CHECK: block {{[0-9]+}} loop=0 cond=guard[n > 0 && n >= 4 && 4*udiv(n, 4) != n || n > 0 && n < 4] skip_last=0: fdiv:f32x1*1
// CHECK-NOT: reached on some paths only
