/* A main for linking examples/gemm.c into an executable. */
void gemm(int M, int N, int K, const float *A, const float *B, float *C);
int main(void) {
  static float a[4], b[4], c[4];
  gemm(2, 2, 1, a, b, c);
  return (int)c[0];
}
