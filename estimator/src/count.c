/* count.c: exact operation counts from profiles (greenc/count.h).
 *
 * Two passes over a function's view. The symbolic pass turns every (block, op)
 * into "contributions": per (op, ty, lanes, role) key, the count summed over
 * the block's iteration space in closed form (poly.c, Faulhaber), with calls to
 * functions of the profile set composed at the call site (the callee's
 * contributions with its params replaced by the argument expressions). The
 * numeric pass evaluates the same contributions at the bindings by walking the
 * loop nest (multiplying instead of iterating where inner bounds do not depend
 * on the index), so guards and empty ranges are honoured exactly; past a budget
 * it falls back to the closed form and says so. Rows aggregate both. */
#define _POSIX_C_SOURCE 200809L
#include "greenc/count.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "greenc/poly.h"
#include "sbuf.h"

#define DEFAULT_BUDGET 10000000u
#define MAX_VARS 128

/* ---- small helpers ---- */

/* 1 when the "; "-separated list holds item (of length n). */
static int list_has(const char *list, const char *item, size_t n) {
  for (const char *q = list; q && *q;) {
    const char *e = strstr(q, "; ");
    size_t l = e ? (size_t)(e - q) : strlen(q);
    if (l == n && strncmp(q, item, n) == 0)
      return 1;
    q = e ? e + 2 : NULL;
  }
  return 0;
}

/* Append the sentences of s ("; "-separated) to the list b, each unless it is
 * already there. */
static void sb_note(gc_sbuf *b, const char *s) {
  while (s && *s) {
    const char *e = strstr(s, "; ");
    size_t l = e ? (size_t)(e - s) : strlen(s);
    if (l && !list_has(b->s, s, l)) {
      char *one = strndup(s, l);
      if (!one) {
        b->oom = 1;
        return;
      }
      if (b->len)
        gc_sb_put(b, "; ");
      gc_sb_put(b, one);
      free(one);
    }
    s = e ? e + 2 : NULL;
  }
}

static char *fmt(const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  int n = vsnprintf(NULL, 0, f, ap);
  va_end(ap);
  char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (s) {
    va_start(ap, f);
    vsnprintf(s, (size_t)n + 1, f, ap);
    va_end(ap);
  }
  return s;
}

/* ---- keys ---- */

typedef struct key {
  gc_op op;
  gc_ty ty;
  unsigned lanes;
  gc_role role;
  const char *callee; /* borrowed from a profile */
} key;

static int key_cmp(const key *a, const key *b) {
  if (a->op != b->op)
    return a->op < b->op ? -1 : 1;
  if (a->ty != b->ty)
    return a->ty < b->ty ? -1 : 1;
  if (a->lanes != b->lanes)
    return a->lanes < b->lanes ? -1 : 1;
  if (a->role != b->role)
    return a->role < b->role ? -1 : 1;
  if (!a->callee || !b->callee)
    return a->callee ? 1 : b->callee ? -1 : 0;
  return strcmp(a->callee, b->callee);
}

/* ---- symbolic results ---- */

enum { C_PLAIN, C_EXTCALL, C_CALLEE, C_CALL_UNKNOWN, C_UNRESOLVED };

typedef struct fsym fsym;

typedef struct contrib {
  key k;
  size_t block, op; /* indices into the view */
  int kind;
  fsym *callee;       /* C_CALLEE */
  size_t callee_idx;  /* C_CALLEE: the callee contribution composed here */
  gc_poly *nlo, *nhi; /* executions; NULL when there is no closed form */
  gc_poly *blo, *bhi; /* bytes; NULL for non-memory ops or no closed form */
  int mem;            /* a memory op: bytes are meaningful */
  int bytes_lost;     /* mem, but no closed form for bytes */
  int unbounded, range, fbound;
  int mac;      /* a paired multiply: 1 MAC per lane (gc_op_entry_macs) */
  char *reason; /* owned, may be NULL */
} contrib;

typedef struct binfo {
  const gc_block *b;
  const gc_loop **chain; /* outermost first */
  int *skip; /* skip[k]: 1 when the thing inside chain[k] has skip_last */
  int *dep;  /* dep[k]: something inside chain[k] depends on its index */
  size_t m;
  size_t c0, c1; /* contributions [c0, c1) */
  int unknown;   /* an enclosing loop with no upper bound */
} binfo;

struct fsym {
  const gc_function *fn;
  const gc_view *view;
  int state; /* 1 in progress, 2 done */
  contrib *c;
  size_t n, cap;
  binfo *bi;
  size_t nb;
};

typedef struct st {
  const gc_profile_set *set;
  gc_view_kind view;
  const gc_binding *user;
  size_t nuser;
  size_t budget;
  gc_polyctx *pc;
  fsym **memo;
  size_t nmemo;
  gc_error *err;
  int no_row_formulas;
} st;

static void fsym_free(fsym *f) {
  if (!f)
    return;
  for (size_t i = 0; i < f->n; i++) {
    gc_poly_free(f->c[i].nlo);
    gc_poly_free(f->c[i].nhi);
    gc_poly_free(f->c[i].blo);
    gc_poly_free(f->c[i].bhi);
    free(f->c[i].reason);
  }
  free(f->c);
  for (size_t i = 0; i < f->nb; i++) {
    free(f->bi[i].chain);
    free(f->bi[i].skip);
    free(f->bi[i].dep);
  }
  free(f->bi);
  free(f);
}

static contrib *contrib_push(fsym *f) {
  if (f->n == f->cap) {
    size_t n = f->cap ? f->cap * 2 : 16;
    contrib *t = realloc(f->c, n * sizeof *t);
    if (!t)
      return NULL;
    f->c = t;
    f->cap = n;
  }
  contrib *c = &f->c[f->n++];
  memset(c, 0, sizeof *c);
  return c;
}

static void add_reason(contrib *c, const char *r) {
  if (!r || !*r)
    return;
  if (!c->reason) {
    c->reason = strdup(r);
    return;
  }
  if (strstr(c->reason, r))
    return;
  char *t = fmt("%s; %s", c->reason, r);
  if (t) {
    free(c->reason);
    c->reason = t;
  }
}

static const char *loop_where(char *buf, size_t n, const gc_loop *l) {
  if (l->line)
    snprintf(buf, n, "loop %u (line %u)", l->id, l->line);
  else
    snprintf(buf, n, "loop %u", l->id);
  return buf;
}

/* Does anything inside chain[k] (deeper trips, the guard, call args, bytes) use
 * @id? */
static int inner_uses(const binfo *bi, size_t k, unsigned id) {
  for (size_t j = k + 1; j < bi->m; j++) {
    const gc_loop *l = bi->chain[j];
    if ((l->trip_expr && gc_expr_uses_index(l->trip_expr, id)) ||
        (l->trip_max_expr && gc_expr_uses_index(l->trip_max_expr, id)))
      return 1;
  }
  const gc_block *b = bi->b;
  if (b->guard_expr && gc_expr_uses_index(b->guard_expr, id))
    return 1;
  for (size_t o = 0; o < b->nops; o++) {
    const gc_op_entry *op = &b->ops[o];
    if (op->bytes_expr && gc_expr_uses_index(op->bytes_expr, id))
      return 1;
    for (size_t a = 0; a < op->nargs; a++)
      if (op->args_expr[a] && gc_expr_uses_index(op->args_expr[a], id))
        return 1;
  }
  return 0;
}

static int build_binfo(binfo *bi, const gc_view *v, const gc_block *b) {
  size_t m = 0;
  for (const gc_loop *l = b->loop ? gc_view_find_loop(v, b->loop) : NULL;
       l && m <= gc_view_nloops(v);
       l = l->parent ? gc_view_find_loop(v, l->parent) : NULL)
    m++;
  bi->b = b;
  bi->m = m;
  bi->chain = calloc(m + 1, sizeof *bi->chain);
  bi->skip = calloc(m + 1, sizeof *bi->skip);
  bi->dep = calloc(m + 1, sizeof *bi->dep);
  if (!bi->chain || !bi->skip || !bi->dep)
    return GC_ENOMEM;
  size_t k = m;
  for (const gc_loop *l = b->loop ? gc_view_find_loop(v, b->loop) : NULL;
       l && k > 0; l = l->parent ? gc_view_find_loop(v, l->parent) : NULL)
    bi->chain[--k] = l;
  for (k = 0; k < m; k++) {
    bi->skip[k] = k + 1 < m ? bi->chain[k + 1]->skip_last : b->skip_last;
    bi->dep[k] = inner_uses(bi, k, bi->chain[k]->id);
    const gc_loop *l = bi->chain[k];
    if (l->status == GC_LOOP_UNKNOWN ||
        (l->status == GC_LOOP_BOUNDED && !l->trip_max_expr) ||
        (l->status == GC_LOOP_EXACT && !l->trip_expr))
      bi->unknown = 1;
  }
  if (b->cond == GC_COND_UNKNOWN) /* no bound, not even once per iteration */
    bi->unknown = 1;
  return GC_OK;
}

/* The loop's upper trip expression (exact trip, or trip_max for bounded loops).
 */
static const gc_expr *trip_hi(const gc_loop *l) {
  return l->status == GC_LOOP_BOUNDED ? l->trip_max_expr : l->trip_expr;
}

/* out = sum over bi's iteration space (upper trips) of summand. On GC_EUNKNOWN,
 * why says why. */
static int nest_sum(gc_poly **out, st *s, const binfo *bi,
                    const gc_poly *summand, char **why) {
  gc_poly *acc = NULL, *cnt = NULL;
  gc_error e = {0};
  int rc = gc_poly_clone(&acc, summand);
  for (size_t k = bi->m; rc == GC_OK && k-- > 0;) {
    const gc_loop *l = bi->chain[k];
    if ((rc = gc_poly_from_expr(&cnt, s->pc, trip_hi(l), &e)) != GC_OK)
      break;
    gc_poly *one = NULL;
    if (bi->skip[k]) {
      if ((rc = gc_poly_new(&one, s->pc)) != GC_OK)
        break;
      gc_poly_set_si(one, 1);
      gc_poly_sub(cnt, cnt, one);
      gc_poly_free(one);
    }
    rc = gc_poly_sum_index(acc, acc, l->id, cnt, &e);
    gc_poly_free(cnt);
    cnt = NULL;
  }
  gc_poly_free(cnt);
  if (rc != GC_OK) {
    gc_poly_free(acc);
    if (rc == GC_EUNKNOWN || rc == GC_ERANGE || rc == GC_EINVAL) {
      *why = strncmp(e.msg, "no closed form", 14) == 0
                 ? strdup(e.msg)
                 : fmt("no closed form: %s", e.msg);
      return GC_EUNKNOWN;
    }
    return rc;
  }
  *out = acc;
  return GC_OK;
}

