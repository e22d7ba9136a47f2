/* calibrate.c: least-squares fits of measured times and the calibrated TOML
 * model (greenc/calibrate.h, docs/calibration.md).
 *
 * Fits are GSL's (gsl_fit_linear, gsl_fit_wmul). The writer re-emits the
 * parent's [[memory]] and [[throughput]] arrays (the loader replaces arrays
 * whole) with measured figures swapped in, so that the child loads to the
 * parent's model plus what was measured, each measured figure tagged
 * calibrated. */
#include "greenc/calibrate.h"

#include <gsl/gsl_fit.h>
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- statistics ---- */

int gc_calib_fit_line(gc_fit *out, const double *x, const double *y, size_t n,
                      gc_error *err) {
  if (!out || !x || !y || n < 2)
    return gc_error_set(err, GC_EINVAL,
                        "gc_calib_fit_line: need at least 2 points");
  int spread = 0;
  for (size_t i = 0; i < n; i++) {
    if (!isfinite(x[i]) || !isfinite(y[i]))
      return gc_error_set(err, GC_EINVAL,
                          "gc_calib_fit_line: point %zu is not finite", i);
    if (x[i] != x[0])
      spread = 1;
  }
  if (!spread)
    return gc_error_set(err, GC_EINVAL,
                        "gc_calib_fit_line: every x is %g: no slope", x[0]);
  double c0, c1, cov00, cov01, cov11, sumsq;
  gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
  double mean = 0, tss = 0;
  for (size_t i = 0; i < n; i++)
    mean += y[i] / (double)n;
  for (size_t i = 0; i < n; i++)
    tss += (y[i] - mean) * (y[i] - mean);
  memset(out, 0, sizeof *out);
  out->intercept = c0;
  out->slope = c1;
  out->intercept_sd = cov00 > 0 ? sqrt(cov00) : 0;
  out->slope_sd = cov11 > 0 ? sqrt(cov11) : 0;
  out->r2 = tss > 0 ? 1 - sumsq / tss : 1;
  out->n = n;
  return GC_OK;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int gc_calib_median(double *out, const double *v, size_t n, gc_error *err) {
  if (!out || !v || n == 0)
    return gc_error_set(err, GC_EINVAL, "gc_calib_median: no values");
  double *s = malloc(n * sizeof *s);
  if (!s)
    return gc_error_set(err, GC_ENOMEM, "gc_calib_median: out of memory");
  memcpy(s, v, n * sizeof *s);
  qsort(s, n, sizeof *s, cmp_double);
  *out = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  free(s);
  return GC_OK;
}

int gc_calib_fit_width(double *lanes, double *ops_per_cycle, double *rel_rms,
                       const double *width, const double *cpi, size_t n,
                       gc_error *err) {
  int rc = GC_OK;
  double *k = NULL, *w = NULL;
  if (!lanes || !ops_per_cycle || !rel_rms || !width || !cpi || n == 0)
    return gc_error_set(err, GC_EINVAL, "gc_calib_fit_width: no points");
  for (size_t i = 0; i < n; i++)
    if (!(width[i] > 0) || !(cpi[i] > 0) || !isfinite(cpi[i]))
      return gc_error_set(err, GC_EINVAL,
                          "gc_calib_fit_width: point %zu is not > 0", i);
  k = malloc(n * sizeof *k);
  w = malloc(n * sizeof *w);
  if (!k || !w) {
    rc = gc_error_set(err, GC_ENOMEM, "gc_calib_fit_width: out of memory");
    goto done;
  }
  double best_res = INFINITY, best_native = 0, best_inv = 0;
  for (size_t c = 0; c < n; c++) {
    double native = width[c];
    for (size_t i = 0; i < n; i++) {
      k[i] = ceil(width[i] / native - 1e-9);
      w[i] = 1 / (cpi[i] * cpi[i]);
    }
    double inv_slots, cov, sumsq;
    /* cpi = (1/slots) x k, weighted by 1/cpi^2: relative residuals */
    gsl_fit_wmul(k, 1, w, 1, cpi, 1, n, &inv_slots, &cov, &sumsq);
    int better = sumsq < best_res * 0.99 - 1e-12 ||
                 (sumsq <= best_res * 1.01 + 1e-12 && native < best_native);
    if (best_native == 0 || better) {
      best_res = sumsq;
      best_native = native;
      best_inv = inv_slots;
    }
  }
  if (!(best_inv > 0)) {
    rc = gc_error_set(err, GC_ERANGE, "gc_calib_fit_width: no positive rate");
    goto done;
  }
  *lanes = best_native;
  *ops_per_cycle = 2 * best_native / best_inv;
  *rel_rms = sqrt(best_res / (double)n);
done:
  free(k);
  free(w);
  return rc;
}

int gc_calib_fit_energy(double *pj, double *static_w, double *rel_rms,
                        const double *units, const double *seconds,
                        const double *joules, size_t n, size_t k,
                        gc_error *err) {
  int rc = GC_OK;
  gsl_matrix *X = NULL, *cov = NULL;
  gsl_vector *y = NULL, *w = NULL, *c = NULL;
  gsl_multifit_linear_workspace *ws = NULL;
  if (!pj || !static_w || !rel_rms || !units || !seconds || !joules || k == 0)
    return gc_error_set(err, GC_EINVAL, "gc_calib_fit_energy: bad argument");
  if (n < k + 2)
    return gc_error_set(err, GC_EINVAL,
                        "gc_calib_fit_energy: %zu runs for %zu coefficients: "
                        "need at least %zu",
                        n, k + 1, k + 2);
  for (size_t i = 0; i < n; i++) {
    int ok = isfinite(seconds[i]) && seconds[i] >= 0 && isfinite(joules[i]) &&
             joules[i] > 0;
    for (size_t j = 0; j < k; j++)
      ok = ok && isfinite(units[i * k + j]) && units[i * k + j] >= 0;
    if (!ok)
      return gc_error_set(err, GC_EINVAL,
                          "gc_calib_fit_energy: run %zu is not finite and "
                          "positive",
                          i);
  }
  X = gsl_matrix_alloc(n, k + 1);
  cov = gsl_matrix_alloc(k + 1, k + 1);
  y = gsl_vector_alloc(n);
  w = gsl_vector_alloc(n);
  c = gsl_vector_alloc(k + 1);
  ws = gsl_multifit_linear_alloc(n, k + 1);
  if (!X || !cov || !y || !w || !c || !ws) {
    rc = gc_error_set(err, GC_ENOMEM, "gc_calib_fit_energy: out of memory");
    goto done;
  }
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < k; j++) /* in pJ: coefficients come out in pJ */
      gsl_matrix_set(X, i, j, units[i * k + j] * 1e-12);
    gsl_matrix_set(X, i, k, seconds[i]);
    gsl_vector_set(y, i, joules[i]);
    gsl_vector_set(w, i, 1 / (joules[i] * joules[i]));
  }
  double chisq;
  size_t rank;
  /* tsvd: a rank-deficient design (a column never varies independently) is
   * detected instead of giving arbitrary coefficients */
  gsl_multifit_wlinear_tsvd(X, w, y, 1e-12, c, cov, &chisq, &rank, ws);
  if (rank < k + 1) {
    rc = gc_error_set(err, GC_ERANGE,
                      "gc_calib_fit_energy: the runs determine %zu of %zu "
                      "coefficients",
                      rank, k + 1);
    goto done;
  }
  for (size_t j = 0; j < k; j++)
    pj[j] = gsl_vector_get(c, j);
  *static_w = gsl_vector_get(c, k);
  *rel_rms = sqrt(chisq / (double)n);
