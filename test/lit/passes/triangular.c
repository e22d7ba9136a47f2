// A triangular (causal) loop: the inner trip uses the outer loop's index, @1 + 1.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %kernels/causal.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function causal_scores
// CHECK: view source insts=[[N:[0-9]+]] exact=[[N]]
// CHECK-NEXT: loop 1 parent=0 trip=T status=exact
// CHECK-NEXT: loop 2 parent=1 trip=1 + @1 status=exact skip_last=0 cond=always
// CHECK-NEXT: loop 3 parent=2 trip=D status=exact skip_last=0 cond=guard[D > 0]
// CHECK: block {{[0-9]+}} loop=3 {{.*}}load:f32x1*1:4B[k:D*@2 + @3] fma:f32x1*1
// CHECK: view executed
// CHECK-NEXT: loop 1 parent=0 trip=T status=exact
// CHECK-NEXT: loop 2 parent=1 trip=1 + @1 status=exact
