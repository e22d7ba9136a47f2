/* poly.c: exact multivariate polynomials over Q for symbolic counts
 * (greenc/poly.h), on FLINT's fmpq_mpoly: building from expressions
 * (non-polynomial subterms become opaque variables), Faulhaber summation over a
 * loop index with Bernoulli polynomials, substitution for call composition,
 * factored printing and exact evaluation. */
#define _POSIX_C_SOURCE 200809L
#include "greenc/poly.h"
#include "sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <flint/arith.h>
#include <flint/fmpq_mpoly.h>
#include <flint/fmpq_mpoly_factor.h>
#include <flint/fmpq_poly.h>

typedef enum var_kind { VAR_SYM, VAR_INDEX, VAR_OPAQUE } var_kind;

typedef struct var {
  var_kind kind;
  char *name;     /* printed form */
  unsigned index; /* VAR_INDEX */
  gc_expr *expr;  /* VAR_OPAQUE: the subterm */
} var;

struct gc_polyctx {
  fmpq_mpoly_ctx_t ctx;
  size_t max, n;
  var *vars;
  /* contexts of 1..max variables for compact copies (see compact_init), made
   * on first use; NULL until then */
  fmpq_mpoly_ctx_struct *small;
  unsigned char *small_made;
  /* gc_poly_print's results by expanded text (a report prints the same
   * polynomials many times; factoring is the costly part) */
  struct memo {
    char *expanded, *printed;
  } *memo;
  size_t nmemo;
};

struct gc_poly {
  gc_polyctx *ctx;
  fmpq_mpoly_t p;
};

/* ---- contexts ---- */

int gc_polyctx_new(gc_polyctx **out, size_t max_vars) {
  gc_polyctx *c = calloc(1, sizeof *c);
  if (!c)
    return GC_ENOMEM;
  c->max = max_vars ? max_vars : 64;
  c->vars = calloc(c->max, sizeof *c->vars);
  if (!c->vars) {
    free(c);
    return GC_ENOMEM;
  }
  fmpq_mpoly_ctx_init(c->ctx, (slong)c->max, ORD_LEX);
  *out = c;
  return GC_OK;
}

void gc_polyctx_free(gc_polyctx *c) {
  if (!c)
    return;
  for (size_t i = 0; i < c->n; i++) {
    free(c->vars[i].name);
    gc_expr_free(c->vars[i].expr);
  }
  free(c->vars);
  for (size_t k = 0; c->small && k <= c->max; k++)
    if (c->small_made[k])
      fmpq_mpoly_ctx_clear(c->small + k);
  free(c->small);
  free(c->small_made);
  for (size_t i = 0; i < c->nmemo; i++) {
    free(c->memo[i].expanded);
    free(c->memo[i].printed);
  }
  free(c->memo);
  fmpq_mpoly_ctx_clear(c->ctx);
  free(c);
}

size_t gc_polyctx_nvars(const gc_polyctx *c) { return c->n; }

static int ctx_var(size_t *out, gc_polyctx *c, var_kind kind, const char *name,
                   unsigned index, const gc_expr *expr, gc_error *err);

int gc_polyctx_declare(gc_polyctx *ctx, const char *sym, gc_error *err) {
  size_t v = 0;
  return ctx_var(&v, ctx, VAR_SYM, sym, 0, NULL, err);
}
const char *gc_polyctx_var_name(const gc_polyctx *c, size_t i) {
  return i < c->n ? c->vars[i].name : NULL;
}

/* The variable named name (creating it with kind/index/expr), its position in
 * *out. expr is cloned. */
static int ctx_var(size_t *out, gc_polyctx *c, var_kind kind, const char *name,
                   unsigned index, const gc_expr *expr, gc_error *err) {
  for (size_t i = 0; i < c->n; i++)
    if (strcmp(c->vars[i].name, name) == 0) {
      *out = i;
      return GC_OK;
    }
  if (c->n == c->max)
    return gc_error_set(err, GC_ERANGE,
                        "more than %zu distinct variables in a formula",
                        c->max);
  var *v = &c->vars[c->n];
  memset(v, 0, sizeof *v);
  v->kind = kind;
  v->index = index;
  if (!(v->name = strdup(name)))
    return GC_ENOMEM;
  if (expr && gc_expr_clone(&v->expr, expr) != GC_OK) {
    free(v->name);
    v->name = NULL;
    return GC_ENOMEM;
  }
  *out = c->n++;
  return GC_OK;
}

/* ---- polynomials ---- */

int gc_poly_new(gc_poly **out, gc_polyctx *ctx) {
  gc_poly *p = malloc(sizeof *p);
  if (!p)
    return GC_ENOMEM;
  p->ctx = ctx;
  fmpq_mpoly_init(p->p, ctx->ctx);
  *out = p;
  return GC_OK;
}

void gc_poly_free(gc_poly *p) {
  if (!p)
    return;
  fmpq_mpoly_clear(p->p, p->ctx->ctx);
  free(p);
}

