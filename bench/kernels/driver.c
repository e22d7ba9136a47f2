/* driver.c: runs one kernel of test/kernels/ once on line-aligned arrays, after
 * evicting them from the caches, for bench/traffic-vs-cachegrind.sh.
 *
 *   driver KERNEL SIZE...   e.g. driver gemm 64 600 600   (M N K)
 *
 * Kernels and their sizes: gemm M N K, saxpy n, dot_i8 n, softmax n,
 * matvec rows cols, causal T D, scale_shift (100 floats). The program is
 * linked with one kernel object: the others are weak and absent. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WEAK __attribute__((weak))
WEAK void gemm(int M, int N, int K, const float *restrict A,
               const float *restrict B, float *restrict C);
WEAK void saxpy(int n, float a, const float *restrict x, float *restrict y);
WEAK int32_t dot_i8(int n, const int8_t *restrict a, const int8_t *restrict b);
WEAK void softmax(int n, const float *restrict x, float *restrict y);
WEAK void matvec(int rows, int cols, const float *W, const float *x, float *y);
WEAK void causal_scores(int T, int D, const float *restrict q,
                        const float *restrict k, float *restrict s);
WEAK void scale_shift(const float *restrict x, float *restrict y);

static void *buf(size_t bytes) {
  size_t n = (bytes + 63) / 64 * 64;
  void *p = aligned_alloc(64, n ? n : 64);
  if (!p) {
    perror("aligned_alloc");
    exit(1);
  }
  float *f = p;
  for (size_t i = 0; i < n / sizeof *f; i++)
    f[i] = (float)(i % 7) * 0.25f + 0.5f;
  return p;
}

/* Write a buffer twice the largest cache simulated, so the kernel starts cold.
 */
static volatile float sink;
static void evict(void) {
  size_t n = (size_t)8 << 20;
  float *s = malloc(n);
  if (!s)
    exit(1);
  for (size_t i = 0; i < n / sizeof *s; i += 16)
    s[i] = (float)i;
  sink = s[n / sizeof *s - 16];
  free(s);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: driver KERNEL SIZE...\n");
    return 2;
  }
  const char *k = argv[1];
  long a[3] = {0, 0, 0};
  for (int i = 2; i < argc && i < 5; i++)
    a[i - 2] = strtol(argv[i], NULL, 10);
  if (strcmp(k, "gemm") == 0) {
    float *A = buf(4 * a[0] * a[2]), *B = buf(4 * a[2] * a[1]),
          *C = buf(4 * a[0] * a[1]);
    evict();
    gemm((int)a[0], (int)a[1], (int)a[2], A, B, C);
    sink = C[0];
  } else if (strcmp(k, "saxpy") == 0) {
    float *x = buf(4 * a[0]), *y = buf(4 * a[0]);
    evict();
    saxpy((int)a[0], 2.0f, x, y);
    sink = y[0];
  } else if (strcmp(k, "dot_i8") == 0) {
    int8_t *x = buf(a[0]), *y = buf(a[0]);
    evict();
    sink = (float)dot_i8((int)a[0], x, y);
  } else if (strcmp(k, "softmax") == 0) {
    float *x = buf(4 * a[0]), *y = buf(4 * a[0]);
    evict();
    softmax((int)a[0], x, y);
    sink = y[0];
  } else if (strcmp(k, "matvec") == 0) {
    float *W = buf(4 * a[0] * a[1]), *x = buf(4 * a[1]), *y = buf(4 * a[0]);
    evict();
    matvec((int)a[0], (int)a[1], W, x, y);
    sink = y[0];
  } else if (strcmp(k, "causal") == 0) {
    float *q = buf(4 * a[0] * a[1]), *kk = buf(4 * a[0] * a[1]),
          *s = buf(4 * a[0] * a[0]);
    evict();
    causal_scores((int)a[0], (int)a[1], q, kk, s);
    sink = s[0];
  } else if (strcmp(k, "scale_shift") == 0) {
    float *x = buf(400), *y = buf(400);
    evict();
    scale_shift(x, y);
    sink = y[0];
  } else {
    fprintf(stderr, "driver: unknown kernel %s\n", k);
    return 2;
  }
  return 0;
}
