/* clean_main.c: gemm and dot at a few sizes (0, odd, vector multiples). */
void gemm(int M, int N, int K, const float *restrict A,
          const float *restrict B, float *restrict C);
float dot(int n, const float *a, const float *b);
static float A[40 * 40], B[40 * 40], C[40 * 40];
int main(int argc, char **argv) {
  (void)argv;
  float s = 0;
  for (int n = 0; n < 40; n += 13)
    gemm(n, n + 1, n + argc, A, B, C);
  for (int n = 0; n < 1600; n += 333)
    s += dot(n, A, B);
  return s != 0;
}
