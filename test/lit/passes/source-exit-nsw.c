// The source view's trip of a loop whose exit test adds to the induction
// variable (`i + 16 <= n`, `i + 15 < n`, `i <= n - 1` stepping by 16), when
// the loop calls a function that stores (an intrinsic's always_inline wrapper,
// not inlined yet at pipeline start, or an external function): exact, in the
// source's names, from the `add nsw` flags of the exit test's chain; the same
// values as the executed view's (`udiv(umax(32, n + 1) - 17, 16) + 1` for
// n >= 16). Was "exit condition not computable by ScalarEvolution". Unsigned
// arithmetic wraps legitimately: that loop stays unknown, with its reason.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -mavx512f -c %s -o %t.O2.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.O2.bin %t.O2.o
// RUN: %python %S/Inputs/show-profile.py %t.O2.bin | FileCheck %s --check-prefixes=CHECK,O2
// RUN: %clang -fplugin=%plugin -O0 -target x86_64-linux-gnu -mavx512f -c %s -o %t.O0.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.O0.bin %t.O0.o
// RUN: %python %S/Inputs/show-profile.py %t.O0.bin | FileCheck %s

#include <immintrin.h>

// CHECK-LABEL: function fma16
// CHECK: view source insts=[[N:[0-9]+]] exact=[[N]]
// CHECK-NEXT: loop 1 parent=0 trip=udiv(n - 16, 16) + 1 status=exact skip_last=0 cond=guard[n >= 16] line=[[@LINE+6]] iv=i
// CHECK-NOT: unknown
// CHECK: view executed
// O2-NEXT: loop 1 parent=0 trip=udiv(umax(32, n + 1) - 17, 16) + 1 status=exact skip_last=0 cond=guard[n >= 16]
void fma16(int n, float *restrict c, const float *restrict a,
           const float *restrict b) {
  for (int i = 0; i + 16 <= n; i += 16) {
    __m512 va = _mm512_loadu_ps(a + i), vb = _mm512_loadu_ps(b + i),
           vc = _mm512_loadu_ps(c + i);
    _mm512_storeu_ps(c + i, _mm512_fmadd_ps(va, vb, vc));
  }
}

// CHECK-LABEL: function plus_lt
// CHECK: view source insts=[[N:[0-9]+]] exact=[[N]]
// CHECK-NEXT: loop 1 parent=0 trip=udiv(n - 16, 16) + 1 status=exact skip_last=0 cond=guard[n > 15] line=[[@LINE+4]] iv=i
// CHECK-NOT: unknown
// CHECK: view executed
void plus_lt(int n, float *restrict c, const float *restrict a) {
  for (int i = 0; i + 15 < n; i += 16)
    _mm512_storeu_ps(c + i, _mm512_loadu_ps(a + i));
}

// Computable before too (n - 15 cannot overflow): the same trip.
// CHECK-LABEL: function lt_minus
// CHECK: view source insts=[[N:[0-9]+]] exact=[[N]]
// CHECK-NEXT: loop 1 parent=0 trip=udiv(n - 16, 16) + 1 status=exact skip_last=0 cond=guard[n - 15 > 0] line=[[@LINE+4]] iv=i
// CHECK-NOT: unknown
// CHECK: view executed
void lt_minus(int n, float *restrict c, const float *restrict a) {
  for (int i = 0; i < n - 16 + 1; i += 16)
    _mm512_storeu_ps(c + i, _mm512_loadu_ps(a + i));
}

// CHECK-LABEL: function le_minus1
// CHECK: view source insts=[[N:[0-9]+]] exact=[[N]]
// CHECK-NEXT: loop 1 parent=0 trip=udiv(n - 1, 16) + 1 status=exact skip_last=0 cond=guard[n - 1 >= 0] line=[[@LINE+4]] iv=i
// CHECK-NOT: unknown
// CHECK: view executed
void le_minus1(int n, float *restrict c, const float *restrict a) {
  for (int i = 0; i <= n - 1; i += 16)
    _mm512_storeu_ps(c + i, _mm512_loadu_ps(a + i));
}

// The latch is not the header (a branch in the body): still exact.
// CHECK-LABEL: function plus_le_if
// CHECK: view source
// CHECK-NEXT: loop 1 parent=0 trip=udiv(n - 16, 16) + 1 status=exact skip_last=0 cond=guard[n >= 16] line=[[@LINE+4]] iv=i
// CHECK-NOT: status=unknown
// CHECK: view executed
void plus_le_if(int n, float *restrict c, const float *restrict a) {
  for (int i = 0; i + 16 <= n; i += 16)
    if (a[i] > 0)
      _mm512_storeu_ps(c + i, _mm512_loadu_ps(a + i));
}

// CHECK-LABEL: function plus_le_long
// CHECK: view source insts=[[N:[0-9]+]] exact=[[N]]
// CHECK-NEXT: loop 1 parent=0 trip=udiv(n - 16, 16) + 1 status=exact skip_last=0 cond=guard[n >= 16] line=[[@LINE+4]] iv=i
// CHECK-NOT: unknown
// CHECK: view executed
void plus_le_long(long n, float *restrict c, const float *restrict a) {
  for (long i = 0; i + 16 <= n; i += 16)
    _mm512_storeu_ps(c + i, _mm512_loadu_ps(a + i));
}

// CHECK-LABEL: function plus_le_extern
// CHECK: view source insts=[[N:[0-9]+]] exact=[[N]]
// CHECK-NEXT: loop 1 parent=0 trip=udiv(n - 4, 4) + 1 status=exact skip_last=0 cond=guard[n >= 4] line=[[@LINE+8]] iv=i
// CHECK-NOT: unknown
// CHECK: view executed
// The executed view at -O2: the exit test compares a `trunc nuw` of the
// widened i64 IV; exact too (static == dynamic: exit-nsw-executed-validate.c).
// O2-NEXT: loop 1 parent=0 trip=udiv(n - 4, 4) + 1 status=exact skip_last=0 cond=guard[n >= 4]
void sink(float *p);
void plus_le_extern(int n, float *c) {
  for (int i = 0; i + 4 <= n; i += 4)
    sink(c + i);
}

// `i + 16` on unsigned has no nsw and no nuw, but the loop may be assumed to
// terminate (C11 6.8.5p6: mustprogress, and the wrappers it calls do no I/O),
// and a wrapping `i + 16` would repeat its values forever: it does not wrap,
// and `i + 16 <= n` is counted as `i + 16 < n + 1`
// (unsigned-progress-validate.c runs such loops).
// CHECK-LABEL: function plus_le_unsigned
// CHECK: view source
// CHECK-NEXT: loop 1 parent=0 trip=udiv(umax(32, n + 1) - 17, 16) + 1 status=exact skip_last=0 cond=guard[n >= 16] line=[[@LINE+4]] iv=i
// CHECK-NOT: unknown line
// CHECK: view executed
void plus_le_unsigned(unsigned n, float *restrict c, const float *restrict a) {
  for (unsigned i = 0; i + 16 <= n; i += 16)
    _mm512_storeu_ps(c + i, _mm512_loadu_ps(a + i));
}
