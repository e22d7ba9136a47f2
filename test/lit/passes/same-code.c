// The plugin does not change the generated code. Without -g it turns clang's
// source-location tracking on for its own passes (loop lines) and drops the
// locations again after its last pass: the machine code is byte for byte what
// clang makes without the plugin, and the IR handed to code generation has no
// debug metadata. With -g the user's debug information is kept.
// REQUIRES: plugin
// RUN: %clang -O2 -target x86_64-linux-gnu -c %s -o %t.plain.o
// RUN: %clang -O2 -target x86_64-linux-gnu -fplugin=%plugin -c %s -o %t.greenc.o
// RUN: llvm-objdump -d %t.plain.o | tail -n +3 > %t.plain.s
// RUN: llvm-objdump -d %t.greenc.o | tail -n +3 > %t.greenc.s
// RUN: diff %t.plain.s %t.greenc.s
// RUN: FileCheck --check-prefix=DIS %s < %t.greenc.s
// RUN: llvm-readelf -S %t.greenc.o | FileCheck --check-prefix=SECTIONS %s
// RUN: %clang -O2 -target x86_64-linux-gnu -fplugin=%plugin -S -emit-llvm %s -o - | FileCheck --check-prefix=IR %s
// RUN: %clang -O2 -g -target x86_64-linux-gnu -fplugin=%plugin -S -emit-llvm %s -o - | FileCheck --check-prefix=IRG %s

void gemm(int M, int N, int K, const float *restrict A,
          const float *restrict B, float *restrict C) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) {
      float s = 0.0f;
      for (int k = 0; k < K; k++)
        s += A[i * K + k] * B[k * N + j];
      C[i * N + j] = s;
    }
}

void scale(int n, float a, float *restrict x) {
  for (int i = 0; i < n; i++)
    x[i] *= a;
}

// DIS-LABEL: <gemm>:
// DIS-LABEL: <scale>:
// DIS: mulps
// SECTIONS: .greenc.profile
// SECTIONS-NOT: .debug_
// IR-LABEL: define {{.*}} @gemm(
// IR-NOT: !dbg
// IR-NOT: llvm.dbg.cu
// IRG-LABEL: define {{.*}} @gemm(
// IRG-SAME: !dbg
// IRG: !llvm.dbg.cu
