/* calibrate.c: `greenc calibrate`: fit a hardware model to this machine.
 *
 *   greenc calibrate [--out FILE.toml] [--from MODEL] [--quick]
 *                    [--format text|json]
 *
 * Builds the microbenchmarks (bench/calibrate/ubench.c) with greencc, runs
 * them (clock, FMA chains per type and width, streaming reads and writes at a
 * footprint inside each cache level and in DRAM), fits lines through the
 * timings (greenc/calibrate.h) and writes a model inheriting --from with the
 * measured figures tagged calibrated. Energies are fitted only where a
 * package energy counter exists (powercap), from runs between snapshots. A
 * progress line on a terminal; the summary as JSON when stdout is not a
 * terminal or with --format json (docs/calibration.md). */
#define _GNU_SOURCE /* mkdtemp, readlink */
#include "calibrate.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "greenc/calibrate.h"
#include "greenc/hw.h"
#include "greenc/powercap.h"

#define PROG "greenc"

extern char **environ;

enum { EXIT_OK = 0, EXIT_USAGE = 2, EXIT_FAIL = 4 };

typedef struct bench {
  char label[48];
  char *argv[8];
  char args[6][32];
  gc_fit fit;
  int ok;
} bench;

typedef struct cal_ctx {
  bench clock_b;
  char tmp[64];
  char ubench[128];
  int progress;
  size_t done, total;
  double target;
  int reps;
} cal_ctx;

/* Run argv with stdout to out_path and stderr to err_path; 0 when it exited
 * with status 0. */
