// A value that joins paths (a phi outside a loop header) is written when one
// incoming formula gives every other incoming value on its own path, checked
// over the finite range the path's conditions allow: a vector remainder loop
// starts at 0 when the vector loop is skipped (n < 8) and at 8*udiv(n, 8)
// after it, and 8*udiv(n, 8) is 0 for 1 <= n <= 7. So the remainder loop's
// accesses have indices (they had none), which traffic analysis reads.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O3 -target x86_64-linux-gnu -c %kernels/saxpy.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function saxpy
// CHECK: view executed
// CHECK: block {{[0-9]+}} loop=2 {{.*}}load:f32x1*1:4B[x:8*udiv(n, 8) + @2] {{.*}}store:f32x1*1:4B[y:8*udiv(n, 8) + @2]