/* Total over the block's nest of summand (a constant n or an expression):
 * W*summand when summand is free of loop indices, else a nested sum. *out NULL
 * and a reason when there is no closed form. */
static int block_total(gc_poly **out, st *s, const binfo *bi, const gc_poly *W,
                       const gc_poly *summand, contrib *c) {
  *out = NULL;
  if (bi->unknown)
    return GC_OK;
  if (!gc_poly_uses_any_index(summand)) {
    if (!W)
      return GC_OK;
    int rc = gc_poly_clone(out, W);
    if (rc == GC_OK)
      gc_poly_mul(*out, *out, summand);
    return rc;
  }
  char *why = NULL;
  int rc = nest_sum(out, s, bi, summand, &why);
  if (rc == GC_EUNKNOWN) {
    add_reason(c, why);
    free(why);
    *out = NULL;
    return GC_OK;
  }
  return rc;
}

static int sym_function(fsym **out, st *s, const gc_function *fn,
                        unsigned only_loop);

static int poly_const(gc_poly **out, st *s, int64_t v) {
  int rc = gc_poly_new(out, s->pc);
  if (rc == GC_OK)
    gc_poly_set_si(*out, v);
  return rc;
}

/* Substitution lists for a call: callee params (and fields read through them)
 * -> caller argument expressions. */
typedef struct callmap {
  const char **names;
  const gc_expr **vals;
  gc_expr **owned;
  size_t n, nowned;
  const char **unknown; /* callee symbols with no argument expression */
  size_t nunknown;
} callmap;

static void callmap_free(callmap *m) {
  for (size_t i = 0; i < m->nowned; i++)
    gc_expr_free(m->owned[i]);
  free(m->owned);
  free(m->names);
  free(m->vals);
  free(m->unknown);
  memset(m, 0, sizeof *m);
}

static int callmap_build(callmap *m, const gc_function *callee,
                         const gc_op_entry *op) {
  size_t ns = gc_function_nsymbols(callee);
  memset(m, 0, sizeof *m);
  m->names = calloc(ns + 1, sizeof *m->names);
  m->vals = calloc(ns + 1, sizeof *m->vals);
  m->owned = calloc(ns + 1, sizeof *m->owned);
  m->unknown = calloc(ns + 1, sizeof *m->unknown);
  if (!m->names || !m->vals || !m->owned || !m->unknown)
    return GC_ENOMEM;
  for (size_t i = 0; i < ns; i++) {
    const gc_symbol *sy = gc_function_symbol(callee, i);
    size_t mapped = m->n;
    if (sy->kind == GC_SYM_PARAM && sy->index >= 0 &&
        (size_t)sy->index < op->nargs && op->args_expr[sy->index]) {
      m->names[m->n] = sy->name;
      m->vals[m->n++] = op->args_expr[sy->index];
    } else if (sy->kind == GC_SYM_FIELD) {
      /* p->dim with p passed as a plain symbol cfg: cfg->dim */
      for (size_t a = 0; a < gc_function_nparams(callee) && a < op->nargs;
           a++) {
        const gc_param *pa = gc_function_param(callee, a);
        size_t bl = strlen(pa->name);
        if (strcmp(pa->name, sy->base) != 0 || !op->args_expr[a] ||
            gc_expr_kind_of(op->args_expr[a]) != GC_EXPR_SYM ||
            strncmp(sy->name, pa->name, bl) != 0)
          continue;
        char *nn = fmt("%s%s", gc_expr_sym(op->args_expr[a]), sy->name + bl);
        gc_expr *e = NULL;
        int rc = nn ? gc_expr_new_sym(&e, nn) : GC_ENOMEM;
        free(nn);
        if (rc != GC_OK)
          return rc;
        m->owned[m->nowned++] = e;
        m->names[m->n] = sy->name;
        m->vals[m->n++] = e;
        break;
      }
    }
    /* a param or field the call site does not give: counts using it are
     * unknown (never left in the callee's names, which the caller may reuse) */
    if (m->n == mapped &&
        (sy->kind == GC_SYM_PARAM || sy->kind == GC_SYM_FIELD))
      m->unknown[m->nunknown++] = sy->name;
  }
  return GC_OK;
}

/* The first of m's unknown names p depends on, or NULL. */
static const char *uses_unknown(const callmap *m, const gc_poly *p) {
  const char **syms = NULL, *hit = NULL;
  size_t n = 0;
  if (!p || !m->nunknown || gc_poly_symbols(&syms, &n, p) != GC_OK)
    return NULL;
  for (size_t i = 0; i < n && !hit; i++)
    for (size_t k = 0; k < m->nunknown && !hit; k++)
      if (strcmp(syms[i], m->unknown[k]) == 0)
        hit = m->unknown[k];
  free(syms);
  return hit;
}

/* Compose the callee's contributions at a call site in block bi. */
static int compose_call(st *s, fsym *f, const binfo *bi, size_t bidx,
                        size_t oidx, const gc_poly *W, const gc_poly *Wlo,
                        int range, int fbound, fsym *callee,
                        const char *extra_reason) {
  const gc_op_entry *op = &bi->b->ops[oidx];
  callmap m;
  int rc = callmap_build(&m, callee->fn, op);
  for (size_t j = 0; rc == GC_OK && j < callee->n; j++) {
    const contrib *cc = &callee->c[j];
    contrib *c = contrib_push(f);
    if (!c) {
      rc = GC_ENOMEM;
      break;
    }
    c->k = cc->k;
    c->block = bidx;
    c->op = oidx;
    c->kind = C_CALLEE;
    c->callee = callee;
    c->callee_idx = j;
    c->mem = cc->mem;
    c->mac = cc->mac;
    c->unbounded = cc->unbounded || bi->unknown;
    c->range = cc->range || range;
    c->fbound = cc->fbound || fbound;
    if (cc->reason) {
      char *r = fmt("in %s: %s", gc_function_name(callee->fn), cc->reason);
      add_reason(c, r);
      free(r);
    }
    add_reason(c, extra_reason);
    gc_poly *sub[4] = {NULL, NULL, NULL, NULL};
    const gc_poly *src[4] = {cc->nlo, cc->nhi, cc->blo, cc->bhi};
    const char *unk = NULL;
    for (int q = 0; q < 4 && !unk; q++)
      unk = uses_unknown(&m, src[q]);
    if (unk) {
      char *r = fmt("the call to %s gives no argument for %s: unknown",
                    op->callee, unk);
      add_reason(c, r);
      free(r);
      c->unbounded = 1;
      for (int q = 0; q < 4; q++)
        src[q] = NULL;
    }
    gc_poly **dst[4] = {&c->nlo, &c->nhi, &c->blo, &c->bhi};
    for (int q = 0; q < 4 && rc == GC_OK; q++) {
      if (!src[q])
        continue;
      gc_error e = {0};
      if ((rc = gc_poly_subst(&sub[q], s->pc, src[q], m.names, m.vals, m.n,
                              &e)) != GC_OK) {
        if (rc ==
            GC_ERANGE) { /* too many variables: no closed form, not an error */
          add_reason(c, e.msg);
          rc = GC_OK;
        }
        continue;
      }
      gc_poly_scale_si(sub[q], sub[q], op->n);
      /* lower bounds: over the lower-bound space (0 when data-dependent or
       * bounded) */
      /* lower bounds: 0 when the block's lower-bound space is empty
       * (data-dependent, bounded, guard on index) */
      if ((q == 0 || q == 2) && Wlo != W)
        rc = poly_const(dst[q], s, 0);
      else
        rc = block_total(dst[q], s, bi, W, sub[q], c);
    }
    for (int q = 0; q < 4; q++)
      gc_poly_free(sub[q]);
    if (c->mem && (!c->blo || !c->bhi) && !c->unbounded)
      c->bytes_lost = 1;
  }
  callmap_free(&m);
  return rc;
}

