// A loop with a constant trip count: trip 100, one fma (x*3+1 contracted) per
// iteration, one load and one store with affine indices.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %kernels/fixed.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function scale_shift
// CHECK: view source insts=[[N:[0-9]+]] exact=[[N]]
// CHECK-NEXT: loop 1 parent=0 trip=100 status=exact skip_last=0 cond=always
// CHECK: block {{[0-9]+}} loop=1 cond=always skip_last=0: load:f32x1*1:4B[x:@1] fma:f32x1*1 store:f32x1*1:4B[y:@1]
// CHECK-NOT: unknown
// CHECK: view executed
