/* test_profile.c: reading profile payloads: accessors on a golden gemm profile,
 * schema errors with JSON paths, version checks, unknown fields ignored, sets
 * of records resolving functions across translation units. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "greenc/profile.h"

#define DATA GREENC_TEST_DATA "/profiles/"

static gc_profile *load(const char *name) {
  gc_profile *p = NULL;
  gc_error err = {0};
  if (gc_profile_load_file(&p, name, &err) != GC_OK)
    fail_msg("%s", err.msg);
  return p;
}

static void test_gemm(void **state) {
  (void)state;
  gc_profile *p = load(DATA "gemm.json");
  assert_int_equal(gc_profile_version(p), 1);
  assert_string_equal(gc_profile_source(p), "examples/gemm.c");
  assert_string_equal(gc_profile_opt(p), "O2");
  assert_int_equal(gc_profile_nparams(p), 1);
  assert_string_equal(gc_profile_params(p)[0].name, "M");
  assert_int_equal(gc_profile_params(p)[0].value, 64);
  assert_int_equal(gc_profile_nfunctions(p), 1);
  const gc_function *f = gc_profile_find_function(p, "gemm");
  assert_non_null(f);
  assert_ptr_equal(gc_function_profile(f), p);
  assert_string_equal(gc_function_file(f), "examples/gemm.c");
  assert_int_equal(gc_function_line(f), 8);
  assert_int_equal(gc_function_nparams(f), 6);
  assert_string_equal(gc_function_param(f, 5)->name, "C");
  assert_string_equal(gc_function_param(f, 5)->type, "ptr");
  assert_int_equal(gc_function_nsymbols(f), 3);
  const gc_symbol *k = gc_function_find_symbol(f, "K");
  assert_non_null(k);
  assert_int_equal(k->kind, GC_SYM_PARAM);
  assert_int_equal(k->index, 2);
  const gc_view *v = gc_function_view(f, GC_VIEW_SOURCE);
  assert_non_null(v);
  assert_int_equal(gc_view_nloops(v), 3);
  const gc_loop *l3 = gc_view_find_loop(v, 3);
  assert_int_equal(l3->parent, 2);
  assert_int_equal(l3->line, 12);
  assert_int_equal(l3->col, 7);
  assert_string_equal(l3->iv, "k");
  assert_string_equal(l3->trip, "K");
  assert_non_null(l3->trip_expr);
  assert_int_equal(l3->status, GC_LOOP_EXACT);
  assert_int_equal(gc_view_loop_depth(v, 3), 3);
  assert_int_equal(gc_view_nblocks(v), 3);
  const gc_block *b = gc_view_block(v, 2);
  assert_int_equal(b->id, 3);
  assert_int_equal(b->loop, 3);
  assert_int_equal(b->cond, GC_COND_ALWAYS);
  assert_int_equal(b->nops, 3);
  assert_int_equal(b->ops[0].op, GC_OP_LOAD);
  assert_int_equal(b->ops[0].ty, GC_TY_F32);
  assert_int_equal(b->ops[0].n, 2);
  assert_string_equal(b->ops[0].bytes, "4");
  assert_int_equal(b->ops[2].role, GC_ROLE_ADDR);
  assert_int_equal(gc_view_insts(v), 40);
  const gc_block *st = gc_view_block(v, 1);
  assert_string_equal(st->ops[0].index, "@1*N + @2");
  const gc_view *ex = gc_function_view(f, GC_VIEW_EXECUTED);
  assert_non_null(ex);
  assert_int_equal(gc_view_insts(ex), -1); /* no coverage given */
  assert_string_equal(gc_view_find_loop(ex, 3)->trip, "udiv(K, 8)");
  assert_int_equal(gc_view_block(ex, 0)->ops[1].lanes, 8);
  gc_profile_free(p);
}

static void test_missing_view_and_set(void **state) {
  (void)state;
  gc_profile_set *s = NULL;
  assert_int_equal(gc_profile_set_new(&s), GC_OK);
  assert_int_equal(gc_profile_set_add(s, load(DATA "triangle.json")), GC_OK);
  assert_int_equal(gc_profile_set_add(s, load(DATA "cases.json")), GC_OK);
  assert_int_equal(gc_profile_set_nprofiles(s), 2);
  const gc_function *t3 = gc_profile_set_find_function(s, "tri3", NULL);
  assert_non_null(t3);
  assert_null(gc_function_view(t3, GC_VIEW_EXECUTED));
  assert_string_equal(gc_function_view_missing(t3, GC_VIEW_EXECUTED),
                      "not taken in this fixture");
  const gc_function *mm =
      gc_profile_set_find_function(s, "matmul", gc_profile_set_profile(s, 0));
  assert_non_null(mm);
  assert_ptr_equal(gc_function_profile(mm), gc_profile_set_profile(s, 1));
  assert_null(gc_profile_set_find_function(s, "expf", NULL));
  const gc_function *fw = gc_profile_set_find_function(s, "forward", NULL);
  const gc_op_entry *call =
      &gc_view_block(gc_function_view(fw, GC_VIEW_SOURCE), 0)->ops[0];
  assert_int_equal(call->op, GC_OP_CALL);
  assert_string_equal(call->callee, "matmul");
  assert_true(call->has_args);
  assert_int_equal(call->nargs, 5);
  assert_string_equal(call->args[3], "dim");
  const gc_function *bd = gc_profile_set_find_function(s, "bounded", NULL);
  const gc_loop *bl = gc_view_loop(gc_function_view(bd, GC_VIEW_SOURCE), 0);
  assert_int_equal(bl->status, GC_LOOP_BOUNDED);
  assert_null(bl->trip);
  assert_string_equal(bl->trip_max, "N");
  assert_string_equal(bl->reason, "early exit on data");
  const gc_function *gd = gc_profile_set_find_function(s, "guarded", NULL);
  const gc_block *gb = gc_view_block(gc_function_view(gd, GC_VIEW_SOURCE), 0);
  assert_int_equal(gb->cond, GC_COND_GUARD);
  assert_string_equal(gb->guard, "M > 4");
  gc_profile_set_free(s);
}

