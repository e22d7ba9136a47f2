/* test_validate.c: static == dynamic (greenc/validate.h) on a hand-written
 * profile: a triangular nest with skip_last (walked per symbol tuple), a
 * guard, a data-dependent block (a range), a composed call, a missing
 * function and dropped tuples; counters that agree give "equal" / "within",
 * one counter off gives a finding naming the block and the op row. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "greenc/validate.h"

/* tri(N): loop 1 runs N + 1 times (its header at -O0), loop 2 @1 + 1 times
 * after loop 1's exit test (skip_last), the fadd on all but the last header
 * execution of loop 2: sum(i = 0 .. N - 1) i = N*(N - 1)/2 per call. */
static const char *profile =
    "{\"greenc_profile\": 1, \"module\": {\"source\": \"t.c\", \"opt\": "
    "\"O0\"},"
    " \"functions\": ["
    "  {\"name\": \"tri\", \"params\": [{\"name\": \"N\", \"type\": \"i32\"}],"
    "   \"symbols\": [{\"name\": \"N\", \"kind\": \"param\", \"index\": 0}],"
    "   \"views\": {\"executed\": {"
    "    \"loops\": ["
    "     {\"id\": 1, \"parent\": 0, \"trip\": \"N + 1\", \"status\": "
    "\"exact\"},"
    "     {\"id\": 2, \"parent\": 1, \"trip\": \"@1 + 1\", \"status\": "
    "\"exact\", \"skip_last\": true}],"
    "    \"blocks\": ["
    "     {\"id\": 0, \"loop\": 0, \"line\": 1, \"cond\": \"guard\", "
    "\"guard\": "
    "\"N > 3\", \"ops\": [{\"op\": \"fmul\", \"ty\": \"f32\", \"n\": 2}]},"
    "     {\"id\": 1, \"loop\": 1, \"line\": 2, \"cond\": \"always\", \"ops\": "
    "[{\"op\": \"icmp\", \"ty\": \"i32\", \"n\": 1, \"role\": \"addr\"}]},"
    "     {\"id\": 3, \"loop\": 1, \"line\": 3, \"cond\": \"data\", \"ops\": "
    "[{\"op\": \"load\", \"ty\": \"f64\", \"n\": 1, \"bytes\": 8}]},"
    "     {\"id\": 4, \"loop\": 2, \"skip_last\": true, \"line\": 4, \"cond\": "
    "\"always\", \"ops\": [{\"op\": \"fadd\", \"ty\": \"f64\", \"n\": 1}]}"
    "   ]}}},"
    "  {\"name\": \"top\", \"params\": [],"
    "   \"symbols\": [],"
    "   \"views\": {\"executed\": {\"loops\": [], \"blocks\": ["
    "     {\"id\": 0, \"loop\": 0, \"line\": 9, \"cond\": \"always\", \"ops\": "
    "[{\"op\": \"call\", \"callee\": \"tri\", \"n\": 1, \"args\": [\"4\"]}]}"
    "   ]}}}"
    " ]}";

/* 2 calls with N = 4, 1 with N = 0; block 1: 2*5 + 1 = 11; block 4: 2*6 =
 * 12; block 0 (N > 3): 2; block 3 (data): 0 .. 11. */
static const char *counts_fmt =
    "{\"greenc_counts\": 1, \"functions\": ["
    " {\"name\": \"tri\", \"module\": \"t.c\", \"calls\": 3, \"ns\": 5,"
    "  \"blocks\": [2, 11, 0, %d, %d], \"symbols\": [\"N\"],"
    "  \"tuples\": [{\"calls\": 2, \"values\": [4]}, {\"calls\": 1, "
    "\"values\": [0]}], \"dropped_calls\": %d},"
    " {\"name\": \"top\", \"module\": \"t.c\", \"calls\": 1, \"blocks\": [1],"
    "  \"symbols\": [], \"tuples\": [{\"calls\": 1, \"values\": []}]},"
    " {\"name\": \"gone\", \"module\": \"t.c\", \"calls\": 1, \"blocks\": [1],"
    "  \"symbols\": [], \"tuples\": [{\"calls\": 1, \"values\": []}]}"
    "]}";

static gc_validation *run(int data_count, int fadd_count, int dropped,
                          gc_profile_set **set, gc_dyncount **dyn) {
  gc_error err = {0};
  char buf[2048];
  snprintf(buf, sizeof buf, counts_fmt, data_count, fadd_count, dropped);
  assert_int_equal(gc_profile_set_new(set), GC_OK);
  if (gc_profile_set_add_json(*set, profile, strlen(profile), "t.o", &err) !=
      GC_OK)
    fail_msg("%s", err.msg);
  if (gc_dyncount_parse(dyn, buf, strlen(buf), "c", &err) != GC_OK)
    fail_msg("%s", err.msg);
  gc_validation *v = NULL;
  if (gc_validate(&v, *set, *dyn, GC_VIEW_EXECUTED, &err) != GC_OK)
    fail_msg("%s", err.msg);
  return v;
}

