/* matvec.c: y = W x, one call to dot() per row: a kernel calling another in a loop. */
float dot(int n, const float *a, const float *b) {
  float s = 0.0f;
  for (int i = 0; i < n; i++)
    s += a[i] * b[i];
  return s;
}

void matvec(int rows, int cols, const float *W, const float *x, float *y) {
  for (int r = 0; r < rows; r++)
    y[r] = dot(cols, W + r * cols, x);
}
