// axpy.cpp: a C++ translation unit (a template instantiated for float).
template <typename T> void axpy(int len, T a, const T *x, T *y) {
  for (int i = 0; i < len; i++)
    y[i] += a * x[i];
}
template void axpy<float>(int, float, const float *, float *);
