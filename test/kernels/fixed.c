/* fixed.c: a loop with a constant trip count (100): one fmul and one fadd per iteration. */
void scale_shift(const float *restrict x, float *restrict y) {
  for (int i = 0; i < 100; i++)
    y[i] = x[i] * 3.0f + 1.0f;
}
