/* test_expr.c: EXPR parsing, canonical printing, errors with positions,
 * substitution and exact evaluation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "greenc/expr.h"

static void roundtrip(const char *in, const char *want, int boolean) {
  gc_expr *e = NULL, *e2 = NULL;
  gc_error err = {0};
  char *s = NULL, *s2 = NULL;
  int rc =
      boolean ? gc_expr_parse_bool(&e, in, &err) : gc_expr_parse(&e, in, &err);
  if (rc != GC_OK)
    fail_msg("parse %s: %s", in, err.msg);
  assert_int_equal(gc_expr_print(&s, e), GC_OK);
  assert_string_equal(s, want);
  /* re-parsing the printed text gives the same tree */
  rc = boolean ? gc_expr_parse_bool(&e2, s, &err) : gc_expr_parse(&e2, s, &err);
  assert_int_equal(rc, GC_OK);
  assert_true(gc_expr_equal(e, e2));
  assert_int_equal(gc_expr_print(&s2, e2), GC_OK);
  assert_string_equal(s2, want);
  free(s);
  free(s2);
  gc_expr_free(e);
  gc_expr_free(e2);
}

static void test_roundtrip(void **state) {
  (void)state;
  roundtrip("2*M*N*K", "2*M*N*K", 0);
  roundtrip(" M-1 ", "M - 1", 0);
  roundtrip("(M+1)*(N-2)", "(M + 1)*(N - 2)", 0);
  roundtrip("a-(b-c)", "a - (b - c)", 0);
  roundtrip("a-b-c", "a - b - c", 0);
  roundtrip("-(a+b)*-3", "-(a + b)*-3", 0);
  roundtrip("udiv(M,4)+@1*8", "udiv(M, 4) + @1*8", 0);
  roundtrip("min(a, b, c + 1)", "min(a, b, c + 1)", 0);
  roundtrip("p->dim*cfg.n_layers", "p->dim*cfg.n_layers", 0);
  roundtrip("M>0&&N>=@2", "M > 0 && N >= @2", 1);
  roundtrip("(H - R)*1 != 0", "(H - R)*1 != 0", 1);
}

static void expect_error(const char *in, int boolean, int code,
                         const char *needle) {
  gc_expr *e = NULL;
  gc_error err = {0};
  int rc =
      boolean ? gc_expr_parse_bool(&e, in, &err) : gc_expr_parse(&e, in, &err);
  assert_int_equal(rc, code);
  assert_null(e);
  if (!strstr(err.msg, needle))
    fail_msg("error for \"%s\" is \"%s\", wanted \"%s\"", in, err.msg, needle);
}

static void test_errors(void **state) {
  (void)state;
  expect_error("M +", 0, GC_EPARSE, "col 4: unexpected end");
  expect_error("M + )", 0, GC_EPARSE, "col 5:");
  expect_error("foo(M, 2)", 0, GC_EPARSE, "col 1: unknown function");
  expect_error("udiv(M)", 0, GC_EPARSE, "takes 2 arguments");
  expect_error("(M + 1", 0, GC_EPARSE, "col 7: expected ')'");
  expect_error("M N", 0, GC_EPARSE, "col 3: unexpected text");
  expect_error("p->", 0, GC_EPARSE, "col 2: expected a field name");
  expect_error("99999999999999999999", 0, GC_ERANGE, "too large");
  expect_error("M", 1, GC_EPARSE, "expected a comparison");
  expect_error("M < 1", 0, GC_EPARSE, "col 3:");
}

static int64_t eval(const char *in, const gc_env *env, int *rc) {
  gc_expr *e = NULL;
  gc_error err = {0};
  int64_t v = -12345;
  int r = gc_expr_parse_bool(&e, in, &err);
  if (r != GC_OK)
    r = gc_expr_parse(&e, in, &err);
  assert_int_equal(r, GC_OK);
  *rc = gc_expr_eval(&v, e, env, &err);
  gc_expr_free(e);
  return v;
}

