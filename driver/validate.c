/* validate.c: greenc validate [--hw MODEL] [--format text|json] [--view VIEW]
 * -- PROGRAM [ARGS...]
 *
 * Runs a program built with greencc --energy=instrument with $GREENC_COUNTS
 * set to a temporary file, reads the counts its runtime wrote and the
 * profiles in PROGRAM's .greenc.profile section, and compares them per
 * function (greenc/validate.h): per block, per op row, totals; wall time
 * measured against the model's estimate; energy through powercap where the
 * machine has it. The program's stdout goes to our stderr so that the report
 * is alone on stdout. */
#define _GNU_SOURCE
#include "validate.h"

#include "hwcounters.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "greenc/count.h"
#include "greenc/dyncount.h"
#include "greenc/estimate.h"
#include "greenc/hw.h"
#include "greenc/objread.h"
#include "greenc/powercap.h"
#include "greenc/profile.h"
#include "greenc/traffic.h"
#include "greenc/validate.h"

#define PROG "greenc validate"

enum { V_OK = 0, V_INPUT = 1, V_USAGE = 2, V_MISMATCH = 3, V_FAIL = 4 };

static void usage(FILE *f) {
  fputs("usage: greenc validate [--hw MODEL] [--format text|json] "
        "[--view source|executed] [--traffic]\n"
        "                       [--counters EVENT,...|none] -- PROGRAM "
        "[ARGS...]\n"
        "  runs PROGRAM (built with greencc --energy=instrument) and compares "
        "its static counts with\n"
        "  the counts it executed, per function; see docs/validation.md\n",
        f);
}

/* Run argv with GREENC_COUNTS=counts, stdout to our stderr. With hwc, PAPI
 * counters (events) are attached to the child before it execs and read after
 * it exits (*hwc is set even when they could not be: drv_hwc_reason). */
static int run_program(int *status, char **argv, const char *counts,
                       double *seconds, drv_hwc **hwc,
                       const char *const *events, size_t nevents) {
  struct timespec t0, t1;
  int gate[2] = {-1, -1};
  if (hwc && pipe2(gate, O_CLOEXEC) != 0)
    return -1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  pid_t pid = fork();
  if (pid < 0) {
    if (hwc) {
      close(gate[0]);
      close(gate[1]);
    }
    return -1;
  }
  if (pid == 0) {
    if (hwc) { /* wait until the counters are attached */
      char c;
      close(gate[1]);
      while (read(gate[0], &c, 1) < 0 && errno == EINTR)
        ;
    }
    dup2(2, 1);
    setenv("GREENC_COUNTS", counts, 1);
    execvp(argv[0], argv);
    fprintf(stderr, PROG ": error: cannot run %s: %s\n", argv[0],
            strerror(errno));
    _exit(127);
  }
  int start_rc = 0;
  if (hwc) {
    close(gate[0]);
    start_rc = drv_hwc_start(hwc, pid, events, nevents);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    close(gate[1]); /* the child goes on (end of file) */
  }
  siginfo_t si;
  memset(&si, 0, sizeof si);
  while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) < 0)
    if (errno != EINTR)
      return -1;
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (hwc && *hwc)
    drv_hwc_stop(*hwc); /* before the child is reaped */
  int ws = 0;
  while (waitpid(pid, &ws, 0) < 0)
    if (errno != EINTR)
      return -1;
  *seconds = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
  *status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
  return start_rc;
}

/* Estimated time (s) of fn over the run's tuples on hw: lo..hi, or known 0
 * with a reason. */
static void estimate_time(gc_range *t, const gc_profile_set *set,
                          const gc_val_function *vf, const gc_dyn_function *df,
                          const gc_hw *hw, gc_view_kind view) {
  memset(t, 0, sizeof *t);
  t->known = 1;
  gc_binding *syms = calloc(df->nsymbols + 1, sizeof *syms);
  if (!syms) {
    t->known = 0;
    snprintf(t->reason, sizeof t->reason, "out of memory");
    return;
  }
  for (size_t s = 0; s < df->nsymbols; s++)
    syms[s].name = df->symbols[s];
  for (size_t i = 0; i < df->ntuples && t->known; i++) {
    for (size_t s = 0; s < df->nsymbols; s++)
      syms[s].value = df->tuples[i].values[s];
    gc_count_opts o = {
        .view = view, .bindings = syms, .nbindings = df->nsymbols};
    gc_counts *c = NULL;
    gc_opcount *rows = NULL;
    size_t n = 0;
    gc_error err = {0};
    gc_estimate e;
    if (gc_count_function(&c, set, vf->fn, &o, &err) != GC_OK ||
        gc_counts_to_opcount(&rows, &n, c, &err) != GC_OK ||
        gc_estimate_compute(&e, hw, rows, n, NULL, &err) != GC_OK) {
      t->known = 0;
      snprintf(t->reason, sizeof t->reason, "%.200s", err.msg);
    } else if (!e.time_s.known) {
      t->known = 0;
      snprintf(t->reason, sizeof t->reason, "%s", e.time_s.reason);
    } else {
      t->lo += e.time_s.lo * (double)df->tuples[i].calls;
      t->hi += e.time_s.hi * (double)df->tuples[i].calls;
    }
    free(rows);
    gc_counts_free(c);
  }
  free(syms);
}

