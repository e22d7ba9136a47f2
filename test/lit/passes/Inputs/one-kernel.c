void KERNEL(int n, int m, float *restrict a, const float *restrict b,
            const float *restrict c) {
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      a[i * m + j] += b[i * m + j] * c[j] + 1.0f;
}
