/* dot_i8.c: int8 dot product with a 32-bit accumulator (the integer MAC of quantised kernels). */
#include <stdint.h>

int32_t dot_i8(int n, const int8_t *restrict a, const int8_t *restrict b) {
  int32_t acc = 0;
  for (int i = 0; i < n; i++)
    acc += (int32_t)a[i] * (int32_t)b[i];
  return acc;
}