/* ---- --traffic: cachegrind with the model's caches ---- */

/* Cachegrind's D1 / LL: "size,assoc,line" with a power-of-two set count.
 * The models give no associativity: the first of 8, 16, 12, 4, 2, 1, 32, 24
 * ways that makes the sets a power of two. 0 when none does. */
static int cg_geometry(char *out, size_t cap, double size, double line,
                       int *ways) {
  static const int try_ways[] = {8, 16, 12, 4, 2, 1, 32, 24};
  unsigned long long sz = (unsigned long long)size,
                     ln = (unsigned long long)line;
  if (!sz || !ln || (double)sz != size || (double)ln != line)
    return 0;
  for (size_t i = 0; i < sizeof try_ways / sizeof *try_ways; i++) {
    unsigned long long w = (unsigned long long)try_ways[i];
    if (sz % (w * ln))
      continue;
    unsigned long long sets = sz / (w * ln);
    if (sets && (sets & (sets - 1)) == 0) {
      snprintf(out, cap, "%llu,%llu,%llu", sz, w, ln);
      *ways = try_ways[i];
      return 1;
    }
  }
  return 0;
}

typedef struct cg_fn {
  char *name;
  unsigned long long d1, ll; /* data misses (read + write) */
} cg_fn;

/* Sum D1mr+D1mw and DLmr+DLmw per fn= of a cachegrind.out file. */
static int cg_read(cg_fn **out, size_t *n, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f)
    return -1;
  char line[4096];
  int idx[4] = {-1, -1, -1, -1}; /* D1mr D1mw DLmr DLmw */
  cg_fn *fns = NULL;
  size_t nf = 0;
  long cur = -1;
  int rc = 0;
  while (fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = '\0';
    if (strncmp(line, "events:", 7) == 0) {
      static const char *names[4] = {"D1mr", "D1mw", "DLmr", "DLmw"};
      int k = 0;
      char *save = NULL;
      for (char *t = strtok_r(line + 7, " ", &save); t;
           t = strtok_r(NULL, " ", &save), k++)
        for (int j = 0; j < 4; j++)
          if (strcmp(t, names[j]) == 0)
            idx[j] = k;
    } else if (strncmp(line, "fn=", 3) == 0) {
      cur = -1;
      for (size_t i = 0; i < nf; i++)
        if (strcmp(fns[i].name, line + 3) == 0)
          cur = (long)i;
      if (cur < 0) {
        cg_fn *nfns = realloc(fns, (nf + 1) * sizeof *nfns);
        if (!nfns) {
          rc = -1;
          break;
        }
        fns = nfns;
        fns[nf] = (cg_fn){strdup(line + 3), 0, 0};
        if (!fns[nf].name) {
          rc = -1;
          break;
        }
        cur = (long)nf++;
      }
    } else if (cur >= 0 && line[0] >= '0' && line[0] <= '9') {
      /* "<line> <event counts...>": counts start at field 1. */
      unsigned long long v[32] = {0};
      int k = 0;
      char *save = NULL;
      for (char *t = strtok_r(line, " ", &save); t && k < 33;
           t = strtok_r(NULL, " ", &save), k++)
        if (k > 0)
          v[k - 1] = strtoull(t, NULL, 10);
      for (int j = 0; j < 4; j++)
        if (idx[j] >= 0 && idx[j] < 32)
          *(j < 2 ? &fns[cur].d1 : &fns[cur].ll) += v[idx[j]];
    }
  }
  fclose(f);
  if (idx[0] < 0 && rc == 0)
    rc = -2; /* no cache simulation in the file */
  *out = fns;
  *n = nf;
  return rc;
}

/* Predicted line misses of vf's function in each cache level (miss[0 ..
 * nlevels)) over the run's tuples; *complete 0 when the model left accesses
 * out. */
static int predict_misses(double *miss, int *complete,
                          const gc_val_function *vf, const gc_dyn_function *df,
                          const gc_traffic_cache *levels, size_t nlevels,
                          gc_view_kind view) {
  for (size_t l = 0; l < nlevels; l++)
    miss[l] = 0;
  *complete = 1;
  gc_binding *syms = calloc(df->nsymbols + 1, sizeof *syms);
  if (!syms)
    return -1;
  for (size_t s = 0; s < df->nsymbols; s++)
    syms[s].name = df->symbols[s];
  int rc = 0;
  for (size_t i = 0; i < df->ntuples && rc == 0; i++) {
    for (size_t s = 0; s < df->nsymbols; s++)
      syms[s].value = df->tuples[i].values[s];
    gc_traffic_opts o = {
        .view = view, .bindings = syms, .nbindings = df->nsymbols};
    gc_traffic *t = NULL;
    gc_error err = {0};
    if (gc_traffic_compute(&t, vf->fn, levels, nlevels, &o, &err) != GC_OK) {
      rc = -1;
      break;
    }
    for (size_t l = 0; l < nlevels; l++)
      miss[l] += gc_traffic_misses(t, l) * (double)df->tuples[i].calls;
    *complete &= gc_traffic_complete(t);
    gc_traffic_free(t);
  }
  free(syms);
  return rc;
}

