/* kernels_main.c: calls every kernel of test/kernels/ with a few sizes (0, 1,
 * sizes that are not multiples of any vector width, and some that are), so
 * that `greenc validate` compares static and dynamic counts on each. */
#include <stdint.h>
#include <stdio.h>

struct layer {
  int n;
  int d;
  float eps;
};

void causal_scores(int T, int D, const float *restrict q,
                   const float *restrict k, float *restrict s);
void layer_scale(const struct layer *p, const float *restrict x,
                 float *restrict y);
int32_t dot_i8(int n, const int8_t *restrict a, const int8_t *restrict b);
void scale_shift(const float *restrict x, float *restrict y);
void gemm(int M, int N, int K, const float *restrict A,
          const float *restrict B, float *restrict C);
float apply(float (*f)(float), int n, float *x);
int with_asm(int v);
int with_setjmp(int n, float *x);
int irreducible(int n, int k);
void matvec(int rows, int cols, const float *W, const float *x, float *y);
void saxpy(int n, float a, const float *restrict x, float *restrict y);
void softmax(int n, const float *restrict x, float *restrict y);
int until_zero(const float *x);
float sum_positive_prefix(int n, const float *x);

static float A[64 * 64], B[64 * 64], C[64 * 64];
static int8_t I8a[1024], I8b[1024];

static float halve(float v) { return v * 0.5f; }

int main(void) {
  static const int sizes[] = {0, 1, 3, 7, 8, 17, 33, 64};
  const int ns = sizeof sizes / sizeof *sizes;
  double sink = 0;
  for (int i = 0; i < 64 * 64; i++) {
    A[i] = (float)(i % 13) - 6.0f;
    B[i] = (float)(i % 7) * 0.25f;
  }
  for (int i = 0; i < 1024; i++) {
    I8a[i] = (int8_t)(i % 11);
    I8b[i] = (int8_t)(3 - i % 5);
  }
  for (int s = 0; s < ns; s++) {
    int n = sizes[s];
    saxpy(n, 0.5f, A, C);
    sink += dot_i8(n * 9, I8a, I8b);
    softmax(n, A, C);
    matvec(n, n + 1, A, B, C);
    causal_scores(n, (n % 5) + 1, A, B, C);
    struct layer l = {n, 17 - n % 17, 1.5f};
    layer_scale(&l, A, C);
    sink += apply(halve, n, C);
    sink += with_setjmp(n, C);
    sink += irreducible(n * 3, n % 2);
    sink += with_asm(n);
    /* until_zero: A[i] is 0 first at i = 6 (i % 13 == 6). */
    sink += until_zero(A + s);
    sink += sum_positive_prefix(n, B + 1);
    for (int t = 0; t < ns; t += 3)
      gemm(n % 17, sizes[t] % 33, (n + t) % 9, A, B, C);
  }
  scale_shift(A, C);
  scale_shift(B, C);
  printf("sink %g\n", sink);
  return 0;
}
