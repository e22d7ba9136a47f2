// A kernel calling another in a loop: the source view keeps the call with its
// argument expressions (cols, a pointer offset it cannot express, x); the
// executed view at -O2 has inlined dot, its loops nested in matvec's.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %kernels/matvec.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function dot
// CHECK-LABEL: function matvec
// CHECK: view source
// CHECK-NEXT: loop 1 parent=0 trip=rows status=exact
// CHECK: block {{[0-9]+}} loop=1 cond=always skip_last=0: {{.*}}call*1(dot:cols,?,x) store:f32x1*1:4B[y:@1]
// CHECK: view executed
// CHECK-NEXT: loop 1 parent=0 trip=rows status=exact
// CHECK-NEXT: loop 2 parent=1 trip={{.*}}cols
