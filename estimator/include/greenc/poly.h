/* greenc/poly.h: exact multivariate polynomials over the rationals (FLINT
 * fmpq_mpoly underneath) for symbolic counts.
 *
 * A gc_polyctx is a variable table shared by the polynomials built in it:
 * symbols ("M", "p->dim"), loop indices
 * ("@3"), and opaque terms (a non-polynomial subexpression such as "udiv(M, 4)"
 * or "min(a, b)", kept as a variable together with its expression so the count
 * stays exact and symbolic). The context is owned by its creator (free with
 * gc_polyctx_free after every gc_poly built in it). Each gc_poly is owned by
 * the caller that received it through
 * **out and freed with gc_poly_free. Functions with an `out` that already
 * exists (gc_poly_add ...) overwrite it; out may alias an input. A context
 * also keeps caches (small contexts for factoring and substitution, printed
 * forms), filled by gc_poly_print and gc_poly_subst even through a const
 * gc_poly: use one context from one thread at a time. */
#ifndef GREENC_POLY_H
#define GREENC_POLY_H

#include <stddef.h>
#include <stdint.h>

#include "greenc/expr.h"
#include "greenc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gc_polyctx gc_polyctx;
typedef struct gc_poly gc_poly;

/* A context with room for max_vars variables (0: a default of 64). Adding more
 * fails with GC_ERANGE. */
int gc_polyctx_new(gc_polyctx **out, size_t max_vars);
void gc_polyctx_free(gc_polyctx *ctx);
size_t gc_polyctx_nvars(const gc_polyctx *ctx);
/* Declare symbol sym now (if new), so that printing orders it before symbols
 * met later: declare a function's parameters in order to print "2*M*N*K". */
int gc_polyctx_declare(gc_polyctx *ctx, const char *sym, gc_error *err);
/* Printed name of variable i ("M", "@2", "udiv(M, 4)"); points into ctx. */
const char *gc_polyctx_var_name(const gc_polyctx *ctx, size_t i);

int gc_poly_new(gc_poly **out, gc_polyctx *ctx); /* the zero polynomial */
void gc_poly_free(gc_poly *p);
int gc_poly_clone(gc_poly **out, const gc_poly *p);
int gc_poly_set_si(gc_poly *p, int64_t c);
/* The polynomial of e: +, -, * and integer literals are polynomial; symbols and
 * @N become variables; every other subterm (udiv, min, comparisons ...) becomes
 * an opaque variable named by its printed form (after converting its own
 * operands, so "udiv(M, 4)" is one variable). */
int gc_poly_from_expr(gc_poly **out, gc_polyctx *ctx, const gc_expr *e,
                      gc_error *err);

int gc_poly_add(gc_poly *out, const gc_poly *a, const gc_poly *b);
int gc_poly_sub(gc_poly *out, const gc_poly *a, const gc_poly *b);
int gc_poly_mul(gc_poly *out, const gc_poly *a, const gc_poly *b);
int gc_poly_scale_si(gc_poly *out, const gc_poly *a, int64_t c);

int gc_poly_is_zero(const gc_poly *p);
/* 1 when p is a constant. */
int gc_poly_is_const(const gc_poly *p);
int gc_poly_equal(const gc_poly *a, const gc_poly *b);
/* 1 when p depends on @loop_id. */
int gc_poly_uses_index(const gc_poly *p, unsigned loop_id);
/* 1 when p depends on any loop index. */
int gc_poly_uses_any_index(const gc_poly *p);

/* Nested summation: out = sum_{@loop_id = 0}^{count - 1} summand, in closed
 * form (Faulhaber: sum_{i<T} i^k = (B_{k+1}(T) - B_{k+1}) / (k+1) with
 * Bernoulli polynomials). count must not use @loop_id. The closed form is the
 * polynomial identity; it equals the number of points only when count >= 0 (the
 * caller checks validity). */
int gc_poly_sum_index(gc_poly *out, const gc_poly *summand, unsigned loop_id,
                      const gc_poly *count, gc_error *err);

/* Substitution: every symbol names[i] (i < n) is replaced by the expression
 * values[i] (which may mention the caller's symbols and indices); opaque
 * variables are rebuilt from their substituted expressions. The result lives in
 * dst (which may be p's context or another). For call composition. */
int gc_poly_subst(gc_poly **out, gc_polyctx *dst, const gc_poly *p,
                  const char *const *names, const gc_expr *const *values,
                  size_t n, gc_error *err);

/* Text in the source's names, factored where simple: "2*M*N*K", "N*(N - 1)/2",
 * "1/2*T^2 + 1/2*T" when it does not factor. *out is malloc'd (caller frees).
 */
int gc_poly_print(char **out, const gc_poly *p);
/* Text as an expanded sum of terms ("1/2*N^2 - 1/2*N"). */
int gc_poly_print_expanded(char **out, const gc_poly *p);

/* Symbols p depends on (opaque terms contribute their own symbols; indices are
 * not listed), in context order. *out is a malloc'd array of *n pointers into
 * ctx (free the array only). */
int gc_poly_symbols(const char ***out, size_t *n, const gc_poly *p);

/* Exact value at env (symbols and, for index variables, env->idx). *out is a
 * malloc'd decimal string (caller frees), "a/b" if the value is not an integer.
 * Errors: GC_ENOTFOUND naming the unbound symbols, GC_ERANGE from an opaque
 * term's evaluation. */
int gc_poly_eval_str(char **out, const gc_poly *p, const gc_env *env,
                     gc_error *err);
/* Same, as a double (rounded); fails the same way. */
int gc_poly_eval_double(double *out, const gc_poly *p, const gc_env *env,
                        gc_error *err);

#ifdef __cplusplus
}
#endif
#endif