/* Contributions of one block. */
static int sym_block(st *s, fsym *f, size_t bidx) {
  binfo *bi = &f->bi[bidx];
  const gc_block *b = bi->b;
  int rc = GC_OK;
  gc_poly *one = NULL, *W = NULL, *Wlo = NULL, *zero = NULL;
  char where[64], why[512];
  gc_sbuf reasons = {0};
  int range = b->cond == GC_COND_DATA, fbound = 0;
  bi->c0 = f->n;
  if (b->cond == GC_COND_DATA) {
    if (b->line)
      snprintf(why, sizeof why,
               "block %u (line %u): runs on a data-dependent branch", b->id,
               b->line);
    else
      snprintf(why, sizeof why, "block %u: runs on a data-dependent branch",
               b->id);
    sb_note(&reasons, why);
  }
  if (b->cond == GC_COND_UNKNOWN) {
    const char *r = b->reason ? b->reason : "no bound given";
    if (b->line)
      snprintf(why, sizeof why, "block %u (line %u): count unknown: %s", b->id,
               b->line, r);
    else
      snprintf(why, sizeof why, "block %u: count unknown: %s", b->id, r);
    sb_note(&reasons, why);
  }
  for (size_t k = 0; k < bi->m; k++) {
    const gc_loop *l = bi->chain[k];
    loop_where(where, sizeof where, l);
    if (l->status == GC_LOOP_UNKNOWN ||
        (l->status == GC_LOOP_EXACT && !l->trip_expr)) {
      snprintf(why, sizeof why, "%s: trip unknown%s%s", where,
               l->reason ? ": " : "", l->reason ? l->reason : "");
      sb_note(&reasons, why);
    } else if (l->status == GC_LOOP_BOUNDED) {
      range = 1;
      if (l->trip_max_expr)
        snprintf(why, sizeof why, "%s: at most %s iterations%s%s", where,
                 l->trip_max, l->reason ? ": " : "",
                 l->reason ? l->reason : "");
      else
        snprintf(why, sizeof why, "%s: bounded, but no trip_max given%s%s",
                 where, l->reason ? ": " : "", l->reason ? l->reason : "");
      sb_note(&reasons, why);
    }
  }
  if (b->cond == GC_COND_GUARD) {
    if (gc_expr_uses_any_index(b->guard_expr)) {
      fbound = 1;
      snprintf(
          why, sizeof why,
          "guard %s depends on a loop index: the formula is an upper bound",
          b->guard);
    } else {
      snprintf(why, sizeof why, "formula holds when %s (0 otherwise)",
               b->guard);
    }
    sb_note(&reasons, why);
  }
  if (reasons.oom) {
    rc = GC_ENOMEM;
    goto done;
  }
  if ((rc = poly_const(&one, s, 1)) != GC_OK ||
      (rc = poly_const(&zero, s, 0)) != GC_OK)
    goto done;
  char *noform = NULL;
  if (!bi->unknown) {
    rc = nest_sum(&W, s, bi, one, &noform);
    if (rc == GC_EUNKNOWN) {
      sb_note(&reasons, noform);
      rc = GC_OK;
      W = NULL;
    }
    free(noform);
    if (rc != GC_OK)
      goto done;
  }
  /* lower bound of the iteration space: the same unless
   * bounded/data/guard-on-index, then 0 */
  Wlo = (range || fbound) ? zero : W;

  for (size_t o = 0; o < b->nops; o++) {
    const gc_op_entry *op = &b->ops[o];
    const gc_function *callee = NULL;
    if (op->op == GC_OP_CALL && op->callee)
      callee = gc_profile_set_find_function(s->set, op->callee,
                                            gc_function_profile(f->fn));
    int parallel = op->op == GC_OP_CALL && op->callee && op->what &&
                   strcmp(op->what, "parallel") == 0;
    if (callee && gc_function_view(callee, s->view)) {
      fsym *cf = NULL;
      for (size_t i = 0; i < s->nmemo; i++)
        if (s->memo[i]->fn == callee)
          cf = s->memo[i];
      if ((cf && cf->state == 1) || parallel) {
        /* A call whose count of executions is unknown: recursion, or an
         * OpenMP parallel region, whose body runs on every thread of a team
         * sized at run time (a worksharing loop splits its iterations among
         * them, a plain region repeats its work on each). */
        contrib *c = contrib_push(f);
        if (!c) {
          rc = GC_ENOMEM;
          goto done;
        }
        c->k = (key){GC_OP_CALL, GC_TY_NONE, 1, GC_ROLE_DATA, op->callee};
        c->block = bidx;
        c->op = o;
        c->kind = C_CALL_UNKNOWN;
        c->unbounded = 1;
        if (parallel)
          snprintf(why, sizeof why,
                   "%s runs on every thread of an OpenMP team: the team's "
                   "size and each thread's share of the work are set at run "
                   "time",
                   op->callee);
        else
          snprintf(why, sizeof why,
                   "recursive call to %s: its count is unknown", op->callee);
        add_reason(c, why);
        add_reason(c, reasons.s);
        continue;
      }
      if (!cf && (rc = sym_function(&cf, s, callee, 0)) != GC_OK)
        goto done;
      const char *extra = NULL;
      char *er = NULL;
      if (reasons.s)
        er = extra ? fmt("%s; %s", reasons.s, extra) : strdup(reasons.s);
      rc = compose_call(s, f, bi, bidx, o, W, Wlo, range, fbound, cf,
                        er ? er : extra);
      free(er);
      if (rc != GC_OK)
        goto done;
      continue;
    }
    contrib *c = contrib_push(f);
    if (!c) {
      rc = GC_ENOMEM;
      goto done;
    }
    c->block = bidx;
    c->op = o;
    c->unbounded = bi->unknown;
    c->range = range;
    c->fbound = fbound;
    add_reason(c, reasons.s);
    if (op->op == GC_OP_CALL) {
      c->kind = C_EXTCALL;
      c->k = (key){GC_OP_CALL, GC_TY_NONE, 1, GC_ROLE_DATA, op->callee};
      if (callee) { /* defined, but not in this view: listed by name */
        char *r = fmt("%s has no %s view: its operations are not counted",
                      op->callee, gc_view_kind_name(s->view));
        add_reason(c, r);
        free(r);
      }
    } else {
      c->kind = C_PLAIN;
      c->k = (key){op->op, op->ty, op->lanes, op->role,
                   op->op == GC_OP_OTHER ? op->what : NULL};
      c->mac = gc_op_entry_macs(op->op, op->what) > gc_op_macs(op->op);
    }
    gc_poly *n = NULL;
    if ((rc = poly_const(&n, s, op->n)) != GC_OK)
      goto done;
    rc = block_total(&c->nhi, s, bi, W, n, c);
    if (rc == GC_OK)
      rc = Wlo == W ? block_total(&c->nlo, s, bi, W, n, c)
                    : poly_const(&c->nlo, s, 0);
    if (rc == GC_OK && gc_op_is_memory(op->op) && op->bytes_expr) {
      gc_poly *bp = NULL;
      gc_error e = {0};
      c->mem = 1;
      rc = gc_poly_from_expr(&bp, s->pc, op->bytes_expr, &e);
      if (rc == GC_ERANGE) { /* too many variables: no closed form */
        add_reason(c, e.msg);
        rc = GC_OK;
      } else if (rc == GC_OK) {
        gc_poly_mul(bp, bp, n);
        rc = block_total(&c->bhi, s, bi, W, bp, c);
        if (rc == GC_OK)
          rc = Wlo == W ? block_total(&c->blo, s, bi, W, bp, c)
                        : poly_const(&c->blo, s, 0);
      }
      gc_poly_free(bp);
      if (!c->bhi && !bi->unknown)
        c->bytes_lost = 1;
    }
    gc_poly_free(n);
    if (rc != GC_OK)
      goto done;
  }
done:
  bi->c1 = f->n;
  gc_poly_free(one);
  gc_poly_free(W);
  gc_poly_free(zero);
  free(reasons.s);
  return rc;
}

/* Is block b inside the top-level loop `only` (0: everything)? */
static int in_nest(const gc_view *v, const gc_block *b, unsigned only) {
  if (!only)
    return 1;
  const gc_loop *l = b->loop ? gc_view_find_loop(v, b->loop) : NULL;
  size_t guard = 0;
  while (l && guard++ <= gc_view_nloops(v)) {
    if (l->id == only)
      return 1;
    l = l->parent ? gc_view_find_loop(v, l->parent) : NULL;
  }
  return 0;
}

/* Symbolic contributions of fn; memoized unless only_loop restricts it (then
 * the caller owns *out). */
static int sym_function(fsym **out, st *s, const gc_function *fn,
                        unsigned only_loop) {
  int rc = GC_OK;
  const gc_view *v = gc_function_view(fn, s->view);
  fsym *f = calloc(1, sizeof *f);
  if (!f)
    return GC_ENOMEM;
  f->fn = fn;
  f->view = v;
  f->state = 1;
  if (!only_loop) {
    fsym **t = realloc(s->memo, (s->nmemo + 1) * sizeof *t);
    if (!t) {
      free(f);
      return GC_ENOMEM;
    }
    s->memo = t;
    s->memo[s->nmemo++] = f;
  }
  if (!v)
    goto done;
  f->bi = calloc(gc_view_nblocks(v) + 1, sizeof *f->bi);
  if (!f->bi) {
    rc = GC_ENOMEM;
    goto done;
  }
  for (size_t i = 0; i < gc_view_nblocks(v); i++) {
    const gc_block *b = gc_view_block(v, i);
    if (!in_nest(v, b, only_loop))
      continue;
    size_t k = f->nb++;
    if ((rc = build_binfo(&f->bi[k], v, b)) != GC_OK ||
        (rc = sym_block(s, f, k)) != GC_OK)
      goto done;
  }
done:
  f->state = 2;
  if (rc != GC_OK && only_loop) {
    fsym_free(f);
    return rc;
  }
  *out = f;
  return rc;
}

/* ---- numeric pass ---- */

typedef struct nv {
  mpz_t lo, hi, blo, bhi;
  int inf;       /* hi unbounded */
  int fail;      /* no numeric value */
  int unchecked; /* from the closed form, not the walk */
  char *why;     /* fail reason (owned) */
} nv;

static nv *nvec_new(size_t n) {
  nv *v = calloc(n + 1, sizeof *v);
  if (v)
    for (size_t i = 0; i < n; i++) {
      mpz_init(v[i].lo);
      mpz_init(v[i].hi);
      mpz_init(v[i].blo);
      mpz_init(v[i].bhi);
    }
  return v;
}

static void nvec_free(nv *v, size_t n) {
  if (!v)
    return;
  for (size_t i = 0; i < n; i++) {
    mpz_clear(v[i].lo);
    mpz_clear(v[i].hi);
    mpz_clear(v[i].blo);
    mpz_clear(v[i].bhi);
    free(v[i].why);
  }
  free(v);
}

static void nv_fail(nv *x, const char *why) {
  x->fail = 1;
  if (!x->why && why)
    x->why = strdup(why);
}

/* dst += (clo * src.lo, chi * src.hi) */
static void nv_add_scaled(nv *dst, const nv *src, const mpz_t clo,
                          const mpz_t chi) {
  mpz_addmul(dst->lo, src->lo, clo);
  mpz_addmul(dst->blo, src->blo, clo);
  if (mpz_sgn(chi) == 0)
    return;
  mpz_addmul(dst->hi, src->hi, chi);
  mpz_addmul(dst->bhi, src->bhi, chi);
  dst->inf |= src->inf;
  dst->unchecked |= src->unchecked;
  if (src->fail)
    nv_fail(dst, src->why);
}

enum { WALK_OK = 0, WALK_BUDGET = 1 };

typedef struct wctx {
  st *s;
  fsym *f;
  const binfo *bi;
  gc_binding *syms;
  size_t nsyms;
  int64_t *idx;
  unsigned char *idx_set;
  size_t nidx;
} wctx;

static int num_function(nv **out, st *s, fsym *f, const gc_binding *syms,
                        size_t nsyms);

static void wenv(const wctx *w, gc_env *env) {
  env->syms = w->syms;
  env->nsyms = w->nsyms;
  env->idx = w->idx;
  env->idx_set = w->idx_set;
  env->nidx = w->nidx;
}

/* The block's per-execution values at the current point into out[0 .. c1-c0).
 */