static int run_to(const char *out_path, const char *err_path,
                  char *const argv[]) {
  posix_spawn_file_actions_t fa;
  pid_t pid;
  int status = -1, rc = -1;
  if (posix_spawn_file_actions_init(&fa) != 0)
    return -1;
  posix_spawn_file_actions_addopen(&fa, 1, out_path,
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path,
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (posix_spawn(&pid, argv[0], &fa, NULL, argv, environ) == 0 &&
      waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
      WEXITSTATUS(status) == 0)
    rc = 0;
  posix_spawn_file_actions_destroy(&fa);
  return rc;
}

static void print_file(FILE *to, const char *path) {
  FILE *f = fopen(path, "r");
  char line[512];
  if (!f)
    return;
  while (fgets(line, sizeof line, f))
    fputs(line, to);
  fclose(f);
}

/* The directory of this executable (greencc sits beside greenc). */
static int self_dir(char *buf, size_t n) {
  ssize_t len = readlink("/proc/self/exe", buf, n - 1);
  if (len <= 0)
    return -1;
  buf[len] = '\0';
  char *slash = strrchr(buf, '/');
  if (!slash)
    return -1;
  *slash = '\0';
  return 0;
}

static void progress(cal_ctx *c, const char *what) {
  if (!c->progress)
    return;
  fprintf(stderr, "\r\033[K" PROG " calibrate: [%2zu/%zu] %s", c->done + 1,
          c->total, what);
  fflush(stderr);
}

/* Run b once; its lines "WORK MEDIAN MIN" (at most 8) into x, med, y; *n the
 * lines read. -1 (said on stderr) when it failed. */
static int run_once(cal_ctx *c, const bench *b, double *x, double *med,
                    double *y, size_t *n) {
  char out[128], err[128];
  snprintf(out, sizeof out, "%s/run.out", c->tmp);
  snprintf(err, sizeof err, "%s/run.err", c->tmp);
  if (run_to(out, err, b->argv) != 0) {
    fprintf(stderr, "%s" PROG ": error: benchmark '%s' failed:\n",
            c->progress ? "\n" : "", b->label);
    print_file(stderr, err);
    return -1;
  }
  FILE *f = fopen(out, "r");
  *n = 0;
  while (f && *n < 8 && fscanf(f, "%lf %lf %lf", &x[*n], &med[*n], &y[*n]) == 3)
    (*n)++;
  if (f)
    fclose(f);
  return 0;
}

/* Run one benchmark up to three times, keeping the fit with the best r^2
 * (other processes on the machine disturb single runs). */
static int run_bench(cal_ctx *c, bench *b) {
  progress(c, b->label);
  b->ok = 0;
  for (int attempt = 0; attempt < 3; attempt++) {
    /* lines "WORK MEDIAN MIN": the fit takes the minimum, as STREAM takes
     * its best time: interference from other processes only adds time */
    double x[8], med[8], y[8];
    size_t n = 0;
    if (run_once(c, b, x, med, y, &n) != 0)
      return -1;
    gc_fit fit;
    if (n >= 2 && gc_calib_fit_line(&fit, x, y, n, NULL) == GC_OK &&
        fit.slope > 0 && (!b->ok || fit.r2 > b->fit.r2)) {
      b->fit = fit;
      b->ok = 1;
    }
    if (b->ok && b->fit.r2 >= 0.99)
      break;
  }
  c->done++;
  if (!b->ok) {
    fprintf(stderr, "%s" PROG ": error: benchmark '%s' gave no usable line\n",
            c->progress ? "\n" : "", b->label);
    return -1;
  }
  return 0;
}

/* The cold-call benchmark: 4 rows "LINES MEDIAN MIN" of a call reading 1..4
 * lines after a flush; its cost barely depends on the lines (they overlap),
 * so *ns = the median of the four minima (the best call, as elsewhere). */
static int run_cold(cal_ctx *c, bench *b, double *ns) {
  progress(c, b->label);
  c->done++;
  double x[8], med[8], y[8];
  size_t n = 0;
  if (run_once(c, b, x, med, y, &n) != 0)
    return -1;
  gc_error e = {0};
  if (n != 4 || gc_calib_median(ns, y, n, &e) != GC_OK || !(*ns > 0)) {
    fprintf(stderr, "%s" PROG ": error: benchmark '%s' gave no timings\n",
            c->progress ? "\n" : "", b->label);
    return -1;
  }
  *ns *= 1e9;
  return 0;
}

static void bench_init(bench *b, const cal_ctx *c, const char *label,
                       const char *a0, const char *a1, const char *a2) {
  memset(b, 0, sizeof *b);
  snprintf(b->label, sizeof b->label, "%s", label);
  size_t n = 0;
  b->argv[n++] = (char *)c->ubench;
  const char *xs[5] = {a0, a1, a2, NULL, NULL};
  char tgt[32], reps[32];
  snprintf(tgt, sizeof tgt, "%g", c->target);
  snprintf(reps, sizeof reps, "%d", c->reps);
  size_t k = 0;
  for (size_t i = 0; i < 3; i++)
    if (xs[i])
      snprintf(b->args[k++], sizeof b->args[0], "%s", xs[i]);
  snprintf(b->args[k++], sizeof b->args[0], "%s", tgt);
  snprintf(b->args[k++], sizeof b->args[0], "%s", reps);
  for (size_t i = 0; i < k; i++)
    b->argv[n++] = b->args[i];
  b->argv[n] = NULL;
}

/* Data/unified cache sizes of cpu0 by level (KiB), from sysfs; 0 = unknown. */
static void cache_sizes(double kib[8]) {
  for (int i = 0; i < 8; i++)
    kib[i] = 0;
  for (int idx = 0; idx < 16; idx++) {
    char p[128], type[32] = "", size[32] = "";
    int level = 0;
    snprintf(p, sizeof p, "/sys/devices/system/cpu/cpu0/cache/index%d/level",
             idx);
    FILE *f = fopen(p, "r");
    if (!f)
      continue;
    if (fscanf(f, "%d", &level) != 1)
      level = 0;
    fclose(f);
    snprintf(p, sizeof p, "/sys/devices/system/cpu/cpu0/cache/index%d/type",
             idx);
    if ((f = fopen(p, "r"))) {
      if (fscanf(f, "%31s", type) != 1)
        type[0] = '\0';
      fclose(f);
    }
    snprintf(p, sizeof p, "/sys/devices/system/cpu/cpu0/cache/index%d/size",
             idx);
    if ((f = fopen(p, "r"))) {
      if (fscanf(f, "%31s", size) != 1)
        size[0] = '\0';
      fclose(f);
    }
    if (level < 1 || level > 7 || strcmp(type, "Instruction") == 0)
      continue;
    double v = atof(size);
    size_t sl = strlen(size);
    if (sl && (size[sl - 1] == 'M'))
      v *= 1024;
    kib[level] = v;
  }
}

static void machine_name(char *buf, size_t n) {
  snprintf(buf, n, "unknown machine");
  FILE *f = fopen("/proc/cpuinfo", "r");
  char line[512];
  while (f && fgets(line, sizeof line, f)) {
    if (strncmp(line, "model name", 10) == 0) {
      char *v = strchr(line, ':');
      if (v) {
        v++;
        while (*v == ' ' || *v == '\t')
          v++;
        v[strcspn(v, "\n")] = '\0';
        snprintf(buf, n, "%s", v);
      }
      break;
    }
  }
  if (f)
    fclose(f);
}

static void usage_calibrate(FILE *f) {
  fputs("usage: greenc calibrate [--out FILE.toml] [--from MODEL] [--quick] "
        "[--format text|json]\n"
        "  --out FILE.toml  the model to write (default calibrated.toml; its "
        "name is the file name)\n"
        "  --from MODEL     the model to inherit what is not measured "
        "(default: the default model)\n"
        "  --quick          short timings, fewer repeats (seconds, for tests)\n"
        "  --format FMT     the summary: text (default on a terminal) or json "
        "(default otherwise)\n",
        f);
}

typedef struct tput_run {
  const char *ty;
  int widths[4];
  bench b[4];
} tput_run;

/* ---- energy (only with powercap counters) ---- */

#define EN_COLS (3 + GC_CALIB_MAX)

/* Run b once under UBENCH_SECONDS=secs between two powercap snapshots: the
 * package joules, the wall seconds and the work ubench reports. */
static int energy_run(double *joules, double *seconds, double *work,
                      const gc_powercap *pc, const cal_ctx *c, bench *b,
                      gc_error *err) {
  char out[128], errp[128];
  snprintf(out, sizeof out, "%s/run.out", c->tmp);
  snprintf(errp, sizeof errp, "%s/run.err", c->tmp);
  gc_powercap_snapshot *s0 = NULL, *s1 = NULL;
  gc_powercap_energy *e = NULL;
  int rc = -1;
  struct timespec t0, t1;
  if (gc_powercap_snapshot_take(&s0, pc, err) != GC_OK)
    goto done;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  if (run_to(out, errp, b->argv) != 0) {
    gc_error_set(err, GC_EIO, "benchmark '%s' failed", b->label);
    goto done;
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (gc_powercap_snapshot_take(&s1, pc, err) != GC_OK ||
      gc_powercap_delta(&e, s0, s1, err) != GC_OK ||
      gc_powercap_energy_domain(joules, e, "package", err) != GC_OK)
    goto done;
  *seconds = (double)(t1.tv_sec - t0.tv_sec) +
             (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9;
  FILE *f = fopen(out, "r");
  if (!f || fscanf(f, "%lf", work) != 1) {
    gc_error_set(err, GC_EPARSE, "benchmark '%s' printed no work", b->label);
    if (f)
      fclose(f);
    goto done;
  }
  fclose(f);
  rc = 0;
done:
  gc_powercap_energy_free(e);
  gc_powercap_snapshot_free(s0);
  gc_powercap_snapshot_free(s1);
  return rc;
}

/* Fit energies from package energy around runs of the clock, FMA and read
 * benchmarks; fills cal's energy fields and returns 1, or 0 with why. */
static int energy_phase(gc_calib *cal, cal_ctx *c, tput_run *tr, bench *levels,
                        size_t nlev, int quick, char *why, size_t nwhy) {
  gc_powercap *pc = NULL;
  gc_error perr = {0};
  int fitted = 0;
  double secs = quick ? 0.2 : 1.0;
  if (gc_powercap_open(&pc, NULL, &perr) != GC_OK) {
    snprintf(why, nwhy,
             "not measured (no energy counters: %.300s); energy figures "
             "inherited",
             perr.msg);
    return 0;
  }
  if (gc_powercap_kind_count(pc, GC_RAPL_PACKAGE) == 0 || nlev == 0 ||
      nlev > 16 - 7) {
    snprintf(why, nwhy,
             "not measured (no package energy counter); energy "
             "figures inherited");
    gc_powercap_free(pc);
    return 0;
  }
  /* runs: clock, f64 and f32 FMA at their first three widths, a read per
   * level; columns: f64 lane-ops, f32 lane-ops, instructions, bytes through
   * each level (a read from level i passes every level above it) */
  size_t k = 3 + nlev, n = 0;
  double u[16 * EN_COLS], t[16], j[16];
  bench *runs[16];
  double lanes[16];
  int type[16]; /* 0 clock, 1 f64, 2 f32, 3 + level */
  char secstr[32];
  snprintf(secstr, sizeof secstr, "%g", secs);
  setenv("UBENCH_SECONDS", secstr, 1);
  runs[n] = &c->clock_b, type[n] = 0, lanes[n++] = 1;
  for (int ty = 0; ty < 2; ty++)
    for (int w = 0; w < 3; w++)
      runs[n] = &tr[ty].b[w], type[n] = 1 + ty, lanes[n++] = tr[ty].widths[w];
  for (size_t i = 0; i < nlev; i++)
    runs[n] = &levels[2 * i], type[n] = 3 + (int)i, lanes[n++] = 16;
  int advanced = 0;
  c->total += n;
  for (size_t r = 0; r < n; r++) {
    double work = 0;
    progress(c, runs[r]->label);
    if (energy_run(&j[r], &t[r], &work, pc, c, runs[r], &perr) != 0) {
      snprintf(why, nwhy, "not fitted (%.300s); energy figures inherited",
               perr.msg);
      goto done;
    }
    c->done++;
    advanced += j[r] > 0;
    double *row = &u[r * k];
    memset(row, 0, k * sizeof *row);
    if (type[r] == 0) {
      row[2] = work * 18 / 16; /* 16 adds + the loop's increment and branch */
    } else if (type[r] <= 2) {
      row[type[r] - 1] = work * lanes[r]; /* work = FMA instructions */
      row[2] = work * 18 / 16;
    } else {
      size_t lv = (size_t)type[r] - 3; /* work = bytes */
      for (size_t i = 0; i <= lv; i++)
        row[3 + i] = work;
      row[2] = work / 64 * (1 + 3.0 / 8); /* a load-add per vector, loop */
    }
  }
  if (advanced < (int)n) {
    snprintf(why, nwhy,
             "not fitted: the package energy counter did not advance during "
             "%d of %zu runs; energy figures inherited",
             (int)n - advanced, n);
    goto done;
  }
  double pj[EN_COLS], sw, rms;
  if (gc_calib_fit_energy(pj, &sw, &rms, u, t, j, n, k, &perr) != GC_OK) {
    snprintf(why, nwhy, "not fitted (%.300s); energy figures inherited",
             perr.msg);
    goto done;
  }
  cal->energy_fitted = 1;
  cal->f64_fma_pj = pj[0] >= 0 ? pj[0] : -1;
  cal->f32_fma_pj = pj[1] >= 0 ? pj[1] : -1;
  cal->instruction_pj = pj[2] >= 0 ? pj[2] : -1;
  cal->static_w = sw >= 0 ? sw : -1;
  long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
  cal->cores = ncpu > 0 ? (double)ncpu : -1;
  for (size_t i = 0; i < GC_CALIB_MAX; i++)
    cal->level_pj_per_byte[i] = -1;
  for (size_t i = 0; i < nlev && i < cal->nbw; i++)
    cal->level_pj_per_byte[i] = pj[3 + i] >= 0 ? pj[3 + i] : -1;
  snprintf(cal->energy_method, GC_CALIB_TEXT,
           "package energy (powercap) around %zu runs of %g s (clock, FMA "
           "chains, reads per level), weighted least squares for pJ per "
           "lane-op, per instruction, per byte through each level and the "
           "static watts (rms %.1f%%); the counter includes every process "
           "and the uncore; the reads' vector adds are in the per-byte pJ",
           n, secs, rms * 100);
  snprintf(why, nwhy,
           "fitted from package energy (rms %.1f%%); negative coefficients "
           "dropped (inherited)",
           rms * 100);
  fitted = 1;
done:
  unsetenv("UBENCH_SECONDS");
  gc_powercap_free(pc);
  return fitted;
}

int drv_calibrate(int argc, char **argv) {
  const char *out_path = "calibrated.toml", *from = NULL, *fmt = NULL;
  int quick = 0, rc = EXIT_FAIL;
  gc_error err = {0};
  gc_hw *parent = NULL, *written = NULL;
  cal_ctx c;
  memset(&c, 0, sizeof c);
  gc_calib *cal = calloc(1, sizeof *cal);
  bench *levels = NULL;
  json_t *js = NULL;
  if (!cal) {
    fprintf(stderr, PROG ": error: out of memory\n");
    return EXIT_FAIL;
  }
  for (int i = 0; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--quick") == 0)
      quick = 1;
    else if ((strcmp(a, "--out") == 0 || strcmp(a, "-o") == 0) && i + 1 < argc)
      out_path = argv[++i];
    else if (strncmp(a, "--out=", 6) == 0)
      out_path = a + 6;
    else if (strcmp(a, "--from") == 0 && i + 1 < argc)
      from = argv[++i];
    else if (strncmp(a, "--from=", 7) == 0)
      from = a + 7;
    else if (strcmp(a, "--format") == 0 && i + 1 < argc)
      fmt = argv[++i];
    else if (strncmp(a, "--format=", 9) == 0)
      fmt = a + 9;
    else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage_calibrate(stdout);
      rc = EXIT_OK;
      goto done;
    } else {
      fprintf(stderr,
              PROG ": error: calibrate: unknown or incomplete option "
                   "'%s'\n",
              a);
      usage_calibrate(stderr);
      rc = EXIT_USAGE;
      goto done;
    }
  }
  if (fmt && strcmp(fmt, "text") != 0 && strcmp(fmt, "json") != 0) {
    fprintf(stderr, PROG ": error: unknown format '%s' (text, json)\n", fmt);
    rc = EXIT_USAGE;
    goto done;
  }
  int json = fmt ? strcmp(fmt, "json") == 0 : !isatty(STDOUT_FILENO);
  c.progress = !json && isatty(STDERR_FILENO);
  /* the written model's name is its file name */
  const char *base = strrchr(out_path, '/');
  base = base ? base + 1 : out_path;
  size_t bl = strlen(base);
  if (bl <= 5 || strcmp(base + bl - 5, ".toml") != 0 ||
      bl - 5 >= sizeof cal->name) {
    fprintf(stderr, PROG ": error: --out wants a NAME.toml path, got '%s'\n",
            out_path);
    rc = EXIT_USAGE;
    goto done;
  }
  snprintf(cal->name, sizeof cal->name, "%.*s", (int)(bl - 5), base);
  if (!from)
    from = gc_hw_default_name();
  if (gc_hw_load_named(&parent, from, NULL, &err) != GC_OK) {
    fprintf(stderr, PROG ": error: %s\n", err.msg);
    rc = EXIT_USAGE;
    goto done;
  }
  if (strcmp(gc_hw_name(parent), cal->name) == 0) {
    fprintf(stderr,
            PROG ": error: the calibrated model cannot be named like its "
                 "parent '%s'\n",
            cal->name);
    rc = EXIT_USAGE;
    goto done;
  }
  time_t now = time(NULL);
  struct tm tm;
  gmtime_r(&now, &tm);
  strftime(cal->date, sizeof cal->date, "%Y-%m-%d", &tm);
  machine_name(cal->machine, sizeof cal->machine);
  /* short timings: on a shared machine a 1 ms run is less often preempted
   * than a longer one; more repeats without --quick */
  c.target = 0.001;
  c.reps = quick ? 5 : 21;

  /* build the microbenchmarks with greencc */
  snprintf(c.tmp, sizeof c.tmp, "/tmp/greenc-calibrate-XXXXXX");
  if (!mkdtemp(c.tmp)) {
    fprintf(stderr, PROG ": error: cannot create a temporary directory: %s\n",
            strerror(errno));
    goto done;
  }
  char dir[PATH_MAX], greencc[PATH_MAX + 16], src[PATH_MAX], prof[128],
      log[128];
  const char *e = getenv("GREENC_GREENCC");
  if (e && *e)
    snprintf(greencc, sizeof greencc, "%s", e);
  else if (self_dir(dir, sizeof dir) == 0)
    snprintf(greencc, sizeof greencc, "%s/greencc", dir);
  else
    snprintf(greencc, sizeof greencc, "greencc");
  e = getenv("GREENC_UBENCH_SRC");
  snprintf(src, sizeof src, "%s", e && *e ? e : GREENC_UBENCH_SRC);
  snprintf(c.ubench, sizeof c.ubench, "%s/ubench", c.tmp);
  snprintf(prof, sizeof prof, "--energy-out=%s/ubench-profile.json", c.tmp);
  snprintf(log, sizeof log, "%s/build.log", c.tmp);
  char *cc_argv[] = {greencc,
                     "-O2",
                     "-march=native",
                     "-fno-vectorize",
                     "-fno-slp-vectorize",
                     "--energy=json",
                     prof,
                     src,
                     "-o",
                     c.ubench,
                     "-lm",
                     NULL};
  if (c.progress)
    fprintf(stderr, PROG " calibrate: building the microbenchmarks");
  int built = run_to(log, log, cc_argv) == 0;
  if (!built) { /* without the plugin (GREENC_BUILD_PLUGIN=OFF) greencc is
                   plain clang: the timings do not need the profile */
    char *plain_argv[] = {greencc,
                          "-O2",
                          "-march=native",
                          "-fno-vectorize",
                          "-fno-slp-vectorize",
                          src,
                          "-o",
                          c.ubench,
                          "-lm",
                          NULL};
    built = run_to(log, log, plain_argv) == 0;
    if (built)
      fprintf(stderr,
              "%s" PROG ": warning: greencc --energy failed on %s; built "
              "without the profile\n",
              c.progress ? "\n" : "", src);
  }
  if (!built) {
    fprintf(stderr, "%s" PROG ": error: building %s with %s failed:\n",
            c.progress ? "\n" : "", src, greencc);
    print_file(stderr, log);
    goto done;
  }

  /* the benchmark list */
  bench_init(&c.clock_b, &c, "clock", "clock", NULL, NULL);
  static tput_run tr[2];
  memset(tr, 0, sizeof tr);
  tr[0].ty = "f64";
  tr[1].ty = "f32";
  static const int widths[2][4] = {{1, 2, 4, 8}, {1, 4, 8, 16}};
  memcpy(tr[0].widths, widths[0], sizeof widths[0]);
  memcpy(tr[1].widths, widths[1], sizeof widths[1]);
  for (int t = 0; t < 2; t++)
    for (int w = 0; w < 4; w++) {
      char label[48], lanes[16];
      snprintf(label, sizeof label, "fma %s x%d", tr[t].ty, tr[t].widths[w]);
      snprintf(lanes, sizeof lanes, "%d", tr[t].widths[w]);
      bench_init(&tr[t].b[w], &c, label, "fma", tr[t].ty, lanes);
    }
  /* slow ops: issue cost of scalar division, square root and libm calls */
  static const char *const op_list[][2] = {
      {"f32", "fdiv"}, {"f64", "fdiv"}, {"f32", "fsqrt"}, {"f64", "fsqrt"},
      {"f32", "fexp"}, {"f64", "fexp"}, {"f32", "flog"},  {"f32", "ftanh"}};
  enum { NOPS = sizeof op_list / sizeof *op_list };
  static bench ops_b[NOPS];
  for (size_t i = 0; i < NOPS; i++) {
    char label[48];
    snprintf(label, sizeof label, "op %s %s", op_list[i][0], op_list[i][1]);
    bench_init(&ops_b[i], &c, label, "op", op_list[i][0], op_list[i][1]);
  }
  double kib[8];
  cache_sizes(kib);
  size_t nl = gc_hw_nlevels(parent), nlev = 0;
  levels = calloc(2 * (nl + 1), sizeof *levels);
  char(*lname)[32] = calloc(nl + 1, sizeof *lname);
  double *foot = calloc(nl + 1, sizeof *foot);
  if (!levels || !lname || !foot) {
    free(lname);
    free(foot);
    fprintf(stderr, PROG ": error: out of memory\n");
    goto done;
  }
  double prev = 0, largest = 0;
  for (size_t i = 0; i < nl; i++) {
    gc_hw_level l;
    if (gc_hw_level_at(&l, parent, i) != GC_OK || l.is_dram)
      continue;
    double size = i + 1 < 8 ? kib[i + 1] : 0;
    if (size <= 0 && l.size_kib.present)
      size = l.size_kib.value;
    if (size <= 0)
      continue;
    double f = i < 2 ? size / 2 : size / 4;
    if (f <= prev)
      f = prev * 2;
    prev = size;
    largest = size > largest ? size : largest;
    snprintf(lname[nlev], sizeof lname[0], "%s", l.name);
    foot[nlev++] = f;
  }
  double dram_kib = largest * 4;
  if (dram_kib < 64 * 1024.0)
    dram_kib = 64 * 1024.0;
  snprintf(lname[nlev], sizeof lname[0], "DRAM");
  foot[nlev++] = dram_kib;
  for (size_t i = 0; i < nlev; i++) {
    char label[48], kb[32];
    snprintf(kb, sizeof kb, "%.0f", foot[i]);
    snprintf(label, sizeof label, "read %s (%.0f KiB)", lname[i], foot[i]);
    bench_init(&levels[2 * i], &c, label, "read", kb, NULL);
    snprintf(label, sizeof label, "write %s (%.0f KiB)", lname[i], foot[i]);
    bench_init(&levels[2 * i + 1], &c, label, "write", kb, NULL);
  }
  char flush_kb[32];
  snprintf(flush_kb, sizeof flush_kb, "%.0f", dram_kib);
  static bench cold_b;
  bench_init(&cold_b, &c, "cold call", "cold", flush_kb, NULL);
  c.total = 1 + 8 + NOPS + 2 * nlev + 1;

  /* run */
  int failed = run_bench(&c, &c.clock_b) != 0;
  for (int t = 0; t < 2 && !failed; t++)
    for (int w = 0; w < 4 && !failed; w++)
      failed = run_bench(&c, &tr[t].b[w]) != 0;
  for (size_t i = 0; i < NOPS && !failed; i++)
    failed = run_bench(&c, &ops_b[i]) != 0;
  for (size_t i = 0; i < 2 * nlev && !failed; i++)
    failed = run_bench(&c, &levels[i]) != 0;
  double cold_ns = 0;
  if (!failed)
    failed = run_cold(&c, &cold_b, &cold_ns) != 0;
  if (c.progress)
    fprintf(stderr, "\r\033[K");
  if (failed) {
    free(lname);
    free(foot);
    goto done;
  }

  /* figures */
  double hz = 1 / c.clock_b.fit.slope;
  cal->clock_ghz = hz * 1e-9;
  snprintf(cal->clock_method, GC_CALIB_TEXT,
           "a chain of dependent 64-bit integer adds (1 cycle each): adds per "
           "second, least-squares slope over 4 work sizes (best of %d repeats "
           "each), r2 %.4f",
           c.reps, c.clock_b.fit.r2);
  for (int t = 0; t < 2; t++) {
    double w[4], cpi[4], lanes, ops, rms;
    for (int k = 0; k < 4; k++) {
      w[k] = tr[t].widths[k];
      cpi[k] = tr[t].b[k].fit.slope * hz;
    }
    if (gc_calib_fit_width(&lanes, &ops, &rms, w, cpi, 4, &err) != GC_OK)
      continue;
    gc_calib_tput *tp = &cal->tput[cal->ntput++];
    gc_ty_parse(&tp->ty, tr[t].ty);
    tp->lanes = lanes;
    tp->ops_per_cycle = ops;
    snprintf(tp->method, GC_CALIB_TEXT,
             "16 independent FMA chains at %d/%d/%d/%d lanes: cycles per "
             "instruction %.3f/%.3f/%.3f/%.3f (least-squares slopes x the "
             "calibrated clock), native width fitted by weighted least "
             "squares (rms %.1f%%)",
             tr[t].widths[0], tr[t].widths[1], tr[t].widths[2], tr[t].widths[3],
             cpi[0], cpi[1], cpi[2], cpi[3], rms * 100);
  }
  for (size_t i = 0; i < NOPS && cal->nop < GC_CALIB_MAX; i++) {
    gc_calib_op *o = &cal->op[cal->nop];
    if (gc_ty_parse(&o->ty, op_list[i][0]) != GC_OK ||
        gc_op_parse(&o->op, op_list[i][1]) != GC_OK)
      continue;
    o->cycles = ops_b[i].fit.slope * hz;
    snprintf(o->method, GC_CALIB_TEXT,
             "16 independent chains of scalar %s %s (a libm call for a math "
             "function) side by side: least-squares slope of time over ops x "
             "the calibrated clock, 4 sizes (best of %d repeats each), r2 %.4f",
             op_list[i][0], op_list[i][1], c.reps, ops_b[i].fit.r2);
    cal->nop++;
  }
  cal->cold_call_ns = cold_ns;
  snprintf(cal->cold_method, GC_CALIB_TEXT,
           "a call reading 1, 2, 3 or 4 lines of a page untouched since a "
           "%s KiB buffer was read (caches and TLBs flushed): median over the "
           "line counts of the best of %d calls each",
           flush_kb, c.reps);
  for (size_t i = 0; i < nlev && cal->nbw < GC_CALIB_MAX; i++) {
    gc_calib_bw *bw = &cal->bw[cal->nbw++];
    snprintf(bw->level, sizeof bw->level, "%s", lname[i]);
    bw->read_gbs = 1e-9 / levels[2 * i].fit.slope;
    bw->write_gbs = 1e-9 / levels[2 * i + 1].fit.slope;
    snprintf(bw->method, GC_CALIB_TEXT,
             "one core streaming 64-byte vectors over a %.0f KiB buffer, 8 "
             "independent sums (read) or stores (write): least-squares slope "
             "of time over bytes, 4 sizes (best of %d repeats each), r2 %.4f / "
             "%.4f",
             foot[i], c.reps, levels[2 * i].fit.r2, levels[2 * i + 1].fit.r2);
  }
  free(lname);
  free(foot);

  /* energy, where counters exist */
  char energy[512];
  energy_phase(cal, &c, tr, levels, nlev, quick, energy, sizeof energy);
  if (c.progress)
    fprintf(stderr, "\r\033[K");

  /* write, then load it back */
  FILE *f = fopen(out_path, "w");
  if (!f) {
    fprintf(stderr, PROG ": error: cannot write %s: %s\n", out_path,
            strerror(errno));
    goto done;
  }
  int wrc = gc_calib_write_model(f, parent, cal, &err);
  if (fclose(f) != 0 || wrc != GC_OK) {
    fprintf(stderr, PROG ": error: writing %s: %s\n", out_path,
            wrc != GC_OK ? err.msg : strerror(errno));
    goto done;
  }
  if (gc_hw_load(&written, out_path, &err) != GC_OK) {
    fprintf(stderr, PROG ": error: the written model does not load: %s\n",
            err.msg);
    goto done;
  }
  char inherited[4096];
  gc_calib_inherited(inherited, sizeof inherited, parent, cal);

  if (json) {
    js = json_pack("{s:i, s:s, s:s, s:s, s:s, s:s, s:b, s:s}",
                   "greenc_calibrate", 1, "model", out_path, "name", cal->name,
                   "inherits", gc_hw_name(parent), "machine", cal->machine,
                   "date", cal->date, "quick", quick, "energy", energy);
    json_t *inh = json_array();
    for (char *p = inherited, *q; p && *p; p = q ? q + 2 : NULL) {
      q = strstr(p, ", ");
      json_array_append_new(inh, q ? json_stringn(p, (size_t)(q - p))
                                   : json_string(p));
    }
    json_object_set_new(js, "inherited", inh);
    json_t *figs = json_array();
    json_array_append_new(
        figs, json_pack("{s:s, s:f, s:f}", "path", "chip.boost_ghz", "value",
                        cal->clock_ghz, "r2", c.clock_b.fit.r2));
    for (size_t i = 0; i < cal->ntput; i++)
      json_array_append_new(
          figs,
          json_pack("{s:s, s:s, s:f, s:f}", "path", "throughput", "ty",
                    gc_ty_name(cal->tput[i].ty), "lanes", cal->tput[i].lanes,
                    "ops_per_cycle", cal->tput[i].ops_per_cycle));
    for (size_t i = 0; i < cal->nbw; i++)
      json_array_append_new(
          figs, json_pack("{s:s, s:s, s:f, s:f}", "path", "bandwidth", "level",
                          cal->bw[i].level, "read_gbs", cal->bw[i].read_gbs,
                          "write_gbs", cal->bw[i].write_gbs));
    json_array_append_new(figs,
                          json_pack("{s:s, s:f}", "path", "dram.cold_call_ns",
                                    "value", cal->cold_call_ns));
    for (size_t i = 0; i < cal->nop; i++) {
      char path[64];
      snprintf(path, sizeof path, "issue_cycles.%s.%s",
               gc_ty_name(cal->op[i].ty), gc_op_name(cal->op[i].op));
      json_array_append_new(figs, json_pack("{s:s, s:f}", "path", path, "value",
                                            cal->op[i].cycles));
    }
    json_object_set_new(js, "calibrated", figs);
    json_dumpf(js, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', stdout);
  } else {
    printf("wrote %s (inherits %s), calibrated on '%s', %s%s\n", out_path,
           gc_hw_name(parent), cal->machine, cal->date,
           quick ? " (quick)" : "");
    printf("  clock            %.3f GHz  (r2 %.4f)\n", cal->clock_ghz,
           c.clock_b.fit.r2);
    for (size_t i = 0; i < cal->ntput; i++)
      printf("  vector %-4s      %g lanes native, %.1f FLOP/cycle\n",
             gc_ty_name(cal->tput[i].ty), cal->tput[i].lanes,
             cal->tput[i].ops_per_cycle);
    printf("  cold call        %.0f ns\n", cal->cold_call_ns);
    for (size_t i = 0; i < cal->nop; i++)
      printf("  %-4s %-6s      %.1f cycles per op\n", gc_ty_name(cal->op[i].ty),
             gc_op_name(cal->op[i].op), cal->op[i].cycles);
    for (size_t i = 0; i < cal->nbw; i++)
      printf("  %-6s bandwidth  read %.1f GB/s, write %.1f GB/s\n",
             cal->bw[i].level, cal->bw[i].read_gbs, cal->bw[i].write_gbs);
    printf("  energy: %s\n  inherited: %s\n", energy, inherited);
  }
  rc = EXIT_OK;
done:
  if (c.tmp[0] && strncmp(c.tmp, "/tmp/greenc-calibrate-", 22) == 0 &&
      !getenv("GREENC_CALIBRATE_KEEP")) {
    char p[160];
    const char *files[] = {"ubench", "ubench-profile.json", "build.log",
                           "run.out", "run.err"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
      snprintf(p, sizeof p, "%s/%s", c.tmp, files[i]);
      unlink(p);
    }
    rmdir(c.tmp);
  }
  json_decref(js);
  free(levels);
  free(cal);
  gc_hw_free(written);
  gc_hw_free(parent);
  return rc;
}
