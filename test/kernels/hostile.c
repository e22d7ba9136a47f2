/* hostile.c: code the counter cannot model (inline asm, indirect call, setjmp, irreducible control flow, goto);
 * compiling it with the plugin must succeed and report what it could not count. */
#include <setjmp.h>

static jmp_buf env;

float apply(float (*f)(float), int n, float *x) {
  float s = 0.0f;
  for (int i = 0; i < n; i++) {
    x[i] = f(x[i]);
    s += x[i];
  }
  return s;
}

int with_asm(int v) {
  int r;
  __asm__("mov %1, %0" : "=r"(r) : "r"(v));
  return r;
}

int with_setjmp(int n, float *x) {
  if (setjmp(env))
    return -1;
  for (int i = 0; i < n; i++)
    x[i] += 1.0f;
  return 0;
}

int irreducible(int n, int k) {
  int s = 0;
  if (k > 0)
    goto inside;
top:
  s += 2;
inside:
  s += 1;
  if (s < n)
    goto top;
  return s;
}
