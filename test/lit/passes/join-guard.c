// A block reached from its immediate dominator on several paths runs under a
// disjunction of their conditions, which a conjunction of dominating branch
// edges cannot express: it must be `data`, never the dominator's guard.
// Softmax at -O3 -ffast-math hoists the scalar 1/sum into the remainder
// loop's preheader, entered when n < 4 (vector loop skipped) or n % 4 != 0
// (middle block); it was written `guard[n > 0]`, an exact count too high.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O3 -ffast-math -target x86_64-linux-gnu -c %kernels/softmax.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function softmax
// CHECK: view executed
// CHECK-NOT: cond=guard[n > 0] skip_last=0: fdiv:f32x1*1
// CHECK: block {{[0-9]+}} loop=0 cond=data skip_last=0: fdiv:f32x1*1
// CHECK: unknown line=14: block {{[0-9]+}}: reached on some paths only
