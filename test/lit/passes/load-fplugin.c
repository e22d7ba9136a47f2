// -fplugin= alone registers the passes (clang plugin -> PassBuilderCallbacks) and
// names parameters from the clang AST although clang discards IR value names.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %s -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

void scale(int n, float a, float *x) {
  for (int i = 0; i < n; i++)
    x[i] *= a;
}

// CHECK: record version=1 greenc_profile=1
// CHECK: module source={{.*}}load-fplugin.c opt=O2 target=x86_64-unknown-linux-gnu
// CHECK-LABEL: function scale
// CHECK-NEXT: params n:i32 a:f32 x:ptr
// CHECK: view source
// CHECK-NEXT: loop 1 parent=0 trip=n status=exact