/* ---- hardware counters (PAPI), whole program run ---- */

/* What greenc can set beside a measured event: the exact FLOPs the
 * instrumented functions executed, the traffic model's misses per level, the
 * run's wall time. *what empty when nothing. */
typedef struct hwc_side {
  const gc_validation *val;
  const gc_dyncount *dyn;
  const gc_traffic_cache *levels;
  size_t nlevels;
  gc_view_kind view;
  double wall_s;
  /* the traffic model's misses per level over every function, once the
   * counters were read (side_misses); have_miss 0 when it cannot say */
  double miss[GC_TRAFFIC_MAX_LEVELS];
  int have_miss;
} hwc_side;

static int side_flops(double *v, const hwc_side *s) {
  *v = 0;
  for (size_t k = 0; k < gc_validation_nfunctions(s->val); k++) {
    const gc_val_function *vf = gc_validation_function(s->val, k);
    for (size_t r = 0; r < vf->ntotals; r++)
      if (strcmp(vf->totals[r].what, "flops") == 0)
        *v += (double)vf->totals[r].dynamic;
  }
  return 1;
}

/* The traffic model's misses per level summed over the functions, into
 * s->miss (s->have_miss 0 when a function cannot be predicted in full). */
static void side_misses(hwc_side *s) {
  s->have_miss = s->levels != NULL;
  for (size_t l = 0; l < s->nlevels; l++)
    s->miss[l] = 0;
  for (size_t k = 0; s->have_miss && k < gc_validation_nfunctions(s->val);
       k++) {
    const gc_val_function *vf = gc_validation_function(s->val, k);
    const gc_dyn_function *df = gc_dyncount_find(s->dyn, vf->name, vf->module);
    double m[GC_TRAFFIC_MAX_LEVELS];
    int complete = 0;
    if (!vf->fn || !df ||
        predict_misses(m, &complete, vf, df, s->levels, s->nlevels, s->view) !=
            0 ||
        !complete) {
      s->have_miss = 0;
      break;
    }
    for (size_t l = 0; l < s->nlevels; l++)
      s->miss[l] += m[l];
  }
}

/* The figure greenc sets beside event `name`: 1 with *what and *v. */
static int hwc_compare(const char **what, double *v, const char *name,
                       const hwc_side *s) {
  if (strcmp(name, "PAPI_FP_OPS") == 0) {
    *what = "FLOPs the instrumented functions executed (FMA = 2)";
    return side_flops(v, s);
  }
  static const struct {
    const char *event;
    size_t level;
    const char *what;
  } caches[] = {{"PAPI_L1_DCM", 0, "L1 data misses the traffic model predicts"},
                {"PAPI_L2_DCM", 1, "L2 data misses the traffic model predicts"},
                {"PAPI_L3_TCM", 2, "L3 misses the traffic model predicts"}};
  for (size_t i = 0; i < sizeof caches / sizeof *caches; i++)
    if (strcmp(name, caches[i].event) == 0) {
      *what = caches[i].what;
      *v = s->have_miss ? s->miss[caches[i].level] : 0;
      /* the last level is memory */
      return s->have_miss && caches[i].level + 1 < s->nlevels;
    }
  if (strcmp(name, "perf::TASK-CLOCK") == 0) {
    *what = "wall seconds of the run";
    *v = s->wall_s;
    return 1;
  }
  return 0;
}

/* The counters' section of the report: into doc (JSON) or as text. */
static void hwc_report(json_t *doc, const drv_hwc *h, hwc_side *s,
                       const char *prog) {
  const char *reason = drv_hwc_reason(h);
  if (!reason)
    side_misses(s);
  json_t *c = doc ? json_object() : NULL, *evs = doc ? json_array() : NULL;
  if (doc) {
    json_object_set_new(c, "library", json_string(drv_hwc_library(h)));
    json_object_set_new(c, "reason",
                        reason ? json_string(reason) : json_null());
    json_object_set_new(c, "events", evs);
    json_object_set_new(doc, "counters", c);
  } else if (reason)
    printf("counters: not measured here: %s\n", reason);
  else
    printf("counters (%s, whole run of %s; they include code greenc does not "
           "count, such as libm and the C library):\n",
           drv_hwc_library(h), prog);
  for (size_t i = 0; i < drv_hwc_nevents(h); i++) {
    const char *name, *why, *what = NULL;
    long long value = 0;
    int counted = drv_hwc_event(h, i, &name, &value, &why);
    double side = 0;
    int has_side = counted && hwc_compare(&what, &side, name, s);
    int task_clock = strcmp(name, "perf::TASK-CLOCK") == 0; /* ns */
    if (doc) {
      json_t *e = json_pack("{s:s}", "name", name);
      json_object_set_new(e, "value",
                          counted ? json_integer(value) : json_null());
      if (why)
        json_object_set_new(e, "note", json_string(why));
      if (has_side)
        json_object_set_new(e, "greenc",
                            json_pack("{s:s, s:f}", "what", what, "value",
                                      side * (task_clock ? 1e9 : 1)));
      json_array_append_new(evs, e);
      continue;
    }
    if (!counted) {
      if (!reason || strcmp(why, reason) != 0)
        printf("  %-18s not counted: %s\n", name, why);
      continue;
    }
    if (task_clock)
      printf("  %-18s %.4g s of CPU", name, (double)value * 1e-9);
    else
      printf("  %-18s %lld", name, value);
    if (has_side) {
      double ratio = task_clock ? (double)value * 1e-9 / side
                     : side > 0 ? (double)value / side
                                : 0;
      printf("   %s: %.6g", what, side);
      if (side > 0)
        printf(" (measured / greenc = %.3f)", ratio);
    }
    if (why)
      printf("   [%s]", why);
    printf("\n");
  }
}

