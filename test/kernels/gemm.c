/* gemm.c: C[M][N] += A[M][K] * B[K][N], row-major, single precision; one fma per inner iteration. */
void gemm(int M, int N, int K, const float *restrict A, const float *restrict B, float *restrict C) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) {
      float acc = C[i * N + j];
      for (int k = 0; k < K; k++)
        acc += A[i * K + k] * B[k * N + j];
      C[i * N + j] = acc;
    }
}