static const gc_val_figure *find(const gc_val_figure *f, size_t n,
                                 const char *what) {
  for (size_t i = 0; i < n; i++)
    if (strcmp(f[i].what, what) == 0)
      return &f[i];
  fail_msg("no figure '%s'", what);
  return NULL;
}

static void test_agree(void **state) {
  (void)state;
  gc_profile_set *set = NULL;
  gc_dyncount *dyn = NULL;
  gc_validation *v = run(7, 12, 0, &set, &dyn);
  assert_int_equal(gc_validation_nfunctions(v), 3);
  const gc_val_function *tri = gc_validation_function(v, 0);
  assert_string_equal(tri->name, "tri");
  for (size_t i = 0; i < tri->nfindings; i++)
    print_message("finding: %s\n", tri->findings[i]);
  /* A data block makes a range: within, not equal. */
  assert_int_equal(tri->status, GC_VAL_WITHIN);
  assert_int_equal(tri->nfindings, 0);
  assert_int_equal(tri->nblocks, 4);
  const gc_val_figure *b4 = find(tri->blocks, tri->nblocks, "block 4 (line 4)");
  assert_true(b4->checked && b4->ok);
  assert_int_equal(b4->lo, 12);
  assert_int_equal(b4->hi, 12);
  const gc_val_figure *b1 = find(tri->blocks, tri->nblocks, "block 1 (line 2)");
  assert_int_equal(b1->lo, 11);
  assert_int_equal(b1->hi, 11);
  const gc_val_figure *b0 = find(tri->blocks, tri->nblocks, "block 0 (line 1)");
  assert_int_equal(b0->lo, 2); /* guard N > 3 holds for N = 4 only */
  const gc_val_figure *b3 = find(tri->blocks, tri->nblocks, "block 3 (line 3)");
  assert_int_equal(b3->lo, 0);
  assert_int_equal(b3->hi, 11);
  assert_int_equal(b3->dynamic, 7);
  /* Rows from the counting core. */
  const gc_val_figure *fadd = find(tri->rows, tri->nrows, "fadd f64");
  assert_int_equal(fadd->lo, 12);
  assert_int_equal(fadd->dynamic, 12);
  const gc_val_figure *fmul = find(tri->rows, tri->nrows, "fmul f32");
  assert_int_equal(fmul->lo, 4);
  assert_int_equal(fmul->dynamic, 4);
  const gc_val_figure *flops = find(tri->totals, tri->ntotals, "flops");
  assert_int_equal(flops->lo, 16);
  assert_int_equal(flops->dynamic, 16);
  const gc_val_figure *ld = find(tri->totals, tri->ntotals, "bytes_loaded");
  assert_int_equal(ld->lo, 0);
  assert_int_equal(ld->hi, 88);
  assert_int_equal(ld->dynamic, 56);
  /* top calls tri: the static rows include tri's, not compared. */
  const gc_val_function *top = gc_validation_function(v, 1);
  assert_int_equal(top->status, GC_VAL_EQUAL);
  assert_int_equal(top->nrows, 0);
  assert_true(top->nnotes >= 1);
  /* tri is called 3 times, top calls it once: not attributable. */
  assert_non_null(strstr(top->notes[0], "include the callee tri, which is "
                                        "also called from elsewhere"));
  const gc_val_function *gone = gc_validation_function(v, 2);
  assert_int_equal(gone->status, GC_VAL_UNCHECKED);
  assert_non_null(strstr(gone->reason, "no profile of gone"));
  assert_int_equal(gc_validation_count(v, GC_VAL_WITHIN), 1);
  assert_int_equal(gc_validation_count(v, GC_VAL_MISMATCH), 0);
  gc_validation_free(v);
  gc_dyncount_free(dyn);
  gc_profile_set_free(set);
}

static void test_mismatch(void **state) {
  (void)state;
  gc_profile_set *set = NULL;
  gc_dyncount *dyn = NULL;
  /* One fadd too many; the data block above its range. */
  gc_validation *v = run(12, 13, 0, &set, &dyn);
  const gc_val_function *tri = gc_validation_function(v, 0);
  assert_int_equal(tri->status, GC_VAL_MISMATCH);
  int block = 0, row = 0, data = 0;
  for (size_t i = 0; i < tri->nfindings; i++) {
    block |= strcmp(tri->findings[i], "block 4 (line 4): static 12, dynamic "
                                      "13") == 0;
    row |= strcmp(tri->findings[i], "fadd f64: static 12..12, dynamic 13") == 0;
    data |= strcmp(tri->findings[i],
                   "block 3 (line 3): static 0..11, dynamic 12") == 0;
  }
  assert_true(block && row && data);
  assert_int_equal(gc_validation_count(v, GC_VAL_MISMATCH), 1);
  gc_validation_free(v);
  gc_dyncount_free(dyn);
  gc_profile_set_free(set);
}

