/* gemm.c: the bundled example kernel. C[M][N] += A[M][K] * B[K][N], row-major, single precision.
 *
 *   greencc -O2 --energy --param M=512 --param N=512 --param K=512 -c examples/gemm.c
 *
 * greenc reports its FLOPs as 2*M*N*K (one fused multiply-add per inner iteration, FMA = 2 FLOPs). */
#include <stddef.h>

void gemm(int M, int N, int K, const float *restrict A, const float *restrict B, float *restrict C) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) {
      float acc = C[i * N + j];
      for (int k = 0; k < K; k++)
        acc += A[i * K + k] * B[k * N + j];
      C[i * N + j] = acc;
    }
}
