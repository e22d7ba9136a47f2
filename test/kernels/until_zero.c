/* until_zero.c: data-dependent loops: a sentinel scan (no bound) and a scan capped at n (bounded by n). */
int until_zero(const float *x) {
  int i = 0;
  while (x[i] != 0.0f)
    i++;
  return i;
}

float sum_positive_prefix(int n, const float *x) {
  float s = 0.0f;
  for (int i = 0; i < n && x[i] > 0.0f; i++)
    s += x[i];
  return s;
}
