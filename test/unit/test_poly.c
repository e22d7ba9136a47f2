/* test_poly.c: exact polynomials: building from expressions (opaque terms),
 * Faulhaber summation, substitution, factored printing and exact evaluation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "greenc/poly.h"

static gc_poly *P(gc_polyctx *c, const char *text) {
  gc_expr *e = NULL;
  gc_poly *p = NULL;
  gc_error err = {0};
  if (gc_expr_parse(&e, text, &err) != GC_OK)
    fail_msg("parse %s: %s", text, err.msg);
  assert_int_equal(gc_poly_from_expr(&p, c, e, &err), GC_OK);
  gc_expr_free(e);
  return p;
}

static void expect_print(const gc_poly *p, const char *want) {
  char *s = NULL;
  assert_int_equal(gc_poly_print(&s, p), GC_OK);
  assert_string_equal(s, want);
  free(s);
}

static void expect_expanded(const gc_poly *p, const char *want) {
  char *s = NULL;
  assert_int_equal(gc_poly_print_expanded(&s, p), GC_OK);
  assert_string_equal(s, want);
  free(s);
}

static void check_value(const gc_poly *p, const gc_env *env, const char *want) {
  char *s = NULL;
  gc_error err = {0};
  int rc = gc_poly_eval_str(&s, p, env, &err);
  if (rc != GC_OK)
    fail_msg("eval: %s", err.msg);
  assert_string_equal(s, want);
  free(s);
}

/* sum_{@i = 0}^{count - 1} summand, in place. */
static void sum(gc_poly *p, unsigned id, const gc_poly *count) {
  gc_error err = {0};
  int rc = gc_poly_sum_index(p, p, id, count, &err);
  if (rc != GC_OK)
    fail_msg("sum: %s", err.msg);
}

static void test_gemm(void **state) {
  (void)state;
  gc_polyctx *c = NULL;
  assert_int_equal(gc_polyctx_new(&c, 0), GC_OK);
  gc_poly *M = P(c, "M"), *N = P(c, "N"), *K = P(c, "K"), *f = P(c, "2");
  sum(f, 3, K);
  sum(f, 2, N);
  sum(f, 1, M);
  expect_print(f, "2*M*N*K");
  gc_binding b[] = {{"M", 64}, {"N", 64}, {"K", 64}};
  gc_env env = {b, 3, NULL, NULL, 0};
  check_value(f, &env, "524288");
  /* unbound symbols are named */
  gc_env env2 = {b, 1, NULL, NULL, 0};
  char *s = NULL;
  gc_error err = {0};
  assert_int_equal(gc_poly_eval_str(&s, f, &env2, &err), GC_ENOTFOUND);
  assert_non_null(strstr(err.msg, "N, K"));
  gc_poly_free(M);
  gc_poly_free(N);
  gc_poly_free(K);
  gc_poly_free(f);
  gc_polyctx_free(c);
}

static void test_triangle(void **state) {
  (void)state;
  gc_polyctx *c = NULL;
  assert_int_equal(gc_polyctx_new(&c, 0), GC_OK);
  /* sum_{i<N} sum_{j<i} 1 = N*(N-1)/2 */
  gc_poly *f = P(c, "1"), *inner = P(c, "@1"), *N = P(c, "N");
  sum(f, 2, inner);
  expect_print(f, "@1");
  sum(f, 1, N);
  expect_print(f, "N*(N - 1)/2");
  expect_expanded(f, "1/2*N^2 - 1/2*N");
  gc_binding b[] = {{"N", 10}};
  gc_env env = {b, 1, NULL, NULL, 0};
  check_value(f, &env, "45");
  /* sum_{i<T} (i + 1) = T*(T+1)/2 */
  gc_poly *g = P(c, "1"), *ip1 = P(c, "@1 + 1"), *T = P(c, "T");
  sum(g, 2, ip1);
  sum(g, 1, T);
  expect_print(g, "T*(T + 1)/2");
  gc_poly_free(f);
  gc_poly_free(inner);
  gc_poly_free(N);
  gc_poly_free(g);
  gc_poly_free(ip1);
  gc_poly_free(T);
  gc_polyctx_free(c);
}

