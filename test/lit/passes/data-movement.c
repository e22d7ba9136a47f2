// select, shufflevector, insertelement and extractelement have their own op
// kinds (select, shuffle, insert, extract; docs/profile.md), with the type
// and the width of the vector they move, no longer `other`: softmax at -O3
// -ffast-math splats 1/sum (insert + shuffle) and its max is a select.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O3 -ffast-math -target x86_64-linux-gnu -c %kernels/softmax.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %s -o %t.x.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.x.bin %t.x.o
// RUN: %python %S/Inputs/show-profile.py %t.x.bin | FileCheck %s --check-prefix=EXT

typedef float v4 __attribute__((vector_size(16)));

float lane2(v4 v) { return v[2]; }

// CHECK-LABEL: function softmax
// CHECK: view executed
// CHECK-NOT: other*
// CHECK-DAG: fcmp:f32x4*2 select:f32x4*2
// CHECK-DAG: insert:f32x4*1 shuffle:f32x4*1
// EXT-LABEL: function lane2
// EXT: view executed
// EXT-NEXT: block 0 loop=0 cond=always skip_last=0: extract:f32x4*1
