// Static == dynamic for loops on unsigned and size_t counters stepping by a
// power of two, whose bodies call functions: ScalarEvolution assumes such a
// loop finite only without calls, so `i < n` was "not computable". C11
// 6.8.5p6 lets the implementation assume that a loop whose condition is not
// constant (clang marks it mustprogress) terminates when it does no I/O,
// volatile access, synchronisation or atomics, here through the functions it
// calls (defined in this file, or intrinsics); a wrapping counter would
// then repeat its values forever, so it does not wrap. `i + 8 <= n` is
// counted as `i + 8 < n + 1`. A call to an external function (it may do I/O),
// a weak one (it may be replaced at link time), a volatile access, or a step
// of 3 (a wrap may exit) keeps the loop unknown.
// Both views, at -O0 and -O2; the SSE intrinsics are calls to always-inline
// wrappers at the start of the pipeline.
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %s -o %t/k.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t/k.bin %t/k.o
// RUN: %python %S/Inputs/show-profile.py %t/k.bin | FileCheck %s --check-prefix=PROF
// RUN: %greencc -O0 --energy=instrument %s -o %t/e0 > %t/be0.txt 2>&1
// RUN: %greenc validate -- %t/e0 > %t/e0.txt 2>&1; echo "exit $?" >> %t/e0.txt
// RUN: FileCheck %s < %t/e0.txt
// RUN: %greencc -O2 --energy=instrument %s -o %t/e2 > %t/be2.txt 2>&1
// RUN: %greenc validate -- %t/e2 > %t/e2.txt 2>&1; echo "exit $?" >> %t/e2.txt
// RUN: FileCheck %s < %t/e2.txt
// RUN: %greencc -O0 --energy=instrument -fplugin-arg-greenc-instrument=source %s -o %t/s0 > %t/bs0.txt 2>&1
// RUN: %greenc validate -- %t/s0 > %t/s0.txt 2>&1; echo "exit $?" >> %t/s0.txt
// RUN: FileCheck %s < %t/s0.txt
// RUN: %greencc -O2 --energy=instrument -fplugin-arg-greenc-instrument=source %s -o %t/s2 > %t/bs2.txt 2>&1
// RUN: %greenc validate -- %t/s2 > %t/s2.txt 2>&1; echo "exit $?" >> %t/s2.txt
// RUN: FileCheck %s < %t/s2.txt

// PROF-LABEL: function u_lt line=
// PROF: view source
// PROF-NEXT: loop 1 parent=0 trip=udiv(n - 1, 4) + 1 status=exact
// PROF: view executed
// PROF-NEXT: loop 1 parent=0 trip=udiv(n - 1, 4) + 1 status=exact
// PROF-LABEL: function u_le line=
// PROF: view source
// PROF-NEXT: loop 1 parent=0 trip=udiv(umax(16, n + 1) - 9, 8) + 1 status=exact
// PROF: view executed
// PROF-NEXT: loop 1 parent=0 trip=udiv(umax(16, n + 1) - 9, 8) + 1 status=exact
// PROF-LABEL: function u_sse line=
// PROF: view source
// PROF-NEXT: loop 1 parent=0 trip={{.*}} status=exact
// PROF-LABEL: function u_extern line=
// PROF: view source
// PROF-NEXT: loop 1 parent=0 trip=- status=unknown reason=[exit condition not computable by ScalarEvolution]
// PROF-LABEL: function u_volatile line=
// PROF: view source
// PROF-NEXT: loop 1 parent=0 trip=- status=unknown reason=[exit condition not computable by ScalarEvolution]
// PROF-LABEL: function u_step3 line=
// PROF: view source
// PROF-NEXT: loop 1 parent=0 trip=- status=unknown reason=[exit condition not computable by ScalarEvolution]

// CHECK-DAG: {{^}}u_lt  ({{.*}})  equal{{$}}
// CHECK-DAG: {{^}}u_le  ({{.*}})  equal{{$}}
// CHECK-DAG: {{^}}u_sse  ({{.*}})  equal{{$}}
// CHECK: summary: {{[0-9]+}} equal, 0 within, 0 mismatch
// CHECK: exit 0

#include <stddef.h>
#include <xmmintrin.h>

__attribute__((noinline)) void bump(float *p) { p[0] += 1.0f; }
__attribute__((noinline)) void bump_volatile(volatile float *p) { p[0] += 1.0f; }
// Defined, but weak: another definition may replace it at link time.
__attribute__((weak, noinline)) void sink(float *p) { p[0] += 1.0f; }

__attribute__((noinline)) void u_lt(unsigned n, float *c) {
  for (unsigned i = 0; i < n; i += 4)
    bump(c + (i & 63));
}

__attribute__((noinline)) void u_le(size_t n, float *c) {
  for (size_t i = 0; i + 8 <= n; i += 8)
    bump(c + (i & 63));
}

__attribute__((noinline)) void u_sse(size_t n, float *restrict c,
                                     const float *restrict a) {
  for (size_t i = 0; i + 4 <= n; i += 4)
    _mm_storeu_ps(c + (i & 63), _mm_add_ps(_mm_loadu_ps(a + (i & 63)),
                                            _mm_loadu_ps(c + (i & 63))));
}

void u_extern(unsigned n, float *c) {
  for (unsigned i = 0; i < n; i += 4)
    sink(c + i);
}

void u_volatile(unsigned n, float *c) {
  for (unsigned i = 0; i < n; i += 4)
    bump_volatile(c + i);
}

void u_step3(unsigned n, float *c) {
  for (unsigned i = 0; i < n; i += 3)
    bump(c + i);
}

int main(void) {
  static float buf[128], src[128];
  static const unsigned sizes[] = {0, 1, 3, 4, 5, 7, 8, 9, 15, 16, 17, 100, 1001};
  for (unsigned k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
    u_lt(sizes[k], buf);
    u_le(sizes[k], buf);
    u_sse(sizes[k], buf, src);
  }
  return 0;
}