static void test_degree3(void **state) {
  (void)state;
  gc_polyctx *c = NULL;
  assert_int_equal(gc_polyctx_new(&c, 0), GC_OK);
  /* sum_{i<N} sum_{j<i} sum_{k<j} 1 = N(N-1)(N-2)/6 (three nested triangular
   * loops) */
  gc_poly *f = P(c, "1"), *t3 = P(c, "@2"), *t2 = P(c, "@1"), *N = P(c, "N");
  sum(f, 3, t3);
  sum(f, 2, t2);
  sum(f, 1, N);
  expect_print(f, "N*(N - 1)*(N - 2)/6");
  gc_binding b[] = {{"N", 10}};
  gc_env env = {b, 1, NULL, NULL, 0};
  check_value(f, &env, "120");
  /* sum_{i<N} i^2 = (N-1)N(2N-1)/6; at N = 100: 328350 */
  gc_poly *g = P(c, "@1*@1");
  sum(g, 1, N);
  b[0].value = 100;
  check_value(g, &env, "328350");
  gc_poly_free(f);
  gc_poly_free(t3);
  gc_poly_free(t2);
  gc_poly_free(N);
  gc_poly_free(g);
  gc_polyctx_free(c);
}

static void test_opaque(void **state) {
  (void)state;
  gc_polyctx *c = NULL;
  gc_error err = {0};
  assert_int_equal(gc_polyctx_new(&c, 0), GC_OK);
  gc_poly *f = P(c, "4*udiv(M, 4)*N + udiv(8, 2)");
  expect_expanded(f, "4*udiv(M, 4)*N + 4"); /* constant subterm folded */
  gc_binding b[] = {{"M", 10}, {"N", 3}};
  gc_env env = {b, 2, NULL, NULL, 0};
  check_value(f, &env, "28");
  const char **syms = NULL;
  size_t n = 0;
  assert_int_equal(gc_poly_symbols(&syms, &n, f), GC_OK);
  assert_int_equal(n, 2);
  assert_string_equal(syms[0], "M");
  assert_string_equal(syms[1], "N");
  free(syms);
  /* an opaque term over the summation index has no closed form */
  gc_poly *g = P(c, "min(@1, 8)"), *T = P(c, "T");
  assert_int_equal(gc_poly_sum_index(g, g, 1, T, &err), GC_EUNKNOWN);
  assert_non_null(strstr(err.msg, "min(@1, 8)"));
  assert_true(gc_poly_uses_index(g, 1));
  assert_false(gc_poly_uses_index(f, 1));
  gc_poly_free(f);
  gc_poly_free(g);
  gc_poly_free(T);
  gc_polyctx_free(c);
}

static void test_subst(void **state) {
  (void)state;
  gc_polyctx *c = NULL, *d = NULL;
  gc_error err = {0};
  assert_int_equal(gc_polyctx_new(&c, 0), GC_OK);
  assert_int_equal(gc_polyctx_new(&d, 0), GC_OK);
  /* callee counts n*d + udiv(n, 2); caller passes n := dim, d := 3*@1 */
  gc_poly *f = P(c, "n*d + udiv(n, 2)"), *r = NULL;
  gc_expr *a1 = NULL, *a2 = NULL;
  assert_int_equal(gc_expr_parse(&a1, "dim", &err), GC_OK);
  assert_int_equal(gc_expr_parse(&a2, "3*@1", &err), GC_OK);
  const char *names[] = {"n", "d"};
  const gc_expr *vals[] = {a1, a2};
  assert_int_equal(gc_poly_subst(&r, d, f, names, vals, 2, &err), GC_OK);
  expect_expanded(r, "3*dim*@1 + udiv(dim, 2)");
  assert_true(gc_poly_uses_index(r, 1));
  gc_poly_free(f);
  gc_poly_free(r);
  gc_expr_free(a1);
  gc_expr_free(a2);
  gc_polyctx_free(c);
  gc_polyctx_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_gemm),    cmocka_unit_test(test_triangle),
      cmocka_unit_test(test_degree3), cmocka_unit_test(test_opaque),
      cmocka_unit_test(test_subst),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
