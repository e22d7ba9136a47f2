/* rows.c: calls saxpy, defined in another translation unit, once per row. */
void saxpy(int n, float a, const float *restrict x, float *restrict y);

void rows(int m, int n, float a, const float *x, float *y) {
  for (int r = 0; r < m; r++)
    saxpy(n, a, x + r * n, y + r * n);
}
