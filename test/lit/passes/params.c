// Sizes given at compile time reach module params: -fplugin-arg-greenc-param=
// (repeatable) and #pragma greenc param(...); opt= overrides the recorded level;
// an unknown plugin argument is an error.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -fplugin-arg-greenc-param=M=64 -fplugin-arg-greenc-param=K=8 -fplugin-arg-greenc-opt=O3 -O2 -target x86_64-linux-gnu -c %s -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s
// RUN: not %clang -fplugin=%plugin -fplugin-arg-greenc-bogus=1 -c %s -o %t.bad.o 2>&1 | FileCheck %s --check-prefix=BAD

#pragma greenc param(N = 128, K = 16)

void fill(int N, float *x) {
  for (int i = 0; i < N; i++)
    x[i] = 0.0f;
}

// CHECK: module source={{.*}}params.c opt=O3
// CHECK-NEXT: params K=16 M=64 N=128
// BAD: error: greenc: unknown argument 'bogus=1'