static int leaf(const wctx *w, nv *out) {
  const binfo *bi = w->bi;
  const gc_block *b = bi->b;
  size_t len = bi->c1 - bi->c0;
  gc_env env;
  gc_error e = {0};
  wenv(w, &env);
  if (b->cond == GC_COND_GUARD) {
    int64_t g = 0;
    if (gc_expr_eval(&g, b->guard_expr, &env, &e) != GC_OK) {
      for (size_t j = 0; j < len; j++)
        nv_fail(&out[j], e.msg);
      return WALK_OK;
    }
    if (!g)
      return WALK_OK; /* all zero */
  }
  if (w->s->budget == 0)
    return WALK_BUDGET;
  w->s->budget--;
  int data = b->cond == GC_COND_DATA;
  nv *cv = NULL;
  size_t cv_op = (size_t)-1, cv_n = 0;
  int rc = WALK_OK;
  for (size_t j = 0; j < len; j++) {
    const contrib *c = &w->f->c[bi->c0 + j];
    const gc_op_entry *op = &b->ops[c->op];
    nv *x = &out[j];
    if (c->kind == C_CALL_UNKNOWN) {
      x->inf = 1;
      continue;
    }
    if (c->kind == C_CALLEE) {
      if (cv_op != c->op) {
        nvec_free(cv, cv_n);
        cv = NULL;
        cv_op = c->op;
        /* callee environment: its module params, the user's bindings, then its
         * params from the arguments */
        const gc_profile *cp = gc_function_profile(c->callee->fn);
        callmap m;
        size_t np = gc_profile_nparams(cp);
        gc_binding *cs = NULL;
        int r2 = callmap_build(&m, c->callee->fn, op);
        if (r2 == GC_OK &&
            !(cs = calloc(np + w->s->nuser + m.n + 1, sizeof *cs)))
          r2 = GC_ENOMEM;
        size_t ncs = 0;
        for (size_t i = 0; r2 == GC_OK && i < np; i++)
          cs[ncs++] = gc_profile_params(cp)[i];
        for (size_t i = 0; r2 == GC_OK && i < w->s->nuser; i++)
          cs[ncs++] = w->s->user[i];
        for (size_t i = 0; r2 == GC_OK && i < m.n; i++) {
          int64_t val = 0;
          if (gc_expr_eval(&val, m.vals[i], &env, NULL) == GC_OK)
            cs[ncs++] = (gc_binding){m.names[i], val};
        }
        if (r2 == GC_OK) {
          r2 = num_function(&cv, w->s, c->callee, cs, ncs);
          cv_n = c->callee->n;
        }
        free(cs);
        callmap_free(&m);
        if (r2 == WALK_BUDGET) {
          rc = WALK_BUDGET;
          break;
        }
        if (r2 != GC_OK) {
          nvec_free(cv, cv_n);
          cv = NULL;
          rc = r2;
          break;
        }
      }
      mpz_t n, lo;
      mpz_init_set_si(n, (long)op->n);
      mpz_init_set_si(lo, data ? 0 : (long)op->n);
      nv_add_scaled(x, &cv[c->callee_idx], lo, n);
      if (cv[c->callee_idx].inf)
        x->inf = 1;
      mpz_clear(n);
      mpz_clear(lo);
      continue;
    }
    mpz_set_si(x->hi, (long)op->n);
    mpz_set_si(x->lo, data ? 0 : (long)op->n);
    if (c->mem && op->bytes_expr) {
      int64_t by = 0;
      if (gc_expr_eval(&by, op->bytes_expr, &env, &e) != GC_OK) {
        nv_fail(x, e.msg);
        continue;
      }
      mpz_set_si(x->bhi, (long)by);
      mpz_mul_si(x->bhi, x->bhi, (long)op->n);
      if (!data)
        mpz_set(x->blo, x->bhi);
    }
  }
  nvec_free(cv, cv_n);
  return rc;
}

static void slice_clear(nv *v, size_t len) {
  for (size_t j = 0; j < len; j++) {
    mpz_set_ui(v[j].lo, 0);
    mpz_set_ui(v[j].hi, 0);
    mpz_set_ui(v[j].blo, 0);
    mpz_set_ui(v[j].bhi, 0);
    v[j].inf = v[j].fail = v[j].unchecked = 0;
    free(v[j].why);
    v[j].why = NULL;
  }
}

/* Is the block's guard decidable before loop chain[k] (it uses no index of
 * chain[k..m)) and false? The writer carries the enclosing loops' guards into
 * the block's, so a false guard means none of the trips below is reached:
 * they are not evaluated (udiv(n - 1, 8) at n = 0 is no count at all). */
static int guard_false(const wctx *w, size_t k) {
  const binfo *bi = w->bi;
  const gc_block *b = bi->b;
  if (b->cond != GC_COND_GUARD || !b->guard_expr)
    return 0;
  for (size_t j = k; j < bi->m; j++)
    if (gc_expr_uses_index(b->guard_expr, bi->chain[j]->id))
      return 0;
  gc_env env;
  int64_t g = 1;
  wenv(w, &env);
  return gc_expr_eval(&g, b->guard_expr, &env, NULL) == GC_OK && !g;
}

/* Values of the block over loops chain[k..m) into out (len entries, zeroed by
 * the caller). */
static int walk(wctx *w, size_t k, nv *out) {
  const binfo *bi = w->bi;
  size_t len = bi->c1 - bi->c0;
  if (k == bi->m)
    return leaf(w, out);
  const gc_loop *l = bi->chain[k];
  gc_env env;
  gc_error e = {0};
  int64_t thi = 0;
  wenv(w, &env);
  if (guard_false(w, k))
    return WALK_OK; /* the block does not run: its trips are never reached */
  if (gc_expr_eval(&thi, trip_hi(l), &env, &e) != GC_OK) {
    for (size_t j = 0; j < len; j++)
      nv_fail(&out[j], e.msg);
    return WALK_OK;
  }
  if (l->status == GC_LOOP_BOUNDED && thi < 0) {
    /* no count is negative: a negative bound is a wrapped or broken one (0 is
     * taken at its word: the loop is not entered on this path) */
    char msg[160];
    snprintf(msg, sizeof msg,
             "loop %u: trip_max evaluates to %lld, which bounds nothing", l->id,
             (long long)thi);
    for (size_t j = 0; j < len; j++) {
      out[j].inf = 1;
      nv_fail(&out[j], msg);
    }
    return WALK_OK;
  }
  if (thi <= bi->skip[k])
    return WALK_OK; /* an empty range counts zero */
  int64_t chi = thi - bi->skip[k];
  int64_t clo = l->status == GC_LOOP_BOUNDED ? 0 : chi;
  int rc = WALK_OK;
  nv *tmp = nvec_new(len);
  if (!tmp)
    return GC_ENOMEM;
  if (!bi->dep[k]) {
    if ((rc = walk(w, k + 1, tmp)) == WALK_OK) {
      mpz_t zlo, zhi;
      mpz_init_set_si(zlo, (long)clo);
      mpz_init_set_si(zhi, (long)chi);
      for (size_t j = 0; j < len; j++)
        nv_add_scaled(&out[j], &tmp[j], zlo, zhi);
      mpz_clear(zlo);
      mpz_clear(zhi);
    }
  } else {
    mpz_t one, zero;
    mpz_init_set_ui(one, 1);
    mpz_init_set_ui(zero, 0);
    for (int64_t i = 0; i < chi && rc == WALK_OK; i++) {
      if (w->s->budget == 0) {
        rc = WALK_BUDGET;
        break;
      }
      w->s->budget--;
      w->idx[l->id] = i;
      w->idx_set[l->id] = 1;
      slice_clear(tmp, len);
      if ((rc = walk(w, k + 1, tmp)) == WALK_OK)
        for (size_t j = 0; j < len; j++)
          nv_add_scaled(&out[j], &tmp[j], i < clo ? one : zero, one);
    }
    w->idx_set[l->id] = 0;
    mpz_clear(one);
    mpz_clear(zero);
  }
  nvec_free(tmp, len);
  return rc;
}

/* Closed-form values of a block's contributions at syms (fallback past the walk
 * budget). */
static void closed_form(nv *out, const fsym *f, const binfo *bi,
                        const gc_binding *syms, size_t nsyms) {
  gc_env env = {syms, nsyms, NULL, NULL, 0};
  for (size_t j = bi->c0; j < bi->c1; j++) {
    const contrib *c = &f->c[j];
    nv *x = &out[j];
    const gc_poly *ps[4] = {c->nlo, c->nhi, c->blo, c->bhi};
    mpz_ptr zs[4] = {x->lo, x->hi, x->blo, x->bhi};
    mpz_set_ui(x->lo, 0);
    mpz_set_ui(x->hi, 0);
    mpz_set_ui(x->blo, 0);
    mpz_set_ui(x->bhi, 0);
    x->unchecked = 1;
    if (c->unbounded) {
      x->inf = 1;
      continue;
    }
    for (int q = 0; q < 4; q++) {
      if (!ps[q]) {
        if (q < 2 || c->mem)
          nv_fail(x, "too many iterations to walk and no closed form");
        continue;
      }
      char *str = NULL;
      gc_error e = {0};
      if (gc_poly_eval_str(&str, ps[q], &env, &e) != GC_OK ||
          mpz_set_str(zs[q], str, 10) != 0)
        nv_fail(x, e.msg[0] ? e.msg : "closed form is not an integer");
      free(str);
    }
  }
}

static int num_function(nv **out, st *s, fsym *f, const gc_binding *syms,
                        size_t nsyms) {
  int rc = GC_OK;
  nv *v = nvec_new(f->n);
  size_t nidx = 1;
  wctx w = {s, f, NULL, (gc_binding *)syms, nsyms, NULL, NULL, 0};
  if (!v)
    return GC_ENOMEM;
  if (f->view)
    for (size_t i = 0; i < gc_view_nloops(f->view); i++)
      if (gc_view_loop(f->view, i)->id + 1 > nidx)
        nidx = gc_view_loop(f->view, i)->id + 1;
  w.idx = calloc(nidx, sizeof *w.idx);
  w.idx_set = calloc(nidx, 1);
  w.nidx = nidx;
  if (!w.idx || !w.idx_set) {
    rc = GC_ENOMEM;
    goto done;
  }
  for (size_t b = 0; b < f->nb; b++) {
    const binfo *bi = &f->bi[b];
    size_t len = bi->c1 - bi->c0;
    w.bi = bi;
    if (len == 0)
      continue;
    if (bi->unknown) {
      for (size_t j = bi->c0; j < bi->c1; j++)
        v[j].inf = 1;
      continue;
    }
    int r = walk(&w, 0, v + bi->c0);
    memset(w.idx_set, 0, nidx);
    if (r == WALK_BUDGET) {
      slice_clear(v + bi->c0, len);
      closed_form(v, f, bi, syms, nsyms);
    } else if (r != WALK_OK) {
      rc = r;
      goto done;
    }
  }
done:
  free(w.idx);
  free(w.idx_set);
  if (rc != GC_OK) {
    nvec_free(v, f->n);
    return rc;
  }
  *out = v;
  return GC_OK;
}