int gc_poly_clone(gc_poly **out, const gc_poly *p) {
  int rc = gc_poly_new(out, p->ctx);
  if (rc == GC_OK)
    fmpq_mpoly_set((*out)->p, p->p, p->ctx->ctx);
  return rc;
}

int gc_poly_set_si(gc_poly *p, int64_t c) {
  fmpq_mpoly_set_si(p->p, (slong)c, p->ctx->ctx);
  return GC_OK;
}

static void set_gen(gc_poly *p, size_t v) {
  fmpq_mpoly_gen(p->p, (slong)v, p->ctx->ctx);
}

static int from_expr_rec(gc_poly *out, const gc_expr *e, gc_error *err) {
  gc_polyctx *c = out->ctx;
  int rc = GC_OK;
  size_t v = 0;
  gc_poly *a = NULL, *b = NULL;
  char name[32];
  switch (gc_expr_kind_of(e)) {
  case GC_EXPR_INT:
    return gc_poly_set_si(out, gc_expr_int(e));
  case GC_EXPR_SYM:
    if ((rc = ctx_var(&v, c, VAR_SYM, gc_expr_sym(e), 0, NULL, err)) == GC_OK)
      set_gen(out, v);
    return rc;
  case GC_EXPR_INDEX:
    snprintf(name, sizeof name, "@%u", gc_expr_index(e));
    if ((rc = ctx_var(&v, c, VAR_INDEX, name, gc_expr_index(e), NULL, err)) ==
        GC_OK)
      set_gen(out, v);
    return rc;
  case GC_EXPR_NEG:
    if ((rc = from_expr_rec(out, gc_expr_arg(e, 0), err)) == GC_OK)
      fmpq_mpoly_neg(out->p, out->p, c->ctx);
    return rc;
  case GC_EXPR_ADD:
  case GC_EXPR_SUB:
  case GC_EXPR_MUL:
    if ((rc = gc_poly_new(&a, c)) != GC_OK ||
        (rc = gc_poly_new(&b, c)) != GC_OK)
      goto done;
    if ((rc = from_expr_rec(a, gc_expr_arg(e, 0), err)) != GC_OK ||
        (rc = from_expr_rec(b, gc_expr_arg(e, 1), err)) != GC_OK)
      goto done;
    if (gc_expr_kind_of(e) == GC_EXPR_ADD)
      fmpq_mpoly_add(out->p, a->p, b->p, c->ctx);
    else if (gc_expr_kind_of(e) == GC_EXPR_SUB)
      fmpq_mpoly_sub(out->p, a->p, b->p, c->ctx);
    else
      fmpq_mpoly_mul(out->p, a->p, b->p, c->ctx);
    goto done;
  default: {
    /* Opaque: a constant subterm folds to its value, anything else is one
     * variable named by its text. */
    int64_t val = 0;
    gc_env empty = {0};
    if (gc_expr_eval(&val, e, &empty, NULL) == GC_OK)
      return gc_poly_set_si(out, val);
    char *text = NULL;
    if ((rc = gc_expr_print(&text, e)) != GC_OK)
      return rc;
    rc = ctx_var(&v, c, VAR_OPAQUE, text, 0, e, err);
    free(text);
    if (rc == GC_OK)
      set_gen(out, v);
    return rc;
  }
  }
done:
  gc_poly_free(a);
  gc_poly_free(b);
  return rc;
}

int gc_poly_from_expr(gc_poly **out, gc_polyctx *ctx, const gc_expr *e,
                      gc_error *err) {
  gc_poly *p = NULL;
  int rc = gc_poly_new(&p, ctx);
  if (rc == GC_OK && (rc = from_expr_rec(p, e, err)) != GC_OK) {
    gc_poly_free(p);
    p = NULL;
  }
  if (rc == GC_OK)
    *out = p;
  return rc;
}

int gc_poly_add(gc_poly *out, const gc_poly *a, const gc_poly *b) {
  fmpq_mpoly_add(out->p, a->p, b->p, out->ctx->ctx);
  return GC_OK;
}
int gc_poly_sub(gc_poly *out, const gc_poly *a, const gc_poly *b) {
  fmpq_mpoly_sub(out->p, a->p, b->p, out->ctx->ctx);
  return GC_OK;
}
int gc_poly_mul(gc_poly *out, const gc_poly *a, const gc_poly *b) {
  fmpq_mpoly_mul(out->p, a->p, b->p, out->ctx->ctx);
  return GC_OK;
}
int gc_poly_scale_si(gc_poly *out, const gc_poly *a, int64_t c) {
  fmpz_t z;
  fmpz_init(z);
  fmpz_set_si(z, (slong)c);
  fmpq_mpoly_scalar_mul_fmpz(out->p, a->p, z, out->ctx->ctx);
  fmpz_clear(z);
  return GC_OK;
}