static void expect_fail(const char *json, int code, const char *msg) {
  gc_profile *p = NULL;
  gc_error err = {0};
  int rc = gc_profile_parse(&p, json, strlen(json), "t.o", &err);
  assert_int_equal(rc, code);
  assert_null(p);
  if (!strstr(err.msg, msg))
    fail_msg("error \"%s\" lacks \"%s\"", err.msg, msg);
}

static void test_schema_errors(void **state) {
  (void)state;
  gc_profile *p = NULL;
  gc_error err = {0};
  assert_int_equal(gc_profile_load_file(&p, DATA "bad_schema.json", &err),
                   GC_ESCHEMA);
  assert_null(p);
  assert_non_null(strstr(
      err.msg,
      "bad_schema.json: functions[2].views.executed.loops[0]: missing \"id\""));

  expect_fail("{\"greenc_profile\": 1}", GC_ESCHEMA,
              "t.o: missing \"functions\"");
  expect_fail("{\"greenc_profile\": 1, \"functions\": [", GC_EPARSE, "t.o:1:");
  expect_fail("[1]", GC_ESCHEMA, "must be a JSON object");
  expect_fail("{\"greenc_profile\": \"1\", \"functions\": []}", GC_ESCHEMA,
              "\"greenc_profile\" must be an integer");
  expect_fail(
      "{\"greenc_profile\": 1, \"functions\": [{\"name\": \"f\", \"views\": "
      "{\"source\": {\"loops\": [], "
      "\"blocks\": [{\"id\": 0, \"loop\": 0, \"cond\": \"always\", \"ops\": "
      "[{\"op\": \"fmadd\", \"n\": 1}]}]}}}]}",
      GC_ESCHEMA,
      "t.o: functions[0].views.source.blocks[0].ops[0]: unknown op \"fmadd\"");
  /* a loop's recurrence: known ops and types, n >= 1 */
  expect_fail("{\"greenc_profile\": 1, \"functions\": [{\"name\": \"f\", "
              "\"views\": {\"source\": {\"loops\": "
              "[{\"id\": 1, \"parent\": 0, \"trip\": \"M\", \"status\": "
              "\"exact\", \"recurrence\": [{\"op\": \"fmac\", \"ty\": "
              "\"f32\", \"n\": 1}]}], \"blocks\": []}}}]}",
              GC_ESCHEMA,
              "functions[0].views.source.loops[0].recurrence[0]: unknown op "
              "\"fmac\"");
  expect_fail("{\"greenc_profile\": 1, \"functions\": [{\"name\": \"f\", "
              "\"views\": {\"source\": {\"loops\": "
              "[{\"id\": 1, \"parent\": 0, \"trip\": \"M\", \"status\": "
              "\"exact\", \"recurrence\": [{\"op\": \"fma\", \"ty\": "
              "\"f32\", \"n\": 0}]}], \"blocks\": []}}}]}",
              GC_ESCHEMA, "recurrence[0]: \"n\" must be >= 1, not 0");
  expect_fail("{\"greenc_profile\": 1, \"functions\": [{\"name\": \"f\", "
              "\"views\": {\"source\": {\"loops\": "
              "[{\"id\": 1, \"parent\": 0, \"trip\": \"M +\", \"status\": "
              "\"exact\"}], \"blocks\": []}}}]}",
              GC_EPARSE,
              "functions[0].views.source.loops[0]: \"trip\": col 4:");
  expect_fail("{\"greenc_profile\": 1, \"functions\": [{\"name\": \"f\", "
              "\"views\": {\"source\": {\"loops\": "
              "[{\"id\": 1, \"parent\": 7, \"trip\": \"M\", \"status\": "
              "\"exact\"}], \"blocks\": []}}}]}",
              GC_ESCHEMA, "loops[0]: parent 7 is not a loop");
  expect_fail("{\"greenc_profile\": 1, \"functions\": [{\"name\": \"f\", "
              "\"views\": {\"source\": {\"loops\": [], "
              "\"blocks\": [{\"id\": 0, \"loop\": 0, \"cond\": \"guard\", "
              "\"ops\": []}]}}}]}",
              GC_ESCHEMA, "blocks[0]: missing \"guard\"");
  expect_fail("{\"greenc_profile\": 1, \"functions\": [{\"name\": \"f\", "
              "\"views\": {\"source\": {\"loops\": [], "
              "\"blocks\": [{\"id\": 0, \"loop\": 0, \"cond\": \"always\", "
              "\"ops\": [{\"op\": \"load\", \"n\": 1.5, "
              "\"bytes\": 4}]}]}}}]}",
              GC_ESCHEMA,
              "ops[0]: \"n\" must be an integer, not a real number");
  expect_fail(
      "{\"greenc_profile\": 1, \"functions\": [{\"name\": \"f\", \"views\": "
      "{\"source\": {\"loops\": "
      "[{\"id\": 1, \"parent\": 0, \"trip\": \"M\", \"status\": \"exact\"}, "
      "{\"id\": 2, \"parent\": 0, \"trip\": \"@1\", \"status\": \"exact\"}], "
      "\"blocks\": []}}}]}",
      GC_ESCHEMA, "loops[1]: \"trip\" uses @1, which is not an enclosing loop");
  expect_fail("{\"greenc_profile\": 1, \"functions\": [{\"name\": \"f\", "
              "\"views\": {\"source\": {\"loops\": "
              "[{\"id\": 1, \"parent\": 0, \"trip\": \"M\", \"status\": "
              "\"exact\"}], \"blocks\": [{\"id\": 0, "
              "\"loop\": 0, \"cond\": \"always\", \"ops\": [{\"op\": "
              "\"memset\", \"n\": 1, \"bytes\": \"@1\"}]}]}}}]}",
              GC_ESCHEMA, "blocks[0].ops[0]: \"bytes\" uses @1");
  expect_fail("{\"greenc_profile\": 1, \"functions\": [{\"name\": \"f\", "
              "\"views\": {\"source\": {\"loops\": [], "
              "\"blocks\": [{\"id\": 0, \"loop\": 0, \"cond\": \"always\", "
              "\"ops\": [{\"op\": \"call\", \"n\": 1, "
              "\"callee\": \"g\", \"args\": [\"x +\"]}]}]}}}]}",
              GC_EPARSE, "ops[0].args[0]: col 4");
}