/* ---- aggregation into rows ---- */

typedef struct agg {
  gc_poly *flo, *fhi, *blo, *bhi; /* NULL once lost */
  int flost_lo, flost_hi, blost_lo, blost_hi;
  mpz_t vlo, vhi, bvlo, bvhi;
  int inf, fail, unchecked, unbounded, range, fbound, mem;
  gc_sbuf why;  /* structural reasons */
  gc_sbuf nwhy; /* why the numeric value failed */
} agg;

typedef struct arow {
  key k;
  agg n;
  agg mac; /* the contributions of paired multiplies (contrib.mac) */
  int has_mac;
  int call_unknown; /* a composed call executed an unknown number of times */
} arow;

struct gc_counts {
  gc_count_row *rows;
  size_t nrows;
  gc_quantity totals[GC_TOTAL_COUNT_];
  gc_quantity bytes; /* loaded + stored */
  char **notes;
  size_t nnotes;
  char **unbound;
  size_t nunbound;
  char **pool; /* every string the quantities point to */
  size_t npool, cappool;
  gc_count_status status;
};

static void agg_init(agg *a) {
  memset(a, 0, sizeof *a);
  mpz_init(a->vlo);
  mpz_init(a->vhi);
  mpz_init(a->bvlo);
  mpz_init(a->bvhi);
}

static void agg_clear(agg *a) {
  gc_poly_free(a->flo);
  gc_poly_free(a->fhi);
  gc_poly_free(a->blo);
  gc_poly_free(a->bhi);
  mpz_clear(a->vlo);
  mpz_clear(a->vhi);
  mpz_clear(a->bvlo);
  mpz_clear(a->bvhi);
  free(a->why.s);
  free(a->nwhy.s);
}

/* acc += scale * p (p may be NULL: lost). */
static int poly_acc(gc_poly **acc, int *lost, const gc_poly *p, int64_t scale,
                    gc_polyctx *pc) {
  if (*lost)
    return GC_OK;
  if (!p) {
    *lost = 1;
    gc_poly_free(*acc);
    *acc = NULL;
    return GC_OK;
  }
  gc_poly *t = NULL;
  int rc = gc_poly_clone(&t, p);
  if (rc != GC_OK)
    return rc;
  gc_poly_scale_si(t, t, scale);
  if (!*acc) {
    *acc = t;
    return GC_OK;
  }
  gc_poly_add(*acc, *acc, t);
  gc_poly_free(t);
  (void)pc;
  return GC_OK;
}

static int agg_add_contrib(agg *a, const contrib *c, const nv *x,
                           gc_polyctx *pc) {
  int rc;
  if ((rc = poly_acc(&a->flo, &a->flost_lo, c->nlo, 1, pc)) != GC_OK ||
      (rc = poly_acc(&a->fhi, &a->flost_hi, c->unbounded ? NULL : c->nhi, 1,
                     pc)) != GC_OK)
    return rc;
  if (c->mem) {
    a->mem = 1;
    if ((rc = poly_acc(&a->blo, &a->blost_lo, c->blo, 1, pc)) != GC_OK ||
        (rc = poly_acc(&a->bhi, &a->blost_hi, c->unbounded ? NULL : c->bhi, 1,
                       pc)) != GC_OK)
      return rc;
  }
  a->unbounded |= c->unbounded;
  a->range |= c->range;
  a->fbound |= c->fbound;
  sb_note(&a->why, c->reason);
  if (x) {
    mpz_add(a->vlo, a->vlo, x->lo);
    mpz_add(a->vhi, a->vhi, x->hi);
    mpz_add(a->bvlo, a->bvlo, x->blo);
    mpz_add(a->bvhi, a->bvhi, x->bhi);
    a->inf |= x->inf;
    a->unchecked |= x->unchecked;
    if (x->fail) {
      a->fail = 1;
      sb_note(&a->nwhy, x->why);
    }
  } else {
    a->fail = 1;
  }
  return a->why.oom ? GC_ENOMEM : GC_OK;
}

/* dst += scale * (src's executions or bytes) */
static int agg_add_scaled(agg *dst, const agg *src, int bytes, int64_t scale,
                          gc_polyctx *pc) {
  int rc;
  const gc_poly *plo = bytes ? src->blo : src->flo,
                *phi = bytes ? src->bhi : src->fhi;
  int llo = bytes ? src->blost_lo : src->flost_lo,
      lhi = bytes ? src->blost_hi : src->flost_hi;
  if ((rc = poly_acc(&dst->flo, &dst->flost_lo, llo ? NULL : plo, scale, pc)) !=
          GC_OK ||
      (rc = poly_acc(&dst->fhi, &dst->flost_hi, lhi ? NULL : phi, scale, pc)) !=
          GC_OK)
    return rc;
  mpz_addmul_ui(dst->vlo, bytes ? src->bvlo : src->vlo, (unsigned long)scale);
  mpz_addmul_ui(dst->vhi, bytes ? src->bvhi : src->vhi, (unsigned long)scale);
  dst->inf |= src->inf;
  dst->fail |= src->fail;
  dst->unchecked |= src->unchecked;
  dst->unbounded |= src->unbounded;
  dst->range |= src->range;
  dst->fbound |= src->fbound;
  sb_note(&dst->why, src->why.s);
  sb_note(&dst->nwhy, src->nwhy.s);
  return dst->why.oom || dst->nwhy.oom ? GC_ENOMEM : GC_OK;
}

/* A call executed an unknown number of times (recursion, an OpenMP team):
 * whatever its callee does per call, the total is unknown, for the call's
 * reason. */
static int agg_taint(agg *dst, const agg *src) {
  dst->inf = 1;
  dst->unbounded = 1;
  sb_note(&dst->why, src->why.s);
  sb_note(&dst->nwhy, src->nwhy.s);
  return dst->why.oom || dst->nwhy.oom ? GC_ENOMEM : GC_OK;
}

static const char *pool_keep(gc_counts *c, char *s) {
  if (!s)
    return NULL;
  if (c->npool == c->cappool) {
    size_t n = c->cappool ? c->cappool * 2 : 64;
    char **t = realloc(c->pool, n * sizeof *t);
    if (!t) {
      free(s);
      return NULL;
    }
    c->pool = t;
    c->cappool = n;
  }
  c->pool[c->npool++] = s;
  return s;
}

static const char *pool_poly(gc_counts *c, const gc_poly *p) {
  char *s = NULL;
  if (!p)
    return pool_keep(c, strdup("0"));
  if (gc_poly_print(&s, p) != GC_OK)
    return NULL;
  return pool_keep(c, s);
}

static const char *pool_mpz(gc_counts *c, const mpz_t z) {
  return pool_keep(c, mpz_get_str(NULL, 10, z));
}

/* Unbound symbols of p under env, appended to list (names in the poly context).
 */
static void add_unbound(gc_sbuf *list, const gc_poly *p, const gc_env *env) {
  const char **syms = NULL;
  size_t n = 0;
  if (!p || gc_poly_symbols(&syms, &n, p) != GC_OK)
    return;
  for (size_t i = 0; i < n; i++) {
    gc_expr *e = NULL;
    int64_t v;
    if (gc_expr_new_sym(&e, syms[i]) == GC_OK &&
        gc_expr_eval(&v, e, env, NULL) != GC_OK) {
      int dup = 0;
      for (const char *q = list->s; q && *q && !dup;) {
        size_t l = strcspn(q, ",");
        dup = l == strlen(syms[i]) && strncmp(q, syms[i], l) == 0;
        q += l;
        q += strspn(q, ", ");
      }
      if (!dup) {
        if (list->len)
          gc_sb_put(list, ", ");
        gc_sb_put(list, syms[i]);
      }
    }
    gc_expr_free(e);
  }
  free(syms);
}

/* Symbols that name different things in different counted functions (a
 * per-file or per-program total of two functions that both call their size
 * `n`): a formula over them would add unrelated quantities. */
typedef struct clash {
  const char **names; /* pointers into the poly context */
  size_t n;
  gc_sbuf note; /* one sentence per name */
} clash;

static int poly_uses_clash(const gc_poly *p, const clash *cl) {
  const char **syms = NULL;
  size_t n = 0;
  int hit = 0;
  if (!p || !cl || !cl->n || gc_poly_symbols(&syms, &n, p) != GC_OK)
    return 0;
  for (size_t i = 0; i < n && !hit; i++)
    for (size_t k = 0; k < cl->n && !hit; k++)
      hit = strcmp(syms[i], cl->names[k]) == 0;
  free(syms);
  return hit;
}

