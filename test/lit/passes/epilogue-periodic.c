// With AVX-512 at -O3 the vectoriser adds an epilogue vector loop: the scalar
// remainder loop is entered from three places (n < 8: from 0; after the main
// loop when n mod 64 < 8: from 64*udiv(n, 64); after the epilogue: from
// 8*udiv(n, 8)), so its trip, n minus where it starts, has a formula per
// path. The second path is bounded only below (n >= 64), with the periodic
// condition `n mod 64 < 8`: the formulas and conditions repeat with period
// 64 once n is large enough, so checking n = 64 ... up to a period where
// nothing changes any more proves n - 8*udiv(n, 8) on every path. It used to
// be "at most max(n, n - 64*udiv(n, 64), n - 8*udiv(n, 8))".
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O3 -mavx512f -target x86_64-linux-gnu -c %s -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

// CHECK-LABEL: function saxpy
// CHECK: view executed
// CHECK: trip=udiv(n, 64) status=exact
// CHECK: trip=udiv(n, 8) - 8*udiv(n, 64) status=exact
// CHECK: trip=n - 8*udiv(n, 8) status=exact
// CHECK-NOT: trip depends on the path
void saxpy(int n, float a, const float *restrict x, float *restrict y) {
  for (int i = 0; i < n; i++)
    y[i] = a * x[i] + y[i];
}
