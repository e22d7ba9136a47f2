// Softmax: expf is counted as fexp (a libm call by name), the max scan's
// update is under a branch on loaded data, the normalisation is an fdiv.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %kernels/softmax.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function softmax
// CHECK: view source
// CHECK-NEXT: loop 1 parent=0 trip=n - 1 status=exact skip_last=0 cond=guard[n > 1]
// CHECK-NEXT: loop 2 parent=0 trip=n status=exact
// CHECK-NEXT: loop 3 parent=0 trip=n status=exact
// CHECK: block {{[0-9]+}} loop=1 cond=data skip_last=0: load:f32x1*1:4B[x:1 + @1]
// CHECK: block {{[0-9]+}} loop=2 cond=always skip_last=0: load:f32x1*1:4B[x:@2] fsub:f32x1*1 fexp:f32x1*1
// CHECK: block {{[0-9]+}} loop=3 cond=always skip_last=0: load:f32x1*1:4B[y:@3] fdiv:f32x1*1
// CHECK: unknown line={{.*}}: branch on loaded data
