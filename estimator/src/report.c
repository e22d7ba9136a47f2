/* report.c: build a gc_report from a profile set (counts per function, per
 * top-level loop nest and for the whole set, each estimated on the hardware
 * model when there is one) and dispatch to the writers. See greenc/report.h. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "greenc/count.h"
#include "greenc/expr.h"
#include "greenc/traffic.h"
#include "report_impl.h"

static char *xdup(const char *s) { return s ? strdup(s) : NULL; }

int gc_report_format_parse(gc_report_format *out, const char *name) {
  static const struct {
    const char *name;
    gc_report_format fmt;
  } names[] = {{"text", GC_REPORT_TEXT},   {"json", GC_REPORT_JSON},
               {"md", GC_REPORT_MD},       {"markdown", GC_REPORT_MD},
               {"sarif", GC_REPORT_SARIF}, {"html", GC_REPORT_HTML}};
  for (size_t i = 0; name && i < sizeof names / sizeof *names; i++)
    if (strcmp(name, names[i].name) == 0) {
      *out = names[i].fmt;
      return GC_OK;
    }
  return GC_EINVAL;
}

const char *gc_report_format_name(gc_report_format fmt) {
  switch (fmt) {
  case GC_REPORT_TEXT:
    return "text";
  case GC_REPORT_JSON:
    return "json";
  case GC_REPORT_MD:
    return "md";
  case GC_REPORT_SARIF:
    return "sarif";
  case GC_REPORT_HTML:
    return "html";
  }
  return "?";
}

static void rq_free(rq *q) {
  free(q->formula);
  free(q->formula_lo);
  free(q->lo_str);
  free(q->hi_str);
  free(q->reason);
  memset(q, 0, sizeof *q);
}

static int rq_copy(rq *out, const gc_quantity *q) {
  out->status = q->status;
  out->numeric = q->numeric;
  out->lo = q->lo;
  out->hi = q->hi;
  out->formula = xdup(q->formula);
  out->formula_lo = xdup(q->formula_lo);
  out->lo_str = xdup(q->numeric ? q->lo_str : NULL);
  out->hi_str = xdup(q->numeric ? q->hi_str : NULL);
  out->reason = strdup(q->reason ? q->reason : "");
  if ((q->formula && !out->formula) || (q->formula_lo && !out->formula_lo) ||
      !out->reason || (q->numeric && q->lo_str && !out->lo_str) ||
      (q->numeric && q->hi_str && !out->hi_str))
    return GC_ENOMEM;
  return GC_OK;
}

static void rsum_free(rsum *s) {
  free(s->fail);
  for (int t = 0; t < GC_TOTAL_COUNT_; t++)
    rq_free(&s->tot[t]);
  rq_free(&s->bytes);
  for (size_t i = 0; i < s->nrows; i++) {
    free(s->rows[i].callee);
    rq_free(&s->rows[i].n);
    rq_free(&s->rows[i].bytes);
  }
  free(s->rows);
  for (size_t i = 0; i < s->nunbound; i++)
    free(s->unbound[i]);
  free(s->unbound);
  for (size_t i = 0; i < s->nnotes; i++)
    free(s->notes[i]);
  free(s->notes);
  free(s->est_fail);
  memset(s, 0, sizeof *s);
}

/* When sizes are unbound, an unknown estimate is first of all for that reason:
 * say it in the user's terms rather than through the estimator's chain of
 * consequences ("instruction count unknown: unbounded count: ..."). */