int gc_poly_is_zero(const gc_poly *p) {
  return fmpq_mpoly_is_zero(p->p, p->ctx->ctx);
}
int gc_poly_is_const(const gc_poly *p) {
  return fmpq_mpoly_is_fmpq(p->p, p->ctx->ctx);
}
int gc_poly_equal(const gc_poly *a, const gc_poly *b) {
  return a->ctx == b->ctx && fmpq_mpoly_equal(a->p, b->p, a->ctx->ctx);
}

/* degs[i] > 0 for each variable p uses; degs has ctx->max entries. */
static slong *used_degrees(const gc_poly *p) {
  slong *d = calloc(p->ctx->max, sizeof *d);
  if (d && !fmpq_mpoly_is_zero(p->p, p->ctx->ctx))
    fmpq_mpoly_degrees_si(d, p->p, p->ctx->ctx);
  return d;
}
/* u (ctx->max entries): u[i] != 0 when p uses variable i. */
static void used_into(int *u, const gc_poly *p) {
  memset(u, 0, p->ctx->max * sizeof *u);
  if (!fmpq_mpoly_is_zero(p->p, p->ctx->ctx))
    fmpq_mpoly_used_vars(u, p->p, p->ctx->ctx);
}

/* Room for ctx->max flags: buf (of nbuf) when it is large enough, else a
 * calloc'd array (NULL when out of memory): the frequent queries (symbols,
 * index use) need no allocation. */
static int *flags_for(int *buf, size_t nbuf, const gc_poly *p) {
  return p->ctx->max <= nbuf ? buf : calloc(p->ctx->max, sizeof(int));
}

/* d[i] = 1 when p uses variable i, else 0 (cheaper than the degrees). */
static slong *used_vars(const gc_poly *p) {
  slong *d = calloc(p->ctx->max, sizeof *d);
  int buf[256], *u = flags_for(buf, 256, p);
  if (d && u) {
    used_into(u, p);
    for (size_t i = 0; i < p->ctx->max; i++)
      d[i] = u[i] != 0;
  }
  if (u != buf)
    free(u);
  if (!u) {
    free(d);
    return NULL;
  }
  return d;
}

static int var_uses_index(const var *v, unsigned id, int any) {
  if (v->kind == VAR_INDEX)
    return any || v->index == id;
  if (v->kind == VAR_OPAQUE)
    return any ? gc_expr_uses_any_index(v->expr)
               : gc_expr_uses_index(v->expr, id);
  return 0;
}

static int uses_index(const gc_poly *p, unsigned id, int any) {
  int buf[256], *u = flags_for(buf, 256, p);
  int r = 0;
  if (!u)
    return 1; /* conservative */
  used_into(u, p);
  for (size_t i = 0; i < p->ctx->n && !r; i++)
    r = u[i] && var_uses_index(&p->ctx->vars[i], id, any);
  if (u != buf)
    free(u);
  return r;
}

int gc_poly_uses_index(const gc_poly *p, unsigned loop_id) {
  return uses_index(p, loop_id, 0);
}
int gc_poly_uses_any_index(const gc_poly *p) { return uses_index(p, 0, 1); }

/* ---- summation ---- */

int gc_poly_sum_index(gc_poly *out, const gc_poly *summand, unsigned loop_id,
                      const gc_poly *count, gc_error *err) {
  gc_polyctx *c = summand->ctx;
  int rc = GC_OK;
  slong *deg = NULL;
  fmpq_mpoly_t acc, coef, term;
  fmpq_poly_t bern, b0;
  fmpq_t z;
  fmpq_mpoly_init(acc, c->ctx);
  fmpq_mpoly_init(coef, c->ctx);
  fmpq_mpoly_init(term, c->ctx);
  fmpq_poly_init(bern);
  fmpq_poly_init(b0);
  fmpq_init(z);
  if (gc_poly_uses_index(count, loop_id)) {
    rc = gc_error_set(err, GC_EINVAL,
                      "the trip count of loop %u depends on its own index",
                      loop_id);
    goto done;
  }
  /* Opaque terms over @loop_id cannot be summed in closed form. */
  if (!(deg = used_degrees(summand))) {
    rc = GC_ENOMEM;
    goto done;
  }
  size_t xv = (size_t)-1;
  for (size_t i = 0; i < c->n; i++) {
    if (deg[i] <= 0)
      continue;
    const var *v = &c->vars[i];
    if (v->kind == VAR_INDEX && v->index == loop_id)
      xv = i;
    else if (v->kind == VAR_OPAQUE && gc_expr_uses_index(v->expr, loop_id)) {
      rc = gc_error_set(err, GC_EUNKNOWN,
                        "no closed form: %s is not polynomial in @%u", v->name,
                        loop_id);
      goto done;
    }
  }
  if (xv == (size_t)-1) { /* constant in the index: summand * count */
    fmpq_mpoly_mul(out->p, summand->p, count->p, c->ctx);
    goto done;
  }
  slong var_index = (slong)xv;
  for (ulong k = 0; k <= (ulong)deg[xv]; k++) {
    fmpq_mpoly_get_coeff_vars_ui(coef, summand->p, &var_index, &k, 1, c->ctx);
    if (fmpq_mpoly_is_zero(coef, c->ctx))
      continue;
    /* S_k(T) = sum_{i=0}^{T-1} i^k = (B_{k+1}(T) - B_{k+1}(0)) / (k+1) */
    arith_bernoulli_polynomial(bern, k + 1);
    fmpq_poly_get_coeff_fmpq(z, bern, 0);
    fmpq_poly_set_fmpq(b0, z);
    fmpq_poly_sub(bern, bern, b0);
    fmpq_poly_scalar_div_ui(bern, bern, k + 1);
    /* term = S_k(count), by Horner */
    fmpq_mpoly_zero(term, c->ctx);
    for (slong j = fmpq_poly_degree(bern); j >= 0; j--) {
      fmpq_mpoly_mul(term, term, count->p, c->ctx);
      fmpq_poly_get_coeff_fmpq(z, bern, j);
      fmpq_mpoly_add_fmpq(term, term, z, c->ctx);
    }
    fmpq_mpoly_mul(term, term, coef, c->ctx);
    fmpq_mpoly_add(acc, acc, term, c->ctx);
  }
  fmpq_mpoly_swap(out->p, acc, c->ctx);
done:
  free(deg);
  fmpq_mpoly_clear(acc, c->ctx);
  fmpq_mpoly_clear(coef, c->ctx);
  fmpq_mpoly_clear(term, c->ctx);
  fmpq_poly_clear(bern);
  fmpq_poly_clear(b0);
  fmpq_clear(z);
  return rc;
}

