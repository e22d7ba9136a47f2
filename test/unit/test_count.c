/* test_count.c: exact counts from golden profiles: gemm (source and vectorised
 * executed view), triangular nests, skip_last, guards, data-dependent blocks,
 * bounded and unknown loops, call composition, recursion, empty ranges,
 * per-nest counts, roots of a program, and the rows handed to the energy
 * estimator. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <math.h>

#include <cmocka.h>

#include "greenc/count.h"

#define DATA GREENC_TEST_DATA "/profiles/"

static gc_profile_set *load_set(const char *a, const char *b) {
  gc_profile_set *s = NULL;
  gc_error err = {0};
  assert_int_equal(gc_profile_set_new(&s), GC_OK);
  const char *files[] = {a, b};
  for (int i = 0; i < 2; i++) {
    gc_profile *p = NULL;
    if (!files[i])
      continue;
    if (gc_profile_load_file(&p, files[i], &err) != GC_OK)
      fail_msg("%s", err.msg);
    assert_int_equal(gc_profile_set_add(s, p), GC_OK);
  }
  return s;
}

/* A set holding one profile given as JSON text. */
static gc_profile_set *set_of_json(const char *json) {
  gc_profile_set *s = NULL;
  gc_error err = {0};
  assert_int_equal(gc_profile_set_new(&s), GC_OK);
  if (gc_profile_set_add_json(s, json, strlen(json), "inline", &err) != GC_OK)
    fail_msg("%s", err.msg);
  return s;
}

static gc_counts *count(const gc_profile_set *s, const char *fn,
                        gc_view_kind view, const gc_binding *b, size_t nb) {
  gc_counts *c = NULL;
  gc_error err = {0};
  gc_count_opts o = {view, b, nb, 0, 0, 0};
  const gc_function *f = gc_profile_set_find_function(s, fn, NULL);
  assert_non_null(f);
  if (gc_count_function(&c, s, f, &o, &err) != GC_OK)
    fail_msg("%s", err.msg);
  return c;
}

static const gc_count_row *row(const gc_counts *c, gc_op op, gc_ty ty,
                               unsigned lanes, const char *callee) {
  for (size_t i = 0; i < gc_counts_nrows(c); i++) {
    const gc_count_row *r = gc_counts_row(c, i);
    if (r->op == op && r->ty == ty && r->lanes == lanes &&
        (!callee || (r->callee && strcmp(r->callee, callee) == 0)))
      return r;
  }
  fail_msg("no row %s %s x%u %s", gc_op_name(op), gc_ty_name(ty), lanes,
           callee ? callee : "");
  return NULL;
}

static void has(const char *text, const char *needle) {
  if (!text || !strstr(text, needle))
    fail_msg("\"%s\" lacks \"%s\"", text ? text : "(null)", needle);
}

/* Iterations of one loop (header executions per call), for the latency bound:
 * triangular nests, skip_last, bounded, unknown and empty ranges. */
static void iters(const gc_profile_set *s, const char *fn, gc_view_kind view,
                  unsigned loop, const gc_binding *b, size_t nb, double lo,
                  double hi, const char *why) {
  double l = -1, h = -1;
  char w[256];
  gc_error err = {0};
  gc_count_opts o = {view, b, nb, 0, 0, 0};
  const gc_function *f = gc_profile_set_find_function(s, fn, NULL);
  assert_non_null(f);
  if (gc_count_loop_iterations(&l, &h, w, sizeof w, f, loop, &o, &err) != GC_OK)
    fail_msg("%s", err.msg);
  if (l != lo || !(h == hi || (isinf(h) && isinf(hi))))
    fail_msg("%s loop %u: %g .. %g, want %g .. %g (%s)", fn, loop, l, h, lo, hi,
             w);
  if (why)
    has(w, why);
}

static void test_loop_iterations(void **state) {
  (void)state;
  gc_profile_set *s = load_set(DATA "triangle.json", DATA "cases.json");
  gc_binding n10[] = {{"N", 10}};
  /* tri3: N; sum_{i<N} (i + 1) = 55; sum_{i<N} sum_{j<=i} (j + 1) = 220 */
  iters(s, "tri3", GC_VIEW_SOURCE, 1, n10, 1, 10, 10, NULL);
  iters(s, "tri3", GC_VIEW_SOURCE, 2, n10, 1, 55, 55, NULL);
  iters(s, "tri3", GC_VIEW_SOURCE, 3, n10, 1, 220, 220, NULL);
  /* -O0 shape: loop 2's header runs on i = 0 .. N-1 (skip_last), @1 + 1 times
   * each: N*(N+1)/2 = 55 */
  iters(s, "tri", GC_VIEW_EXECUTED, 2, n10, 1, 55, 55, NULL);
  iters(s, "tri", GC_VIEW_SOURCE, 2, n10, 1, 45, 45, NULL);
  /* bounded: 0 .. N; unknown: no upper bound, with the loop's reason */
  iters(s, "bounded", GC_VIEW_SOURCE, 1, n10, 1, 0, 10, "bounded");
  iters(s, "unknown_trip", GC_VIEW_SOURCE, 1, n10, 1, 0, INFINITY,
        "exit depends on loaded data");
  /* unbound N: not computable, says so */
  iters(s, "tri3", GC_VIEW_SOURCE, 3, NULL, 0, 0, INFINITY, "N");
  /* empty_range at N = 5: loop 1 runs 3 times, loop 2 5 + 4 + 3 = 12 */
  gc_binding n5[] = {{"N", 5}};
  iters(s, "empty_range", GC_VIEW_SOURCE, 1, n5, 1, 3, 3, NULL);
  iters(s, "empty_range", GC_VIEW_SOURCE, 2, n5, 1, 12, 12, NULL);
  /* no such loop */
  double l, h;
  gc_error err = {0};
  assert_int_equal(
      gc_count_loop_iterations(&l, &h, NULL, 0,
                               gc_profile_set_find_function(s, "tri3", NULL), 9,
                               NULL, &err),
      GC_ENOTFOUND);
  /* the recurrence as read (docs/profile.md, LOOP "recurrence") */
  const gc_loop *lp = gc_view_find_loop(
      gc_function_view(gc_profile_set_find_function(s, "tri3", NULL),
                       GC_VIEW_SOURCE),
      3);
  assert_int_equal(lp->nrec, 2);
  assert_int_equal(lp->rec[0].op, GC_OP_FMA);
  assert_int_equal(lp->rec[0].ty, GC_TY_F32);
  assert_int_equal(lp->rec[0].lanes, 1);
  assert_int_equal(lp->rec[0].n, 2);
  assert_int_equal(lp->rec[1].op, GC_OP_FADD);
  assert_int_equal(lp->rec[1].lanes, 4);
  lp = gc_view_find_loop(
      gc_function_view(gc_profile_set_find_function(s, "tri3", NULL),
                       GC_VIEW_SOURCE),
      1);
  assert_int_equal(lp->nrec, 0);
  assert_null(lp->rec);
  gc_profile_set_free(s);
}

