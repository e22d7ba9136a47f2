// Static == dynamic for the executed view's trip of `i + 4 <= n` in a loop
// that calls a function that stores (not inlined): ScalarEvolution could not
// count it (the call is a side effect, the increment is in the latch), so the
// exit test's nsw chain is used, on a private ScalarEvolution (the
// pipeline's own is never changed); the guard `n >= 4` on the entry edge
// proves the division's operand non-negative. With an `int` IV, -O2 widens it
// and tests `trunc nuw` of the wide chain (fill_ext_int). The instrumented
// build's block counters must equal the static counts.
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %s -o %t/k.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t/k.bin %t/k.o
// RUN: %python %S/Inputs/show-profile.py %t/k.bin | FileCheck %s --check-prefix=PROF
// RUN: %greencc -O2 -g --energy=instrument %s -o %t/prog > %t/build.txt 2>&1
// RUN: %greenc validate -- %t/prog > %t/out.txt 2> %t/err.txt; echo "exit $?" >> %t/out.txt
// RUN: FileCheck %s < %t/out.txt

// PROF-LABEL: function fill_ext line=
// PROF: view executed
// PROF-NEXT: loop 1 parent=0 trip=udiv(n - 4, 4) + 1 status=exact
// PROF-LABEL: function fill_ext_int line=
// PROF: view executed
// PROF-NEXT: loop 1 parent=0 trip=udiv(umax(8, n + 1) - 5, 4) + 1 status=exact

// CHECK: greenc validate: executed view
// CHECK-DAG: {{^}}fill_ext  ({{.*}})  equal{{$}}
// CHECK-DAG: {{^}}fill_ext_int  ({{.*}})  equal{{$}}
// CHECK-DAG: calls 4, distinct symbol tuples 4
// CHECK-DAG: calls 5, distinct symbol tuples 5
// CHECK: summary: {{[0-9]+}} equal, 0 within, 0 mismatch, 0 unchecked
// CHECK: exit 0

__attribute__((noinline)) void sink(float *p) { p[0] = 1.0f; }

__attribute__((noinline)) void fill_ext(long n, float *c) {
  for (long i = 0; i + 4 <= n; i += 4)
    sink(c + i);
}

__attribute__((noinline)) void fill_ext_int(int n, float *c) {
  for (int i = 0; i + 4 <= n; i += 4)
    sink(c + i);
}

int main(void) {
  static float buf[64];
  fill_ext(37, buf);
  fill_ext(40, buf);
  fill_ext(4, buf);
  fill_ext(3, buf);
  fill_ext_int(37, buf);
  fill_ext_int(40, buf);
  fill_ext_int(5, buf);
  fill_ext_int(4, buf);
  fill_ext_int(-7, buf);
  return 0;
}
