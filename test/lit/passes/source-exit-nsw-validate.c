// Static == dynamic for the source view's trips of `i + 4 <= n`, `i + 3 < n`
// and `i <= n - 4` in loops that call an always_inline function that stores
// (as the intrinsics' wrappers do): the trips were unknown before the exit
// tests' nsw chains were used (source-exit-nsw.c); the instrumented build's
// block counters must equal them at -O0 and -O2, and the stores composed
// into store4 (9 + 7 + 5 calls of 4 stores) must equal the counted ones.
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir -p %t
// RUN: %greencc -O0 -g --energy=instrument -fplugin-arg-greenc-instrument=source %s -o %t/prog0 > %t/build0.txt 2>&1
// RUN: %greenc validate -- %t/prog0 > %t/out0.txt 2> %t/err0.txt; echo "exit $?" >> %t/out0.txt
// RUN: FileCheck %s < %t/out0.txt
// RUN: %greencc -O2 -g --energy=instrument -fplugin-arg-greenc-instrument=source %s -o %t/prog2 > %t/build2.txt 2>&1
// RUN: %greenc validate -- %t/prog2 > %t/out2.txt 2> %t/err2.txt; echo "exit $?" >> %t/out2.txt
// RUN: FileCheck %s < %t/out2.txt

// CHECK: greenc validate: source view
// CHECK-DAG: {{^}}fill4  ({{.*}})  equal{{$}}
// CHECK-DAG: {{^}}fill4_lt  ({{.*}})  equal{{$}}
// CHECK-DAG: {{^}}fill4_le  ({{.*}})  equal{{$}}
// CHECK-DAG: {{^}}store4  ({{.*}})  equal{{$}}
// CHECK-DAG: calls 21, distinct symbol tuples 1
// CHECK-DAG: store f32 {{ *}}static 84  dynamic 84  equal
// CHECK: summary: 5 equal, 0 within, 0 mismatch, 0 unchecked
// CHECK: exit 0

static inline __attribute__((always_inline)) void store4(float *p, float v) {
  p[0] = v;
  p[1] = v;
  p[2] = v;
  p[3] = v;
}

__attribute__((noinline)) void fill4(int n, float *restrict c, float v) {
  for (int i = 0; i + 4 <= n; i += 4)
    store4(c + i, v);
}

__attribute__((noinline)) void fill4_lt(int n, float *restrict c, float v) {
  for (int i = 0; i + 3 < n; i += 4)
    store4(c + i, v);
}

__attribute__((noinline)) void fill4_le(int n, float *restrict c, float v) {
  for (int i = 0; i <= n - 4; i += 4)
    store4(c + i, v);
}

static float C[64];

// n from argc so that nothing folds to a constant: 38, 31, 21.
int main(int argc, char **argv) {
  (void)argv;
  fill4(37 + argc, C, 1.0f);
  fill4_lt(30 + argc, C, 2.0f);
  fill4_le(20 + argc, C, 3.0f);
  return 0;
}
