/* main.c: calls the kernels so that the program links them. */
#include <stdio.h>

void axpy(int n, float a, const float *restrict x, float *restrict y);
float sumsq(int n, const float *x);

int main(void) {
  static float x[256], y[256];
  for (int i = 0; i < 256; i++)
    x[i] = (float)i;
  axpy(256, 2.0f, x, y);
  printf("%g\n", (double)sumsq(256, y));
  return 0;
}
