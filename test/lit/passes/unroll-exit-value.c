// What an unrolled loop leaves behind is written from its recurrence at its
// last iteration, its trip made readable as a trip is: causal_scores at -O3
// with D <= 0 zeroes row i with memset(4*(i + 1)), unrolled by 4, and the
// remainder loop starts at 4*udiv(T, 4), which is 0 on the path that skips
// the unrolled loop (T < 4): its memset length is a formula (it was "not
// expressible"), and the bytes stored are exact.
// REQUIRES: plugin
// RUN: %greencc -O3 -ffast-math --energy -c %kernels/causal.c -o %t.o > /dev/null 2>&1
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s
// RUN: %greenc report --view executed --param T=7 --param D=0 %t.o | FileCheck %s --check-prefix=T7
// RUN: %greenc report --view executed --param T=3 --param D=0 %t.o | FileCheck %s --check-prefix=T3

// CHECK-LABEL: function causal_scores
// CHECK: view executed
// CHECK-NOT: length not expressible
// CHECK: memset*1:4*(4*udiv(T, 4)) + 4 + 4*@2B

// 4*(1 + 2 + ... + 7) bytes; 4*(1 + 2 + 3).
// T7: stored {{.*}} = 112 B
// T7-NOT: not modelled
// T3: stored {{.*}} = 24 B
