// -fpass-plugin= alone registers the passes too; without the clang plugin,
// parameter names come from debug info (-g), else they are arg<N>.
// REQUIRES: plugin
// RUN: %clang -fpass-plugin=%plugin -O2 -target x86_64-linux-gnu -c %s -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s --check-prefix=NODBG
// RUN: %clang -fpass-plugin=%plugin -O2 -g -target x86_64-linux-gnu -c %s -o %t.g.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.g.bin %t.g.o
// RUN: %python %S/Inputs/show-profile.py %t.g.bin | FileCheck %s --check-prefix=DBG

void scale(int n, float a, float *x) {
  for (int i = 0; i < n; i++)
    x[i] *= a;
}

// NODBG-LABEL: function scale
// NODBG-NEXT: params arg0:i32 arg1:f32 arg2:ptr
// NODBG: loop 1 parent=0 trip=arg0 status=exact

// DBG-LABEL: function scale
// DBG-NEXT: params n:i32 a:f32 x:ptr
// DBG: loop 1 parent=0 trip=n status=exact {{.*}} line=12 iv=i