done:
  gsl_matrix_free(X);
  gsl_matrix_free(cov);
  gsl_vector_free(y);
  gsl_vector_free(w);
  gsl_vector_free(c);
  gsl_multifit_linear_free(ws);
  return rc;
}

/* ---- the TOML writer ---- */

static void put_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; s && *s; s++) {
    if (*s == '"' || *s == '\\')
      fputc('\\', f);
    if ((unsigned char)*s < 0x20)
      fputc(' ', f);
    else
      fputc(*s, f);
  }
  fputc('"', f);
}

static void put_fig(FILE *f, const char *key, const gc_figure *g) {
  fprintf(f, "%s = { v = %.10g, tag = \"%s\", src = ", key, g->value,
          gc_tag_name(g->tag));
  put_str(f, g->src_key);
  if (g->note && g->note[0]) {
    fputs(", note = ", f);
    put_str(f, g->note);
  }
  fputs(" }\n", f);
}

static void put_cal(FILE *f, const char *key, double v, const char *src,
                    const char *note) {
  fprintf(f, "%s = { v = %.6g, tag = \"calibrated\", src = ", key, v);
  put_str(f, src);
  if (note && note[0]) {
    fputs(", note = ", f);
    put_str(f, note);
  }
  fputs(" }\n", f);
}

