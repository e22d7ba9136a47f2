/* bad.c: a translation unit with a syntax error. */
void broken(int n, float *x) {
  for (int i = 0; i < n; i++)
    x[i] = 2.0f * x[i]
}
