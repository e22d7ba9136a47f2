/* timekern.c: times one kernel of the suite (test/kernels/) at given sizes,
 * for bench/time-prediction.sh.
 *
 *   timekern KERNEL REPS SIZE...
 *
 * Linked with the kernels' objects as greencc built them (the same objects
 * greenc report predicts from). Allocates and fills the inputs, calls the
 * kernel once to warm up, then REPS times, and prints "MEDIAN_S MIN_S" (one
 * call each, CLOCK_MONOTONIC), then the number of calls timed again. A call
 * during which the thread was preempted (its involuntary context switches,
 * getrusage, read outside the timed interval, went up) is timed again, up to
 * 20 times: on a machine shared with other work a call longer than a
 * scheduler time slice is often descheduled, and the wall time would then
 * count the other processes' turns, which no per-core model predicts
 * (TIMEKERN_RETIME=0 keeps every call). With TIMEKERN_FLUSH_KIB=N in the
 * environment, every timed call starts with cold caches: a buffer of N KiB
 * (several times the last-level cache) is read, untimed, before it, which is
 * what greenc's traffic model assumes (a call starts cold). Kernels and their
 * sizes: gemm M N K | saxpy n | dot_i8 n | causal T D | layer_scale n d |
 *   matvec rows cols | softmax n | scale_shift (none) */
#define _GNU_SOURCE /* RUSAGE_THREAD */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

struct layer {
  int n;
  int d;
  float eps;
};

void gemm(int M, int N, int K, const float *restrict A, const float *restrict B,
          float *restrict C);
void saxpy(int n, float a, const float *restrict x, float *restrict y);
int32_t dot_i8(int n, const int8_t *restrict a, const int8_t *restrict b);
void causal_scores(int T, int D, const float *restrict q,
                   const float *restrict k, float *restrict s);
void layer_scale(const struct layer *p, const float *restrict x,
                 float *restrict y);
void matvec(int rows, int cols, const float *W, const float *x, float *y);
void softmax(int n, const float *restrict x, float *restrict y);
void scale_shift(const float *restrict x, float *restrict y);

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Involuntary context switches of this thread so far. */
static long preemptions(void) {
  struct rusage ru;
  return getrusage(RUSAGE_THREAD, &ru) == 0 ? ru.ru_nivcsw : 0;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static float *floats(size_t n) {
  float *p = aligned_alloc(64, ((n * sizeof(float) + 63) / 64) * 64);
  if (!p) {
    fprintf(stderr, "timekern: out of memory\n");
    exit(1);
  }
  for (size_t i = 0; i < n; i++)
    p[i] = 0.5f + (float)(i % 13) * 0.01f;
  return p;
}

static volatile int32_t sink;
static volatile float fsink;

/* Evict the kernel's data by reading (not writing: no dirty lines to write
 * back during the timed call) a buffer larger than the caches. */
static void flush(const float *buf, size_t n) {
  float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (size_t i = 0; i + 64 <= n; i += 64) { /* one float per 64-byte line x4 */
    s0 += buf[i];
    s1 += buf[i + 16];
    s2 += buf[i + 32];
    s3 += buf[i + 48];
  }
  fsink = s0 + s1 + s2 + s3;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: timekern KERNEL REPS SIZE...\n");
    return 2;
  }
  const char *k = argv[1];
  int reps = atoi(argv[2]);
  long s[3] = {0, 0, 0};
  for (int i = 3; i < argc && i < 6; i++)
    s[i - 3] = atol(argv[i]);
  if (reps < 1 || reps > 1001)
    return 2;
  float *a = NULL, *b = NULL, *c = NULL;
  int8_t *ia = NULL, *ib = NULL;
  struct layer L = {(int)s[0], (int)s[1], 1.5f};
  if (strcmp(k, "gemm") == 0) {
    a = floats((size_t)(s[0] * s[2]));
    b = floats((size_t)(s[2] * s[1]));
    c = floats((size_t)(s[0] * s[1]));
  } else if (strcmp(k, "saxpy") == 0 || strcmp(k, "softmax") == 0) {
    a = floats((size_t)s[0]);
    b = floats((size_t)s[0]);
  } else if (strcmp(k, "dot_i8") == 0) {
    ia = malloc((size_t)s[0]);
    ib = malloc((size_t)s[0]);
    if (!ia || !ib)
      return 1;
    for (long i = 0; i < s[0]; i++) {
      ia[i] = (int8_t)(i % 7 - 3);
      ib[i] = (int8_t)(i % 5 - 2);
    }
  } else if (strcmp(k, "causal") == 0) {
    a = floats((size_t)(s[0] * s[1]));
    b = floats((size_t)(s[0] * s[1]));
    c = floats((size_t)(s[0] * s[0]));
  } else if (strcmp(k, "layer_scale") == 0) {
    a = floats((size_t)(s[0] * s[1]));
    b = floats((size_t)(s[0] * s[1]));
  } else if (strcmp(k, "matvec") == 0) {
    a = floats((size_t)(s[0] * s[1]));
    b = floats((size_t)s[1]);
    c = floats((size_t)s[0]);
  } else if (strcmp(k, "scale_shift") == 0) {
    a = floats(100);
    b = floats(100);
  } else {
    fprintf(stderr, "timekern: unknown kernel '%s'\n", k);
    return 2;
  }
  double *t = malloc((size_t)(reps + 1) * sizeof *t);
  if (!t)
    return 1;
  const char *fe = getenv("TIMEKERN_FLUSH_KIB");
  size_t nflush = fe ? (size_t)atol(fe) * 256 : 0;
  float *fbuf = nflush ? floats(nflush) : NULL;
  const char *rt = getenv("TIMEKERN_RETIME");
  int retime = !(rt && strcmp(rt, "0") == 0), tries = 0;
  long retimed = 0;
  for (int r = -1; r < reps; r++) { /* r = -1: warm-up */
    if (fbuf)
      flush(fbuf, nflush);
    long pre = preemptions();
    double t0 = now();
    if (strcmp(k, "gemm") == 0)
      gemm((int)s[0], (int)s[1], (int)s[2], a, b, c);
    else if (strcmp(k, "saxpy") == 0)
      saxpy((int)s[0], 1.0001f, a, b);
    else if (strcmp(k, "softmax") == 0)
      softmax((int)s[0], a, b);
    else if (strcmp(k, "dot_i8") == 0)
      sink = dot_i8((int)s[0], ia, ib);
    else if (strcmp(k, "causal") == 0)
      causal_scores((int)s[0], (int)s[1], a, b, c);
    else if (strcmp(k, "layer_scale") == 0)
      layer_scale(&L, a, b);
    else if (strcmp(k, "matvec") == 0)
      matvec((int)s[0], (int)s[1], a, b, c);
    else
      scale_shift(a, b);
    double dt = now() - t0;
    if (retime && r >= 0 && preemptions() != pre && tries < 20) {
      tries++;
      retimed++;
      r--; /* preempted: time this call again */
      continue;
    }
    tries = 0;
    if (r >= 0)
      t[r] = dt;
  }
  qsort(t, (size_t)reps, sizeof *t, cmp);
  double med = reps % 2 ? t[reps / 2] : (t[reps / 2 - 1] + t[reps / 2]) / 2;
  printf("%.9g %.9g %ld\n", med, t[0], retimed);
  free(t);
  free(fbuf);
  free(a);
  free(b);
  free(c);
  free(ia);
  free(ib);
  return 0;
}