static void put_source(FILE *f, const char *key, const gc_calib *c,
                       const char *method) {
  char buf[1024];
  snprintf(buf, sizeof buf, "greenc calibrate, %s, on '%s': %s", c->date,
           c->machine, method);
  fprintf(f, "%s = ", key);
  put_str(f, buf);
  fputc('\n', f);
}

static const gc_calib_bw *find_bw(const gc_calib *c, const char *level) {
  for (size_t i = 0; i < c->nbw; i++)
    if (strcmp(c->bw[i].level, level) == 0)
      return &c->bw[i];
  return NULL;
}

static const gc_calib_tput *find_tput(const gc_calib *c, gc_ty ty) {
  for (size_t i = 0; i < c->ntput; i++)
    if (c->tput[i].ty == ty)
      return &c->tput[i];
  return NULL;
}

static void bw_key(char *key, size_t n, const char *level) {
  snprintf(key, n, "calib-bw-%s", level);
  for (char *p = key; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
      *p = '_';
}

static void put_tput(FILE *f, const gc_calib_tput *t) {
  char key[64];
  snprintf(key, sizeof key, "calib-tput-%s", gc_ty_name(t->ty));
  fprintf(f, "\n[[throughput]]\nunit = \"vector\"\nty = \"%s\"\n",
          gc_ty_name(t->ty));
  put_cal(f, "lanes", t->lanes, key, "the width whose issue rate fits best");
  put_cal(f, "ops_per_cycle", t->ops_per_cycle, key, "");
}

int gc_calib_write_model(FILE *out, const gc_hw *parent, const gc_calib *c,
                         gc_error *err) {
  if (!out || !parent || !c || !c->name[0])
    return gc_error_set(err, GC_EINVAL, "gc_calib_write_model: bad argument");
  char key[64], path[96];
  fprintf(out,
          "# %s: calibrated by `greenc calibrate` on %s, machine '%s'.\n"
          "# Inherits %s; the figures tagged calibrated were measured, every "
          "other one is the parent's.\n",
          c->name, c->date, c->machine, gc_hw_name(parent));
  fprintf(out, "schema = 1\nname = ");
  put_str(out, c->name);
  fprintf(out, "\ninherits = ");
  put_str(out, gc_hw_name(parent));
  if (strcmp(gc_hw_kind(parent), "tech") != 0) {
    fprintf(out, "\nvendor = ");
    put_str(out, gc_hw_vendor(parent));
  }
  fprintf(out, "\nkind = ");
  put_str(out, gc_hw_kind(parent));
  int year = atoi(c->date);
  if (year > 0)
    fprintf(out, "\nyear = %d", year);
  char desc[512];
  snprintf(desc, sizeof desc, "%s calibrated on '%s' (%s)", gc_hw_name(parent),
           c->machine, c->date);
  fprintf(out, "\ndescription = ");
  put_str(out, desc);
  fputs("\n\n[sources]\n", out);
  if (c->clock_ghz > 0)
    put_source(out, "calib-clock", c, c->clock_method);
  for (size_t i = 0; i < c->ntput; i++) {
    snprintf(key, sizeof key, "calib-tput-%s", gc_ty_name(c->tput[i].ty));
    put_source(out, key, c, c->tput[i].method);
  }
  for (size_t i = 0; i < c->nbw; i++) {
    bw_key(key, sizeof key, c->bw[i].level);
    put_source(out, key, c, c->bw[i].method);
  }
  for (size_t i = 0; i < c->nop; i++) {
    snprintf(key, sizeof key, "calib-issue-%s-%s", gc_ty_name(c->op[i].ty),
             gc_op_name(c->op[i].op));
    put_source(out, key, c, c->op[i].method);
  }
  if (c->cold_call_ns > 0)
    put_source(out, "calib-cold", c, c->cold_method);
  int en = c->energy_fitted;
  if (en)
    put_source(out, "calib-energy", c, c->energy_method);
  if (c->clock_ghz > 0 || (en && c->cores > 0))
    fputs("\n[chip]\n", out);
  if (c->clock_ghz > 0)
    put_cal(out, "boost_ghz", c->clock_ghz, "calib-clock",
            "one core, while the benchmark ran");
  if (en && c->cores > 0)
    put_cal(out, "cores", c->cores, "calib-energy",
            "online CPUs: the measured static power is this machine's");

  if (en && c->static_w >= 0) {
    fputs("\n[power]\n", out);
    put_cal(out, "static_w", c->static_w, "calib-energy",
            "the whole package's static power over this run");
  }
  if (en && c->instruction_pj >= 0) {
    fputs("\n[energy]\n", out);
    put_cal(out, "instruction_pj", c->instruction_pj, "calib-energy", "");
  }
  if (en && c->f64_fma_pj >= 0) {
    fputs("\n[energy.f64]\n", out);
    put_cal(out, "fma", c->f64_fma_pj, "calib-energy", "per lane");
  }
  if (en && c->f32_fma_pj >= 0) {
    fputs("\n[energy.f32]\n", out);
    put_cal(out, "fma", c->f32_fma_pj, "calib-energy", "per lane");
  }

  /* [issue_cycles.<ty>]: one table per type, in order of first appearance */
  for (size_t i = 0; i < c->nop; i++) {
    int seen = 0;
    for (size_t k = 0; k < i; k++)
      seen |= c->op[k].ty == c->op[i].ty;
    if (seen)
      continue;
    fprintf(out, "\n[issue_cycles.%s]\n", gc_ty_name(c->op[i].ty));
    for (size_t k = i; k < c->nop; k++) {
      if (c->op[k].ty != c->op[i].ty)
        continue;
      snprintf(key, sizeof key, "calib-issue-%s-%s", gc_ty_name(c->op[k].ty),
               gc_op_name(c->op[k].op));
      put_cal(out, gc_op_name(c->op[k].op), c->op[k].cycles, key,
              "cycles per scalar op, independent ops side by side");
    }
  }

  /* [[throughput]]: the parent's, measured entries swapped in */
  size_t nt = gc_hw_nthroughputs(parent);
  int written[GC_CALIB_MAX] = {0};
  if (c->ntput > 0) {
    for (size_t i = 0; i < nt; i++) {
      gc_hw_throughput t;
      if (gc_hw_throughput_at(&t, parent, i) != GC_OK)
        continue;
      const gc_calib_tput *m =
          strcmp(t.unit, "vector") == 0 ? find_tput(c, t.ty) : NULL;
      if (m) {
        put_tput(out, m);
        written[m - c->tput] = 1;
        continue;
      }
      fprintf(out, "\n[[throughput]]\nunit = \"%s\"\nty = \"%s\"\n", t.unit,
              gc_ty_name(t.ty));
      if (t.lanes.present)
        put_fig(out, "lanes", &t.lanes);
      if (t.ops_per_cycle.present)
        put_fig(out, "ops_per_cycle", &t.ops_per_cycle);
    }
    for (size_t i = 0; i < c->ntput; i++)
      if (!written[i])
        put_tput(out, &c->tput[i]);
  }

  /* [[memory]]: the parent's levels (DRAM excluded), bandwidths swapped in */
  size_t nl = gc_hw_nlevels(parent);
  int any_level = 0;
  for (size_t i = 0; i < c->nbw; i++)
    if (strcmp(c->bw[i].level, "DRAM") != 0)
      any_level = 1;
  static const char *keys[] = {"size_kib",         "line_bytes",
                               "read_gbs",         "write_gbs",
                               "read_pj_per_byte", "write_pj_per_byte"};
  for (size_t i = 0; any_level && i < nl; i++) {
    gc_hw_level l;
    if (gc_hw_level_at(&l, parent, i) != GC_OK || l.is_dram)
      continue;
    const gc_calib_bw *m = find_bw(c, l.name);
    fputs("\n[[memory]]\nname = ", out);
    put_str(out, l.name);
    fputs("\nsharing = ", out);
    put_str(out, l.sharing);
    fputc('\n', out);
    double lpj = m && en ? c->level_pj_per_byte[m - c->bw] : -1;
    for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
      int rd = strcmp(keys[k], "read_gbs") == 0,
          wr = strcmp(keys[k], "write_gbs") == 0;
      if (lpj >= 0 && strcmp(keys[k], "read_pj_per_byte") == 0) {
        put_cal(out, keys[k], lpj, "calib-energy", "");
        continue;
      }
      if (m && ((rd && m->read_gbs > 0) || (wr && m->write_gbs > 0))) {
        bw_key(key, sizeof key, l.name);
        put_cal(out, keys[k], rd ? m->read_gbs : m->write_gbs, key, "one core");
        continue;
      }
      snprintf(path, sizeof path, "memory[%zu].%s", i, keys[k]);
      gc_figure g = gc_hw_figure(parent, path);
      if (g.present)
        put_fig(out, keys[k], &g);
    }
  }
  const gc_calib_bw *d = find_bw(c, "DRAM");
  double dpj = d && en ? c->level_pj_per_byte[d - c->bw] : -1;
  if ((d && (d->read_gbs > 0 || d->write_gbs > 0 || dpj >= 0)) ||
      c->cold_call_ns > 0) {
    bw_key(key, sizeof key, "DRAM");
    fputs("\n[dram]\n", out);
    if (dpj >= 0)
      put_cal(out, "pj_per_bit", dpj / 8, "calib-energy",
              "fitted on reads, charged to writes too");
    if (d && d->read_gbs > 0)
      put_cal(out, "read_gbs", d->read_gbs, key,
              "one core: the chip's bandwidth with every core busy is higher");
    if (d && d->write_gbs > 0)
      put_cal(out, "write_gbs", d->write_gbs, key,
              "one core: the chip's bandwidth with every core busy is higher");
    if (c->cold_call_ns > 0)
      put_cal(out, "cold_call_ns", c->cold_call_ns, "calib-cold",
              "a call's fixed cost when it starts with cold caches and TLBs");
  }
  if (fflush(out) != 0 || ferror(out))
    return gc_error_set(err, GC_EIO, "gc_calib_write_model: write failed");
  return GC_OK;
}

