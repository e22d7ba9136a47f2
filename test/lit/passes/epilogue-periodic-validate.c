// Static == dynamic for the remainder loop behind an AVX-512 epilogue vector
// loop (epilogue-periodic.c): every n from 0 to 240, each path into the
// remainder taken many times. Runs code built with -mavx512f.
// REQUIRES: plugin, avx512f
// RUN: rm -rf %t && mkdir -p %t
// RUN: %greencc -O3 -mavx512f -g --energy=instrument %s -o %t/prog > %t/build.txt 2>&1
// RUN: %greenc validate -- %t/prog > %t/out.txt 2> %t/err.txt; echo "exit $?" >> %t/out.txt
// RUN: FileCheck %s < %t/out.txt

// CHECK: greenc validate: executed view
// CHECK-DAG: {{^}}saxpy  ({{.*}})  equal{{$}}
// CHECK-DAG: calls 241, distinct symbol tuples 241
// CHECK: summary: {{[0-9]+}} equal, 0 within, 0 mismatch, 0 unchecked
// CHECK: exit 0

__attribute__((noinline)) void saxpy(int n, float a, const float *restrict x,
                                     float *restrict y) {
  for (int i = 0; i < n; i++)
    y[i] = a * x[i] + y[i];
}

int main(void) {
  static float x[256], y[256];
  for (int n = 0; n <= 240; n++)
    saxpy(n, 0.5f, x, y);
  return y[0] > 1e30f;
}
