// A vectorised loop's scalar remainder starts at 0 when the vector loop is
// skipped (n < 8) and at 8*udiv(n, 8) after it: its trip n - 8*udiv(n, 8)
// on the second path also gives n on the first, checked at every n the
// first path allows (1..7), so the trip is exact. The loop is entered when
// n < 8 or n % 8 != 0: a guard with `||`. greenc evaluates it: 2*n FLOPs
// for any n, the remainder counted only when it runs.
// REQUIRES: plugin
// RUN: %greencc -O3 --energy -c %kernels/saxpy.c -o %t.o > /dev/null 2>&1
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s
// RUN: %greenc report --view executed --param n=13 %t.o | FileCheck %s --check-prefix=N13
// RUN: %greenc report --view executed --param n=16 %t.o | FileCheck %s --check-prefix=N16
// RUN: %greenc report --view executed --param n=5 %t.o | FileCheck %s --check-prefix=N5

// CHECK-LABEL: function saxpy
// CHECK: view executed
// CHECK-NEXT: loop 1 parent=0 trip=udiv(n, 8) status=exact
// CHECK-NEXT: loop 2 parent=0 trip=n - 8*udiv(n, 8) status=exact skip_last=0 cond=guard[n > 0 && n >= 8 && 8*udiv(n, 8) != n || n > 0 && n < 8]
// CHECK-NOT: cond=data
// CHECK-NOT: unknown line

// N13: FLOPs    2*n = 26 FLOP
// N16: FLOPs    2*n = 32 FLOP
// N5: FLOPs    2*n = 10 FLOP