static void test_gemm_source(void **state) {
  (void)state;
  gc_profile_set *s = load_set(DATA "gemm.json", NULL);
  /* M comes from the module params; N, K unbound */
  gc_counts *c = count(s, "gemm", GC_VIEW_SOURCE, NULL, 0);
  const gc_quantity *fl = gc_counts_total(c, GC_TOTAL_FLOPS);
  assert_int_equal(fl->status, GC_COUNT_EXACT);
  assert_string_equal(fl->formula, "2*M*N*K");
  assert_false(fl->numeric);
  has(fl->reason, "unbound: N, K");
  assert_int_equal(gc_counts_nunbound(c), 2);
  assert_string_equal(gc_counts_unbound(c, 0), "K");
  assert_string_equal(gc_counts_unbound(c, 1), "N");
  gc_counts_free(c);

  gc_binding b[] = {
      {"N", 64},
      {"K", 64},
      {"M", 32},
      {"M", 64}}; /* the last M wins over the module's and the first */
  c = count(s, "gemm", GC_VIEW_SOURCE, b, 4);
  fl = gc_counts_total(c, GC_TOTAL_FLOPS);
  assert_true(fl->numeric);
  assert_string_equal(fl->lo_str, "524288");
  assert_string_equal(fl->hi_str, "524288");
  assert_true(fl->lo == 524288.0);
  assert_string_equal(fl->reason, "");
  const gc_quantity *macs = gc_counts_total(c, GC_TOTAL_MACS);
  assert_string_equal(macs->formula, "M*N*K");
  assert_string_equal(macs->hi_str, "262144");
  const gc_quantity *ld = gc_counts_total(c, GC_TOTAL_BYTES_LOADED);
  assert_string_equal(ld->formula, "8*M*N*K");
  assert_string_equal(ld->hi_str, "2097152");
  const gc_quantity *stq = gc_counts_total(c, GC_TOTAL_BYTES_STORED);
  assert_string_equal(stq->formula, "4*M*N");
  assert_string_equal(stq->hi_str, "16384");
  const gc_count_row *fma = row(c, GC_OP_FMA, GC_TY_F32, 1, NULL);
  assert_string_equal(fma->n.formula, "M*N*K");
  assert_string_equal(fma->bytes.formula, "0");
  const gc_count_row *icmp = row(c, GC_OP_ICMP, GC_TY_I32, 1, NULL);
  assert_int_equal(icmp->role, GC_ROLE_ADDR);
  assert_string_equal(icmp->n.formula, "1");
  assert_int_equal(gc_counts_status(c), GC_COUNT_EXACT);

  /* rows for the energy estimator */
  gc_opcount *oc = NULL;
  size_t n = 0;
  gc_error err = {0};
  assert_int_equal(gc_counts_to_opcount(&oc, &n, c, &err), GC_OK);
  assert_int_equal(n, gc_counts_nrows(c));
  int seen = 0;
  for (size_t i = 0; i < n; i++)
    if (oc[i].op == GC_OP_LOAD) {
      assert_true(oc[i].n_lo == 524288.0 && oc[i].n_hi == 524288.0);
      assert_true(oc[i].bytes_hi == 2097152.0);
      seen = 1;
    }
  assert_true(seen);
  free(oc);
  gc_counts_free(c);

  /* unbound sizes reach the estimator as unbounded, not as zero */
  c = count(s, "gemm", GC_VIEW_SOURCE, NULL, 0);
  assert_int_equal(gc_counts_to_opcount(&oc, &n, c, &err), GC_OK);
  for (size_t i = 0; i < n; i++)
    if (oc[i].op == GC_OP_FMA)
      assert_true(isinf(oc[i].n_hi));
  free(oc);
  gc_counts_free(c);
  gc_profile_set_free(s);
}

static void test_gemm_executed(void **state) {
  (void)state;
  gc_profile_set *s = load_set(DATA "gemm.json", NULL);
  gc_binding b[] = {{"N", 64}, {"K", 67}};
  gc_counts *c = count(s, "gemm", GC_VIEW_EXECUTED, b, 2);
  const gc_count_row *v8 = row(c, GC_OP_FMA, GC_TY_F32, 8, NULL);
  assert_string_equal(v8->n.formula, "M*N*udiv(K, 8)");
  assert_string_equal(v8->n.hi_str, "32768"); /* 64*64*8 */
  const gc_count_row *v1 = row(c, GC_OP_FMA, GC_TY_F32, 1, NULL);
  assert_string_equal(v1->n.hi_str, "12288"); /* 64*64*3 */
  const gc_quantity *fl = gc_counts_total(c, GC_TOTAL_FLOPS);
  /* 2*64*64*67 = 548864: vector lanes counted */
  assert_string_equal(fl->hi_str, "548864");
  gc_counts_free(c);
  gc_profile_set_free(s);
}