/* ---- compact copies ---- */

/* A context of k >= 1 variables from c's cache (owned by c), or NULL when out
 * of memory. */
static const fmpq_mpoly_ctx_struct *small_ctx(gc_polyctx *c, size_t k) {
  if (!c->small) {
    c->small = calloc(c->max + 1, sizeof *c->small);
    c->small_made = calloc(c->max + 1, 1);
    if (!c->small || !c->small_made) {
      free(c->small);
      free(c->small_made);
      c->small = NULL;
      c->small_made = NULL;
      return NULL;
    }
  }
  if (!c->small_made[k]) {
    fmpq_mpoly_ctx_init(c->small + k, (slong)k, ORD_LEX);
    c->small_made[k] = 1;
  }
  return c->small + k;
}

/* p rewritten in a context of only the variables it uses, in their order
 * (FLINT's factoring and composition cost grows with the context's variable
 * count, and contexts hold up to 64). tmp.vars are shallow copies of c's (names
 * stay c's); idx[j] is the index in c of tmp's variable j. */
typedef struct compact {
  gc_polyctx tmp;
  fmpq_mpoly_t q;
  size_t *idx;
} compact;

static int compact_init(compact *cp, const fmpq_mpoly_t p, gc_polyctx *c) {
  int rc = GC_ENOMEM;
  int *used = calloc(c->max, sizeof *used);
  ulong *exps = calloc(c->max, sizeof *exps), *cexps = NULL;
  fmpq_t coef;
  size_t k = 0;
  memset(cp, 0, sizeof *cp);
  fmpq_init(coef);
  cp->idx = calloc(c->n ? c->n : 1, sizeof *cp->idx);
  cp->tmp.vars = calloc(c->n ? c->n : 1, sizeof *cp->tmp.vars);
  if (!used || !exps || !cp->idx || !cp->tmp.vars)
    goto done;
  fmpq_mpoly_used_vars(used, p, c->ctx);
  for (size_t i = 0; i < c->n; i++)
    if (used[i]) {
      cp->idx[k] = i;
      cp->tmp.vars[k++] = c->vars[i];
    }
  if (!(cexps = calloc(k ? k : 1, sizeof *cexps)))
    goto done;
  cp->tmp.max = cp->tmp.n = k;
  /* FLINT wants at least one variable; the context is c's (copied by value,
   * never cleared here) */
  const fmpq_mpoly_ctx_struct *kc = small_ctx(c, k ? k : 1);
  if (!kc)
    goto done;
  cp->tmp.ctx[0] = *kc;
  fmpq_mpoly_init(cp->q, cp->tmp.ctx);
  for (slong t = 0; t < fmpq_mpoly_length(p, c->ctx); t++) {
    fmpq_mpoly_get_term_coeff_fmpq(coef, p, t, c->ctx);
    fmpq_mpoly_get_term_exp_ui(exps, p, t, c->ctx);
    for (size_t j = 0; j < k; j++)
      cexps[j] = exps[cp->idx[j]];
    fmpq_mpoly_push_term_fmpq_ui(cp->q, coef, cexps, cp->tmp.ctx);
  }
  fmpq_mpoly_sort_terms(cp->q, cp->tmp.ctx);
  fmpq_mpoly_combine_like_terms(cp->q, cp->tmp.ctx);
  rc = GC_OK;
done:
  fmpq_clear(coef);
  free(cexps);
  free(exps);
  free(used);
  if (rc != GC_OK) {
    free(cp->idx);
    free(cp->tmp.vars);
    memset(cp, 0, sizeof *cp);
  }
  return rc;
}

