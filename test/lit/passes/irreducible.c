// Blocks on a cycle that is not a natural loop (irreducible control flow) run
// any number of times: cond `unknown` (no bound), not `data` (0..1 per call,
// which excluded the 134 executions the counters see). The report says so.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %kernels/hostile.c -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s
// RUN: %greenc report --param n=5 --param k=2 %t.o | FileCheck %s --check-prefix=REPORT

// CHECK-LABEL: function irreducible
// CHECK: view source
// CHECK-NOT: cond=data
// CHECK: block {{[0-9]+}} loop=0 cond=unknown skip_last=0: iadd:i32x1*1:data
// CHECK: view executed
// CHECK-NOT: cond=data
// CHECK: block {{[0-9]+}} loop=0 cond=unknown skip_last=0: iadd:i32x1*1:data
// CHECK: unknown line=35: block {{[0-9]+}}: on a cycle that is not a natural loop (irreducible control flow)

// REPORT-LABEL: irreducible  test/kernels/hostile.c
// REPORT: energy   unknown (unbounded count: iadd i32 has no upper bound)
// REPORT: note     block {{[0-9]+}} (line 35): count unknown: on a cycle that is not a natural loop (irreducible control flow)
