/* softmax.c: numerically stable softmax over n floats: max, expf and sum, then scale. */
#include <math.h>

void softmax(int n, const float *restrict x, float *restrict y) {
  float m = x[0];
  for (int i = 1; i < n; i++)
    if (x[i] > m)
      m = x[i];
  float sum = 0.0f;
  for (int i = 0; i < n; i++) {
    y[i] = expf(x[i] - m);
    sum += y[i];
  }
  for (int i = 0; i < n; i++)
    y[i] /= sum;
}
