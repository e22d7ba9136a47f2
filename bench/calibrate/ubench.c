/* ubench.c: the microbenchmarks of `greenc calibrate` (docs/calibration.md).
 *
 *   ubench clock TARGET_S REPS                dependent integer adds (1 cycle
 * each) ubench fma f64|f32 LANES TARGET_S REPS     independent FMA chains at
 * LANES lanes ubench read|write KIB TARGET_S REPS        streaming over a
 * KIB-KiB buffer
 *   ubench cold KIB TARGET_S REPS   a call reading 1..4 lines after the caches
 *                                 were flushed by reading KIB KiB (untimed)
 *   ubench op f32|f64 fdiv|fsqrt|fexp|flog|ftanh TARGET_S REPS
 *                                 16 independent chains of one scalar op or
 *                                 libm call each (cycles per op: throughput)
 *
 * Built by greenc calibrate with greencc -O2 -march=native -fno-vectorize
 * -fno-slp-vectorize (vectors only where written, with vector types). Each run
 * scales its work until one timing takes about TARGET_S seconds, then times
 * 1x, 2x, 3x and 4x that work REPS times each (interleaved) and prints one
 * line per size: "WORK MEDIAN_SECONDS MIN_SECONDS", WORK in adds (clock), FMA
 * instructions (fma) or bytes (read, write). greenc fits a line through them:
 * its slope is the cost of one unit of work, the fixed costs (call, timer) in
 * the intercept. With UBENCH_SECONDS=S it instead works for S seconds after
 * scaling and prints the total work since it started (greenc's energy runs). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef double v2d __attribute__((vector_size(16)));
typedef double v4d __attribute__((vector_size(32)));
typedef double v8d __attribute__((vector_size(64)));
typedef float v4f __attribute__((vector_size(16)));
typedef float v8f __attribute__((vector_size(32)));
typedef float v16f __attribute__((vector_size(64)));

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* ---- clock: 16 dependent adds per iteration, the loop's own instructions
 * run beside them on other ALUs ---- */
static long add_chain(long n) {
  long x = 0;
  for (long i = 0; i < n; i++) {
#if defined(__x86_64__)
    __asm__ volatile("add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
                     "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
                     "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
                     "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0"
                     : "+r"(x));
#elif defined(__aarch64__)
    __asm__ volatile(
        "add %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, "
        "#1\n\t"
        "add %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, "
        "#1\n\t"
        "add %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, "
        "#1\n\t"
        "add %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, #1\n\tadd %0, %0, #1"
        : "+r"(x));
#else
#error "ubench clock: no dependent-add chain for this architecture"
#endif
  }
  return x;
}

/* ---- FMA: 16 independent accumulators (latency x pipes < 16 on current
 * cores), one FMA instruction each per iteration ---- */
#define FMA_KERNEL(NAME, T, S, L)                                              \
  static double NAME(long n, S sa, S sb) {                                     \
    T a = (T){0} + sa, b = (T){0} + sb;                                        \
    T x0 = a, x1 = a + b, x2 = a - b, x3 = b, x4 = a * 2, x5 = b * 2,          \
      x6 = a * 3, x7 = b * 3, x8 = a * 4, x9 = b * 4, x10 = a * 5,             \
      x11 = b * 5, x12 = a * 6, x13 = b * 6, x14 = a * 7, x15 = b * 7;         \
    for (long i = 0; i < n; i++) {                                             \
      x0 = x0 * a + b;                                                         \
      x1 = x1 * a + b;                                                         \
      x2 = x2 * a + b;                                                         \
      x3 = x3 * a + b;                                                         \
      x4 = x4 * a + b;                                                         \
      x5 = x5 * a + b;                                                         \
      x6 = x6 * a + b;                                                         \
      x7 = x7 * a + b;                                                         \
      x8 = x8 * a + b;                                                         \
      x9 = x9 * a + b;                                                         \
      x10 = x10 * a + b;                                                       \
      x11 = x11 * a + b;                                                       \
      x12 = x12 * a + b;                                                       \
      x13 = x13 * a + b;                                                       \
      x14 = x14 * a + b;                                                       \
      x15 = x15 * a + b;                                                       \
    }                                                                          \
    T s = x0 + x1 + x2 + x3 + x4 + x5 + x6 + x7 + x8 + x9 + x10 + x11 + x12 +  \
          x13 + x14 + x15;                                                     \
    double r = 0;                                                              \
    for (int j = 0; j < (L); j++)                                              \
      r += (double)((S *)&s)[j];                                               \
    return r;                                                                  \
  }