static void test_dropped(void **state) {
  (void)state;
  gc_profile_set *set = NULL;
  gc_dyncount *dyn = NULL;
  gc_validation *v = run(7, 12, 4, &set, &dyn);
  const gc_val_function *tri = gc_validation_function(v, 0);
  assert_int_equal(tri->status, GC_VAL_UNCHECKED);
  assert_non_null(strstr(tri->reason, "4 calls' symbol values were not kept"));
  gc_validation_free(v);
  gc_dyncount_free(dyn);
  gc_profile_set_free(set);
}

/* caller(M) calls leaf(M) once; leaf(N) runs a loop of N fadds. */
static const char *composed_profile =
    "{\"greenc_profile\": 1, \"module\": {\"source\": \"c.c\"},"
    " \"functions\": ["
    "  {\"name\": \"leaf\", \"params\": [{\"name\": \"N\", \"type\": "
    "\"i32\"}], \"symbols\": [{\"name\": \"N\", \"kind\": \"param\", "
    "\"index\": 0}], \"views\": {\"executed\": {"
    "   \"loops\": [{\"id\": 1, \"parent\": 0, \"trip\": \"N\", "
    "\"status\": \"exact\"}],"
    "   \"blocks\": [{\"id\": 1, \"loop\": 1, \"cond\": \"always\", "
    "\"ops\": [{\"op\": \"fadd\", \"ty\": \"f64\", \"n\": 1}]}]}}},"
    "  {\"name\": \"caller\", \"params\": [{\"name\": \"M\", \"type\": "
    "\"i32\"}], \"symbols\": [{\"name\": \"M\", \"kind\": \"param\", "
    "\"index\": 0}], \"views\": {\"executed\": {\"loops\": [],"
    "   \"blocks\": [{\"id\": 0, \"loop\": 0, \"cond\": \"always\", "
    "\"ops\": [{\"op\": \"call\", \"callee\": \"leaf\", \"n\": 1, "
    "\"args\": [\"M\"]}]}]}}}"
    " ]}";

/* caller called twice with M = 5; leaf called `leaf_calls` times. */
static const char *composed_counts_fmt =
    "{\"greenc_counts\": 1, \"functions\": ["
    " {\"name\": \"caller\", \"module\": \"c.c\", \"calls\": 2, "
    "\"blocks\": [2], \"symbols\": [\"M\"], \"tuples\": [{\"calls\": 2, "
    "\"values\": [5]}]},"
    " {\"name\": \"leaf\", \"module\": \"c.c\", \"calls\": %d, "
    "\"blocks\": [%d, %d], \"symbols\": [\"N\"], \"tuples\": "
    "[{\"calls\": %d, \"values\": [5]}]}"
    "]}";

static void test_composed(void **state) {
  (void)state;
  for (int extra = 0; extra < 2; extra++) {
    int calls = 2 + extra;
    char buf[2048];
    snprintf(buf, sizeof buf, composed_counts_fmt, calls, calls, 5 * calls,
             calls);
    gc_profile_set *set = NULL;
    gc_dyncount *dyn = NULL;
    gc_validation *v = NULL;
    gc_error err = {0};
    assert_int_equal(gc_profile_set_new(&set), GC_OK);
    assert_int_equal(gc_profile_set_add_json(set, composed_profile,
                                             strlen(composed_profile), "c.o",
                                             &err),
                     GC_OK);
    assert_int_equal(gc_dyncount_parse(&dyn, buf, strlen(buf), "c", &err),
                     GC_OK);
    assert_int_equal(gc_validate(&v, set, dyn, GC_VIEW_EXECUTED, &err), GC_OK);
    const gc_val_function *caller = gc_validation_function(v, 0);
    assert_string_equal(caller->name, "caller");
    assert_int_equal(caller->status, GC_VAL_EQUAL);
    if (extra == 0) {
      /* Every leaf call comes from caller: its fadds count for caller. */
      const gc_val_figure *f = find(caller->rows, caller->nrows, "fadd f64");
      assert_int_equal(f->lo, 10);
      assert_int_equal(f->dynamic, 10);
      assert_true(f->ok);
    } else {
      /* One leaf call from elsewhere: not attributable, not compared. */
      assert_int_equal(caller->nrows, 0);
      assert_non_null(
          strstr(caller->notes[0], "is also called from elsewhere"));
    }
    gc_validation_free(v);
    gc_dyncount_free(dyn);
    gc_profile_set_free(set);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_agree),
      cmocka_unit_test(test_mismatch),
      cmocka_unit_test(test_dropped),
      cmocka_unit_test(test_composed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
