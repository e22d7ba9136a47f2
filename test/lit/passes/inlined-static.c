// A static kernel inlined into its only caller and deleted by the optimiser
// keeps its source view (taken at pipeline start, kept in module metadata),
// with the executed view reported missing and why.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %s -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

static void axpy(int n, float a, const float *x, float *y) {
  for (int i = 0; i < n; i++)
    y[i] += a * x[i];
}

void step(int n, float *x, float *y) { axpy(n, 0.5f, x, y); }

// CHECK-LABEL: function step
// CHECK: view source
// CHECK-NEXT: block 0 loop=0 cond=always skip_last=0: call*1(axpy:n,?,x,y)
// CHECK: view executed
// CHECK-LABEL: function axpy
// CHECK-NEXT: params n:i32 a:f32 x:ptr y:ptr
// CHECK: missing executed: the optimiser inlined or removed the function
// CHECK-NEXT: view source
// CHECK-NEXT: loop 1 parent=0 trip=n status=exact
// CHECK-NOT: view executed