static void test_triangles(void **state) {
  (void)state;
  gc_profile_set *s = load_set(DATA "triangle.json", NULL);
  gc_binding b[] = {{"N", 10}};
  gc_counts *c = count(s, "tri", GC_VIEW_SOURCE, b, 1);
  const gc_count_row *r = row(c, GC_OP_FADD, GC_TY_F64, 1, NULL);
  assert_string_equal(r->n.formula, "N*(N - 1)/2");
  assert_string_equal(r->n.hi_str, "45");
  gc_counts_free(c);
  /* the -O0 shape: header executions N + 1, inner loop after the exit test
   * (skip_last) */
  c = count(s, "tri", GC_VIEW_EXECUTED, b, 1);
  r = row(c, GC_OP_FADD, GC_TY_F64, 1, NULL);
  assert_string_equal(r->n.formula, "N*(N - 1)/2");
  assert_string_equal(r->n.hi_str, "45");
  r = row(c, GC_OP_ICMP, GC_TY_I32, 1, NULL);
  assert_string_equal(r->n.formula, "N + 1");
  gc_counts_free(c);
  /* degree 3: sum_{i<N} sum_{j<=i} sum_{k<=j} 1 */
  c = count(s, "tri3", GC_VIEW_SOURCE, b, 1);
  r = row(c, GC_OP_FMUL, GC_TY_F32, 1, NULL);
  assert_string_equal(r->n.formula, "N*(N + 1)*(N + 2)/6");
  assert_string_equal(r->n.hi_str, "220");
  gc_counts_free(c);
  /* the executed view of tri3 is missing: an error naming the reason */
  gc_counts *none = NULL;
  gc_error err = {0};
  gc_count_opts o = {GC_VIEW_EXECUTED, NULL, 0, 0, 0, 0};
  assert_int_equal(
      gc_count_function(&none, s, gc_profile_set_find_function(s, "tri3", NULL),
                        &o, &err),
      GC_ENOTFOUND);
  has(err.msg, "not taken in this fixture");
  gc_profile_set_free(s);
}

static void test_guard_data_bounded_unknown(void **state) {
  (void)state;
  gc_profile_set *s = load_set(DATA "cases.json", NULL);
  gc_binding m3[] = {{"M", 3}}, m8[] = {{"M", 8}};
  gc_counts *c = count(s, "guarded", GC_VIEW_SOURCE, m3, 1);
  const gc_count_row *r = row(c, GC_OP_FADD, GC_TY_F32, 1, NULL);
  assert_string_equal(r->n.formula, "M");
  assert_string_equal(r->n.hi_str, "0"); /* guard M > 4 false */
  has(r->n.reason, "when M > 4");
  gc_counts_free(c);
  c = count(s, "guarded", GC_VIEW_SOURCE, m8, 1);
  assert_string_equal(row(c, GC_OP_FADD, GC_TY_F32, 1, NULL)->n.hi_str, "8");
  gc_counts_free(c);

  gc_binding n5[] = {{"N", 5}};
  c = count(s, "datadep", GC_VIEW_SOURCE, n5, 1);
  r = row(c, GC_OP_FADD, GC_TY_F32, 1, NULL);
  assert_int_equal(r->n.status, GC_COUNT_RANGE);
  assert_string_equal(r->n.formula_lo, "0");
  assert_string_equal(r->n.formula, "2*N");
  assert_string_equal(r->n.lo_str, "0");
  assert_string_equal(r->n.hi_str, "10");
  has(r->n.reason, "data-dependent");
  assert_int_equal(row(c, GC_OP_FCMP, GC_TY_F32, 1, NULL)->n.status,
                   GC_COUNT_EXACT);
  assert_int_equal(gc_counts_total(c, GC_TOTAL_FLOPS)->status, GC_COUNT_RANGE);
  assert_string_equal(gc_counts_total(c, GC_TOTAL_FLOPS)->lo_str, "5");
  assert_string_equal(gc_counts_total(c, GC_TOTAL_FLOPS)->hi_str, "15");
  assert_int_equal(gc_counts_status(c), GC_COUNT_RANGE);
  gc_counts_free(c);

  c = count(s, "bounded", GC_VIEW_SOURCE, n5, 1);
  r = row(c, GC_OP_FMUL, GC_TY_F64, 1, NULL);
  assert_int_equal(r->n.status, GC_COUNT_RANGE);
  assert_string_equal(r->n.formula, "N");
  assert_string_equal(r->n.lo_str, "0");
  assert_string_equal(r->n.hi_str, "5");
  has(r->n.reason, "at most N iterations: early exit on data");
  gc_counts_free(c);

  c = count(s, "unknown_trip", GC_VIEW_SOURCE, NULL, 0);
  r = row(c, GC_OP_FADD, GC_TY_F32, 1, NULL);
  assert_int_equal(r->n.status, GC_COUNT_UNKNOWN);
  assert_null(r->n.formula);
  assert_true(r->n.numeric);
  assert_string_equal(r->n.lo_str, "1"); /* the block outside the loop */
  assert_string_equal(r->n.hi_str, "inf");
  assert_true(isinf(r->n.hi));
  has(r->n.reason,
      "loop 1 (line 31): trip unknown: exit depends on loaded data");
  assert_true(gc_counts_nnotes(c) >= 1);
  has(gc_counts_note(c, 0), "trip unknown");
  gc_counts_free(c);
  gc_profile_set_free(s);
}

static void test_calls(void **state) {
  (void)state;
  gc_profile_set *s = load_set(DATA "cases.json", NULL);
  gc_binding b[] = {{"dim", 16}, {"hidden", 32}, {"layers", 3}};
  gc_counts *c = count(s, "forward", GC_VIEW_SOURCE, b, 3);
  const gc_count_row *r = row(c, GC_OP_FMA, GC_TY_F32, 1, NULL);
  /* matmul(n := dim, d := hidden) counts n*d FMAs, once per layer */
  assert_string_equal(r->n.formula, "dim*hidden*layers");
  assert_string_equal(r->n.hi_str, "1536");
  r = row(c, GC_OP_STORE, GC_TY_F32, 1, NULL);
  assert_string_equal(r->bytes.formula, "4*hidden*layers");
  r = row(c, GC_OP_CALL, GC_TY_NONE, 1, "expf");
  assert_string_equal(r->n.formula, "2*layers");
  assert_string_equal(r->n.hi_str, "6");
  r = row(c, GC_OP_MEMCPY, GC_TY_NONE, 1, NULL);
  assert_string_equal(r->bytes.formula, "4*dim*layers");
  assert_string_equal(r->bytes.hi_str, "192");
  assert_string_equal(gc_counts_total(c, GC_TOTAL_FLOPS)->formula,
                      "2*dim*hidden*layers");
  /* matmul is composed, never listed as an external call */
  for (size_t i = 0; i < gc_counts_nrows(c); i++)
    if (gc_counts_row(c, i)->callee)
      assert_string_not_equal(gc_counts_row(c, i)->callee, "matmul");
  gc_counts_free(c);

  /* arguments depending on the caller's index: sum_{l<L} 8*(l+1) */
  gc_binding l10[] = {{"L", 10}};
  c = count(s, "growing", GC_VIEW_SOURCE, l10, 1);
  r = row(c, GC_OP_FMA, GC_TY_F32, 1, NULL);
  assert_string_equal(r->n.formula, "4*L*(L + 1)");
  assert_string_equal(r->n.hi_str, "440");
  gc_counts_free(c);

  /* a call inside a bounded loop is a range, from 0 */
  gc_binding t3[] = {{"T", 3}};
  c = count(s, "bounded_call", GC_VIEW_SOURCE, t3, 1);
  r = row(c, GC_OP_FMA, GC_TY_F32, 1, NULL);
  assert_int_equal(r->n.status, GC_COUNT_RANGE);
  assert_string_equal(r->n.formula_lo, "0");
  assert_string_equal(r->n.formula, "4*T^2");
  assert_string_equal(r->n.lo_str, "0");
  assert_string_equal(r->n.hi_str, "36");
  has(r->n.reason, "at most T iterations");
  gc_counts_free(c);

  gc_binding n4[] = {{"n", 4}};
  c = count(s, "rec", GC_VIEW_SOURCE, n4, 1);
  r = row(c, GC_OP_CALL, GC_TY_NONE, 1, "rec");
  assert_int_equal(r->n.status, GC_COUNT_UNKNOWN);
  has(r->n.reason, "recursive call to rec");
  r = row(c, GC_OP_FADD, GC_TY_F32, 1, NULL);
  assert_int_equal(r->n.status, GC_COUNT_EXACT);
  assert_string_equal(r->n.hi_str, "1");
  gc_counts_free(c);
  gc_profile_set_free(s);
}