/* 1 when the calibration replaces the parent's figure at path. */
static int replaced(const char *path, const gc_hw *parent, const gc_calib *c) {
  if (strcmp(path, "chip.boost_ghz") == 0)
    return c->clock_ghz > 0;
  const gc_calib_bw *d = find_bw(c, "DRAM");
  int en = c->energy_fitted;
  if (en && strcmp(path, "chip.cores") == 0)
    return c->cores > 0;
  if (en && strcmp(path, "power.static_w") == 0)
    return c->static_w >= 0;
  if (en && strcmp(path, "energy.instruction_pj") == 0)
    return c->instruction_pj >= 0;
  if (en && strcmp(path, "energy.f64.fma") == 0)
    return c->f64_fma_pj >= 0;
  if (en && strcmp(path, "energy.f32.fma") == 0)
    return c->f32_fma_pj >= 0;
  if (en && strcmp(path, "dram.pj_per_bit") == 0)
    return d && c->level_pj_per_byte[d - c->bw] >= 0;
  if (strcmp(path, "dram.cold_call_ns") == 0)
    return c->cold_call_ns > 0;
  if (strcmp(path, "dram.read_gbs") == 0)
    return d && d->read_gbs > 0;
  if (strcmp(path, "dram.write_gbs") == 0)
    return d && d->write_gbs > 0;
  size_t i;
  char field[64];
  for (i = 0; i < c->nop; i++) {
    char p[64];
    snprintf(p, sizeof p, "issue_cycles.%s.%s", gc_ty_name(c->op[i].ty),
             gc_op_name(c->op[i].op));
    if (strcmp(path, p) == 0)
      return 1;
  }
  if (sscanf(path, "memory[%zu].%63s", &i, field) == 2) {
    gc_hw_level l;
    if (gc_hw_level_at(&l, parent, i) != GC_OK)
      return 0;
    const gc_calib_bw *m = find_bw(c, l.name);
    return m && ((strcmp(field, "read_gbs") == 0 && m->read_gbs > 0) ||
                 (strcmp(field, "write_gbs") == 0 && m->write_gbs > 0) ||
                 (en && strcmp(field, "read_pj_per_byte") == 0 &&
                  c->level_pj_per_byte[m - c->bw] >= 0));
  }
  if (sscanf(path, "throughput[%zu].%63s", &i, field) == 2) {
    gc_hw_throughput t;
    if (gc_hw_throughput_at(&t, parent, i) != GC_OK)
      return 0;
    return strcmp(t.unit, "vector") == 0 && find_tput(c, t.ty) != NULL;
  }
  return 0;
}

size_t gc_calib_inherited(char *buf, size_t size, const gc_hw *parent,
                          const gc_calib *c) {
  size_t len = 0, count = 0, nenergy = 0;
  if (buf && size)
    buf[0] = '\0';
  if (!parent || !c)
    return 0;
  size_t nf = gc_hw_nfigures(parent);
  for (size_t i = 0; i < nf; i++) {
    gc_figure g;
    const char *path = NULL;
    if (gc_hw_figure_at(&g, &path, parent, i) != GC_OK || !path)
      continue;
    if (replaced(path, parent, c))
      continue;
    count++;
    if (strncmp(path, "energy.", 7) == 0) {
      nenergy++;
      continue;
    }
    if (buf && len + strlen(path) + 3 < size)
      len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "",
                              path);
  }
  if (nenergy && buf && len + 40 < size)
    snprintf(buf + len, size - len, "%senergy.* (%zu figures)", len ? ", " : "",
             nenergy);
  return count;
}