/* q from a (its bytes when bytes); formula text only when print. */
static void finalize(gc_counts *c, gc_quantity *q, const agg *a, int bytes,
                     const gc_env *env, const clash *cl, int print) {
  const gc_poly *plo = bytes ? a->blo : a->flo, *phi = bytes ? a->bhi : a->fhi;
  int llo = bytes ? a->blost_lo : a->flost_lo,
      lhi = bytes ? a->blost_hi : a->flost_hi;
  const mpz_t *vlo = bytes ? &a->bvlo : &a->vlo,
              *vhi = bytes ? &a->bvhi : &a->vhi;
  gc_sbuf why = {0};
  int numeric = !a->fail;
  q->numeric = numeric;
  if (a->unbounded || a->inf)
    q->status = GC_COUNT_UNKNOWN;
  else if (a->range || (a->fbound && !numeric) ||
           (numeric && mpz_cmp(*vlo, *vhi) != 0))
    q->status = GC_COUNT_RANGE;
  else
    q->status = GC_COUNT_EXACT;
  /* formulas (printing is costly: only those kept, each once) */
  int has_hi = !lhi && q->status != GC_COUNT_UNKNOWN &&
               !(a->fbound && q->status == GC_COUNT_EXACT);
  int has_lo = q->status == GC_COUNT_EXACT ? has_hi : !llo;
  int clashed =
      (!llo && poly_uses_clash(plo, cl)) || (!lhi && poly_uses_clash(phi, cl));
  if (clashed) {
    has_hi = has_lo = 0;
    if (!numeric)
      q->status = GC_COUNT_UNKNOWN;
  }
  q->formula = has_hi && print ? pool_poly(c, phi) : NULL;
  if (q->status == GC_COUNT_EXACT)
    q->formula_lo = q->formula;
  else
    q->formula_lo = has_lo && print ? pool_poly(c, plo) : NULL;
  /* numbers */
  if (numeric) {
    q->lo_str = pool_mpz(c, *vlo);
    q->lo = mpz_get_d(*vlo);
    if (q->status == GC_COUNT_UNKNOWN) {
      q->hi_str = "inf";
      q->hi = INFINITY;
    } else {
      q->hi_str = pool_mpz(c, *vhi);
      q->hi = mpz_get_d(*vhi);
    }
  } else {
    q->lo_str = q->hi_str = NULL;
    q->lo = 0;
    q->hi = INFINITY;
    gc_sbuf ub = {0};
    add_unbound(&ub, plo, env);
    add_unbound(&ub, phi, env);
    if (ub.len) {
      gc_sb_put(&why, "unbound: ");
      gc_sb_put(&why, ub.s);
    } else {
      sb_note(&why, a->nwhy.s); /* the walk's own message */
    }
    free(ub.s);
  }
  sb_note(&why, a->why.s);
  if (clashed)
    sb_note(&why, cl->note.s);
  if (numeric && !a->unchecked && has_hi && q->status == GC_COUNT_EXACT) {
    /* the closed form is a polynomial identity: it can be wrong where a loop
     * range is empty */
    char *fv = NULL;
    if (gc_poly_eval_str(&fv, phi, env, NULL) == GC_OK &&
        strcmp(fv, q->hi_str) != 0) {
      char *m = fmt("the formula gives %s here; the value honours guards and "
                    "counts empty loop ranges as zero",
                    fv);
      sb_note(&why, m);
      free(m);
    }
    free(fv);
  }
  if (a->unchecked && numeric)
    sb_note(&why, "value from the closed form (too many iterations to walk): "
                  "assumes non-empty loop ranges");
  if (a->fbound && q->status == GC_COUNT_EXACT)
    sb_note(&why, "no closed form (guard on a loop index); the value is exact");
  if (!why.s)
    gc_sb_put(&why, "");
  q->reason = pool_keep(c, why.s);
  if (!q->reason)
    q->reason = "";
}

const char *gc_count_status_name(gc_count_status s) {
  switch (s) {
  case GC_COUNT_EXACT:
    return "exact";
  case GC_COUNT_RANGE:
    return "range";
  default:
    return "unknown";
  }
}

const char *gc_total_name(gc_total t) {
  static const char *const names[] = {"flops", "macs", "bytes_loaded",
                                      "bytes_stored"};
  return (unsigned)t < GC_TOTAL_COUNT_ ? names[t] : "?";
}

void gc_counts_free(gc_counts *c) {
  if (!c)
    return;
  for (size_t i = 0; i < c->npool; i++)
    free(c->pool[i]);
  free(c->pool);
  for (size_t i = 0; i < c->nnotes; i++)
    free(c->notes[i]);
  free(c->notes);
  for (size_t i = 0; i < c->nunbound; i++)
    free(c->unbound[i]);
  free(c->unbound);
  free(c->rows);
  free(c);
}

/* One counted unit: a function's contributions and their numeric values. */
typedef struct unit {
  fsym *f;
  nv *v;
  int owned; /* f not in the memo */
} unit;

static int add_note(gc_counts *c, const char *s) {
  for (size_t i = 0; i < c->nnotes; i++)
    if (strcmp(c->notes[i], s) == 0)
      return GC_OK;
  char **t = realloc(c->notes, (c->nnotes + 1) * sizeof *t);
  if (!t)
    return GC_ENOMEM;
  c->notes = t;
  if (!(c->notes[c->nnotes] = strdup(s)))
    return GC_ENOMEM;
  c->nnotes++;
  return GC_OK;
}

/* Split "a; b; c" reasons into notes. */
static int add_notes(gc_counts *c, const char *s) {
  int rc = GC_OK;
  while (s && *s && rc == GC_OK) {
    const char *e = strstr(s, "; ");
    size_t l = e ? (size_t)(e - s) : strlen(s);
    char *one = strndup(s, l);
    if (!one)
      return GC_ENOMEM;
    rc = add_note(c, one);
    free(one);
    s = e ? e + 2 : NULL;
  }
  return rc;
}

/* One symbol of the units' formulas: how many units use it, whether every
 * unit that uses it binds it (its own module params and the user's bindings)
 * and to what value. */
typedef struct usym {
  const char *name; /* in the poly context */
  size_t nunits;
  int unbound; /* some unit using it does not bind it */
  int64_t value;
  int diff;    /* bound to different values in different units */
  gc_sbuf fns; /* the functions using it */
  size_t last; /* 1 + the last unit counted */
} usym;

static int usym_add(usym **v, size_t *n, const char *name, size_t ui,
                    const char *fn, const gc_env *env) {
  size_t i = 0;
  while (i < *n && strcmp((*v)[i].name, name) != 0)
    i++;
  if (i == *n) {
    usym *t = realloc(*v, (*n + 1) * sizeof *t);
    if (!t)
      return GC_ENOMEM;
    *v = t;
    memset(&t[i], 0, sizeof t[i]);
    t[i].name = name;
    (*n)++;
  }
  usym *u = &(*v)[i];
  if (u->last == ui + 1)
    return GC_OK; /* this unit already counted */
  u->last = ui + 1;
  gc_expr *e = NULL;
  int64_t x = 0;
  int rc = gc_expr_new_sym(&e, name);
  if (rc != GC_OK)
    return rc;
  if (gc_expr_eval(&x, e, env, NULL) != GC_OK)
    u->unbound = 1;
  else if (u->nunits && !u->unbound && x != u->value)
    u->diff = 1;
  else
    u->value = x;
  gc_expr_free(e);
  u->nunits++;
  if (u->fns.len)
    gc_sb_put(&u->fns, "; ");
  gc_sb_put(&u->fns, fn);
  return u->fns.oom ? GC_ENOMEM : GC_OK;
}

static int usyms_of_poly(usym **v, size_t *n, const gc_poly *p, size_t ui,
                         const char *fn, const gc_env *env) {
  const char **syms = NULL;
  size_t k = 0;
  int rc = p ? gc_poly_symbols(&syms, &k, p) : GC_OK;
  for (size_t i = 0; rc == GC_OK && i < k; i++)
    rc = usym_add(v, n, syms[i], ui, fn, env);
  free(syms);
  return rc;
}

/* Several units: the environment formulas of the total are judged against (a
 * symbol is bound when every unit using it binds it, to its value there) and
 * the symbols that name different functions' quantities. *bind is malloc'd. */
static int merge_envs(gc_binding **bind, size_t *nbind, clash *cl,
                      const unit *units, size_t nunits, const gc_env *envs) {
  usym *v = NULL;
  size_t n = 0;
  int rc = GC_OK;
  for (size_t u = 0; u < nunits && rc == GC_OK; u++) {
    const char *fn = gc_function_name(units[u].f->fn);
    for (size_t j = 0; j < units[u].f->n && rc == GC_OK; j++) {
      const contrib *ct = &units[u].f->c[j];
      const gc_poly *ps[] = {ct->nlo, ct->nhi, ct->blo, ct->bhi};
      for (size_t k = 0; k < 4 && rc == GC_OK; k++)
        rc = usyms_of_poly(&v, &n, ps[k], u, fn, &envs[u]);
    }
  }
  if (rc == GC_OK && !(*bind = calloc(n + 1, sizeof **bind)))
    rc = GC_ENOMEM;
  if (rc == GC_OK && !(cl->names = calloc(n + 1, sizeof *cl->names)))
    rc = GC_ENOMEM;
  for (size_t i = 0; rc == GC_OK && i < n; i++) {
    if (!v[i].unbound && !v[i].diff)
      (*bind)[(*nbind)++] = (gc_binding){v[i].name, v[i].value};
    if (v[i].nunits < 2)
      continue;
    cl->names[cl->n++] = v[i].name;
    char *m = fmt("%s names a different quantity in each of %s: no single "
                  "formula%s",
                  v[i].name, v[i].fns.s,
                  v[i].unbound ? "" : " (the value adds each function's own)");
    if (!m) {
      rc = GC_ENOMEM;
      break;
    }
    for (char *q = m; (q = strstr(q, "; ")) != NULL;)
      q[0] = ','; /* "a, b": one sentence of the "; " list */
    sb_note(&cl->note, m);
    free(m);
    if (cl->note.oom)
      rc = GC_ENOMEM;
  }
  for (size_t i = 0; i < n; i++)
    free(v[i].fns.s);
  free(v);
  return rc;
}