static void test_empty_range(void **state) {
  (void)state;
  gc_profile_set *s = load_set(DATA "cases.json", NULL);
  gc_binding n1[] = {{"N", 1}}, n10[] = {{"N", 10}};
  gc_counts *c = count(s, "empty_range", GC_VIEW_SOURCE, n10, 1);
  const gc_count_row *r = row(c, GC_OP_FADD, GC_TY_F32, 1, NULL);
  assert_string_equal(r->n.formula, "(N - 2)*(N + 3)/2");
  assert_string_equal(r->n.hi_str, "52");
  assert_string_equal(r->n.reason, "");
  gc_counts_free(c);
  /* N = 1: the outer loop runs -1 times: zero, not the formula's -2 */
  c = count(s, "empty_range", GC_VIEW_SOURCE, n1, 1);
  r = row(c, GC_OP_FADD, GC_TY_F32, 1, NULL);
  assert_string_equal(r->n.hi_str, "0");
  has(r->n.reason, "the formula gives -2 here");
  gc_counts_free(c);
  gc_profile_set_free(s);
}

/* A guard that is false is evaluated before the trips under it: a vector loop's
 * udiv(n - 1, 8) at n = 0 (guard n > 1 false) counts 0, not "negative operand
 * of udiv"; an inner trip whose guard uses the outer index likewise. */
static void test_guard_before_trip(void **state) {
  (void)state;
  gc_profile_set *s = load_set(DATA "guard_first.json", NULL);
  gc_binding n0[] = {{"n", 0}}, n1[] = {{"n", 1}}, n17[] = {{"n", 17}},
             n2[] = {{"n", 2}}, n4[] = {{"n", 4}};
  const gc_binding *zs[] = {n0, n1};
  for (int i = 0; i < 2; i++) {
    gc_counts *c = count(s, "vector_tail", GC_VIEW_EXECUTED, zs[i], 1);
    const gc_count_row *r = row(c, GC_OP_FADD, GC_TY_F32, 8, NULL);
    assert_string_equal(r->n.formula, "udiv(n - 1, 8)");
    assert_true(r->n.numeric);
    assert_string_equal(r->n.hi_str, "0");
    gc_counts_free(c);
  }
  gc_counts *c = count(s, "vector_tail", GC_VIEW_EXECUTED, n17, 1);
  assert_string_equal(row(c, GC_OP_FADD, GC_TY_F32, 8, NULL)->n.hi_str, "2");
  gc_counts_free(c);

  c = count(s, "tri_tail", GC_VIEW_EXECUTED, n2, 1);
  const gc_count_row *r = row(c, GC_OP_FMUL, GC_TY_F32, 1, NULL);
  assert_true(r->n.numeric);
  assert_string_equal(r->n.hi_str, "0");
  gc_counts_free(c);
  c = count(s, "tri_tail", GC_VIEW_EXECUTED, n4, 1);
  r = row(c, GC_OP_FMUL, GC_TY_F32, 1, NULL);
  assert_true(r->n.numeric);
  assert_string_equal(r->n.hi_str, "1"); /* @1 = 0: udiv(2, 2); @1 = 1: 0 */
  gc_counts_free(c);
  gc_profile_set_free(s);
}

/* A block with cond `unknown` (irreducible control flow) has no bound: its
 * rows are unknown (0 .. inf) with the reason, not a 0..1 range. */
static void test_unknown_block(void **state) {
  (void)state;
  gc_profile_set *s = load_set(DATA "guard_first.json", NULL);
  gc_binding n3[] = {{"n", 3}};
  gc_counts *c = count(s, "cycle", GC_VIEW_SOURCE, n3, 1);
  const gc_count_row *r = row(c, GC_OP_FADD, GC_TY_F32, 1, NULL);
  assert_int_equal(r->n.status, GC_COUNT_UNKNOWN);
  assert_true(isinf(r->n.hi));
  assert_string_equal(r->n.lo_str, "0");
  has(r->n.reason, "block 3 (line 23): count unknown: on a cycle that is not "
                   "a natural loop (irreducible control flow)");
  r = row(c, GC_OP_FMUL, GC_TY_F32, 1, NULL);
  assert_int_equal(r->n.status, GC_COUNT_EXACT);
  assert_string_equal(r->n.hi_str, "1");
  gc_counts_free(c);
  gc_profile_set_free(s);
}

