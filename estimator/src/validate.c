/* validate.c: static == dynamic (greenc/validate.h). */
#define _GNU_SOURCE
#include "greenc/validate.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "greenc/count.h"
#include "greenc/expr.h"
#include "greenc/ops.h"

#define GC_VAL_WALK_BUDGET 50000000ull
#define GC_VAL_MAX_DEPTH 64

typedef struct vfn {
  gc_val_function pub;
  gc_val_figure *blocks, *rows, *totals;
  char **findings, **notes;
} vfn;

struct gc_validation {
  size_t nfns;
  vfn *fns;
  void **pool; /* every other allocation (strings) */
  size_t npool, cap;
};

const char *gc_val_status_name(gc_val_status s) {
  switch (s) {
  case GC_VAL_EQUAL:
    return "equal";
  case GC_VAL_WITHIN:
    return "within";
  case GC_VAL_MISMATCH:
    return "mismatch";
  default:
    return "unchecked";
  }
}

/* A pooled, formatted string; NULL when out of memory. */
static char *pfmt(gc_validation *v, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static char *pfmt(gc_validation *v, const char *fmt, ...) {
  if (v->npool == v->cap) {
    size_t nc = v->cap ? v->cap * 2 : 64;
    void **np = realloc(v->pool, nc * sizeof *np);
    if (!np)
      return NULL;
    v->pool = np;
    v->cap = nc;
  }
  char *s = NULL;
  va_list ap;
  va_start(ap, fmt);
  int rc = vasprintf(&s, fmt, ap);
  va_end(ap);
  if (rc < 0)
    return NULL;
  v->pool[v->npool++] = s;
  return s;
}

static int push_str(char ***arr, size_t *n, char *s) {
  if (!s)
    return GC_ENOMEM;
  char **na = realloc(*arr, (*n + 1) * sizeof *na);
  if (!na)
    return GC_ENOMEM;
  na[(*n)++] = s;
  *arr = na;
  return GC_OK;
}

static int push_fig(gc_val_figure **arr, size_t *n, gc_val_figure f) {
  gc_val_figure *na = realloc(*arr, (*n + 1) * sizeof *na);
  if (!na)
    return GC_ENOMEM;
  na[(*n)++] = f;
  *arr = na;
  return GC_OK;
}

/* ---- per-block iteration space, walked numerically ---- */

typedef struct walk {
  const gc_loop *chain[GC_VAL_MAX_DEPTH];
  int skip[GC_VAL_MAX_DEPTH];
  size_t n;
  const gc_block *b;
  gc_env env;
  int64_t *idx;
  unsigned char *set;
  uint64_t budget;
  gc_error *err;
} walk;

static int add_ov(int64_t *acc, int64_t x, gc_error *err) {
  if (__builtin_add_overflow(*acc, x, acc))
    return gc_error_set(err, GC_ERANGE, "count overflows int64");
  return GC_OK;
}

static int walk_level(walk *w, size_t k, int64_t *lo, int64_t *hi) {
  *lo = *hi = 0;
  if (k == w->n) {
    if (w->b->cond == GC_COND_UNKNOWN)
      return gc_error_set(w->err, GC_EUNKNOWN, "block %u: count unknown: %s",
                          w->b->id,
                          w->b->reason ? w->b->reason : "no bound given");
    if (w->b->cond == GC_COND_DATA) {
      *hi = 1;
      return GC_OK;
    }
    if (w->b->cond == GC_COND_GUARD) {
      int64_t g = 0;
      if (!w->b->guard_expr)
        return gc_error_set(w->err, GC_EUNKNOWN, "guard unreadable");
      int rc = gc_expr_eval(&g, w->b->guard_expr, &w->env, w->err);
      if (rc != GC_OK)
        return rc;
      *lo = *hi = g != 0;
      return GC_OK;
    }
    *lo = *hi = 1;
    return GC_OK;
  }
  const gc_loop *L = w->chain[k];
  int bounded = L->status != GC_LOOP_EXACT;
  const gc_expr *te = bounded ? L->trip_max_expr : L->trip_expr;
  if (!te)
    return gc_error_set(w->err, GC_EUNKNOWN, "loop %u (line %u): trip %s",
                        L->id, L->line, L->reason ? L->reason : "unknown");
  int64_t t = 0;
  int rc = gc_expr_eval(&t, te, &w->env, w->err);
  if (rc != GC_OK)
    return rc;
  t -= w->skip[k];
  if (t <= 0)
    return GC_OK;
  /* The innermost loop of an unguarded block: no index to bind. */
  if (k + 1 == w->n && w->b->cond != GC_COND_GUARD) {
    int64_t l1 = 0, h1 = 0;
    if ((rc = walk_level(w, k + 1, &l1, &h1)) != GC_OK)
      return rc;
    if (__builtin_mul_overflow(l1, t, lo) || __builtin_mul_overflow(h1, t, hi))
      return gc_error_set(w->err, GC_ERANGE, "count overflows int64");
  } else {
    if ((uint64_t)t > w->budget)
      return gc_error_set(w->err, GC_ERANGE,
                          "not walked: more than %llu iterations",
                          GC_VAL_WALK_BUDGET);
    w->budget -= (uint64_t)t;
    w->set[L->id] = 1;
    for (int64_t i = 0; i < t; i++) {
      int64_t l1 = 0, h1 = 0;
      w->idx[L->id] = i;
      if ((rc = walk_level(w, k + 1, &l1, &h1)) != GC_OK ||
          (rc = add_ov(lo, l1, w->err)) != GC_OK ||
          (rc = add_ov(hi, h1, w->err)) != GC_OK)
        return rc;
    }
    w->set[L->id] = 0;
  }
  if (bounded)
    *lo = 0;
  return GC_OK;
}

/* Executions of block b per call with the symbols bound. */
static int block_count(int64_t *lo, int64_t *hi, const gc_view *view,
                       const gc_block *b, const gc_binding *syms, size_t nsyms,
                       uint64_t *budget, gc_error *err) {
  int rc = GC_OK;
  unsigned maxid = 0;
  for (size_t i = 0; i < gc_view_nloops(view); i++)
    if (gc_view_loop(view, i)->id > maxid)
      maxid = gc_view_loop(view, i)->id;
  walk w = {.b = b, .budget = *budget, .err = err};
  const gc_loop *rev[GC_VAL_MAX_DEPTH];
  size_t n = 0;
  for (unsigned id = b->loop; id != 0;) {
    const gc_loop *L = gc_view_find_loop(view, id);
    if (!L || n == GC_VAL_MAX_DEPTH)
      return gc_error_set(err, GC_ESCHEMA, "loop %u not found or too deep", id);
    rev[n++] = L;
    id = L->parent;
  }
  w.n = n;
  for (size_t k = 0; k < n; k++)
    w.chain[k] = rev[n - 1 - k];
  for (size_t k = 0; k < n; k++)
    w.skip[k] = k + 1 < n ? w.chain[k + 1]->skip_last : b->skip_last;
  w.idx = calloc(maxid + 1, sizeof *w.idx);
  w.set = calloc(maxid + 1, 1);
  if (!w.idx || !w.set) {
    rc = gc_error_set(err, GC_ENOMEM, "out of memory");
    goto done;
  }
  w.env = (gc_env){syms, nsyms, w.idx, w.set, maxid + 1};
  /* A guard on symbols only that does not hold: the block does not run,
   * whatever its loops' trips would evaluate to (they may be undefined
   * then: udiv(n - 1, 8) at n = 0). */
  if (b->cond == GC_COND_GUARD && b->guard_expr &&
      !gc_expr_uses_any_index(b->guard_expr)) {
    int64_t g = 0;
    if ((rc = gc_expr_eval(&g, b->guard_expr, &w.env, err)) != GC_OK)
      goto done;
    if (!g) {
      *lo = *hi = 0;
      goto done;
    }
  }
  rc = walk_level(&w, 0, lo, hi);
  *budget = w.budget;
done:
  free(w.idx);
  free(w.set);
  return rc;
}

/* ---- counting-core rows ---- */

static int entry_matches(const gc_op_entry *e, const gc_count_row *r) {
  if (e->op != r->op || e->ty != r->ty ||
      (e->lanes ? e->lanes : 1) != (r->lanes ? r->lanes : 1) ||
      e->role != r->role)
    return 0;
  const char *name = e->op == GC_OP_CALL    ? e->callee
                     : e->op == GC_OP_OTHER ? e->what
                                            : NULL;
  if (!name || !r->callee)
    return !name && !r->callee;
  return strcmp(name, r->callee) == 0;
}

static int qty_value(const gc_quantity *q, int64_t *lo, int64_t *hi) {
  if (q->status == GC_COUNT_UNKNOWN || !q->numeric || !q->lo_str || !q->hi_str)
    return -1;
  char *e1 = NULL, *e2 = NULL;
  *lo = strtoll(q->lo_str, &e1, 10);
  *hi = strtoll(q->hi_str, &e2, 10);
  return (*e1 || *e2) ? -1 : 0;
}

static const char *row_name(gc_validation *v, const gc_count_row *r) {
  const char *what = r->callee ? r->callee : "";
  if (r->op == GC_OP_CALL || r->op == GC_OP_OTHER)
    return pfmt(v, "%s %s", gc_op_name(r->op), what);
  if (r->lanes > 1)
    return pfmt(v, "%s %sx%u%s", gc_op_name(r->op), gc_ty_name(r->ty), r->lanes,
                r->role == GC_ROLE_ADDR ? " addr" : "");
  return pfmt(v, "%s %s%s", gc_op_name(r->op), gc_ty_name(r->ty),
              r->role == GC_ROLE_ADDR ? " addr" : "");
}

static int fig_add(gc_val_figure *f, int64_t lo, int64_t hi, uint64_t calls) {
  int64_t a, b;
  if (__builtin_mul_overflow(lo, (int64_t)calls, &a) ||
      __builtin_mul_overflow(hi, (int64_t)calls, &b) ||
      __builtin_add_overflow(f->lo, a, &f->lo) ||
      __builtin_add_overflow(f->hi, b, &f->hi))
    return -1;
  return 0;
}

/* A function whose counters add to the dynamic side of a row: the function
 * itself, and callees the static rows compose whose every call comes from
 * it. */
typedef struct vpart {
  const gc_view *view;
  const gc_dyn_function *df;
} vpart;
#define GC_VAL_MAX_PARTS 16

/* Executions of the call ops of (view, df) that call callee. */
static uint64_t calls_to(const gc_view *view, const gc_dyn_function *df,
                         const char *callee) {
  uint64_t n = 0;
  for (size_t i = 0; i < gc_view_nblocks(view); i++) {
    const gc_block *b = gc_view_block(view, i);
    uint64_t d = b->id < df->nblocks ? df->blocks[b->id] : 0;
    for (size_t j = 0; j < b->nops; j++)
      if (b->ops[j].op == GC_OP_CALL && b->ops[j].callee &&
          strcmp(b->ops[j].callee, callee) == 0)
        n += d * (uint64_t)b->ops[j].n;
  }
  return n;
}

/* The first call op of view to a function of set, or NULL. */
static const char *composed_callee(const gc_profile_set *set,
                                   const gc_profile *prof, const gc_view *view,
                                   size_t skip) {
  for (size_t i = 0; i < gc_view_nblocks(view); i++) {
    const gc_block *b = gc_view_block(view, i);
    for (size_t j = 0; j < b->nops; j++) {
      const gc_op_entry *e = &b->ops[j];
      if (e->op == GC_OP_CALL && e->callee &&
          gc_profile_set_find_function(set, e->callee, prof) && !skip--)
        return e->callee;
    }
  }
  return NULL;
}

static int validate_one(gc_validation *v, vfn *out, const gc_profile_set *set,
                        const gc_dyncount *dynset, const gc_dyn_function *df,
                        gc_view_kind kind, gc_error *err) {
  int rc = GC_OK;
  gc_val_function *pf = &out->pub;
  gc_binding *syms = NULL;
  gc_counts *counts = NULL;
  pf->name = df->name;
  pf->module = df->module;
  pf->calls = df->calls;
  pf->ns = df->ns;
  pf->ntuples = df->ntuples;
  pf->reason = "";
  const gc_function *fn = NULL;
  const gc_profile *prof = NULL;
  for (size_t i = 0; i < gc_profile_set_nprofiles(set) && !fn; i++) {
    const gc_profile *p = gc_profile_set_profile(set, i);
    const char *src = gc_profile_source(p);
    if (src && strcmp(src, df->module) == 0 &&
        (fn = gc_profile_find_function(p, df->name)))
      prof = p;
  }
  pf->fn = fn;
  const gc_view *view = fn ? gc_function_view(fn, kind) : NULL;
  if (!fn || !view) {
    pf->status = GC_VAL_UNCHECKED;
    pf->reason =
        !fn ? pfmt(v, "no profile of %s (module %s) among the inputs", df->name,
                   df->module)
            : pfmt(v, "the profile has no %s view: %s", gc_view_kind_name(kind),
                   gc_function_view_missing(fn, kind)
                       ? gc_function_view_missing(fn, kind)
                       : "absent");
    return pf->reason ? GC_OK : gc_error_set(err, GC_ENOMEM, "out of memory");
  }
  if (df->dropped_calls) {
    pf->status = GC_VAL_UNCHECKED;
    pf->reason = pfmt(v,
                      "%llu calls' symbol values were not kept (too many "
                      "distinct tuples): static figures would be partial",
                      (unsigned long long)df->dropped_calls);
    return pf->reason ? GC_OK : gc_error_set(err, GC_ENOMEM, "out of memory");
  }
  /* Bindings: module params, then the tuple (the last binding wins). */
  size_t np = gc_profile_nparams(prof), ns = np + df->nsymbols;
  syms = calloc(ns ? ns : 1, sizeof *syms);
  if (!syms) {
    rc = gc_error_set(err, GC_ENOMEM, "out of memory");
    goto done;
  }
  if (np)
    memcpy(syms, gc_profile_params(prof), np * sizeof *syms);
  for (size_t s = 0; s < df->nsymbols; s++)
    syms[np + s].name = df->symbols[s];

  /* Per block. */
  uint64_t budget = GC_VAL_WALK_BUDGET;
  size_t nchecked = 0;
  for (size_t i = 0; i < gc_view_nblocks(view); i++) {
    const gc_block *b = gc_view_block(view, i);
    gc_val_figure f = {.what = pfmt(v, "block %u (line %u)", b->id, b->line),
                       .checked = 1,
                       .note = ""};
    if (b->id >= df->nblocks) {
      f.checked = 0;
      f.note = pfmt(v, "no counter: the function has %zu blocks", df->nblocks);
    } else {
      f.dynamic = df->blocks[b->id];
    }
    for (size_t t = 0; t < df->ntuples && f.checked; t++) {
      for (size_t s = 0; s < df->nsymbols; s++)
        syms[np + s].value = df->tuples[t].values[s];
      int64_t lo = 0, hi = 0;
      gc_error e = {0};
      int brc = block_count(&lo, &hi, view, b, syms, ns, &budget, &e);
      if (brc == GC_ENOMEM) {
        rc = gc_error_set(err, GC_ENOMEM, "out of memory");
        goto done;
      }
      if (brc != GC_OK) {
        f.checked = 0;
        f.note = pfmt(v, "%s", e.msg);
      } else if (fig_add(&f, lo, hi, df->tuples[t].calls)) {
        f.checked = 0;
        f.note = "count overflows int64";
      }
    }
    if (!f.what || !f.note) {
      rc = gc_error_set(err, GC_ENOMEM, "out of memory");
      goto done;
    }
    if (f.checked) {
      nchecked++;
      f.ok = f.lo <= (int64_t)f.dynamic && (int64_t)f.dynamic <= f.hi;
      if (!f.ok &&
          push_str(&out->findings, &pf->nfindings,
                   f.lo == f.hi
                       ? pfmt(v, "%s: static %lld, dynamic %llu", f.what,
                              (long long)f.lo, (unsigned long long)f.dynamic)
                       : pfmt(v, "%s: static %lld..%lld, dynamic %llu", f.what,
                              (long long)f.lo, (long long)f.hi,
                              (unsigned long long)f.dynamic)))
        goto oom;
    } else if (push_str(&out->notes, &pf->nnotes,
                        pfmt(v, "%s not compared: %s", f.what, f.note))) {
      goto oom;
    }
    if (push_fig(&out->blocks, &pf->nblocks, f))
      goto oom;
  }

  /* Per row and totals, through the counting core. Calls composed into
   * the static rows make them inclusive: a callee's counters are added when
   * every one of its calls comes from this function (its recorded calls
   * equal the executions of this function's calls to it) and it composes
   * nothing itself; otherwise rows are not compared. */
  vpart parts[GC_VAL_MAX_PARTS] = {{view, df}};
  size_t nparts = 1;
  const char *composed = NULL, *why = NULL;
  for (size_t c = 0; (composed = composed_callee(set, prof, view, c)); c++) {
    size_t k = 1;
    while (k < nparts && strcmp(parts[k].df->name, composed) != 0)
      k++;
    if (k < nparts)
      continue;
    const gc_function *cf = gc_profile_set_find_function(set, composed, prof);
    const gc_view *cv = gc_function_view(cf, kind);
    const gc_profile *cp = gc_function_profile(cf);
    const gc_dyn_function *cdf =
        gc_dyncount_find(dynset, composed, gc_profile_source(cp));
    if (!cv || !cdf || nparts == GC_VAL_MAX_PARTS) {
      why = "is not instrumented";
      break;
    }
    if (composed_callee(set, cp, cv, 0)) {
      why = "calls functions of the profile itself";
      break;
    }
    if (cdf->calls != calls_to(view, df, composed) || cdf->dropped_calls) {
      why = "is also called from elsewhere";
      break;
    }
    parts[nparts++] = (vpart){cv, cdf};
  }
  int bulk = 0;
  for (size_t p = 0; p < nparts; p++)
    for (size_t i = 0; i < gc_view_nblocks(parts[p].view); i++) {
      const gc_block *b = gc_view_block(parts[p].view, i);
      for (size_t j = 0; j < b->nops; j++)
        bulk |= b->ops[j].op == GC_OP_MEMCPY || b->ops[j].op == GC_OP_MEMMOVE ||
                b->ops[j].op == GC_OP_MEMSET;
    }
  if (why) {
    if (push_str(&out->notes, &pf->nnotes,
                 pfmt(v,
                      "op rows and totals not compared: the static rows "
                      "include the callee %s, which %s",
                      composed, why)))
      goto oom;
  } else {
    int rows_ok = 1;
    gc_val_figure tot[GC_TOTAL_COUNT_] = {{0}};
    for (size_t t = 0; t < df->ntuples && rows_ok; t++) {
      for (size_t s = 0; s < df->nsymbols; s++)
        syms[np + s].value = df->tuples[t].values[s];
      gc_count_opts o = {.view = kind, .bindings = syms, .nbindings = ns};
      gc_error e = {0};
      gc_counts_free(counts);
      counts = NULL;
      int crc = gc_count_function(&counts, set, fn, &o, &e);
      if (crc == GC_ENOMEM)
        goto oom;
      if (crc != GC_OK) {
        rows_ok = 0;
        if (push_str(&out->notes, &pf->nnotes,
                     pfmt(v, "op rows not compared: %s", e.msg)))
          goto oom;
        break;
      }
      for (size_t r = 0; r < gc_counts_nrows(counts); r++) {
        const gc_count_row *row = gc_counts_row(counts, r);
        const char *name = row_name(v, row);
        if (!name)
          goto oom;
        size_t k = 0;
        while (k < pf->nrows && strcmp(out->rows[k].what, name) != 0)
          k++;
        if (k == pf->nrows) {
          gc_val_figure f = {.what = name, .checked = 1, .note = ""};
          for (size_t p = 0; p < nparts; p++)
            for (size_t bi = 0; bi < gc_view_nblocks(parts[p].view); bi++) {
              const gc_block *b = gc_view_block(parts[p].view, bi);
              const gc_dyn_function *pd = parts[p].df;
              uint64_t dyn = b->id < pd->nblocks ? pd->blocks[b->id] : 0;
              for (size_t j = 0; j < b->nops; j++)
                if (entry_matches(&b->ops[j], row))
                  f.dynamic += dyn * (uint64_t)b->ops[j].n;
            }
          if (push_fig(&out->rows, &pf->nrows, f))
            goto oom;
        }
        gc_val_figure *f = &out->rows[k];
        int64_t lo, hi;
        if (!f->checked)
          continue;
        if (qty_value(&row->n, &lo, &hi) ||
            fig_add(f, lo, hi, df->tuples[t].calls)) {
          f->checked = 0;
          f->note = row->n.reason && *row->n.reason
                        ? pfmt(v, "%s", row->n.reason)
                        : "not a number";
          if (!f->note)
            goto oom;
        }
      }
      for (int x = 0; x < GC_TOTAL_COUNT_; x++) {
        int64_t lo, hi;
        if (t == 0) {
          tot[x].what = gc_total_name((gc_total)x);
          tot[x].checked = 1;
          tot[x].note = "";
        }
        if (tot[x].checked &&
            (qty_value(gc_counts_total(counts, (gc_total)x), &lo, &hi) ||
             fig_add(&tot[x], lo, hi, df->tuples[t].calls))) {
          tot[x].checked = 0;
          tot[x].note = "static total not numeric";
        }
      }
    }
    if (rows_ok && df->ntuples) {
      /* Dynamic totals from the counters and the blocks' ops. */
      for (size_t p = 0; p < nparts; p++)
        for (size_t bi = 0; bi < gc_view_nblocks(parts[p].view); bi++) {
          const gc_block *b = gc_view_block(parts[p].view, bi);
          const gc_dyn_function *pd = parts[p].df;
          uint64_t dyn = b->id < pd->nblocks ? pd->blocks[b->id] : 0;
          for (size_t j = 0; j < b->nops; j++) {
            const gc_op_entry *e = &b->ops[j];
            uint64_t occ = dyn * (uint64_t)e->n;
            unsigned lanes = e->lanes ? e->lanes : 1;
            tot[GC_TOTAL_FLOPS].dynamic += occ * lanes * gc_op_flops(e->op);
            tot[GC_TOTAL_MACS].dynamic +=
                occ * lanes * gc_op_entry_macs(e->op, e->what);
            if (e->op == GC_OP_LOAD || e->op == GC_OP_STORE) {
              if (!e->bytes_expr ||
                  gc_expr_kind_of(e->bytes_expr) != GC_EXPR_INT)
                continue;
              uint64_t by = occ * (uint64_t)gc_expr_int(e->bytes_expr);
              tot[e->op == GC_OP_LOAD ? GC_TOTAL_BYTES_LOADED
                                      : GC_TOTAL_BYTES_STORED]
                  .dynamic += by;
            }
          }
        }
      /* Bulk memory: the bytes the run recorded per function. */
      int bulk_recorded = 1;
      for (size_t p = 0; p < nparts; p++) {
        bulk_recorded &= parts[p].df->has_bulk;
        tot[GC_TOTAL_BYTES_LOADED].dynamic += parts[p].df->bulk_read;
        tot[GC_TOTAL_BYTES_STORED].dynamic += parts[p].df->bulk_written;
      }
      if (bulk && !bulk_recorded)
        for (int x = GC_TOTAL_BYTES_LOADED; x <= GC_TOTAL_BYTES_STORED; x++) {
          tot[x].checked = 0;
          tot[x].note = "bulk memory (memcpy, memset) lengths are not "
                        "recorded by the run";
        }
      for (int x = 0; x < GC_TOTAL_COUNT_; x++)
        if (push_fig(&out->totals, &pf->ntotals, tot[x]))
          goto oom;
    }
    gc_val_figure *lists[2] = {out->rows, out->totals};
    size_t lens[2] = {pf->nrows, pf->ntotals};
    for (int l = 0; l < 2; l++)
      for (size_t k = 0; k < lens[l]; k++) {
        gc_val_figure *f = &lists[l][k];
        if (!f->checked) {
          if (push_str(&out->notes, &pf->nnotes,
                       pfmt(v, "%s not compared: %s", f->what, f->note)))
            goto oom;
          continue;
        }
        nchecked++;
        f->ok = f->lo <= (int64_t)f->dynamic && (int64_t)f->dynamic <= f->hi;
        if (!f->ok && push_str(&out->findings, &pf->nfindings,
                               pfmt(v, "%s: static %lld..%lld, dynamic %llu",
                                    f->what, (long long)f->lo, (long long)f->hi,
                                    (unsigned long long)f->dynamic)))
          goto oom;
      }
  }
  int ranged = 0;
  for (size_t k = 0; k < pf->nblocks; k++)
    ranged |= out->blocks[k].checked && out->blocks[k].lo != out->blocks[k].hi;
  for (size_t k = 0; k < pf->nrows; k++)
    ranged |= out->rows[k].checked && out->rows[k].lo != out->rows[k].hi;
  pf->status = pf->nfindings ? GC_VAL_MISMATCH
               : !nchecked   ? GC_VAL_UNCHECKED
               : ranged      ? GC_VAL_WITHIN
                             : GC_VAL_EQUAL;
  if (pf->status == GC_VAL_UNCHECKED)
    pf->reason = df->ntuples ? "no figure could be compared" : "never called";
  goto done;
oom:
  rc = gc_error_set(err, GC_ENOMEM, "out of memory");
done:
  pf->blocks = out->blocks;
  pf->rows = out->rows;
  pf->totals = out->totals;
  pf->findings = (const char *const *)out->findings;
  pf->notes = (const char *const *)out->notes;
  gc_counts_free(counts);
  free(syms);
  return rc;
}

int gc_validate(gc_validation **out, const gc_profile_set *set,
                const gc_dyncount *dyn, gc_view_kind view, gc_error *err) {
  int rc = GC_OK;
  *out = NULL;
  gc_validation *v = calloc(1, sizeof *v);
  if (!v)
    return gc_error_set(err, GC_ENOMEM, "out of memory");
  size_t n = gc_dyncount_nfunctions(dyn);
  v->fns = calloc(n ? n : 1, sizeof *v->fns);
  if (!v->fns) {
    rc = gc_error_set(err, GC_ENOMEM, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < n; i++) {
    const gc_dyn_function *df = gc_dyncount_function(dyn, i);
    if (strcmp(df->view, gc_view_kind_name(view)) != 0)
      continue;
    rc = validate_one(v, &v->fns[v->nfns++], set, dyn, df, view, err);
    if (rc != GC_OK)
      goto done;
  }
  *out = v;
  v = NULL;
done:
  gc_validation_free(v);
  return rc;
}

void gc_validation_free(gc_validation *v) {
  if (!v)
    return;
  for (size_t i = 0; i < v->nfns; i++) {
    free(v->fns[i].blocks);
    free(v->fns[i].rows);
    free(v->fns[i].totals);
    free(v->fns[i].findings);
    free(v->fns[i].notes);
  }
  for (size_t i = 0; i < v->npool; i++)
    free(v->pool[i]);
  free(v->pool);
  free(v->fns);
  free(v);
}

size_t gc_validation_nfunctions(const gc_validation *v) { return v->nfns; }

const gc_val_function *gc_validation_function(const gc_validation *v,
                                              size_t i) {
  return i < v->nfns ? &v->fns[i].pub : NULL;
}

size_t gc_validation_count(const gc_validation *v, gc_val_status s) {
  size_t n = 0;
  for (size_t i = 0; i < v->nfns; i++)
    n += v->fns[i].pub.status == s;
  return n;
}