static void test_eval(void **state) {
  (void)state;
  gc_binding b[] = {{"M", 7}, {"N", -7}, {"M", 9}, {"p->dim", 3}};
  int64_t idx[] = {0, 5};
  gc_env env = {b, 4, idx, NULL, 2};
  int rc;
  assert_int_equal(eval("M", &env, &rc), 9); /* last binding wins */
  assert_int_equal(rc, GC_OK);
  assert_int_equal(eval("sdiv(N, 2)", &env, &rc),
                   -3); /* toward zero, not floor */
  assert_int_equal(eval("srem(N, 2)", &env, &rc), -1);
  assert_int_equal(eval("sdiv(M, -2)", &env, &rc), -4);
  assert_int_equal(eval("udiv(M, 4)", &env, &rc), 2);
  assert_int_equal(eval("urem(M, 4)", &env, &rc), 1);
  assert_int_equal(eval("min(M, N, 3)", &env, &rc), -7);
  assert_int_equal(eval("max(M, N, 3)", &env, &rc), 9);
  assert_int_equal(eval("umin(M, 4)", &env, &rc), 4);
  assert_int_equal(eval("@1*p->dim - -M", &env, &rc), 24);
  assert_int_equal(eval("M > 0 && N > 0", &env, &rc), 0);
  assert_int_equal(eval("M > 0 && N < 0", &env, &rc), 1);
  assert_int_equal(eval("M != 9", &env, &rc), 0);
  eval("udiv(N, 2)", &env, &rc);
  assert_int_equal(rc, GC_ERANGE); /* unsigned division of a negative value */
  eval("sdiv(M, M - 9)", &env, &rc);
  assert_int_equal(rc, GC_ERANGE); /* by zero */
  eval("K + 1", &env, &rc);
  assert_int_equal(rc, GC_ENOTFOUND);
  eval("@3", &env, &rc);
  assert_int_equal(rc, GC_ENOTFOUND);
  eval("3037000500*3037000500", &env, &rc);
  assert_int_equal(rc, GC_ERANGE); /* overflows int64 */
  assert_int_equal(eval("3037000499*3037000499", &env, &rc),
                   9223372030926249001LL);
  assert_int_equal(rc, GC_OK);
  eval("9223372036854775807 + 1", &env, &rc);
  assert_int_equal(rc, GC_ERANGE);
}

static void test_subst(void **state) {
  (void)state;
  gc_expr *e = NULL, *v1 = NULL, *v2 = NULL, *r = NULL, *at = NULL;
  gc_error err = {0};
  char *s = NULL;
  assert_int_equal(gc_expr_parse(&e, "n*d + udiv(n, 4)*@1", &err), GC_OK);
  assert_int_equal(gc_expr_parse(&v1, "d", &err), GC_OK);
  assert_int_equal(gc_expr_parse(&v2, "dim + 1", &err), GC_OK);
  /* simultaneous: n -> d, d -> dim + 1 */
  const char *names[] = {"n", "d"};
  const gc_expr *vals[] = {v1, v2};
  assert_int_equal(gc_expr_subst(&r, e, names, vals, 2, &err), GC_OK);
  assert_int_equal(gc_expr_print(&s, r), GC_OK);
  assert_string_equal(s, "d*(dim + 1) + udiv(d, 4)*@1");
  free(s);
  gc_expr_free(r);
  assert_int_equal(gc_expr_parse(&at, "@2 + 1", &err), GC_OK);
  assert_int_equal(gc_expr_subst_index(&r, e, 1, at, &err), GC_OK);
  assert_int_equal(gc_expr_print(&s, r), GC_OK);
  assert_string_equal(s, "n*d + udiv(n, 4)*(@2 + 1)");
  assert_true(gc_expr_uses_index(r, 2));
  assert_false(gc_expr_uses_index(r, 1));
  const char **syms = NULL;
  size_t ns = 0;
  assert_int_equal(gc_expr_symbols(&syms, &ns, e), GC_OK);
  assert_int_equal(ns, 2);
  assert_string_equal(syms[0], "n");
  assert_string_equal(syms[1], "d");
  free(syms);
  free(s);
  gc_expr_free(r);
  gc_expr_free(at);
  gc_expr_free(e);
  gc_expr_free(v1);
  gc_expr_free(v2);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_roundtrip),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_eval),
      cmocka_unit_test(test_subst),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
