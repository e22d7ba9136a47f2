#include <stdlib.h>
#include <string.h>

/* Rows of src (stride 2*m) packed into dst, then one row of zeros. */
__attribute__((noinline)) void pack(float *restrict dst, const float *restrict src, int n, int m) {
  for (int i = 0; i < n; i++)
    memcpy(dst + i * m, src + i * 2 * m, (size_t)m * sizeof(float));
  memset(dst + n * m, 0, (size_t)m * sizeof(float));
}

int main(int argc, char **argv) {
  (void)argv;
  float *src = calloc(2 * 64 * 64, sizeof(float));
  float *dst = calloc(65 * 64, sizeof(float));
  if (!src || !dst)
    return 1;
  for (int i = 0; i < 2 * 64 * 64; i++)
    src[i] = (float)(i % 7);
  float sum = 0;
  for (int k = 1; k <= 3; k++) {
    pack(dst, src, 7 * k + argc - 1, 5 * k);
    sum += dst[5 * k + 1];
  }
  free(src);
  free(dst);
  return sum > 1e9f;
}
