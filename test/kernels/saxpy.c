/* saxpy.c: y = a*x + y over n floats; the loop the vectoriser widens at -O2. */
void saxpy(int n, float a, const float *restrict x, float *restrict y) {
  for (int i = 0; i < n; i++)
    y[i] = a * x[i] + y[i];
}
