// The MAC pairing rule (docs/profile.md): a multiply whose only use is an add
// of the same type in the same block is written `"what": "mac"` (shown
// `<mac>`), one multiply-accumulate per lane; FLOPs stay fmul + fadd. At
// -Ofast clang forms no llvm.fmuladd, so this is how gemm's M*N*K MACs show,
// in both views and at the vector width. Integer data (an int8 dot product,
// sext -> mul i32 -> add i32) pairs too; address arithmetic (i*K + k) never.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -Ofast -Wno-deprecated-ofast -target x86_64-linux-gnu -c %s -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s
// RUN: %clang -fplugin=%plugin -Ofast -Wno-deprecated-ofast -target x86_64-linux-gnu -c %kernels/gemm.c -o %t.gemm.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.gemm.bin %t.gemm.o
// RUN: %python %S/Inputs/show-profile.py %t.gemm.bin | FileCheck %s --check-prefix=GEMM
// RUN: %clang -fplugin=%plugin -O3 -target x86_64-linux-gnu -c %kernels/dot_i8.c -o %t.i8.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.i8.bin %t.i8.o
// RUN: %python %S/Inputs/show-profile.py %t.i8.bin | FileCheck %s --check-prefix=I8
// The counter totals them: gemm's M*N*K MACs at -Ofast (it said 0), the int8
// dot product's n integer MACs in the vectorised code.
// RUN: %greenc report --view source %t.gemm.o | FileCheck %s --check-prefix=REPORT
// RUN: %greenc report --view executed %t.i8.o | FileCheck %s --check-prefix=REPORT-I8

// Two products into one add: one MAC (a*b accumulated into c*d), one fmul.
float two(float a, float b, float c, float d) { return a * b + c * d; }

// A product used twice is no MAC.
float shared(float a, float b, float *out) {
  float p = a * b;
  *out = p;
  return p + 1.0f;
}

// GEMM-LABEL: function gemm
// GEMM: view source
// GEMM: imul:i32x1*1:addr {{.*}}fmul:f32x1*1<mac> fadd:f32x1*1
// GEMM: view executed
// GEMM-NOT: addr<mac>
// GEMM: fmul:f32x4*2<mac> fadd:f32x4*2
// CHECK-LABEL: function two
// CHECK: view executed
// CHECK-NEXT: block 0 loop=0 cond=always skip_last=0: {{fmul:f32x1\*1<mac> fmul:f32x1\*1|fmul:f32x1\*1 fmul:f32x1\*1<mac>}} fadd:f32x1*1{{$}}
// CHECK-LABEL: function shared
// CHECK: view executed
// CHECK-NOT: <mac>
// CHECK: block 0 loop=0 cond=always skip_last=0: fmul:f32x1*1 store

// I8-LABEL: function dot_i8
// I8: view source
// I8: imul:i32x1*1:data<mac> iadd:i32x1*1:data
// I8: view executed
// I8: imul:i32x4*2:data<mac> iadd:i32x4*2:data

// REPORT: FLOPs    2*M*N*K
// REPORT-NEXT: MACs     M*N*K
// REPORT-I8: MACs     n