/* A loop's recurrence and recurrence_reassoc (docs/profile.md, LOOP). */
static void test_recurrence(void **state) {
  (void)state;
  const char *json =
      "{\"greenc_profile\": 1, \"functions\": [{\"name\": \"f\", \"views\": "
      "{\"source\": {\"loops\": [{\"id\": 1, \"parent\": 0, \"trip\": "
      "\"n\", \"status\": \"exact\", \"recurrence\": [{\"op\": \"iadd\", "
      "\"ty\": \"i32\", \"lanes\": 8, \"n\": 2}], \"recurrence_reassoc\": "
      "true}, {\"id\": 2, \"parent\": 0, \"trip\": \"n\", \"status\": "
      "\"exact\", \"recurrence\": [{\"op\": \"fma\", \"ty\": \"f64\", "
      "\"n\": 1}]}], \"blocks\": []}}}]}";
  gc_profile *p = NULL;
  gc_error err = {0};
  if (gc_profile_parse(&p, json, strlen(json), "t.o", &err) != GC_OK)
    fail_msg("%s", err.msg);
  const gc_view *v =
      gc_function_view(gc_profile_function(p, 0), GC_VIEW_SOURCE);
  const gc_loop *l = gc_view_find_loop(v, 1);
  assert_int_equal(l->nrec, 1);
  assert_int_equal(l->rec[0].op, GC_OP_IADD);
  assert_int_equal(l->rec[0].ty, GC_TY_I32);
  assert_int_equal(l->rec[0].lanes, 8);
  assert_int_equal(l->rec[0].n, 2);
  assert_true(l->rec_reassoc);
  l = gc_view_find_loop(v, 2);
  assert_int_equal(l->nrec, 1);
  assert_int_equal(l->rec[0].op, GC_OP_FMA);
  assert_int_equal(l->rec[0].lanes, 1);
  assert_false(l->rec_reassoc);
  gc_profile_free(p);
}

static void test_version(void **state) {
  (void)state;
  gc_profile *p = NULL;
  gc_error err = {0};
  assert_int_equal(gc_profile_load_file(&p, DATA "version2.json", &err),
                   GC_EVERSION);
  assert_null(p);
  assert_non_null(strstr(err.msg, "version 2"));
  assert_int_equal(gc_profile_load_file(&p, DATA "no-such-file.json", &err),
                   GC_EIO);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_gemm),
      cmocka_unit_test(test_missing_view_and_set),
      cmocka_unit_test(test_schema_errors),
      cmocka_unit_test(test_version),
      cmocka_unit_test(test_recurrence),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