static json_t *fig_json(const gc_val_figure *f) {
  json_t *o =
      json_pack("{s:s, s:b, s:I, s:b}", "what", f->what, "checked", f->checked,
                "dynamic", (json_int_t)f->dynamic, "ok", f->ok);
  if (!o)
    return NULL;
  if (f->checked) {
    json_object_set_new(o, "static_lo", json_integer(f->lo));
    json_object_set_new(o, "static_hi", json_integer(f->hi));
  } else {
    json_object_set_new(o, "note", json_string(f->note));
  }
  return o;
}

static json_t *figs_json(const gc_val_figure *f, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++)
    json_array_append_new(a, fig_json(&f[i]));
  return a;
}

static json_t *strs_json(const char *const *s, size_t n) {
  json_t *a = json_array();
  for (size_t i = 0; a && i < n; i++)
    json_array_append_new(a, json_string(s[i]));
  return a;
}

static void print_fig(FILE *out, const gc_val_figure *f) {
  if (f->lo == f->hi)
    fprintf(out, "    %-28s static %lld  dynamic %llu  %s\n", f->what,
            (long long)f->lo, (unsigned long long)f->dynamic,
            f->ok ? "equal" : "MISMATCH");
  else
    fprintf(out, "    %-28s static %lld..%lld  dynamic %llu  %s\n", f->what,
            (long long)f->lo, (long long)f->hi, (unsigned long long)f->dynamic,
            f->ok ? "within" : "MISMATCH");
}

