// A loop's critical loop-carried recurrence (docs/profile.md, LOOP "recurrence"): the ops on the cycle from a header
// phi back to the value the latch feeds it, per iteration. The source view is the code as written; in the executed
// view an in-order unrolled reduction keeps one cycle with every op, a vectorised one has one cycle per accumulator.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -fplugin-arg-greenc-print -O2 -target x86_64-linux-gnu -c %s -o %t.o 2> %t.json
// RUN: %python %S/Inputs/show-recurrence.py %t.json | FileCheck %s
// RUN: %clang -fplugin=%plugin -fplugin-arg-greenc-print -O2 -ffast-math -target x86_64-linux-gnu -c %s -o %t2.o 2> %t2.json
// RUN: %python %S/Inputs/show-recurrence.py %t2.json | FileCheck %s --check-prefix=FAST

// A serial FP reduction: one fma per iteration as written, four per iteration after an in-order unroll by 4.
// CHECK-DAG: dotf source loop 1: fma.f32.x1*1{{$}}
// CHECK-DAG: dotf executed loop 1: fma.f32.x1*4{{$}}
// With reassociation allowed the vectoriser splits it into independent vector accumulators: one fadd per cycle.
// FAST-DAG: dotf source loop 1: fadd.f32.x1*1 reassoc
// FAST-DAG: dotf executed loop 1: fadd.f32.x4*1 reassoc
float dotf(int n, const float *a, const float *b) {
  float s = 0.0f;
  for (int i = 0; i < n; i++)
    s += a[i] * b[i];
  return s;
}

// An integer reduction may always be reassociated (marked); its induction variable is no recurrence.
// CHECK-DAG: dots source loop 1: iadd.i32.x1*1 reassoc
int dots(int n, const int *a, const int *b) {
  int s = 0;
  for (int i = 0; i < n; i++)
    s += a[i] * b[i];
  return s;
}

// Two ops on the cycle (fadd then fmul): the longest path is recorded.
// CHECK-DAG: chain2 source loop 1: fadd.f32.x1*1 fmul.f32.x1*1{{$}}
float chain2(int n, const float *a) {
  float s = 1.0f;
  for (int i = 0; i < n; i++)
    s = (s + a[i]) * a[i];
  return s;
}

// No loop-carried data: a map has no recurrence; in a nest the inner loop carries the chain, not the outer one.
// CHECK-DAG: scale source loop 1: none
// CHECK-DAG: rowsum source loop 1: none
// CHECK-DAG: rowsum source loop 2: fadd.f32.x1*1{{$}}
void scale(int n, float *y) {
  for (int i = 0; i < n; i++)
    y[i] *= 2.0f;
}
void rowsum(int r, int c, const float *a, float *out) {
  for (int i = 0; i < r; i++) {
    float s = 0.0f;
    for (int j = 0; j < c; j++)
      s += a[i * c + j];
    out[i] = s;
  }
}