typedef double s1d __attribute__((vector_size(8)));
typedef float s1f __attribute__((vector_size(4)));
FMA_KERNEL(fma_f64x1, s1d, double, 1)
FMA_KERNEL(fma_f64x2, v2d, double, 2)
FMA_KERNEL(fma_f64x4, v4d, double, 4)
FMA_KERNEL(fma_f64x8, v8d, double, 8)
FMA_KERNEL(fma_f32x1, s1f, float, 1)
FMA_KERNEL(fma_f32x4, v4f, float, 4)
FMA_KERNEL(fma_f32x8, v8f, float, 8)
FMA_KERNEL(fma_f32x16, v16f, float, 16)

/* ---- op: 16 independent chains, each x = f(x) with a fixed point in the
 * normal range (x = a / x alternates; exp(-x), log(x + 3), tanh(x + a),
 * sqrt(x + a) converge), so the timing is the op's issue rate (reciprocal
 * throughput, a libm call with its call overhead), not its latency ---- */
#define OP_KERNEL(NAME, T, STEP)                                               \
  static double NAME(long n, T a) {                                            \
    T x[16];                                                                   \
    for (int k = 0; k < 16; k++)                                               \
      x[k] = a + (T)k * (T)0.01;                                               \
    for (long i = 0; i < n; i++) {                                             \
      _Pragma("clang loop unroll(full)") for (int k = 0; k < 16; k++) {        \
        T v = x[k];                                                            \
        x[k] = STEP;                                                           \
      }                                                                        \
    }                                                                          \
    double r = 0;                                                              \
    for (int k = 0; k < 16; k++)                                               \
      r += (double)x[k];                                                       \
    return r;                                                                  \
  }
OP_KERNEL(op_f32_fdiv, float, a / v)
OP_KERNEL(op_f64_fdiv, double, a / v)
OP_KERNEL(op_f32_fsqrt, float, sqrtf(v + a))
OP_KERNEL(op_f64_fsqrt, double, sqrt(v + a))
OP_KERNEL(op_f32_fexp, float, expf(-v))
OP_KERNEL(op_f64_fexp, double, exp(-v))
OP_KERNEL(op_f32_flog, float, logf(v + 3.0f))
OP_KERNEL(op_f64_flog, double, log(v + 3.0))
OP_KERNEL(op_f32_ftanh, float, tanhf(v + a))
OP_KERNEL(op_f64_ftanh, double, tanh(v + a))

typedef struct op_kernel {
  const char *ty, *op;
  double (*f32)(long, float);
  double (*f64)(long, double);
} op_kernel;
static const op_kernel op_kernels[] = {
    {"f32", "fdiv", op_f32_fdiv, NULL},   {"f64", "fdiv", NULL, op_f64_fdiv},
    {"f32", "fsqrt", op_f32_fsqrt, NULL}, {"f64", "fsqrt", NULL, op_f64_fsqrt},
    {"f32", "fexp", op_f32_fexp, NULL},   {"f64", "fexp", NULL, op_f64_fexp},
    {"f32", "flog", op_f32_flog, NULL},   {"f64", "flog", NULL, op_f64_flog},
    {"f32", "ftanh", op_f32_ftanh, NULL}, {"f64", "ftanh", NULL, op_f64_ftanh},
};

/* ---- streaming: 64-byte vectors, 8 independent sums (read) or stores of a
 * run-time value (write). The unit of work is a chunk of at most 64 KiB; a
 * cursor walks the buffer chunk after chunk and wraps, so a buffer larger than
 * the caches is always read from memory while each timing stays short (a long
 * timing on a shared machine is rarely free of preemption). ---- */
#define CHUNK_VEC 1024L

static float read_chunks(const v16f *p, long nvec, long chunk, long units,
                         long *cursor) {
  v16f s0 = {0}, s1 = {0}, s2 = {0}, s3 = {0}, s4 = {0}, s5 = {0}, s6 = {0},
       s7 = {0};
  long at = *cursor;
  for (long u = 0; u < units; u++) {
    const v16f *q = p + at;
    for (long i = 0; i < chunk; i += 8) {
      s0 += q[i];
      s1 += q[i + 1];
      s2 += q[i + 2];
      s3 += q[i + 3];
      s4 += q[i + 4];
      s5 += q[i + 5];
      s6 += q[i + 6];
      s7 += q[i + 7];
    }
    at += chunk;
    if (at + chunk > nvec)
      at = 0;
  }
  *cursor = at;
  v16f s = s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
  float t = 0;
  for (int j = 0; j < 16; j++)
    t += s[j];
  return t;
}

