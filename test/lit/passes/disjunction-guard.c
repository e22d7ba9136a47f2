// A branch on a disjunction of conditions on parameters is a guard with `||`
// (docs/profile.md, `bool`), not data: `a > 0 || b > 3` taken, its negation
// `!(a > 0 && b > 3)` as `a <= 0 || b <= 3`. In the source view the
// short-circuit CFG joins two paths into the call's block: the disjunction
// over its incoming edges, each with the conditions of its own path.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -c %s -o %t.o
// RUN: llvm-objcopy --dump-section .greenc.profile=%t.bin %t.o
// RUN: %python %S/Inputs/show-profile.py %t.bin | FileCheck %s

void sink(float);

void either(int a, int b, float *x) {
  if (a > 0 || b > 3)
    sink(x[0] * 2.0f);
}

void both_not(int a, int b, float *x) {
  if (!(a > 0 && b > 3))
    sink(x[0] * 3.0f);
}

// CHECK-LABEL: function either
// CHECK: view source
// CHECK: block 2 loop=0 cond=guard[a <= 0 && b > 3 || a > 0] skip_last=0: {{.*}}fmul:f32x1*1
// CHECK: view executed
// CHECK-NOT: cond=data
// CHECK: block 1 loop=0 cond=guard[a > 0 || b > 3] skip_last=0: {{.*}}fmul:f32x1*1
// CHECK-LABEL: function both_not
// CHECK: view source
// CHECK: block 2 loop=0 cond=guard[a > 0 && b <= 3 || a <= 0] skip_last=0: {{.*}}fmul:f32x1*1
// CHECK: view executed
// CHECK-NOT: cond=data
// CHECK: block 1 loop=0 cond=guard[a <= 0 || b <= 3] skip_last=0: {{.*}}fmul:f32x1*1
