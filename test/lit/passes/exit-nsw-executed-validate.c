// Static == dynamic for the executed view's trip of `i + 4 <= n` in a loop
// that calls a function that stores (not inlined): ScalarEvolution could not
// count it (the call is a side effect, the increment is in the latch), so the
// exit test's nsw chain is used, on a private ScalarEvolution (the
// pipeline's own is never changed); the guard `n >= 4` on the entry edge
// proves the division's operand non-negative. The instrumented build's block
// counters must equal the static counts.
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %s -o %t/k.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t/k.bin %t/k.o
// RUN: %python %S/Inputs/show-profile.py %t/k.bin | FileCheck %s --check-prefix=PROF
// RUN: %greencc -O2 -g --energy=instrument %s -o %t/prog > %t/build.txt 2>&1
// RUN: %greenc validate -- %t/prog > %t/out.txt 2> %t/err.txt; echo "exit $?" >> %t/out.txt
// RUN: FileCheck %s < %t/out.txt

// PROF-LABEL: function fill_ext
// PROF: view executed
// PROF-NEXT: loop 1 parent=0 trip=udiv(n - 4, 4) + 1 status=exact

// CHECK: greenc validate: executed view
// CHECK-LABEL: {{^}}fill_ext  ({{.*}})  equal{{$}}
// CHECK-NEXT: calls 4, distinct symbol tuples 4
// CHECK-NEXT: blocks: {{[0-9]+}} of {{[0-9]+}} equal or within their range
// CHECK: exit 0

__attribute__((noinline)) void sink(float *p) { p[0] = 1.0f; }

__attribute__((noinline)) void fill_ext(long n, float *c) {
  for (long i = 0; i + 4 <= n; i += 4)
    sink(c + i);
}

int main(void) {
  static float buf[64];
  fill_ext(37, buf);
  fill_ext(40, buf);
  fill_ext(4, buf);
  fill_ext(3, buf);
  return 0;
}