static void write_chunks(v16f *p, long nvec, long chunk, long units, float v,
                         long *cursor) {
  v16f x = (v16f){0} + v;
  long at = *cursor;
  for (long u = 0; u < units; u++) {
    v16f *q = p + at;
    for (long i = 0; i < chunk; i++)
      q[i] = x;
    x += 1.0f; /* a new value each chunk: the stores are not redundant */
    at += chunk;
    if (at + chunk > nvec)
      at = 0;
  }
  *cursor = at;
}

/* ---- cold: the cost of a call that starts with cold caches and TLBs (what
 * greenc's traffic model assumes of every call): read a buffer larger than the
 * caches (untimed), then time a call reading `lines` lines of a page it has
 * not touched since. The fit's intercept is the cold call's fixed cost (code
 * fetch, page walk, the first miss); prints "LINES MEDIAN MIN" for 1..4 ---- */
__attribute__((noinline)) static float touch_lines(const float *p, int lines) {
  float s = 0;
  for (int i = 0; i < lines; i++)
    s += p[i * 16];
  return s;
}

static volatile float fsink;

static int cold_run(long kib, int reps) {
  size_t nflush = (size_t)kib * 256, page = 1024; /* floats: 4 KiB pages */
  size_t npages = 64;
  float *fb = aligned_alloc(4096, nflush * sizeof(float));
  float *data = aligned_alloc(4096, npages * page * sizeof(float));
  double *t = malloc((size_t)reps * sizeof *t);
  if (!fb || !data || !t) {
    fprintf(stderr, "ubench: out of memory\n");
    return 1;
  }
  for (size_t i = 0; i < nflush; i++)
    fb[i] = (float)(i % 7);
  for (size_t i = 0; i < npages * page; i++)
    data[i] = (float)(i % 5);
  for (int lines = 1; lines <= 4; lines++) {
    for (int r = 0; r < reps; r++) {
      float s0 = 0, s1 = 0;
      for (size_t i = 0; i + 32 <= nflush; i += 32) { /* every 128 bytes */
        s0 += fb[i];
        s1 += fb[i + 16];
      }
      fsink = s0 + s1;
      const float *p = data + (size_t)(r % (int)npages) * page;
      double t0 = now();
      fsink = touch_lines(p, lines);
      t[r] = now() - t0;
    }
    qsort(t, (size_t)reps, sizeof *t, cmp);
    double med = reps % 2 ? t[reps / 2] : (t[reps / 2 - 1] + t[reps / 2]) / 2;
    printf("%d %.9g %.9g\n", lines, med, t[0]);
  }
  free(fb);
  free(data);
  free(t);
  return 0;
}

typedef struct job {
  const char *kind;
  const op_kernel *opk; /* kind "op" */
  int lanes;
  const char *ty;
  v16f *buf;
  long nvec, chunk;
  double sa, sb;
} job;

static long cursor;

static volatile double sink;

/* Run `units` of work; returns the work done in the printed unit. */
static double run(const job *j, long units) {
  if (strcmp(j->kind, "clock") == 0) {
    sink = (double)add_chain(units);
    return 16.0 * (double)units;
  }
  if (strcmp(j->kind, "read") == 0) {
    sink = read_chunks(j->buf, j->nvec, j->chunk, units, &cursor);
    return 64.0 * (double)j->chunk * (double)units;
  }
  if (strcmp(j->kind, "write") == 0) {
    write_chunks(j->buf, j->nvec, j->chunk, units, (float)j->sa, &cursor);
    sink = ((float *)j->buf)[units % 16];
    return 64.0 * (double)j->chunk * (double)units;
  }
  if (j->opk) {
    sink = j->opk->f32 ? j->opk->f32(units, (float)j->sa)
                       : j->opk->f64(units, j->sa);
    return 16.0 * (double)units;
  }
  int f64 = strcmp(j->ty, "f64") == 0;
  double r = 0;
  switch (f64 ? j->lanes : 100 + j->lanes) {
  case 1:
    r = fma_f64x1(units, j->sa, j->sb);
    break;
  case 2:
    r = fma_f64x2(units, j->sa, j->sb);
    break;
  case 4:
    r = fma_f64x4(units, j->sa, j->sb);
    break;
  case 8:
    r = fma_f64x8(units, j->sa, j->sb);
    break;
  case 101:
    r = fma_f32x1(units, (float)j->sa, (float)j->sb);
    break;
  case 104:
    r = fma_f32x4(units, (float)j->sa, (float)j->sb);
    break;
  case 108:
    r = fma_f32x8(units, (float)j->sa, (float)j->sb);
    break;
  case 116:
    r = fma_f32x16(units, (float)j->sa, (float)j->sb);
    break;
  default:
    fprintf(stderr, "ubench: no %s kernel at %d lanes\n", j->ty, j->lanes);
    exit(2);
  }
  sink = r;
  return 16.0 * (double)units;
}

