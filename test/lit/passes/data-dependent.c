// Loops whose exit depends on loaded data: the sentinel scan is unknown with
// its reason; the scan capped at n is bounded by n in the executed view; blocks
// after an early exit are `data`.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %kernels/until_zero.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function until_zero
// CHECK: view source
// CHECK-NEXT: loop 1 parent=0 trip=- status=unknown reason=[exit depends on loaded data]
// CHECK: unknown line={{.*}}: loop 1: exit depends on loaded data
// CHECK-LABEL: function sum_positive_prefix
// CHECK: view executed
// CHECK-NEXT: loop 1 parent=0 trip=- status=bounded max=n reason=[exit depends on loaded data]
// CHECK: cond=data
// CHECK: unknown line={{.*}}: loop 1: exit depends on loaded data
