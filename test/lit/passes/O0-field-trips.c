// At -O0 the sizes p->n and p->d are loaded again on every iteration; the
// executed view is measured on a promoted clone with the same CFG, where the
// invariant loads are hoisted (LICM, no scalar promotion), so the trips are
// the fields, not "exit depends on loaded data"; the loads still count where
// -O0 runs them (in the loop headers).
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O0 -g -target x86_64-linux-gnu -c %kernels/config.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function layer_scale
// CHECK: view executed
// CHECK-NEXT: loop 1 parent=0 trip=max(0, p->n) + 1 status=exact
// CHECK-NEXT: loop 2 parent=1 trip=max(0, p->d) + 1 status=exact
// CHECK-NOT: exit depends on loaded data