static void compact_clear(compact *cp) {
  fmpq_mpoly_clear(cp->q, cp->tmp.ctx);
  free(cp->idx);
  free(cp->tmp.vars);
}

/* ---- substitution ---- */

int gc_poly_subst(gc_poly **out, gc_polyctx *dst, const gc_poly *p,
                  const char *const *names, const gc_expr *const *values,
                  size_t n, gc_error *err) {
  gc_polyctx *src = p->ctx;
  int rc = GC_OK;
  size_t nv = src->n;
  gc_poly **img = calloc(src->max, sizeof *img);
  fmpq_mpoly_struct **cs = calloc(src->max, sizeof *cs);
  gc_poly *res = NULL;
  gc_poly *zero = NULL;
  compact cp;
  int have_cp = 0;
  slong *deg = used_vars(p);
  if (!img || !cs || !deg) {
    rc = GC_ENOMEM;
    goto done;
  }
  if ((rc = gc_poly_new(&zero, dst)) != GC_OK ||
      (rc = gc_poly_new(&res, dst)) != GC_OK)
    goto done;
  for (size_t i = 0; i < nv; i++) {
    if (deg[i] <= 0)
      continue;
    const var *v = &src->vars[i];
    gc_expr *e = NULL;
    if (v->kind == VAR_SYM)
      rc = gc_expr_new_sym(&e, v->name);
    else if (v->kind == VAR_INDEX)
      rc = gc_expr_new_index(&e, v->index);
    else
      rc = gc_expr_clone(&e, v->expr);
    if (rc != GC_OK)
      goto done;
    gc_expr *s = NULL;
    rc = gc_expr_subst(&s, e, names, values, n, err);
    gc_expr_free(e);
    if (rc != GC_OK)
      goto done;
    rc = gc_poly_from_expr(&img[i], dst, s, err);
    gc_expr_free(s);
    if (rc != GC_OK)
      goto done;
  }
  /* FLINT needs an image for every variable of the source context: compose
   * from a compact copy of p (only its variables), which is much faster than
   * from the full context. */
  if ((rc = compact_init(&cp, p->p, src)) != GC_OK)
    goto done;
  have_cp = 1;
  for (size_t j = 0; j < cp.tmp.n; j++)
    cs[j] = img[cp.idx[j]] ? img[cp.idx[j]]->p : zero->p;
  if (cp.tmp.n == 0)
    cs[0] = zero->p; /* the one placeholder variable */
  if (!fmpq_mpoly_compose_fmpq_mpoly(res->p, cp.q, cs, cp.tmp.ctx, dst->ctx)) {
    rc = gc_error_set(err, GC_ERANGE, "substitution: exponent overflow");
    goto done;
  }
  *out = res;
  res = NULL;
done:
  if (img)
    for (size_t i = 0; i < src->max; i++)
      gc_poly_free(img[i]);
  free(img);
  free(cs);
  free(deg);
  if (have_cp)
    compact_clear(&cp);
  gc_poly_free(zero);
  gc_poly_free(res);
  return rc;
}

/* ---- printing ---- */

static void sb_fmpz(gc_sbuf *b, const fmpz_t z) {
  char *t = fmpz_get_str(NULL, 10, z);
  if (!t) {
    b->oom = 1;
    return;
  }
  gc_sb_put(b, t);
  flint_free(t);
}

/* A name needs parentheses as a factor when it is not a plain identifier or a
 * FUNC call (opaques are FUNC calls). */
static void sb_var(gc_sbuf *b, const var *v, slong e) {
  char tmp[32];
  gc_sb_put(b, v->name);
  if (e > 1) {
    snprintf(tmp, sizeof tmp, "^%ld", (long)e);
    gc_sb_put(b, tmp);
  }
}

/* Print the monomial exps (NULL-safe); returns 1 if anything was printed. */
static int sb_monomial(gc_sbuf *b, const gc_polyctx *c, const slong *exps) {
  int any = 0;
  for (size_t i = 0; i < c->n; i++)
    if (exps[i] > 0) {
      if (any)
        gc_sb_put(b, "*");
      sb_var(b, &c->vars[i], exps[i]);
      any = 1;
    }
  return any;
}

