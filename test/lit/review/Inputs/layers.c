/* layers.c: a multi-function kernel for the review tests: a dense layer (one big nest), bias + ReLU (one small
 * nest) and a layer norm (three small nests). The lit tests name these loops by line: keep the lines. */
#include <math.h>

void dense(int B, int I, int O, const float *restrict x, const float *restrict w, float *restrict y) {
  for (int b = 0; b < B; b++)
    for (int o = 0; o < O; o++) {
      float acc = 0.0f;
      for (int i = 0; i < I; i++)
        acc += x[b * I + i] * w[o * I + i];
      y[b * O + o] = acc;
    }
}

void bias_relu(int B, int O, const float *restrict bias, float *restrict y) {
  for (int b = 0; b < B; b++)
    for (int o = 0; o < O; o++) {
      float v = y[b * O + o] + bias[o];
      y[b * O + o] = v > 0.0f ? v : 0.0f;
    }
}

void layernorm(int O, const float *restrict x, float *restrict y) {
  float mean = 0.0f;
  for (int i = 0; i < O; i++)
    mean += x[i];
  mean /= (float)O;
  float var = 0.0f;
  for (int i = 0; i < O; i++) {
    float d = x[i] - mean;
    var += d * d;
  }
  float inv = 1.0f / sqrtf(var / (float)O + 1e-5f);
  for (int i = 0; i < O; i++)
    y[i] = (x[i] - mean) * inv;
}