static void say_unbound(rsum *s) {
  char why[256];
  size_t n = (size_t)snprintf(why, sizeof why, "sizes not bound:");
  for (size_t i = 0; i < s->nunbound && n < sizeof why; i++)
    n += (size_t)snprintf(why + n, sizeof why - n, "%s %s", i ? "," : "",
                          s->unbound[i]);
  gc_range *rs[] = {&s->est.energy_j,        &s->est.energy_compute_j,
                    &s->est.energy_memory_j, &s->est.energy_static_j,
                    &s->est.time_s,          &s->est.time_compute_s,
                    &s->est.time_memory_s,   &s->est.carbon_g};
  for (size_t i = 0; i < sizeof rs / sizeof *rs; i++)
    if (!rs[i]->known)
      snprintf(rs[i]->reason, sizeof rs[i]->reason, "%s", why);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names every function of set calls (in the counted view), sorted; *out
 * is malloc'd (the strings point into the set). */
static int called_names(const char ***out, size_t *n, const gc_profile_set *set,
                        gc_view_kind view) {
  const char **v = NULL;
  size_t cap = 0;
  *n = 0;
  for (size_t p = 0; p < gc_profile_set_nprofiles(set); p++) {
    const gc_profile *pr = gc_profile_set_profile(set, p);
    for (size_t f = 0; f < gc_profile_nfunctions(pr); f++) {
      const gc_view *vw = gc_function_view(gc_profile_function(pr, f), view);
      for (size_t b = 0; vw && b < gc_view_nblocks(vw); b++) {
        const gc_block *bl = gc_view_block(vw, b);
        for (size_t k = 0; k < bl->nops; k++) {
          if (bl->ops[k].op != GC_OP_CALL || !bl->ops[k].callee)
            continue;
          if (*n == cap) {
            cap = cap ? cap * 2 : 64;
            const char **nv = realloc(v, cap * sizeof *nv);
            if (!nv) {
              free(v);
              return GC_ENOMEM;
            }
            v = nv;
          }
          v[(*n)++] = bl->ops[k].callee;
        }
      }
    }
  }
  if (*n)
    qsort(v, *n, sizeof *v, cmp_str);
  *out = v;
  return GC_OK;
}

/* Memory traffic (greenc/traffic.h) of fn's nest `loop` (0: all of fn), or
 * of the root functions of prof (of the set when prof is NULL) when fn is
 * NULL, added into *tr. Returns 0 when no traffic can be modelled. */
static int traffic_of(gc_est_traffic *tr, const gc_profile_set *set,
                      const gc_profile *prof, const gc_function *fn,
                      const gc_report_opts *opts, unsigned loop) {
  gc_traffic_cache lv[GC_TRAFFIC_MAX_LEVELS];
  size_t nl = 0;
  gc_error err = {0};
  if (gc_traffic_caches_from_hw(lv, &nl, GC_TRAFFIC_MAX_LEVELS, opts->hw,
                                &err) != GC_OK) {
    /* no traffic model on this hardware: the estimate says why */
    tr->nlevels = 0;
    snprintf(tr->note, sizeof tr->note, "%.200s", err.msg);
    return 1;
  }
  if (!fn) {
    int any = 0;
    const char **called = NULL;
    size_t ncalled = 0;
    if (called_names(&called, &ncalled, set, opts->view) != GC_OK)
      return 0;
    for (size_t p = 0; p < gc_profile_set_nprofiles(set); p++) {
      const gc_profile *pr = gc_profile_set_profile(set, p);
      if (prof && pr != prof)
        continue;
      for (size_t f = 0; f < gc_profile_nfunctions(pr); f++) {
        const gc_function *g = gc_profile_function(pr, f);
        const char *name = gc_function_name(g);
        if (!ncalled ||
            !bsearch(&name, called, ncalled, sizeof *called, cmp_str))
          any |= traffic_of(tr, set, pr, g, opts, 0);
      }
    }
    free(called);
    return any;
  }
  gc_traffic *t = NULL;
  gc_traffic_opts to = {.view = opts->view,
                        .bindings = opts->bindings,
                        .nbindings = opts->nbindings,
                        .loop = loop};
  if (gc_traffic_compute(&t, fn, lv, nl, &to, &err) != GC_OK)
    return 0;
  gc_est_traffic one;
  gc_traffic_to_est(&one, t);
  gc_traffic_free(t);
  tr->nlevels = one.nlevels;
  tr->covered_read_bytes += one.covered_read_bytes;
  tr->covered_write_bytes += one.covered_write_bytes;
  for (size_t i = 0; i < one.nlevels; i++) {
    tr->read_bytes[i] += one.read_bytes[i];
    tr->write_bytes[i] += one.write_bytes[i];
  }
  size_t len = strlen(tr->note);
  if (one.note[0] && len + 3 < sizeof tr->note && !strstr(tr->note, one.note)) {
    const char *sep = len ? "; " : "";
    size_t room = sizeof tr->note - len - 1, k = 0;
    for (const char *q = sep; *q && k < room; q++)
      tr->note[len + k++] = *q;
    for (const char *q = one.note; *q && k < room; q++)
      tr->note[len + k++] = *q;
    tr->note[len + k] = '\0';
  }
  return 1;
}

/* Whether loop id of v lies in the nest of top-level loop `nest`. */
static int in_nest_of(const gc_view *v, unsigned id, unsigned nest) {
  const gc_loop *l = gc_view_find_loop(v, id);
  for (size_t d = 0; l && l->parent && d <= gc_view_nloops(v); d++)
    l = gc_view_find_loop(v, l->parent);
  return l && l->id == nest;
}

/* r's chain length (mean iterations per entry into loop l: its iterations per
 * call over its parent's, when both are exact) and the ops l's own blocks issue
 * per iteration, for the estimator's out-of-order overlap; left 0 when not
 * known. */
static void rec_shape(gc_est_recurrence *r, const gc_function *fn,
                      const gc_view *v, const gc_loop *l,
                      const gc_count_opts *co) {
  double entries = 1, plo = 0, phi = 0;
  if (l->parent) {
    gc_error err = {0};
    if (gc_count_loop_iterations(&plo, &phi, NULL, 0, fn, l->parent, co,
                                 &err) != GC_OK ||
        plo != phi || !(phi > 0))
      return;
    entries = phi;
  }
  if (r->iters_lo != r->iters_hi || !isfinite(r->iters_hi) ||
      !(r->iters_hi > 0))
    return;
  double ops = 0;
  for (size_t b = 0; b < gc_view_nblocks(v); b++) {
    const gc_block *bl = gc_view_block(v, b);
    if (bl->loop != l->id)
      continue;
    for (size_t k = 0; k < bl->nops; k++)
      ops += (double)bl->ops[k].n;
  }
  r->trip = r->iters_hi / entries;
  r->body_ops = ops;
}

/* The critical recurrences of fn's loops (of nest `loop` only, when not 0)
 * with their iterations per call times calls (mult_lo .. mult_hi), appended
 * to *recs; fn's symbols bound by bind (module params first). Calls to
 * functions of the set are followed (depth 4): the callee's parameters bound
 * to the caller's numeric arguments, its loops' iterations times the calls. */
static int recs_of_function(gc_est_recurrence **recs, size_t *n, size_t *cap,
                            const gc_profile_set *set, const gc_function *fn,
                            const gc_report_opts *opts, unsigned loop,
                            const gc_binding *bind, size_t nbind,
                            double mult_lo, double mult_hi, int depth) {
  const gc_view *v = gc_function_view(fn, opts->view);
  gc_count_opts co = {.view = opts->view, .bindings = bind, .nbindings = nbind};
  int rc = GC_OK;
  for (size_t i = 0; v && i < gc_view_nloops(v); i++) {
    const gc_loop *l = gc_view_loop(v, i);
    if (!l->nrec || (loop && !in_nest_of(v, l->id, loop)))
      continue;
    /* the code as written: a chain the optimiser may reassociate (an
     * integer reduction) is not what runs */
    if (l->rec_reassoc && opts->view == GC_VIEW_SOURCE)
      continue;
    if (*n == *cap) {
      size_t nc = *cap ? *cap * 2 : 8;
      gc_est_recurrence *t = realloc(*recs, nc * sizeof *t);
      if (!t)
        return GC_ENOMEM;
      *recs = t;
      *cap = nc;
    }
    gc_est_recurrence *r = &(*recs)[*n];
    memset(r, 0, sizeof *r);
    r->loop = l->id;
    r->line = l->line;
    r->function = depth > 0 ? gc_function_name(fn) : NULL;
    gc_error err = {0};
    rc = gc_count_loop_iterations(&r->iters_lo, &r->iters_hi, NULL, 0, fn,
                                  l->id, &co, &err);
    if (rc == GC_ENOMEM)
      return rc;
    if (rc != GC_OK) {
      r->iters_lo = 0;
      r->iters_hi = INFINITY;
    }
    rec_shape(r, fn, v, l, &co);
    r->iters_lo *= mult_lo;
    r->iters_hi = r->iters_hi == 0 ? 0 : r->iters_hi * mult_hi;
    for (size_t k = 0; k < l->nrec && r->nops < GC_EST_MAX_CHAIN; k++) {
      r->ops[r->nops].op = l->rec[k].op;
      r->ops[r->nops].ty = l->rec[k].ty;
      r->ops[r->nops].lanes = l->rec[k].lanes;
      r->ops[r->nops].n = (double)l->rec[k].n;
      r->nops++;
    }
    (*n)++;
  }
  if (depth >= 4)
    return GC_OK;
  gc_env env = {bind, nbind, NULL, NULL, 0};
  for (size_t b = 0; v && b < gc_view_nblocks(v); b++) {
    const gc_block *bl = gc_view_block(v, b);
    if (loop && (!bl->loop || !in_nest_of(v, bl->loop, loop)))
      continue;
    for (size_t k = 0; k < bl->nops; k++) {
      const gc_op_entry *op = &bl->ops[k];
      if (op->op != GC_OP_CALL || !op->has_args || !op->callee)
        continue;
      const gc_function *g = gc_profile_set_find_function(
          set, op->callee, gc_function_profile(fn));
      if (!g || g == fn)
        continue;
      /* calls: n per execution of the block, the block on every iteration of
       * its loop (at most; 0 at least when it is conditional) */
      double c_lo = 1, c_hi = 1;
      if (bl->loop) {
        gc_error err = {0};
        if (gc_count_loop_iterations(&c_lo, &c_hi, NULL, 0, fn, bl->loop, &co,
                                     &err) == GC_ENOMEM)
          return GC_ENOMEM;
      }
      if (bl->cond != GC_COND_ALWAYS || bl->skip_last)
        c_lo = 0;
      c_lo *= (double)op->n;
      c_hi *= (double)op->n;
      /* the callee's module params, then its parameters from the arguments */
      const gc_profile *gp = gc_function_profile(g);
      size_t np = gc_profile_nparams(gp), na = gc_function_nparams(g), nb = 0;
      gc_binding *cb = calloc(np + na + nbind + 1, sizeof *cb);
      if (!cb)
        return GC_ENOMEM;
      for (size_t q = 0; q < np; q++)
        cb[nb++] = gc_profile_params(gp)[q];
      for (size_t a = 0; a < op->nargs && a < na; a++) {
        int64_t val = 0;
        gc_error err = {0};
        if (!op->args_expr[a] || gc_expr_uses_any_index(op->args_expr[a]) ||
            gc_expr_eval(&val, op->args_expr[a], &env, &err) != GC_OK)
          continue;
        cb[nb].name = gc_function_param(g, a)->name;
        cb[nb++].value = val;
      }
      rc = recs_of_function(recs, n, cap, set, g, opts, 0, cb, nb,
                            mult_lo * c_lo, mult_hi * c_hi, depth + 1);
      free(cb);
      if (rc != GC_OK)
        return rc;
    }
  }
  return GC_OK;
}

/* fn's symbols: its module params, then the user's bindings (the last binding
 * of a name wins); *out malloc'd. */
static int fn_bindings(gc_binding **out, size_t *n, const gc_function *fn,
                       const gc_report_opts *opts) {
  const gc_profile *p = gc_function_profile(fn);
  size_t np = gc_profile_nparams(p);
  *n = 0;
  if (!(*out = calloc(np + opts->nbindings + 1, sizeof **out)))
    return GC_ENOMEM;
  for (size_t k = 0; k < np; k++)
    (*out)[(*n)++] = gc_profile_params(p)[k];
  for (size_t k = 0; k < opts->nbindings; k++)
    (*out)[(*n)++] = opts->bindings[k];
  return GC_OK;
}

static int recs_of_root(gc_est_recurrence **recs, size_t *n, size_t *cap,
                        const gc_profile_set *set, const gc_function *fn,
                        const gc_report_opts *opts, unsigned loop) {
  gc_binding *b = NULL;
  size_t nb = 0;
  int rc = fn_bindings(&b, &nb, fn, opts);
  if (rc == GC_OK)
    rc = recs_of_function(recs, n, cap, set, fn, opts, loop, b, nb, 1, 1, 0);
  free(b);
  return rc;
}

/* Recurrences of fn (nest `loop`), or of the root functions of prof (of the
 * whole set when prof is NULL) when fn is NULL, with the callees'. */
static int recs_of(gc_est_recurrence **recs, size_t *n,
                   const gc_profile_set *set, const gc_profile *prof,
                   const gc_function *fn, const gc_report_opts *opts,
                   unsigned loop) {
  size_t cap = 0;
  *recs = NULL;
  *n = 0;
  if (fn)
    return recs_of_root(recs, n, &cap, set, fn, opts, loop);
  const char **called = NULL;
  size_t ncalled = 0;
  int rc = called_names(&called, &ncalled, set, opts->view);
  for (size_t p = 0; rc == GC_OK && p < gc_profile_set_nprofiles(set); p++) {
    const gc_profile *pr = gc_profile_set_profile(set, p);
    if (prof && pr != prof)
      continue;
    for (size_t f = 0; rc == GC_OK && f < gc_profile_nfunctions(pr); f++) {
      const gc_function *g = gc_profile_function(pr, f);
      const char *name = gc_function_name(g);
      if (!ncalled || !bsearch(&name, called, ncalled, sizeof *called, cmp_str))
        rc = recs_of_root(recs, n, &cap, set, g, opts, 0);
    }
  }
  free(called);
  return rc;
}

/* Fill s from counts c and, with hw, an estimate (on the traffic tr when not
 * NULL, with the recurrences recs). */
static int fill_sum(rsum *s, const gc_counts *c, const gc_report_opts *opts,
                    const gc_est_traffic *tr, const gc_est_recurrence *recs,
                    size_t nrecs) {
  int rc = GC_ENOMEM;
  gc_opcount *rows = NULL;
  size_t nrows = 0;
  gc_error err = {0};
  s->counted = 1;
  s->status = gc_counts_status(c);
  for (int t = 0; t < GC_TOTAL_COUNT_; t++)
    if (rq_copy(&s->tot[t], gc_counts_total(c, (gc_total)t)) != GC_OK)
      goto done;
  /* bytes moved: the counter's own sum (formula and exact value) */
  if (rq_copy(&s->bytes, gc_counts_bytes(c)) != GC_OK)
    goto done;
  s->nrows = gc_counts_nrows(c);
  if (s->nrows && !(s->rows = calloc(s->nrows, sizeof *s->rows)))
    goto done;
  for (size_t i = 0; i < s->nrows; i++) {
    const gc_count_row *r = gc_counts_row(c, i);
    rrow *o = &s->rows[i];
    o->op = r->op;
    o->ty = r->ty;
    o->lanes = r->lanes;
    o->role = r->role;
    if ((r->callee && !(o->callee = strdup(r->callee))) ||
        rq_copy(&o->n, &r->n) != GC_OK ||
        rq_copy(&o->bytes, &r->bytes) != GC_OK)
      goto done;
  }
  s->nunbound = gc_counts_nunbound(c);
  if (s->nunbound && !(s->unbound = calloc(s->nunbound, sizeof *s->unbound)))
    goto done;
  for (size_t i = 0; i < s->nunbound; i++)
    if (!(s->unbound[i] = strdup(gc_counts_unbound(c, i))))
      goto done;
  s->nnotes = gc_counts_nnotes(c);
  if (s->nnotes && !(s->notes = calloc(s->nnotes, sizeof *s->notes)))
    goto done;
  for (size_t i = 0; i < s->nnotes; i++)
    if (!(s->notes[i] = strdup(gc_counts_note(c, i))))
      goto done;

  if (!opts->hw) {
    s->estimated = 0;
    if (!(s->est_fail = strdup(opts->no_hw_reason ? opts->no_hw_reason
                                                  : "no hardware model")))
      goto done;
  } else if (gc_counts_to_opcount(&rows, &nrows, c, &err) != GC_OK ||
             gc_estimate_compute_full(&s->est, opts->hw, rows, nrows,
                                      &opts->est, tr, recs, nrecs,
                                      &err) != GC_OK) {
    s->estimated = 0;
    if (!(s->est_fail = strdup(err.msg[0] ? err.msg : "the estimate failed")))
      goto done;
  } else {
    s->estimated = 1;
    if (s->nunbound)
      say_unbound(s);
  }
  rc = GC_OK;
done:
  free(rows);
  return rc;
}

/* Count with the given options into s; a counting failure is kept in s->fail,
 * only GC_ENOMEM is returned. */
static int count_into(rsum *s, const gc_profile_set *set,
                      const gc_profile *prof, const gc_function *fn,
                      const gc_report_opts *opts, unsigned loop) {
  gc_counts *c = NULL;
  gc_error err = {0};
  gc_count_opts co = {.view = opts->view,
                      .bindings = opts->bindings,
                      .nbindings = opts->nbindings,
                      .loop = loop,
                      .no_row_formulas = opts->no_row_formulas};
  int rc = fn ? gc_count_function(&c, set, fn, &co, &err)
              : gc_count_roots(&c, set, prof, &co, &err);
  if (rc == GC_ENOMEM)
    return rc;
  if (rc != GC_OK) {
    s->counted = 0;
    s->fail = strdup(err.msg[0] ? err.msg : gc_status_name(rc));
    return s->fail ? GC_OK : GC_ENOMEM;
  }
  gc_est_traffic tr;
  memset(&tr, 0, sizeof tr);
  int have_tr = opts->hw && traffic_of(&tr, set, prof, fn, opts, loop);
  gc_est_recurrence *recs = NULL;
  size_t nrecs = 0;
  rc = opts->hw ? recs_of(&recs, &nrecs, set, prof, fn, opts, loop) : GC_OK;
  if (rc == GC_OK)
    rc = fill_sum(s, c, opts, have_tr ? &tr : NULL, recs, nrecs);
  free(recs);
  gc_counts_free(c);
  return rc;
}

static int build_function(rfunc *f, const gc_profile_set *set,
                          const gc_profile *prof, const gc_function *fn,
                          const gc_report_opts *opts) {
  f->name = xdup(gc_function_name(fn));
  f->file = xdup(gc_function_file(fn));
  f->origin = xdup(gc_profile_origin(prof));
  f->line = gc_function_line(fn);
  f->insts = f->insts_exact = -1;
  if (!f->name || (gc_function_file(fn) && !f->file) || !f->origin)
    return GC_ENOMEM;
  const gc_view *v = gc_function_view(fn, opts->view);
  if (!v) {
    const char *why = gc_function_view_missing(fn, opts->view);
    size_t n = strlen(why) + 64;
    if (!(f->view_missing = malloc(n)))
      return GC_ENOMEM;
    snprintf(f->view_missing, n, "the %s view was not taken%s%s",
             gc_view_kind_name(opts->view), *why ? ": " : "", why);
    f->sum.counted = 0;
    return (f->sum.fail = strdup(f->view_missing)) ? GC_OK : GC_ENOMEM;
  }
  int rc = count_into(&f->sum, set, prof, fn, opts, 0);
  if (rc != GC_OK)
    return rc;
  f->insts = gc_view_insts(v);
  f->insts_exact = gc_view_insts_exact(v);
  f->ngaps = gc_view_ngaps(v);
  if (f->ngaps && !(f->gaps = calloc(f->ngaps, sizeof *f->gaps)))
    return GC_ENOMEM;
  for (size_t i = 0; i < f->ngaps; i++) {
    const gc_coverage_gap *g = gc_view_gap(v, i);
    f->gaps[i].line = g->line;
    if (!(f->gaps[i].reason = strdup(g->reason ? g->reason : "")))
      return GC_ENOMEM;
  }
  f->nloops = gc_view_nloops(v);
  if (f->nloops && !(f->loops = calloc(f->nloops, sizeof *f->loops)))
    return GC_ENOMEM;
  for (size_t i = 0; i < f->nloops; i++) {
    const gc_loop *l = gc_view_loop(v, i);
    rloop *o = &f->loops[i];
    o->id = l->id;
    o->parent = l->parent;
    o->line = l->line;
    o->col = l->col;
    o->depth = gc_view_loop_depth(v, l->id);
    o->status = l->status;
    o->iv = xdup(l->iv);
    o->trip = xdup(l->trip);
    o->trip_max = xdup(l->trip_max);
    o->reason = xdup(l->reason);
    if ((l->iv && !o->iv) || (l->trip && !o->trip) ||
        (l->trip_max && !o->trip_max) || (l->reason && !o->reason))
      return GC_ENOMEM;
    if (l->parent == 0 && !opts->functions_only) {
      o->has_sum = 1;
      if ((rc = count_into(&o->sum, set, prof, fn, opts, l->id)) != GC_OK)
        return rc;
    }
  }
  return GC_OK;
}

static void func_free(rfunc *f) {
  free(f->name);
  free(f->file);
  free(f->origin);
  free(f->view_missing);
  rsum_free(&f->sum);
  for (size_t i = 0; i < f->nloops; i++) {
    rloop *l = &f->loops[i];
    free(l->iv);
    free(l->trip);
    free(l->trip_max);
    free(l->reason);
    rsum_free(&l->sum);
  }
  free(f->loops);
  for (size_t i = 0; i < f->ngaps; i++)
    free(f->gaps[i].reason);
  free(f->gaps);
}

void gc_report_free(gc_report *r) {
  if (!r)
    return;
  free(r->hw_name);
  free(r->hw_kind);
  free(r->no_hw_reason);
  for (size_t i = 0; i < r->nbindings; i++)
    free((char *)r->bindings[i].name);
  free(r->bindings);
  for (size_t i = 0; i < r->ninputs; i++) {
    free(r->inputs[i].origin);
    free(r->inputs[i].source);
    free(r->inputs[i].opt);
    free(r->inputs[i].target);
    free(r->inputs[i].producer);
  }
  free(r->inputs);
  for (size_t i = 0; i < r->nfuncs; i++)
    func_free(&r->funcs[i]);
  free(r->funcs);
  rsum_free(&r->total);
  free(r);
}

/* The counting of a report: job 0 the whole set's total (the largest, first),
 * job 1 + i function i. Jobs write disjoint parts of r and only read the set.
 */
typedef struct builder {
  gc_report *r;
  const gc_profile_set *set;
  const gc_report_opts *opts;
  const gc_function **fn; /* function i */
  size_t njobs;
  atomic_size_t next;
  atomic_int failed; /* a job ran out of memory: the others stop */
} builder;

static void *build_jobs(void *arg) {
  builder *b = arg;
  size_t j;
  while (!atomic_load(&b->failed) &&
         (j = atomic_fetch_add(&b->next, 1)) < b->njobs) {
    int rc = GC_OK;
    if (j == 0) {
      if (!b->opts->functions_only)
        rc = count_into(&b->r->total, b->set, NULL, NULL, b->opts, 0);
    } else {
      const gc_function *fn = b->fn[j - 1];
      rc = build_function(&b->r->funcs[j - 1], b->set, gc_function_profile(fn),
                          fn, b->opts);
    }
    if (rc != GC_OK)
      atomic_store(&b->failed, 1);
  }
  return NULL;
}

/* Run b's jobs on up to nthreads threads (this one included). */
static int run_jobs(builder *b, unsigned nthreads) {
  pthread_t tid[64];
  size_t started = 0;
  if (nthreads > 1 + sizeof tid / sizeof *tid)
    nthreads = 1 + sizeof tid / sizeof *tid;
  if (nthreads > b->njobs)
    nthreads = (unsigned)b->njobs;
  for (unsigned t = 1; t < nthreads; t++)
    if (pthread_create(&tid[started], NULL, build_jobs, b) == 0)
      started++;
  build_jobs(b);
  for (size_t t = 0; t < started; t++)
    pthread_join(tid[t], NULL);
  return atomic_load(&b->failed) ? GC_ENOMEM : GC_OK;
}

int gc_report_build(gc_report **out, const gc_profile_set *set,
                    const gc_report_opts *opts, gc_error *err) {
  gc_report *r = NULL;
  builder b = {0};
  int rc = GC_ENOMEM;
  *out = NULL;
  if (!set || !opts) {
    rc = gc_error_set(err, GC_EINVAL,
                      "gc_report_build: no profile set or options");
    goto done;
  }
  if (!(r = calloc(1, sizeof *r)))
    goto done;
  r->view = opts->view;
  if (opts->hw) {
    if (!(r->hw_name = xdup(gc_hw_name(opts->hw))) ||
        !(r->hw_kind = xdup(gc_hw_kind(opts->hw))))
      goto done;
  } else if (!(r->no_hw_reason =
                   strdup(opts->no_hw_reason ? opts->no_hw_reason
                                             : "no hardware model"))) {
    goto done;
  }
  if (opts->nbindings) {
    if (!(r->bindings = calloc(opts->nbindings, sizeof *r->bindings)))
      goto done;
    for (size_t i = 0; i < opts->nbindings; i++, r->nbindings++) {
      r->bindings[i].value = opts->bindings[i].value;
      if (!(r->bindings[i].name = strdup(opts->bindings[i].name)))
        goto done;
    }
  }
  size_t np = gc_profile_set_nprofiles(set), nf = 0;
  for (size_t i = 0; i < np; i++)
    nf += gc_profile_nfunctions(gc_profile_set_profile(set, i));
  if (np && !(r->inputs = calloc(np, sizeof *r->inputs)))
    goto done;
  if (nf && !(r->funcs = calloc(nf, sizeof *r->funcs)))
    goto done;
  if (!(b.fn = calloc(nf + 1, sizeof *b.fn)))
    goto done;
  for (size_t i = 0; i < np; i++) {
    const gc_profile *p = gc_profile_set_profile(set, i);
    rinput *in = &r->inputs[r->ninputs++];
    in->origin = xdup(gc_profile_origin(p));
    in->source = xdup(gc_profile_source(p));
    in->opt = xdup(gc_profile_opt(p));
    in->target = xdup(gc_profile_target(p));
    in->producer = xdup(gc_profile_producer(p));
    for (size_t k = 0; k < gc_profile_nfunctions(p); k++)
      b.fn[r->nfuncs++] = gc_profile_function(p, k);
  }
  b.r = r;
  b.set = set;
  b.opts = opts;
  b.njobs = 1 + nf;
  if (run_jobs(&b, opts->threads) != GC_OK)
    goto done;
  rc = GC_OK;
done:
  free(b.fn);
  if (rc == GC_ENOMEM)
    gc_error_set(err, rc, "out of memory building the report");
  if (rc == GC_OK)
    *out = r;
  else
    gc_report_free(r);
  return rc;
}

size_t gc_report_nfunctions(const gc_report *r) { return r ? r->nfuncs : 0; }

size_t gc_report_nfailed(const gc_report *r) {
  size_t n = 0;
  for (size_t i = 0; r && i < r->nfuncs; i++)
    n += !r->funcs[i].sum.counted;
  return n;
}

double gc_rep_energy_hi(const rsum *s) {
  if (!s->counted || !s->estimated || !s->est.energy_j.known)
    return -1;
  return s->est.energy_j.hi;
}

int gc_report_write(FILE *out, const gc_report *r, gc_report_format fmt,
                    const gc_report_style *style, gc_error *err) {
  gc_report_style def = {0};
  if (!out || !r)
    return gc_error_set(err, GC_EINVAL, "gc_report_write: no output or report");
  if (!style)
    style = &def;
  switch (fmt) {
  case GC_REPORT_TEXT:
    return gc_rep_write_text(out, r, style, err);
  case GC_REPORT_JSON:
    return gc_rep_write_json(out, r, err);
  case GC_REPORT_MD:
    return gc_rep_write_md(out, r, style, err);
  case GC_REPORT_SARIF:
    return gc_rep_write_sarif(out, r, style, err);
  case GC_REPORT_HTML:
    return gc_rep_write_html(out, r, style, err);
  }
  return gc_error_set(err, GC_EINVAL, "unknown report format %d", (int)fmt);
}
