/* Two kernels and a main that calls them with constant sizes. */
void saxpy(int n, float a, const float *x, float *y) {
  for (int i = 0; i < n; i++)
    y[i] = a * x[i] + y[i];
}
void gemm(int M, int N, int K, const float *A, const float *B, float *C) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) {
      float s = 0;
      for (int k = 0; k < K; k++)
        s += A[i * K + k] * B[k * N + j];
      C[i * N + j] = s;
    }
}
float x[1000], y[1000], A[4], B[2], C[4];
int main(void) {
  saxpy(1000, 2.0f, x, y);
  gemm(2, 2, 1, A, B, C);
  return (int)y[0];
}
