/* config.c: sizes read through a struct parameter (p->n, p->d): `field` symbols, named from debug info. */
struct layer {
  int n;
  int d;
  float eps;
};

void layer_scale(const struct layer *p, const float *restrict x, float *restrict y) {
  for (int i = 0; i < p->n; i++)
    for (int j = 0; j < p->d; j++)
      y[i * p->d + j] = x[i * p->d + j] * p->eps;
}