static void test_budget_fallback(void **state) {
  (void)state;
  gc_profile_set *s = load_set(DATA "triangle.json", NULL);
  gc_binding b[] = {{"N", 100000}};
  gc_counts *c = NULL;
  gc_error err = {0};
  gc_count_opts o = {GC_VIEW_SOURCE, b, 1, 0, 1000, 0};
  assert_int_equal(
      gc_count_function(&c, s, gc_profile_set_find_function(s, "tri", NULL), &o,
                        &err),
      GC_OK);
  const gc_count_row *r = row(c, GC_OP_FADD, GC_TY_F64, 1, NULL);
  assert_string_equal(r->n.hi_str, "4999950000");
  has(r->n.reason, "closed form");
  gc_counts_free(c);
  /* within budget the walk gives the same value and no caveat */
  o.walk_budget = 0;
  assert_int_equal(
      gc_count_function(&c, s, gc_profile_set_find_function(s, "tri", NULL), &o,
                        &err),
      GC_OK);
  r = row(c, GC_OP_FADD, GC_TY_F64, 1, NULL);
  assert_string_equal(r->n.hi_str, "4999950000");
  assert_string_equal(r->n.reason, "");
  gc_counts_free(c);
  gc_profile_set_free(s);
}

static void test_nest_and_roots(void **state) {
  (void)state;
  gc_profile_set *s = load_set(DATA "gemm.json", DATA "cases.json");
  gc_binding b[] = {{"N", 64}, {"K", 64}};
  gc_counts *c = NULL;
  gc_error err = {0};
  gc_count_opts o = {GC_VIEW_SOURCE, b, 2, 1, 0, 0};
  assert_int_equal(
      gc_count_function(&c, s, gc_profile_set_find_function(s, "gemm", NULL),
                        &o, &err),
      GC_OK);
  /* the nest of loop 1 excludes the function-level icmp */
  for (size_t i = 0; i < gc_counts_nrows(c); i++)
    assert_int_not_equal(gc_counts_row(c, i)->op, GC_OP_ICMP);
  assert_string_equal(gc_counts_total(c, GC_TOTAL_FLOPS)->formula, "2*M*N*K");
  gc_counts_free(c);
  o.loop = 2; /* not a top-level loop */
  assert_int_equal(
      gc_count_function(&c, s, gc_profile_set_find_function(s, "gemm", NULL),
                        &o, &err),
      GC_ENOTFOUND);

  /* roots of the gemm record: gemm only */
  o.loop = 0;
  assert_int_equal(
      gc_count_roots(&c, s, gc_profile_set_profile(s, 0), &o, &err), GC_OK);
  assert_string_equal(gc_counts_total(c, GC_TOTAL_FLOPS)->formula, "2*M*N*K");
  gc_counts_free(c);
  /* the whole program: matmul is called, so it is not a root; forward and
   * growing are */
  gc_binding all[] = {{"N", 2},      {"K", 2},      {"dim", 1},
                      {"hidden", 1}, {"layers", 1}, {"L", 1},
                      {"M", 2},      {"n", 1},      {"T", 1}};
  o.bindings = all;
  o.nbindings = 9;
  assert_int_equal(gc_count_roots(&c, s, NULL, &o, &err), GC_OK);
  const gc_count_row *r = row(c, GC_OP_FMA, GC_TY_F32, 1, NULL);
  /* gemm 2*2*2 = 8, forward 1*1*1 = 1, growing 8*1 = 8, bounded_call 0..4 */
  assert_int_equal(r->n.status, GC_COUNT_RANGE);
  assert_non_null(r->n.hi_str);
  assert_string_equal(r->n.lo_str, "17");
  assert_string_equal(r->n.hi_str, "21");
  gc_counts_free(c);
  gc_profile_set_free(s);
}

static void test_callee_without_view(void **state) {
  (void)state;
  const char *json = "{\"greenc_profile\": 1, \"functions\": ["
                     "{\"name\": \"g\", \"views\": {\"source\": {\"loops\": "
                     "[], \"blocks\": []}}},"
                     "{\"name\": \"h\", \"views\": {\"executed\": {\"loops\": "
                     "[], \"blocks\": [{\"id\": 0, \"loop\": 0, "
                     "\"cond\": \"always\", \"ops\": [{\"op\": \"call\", "
                     "\"callee\": \"g\", \"n\": 3, \"args\": []}]}]}}}]}";
  gc_profile_set *s = set_of_json(json);
  gc_counts *c = count(s, "h", GC_VIEW_EXECUTED, NULL, 0);
  const gc_count_row *r = row(c, GC_OP_CALL, GC_TY_NONE, 1, "g");
  assert_string_equal(r->n.hi_str, "3");
  has(r->n.reason, "g has no executed view");
  gc_counts_free(c);
  gc_profile_set_free(s);
}

/* An OpenMP parallel region ("what": "parallel", the outlined body as callee)
 * is a call whose number of executions is unknown: the team's size is set at
 * run time. The caller's FLOPs are unknown with that reason, not the callee's
 * FLOPs once (nor 0); its own ops stay exact. */
static void test_parallel_call(void **state) {
  (void)state;
  const char *json =
      "{\"greenc_profile\": 1, \"functions\": ["
      "{\"name\": \"body\", \"views\": {\"source\": {\"loops\": [], "
      "\"blocks\": [{\"id\": 0, \"loop\": 0, \"cond\": \"always\", \"ops\": "
      "[{\"op\": \"fmul\", \"ty\": \"f32\", \"lanes\": 1, \"n\": 4}]}]}}},"
      "{\"name\": \"scale\", \"views\": {\"source\": {\"loops\": [], "
      "\"blocks\": [{\"id\": 0, \"loop\": 0, \"cond\": \"always\", \"ops\": "
      "[{\"op\": \"call\", \"callee\": \"body\", \"what\": \"parallel\", "
      "\"n\": 1, \"args\": []}, {\"op\": \"fadd\", \"ty\": \"f32\", "
      "\"lanes\": 1, \"n\": 1}]}]}}}]}";
  gc_profile_set *s = set_of_json(json);
  gc_counts *c = count(s, "scale", GC_VIEW_SOURCE, NULL, 0);
  const gc_count_row *r = row(c, GC_OP_CALL, GC_TY_NONE, 1, "body");
  assert_int_equal(r->n.status, GC_COUNT_UNKNOWN);
  has(r->n.reason, "body runs on every thread of an OpenMP team");
  r = row(c, GC_OP_FADD, GC_TY_F32, 1, NULL);
  assert_int_equal(r->n.status, GC_COUNT_EXACT);
  assert_string_equal(r->n.hi_str, "1");
  const gc_quantity *fl = gc_counts_total(c, GC_TOTAL_FLOPS);
  assert_int_equal(fl->status, GC_COUNT_UNKNOWN);
  has(fl->reason, "OpenMP team");
  gc_counts_free(c);
  gc_profile_set_free(s);
}

