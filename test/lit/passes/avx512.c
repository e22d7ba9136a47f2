// AVX-512 intrinsics compile with the plugin at -O0 and -O2 (-mavx512f) and
// are counted, none dropped silently: _mm512_fmadd_ps (llvm.fma) is fma
// f32x16; the masked add is an fadd and a select; _mm512_rcp14_ps
// (llvm.x86.avx512.rcp14.ps.512, a reciprocal estimate) is fmath f32x16 with
// "what": "estimate"; _mm512_reduce_add_ps is 16 scalar fadds; a target
// intrinsic the counter does not cost (getexp) is `other` naming it, plus a
// coverage entry. The loop's trip is exact in both views (source-exit-nsw.c).
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O0 -mavx512f -target x86_64-linux-gnu -c %s -o %t.O0.o 2> %t.O0.err
// RUN: FileCheck %s --check-prefix=DIAG --allow-empty < %t.O0.err
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.O0.bin %t.O0.o
// RUN: %python %S/Inputs/show-profile.py %t.O0.bin | FileCheck %s
// RUN: %clang -fplugin=%plugin -O2 -mavx512f -target x86_64-linux-gnu -c %s -o %t.O2.o 2> %t.O2.err
// RUN: FileCheck %s --check-prefix=DIAG --allow-empty < %t.O2.err
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.O2.bin %t.O2.o
// RUN: %python %S/Inputs/show-profile.py %t.O2.bin | FileCheck %s --check-prefixes=CHECK,O2

// At most a warning, never an error.
// DIAG-NOT: error

#include <immintrin.h>

// CHECK-LABEL: function kern line=
// CHECK: view source insts=[[N:[0-9]+]] exact=[[N]]
// CHECK-NEXT: loop 1 parent=0 trip=udiv(n - 16, 16) + 1 status=exact
// CHECK: call*1(_mm512_fmadd_ps:{{.*}}call*1(_mm512_mask_add_ps:?,m,?,?) call*1(_mm512_rcp14_ps:?) call*1(_mm512_getexp_ps:?)
// CHECK: call*1(_mm512_reduce_add_ps:?)
// CHECK: view executed
// CHECK-NEXT: loop 1 parent=0 trip={{.+}} status=exact
// O2-SAME: cond=guard[n >= 16]
// CHECK-DAG: fma:f32x16*1 {{.*}}fadd:f32x16*2 select:f32x16*1 fmath:f32x16*1<estimate> other*1<llvm.x86.avx512.mask.getexp.ps.512>
// CHECK-DAG: fadd:f32x1*16
// CHECK: unknown line=[[@LINE+9]]: llvm.x86.avx512.mask.getexp.ps.512 (a target intrinsic) is not costed
float kern(int n, float *restrict c, const float *restrict a,
           const float *restrict b, __mmask16 m) {
  __m512 acc = _mm512_setzero_ps();
  for (int i = 0; i + 16 <= n; i += 16) {
    __m512 va = _mm512_loadu_ps(a + i), vb = _mm512_loadu_ps(b + i);
    __m512 vc = _mm512_fmadd_ps(va, vb, _mm512_loadu_ps(c + i));
    vc = _mm512_mask_add_ps(vc, m, vc, va);
    vc = _mm512_rcp14_ps(vc);
    vc = _mm512_getexp_ps(vc);
    _mm512_storeu_ps(c + i, vc);
    acc = _mm512_add_ps(acc, vc);
  }
  return _mm512_reduce_add_ps(acc);
}

// The wrappers' own source views (inlined before the executed view).
// CHECK-LABEL: function _mm512_fmadd_ps line=
// CHECK: view source
// CHECK-NEXT: block 0 loop=0 cond=always skip_last=0: fma:f32x16*1
// CHECK-LABEL: function _mm512_mask_add_ps line=
// CHECK: block 0 loop=0 cond=always skip_last=0: call*1(_mm512_add_ps:?,?) select:f32x16*1
// CHECK-LABEL: function _mm512_rcp14_ps line=
// CHECK: block 0 loop=0 cond=always skip_last=0: {{.*}}fmath:f32x16*1<estimate>
// CHECK-NOT: unknown
// CHECK-LABEL: function _mm512_getexp_ps line=
// CHECK: block 0 loop=0 cond=always skip_last=0: {{.*}}other*1<llvm.x86.avx512.mask.getexp.ps.512>
// CHECK-NEXT: unknown line=-: llvm.x86.avx512.mask.getexp.ps.512 (a target intrinsic) is not costed
// CHECK-LABEL: function _mm512_add_ps line=
// CHECK: block 0 loop=0 cond=always skip_last=0: fadd:f32x16*1
// CHECK-LABEL: function _mm512_reduce_add_ps line=
// CHECK: block 0 loop=0 cond=always skip_last=0: fadd:f32x1*16