/* Expanded: "1/2*N^2 - 1/2*N". */
static void print_expanded(gc_sbuf *b, const fmpq_mpoly_t p,
                           const gc_polyctx *c) {
  slong len = fmpq_mpoly_length(p, c->ctx);
  slong *exps = calloc(c->max, sizeof *exps);
  fmpq_t q;
  fmpq_init(q);
  if (!exps) {
    b->oom = 1;
    goto done;
  }
  if (len == 0)
    gc_sb_put(b, "0");
  for (slong t = 0; t < len; t++) {
    fmpq_mpoly_get_term_coeff_fmpq(q, p, t, c->ctx);
    fmpq_mpoly_get_term_exp_si(exps, p, t, c->ctx);
    int neg = fmpq_sgn(q) < 0;
    fmpq_abs(q, q);
    if (t == 0)
      gc_sb_put(b, neg ? "-" : "");
    else
      gc_sb_put(b, neg ? " - " : " + ");
    int is_const = 1;
    for (size_t i = 0; i < c->n; i++)
      is_const &= exps[i] == 0;
    if (is_const || !fmpq_is_one(q)) {
      sb_fmpz(b, fmpq_numref(q));
      if (!fmpz_is_one(fmpq_denref(q))) {
        gc_sb_put(b, "/");
        sb_fmpz(b, fmpq_denref(q));
      }
      if (!is_const)
        gc_sb_put(b, "*");
    }
    sb_monomial(b, c, exps);
  }
done:
  free(exps);
  fmpq_clear(q);
}

int gc_poly_print_expanded(char **out, const gc_poly *p) {
  gc_sbuf b = {0};
  print_expanded(&b, p->p, p->ctx);
  if (b.oom || !b.s) {
    free(b.s);
    return GC_ENOMEM;
  }
  *out = b.s;
  return GC_OK;
}

/* The leading variable of a factor (for ordering factors as the variables were
 * met). */
static slong lead_var(const fmpq_mpoly_t f, const gc_polyctx *c, slong *exps) {
  fmpq_mpoly_degrees_si(exps, f, c->ctx);
  for (size_t i = 0; i < c->n; i++)
    if (exps[i] > 0)
      return (slong)i;
  return (slong)c->n;
}

/* Factored: numerator constant, factors ordered by leading variable,
 * "/denominator". */
static int print_factored(gc_sbuf *b, const fmpq_mpoly_t p,
                          const gc_polyctx *c) {
  fmpq_mpoly_factor_t f;
  fmpq_mpoly_factor_init(f, c->ctx);
  slong *exps = calloc(c->max, sizeof *exps);
  slong *order = NULL;
  int ok = 0;
  if (!exps || !fmpq_mpoly_factor(f, p, c->ctx))
    goto done;
  order = calloc((size_t)f->num + 1, sizeof *order);
  if (!order)
    goto done;
  for (slong i = 0; i < f->num; i++)
    order[i] = i;
  /* insertion sort by leading variable, then by length */
  for (slong i = 1; i < f->num; i++)
    for (slong j = i; j > 0; j--) {
      slong a = order[j - 1], bb = order[j];
      slong la = lead_var(f->poly + a, c, exps),
            lb = lead_var(f->poly + bb, c, exps);
      slong na = fmpq_mpoly_length(f->poly + a, c->ctx),
            nb = fmpq_mpoly_length(f->poly + bb, c->ctx);
      int swap = na > nb || (na == nb && la > lb);
      if (!swap && na == nb && la == lb) { /* (N - 1) before (N - 2) before (N +
                                              3): by |constant term| */
        fmpq_t ca, cb;
        fmpq_init(ca);
        fmpq_init(cb);
        for (size_t z = 0; z < c->max; z++)
          exps[z] = 0;
        fmpq_mpoly_get_coeff_fmpq_ui(ca, f->poly + a, (const ulong *)exps,
                                     c->ctx);
        fmpq_mpoly_get_coeff_fmpq_ui(cb, f->poly + bb, (const ulong *)exps,
                                     c->ctx);
        fmpq_abs(ca, ca);
        fmpq_abs(cb, cb);
        swap = fmpq_cmp(ca, cb) > 0;
        fmpq_clear(ca);
        fmpq_clear(cb);
      }
      if (swap) {
        order[j - 1] = bb;
        order[j] = a;
      }
    }
  fmpq_t q;
  fmpq_init(q);
  fmpq_set(q, f->constant);
  if (fmpq_sgn(q) < 0) {
    gc_sb_put(b, "-");
    fmpq_neg(q, q);
  }
  int first = 1;
  if (!fmpz_is_one(fmpq_numref(q)) || f->num == 0) {
    sb_fmpz(b, fmpq_numref(q));
    first = 0;
  }
  for (slong k = 0; k < f->num; k++) {
    const fmpq_mpoly_struct *fp = f->poly + order[k];
    slong e = fmpz_get_si(f->exp + order[k]);
    if (!first)
      gc_sb_put(b, "*");
    first = 0;
    int mono = fmpq_mpoly_length(fp, c->ctx) == 1;
    if (!mono)
      gc_sb_put(b, "(");
    print_expanded(b, fp, c);
    if (!mono)
      gc_sb_put(b, ")");
    if (e > 1) {
      char tmp[32];
      snprintf(tmp, sizeof tmp, "^%ld", (long)e);
      gc_sb_put(b, tmp);
    }
  }
  if (!fmpz_is_one(fmpq_denref(q))) {
    gc_sb_put(b, "/");
    sb_fmpz(b, fmpq_denref(q));
  }
  fmpq_clear(q);
  ok = !b->oom;
done:
  free(order);
  free(exps);
  fmpq_mpoly_factor_clear(f, c->ctx);
  return ok;
}