/* A callee reading a struct field through its pointer parameter: q->n becomes
 * cfg->n at the call site. */
static void test_field_composition(void **state) {
  (void)state;
  const char *json =
      "{\"greenc_profile\": 1, \"functions\": ["
      "{\"name\": \"f\", \"params\": [{\"name\": \"q\", \"type\": \"ptr\"}], "
      "\"symbols\": [{\"name\": "
      "\"q->n\", \"kind\": \"field\", \"base\": \"q\", \"offset\": 4}], "
      "\"views\": {\"source\": {\"loops\": "
      "[{\"id\": 1, \"parent\": 0, \"trip\": \"q->n\", \"status\": "
      "\"exact\"}], \"blocks\": [{\"id\": 1, "
      "\"loop\": 1, \"cond\": \"always\", \"ops\": [{\"op\": \"fmul\", \"ty\": "
      "\"f32\", \"n\": 1}]}]}}},"
      "{\"name\": \"g\", \"params\": [{\"name\": \"cfg\", \"type\": \"ptr\"}], "
      "\"symbols\": [{\"name\": "
      "\"cfg->n\", \"kind\": \"field\", \"base\": \"cfg\", \"offset\": 4}], "
      "\"views\": {\"source\": "
      "{\"loops\": [], \"blocks\": [{\"id\": 0, \"loop\": 0, \"cond\": "
      "\"always\", \"ops\": [{\"op\": "
      "\"call\", \"callee\": \"f\", \"n\": 2, \"args\": [\"cfg\"]}]}]}}}]}";
  gc_profile_set *s = NULL;
  gc_error err = {0};
  assert_int_equal(gc_profile_set_new(&s), GC_OK);
  if (gc_profile_set_add_json(s, json, strlen(json), "inline", &err) != GC_OK)
    fail_msg("%s", err.msg);
  gc_binding b[] = {{"cfg->n", 7}};
  gc_counts *c = count(s, "g", GC_VIEW_SOURCE, b, 1);
  const gc_count_row *r = row(c, GC_OP_FMUL, GC_TY_F32, 1, NULL);
  assert_string_equal(r->n.formula, "2*cfg->n");
  assert_string_equal(r->n.hi_str, "14");
  gc_counts_free(c);
  gc_profile_set_free(s);
}

/* Arguments the writer could not express (null) or did not give (no "args"):
 * counts depending on them are unknown, never left in the callee's names;
 * counts not depending on them stay exact. */
static void test_unknown_arguments(void **state) {
  (void)state;
  const char *json = "{\"greenc_profile\": 1, \"functions\": ["
                     "{\"name\": \"f\", \"params\": [{\"name\": \"p\"}, "
                     "{\"name\": \"n\"}], \"symbols\": [{\"name\": "
                     "\"n\", \"kind\": \"param\", \"index\": 1}], \"views\": "
                     "{\"source\": {\"loops\": [{\"id\": 1, "
                     "\"parent\": 0, \"trip\": \"n\", \"status\": \"exact\"}], "
                     "\"blocks\": [{\"id\": 0, \"loop\": 0, "
                     "\"cond\": \"always\", \"ops\": [{\"op\": \"fdiv\", "
                     "\"ty\": \"f64\", \"n\": 1}]}, {\"id\": 1, "
                     "\"loop\": 1, \"cond\": \"always\", \"ops\": [{\"op\": "
                     "\"fmul\", \"ty\": \"f32\", \"n\": 1}]}]}}},"
                     "{\"name\": \"g\", \"symbols\": [{\"name\": \"m\", "
                     "\"kind\": \"param\", \"index\": 0}], \"views\": "
                     "{\"source\": {\"loops\": [], \"blocks\": [{\"id\": 0, "
                     "\"loop\": 0, \"cond\": \"always\", \"ops\": "
                     "[{\"op\": \"call\", \"callee\": \"f\", \"n\": 1, "
                     "\"args\": [null, \"m\"]}]}]}}},"
                     "{\"name\": \"h\", \"symbols\": [{\"name\": \"n\", "
                     "\"kind\": \"param\", \"index\": 0}], \"views\": "
                     "{\"source\": {\"loops\": [], \"blocks\": [{\"id\": 0, "
                     "\"loop\": 0, \"cond\": \"always\", \"ops\": "
                     "[{\"op\": \"call\", \"callee\": \"f\", \"n\": 1, "
                     "\"args\": [\"n\", null]}]}]}}},"
                     "{\"name\": \"k\", \"symbols\": [{\"name\": \"n\", "
                     "\"kind\": \"param\", \"index\": 0}], \"views\": "
                     "{\"source\": {\"loops\": [], \"blocks\": [{\"id\": 0, "
                     "\"loop\": 0, \"cond\": \"always\", \"ops\": "
                     "[{\"op\": \"call\", \"callee\": \"f\", \"n\": 1}]}]}}}]}";
  gc_profile_set *s = NULL;
  gc_error err = {0};
  assert_int_equal(gc_profile_set_new(&s), GC_OK);
  if (gc_profile_set_add_json(s, json, strlen(json), "inline", &err) != GC_OK)
    fail_msg("%s", err.msg);
  gc_binding b[] = {{"m", 5}, {"n", 9}};
  gc_counts *c = count(s, "g", GC_VIEW_SOURCE, b,
                       2); /* the null argument is the unused pointer */
  const gc_count_row *r = row(c, GC_OP_FMUL, GC_TY_F32, 1, NULL);
  assert_int_equal(r->n.status, GC_COUNT_EXACT);
  assert_string_equal(r->n.formula, "m");
  assert_string_equal(r->n.hi_str, "5");
  gc_counts_free(c);
  const char *callers[] = {"h", "k"};
  for (int i = 0; i < 2; i++) {
    c = count(s, callers[i], GC_VIEW_SOURCE, b, 2);
    r = row(c, GC_OP_FMUL, GC_TY_F32, 1, NULL);
    assert_int_equal(r->n.status, GC_COUNT_UNKNOWN);
    assert_null(r->n.formula); /* not "n": the caller's n is another value */
    has(r->n.reason, "the call to f gives no argument for n");
    r = row(c, GC_OP_FDIV, GC_TY_F64, 1, NULL);
    assert_int_equal(r->n.status, GC_COUNT_EXACT);
    assert_string_equal(r->n.hi_str, "1");
    gc_counts_free(c);
  }
  gc_profile_set_free(s);
}

