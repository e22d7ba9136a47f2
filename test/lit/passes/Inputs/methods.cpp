// methods.cpp: C++ input for cxx.c: a template, an instance method reading a field through `this`.
template <typename T> void axpy(int n, T a, const T *x, T *y) { for (int i = 0; i < n; i++) y[i] += a * x[i]; }
struct S { int n; void run(float *x) { for (int i = 0; i < n; i++) x[i] *= 2; } };
void use(int n, float *x, float *y, S *s) { axpy(n, 2.0f, x, y); s->run(x); }