/* print_factored in a context of only the variables p uses: factoring cost
 * grows with the context's variable count, and contexts hold up to 64. Returns
 * what print_factored returns; 0 on any failure. */
static int print_factored_compact(gc_sbuf *b, const fmpq_mpoly_t p,
                                  gc_polyctx *c) {
  compact cp;
  if (compact_init(&cp, p, c) != GC_OK)
    return 0;
  int ok = cp.tmp.n > 0 && print_factored(b, cp.q, &cp.tmp);
  compact_clear(&cp);
  return ok;
}

/* What print_factored writes for a single non-constant term c*x^a*y^b, without
 * FLINT's factoring: sign, numerator (unless 1), the variables in context
 * order, "/denominator". */
static int print_monomial_factored(gc_sbuf *b, const fmpq_mpoly_t p,
                                   const gc_polyctx *c) {
  slong *exps = calloc(c->max, sizeof *exps);
  fmpq_t q;
  int first = 1;
  if (!exps)
    return 0;
  fmpq_init(q);
  fmpq_mpoly_get_term_coeff_fmpq(q, p, 0, c->ctx);
  fmpq_mpoly_get_term_exp_si(exps, p, 0, c->ctx);
  if (fmpq_sgn(q) < 0) {
    gc_sb_put(b, "-");
    fmpq_neg(q, q);
  }
  if (!fmpz_is_one(fmpq_numref(q))) {
    sb_fmpz(b, fmpq_numref(q));
    first = 0;
  }
  for (size_t i = 0; i < c->n; i++)
    if (exps[i] > 0) {
      if (!first)
        gc_sb_put(b, "*");
      first = 0;
      sb_var(b, &c->vars[i], exps[i]);
    }
  if (!fmpz_is_one(fmpq_denref(q))) {
    gc_sb_put(b, "/");
    sb_fmpz(b, fmpq_denref(q));
  }
  fmpq_clear(q);
  free(exps);
  return !b->oom;
}

/* Remember printed for expanded (takes expanded, copies printed); a full
 * memo, or no memory, only loses the shortcut. */
#define GC_POLY_MEMO_MAX 256
static void memo_put(gc_polyctx *c, char *expanded, const char *printed) {
  char *val = NULL;
  if (!c->memo && !(c->memo = calloc(GC_POLY_MEMO_MAX, sizeof *c->memo)))
    goto fail;
  if (!expanded || c->nmemo == GC_POLY_MEMO_MAX || !(val = strdup(printed)))
    goto fail;
  c->memo[c->nmemo].expanded = expanded;
  c->memo[c->nmemo++].printed = val;
  return;
fail:
  free(expanded);
}

int gc_poly_print(char **out, const gc_poly *p) {
  gc_sbuf ex = {0}, fa = {0};
  print_expanded(&ex, p->p, p->ctx);
  if (ex.oom || !ex.s) {
    free(ex.s);
    return GC_ENOMEM;
  }
  gc_polyctx *c = p->ctx;
  for (size_t i = 0; i < c->nmemo; i++)
    if (strcmp(c->memo[i].expanded, ex.s) == 0) {
      free(ex.s);
      return (*out = strdup(c->memo[i].printed)) ? GC_OK : GC_ENOMEM;
    }
  /* Factor small non-constant polynomials; keep whichever text is shorter
   * (ties: factored). */
  slong len = fmpq_mpoly_length(p->p, p->ctx->ctx);
  if (!fmpq_mpoly_is_fmpq(p->p, p->ctx->ctx) && len <= 32 &&
      (len == 1 ? print_monomial_factored(&fa, p->p, p->ctx)
                : print_factored_compact(&fa, p->p, p->ctx)) &&
      fa.s && fa.len <= ex.len) {
    memo_put(c, ex.s, fa.s);
    *out = fa.s;
    return GC_OK;
  }
  free(fa.s);
  memo_put(c, strdup(ex.s), ex.s);
  *out = ex.s;
  return GC_OK;
}

/* ---- symbols and evaluation ---- */

static int push_name(const char ***arr, size_t *n, size_t *cap,
                     const char *name) {
  for (size_t i = 0; i < *n; i++)
    if (strcmp((*arr)[i], name) == 0)
      return GC_OK;
  if (*n == *cap) {
    size_t nc = *cap ? *cap * 2 : 8;
    const char **t = realloc(*arr, nc * sizeof *t);
    if (!t)
      return GC_ENOMEM;
    *arr = t;
    *cap = nc;
  }
  (*arr)[(*n)++] = name;
  return GC_OK;
}

