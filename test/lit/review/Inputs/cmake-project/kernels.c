/* kernels.c: two kernels for the CMake recipe test. */
void axpy(int n, float a, const float *restrict x, float *restrict y) {
  for (int i = 0; i < n; i++)
    y[i] += a * x[i];
}

float sumsq(int n, const float *x) {
  float s = 0.0f;
  for (int i = 0; i < n; i++)
    s += x[i] * x[i];
  return s;
}
