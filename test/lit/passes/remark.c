// -Rpass-analysis=greenc reports each loop's trip count and FLOPs per iteration
// at its source line.
// REQUIRES: plugin
// RUN: %clang -fplugin=%plugin -O2 -target x86_64-linux-gnu -Rpass-analysis=greenc -c %s -o /dev/null 2>&1 | FileCheck %s

void dot3(int n, const float *a, const float *b, float *out) {
  float s = 0.0f;
  for (int i = 0; i < n; i++) // CHECK: remark.c:[[@LINE]]:3: remark: loop 1 over i: trip count n (exact), 2 FLOPs per iteration (1 fma f32)
    s += a[i] * b[i];
  for (int j = 0; j < 16; j++) // CHECK: remark.c:[[@LINE]]:3: remark: loop{{.*}}: trip count 16 (exact), 1 FLOPs per iteration
    out[j] = s / (float)(j + 1);
}
