// Loops over unsigned sizes (size_t, unsigned): the parameters are known
// non-negative, so unsigned guards and the runtime-unrolled remainder
// (urem of a sum) are exact in both views.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %s -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

#include <stddef.h>

void strided(size_t n, size_t m, float *x) {
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < m; j += 2)
      x[i * m + j] += 1.0f;
}

void recurrence(unsigned n, float *x) {
  for (unsigned i = 1; i < n; i++)
    x[i] = x[i - 1] * 0.5f;
}

// CHECK-LABEL: function strided
// CHECK: view source insts=[[N:[0-9]+]] exact=[[N]]
// CHECK-NEXT: loop 1 parent=0 trip=n status=exact skip_last=0 cond=guard[n > 0] {{.*}} iv=i
// CHECK-NEXT: loop 2 parent=1 trip=udiv(m - 1, 2) + 1 status=exact skip_last=0 cond=guard[m > 0] {{.*}} iv=j
// CHECK: view executed insts=[[E:[0-9]+]] exact=[[E]]
// CHECK-LABEL: function recurrence
// CHECK: view source insts=[[S:[0-9]+]] exact=[[S]]
// CHECK-NEXT: loop 1 parent=0 trip=n - 1 status=exact skip_last=0 cond=guard[n > 1]
// CHECK: view executed insts=[[X:[0-9]+]] exact=[[X]]
// CHECK-NEXT: loop 1 parent=0 trip=udiv(n - 1, 4) status=exact
// CHECK-NEXT: loop 2 parent=0 trip=urem(n - 1, 4) status=exact