static int assemble(gc_counts **out, st *s, unit *units, size_t nunits,
                    const gc_env *envs) {
  int rc = GC_OK;
  arow *rows = NULL;
  size_t nrows = 0;
  agg tot[GC_TOTAL_COUNT_], totb;
  gc_counts *c = calloc(1, sizeof *c);
  gc_sbuf ub = {0};
  gc_binding *mbind = NULL;
  size_t nmbind = 0;
  clash cl = {0};
  gc_env menv = {0};
  const gc_env *env = nunits == 1 ? &envs[0] : &menv;
  for (int t = 0; t < GC_TOTAL_COUNT_; t++)
    agg_init(&tot[t]);
  agg_init(&totb);
  if (!c) {
    rc = GC_ENOMEM;
    goto done;
  }
  if (nunits > 1) {
    if ((rc = merge_envs(&mbind, &nmbind, &cl, units, nunits, envs)) != GC_OK)
      goto done;
    menv.syms = mbind;
    menv.nsyms = nmbind;
  }
  size_t cap = 0;
  for (size_t u = 0; u < nunits; u++)
    cap += units[u].f->n;
  rows = calloc(cap + 1, sizeof *rows);
  if (!rows) {
    rc = GC_ENOMEM;
    goto done;
  }
  for (size_t u = 0; u < nunits && rc == GC_OK; u++)
    for (size_t j = 0; j < units[u].f->n && rc == GC_OK; j++) {
      const contrib *ct = &units[u].f->c[j];
      size_t r = 0;
      while (r < nrows && key_cmp(&rows[r].k, &ct->k) != 0)
        r++;
      if (r == nrows) {
        rows[r].k = ct->k;
        agg_init(&rows[r].n);
        agg_init(&rows[r].mac);
        rows[r].has_mac = 0;
        rows[r].call_unknown = 0;
        nrows++;
      }
      rows[r].call_unknown |= ct->kind == C_CALL_UNKNOWN;
      rc = agg_add_contrib(&rows[r].n, ct, units[u].v ? &units[u].v[j] : NULL,
                           s->pc);
      if (rc == GC_OK && ct->mac) {
        rows[r].has_mac = 1;
        rc = agg_add_contrib(&rows[r].mac, ct,
                             units[u].v ? &units[u].v[j] : NULL, s->pc);
      }
    }
  if (rc != GC_OK)
    goto done;
  /* sort rows by key */
  for (size_t i = 1; i < nrows; i++)
    for (size_t j = i; j > 0 && key_cmp(&rows[j - 1].k, &rows[j].k) > 0; j--) {
      arow t = rows[j - 1];
      rows[j - 1] = rows[j];
      rows[j] = t;
    }
  /* totals */
  for (size_t i = 0; i < nrows && rc == GC_OK; i++) {
    const key *k = &rows[i].k;
    const agg *a = &rows[i].n;
    int64_t fl = (int64_t)gc_op_flops(k->op) * k->lanes,
            mac = (int64_t)gc_op_macs(k->op) * k->lanes;
    if (rows[i].call_unknown) {
      for (int t = 0; t < GC_TOTAL_COUNT_ && rc == GC_OK; t++)
        rc = agg_taint(&tot[t], a);
      if (rc == GC_OK)
        rc = agg_taint(&totb, a);
    }
    if (rc == GC_OK && fl)
      rc = agg_add_scaled(&tot[GC_TOTAL_FLOPS], a, 0, fl, s->pc);
    if (rc == GC_OK && mac)
      rc = agg_add_scaled(&tot[GC_TOTAL_MACS], a, 0, mac, s->pc);
    if (rc == GC_OK && rows[i].has_mac)
      rc =
          agg_add_scaled(&tot[GC_TOTAL_MACS], &rows[i].mac, 0, k->lanes, s->pc);
    if (rc == GC_OK && a->mem &&
        (k->op == GC_OP_LOAD || k->op == GC_OP_MEMCPY ||
         k->op == GC_OP_MEMMOVE))
      rc = agg_add_scaled(&tot[GC_TOTAL_BYTES_LOADED], a, 1, 1, s->pc);
    if (rc == GC_OK && a->mem && k->op != GC_OP_LOAD)
      rc = agg_add_scaled(&tot[GC_TOTAL_BYTES_STORED], a, 1, 1, s->pc);
    /* moved: a copy's bytes are both loaded and stored */
    if (rc == GC_OK && a->mem)
      rc = agg_add_scaled(
          &totb, a, 1, k->op == GC_OP_MEMCPY || k->op == GC_OP_MEMMOVE ? 2 : 1,
          s->pc);
  }
  if (rc != GC_OK)
    goto done;
  c->rows = calloc(nrows + 1, sizeof *c->rows);
  if (!c->rows) {
    rc = GC_ENOMEM;
    goto done;
  }
  c->nrows = nrows;
  c->status = GC_COUNT_EXACT;
  for (size_t i = 0; i < nrows; i++) {
    gc_count_row *r = &c->rows[i];
    r->op = rows[i].k.op;
    r->ty = rows[i].k.ty;
    r->lanes = rows[i].k.lanes;
    r->role = rows[i].k.role;
    r->callee =
        rows[i].k.callee ? pool_keep(c, strdup(rows[i].k.callee)) : NULL;
    finalize(c, &r->n, &rows[i].n, 0, env, &cl, !s->no_row_formulas);
    if (rows[i].n.mem) {
      finalize(c, &r->bytes, &rows[i].n, 1, env, &cl, !s->no_row_formulas);
    } else {
      r->bytes = (gc_quantity){GC_COUNT_EXACT, "0", "0", 1, "0", "0", 0, 0, ""};
    }
    if (r->n.status > c->status)
      c->status = r->n.status;
    if ((rc = add_notes(c, r->n.reason)) != GC_OK)
      goto done;
    add_unbound(&ub, rows[i].n.flo, env);
    add_unbound(&ub, rows[i].n.fhi, env);
    add_unbound(&ub, rows[i].n.blo, env);
    add_unbound(&ub, rows[i].n.bhi, env);
  }
  for (int t = 0; t < GC_TOTAL_COUNT_; t++) {
    /* a total with no contributing row is an exact zero */
    if (!tot[t].flo && !tot[t].flost_lo && !tot[t].fail && !tot[t].unbounded) {
      c->totals[t] =
          (gc_quantity){GC_COUNT_EXACT, "0", "0", 1, "0", "0", 0, 0, ""};
      continue;
    }
    finalize(c, &c->totals[t], &tot[t], 0, env, &cl, 1);
  }
  if (!totb.flo && !totb.flost_lo && !totb.fail && !totb.unbounded)
    c->bytes = (gc_quantity){GC_COUNT_EXACT, "0", "0", 1, "0", "0", 0, 0, ""};
  else
    finalize(c, &c->bytes, &totb, 0, env, &cl, 1);
  for (const char *q = ub.s; q && *q;) {
    size_t l = strcspn(q, ",");
    char **t = realloc(c->unbound, (c->nunbound + 1) * sizeof *t);
    if (!t || !(t[c->nunbound] = strndup(q, l))) {
      if (t)
        c->unbound = t;
      rc = GC_ENOMEM;
      goto done;
    }
    c->unbound = t;
    c->nunbound++;
    q += l;
    q += strspn(q, ", ");
  }
  /* sort unbound names */
  for (size_t i = 1; i < c->nunbound; i++)
    for (size_t j = i; j > 0 && strcmp(c->unbound[j - 1], c->unbound[j]) > 0;
         j--) {
      char *t = c->unbound[j - 1];
      c->unbound[j - 1] = c->unbound[j];
      c->unbound[j] = t;
    }
done:
  for (size_t i = 0; i < nrows; i++) {
    agg_clear(&rows[i].n);
    agg_clear(&rows[i].mac);
  }
  free(rows);
  for (int t = 0; t < GC_TOTAL_COUNT_; t++)
    agg_clear(&tot[t]);
  agg_clear(&totb);
  free(mbind);
  free(cl.names);
  free(cl.note.s);
  free(ub.s);
  if (rc != GC_OK) {
    gc_counts_free(c);
    return gc_error_set(s->err, rc, "counting: %s", gc_status_name(rc));
  }
  *out = c;
  return GC_OK;
}

/* ---- entry points ---- */

static void st_free(st *s) {
  for (size_t i = 0; i < s->nmemo; i++)
    fsym_free(s->memo[i]);
  free(s->memo);
  gc_polyctx_free(s->pc);
}

/* Count the functions fns[0..n) into *out, each as called once with its module
 * params and the user's bindings. */
static int count_units(gc_counts **out, const gc_profile_set *set,
                       const gc_function *const *fns, size_t nfns,
                       const gc_count_opts *opts, gc_error *err) {
  gc_count_opts dflt = {0};
  if (!opts)
    opts = &dflt;
  st s = {set,
          opts->view,
          opts->bindings,
          opts->nbindings,
          opts->walk_budget ? opts->walk_budget : DEFAULT_BUDGET,
          NULL,
          NULL,
          0,
          err,
          opts->no_row_formulas};
  int rc = gc_polyctx_new(&s.pc, MAX_VARS);
  unit *units = calloc(nfns + 1, sizeof *units);
  /* each unit's own environment: its module params, then the user's bindings
   * (the last binding of a name wins) */
  gc_env *envs = calloc(nfns + 1, sizeof *envs);
  if (rc != GC_OK || !units || !envs) {
    rc = gc_error_set(err, GC_ENOMEM, "out of memory");
    goto done;
  }
  for (size_t i = 0; i < nfns; i++) {
    const gc_function *fn = fns[i];
    if (!gc_function_view(fn, opts->view)) {
      const char *why = gc_function_view_missing(fn, opts->view);
      rc = gc_error_set(err, GC_ENOTFOUND, "%s: no %s view%s%s",
                        gc_function_name(fn), gc_view_kind_name(opts->view),
                        *why ? ": " : "", why);
      goto done;
    }
    /* print formulas in the order of the function's symbols (its parameters, in
     * declaration order); several functions: in order of appearance, so the
     * variable table does not fill with unused names */
    for (size_t k = 0; nfns == 1 && k < gc_function_nsymbols(fn); k++)
      if (gc_polyctx_declare(s.pc, gc_function_symbol(fn, k)->name, NULL) ==
          GC_ENOMEM) { /* a full table only costs the ordering */
        rc = gc_error_set(err, GC_ENOMEM, "out of memory");
        goto done;
      }
    if (opts->loop) {
      const gc_loop *l =
          gc_view_find_loop(gc_function_view(fn, opts->view), opts->loop);
      if (!l || l->parent) {
        rc = gc_error_set(err, GC_ENOTFOUND, "%s: no top-level loop %u",
                          gc_function_name(fn), opts->loop);
        goto done;
      }
      rc = sym_function(&units[i].f, &s, fn, opts->loop);
      units[i].owned = 1;
    } else {
      fsym *memo = NULL;
      for (size_t m = 0; m < s.nmemo; m++)
        if (s.memo[m]->fn == fn)
          memo = s.memo[m];
      rc = memo ? GC_OK : sym_function(&memo, &s, fn, 0);
      units[i].f = memo;
    }
    if (rc != GC_OK) {
      if (!units[i].owned)
        units[i].f = NULL;
      rc = gc_error_set(err, rc, "%s: counting failed: %s",
                        gc_function_name(fn), gc_status_name(rc));
      goto done;
    }
    const gc_profile *p = gc_function_profile(fn);
    size_t np = gc_profile_nparams(p), nenv = 0;
    gc_binding *env_syms = calloc(np + opts->nbindings + 1, sizeof *env_syms);
    if (!env_syms) {
      rc = gc_error_set(err, GC_ENOMEM, "out of memory");
      goto done;
    }
    for (size_t k = 0; k < np; k++)
      env_syms[nenv++] = gc_profile_params(p)[k];
    for (size_t k = 0; k < opts->nbindings; k++)
      env_syms[nenv++] = opts->bindings[k];
    envs[i].syms = env_syms;
    envs[i].nsyms = nenv;
    if ((rc = num_function(&units[i].v, &s, units[i].f, env_syms, nenv)) !=
        GC_OK) {
      rc = gc_error_set(err, rc, "%s: numeric evaluation failed: %s",
                        gc_function_name(fn), gc_status_name(rc));
      goto done;
    }
  }
  /* formulas are judged against each function's own environment */
  rc = assemble(out, &s, units, nfns, envs);
done:
  if (units)
    for (size_t i = 0; i < nfns; i++) {
      if (units[i].f)
        nvec_free(units[i].v, units[i].f->n);
      if (units[i].owned)
        fsym_free(units[i].f);
    }
  free(units);
  for (size_t i = 0; envs && i < nfns; i++)
    free((gc_binding *)envs[i].syms);
  free(envs);
  st_free(&s);
  return rc;
}