/* A bounded loop whose trip_max evaluates below 1 bounds nothing: unknown, not
 * zero. */
static void test_bad_trip_max(void **state) {
  (void)state;
  const char *json =
      "{\"greenc_profile\": 1, \"functions\": [{\"name\": \"f\", \"symbols\": "
      "[{\"name\": \"N\", \"kind\": "
      "\"param\", \"index\": 0}], \"views\": {\"source\": {\"loops\": "
      "[{\"id\": 1, \"parent\": 0, \"status\": "
      "\"bounded\", \"trip_max\": \"N - 10\"}], \"blocks\": [{\"id\": 1, "
      "\"loop\": 1, \"cond\": \"always\", "
      "\"ops\": [{\"op\": \"fadd\", \"ty\": \"f32\", \"n\": 1}]}]}}}]}";
  gc_profile_set *s = set_of_json(json);
  gc_binding b[] = {{"N", 3}};
  gc_counts *c = count(s, "f", GC_VIEW_SOURCE, b, 1);
  const gc_count_row *r = row(c, GC_OP_FADD, GC_TY_F32, 1, NULL);
  assert_int_equal(r->n.status, GC_COUNT_UNKNOWN);
  assert_null(r->n.formula);
  assert_true(isinf(r->n.hi));
  has(r->n.reason, "trip_max evaluates to -7");
  gc_counts_free(c);
  b[0].value = 10; /* at most 0: not entered */
  c = count(s, "f", GC_VIEW_SOURCE, b, 1);
  r = row(c, GC_OP_FADD, GC_TY_F32, 1, NULL);
  assert_true(r->n.numeric);
  assert_string_equal(r->n.hi_str, "0");
  gc_counts_free(c);
  b[0].value = 13;
  c = count(s, "f", GC_VIEW_SOURCE, b, 1);
  r = row(c, GC_OP_FADD, GC_TY_F32, 1, NULL);
  assert_int_equal(r->n.status, GC_COUNT_RANGE);
  assert_string_equal(r->n.hi_str, "3");
  gc_counts_free(c);
  gc_profile_set_free(s);
}

/* Profiles written by the plugin (build-passes GreencPlugin.so on
 * examples/gemm.c, -O2 and -O0, payload as is). */
static void test_plugin_profiles(void **state) {
  (void)state;
  const char *files[] = {DATA "plugin_gemm_O2.json",
                         DATA "plugin_gemm_O0.json"};
  for (int i = 0; i < 2; i++) {
    gc_profile_set *s = load_set(files[i], NULL);
    gc_binding b[] = {{"M", 64}, {"N", 64}, {"K", 67}};
    gc_counts *c = count(s, "gemm", GC_VIEW_SOURCE, b, 3);
    const gc_quantity *fl = gc_counts_total(c, GC_TOTAL_FLOPS);
    assert_int_equal(fl->status, GC_COUNT_EXACT);
    assert_string_equal(fl->formula, "2*M*N*K");
    assert_string_equal(fl->hi_str, "548864");
    gc_counts_free(c);
    /* the executed view (vectorised/unrolled at -O2, memory traffic at -O0)
     * does the same arithmetic */
    c = count(s, "gemm", GC_VIEW_EXECUTED, b, 3);
    fl = gc_counts_total(c, GC_TOTAL_FLOPS);
    assert_int_equal(fl->status, GC_COUNT_EXACT);
    assert_string_equal(fl->lo_str, "548864");
    assert_string_equal(fl->hi_str, "548864");
    gc_counts_free(c);
    /* empty iteration space: zero */
    b[0].value = 0;
    c = count(s, "gemm", GC_VIEW_EXECUTED, b, 3);
    assert_string_equal(gc_counts_total(c, GC_TOTAL_FLOPS)->hi_str, "0");
    gc_counts_free(c);
    gc_profile_set_free(s);
  }
}

/* Bytes moved as one quantity: loaded + stored with its own formula and exact
 * value (the report's bytes cell needs no re-parsing of printed formulas). */
static void test_bytes_total(void **state) {
  (void)state;
  gc_profile_set *s = load_set(DATA "gemm.json", NULL);
  gc_binding b[] = {{"N", 64}, {"K", 64}};
  gc_counts *c = count(s, "gemm", GC_VIEW_SOURCE, b, 2);
  const gc_quantity *q = gc_counts_bytes(c);
  assert_int_equal(q->status, GC_COUNT_EXACT);
  assert_true(q->numeric);
  /* 8*M*N*K loaded + 4*M*N stored at M = 64 (module), N = K = 64 */
  assert_string_equal(q->hi_str, "2113536");
  assert_string_equal(q->lo_str, "2113536");
  has(q->formula, "M*N");
  has(q->formula, "K");
  gc_counts_free(c);
  c = count(s, "gemm", GC_VIEW_SOURCE, NULL, 0);
  q = gc_counts_bytes(c);
  assert_false(q->numeric);
  assert_non_null(q->formula);
  has(q->reason, "unbound");
  gc_counts_free(c);
  gc_profile_set_free(s);
}

/* Per-program and per-file totals: each function's symbols are bound with its
 * own module's params; two functions' `n` are not one variable. */
