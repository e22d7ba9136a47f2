// At -O0 (and in the source view) `for (i = 0; i < n && x[i] > 0; i++)`
// leaves the loop through a branch on an i1 phi, which ScalarEvolution cannot
// count. The phi is false whenever the header's `i < n` fails, and that test
// runs on every iteration: the loop is bounded, max(0, n) + 1 header runs,
// instead of unknown.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O0 -target x86_64-linux-gnu -c %kernels/until_zero.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function until_zero
// CHECK: view executed
// CHECK-NEXT: loop 1 parent=0 trip=- status=unknown
// CHECK-LABEL: function sum_positive_prefix
// CHECK: view source
// CHECK-NEXT: loop 1 parent=0 trip=- status=bounded max=max(0, n) + 1 reason=[exit depends on loaded data]
// CHECK: view executed
// CHECK-NEXT: loop 1 parent=0 trip=- status=bounded max=max(0, n) + 1 reason=[exit depends on loaded data]
