/* saxpy_main.c: one call of saxpy. */
void saxpy(int n, float a, const float *restrict x, float *restrict y);
static float X[64], Y[64];
int main(void) {
  saxpy(37, 2.0f, X, Y);
  return 0;
}