int gc_count_function(gc_counts **out, const gc_profile_set *set,
                      const gc_function *fn, const gc_count_opts *opts,
                      gc_error *err) {
  if (!out || !fn)
    return gc_error_set(err, GC_EINVAL, "gc_count_function: no function");
  return count_units(out, set, &fn, 1, opts, err);
}

int gc_count_loop_iterations(double *lo, double *hi, char *why, size_t nwhy,
                             const gc_function *fn, unsigned loop,
                             const gc_count_opts *opts, gc_error *err) {
  gc_count_opts dflt = {0};
  if (!opts)
    opts = &dflt;
  if (!lo || !hi || !fn)
    return gc_error_set(err, GC_EINVAL, "gc_count_loop_iterations: NULL");
  *lo = 0;
  *hi = INFINITY;
  if (why && nwhy)
    why[0] = '\0';
  const gc_view *v = gc_function_view(fn, opts->view);
  const gc_loop *l = v ? gc_view_find_loop(v, loop) : NULL;
  if (!l)
    return gc_error_set(err, GC_ENOTFOUND, "%s: no loop %u",
                        gc_function_name(fn), loop);
  st s = {NULL,
          opts->view,
          opts->bindings,
          opts->nbindings,
          DEFAULT_BUDGET,
          NULL,
          NULL,
          0,
          err,
          0};
  /* a block on every iteration of the loop: its header */
  gc_block hdr = {.id = 0, .loop = loop, .cond = GC_COND_ALWAYS};
  binfo bi = {0};
  gc_poly *one = NULL, *sum = NULL;
  gc_binding *env_syms = NULL;
  char *nowhy = NULL, buf[96];
  int rc = gc_polyctx_new(&s.pc, MAX_VARS);
  if (rc == GC_OK)
    rc = build_binfo(&bi, v, &hdr);
  if (rc != GC_OK)
    goto done;
  if (bi.unknown) {
    const gc_loop *u = NULL;
    for (size_t k = 0; k < bi.m && !u; k++)
      if (trip_hi(bi.chain[k]) == NULL)
        u = bi.chain[k];
    if (why && nwhy)
      snprintf(why, nwhy, "%s: trip unknown%s%s",
               loop_where(buf, sizeof buf, u ? u : l),
               u && u->reason ? ": " : "", u && u->reason ? u->reason : "");
    goto done;
  }
  if ((rc = gc_poly_new(&one, s.pc)) != GC_OK)
    goto done;
  gc_poly_set_si(one, 1);
  rc = nest_sum(&sum, &s, &bi, one, &nowhy);
  if (rc == GC_EUNKNOWN) {
    if (why && nwhy)
      snprintf(why, nwhy, "%s", nowhy ? nowhy : "no closed form");
    rc = GC_OK;
    goto done;
  }
  if (rc != GC_OK)
    goto done;
  {
    const gc_profile *p = gc_function_profile(fn);
    size_t np = gc_profile_nparams(p), nenv = 0;
    if (!(env_syms = calloc(np + opts->nbindings + 1, sizeof *env_syms))) {
      rc = GC_ENOMEM;
      goto done;
    }
    for (size_t k = 0; k < np; k++)
      env_syms[nenv++] = gc_profile_params(p)[k];
    for (size_t k = 0; k < opts->nbindings; k++)
      env_syms[nenv++] = opts->bindings[k];
    gc_env env = {env_syms, nenv, NULL, NULL, 0};
    gc_error e = {0};
    double x = 0;
    if (gc_poly_eval_double(&x, sum, &env, &e) != GC_OK) {
      if (why && nwhy)
        snprintf(why, nwhy, "%s", e.msg);
      goto done;
    }
    if (x < 0) /* an empty range in a closed form */
      x = 0;
    *hi = x;
    int exact = 1;
    for (size_t k = 0; k < bi.m; k++)
      exact &= bi.chain[k]->status == GC_LOOP_EXACT;
    *lo = exact ? x : 0;
    if (!exact && why && nwhy)
      snprintf(why, nwhy, "a bounded trip: between 0 and its bound");
  }
done:
  if (rc == GC_ENOMEM)
    gc_error_set(err, rc, "out of memory");
  free(nowhy);
  free(env_syms);
  gc_poly_free(one);
  gc_poly_free(sum);
  free(bi.chain);
  free(bi.skip);
  free(bi.dep);
  st_free(&s);
  return rc;
}

static int cmp_ptr(const void *a, const void *b) {
  const char *x = *(const char *const *)a, *y = *(const char *const *)b;
  return x < y ? -1 : x > y;
}

/* The functions of set that some other function of the set calls (in view),
 * sorted by address for bsearch; *out malloc'd. One walk over the set: asking
 * per function would be quadratic in the size of a program. */
static int called_functions(const gc_function ***out, size_t *n,
                            const gc_profile_set *set, gc_view_kind view) {
  const gc_function **v = NULL;
  size_t cap = 0;
  *n = 0;
  for (size_t p = 0; p < gc_profile_set_nprofiles(set); p++) {
    const gc_profile *pr = gc_profile_set_profile(set, p);
    for (size_t f = 0; f < gc_profile_nfunctions(pr); f++) {
      const gc_function *fn = gc_profile_function(pr, f);
      const gc_view *vw = gc_function_view(fn, view);
      for (size_t b = 0; vw && b < gc_view_nblocks(vw); b++) {
        const gc_block *bl = gc_view_block(vw, b);
        for (size_t o = 0; o < bl->nops; o++) {
          if (bl->ops[o].op != GC_OP_CALL || !bl->ops[o].callee)
            continue;
          const gc_function *g =
              gc_profile_set_find_function(set, bl->ops[o].callee, pr);
          if (!g || g == fn)
            continue;
          if (*n == cap) {
            cap = cap ? 2 * cap : 64;
            const gc_function **t = realloc(v, cap * sizeof *t);
            if (!t) {
              free(v);
              return GC_ENOMEM;
            }
            v = t;
          }
          v[(*n)++] = g;
        }
      }
    }
  }
  if (*n)
    qsort(v, *n, sizeof *v, cmp_ptr);
  *out = v;
  return GC_OK;
}

int gc_count_roots(gc_counts **out, const gc_profile_set *set,
                   const gc_profile *profile, const gc_count_opts *opts,
                   gc_error *err) {
  gc_count_opts o = opts ? *opts : (gc_count_opts){0};
  o.loop = 0;
  if (!out || !set)
    return gc_error_set(err, GC_EINVAL, "gc_count_roots: no profile set");
  size_t cap = 0, ncalled = 0;
  for (size_t p = 0; p < gc_profile_set_nprofiles(set); p++)
    cap += gc_profile_nfunctions(gc_profile_set_profile(set, p));
  const gc_function **fns = calloc(cap + 1, sizeof *fns), **called = NULL;
  size_t n = 0;
  if (!fns || called_functions(&called, &ncalled, set, o.view) != GC_OK) {
    free(fns);
    return gc_error_set(err, GC_ENOMEM, "out of memory");
  }
  for (size_t p = 0; p < gc_profile_set_nprofiles(set); p++) {
    const gc_profile *pr = gc_profile_set_profile(set, p);
    if (profile && pr != profile)
      continue;
    for (size_t f = 0; f < gc_profile_nfunctions(pr); f++) {
      const gc_function *fn = gc_profile_function(pr, f);
      if (gc_function_view(fn, o.view) &&
          !(ncalled && bsearch(&fn, called, ncalled, sizeof *called, cmp_ptr)))
        fns[n++] = fn;
    }
  }
  free(called);
  int rc = count_units(out, set, fns, n, &o, err);
  free(fns);
  return rc;
}

/* ---- accessors ---- */

size_t gc_counts_nrows(const gc_counts *c) { return c->nrows; }
const gc_count_row *gc_counts_row(const gc_counts *c, size_t i) {
  return i < c->nrows ? &c->rows[i] : NULL;
}
const gc_quantity *gc_counts_bytes(const gc_counts *c) { return &c->bytes; }
const gc_quantity *gc_counts_total(const gc_counts *c, gc_total t) {
  return (unsigned)t < GC_TOTAL_COUNT_ ? &c->totals[t] : NULL;
}
gc_count_status gc_counts_status(const gc_counts *c) { return c->status; }
size_t gc_counts_nnotes(const gc_counts *c) { return c->nnotes; }
const char *gc_counts_note(const gc_counts *c, size_t i) {
  return i < c->nnotes ? c->notes[i] : NULL;
}
size_t gc_counts_nunbound(const gc_counts *c) { return c->nunbound; }
const char *gc_counts_unbound(const gc_counts *c, size_t i) {
  return i < c->nunbound ? c->unbound[i] : NULL;
}

int gc_counts_to_opcount(gc_opcount **out, size_t *n, const gc_counts *c,
                         gc_error *err) {
  *out = NULL;
  *n = 0;
  if (c->nrows == 0)
    return GC_OK;
  gc_opcount *rows = calloc(c->nrows, sizeof *rows);
  if (!rows)
    return gc_error_set(err, GC_ENOMEM, "out of memory");
  for (size_t i = 0; i < c->nrows; i++) {
    const gc_count_row *r = &c->rows[i];
    gc_opcount *o = &rows[i];
    o->op = r->op;
    o->ty = r->ty;
    o->lanes = r->lanes;
    o->role = r->role;
    o->n_lo = r->n.numeric ? r->n.lo : 0;
    o->n_hi = r->n.numeric ? r->n.hi : INFINITY;
    if (gc_op_is_memory(r->op)) {
      o->bytes_lo = r->bytes.numeric ? r->bytes.lo : 0;
      o->bytes_hi = r->bytes.numeric ? r->bytes.hi : INFINITY;
    }
  }
  *out = rows;
  *n = c->nrows;
  return GC_OK;
}
