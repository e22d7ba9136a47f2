/* causal.c: causal (lower-triangular) attention scores: row i sees keys 0..i, so the inner trip is @1 + 1. */
void causal_scores(int T, int D, const float *restrict q, const float *restrict k, float *restrict s) {
  for (int i = 0; i < T; i++)
    for (int j = 0; j <= i; j++) {
      float acc = 0.0f;
      for (int d = 0; d < D; d++)
        acc += q[i * D + d] * k[j * D + d];
      s[i * T + j] = acc;
    }
}