int drv_validate(int argc, char **argv) {
  int rc = V_FAIL;
  const char *hwname = NULL, *format = "text";
  gc_view_kind view = GC_VIEW_EXECUTED;
  int traffic = 0, i = 0, view_given = 0;
  gc_error err = {0};
  gc_objset *objs = NULL;
  gc_profile_set *set = NULL;
  gc_dyncount *dyn = NULL;
  gc_validation *val = NULL;
  gc_hw *hw = NULL;
  gc_powercap *pc = NULL;
  gc_powercap_snapshot *s0 = NULL, *s1 = NULL;
  gc_powercap_energy *pe = NULL;
  drv_hwc *hwc = NULL;
  char **events = NULL; /* --counters, split at commas */
  size_t nevents = 0;
  const char *counters = NULL;
  json_t *doc = NULL;
  char dir[] = "/tmp/greenc-validate.XXXXXX";
  char *counts = NULL;
  int have_dir = 0;
  cg_fn *cg = NULL; /* --traffic: cachegrind's misses per function */
  size_t ncg = 0;

  for (; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      i++;
      break;
    }
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return V_OK;
    }
    if ((strcmp(a, "--hw") == 0 || strcmp(a, "--format") == 0 ||
         strcmp(a, "--view") == 0) &&
        i + 1 >= argc) {
      fprintf(stderr, PROG ": error: %s needs a value\n", a);
      return V_USAGE;
    }
    if (strcmp(a, "--hw") == 0)
      hwname = argv[++i];
    else if (strcmp(a, "--format") == 0)
      format = argv[++i];
    else if (strcmp(a, "--view") == 0) {
      const char *vw = argv[++i];
      if (strcmp(vw, "executed") == 0)
        view = GC_VIEW_EXECUTED;
      else if (strcmp(vw, "source") == 0)
        view = GC_VIEW_SOURCE;
      else {
        fprintf(stderr, PROG ": error: unknown view '%s' (source, executed)\n",
                vw);
        return V_USAGE;
      }
      view_given = 1;
    } else if (strcmp(a, "--traffic") == 0)
      traffic = 1;
    else if (strcmp(a, "--counters") == 0 ||
             strncmp(a, "--counters=", 11) == 0) {
      if (a[10] == '\0' && i + 1 >= argc) {
        fprintf(stderr, PROG ": error: %s needs a value\n", a);
        return V_USAGE;
      }
      counters = a[10] ? a + 11 : argv[++i];
      if (!*counters) {
        fprintf(stderr, PROG ": error: --counters needs a list of PAPI "
                             "events, or none\n");
        return V_USAGE;
      }
    } else if (a[0] == '-') {
      fprintf(stderr, PROG ": error: unknown option '%s'\n", a);
      usage(stderr);
      return V_USAGE;
    } else
      break;
  }
  if (i >= argc) {
    fprintf(stderr, PROG ": error: no program to run (greenc validate -- "
                         "PROGRAM [ARGS...])\n");
    return V_USAGE;
  }
  if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0) {
    fprintf(stderr, PROG ": error: unknown format '%s' (text, json)\n", format);
    return V_USAGE;
  }
  /* The counts do not need a model: without one (the default model does
   * not load) times are not estimated, the rest is validated. */
  char hw_note[GC_ERROR_MAX + 64] = "";
  if (gc_hw_load_named(&hw, hwname ? hwname : gc_hw_default_name(), NULL,
                       &err) != GC_OK) {
    if (hwname) {
      fprintf(stderr, PROG ": error: %s\n", err.msg);
      rc = err.code == GC_ENOTFOUND ? V_USAGE : V_INPUT;
      goto done;
    }
    fprintf(stderr,
            PROG ": warning: the default hardware model does not load (%s): "
                 "times are not estimated\n",
            err.msg);
    snprintf(hw_note, sizeof hw_note, "no hardware model: %.900s", err.msg);
    hw = NULL;
    memset(&err, 0, sizeof err);
  }
  char **prog = argv + i;
  /* The profiles: in the program itself (an executable keeps the section). */
  const char *path = prog[0];
  char *found = NULL;
  if (!strchr(path, '/')) {
    const char *p = getenv("PATH");
    while (p && *p && !found) {
      const char *c = strchr(p, ':');
      size_t l = c ? (size_t)(c - p) : strlen(p);
      if (asprintf(&found, "%.*s/%s", (int)l, p, path) < 0)
        found = NULL;
      else if (access(found, X_OK) != 0) {
        free(found);
        found = NULL;
      }
      p = c ? c + 1 : NULL;
    }
  }
  int orc = gc_objread_path(&objs, found ? found : path, &err);
  free(found);
  if (orc != GC_OK) {
    fprintf(stderr, PROG ": error: %s\n", err.msg);
    rc = V_INPUT;
    goto done;
  }
  if (gc_profile_set_new(&set) != GC_OK)
    goto done;
  for (size_t k = 0; k < gc_objset_count(objs); k++) {
    const gc_objrec *r = gc_objset_record(objs, k);
    if (gc_profile_set_add_json(set, r->payload, r->len, r->origin, &err) !=
        GC_OK)
      fprintf(stderr, PROG ": warning: %s\n", err.msg);
  }
  if (gc_profile_set_nprofiles(set) == 0) {
    fprintf(stderr,
            PROG ": error: %s has no greenc profile (build it with greencc "
                 "--energy=instrument)\n",
            path);
    rc = V_INPUT;
    goto done;
  }

  if (!mkdtemp(dir)) {
    fprintf(stderr, PROG ": error: cannot create a temporary directory: %s\n",
            strerror(errno));
    goto done;
  }
  have_dir = 1;
  if (asprintf(&counts, "%s/counts.json", dir) < 0) {
    counts = NULL;
    goto done;
  }
  /* Energy: powercap around the run, where the machine has it. */
  char energy_note[GC_ERROR_MAX + 64] = "";
  if (gc_powercap_open(&pc, NULL, &err) != GC_OK ||
      gc_powercap_snapshot_take(&s0, pc, &err) != GC_OK)
    snprintf(energy_note, sizeof energy_note, "not measurable here: %s",
             err.msg);
  /* Hardware counters through PAPI, unless --counters=none. */
  if (counters && strcmp(counters, "none") != 0) {
    char *copy = strdup(counters), *save = NULL;
    for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t;
         t = strtok_r(NULL, ",", &save)) {
      char **ne = realloc(events, (nevents + 1) * sizeof *ne);
      if (!ne || !(ne[nevents] = strdup(t))) {
        events = ne ? ne : events;
        free(copy);
        goto done;
      }
      events = ne;
      nevents++;
    }
    free(copy);
    if (!nevents)
      goto done;
  }
  int want_hwc = !counters || strcmp(counters, "none") != 0;
  int status = 0;
  double seconds = 0;
  if (run_program(&status, prog, counts, &seconds, want_hwc ? &hwc : NULL,
                  events ? (const char *const *)events : drv_hwc_default_events,
                  events ? nevents : drv_hwc_ndefault_events) != 0) {
    fprintf(stderr, PROG ": error: cannot run %s: %s\n", prog[0],
            strerror(errno));
    goto done;
  }
  double joules = -1;
  if (s0) {
    if (gc_powercap_snapshot_take(&s1, pc, &err) != GC_OK ||
        gc_powercap_delta(&pe, s0, s1, &err) != GC_OK ||
        gc_powercap_energy_domain(&joules, pe, "package", &err) != GC_OK)
      snprintf(energy_note, sizeof energy_note, "not measurable here: %s",
               err.msg);
  }
  if (status == 127) {
    rc = V_FAIL;
    goto done;
  }
  if (gc_dyncount_load_file(&dyn, counts, &err) != GC_OK) {
    fprintf(stderr,
            PROG ": error: the program wrote no counts (%s): was it built "
                 "with greencc --energy=instrument and did it exit normally "
                 "(status %d)?\n",
            err.msg, status);
    rc = V_INPUT;
    goto done;
  }
  /* By default the view the program counted (instrument=source counts the
   * source view's blocks). */
  if (!view_given && gc_dyncount_nfunctions(dyn) &&
      strcmp(gc_dyncount_function(dyn, 0)->view, "source") == 0)
    view = GC_VIEW_SOURCE;
  if (gc_validate(&val, set, dyn, view, &err) != GC_OK) {
    fprintf(stderr, PROG ": error: %s\n", err.msg);
    goto done;
  }

  /* --traffic: the run again under cachegrind with the model's caches. */
  gc_traffic_cache levels[GC_TRAFFIC_MAX_LEVELS];
  size_t nlevels = 0;
  char cg_note[GC_ERROR_MAX + 128] = "", cg_desc[512] = "";
  int cg_ok = 0;
  gc_error lerr = {0};
  int levels_rc = hw ? gc_traffic_caches_from_hw(
                           levels, &nlevels, GC_TRAFFIC_MAX_LEVELS, hw, &lerr)
                     : GC_OK;
  if (levels_rc != GC_OK)
    nlevels = 0;
  if (traffic) {
    char d1[96], ll[96];
    int w1 = 0, wl = 0;
    if (!hw)
      snprintf(cg_note, sizeof cg_note, "no hardware model");
    else if (levels_rc != GC_OK)
      snprintf(cg_note, sizeof cg_note, "%.900s", lerr.msg);
    else if (nlevels < 2)
      snprintf(cg_note, sizeof cg_note, "the model has no cache level");
    else if (!cg_geometry(d1, sizeof d1, levels[0].size_bytes,
                          levels[0].line_bytes, &w1) ||
             !cg_geometry(ll, sizeof ll, levels[nlevels - 2].size_bytes,
                          levels[nlevels - 2].line_bytes, &wl))
      snprintf(cg_note, sizeof cg_note,
               "cachegrind needs a power-of-two number of sets: %s or %s "
               "cannot be configured",
               levels[0].name, levels[nlevels - 2].name);
    else {
      char *cgout = NULL, *cnt2 = NULL;
      char a1[128], a2[128], a3[128], a4[600];
      snprintf(a1, sizeof a1, "--D1=%s", d1);
      snprintf(a2, sizeof a2, "--I1=%s", d1);
      snprintf(a3, sizeof a3, "--LL=%s", ll);
      if (asprintf(&cgout, "%s/cg.out", dir) < 0)
        cgout = NULL;
      if (asprintf(&cnt2, "%s/counts-cg.json", dir) < 0)
        cnt2 = NULL;
      if (!cgout || !cnt2) {
        free(cgout);
        free(cnt2);
        goto done;
      }
      snprintf(a4, sizeof a4, "--cachegrind-out-file=%s", cgout);
      size_t np = (size_t)(argc - i);
      char **vargv = calloc(np + 9, sizeof *vargv);
      if (!vargv) {
        free(cgout);
        free(cnt2);
        goto done;
      }
      size_t k = 0;
      vargv[k++] = "valgrind";
      vargv[k++] = "-q";
      vargv[k++] = "--tool=cachegrind";
      vargv[k++] = "--cache-sim=yes";
      vargv[k++] = a1;
      vargv[k++] = a2;
      vargv[k++] = a3;
      vargv[k++] = a4;
      for (size_t j = 0; j < np; j++)
        vargv[k++] = prog[j];
      vargv[k] = NULL;
      int vst = 0;
      double vsec = 0;
      if (run_program(&vst, vargv, cnt2, &vsec, NULL, NULL, 0) != 0 ||
          vst == 127)
        snprintf(cg_note, sizeof cg_note, "valgrind could not be run");
      else if (cg_read(&cg, &ncg, cgout) != 0)
        snprintf(cg_note, sizeof cg_note,
                 "cachegrind wrote no cache simulation (%s, status %d)", cgout,
                 vst);
      else {
        cg_ok = 1;
        snprintf(cg_desc, sizeof cg_desc,
                 "cachegrind D1 = %s %s (%d-way assumed), LL = %s %s (%d-way "
                 "assumed); the model's other levels are not simulated",
                 levels[0].name, d1, w1, levels[nlevels - 2].name, ll, wl);
      }
      unlink(cgout);
      unlink(cnt2);
      free(cgout);
      free(cnt2);
      free(vargv);
    }
    memset(&err, 0, sizeof err);
  }

  size_t nf = gc_validation_nfunctions(val);
  int json = strcmp(format, "json") == 0;
  hwc_side side = {.val = val,
                   .dyn = dyn,
                   .levels = nlevels ? levels : NULL,
                   .nlevels = nlevels,
                   .view = view,
                   .wall_s = seconds};
  if (json) {
    doc = json_pack("{s:i, s:s, s:s, s:i, s:f}", "greenc_validate", 1, "view",
                    gc_view_kind_name(view), "hw", hw ? gc_hw_name(hw) : "",
                    "exit_status", status, "seconds", seconds);
    if (!doc)
      goto done;
    json_object_set_new(doc, "functions", json_array());
  } else {
    printf("greenc validate: %s view, hardware %s; %s exited with status %d "
           "after %.3f s\n",
           gc_view_kind_name(view), hw ? gc_hw_name(hw) : "none", prog[0],
           status, seconds);
  }
  for (size_t k = 0; k < nf; k++) {
    const gc_val_function *vf = gc_validation_function(val, k);
    const gc_dyn_function *df = gc_dyncount_find(dyn, vf->name, vf->module);
    gc_range t = {0};
    if (vf->fn && df && hw)
      estimate_time(&t, set, vf, df, hw, view);
    else
      snprintf(t.reason, sizeof t.reason, "%.200s",
               hw ? "no profile" : hw_note);
    if (json) {
      json_t *f = json_pack(
          "{s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:o, s:o, s:o}", "name",
          vf->name, "module", vf->module, "status",
          gc_val_status_name(vf->status), "reason", vf->reason, "calls",
          (json_int_t)vf->calls, "tuples", (json_int_t)vf->ntuples, "blocks",
          figs_json(vf->blocks, vf->nblocks), "rows",
          figs_json(vf->rows, vf->nrows), "totals",
          figs_json(vf->totals, vf->ntotals), "findings",
          strs_json(vf->findings, vf->nfindings), "notes",
          strs_json(vf->notes, vf->nnotes));
      if (!f)
        goto done;
      json_t *tm = json_pack("{s:f}", "measured_s", vf->ns * 1e-9);
      if (t.known) {
        json_object_set_new(tm, "estimated_lo_s", json_real(t.lo));
        json_object_set_new(tm, "estimated_hi_s", json_real(t.hi));
      } else {
        json_object_set_new(tm, "estimated_reason", json_string(t.reason));
      }
      json_object_set_new(f, "time", tm);
      if (traffic) {
        json_t *tj = json_object();
        const cg_fn *c = NULL;
        for (size_t q = 0; cg_ok && q < ncg; q++)
          if (strcmp(cg[q].name, vf->name) == 0)
            c = &cg[q];
        double m[GC_TRAFFIC_MAX_LEVELS];
        int complete = 0;
        if (!cg_ok)
          json_object_set_new(tj, "note", json_string(cg_note));
        else if (!vf->fn || !df ||
                 predict_misses(m, &complete, vf, df, levels, nlevels, view) !=
                     0)
          json_object_set_new(tj, "note",
                              json_string("the traffic model failed"));
        else {
          json_object_set_new(tj, "predicted_d1_misses", json_real(m[0]));
          json_object_set_new(tj, "predicted_ll_misses",
                              json_real(m[nlevels - 2]));
          json_object_set_new(tj, "model_complete", json_boolean(complete));
          json_object_set_new(tj, "simulated_d1_misses",
                              json_integer(c ? (json_int_t)c->d1 : 0));
          json_object_set_new(tj, "simulated_ll_misses",
                              json_integer(c ? (json_int_t)c->ll : 0));
        }
        json_object_set_new(f, "traffic", tj);
      }
      json_array_append_new(json_object_get(doc, "functions"), f);
      continue;
    }
    size_t nunc = 0;
    for (size_t b = 0; b < vf->nblocks; b++)
      nunc += !vf->blocks[b].checked;
    for (size_t r = 0; r < vf->nrows; r++)
      nunc += !vf->rows[r].checked;
    for (size_t r = 0; r < vf->ntotals; r++)
      nunc += !vf->totals[r].checked;
    printf("\n%s  (%s)  %s", vf->name, vf->module,
           gc_val_status_name(vf->status));
    if (nunc)
      printf(", %zu figure%s not compared (notes)", nunc, nunc == 1 ? "" : "s");
    printf("\n");
    if (vf->status == GC_VAL_UNCHECKED)
      printf("  %s\n", vf->reason);
    printf("  calls %llu, distinct symbol tuples %zu\n",
           (unsigned long long)vf->calls, vf->ntuples);
    if (vf->nblocks) {
      size_t ok = 0;
      for (size_t b = 0; b < vf->nblocks; b++)
        ok += vf->blocks[b].checked && vf->blocks[b].ok;
      printf("  blocks: %zu of %zu equal or within their range\n", ok,
             vf->nblocks);
      for (size_t b = 0; b < vf->nblocks; b++)
        if (vf->blocks[b].checked && !vf->blocks[b].ok)
          print_fig(stdout, &vf->blocks[b]);
    }
    if (vf->nrows) {
      printf("  ops (static from the counting core, dynamic from the "
             "counters):\n");
      for (size_t r = 0; r < vf->nrows; r++)
        if (vf->rows[r].checked)
          print_fig(stdout, &vf->rows[r]);
    }
    if (vf->ntotals) {
      printf("  totals:\n");
      for (size_t r = 0; r < vf->ntotals; r++)
        if (vf->totals[r].checked)
          print_fig(stdout, &vf->totals[r]);
    }
    for (size_t n = 0; n < vf->nfindings; n++)
      printf("  finding: %s\n", vf->findings[n]);
    for (size_t n = 0; n < vf->nnotes; n++)
      printf("  note: %s\n", vf->notes[n]);
    if (t.known)
      printf("  time: estimated %.3g..%.3g s, measured %.3g s (inclusive "
             "wall time, instrumented)\n",
             t.lo, t.hi, vf->ns * 1e-9);
    else
      printf("  time: measured %.3g s; estimate unknown: %s\n", vf->ns * 1e-9,
             t.reason);
    if (traffic && cg_ok) {
      const cg_fn *c = NULL;
      for (size_t q = 0; q < ncg; q++)
        if (strcmp(cg[q].name, vf->name) == 0)
          c = &cg[q];
      double m[GC_TRAFFIC_MAX_LEVELS];
      int complete = 0;
      if (!vf->fn || !df ||
          predict_misses(m, &complete, vf, df, levels, nlevels, view) != 0)
        printf("  misses: the traffic model failed\n");
      else
        printf("  misses: %s predicted %.0f, simulated %llu; %s predicted "
               "%.0f, simulated %llu%s\n",
               levels[0].name, m[0], c ? c->d1 : 0ull, levels[nlevels - 2].name,
               m[nlevels - 2], c ? c->ll : 0ull,
               complete ? ""
                        : " (the model left accesses out: see greenc "
                          "report)");
    }
  }
  if (json) {
    if (traffic)
      json_object_set_new(doc, "traffic",
                          json_string(cg_ok ? cg_desc : cg_note));
    if (joules >= 0)
      json_object_set_new(doc, "energy_j", json_real(joules));
    else
      json_object_set_new(doc, "energy", json_string(energy_note));
    if (hwc)
      hwc_report(doc, hwc, &side, prog[0]);
    json_object_set_new(
        doc, "summary",
        json_pack(
            "{s:I, s:I, s:I}", "equal",
            (json_int_t)gc_validation_count(val, GC_VAL_EQUAL), "mismatch",
            (json_int_t)gc_validation_count(val, GC_VAL_MISMATCH), "unchecked",
            (json_int_t)gc_validation_count(val, GC_VAL_UNCHECKED)));
    if (json_dumpf(doc, stdout, JSON_INDENT(2)) != 0)
      goto done;
    printf("\n");
  } else {
    if (traffic && cg_ok)
      printf("\ntraffic: %s\n", cg_desc);
    else if (traffic)
      printf("\ntraffic: not simulated: %s\n", cg_note);
    if (joules >= 0)
      printf("\nenergy: %.6g J (package, whole program run)\n", joules);
    else
      printf("\nenergy: %s\n", energy_note);
    if (hwc)
      hwc_report(NULL, hwc, &side, prog[0]);
    printf("summary: %zu equal, %zu within, %zu mismatch, %zu unchecked\n",
           gc_validation_count(val, GC_VAL_EQUAL),
           gc_validation_count(val, GC_VAL_WITHIN),
           gc_validation_count(val, GC_VAL_MISMATCH),
           gc_validation_count(val, GC_VAL_UNCHECKED));
  }
  rc = gc_validation_count(val, GC_VAL_MISMATCH) ? V_MISMATCH : V_OK;
done:
  for (size_t q = 0; q < ncg; q++)
    free(cg[q].name);
  free(cg);
  if (rc == V_FAIL && err.msg[0] == '\0')
    fprintf(stderr, PROG ": error: out of memory or output error\n");
  json_decref(doc);
  gc_validation_free(val);
  gc_dyncount_free(dyn);
  gc_profile_set_free(set);
  gc_objset_free(objs);
  gc_hw_free(hw);
  gc_powercap_energy_free(pe);
  gc_powercap_snapshot_free(s0);
  gc_powercap_snapshot_free(s1);
  gc_powercap_free(pc);
  drv_hwc_free(hwc);
  for (size_t q = 0; q < nevents; q++)
    free(events[q]);
  free(events);
  if (counts) {
    unlink(counts);
    free(counts);
  }
  if (have_dir) {
    /* Forked children write counts.json.<pid> (not validated). */
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
      if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
        char *f = NULL;
        if (asprintf(&f, "%s/%s", dir, e->d_name) >= 0) {
          unlink(f);
          free(f);
        }
      }
    if (d)
      closedir(d);
    rmdir(dir);
  }
  return rc;
}