int gc_poly_symbols(const char ***out, size_t *n, const gc_poly *p) {
  const char **arr = NULL;
  size_t cnt = 0, cap = 0;
  int rc = GC_OK;
  int buf[256], *used = flags_for(buf, 256, p);
  if (!used)
    return GC_ENOMEM;
  used_into(used, p);
  for (size_t i = 0; i < p->ctx->n && rc == GC_OK; i++) {
    const var *v = &p->ctx->vars[i];
    if (!used[i])
      continue;
    if (v->kind == VAR_SYM)
      rc = push_name(&arr, &cnt, &cap, v->name);
    else if (v->kind == VAR_OPAQUE) {
      const char **sub = NULL;
      size_t ns = 0;
      if ((rc = gc_expr_symbols(&sub, &ns, v->expr)) == GC_OK)
        for (size_t k = 0; k < ns && rc == GC_OK; k++)
          rc = push_name(&arr, &cnt, &cap, sub[k]);
      free(sub);
    }
  }
  if (used != buf)
    free(used);
  if (rc != GC_OK) {
    free(arr);
    return rc;
  }
  *out = arr;
  *n = cnt;
  return GC_OK;
}

static int eval_fmpq(fmpq_t res, const gc_poly *p, const gc_env *env,
                     gc_error *err) {
  const gc_polyctx *c = p->ctx;
  int rc = GC_OK;
  slong *deg = used_vars(p);
  fmpq *vals = NULL;
  fmpq **ptrs = NULL;
  gc_sbuf missing = {0};
  if (!deg || !(vals = calloc(c->max, sizeof *vals)) ||
      !(ptrs = calloc(c->max, sizeof *ptrs))) {
    rc = GC_ENOMEM;
    goto done;
  }
  for (size_t i = 0; i < c->max; i++) {
    fmpq_init(vals + i);
    ptrs[i] = vals + i;
  }
  for (size_t i = 0; i < c->n; i++) {
    if (deg[i] <= 0)
      continue;
    const var *v = &c->vars[i];
    int64_t x = 0;
    gc_expr *e = NULL;
    gc_error e2 = {0};
    int r;
    if (v->kind == VAR_OPAQUE)
      r = gc_expr_eval(&x, v->expr, env, &e2);
    else if ((r = v->kind == VAR_SYM
                      ? gc_expr_new_sym(&e, v->name)
                      : gc_expr_new_index(&e, v->index)) == GC_OK) {
      r = gc_expr_eval(&x, e, env, &e2);
      gc_expr_free(e);
    }
    if (r == GC_ENOTFOUND) {
      /* name every unbound symbol once */
      if (v->kind == VAR_OPAQUE) {
        const char **syms = NULL;
        size_t ns = 0;
        if (gc_expr_symbols(&syms, &ns, v->expr) == GC_OK)
          for (size_t k = 0; k < ns; k++) {
            int64_t dummy;
            gc_expr *se = NULL;
            if (gc_expr_new_sym(&se, syms[k]) == GC_OK &&
                gc_expr_eval(&dummy, se, env, NULL) != GC_OK &&
                !(missing.s && strstr(missing.s, syms[k]))) {
              gc_sb_put(&missing, missing.len ? ", " : "");
              gc_sb_put(&missing, syms[k]);
            }
            gc_expr_free(se);
          }
        free(syms);
      } else {
        gc_sb_put(&missing, missing.len ? ", " : "");
        gc_sb_put(&missing, v->name);
      }
      rc = GC_ENOTFOUND;
      continue;
    }
    if (r != GC_OK) {
      rc = gc_error_set(err, r, "%s", e2.msg);
      goto done;
    }
    fmpq_set_si(vals + i, (slong)x, 1);
  }
  if (rc == GC_ENOTFOUND) {
    gc_error_set(err, rc, "unbound: %s", missing.s ? missing.s : "?");
    goto done;
  }
  fmpq_mpoly_evaluate_all_fmpq(res, p->p, ptrs, c->ctx);
done:
  if (vals)
    for (size_t i = 0; i < c->max; i++)
      fmpq_clear(vals + i);
  free(vals);
  free(ptrs);
  free(deg);
  free(missing.s);
  return rc;
}

int gc_poly_eval_str(char **out, const gc_poly *p, const gc_env *env,
                     gc_error *err) {
  fmpq_t q;
  fmpq_init(q);
  int rc = eval_fmpq(q, p, env, err);
  if (rc == GC_OK) {
    char *t = fmpq_get_str(NULL, 10, q);
    if (!t || !(*out = strdup(t)))
      rc = GC_ENOMEM;
    flint_free(t);
  }
  fmpq_clear(q);
  return rc;
}

int gc_poly_eval_double(double *out, const gc_poly *p, const gc_env *env,
                        gc_error *err) {
  fmpq_t q;
  fmpq_init(q);
  int rc = eval_fmpq(q, p, env, err);
  if (rc == GC_OK) {
    mpq_t m;
    mpq_init(m);
    fmpq_get_mpq(m, q);
    *out = mpq_get_d(m);
    mpq_clear(m);
  }
  fmpq_clear(q);
  return rc;
}