static double timed(const job *j, long units, double *work) {
  double t0 = now();
  *work = run(j, units);
  return now() - t0;
}

int main(int argc, char **argv) {
  job j = {0};
  int a = 1;
  if (argc < 4) {
    fprintf(stderr, "usage: ubench clock|fma TY LANES|op TY OP|cold KIB|read "
                    "KIB|write KIB TARGET_S REPS\n");
    return 2;
  }
  j.kind = argv[a++];
  j.sa = 0.999999 + (double)argc * 1e-9; /* run-time values */
  j.sb = 1e-7;
  if (strcmp(j.kind, "fma") == 0) {
    if (argc < 6)
      return 2;
    j.ty = argv[a++];
    j.lanes = atoi(argv[a++]);
  } else if (strcmp(j.kind, "cold") == 0) {
    if (argc < 5)
      return 2;
    long kib = atol(argv[a++]);
    a++; /* TARGET_S: each timing is one call */
    int reps = atoi(argv[a++]);
    if (kib < 1024 || reps < 1 || reps > 101)
      return 2;
    return cold_run(kib, reps);
  } else if (strcmp(j.kind, "op") == 0) {
    if (argc < 6)
      return 2;
    j.ty = argv[a++];
    const char *op = argv[a++];
    for (size_t i = 0; i < sizeof op_kernels / sizeof *op_kernels; i++)
      if (strcmp(op_kernels[i].ty, j.ty) == 0 &&
          strcmp(op_kernels[i].op, op) == 0)
        j.opk = &op_kernels[i];
    if (!j.opk) {
      fprintf(stderr, "ubench: no op kernel %s %s\n", j.ty, op);
      return 2;
    }
  } else if (strcmp(j.kind, "read") == 0 || strcmp(j.kind, "write") == 0) {
    if (argc < 5)
      return 2;
    long kib = atol(argv[a++]);
    j.nvec = kib * 1024 / 64 / 8 * 8;
    if (j.nvec < 8)
      j.nvec = 8;
    j.chunk = j.nvec < CHUNK_VEC ? j.nvec : CHUNK_VEC;
    j.nvec = j.nvec / j.chunk * j.chunk;
    j.buf = aligned_alloc(64, (size_t)j.nvec * 64);
    if (!j.buf) {
      fprintf(stderr, "ubench: out of memory\n");
      return 1;
    }
    for (long i = 0; i < j.nvec; i++) /* touch every page */
      j.buf[i] = (v16f){0} + (float)(i % 7) * 0.25f;
  } else if (strcmp(j.kind, "clock") != 0) {
    fprintf(stderr, "ubench: unknown benchmark '%s'\n", j.kind);
    return 2;
  }
  double target = atof(argv[a++]);
  int reps = atoi(argv[a++]);
  if (target <= 0 || reps < 1 || reps > 101)
    return 2;
  /* scale: the smallest power of two of units taking >= target / 2 */
  long units = 1;
  double work = 0, t, total = 0;
  for (;;) {
    t = timed(&j, units, &work);
    total += work;
    if (t >= target / 2 || units > (1L << 40))
      break;
    units *= 2;
  }
  /* energy mode (UBENCH_SECONDS=S): keep working for S seconds and print the
   * total work done since the start; greenc reads the energy counters around
   * the whole process */
  const char *es = getenv("UBENCH_SECONDS");
  if (es && atof(es) > 0) {
    double t0 = now();
    while (now() - t0 < atof(es)) {
      timed(&j, units, &work);
      total += work;
    }
    printf("%.17g\n", total);
    free(j.buf);
    return 0;
  }
  /* sizes interleaved, so that a burst of load from other processes hits
   * every size alike rather than one size's whole batch */
  static double times[4][101];
  double works[4];
  for (int r = 0; r < reps; r++)
    for (int k = 0; k < 4; k++)
      times[k][r] = timed(&j, units * (k + 1), &works[k]);
  for (int k = 0; k < 4; k++) {
    qsort(times[k], (size_t)reps, sizeof times[k][0], cmp);
    double med = reps % 2 ? times[k][reps / 2]
                          : (times[k][reps / 2 - 1] + times[k][reps / 2]) / 2;
    printf("%.17g %.9g %.9g\n", works[k], med, times[k][0]);
  }
  free(j.buf);
  return 0;
}