static void test_roots_own_params(void **state) {
  (void)state;
  gc_error err = {0};
  gc_counts *c = NULL;
  /* gemm.json binds M = 64; roots_b.json binds nothing: M must not be judged
   * against roots_b's (empty) params */
  gc_profile_set *s = load_set(DATA "gemm.json", DATA "roots_b.json");
  gc_binding b[] = {{"N", 2}, {"K", 2}, {"n", 3}};
  gc_count_opts o = {GC_VIEW_SOURCE, b, 3, 0, 0, 0};
  assert_int_equal(gc_count_roots(&c, s, NULL, &o, &err), GC_OK);
  assert_int_equal(gc_counts_nunbound(c), 0);
  const gc_quantity *fl = gc_counts_total(c, GC_TOTAL_FLOPS);
  /* 2*64*2*2 + 3 */
  assert_string_equal(fl->hi_str, "515");
  assert_int_equal(fl->status, GC_COUNT_EXACT);
  has(fl->formula, " + n"); /* "2*N*M*K + n": symbols in order of appearance */
  assert_string_equal(fl->reason, "");
  gc_counts_free(c);
  gc_profile_set_free(s);

  /* ka (a.c binds n = 10) and kb (b.c binds nothing) both call their size n */
  s = load_set(DATA "roots_a.json", DATA "roots_b.json");
  o = (gc_count_opts){GC_VIEW_SOURCE, NULL, 0, 0, 0, 0};
  assert_int_equal(gc_count_roots(&c, s, NULL, &o, &err), GC_OK);
  fl = gc_counts_total(c, GC_TOTAL_FLOPS);
  assert_null(fl->formula); /* not "2*n": two different n */
  assert_false(fl->numeric);
  assert_int_equal(fl->status, GC_COUNT_UNKNOWN);
  has(fl->reason, "n names a different quantity in each of ka, kb");
  assert_int_equal(gc_counts_nunbound(c), 1); /* kb's n */
  assert_string_equal(gc_counts_unbound(c, 0), "n");
  gc_counts_free(c);
  /* bound in both (the user's n overrides a.c's): a number, still no formula */
  gc_binding n5[] = {{"n", 5}};
  o.bindings = n5;
  o.nbindings = 1;
  assert_int_equal(gc_count_roots(&c, s, NULL, &o, &err), GC_OK);
  fl = gc_counts_total(c, GC_TOTAL_FLOPS);
  assert_null(fl->formula);
  assert_int_equal(fl->status, GC_COUNT_EXACT);
  assert_string_equal(fl->hi_str, "10");
  has(fl->reason, "the value adds each function's own");
  assert_string_equal(gc_counts_bytes(c)->hi_str, "80");
  gc_counts_free(c);
  /* one file: its own function only, bound by its own params */
  o.bindings = NULL;
  o.nbindings = 0;
  assert_int_equal(
      gc_count_roots(&c, s, gc_profile_set_profile(s, 0), &o, &err), GC_OK);
  fl = gc_counts_total(c, GC_TOTAL_FLOPS);
  assert_string_equal(fl->formula, "n");
  assert_string_equal(fl->hi_str, "10");
  assert_int_equal(gc_counts_nunbound(c), 0);
  gc_counts_free(c);
  /* a.c's n does not bind b.c's */
  assert_int_equal(
      gc_count_roots(&c, s, gc_profile_set_profile(s, 1), &o, &err), GC_OK);
  fl = gc_counts_total(c, GC_TOTAL_FLOPS);
  assert_string_equal(fl->formula, "n");
  assert_false(fl->numeric);
  assert_int_equal(gc_counts_nunbound(c), 1);
  gc_counts_free(c);
  gc_profile_set_free(s);
}

static int same_str(const char *a, const char *b) {
  return a == b || (a && b && strcmp(a, b) == 0);
}

/* no_row_formulas: rows lose their formula text and nothing else; totals
 * (here with a range and an unbound symbol) keep theirs. */
static void test_no_row_formulas(void **state) {
  (void)state;
  gc_profile_set *s = load_set(DATA "gemm.json", DATA "cases.json");
  const char *fns[] = {"gemm", "forward", "bounded_call", "growing"};
  for (size_t k = 0; k < sizeof fns / sizeof *fns; k++) {
    gc_counts *a = NULL, *b = NULL;
    gc_error err = {0};
    gc_count_opts o = {GC_VIEW_SOURCE, NULL, 0, 0, 0, 0};
    const gc_function *f = gc_profile_set_find_function(s, fns[k], NULL);
    assert_non_null(f);
    assert_int_equal(gc_count_function(&a, s, f, &o, &err), GC_OK);
    o.no_row_formulas = 1;
    assert_int_equal(gc_count_function(&b, s, f, &o, &err), GC_OK);
    assert_int_equal(gc_counts_nrows(a), gc_counts_nrows(b));
    int any = 0;
    for (size_t i = 0; i < gc_counts_nrows(a); i++) {
      const gc_count_row *x = gc_counts_row(a, i), *y = gc_counts_row(b, i);
      const gc_quantity *qa[] = {&x->n, &x->bytes}, *qb[] = {&y->n, &y->bytes};
      for (int q = 0; q < 2; q++) {
        any |= qa[q]->formula != NULL && strcmp(qa[q]->formula, "0") != 0;
        if (strcmp(qb[q]->formula ? qb[q]->formula : "0", "0") != 0 ||
            qa[q]->status != qb[q]->status ||
            !same_str(qa[q]->lo_str, qb[q]->lo_str) ||
            !same_str(qa[q]->hi_str, qb[q]->hi_str) ||
            strcmp(qa[q]->reason, qb[q]->reason) != 0)
          fail_msg("%s row %zu: differs beyond its formula", fns[k], i);
      }
    }
    assert_true(any); /* there were formulas to leave out */
    for (int t = 0; t < GC_TOTAL_COUNT_; t++)
      assert_true(same_str(gc_counts_total(a, (gc_total)t)->formula,
                           gc_counts_total(b, (gc_total)t)->formula));
    assert_true(
        same_str(gc_counts_bytes(a)->formula, gc_counts_bytes(b)->formula));
    assert_int_equal(gc_counts_nnotes(a), gc_counts_nnotes(b));
    for (size_t i = 0; i < gc_counts_nnotes(a); i++)
      assert_string_equal(gc_counts_note(a, i), gc_counts_note(b, i));
    gc_counts_free(a);
    gc_counts_free(b);
  }
  gc_profile_set_free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_gemm_source),
      cmocka_unit_test(test_gemm_executed),
      cmocka_unit_test(test_triangles),
      cmocka_unit_test(test_loop_iterations),
      cmocka_unit_test(test_guard_data_bounded_unknown),
      cmocka_unit_test(test_calls),
      cmocka_unit_test(test_empty_range),
      cmocka_unit_test(test_guard_before_trip),
      cmocka_unit_test(test_unknown_block),
      cmocka_unit_test(test_budget_fallback),
      cmocka_unit_test(test_nest_and_roots),
      cmocka_unit_test(test_plugin_profiles),
      cmocka_unit_test(test_callee_without_view),
      cmocka_unit_test(test_parallel_call),
      cmocka_unit_test(test_field_composition),
      cmocka_unit_test(test_unknown_arguments),
      cmocka_unit_test(test_bad_trip_max),
      cmocka_unit_test(test_bytes_total),
      cmocka_unit_test(test_roots_own_params),
      cmocka_unit_test(test_no_row_formulas),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
