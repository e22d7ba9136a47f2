/* test_traffic.c: the memory traffic model (greenc/traffic.h) on hand-written
 * profiles (test/unit/data/traffic/), every expected byte count worked out by
 * hand in the comments: a stream, gemm fitting in L1 and gemm whose B does not,
 * a stencil with neighbour reuse, an access without an index, unbound sizes,
 * and the estimator charging the per-level bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <jansson.h>

#include "greenc/estimate.h"
#include "greenc/report.h"
#include "greenc/traffic.h"

#define DATA GREENC_TEST_DATA "/traffic/"

static gc_profile *load(const char *file) {
  gc_profile *p = NULL;
  gc_error err = {0};
  if (gc_profile_load_file(&p, file, &err) != GC_OK)
    fail_msg("%s", err.msg);
  return p;
}

/* L1 of l1 bytes, L2 of 64 KiB, both with 64-byte lines, then DRAM. */
static gc_traffic *run(const gc_profile *p, const char *fn, double l1,
                       const gc_binding *b, size_t nb) {
  gc_traffic_cache lv[3] = {
      {"L1", l1, 64}, {"L2", 64 * 1024, 64}, {"DRAM", 0, 0}};
  const gc_function *f = gc_profile_find_function(p, fn);
  assert_non_null(f);
  gc_traffic_opts o = {.bindings = b, .nbindings = nb};
  gc_traffic *t = NULL;
  gc_error err = {0};
  if (gc_traffic_compute(&t, f, lv, 3, &o, &err) != GC_OK)
    fail_msg("%s", err.msg);
  return t;
}

static void expect(const gc_traffic *t, const double *rd, const double *wr) {
  for (size_t i = 0; i < 3; i++) {
    if (gc_traffic_read(t, i) != rd[i] || gc_traffic_write(t, i) != wr[i])
      fail_msg("level %zu: read %.2f (want %.0f), write %.2f (want %.0f)", i,
               gc_traffic_read(t, i), rd[i], gc_traffic_write(t, i), wr[i]);
  }
}

/* y[i] = x[i], n = 1000 floats: each array is 4000 bytes = 62.5 lines, 63
 * lines from a line-aligned base. L1 misses: 63 (x) + 63 (y, write-allocate);
 * y's 63 dirty lines are written back. Below L1 nothing is reused: the same. */
static void stream(void **state) {
  (void)state;
  gc_profile *p = load(DATA "stream.json");
  gc_binding n = {"n", 1000};
  gc_traffic *t = run(p, "copy", 4096, &n, 1);
  assert_true(gc_traffic_complete(t));
  assert_string_equal(gc_traffic_note(t), "");
  expect(t, (double[]){4000, 126 * 64, 126 * 64},
         (double[]){4000, 63 * 64, 63 * 64});
  assert_true(gc_traffic_misses(t, 0) == 126);
  gc_traffic_free(t);
  gc_profile_free(p);
}

/* gemm 8x8x8: A, B, C are 256 bytes = 4 lines each; one i iteration touches
 * A's row (1 line), all of B (4) and C's row (1): 384 bytes fit in 4 KiB, so
 * only compulsory misses: 12 lines read, C's 4 lines written back. Level 0:
 * A and B loads 512 x 4 bytes each, C 64 loads and 64 stores of 4 bytes. */
static void gemm_fits(void **state) {
  (void)state;
  gc_profile *p = load(DATA "gemm.json");
  gc_binding b[3] = {{"M", 8}, {"N", 8}, {"K", 8}};
  gc_traffic *t = run(p, "gemm", 4096, b, 3);
  assert_true(gc_traffic_complete(t));
  expect(t, (double[]){2048 + 2048 + 256, 12 * 64, 12 * 64},
         (double[]){256, 4 * 64, 4 * 64});
  gc_traffic_free(t);
  gc_profile_free(p);
}

/* gemm 32x32x32 (A, B, C 4 KiB = 64 lines each) in a 4 KiB L1: one i
 * iteration touches A's row (2 lines) + all of B (64) + C's row (2) = 4352
 * bytes > 4096, but one j iteration touches A's row (2) + a column of B (32
 * lines, stride 128 bytes) + 1 line of C = 2240 bytes: reuse across j is
 * kept, reuse across i is lost, so B is reloaded for every i: L1 misses =
 * 32 x (2 + 64 + 2) = 2176 lines. The 64 KiB L2 holds everything: 192 lines
 * from DRAM. C's 64 lines are written back at both levels. */
static void gemm_b_reloaded(void **state) {
  (void)state;
  gc_profile *p = load(DATA "gemm.json");
  gc_binding b[3] = {{"M", 32}, {"N", 32}, {"K", 32}};
  gc_traffic *t = run(p, "gemm", 4096, b, 3);
  assert_true(gc_traffic_complete(t));
  expect(t, (double[]){131072 + 131072 + 4096, 2176 * 64, 192 * 64},
         (double[]){4096, 64 * 64, 64 * 64});
  /* with an 8 KiB L1, B fits with the rows: compulsory misses only */
  gc_traffic_free(t);
  t = run(p, "gemm", 8192, b, 3);
  expect(t, (double[]){131072 + 131072 + 4096, 192 * 64, 192 * 64},
         (double[]){4096, 64 * 64, 64 * 64});
  gc_traffic_free(t);
  gc_profile_free(p);
}

/* b[i+1][j] = a[i][j] + a[i+1][j] + a[i+2][j], N = 256 floats per row (1 KiB =
 * 16 lines), i < 254. One i iteration touches rows i..i+2 of a (48 lines) and
 * a row of b (16): 4 KiB. In a 2 KiB L1 the rows are not kept from one i to
 * the next: a is read 3 times, 254 x (48 + 16) = 16256 lines. The 64 KiB L2
 * keeps them (neighbour reuse): a's 256 rows once (4096 lines) + b's 254 rows
 * (4064 lines) = 8160 lines from DRAM. b's 4064 lines are written back. */
static void stencil(void **state) {
  (void)state;
  gc_profile *p = load(DATA "stencil.json");
  gc_binding n = {"N", 256};
  gc_traffic *t = run(p, "stencil", 2048, &n, 1);
  assert_true(gc_traffic_complete(t));
  double ld = 3.0 * 254 * 256 * 4, st = 254.0 * 256 * 4;
  expect(t, (double[]){ld, 16256 * 64, 8160 * 64},
         (double[]){st, 4064 * 64, 4064 * 64});
  gc_traffic_free(t);
  gc_profile_free(p);
}

/* x[i] has no index: its bytes are left out with the reason; y is modelled. */
static void no_index(void **state) {
  (void)state;
  gc_profile *p = load(DATA "stream.json");
  gc_binding n = {"n", 1000};
  gc_traffic *t = run(p, "copy_noindex", 4096, &n, 1);
  assert_false(gc_traffic_complete(t));
  assert_non_null(strstr(gc_traffic_note(t), "load x"));
  assert_non_null(strstr(gc_traffic_note(t), "no index"));
  expect(t, (double[]){0, 63 * 64, 63 * 64},
         (double[]){4000, 63 * 64, 63 * 64});
  assert_int_equal(gc_traffic_nnests(t), 2); /* the body, loop 1 */
  const gc_traffic_nest *nest = gc_traffic_nest_at(t, 1);
  assert_int_equal(nest->loop, 1);
  assert_false(nest->complete);
  assert_true(nest->accesses_left == 1000);
  assert_true(nest->accesses_modelled == 1000);
  gc_traffic_free(t);
  gc_profile_free(p);
}

/* A call that was not composed (here an OpenMP team's body, a call record
 * without arguments) leaves its accesses out: the traffic is not complete, and
 * the note names the call; the caller's own store is still modelled. */
static void call_not_composed(void **state) {
  (void)state;
  static const char json[] =
      "{\"greenc_profile\": 1, \"functions\": [{\"name\": \"scale\", "
      "\"params\": [{\"name\": \"y\", \"type\": \"ptr\"}], "
      "\"views\": {\"source\": {\"loops\": [], \"blocks\": [{\"id\": 0, "
      "\"loop\": 0, \"line\": 3, \"cond\": \"always\", \"ops\": ["
      "{\"op\": \"store\", \"ty\": \"f32\", \"lanes\": 1, \"n\": 1, "
      "\"bytes\": 4, \"base\": \"y\", \"index\": \"0\"}, "
      "{\"op\": \"call\", \"callee\": \"scale.omp_outlined\", "
      "\"what\": \"parallel\", \"n\": 1}]}]}}}]}";
  gc_profile *p = NULL;
  gc_error err = {0};
  if (gc_profile_parse(&p, json, sizeof json - 1, "inline", &err) != GC_OK)
    fail_msg("%s", err.msg);
  gc_traffic *t = run(p, "scale", 4096, NULL, 0);
  assert_false(gc_traffic_complete(t));
  assert_non_null(strstr(gc_traffic_note(t),
                         "call to scale.omp_outlined (line 3): its accesses "
                         "not modelled"));
  expect(t, (double[]){0, 64, 64}, (double[]){4, 64, 64});
  gc_traffic_free(t);
  gc_profile_free(p);
}

/* if (x[i] > m) m = x[i]; z[i] = ...: the second x load runs depending on
 * data on lines the first always brings in: no traffic of its own, its 4000
 * bytes are "covered" (level 0 at most). The z store has no other access: left
 * out, with the reason. */
static void data_dependent(void **state) {
  (void)state;
  gc_profile *p = load(DATA "data.json");
  gc_binding n = {"n", 1000};
  gc_traffic *t = run(p, "maxscan", 4096, &n, 1);
  assert_false(gc_traffic_complete(t));
  assert_non_null(
      strstr(gc_traffic_note(t), "store z (line 4): runs depending on data"));
  assert_null(strstr(gc_traffic_note(t), "load x"));
  expect(t, (double[]){4000, 63 * 64, 63 * 64}, (double[]){0, 0, 0});
  assert_true(gc_traffic_covered(t, 0) == 4000);
  assert_true(gc_traffic_covered(t, 1) == 0);
  gc_traffic_free(t);
  gc_profile_free(p);
}

/* matvec: for r < rows: y[r] = dot(cols, W + r*cols, x). The call is expanded
 * at its site: dot's `b` is the caller's x (reused across rows), its `a` is an
 * argument the profile cannot express (null): a region of its own for every
 * r. rows = 32, cols = 64: W's rows 32 x 4 lines + x 4 lines + y 2 lines = 134
 * lines come in (everything fits), y's 2 lines go back. */
static void call_expanded(void **state) {
  (void)state;
  gc_profile *p = load(DATA "calls.json");
  gc_binding b[2] = {{"rows", 32}, {"cols", 64}};
  gc_traffic *t = run(p, "matvec", 4096, b, 2);
  assert_true(gc_traffic_complete(t));
  expect(t, (double[]){2 * 32 * 64 * 4, 134 * 64, 134 * 64},
         (double[]){32 * 4, 2 * 64, 2 * 64});
  gc_traffic_free(t);
  /* without cols, dot's trip is not numeric: its accesses are left out */
  t = run(p, "matvec", 4096, b, 1);
  assert_false(gc_traffic_complete(t));
  assert_non_null(strstr(gc_traffic_note(t), "unbound symbol cols"));
  gc_traffic_free(t);
  gc_profile_free(p);
}

/* for i < 64: for j <= i: for d < 16: load k[j*16 + d] (rows of one line).
 * One i iteration touches rows 0..i: i + 1 lines. A 2 KiB L1 (32 lines)
 * keeps them for i < 32 (rows 0..31 come in once: 32 lines) and not beyond:
 * i from 32 to 63 loads its j rows again, at the mean i = 47.5 that is 49
 * rows each: 32 x 49 = 1568 lines (LRU: 33 + ... + 64 = 1552). Total 1600
 * lines; the 64 KiB L2 keeps everything: 64 lines. Loads: 2080 x 16. */
static void triangle(void **state) {
  (void)state;
  gc_profile *p = load(DATA "triangle.json");
  gc_binding b[2] = {{"T", 64}, {"D", 16}};
  gc_traffic *t = run(p, "tri", 2048, b, 2);
  assert_true(gc_traffic_complete(t));
  expect(t, (double[]){2080 * 16 * 4, 1600 * 64, 64 * 64}, (double[]){0, 0, 0});
  gc_traffic_free(t);
  gc_profile_free(p);
}

/* Without n nothing is numeric: nothing modelled, the reason names n. */
static void unbound(void **state) {
  (void)state;
  gc_profile *p = load(DATA "stream.json");
  gc_traffic *t = run(p, "copy", 4096, NULL, 0);
  assert_false(gc_traffic_complete(t));
  assert_non_null(strstr(gc_traffic_note(t), "unbound symbol n"));
  expect(t, (double[]){0, 0, 0}, (double[]){0, 0, 0});
  gc_traffic_free(t);
  gc_profile_free(p);
}

/* The estimator on epyc-9654 (L1d 32 KiB, L2 1 MiB, L3, DRAM; 64-byte lines
 * from L1d): the copy of 1000 floats moves 8000 bytes through L1d (1.0625
 * pJ/B), 126 lines in and 63 out at L2 (1.75 pJ/B) and L3 and DRAM (112 pJ/B).
 * L3 has no pJ per byte: it is charged between L2's and DRAM's. */
static void estimate(void **state) {
  (void)state;
  gc_hw *hw = NULL;
  gc_error err = {0};
  if (gc_hw_load_named(&hw, "epyc-9654", NULL, &err) != GC_OK)
    fail_msg("%s", err.msg);
  gc_traffic_cache lv[GC_TRAFFIC_MAX_LEVELS];
  size_t nl = 0;
  assert_int_equal(
      gc_traffic_caches_from_hw(lv, &nl, GC_TRAFFIC_MAX_LEVELS, hw, &err),
      GC_OK);
  assert_int_equal(nl, 4);
  assert_true(lv[1].line_bytes == 64); /* L2 takes L1d's line */
  gc_profile *p = load(DATA "stream.json");
  gc_binding n = {"n", 1000};
  gc_traffic_opts o = {.bindings = &n, .nbindings = 1};
  gc_opcount rows[2] = {
      {GC_OP_LOAD, GC_TY_F32, 1, GC_ROLE_DATA, 1000, 1000, 4000, 4000},
      {GC_OP_STORE, GC_TY_F32, 1, GC_ROLE_DATA, 1000, 1000, 4000, 4000}};
  gc_traffic *t = NULL;
  assert_int_equal(gc_traffic_compute(&t, gc_profile_find_function(p, "copy"),
                                      lv, nl, &o, &err),
                   GC_OK);
  gc_est_traffic tr;
  gc_traffic_to_est(&tr, t);
  gc_estimate e;
  assert_int_equal(
      gc_estimate_compute_traffic(&e, hw, rows, 2, NULL, &tr, &err), GC_OK);
  double moved = 12096; /* 189 lines x 64 at each level below L1d */
  double lo = 8000 * 1.0625 + moved * 1.75 + moved * 1.75 + moved * 112;
  double hi = 8000 * 1.0625 + moved * 1.75 + moved * 112 + moved * 112;
  assert_true(e.energy_memory_j.known);
  assert_float_equal(e.energy_memory_j.lo, lo * 1e-12, 1e-15);
  assert_float_equal(e.energy_memory_j.hi, hi * 1e-12, 1e-15);
  assert_non_null(strstr(e.energy_memory_j.reason, "traffic model"));
  assert_float_equal(e.level[3].bytes.lo, moved, 1e-9);
  /* DRAM time, one core: the 8064 bytes read (x, and y for ownership) at
   * 460.8 GB/s; y's 4032 bytes of write-backs drain meanwhile */
  assert_float_equal(e.level[3].bytes.lo, 8064 + 4032, 1e-9);
  assert_float_equal(e.time_memory_s.lo, 8064 / 460.8e9, 1e-15);
  gc_traffic_free(t);

  /* x without an index: its 4000 bytes keep the range L1d .. DRAM */
  assert_int_equal(
      gc_traffic_compute(&t, gc_profile_find_function(p, "copy_noindex"), lv,
                         nl, &o, &err),
      GC_OK);
  gc_traffic_to_est(&tr, t);
  assert_int_equal(
      gc_estimate_compute_traffic(&e, hw, rows, 2, NULL, &tr, &err), GC_OK);
  double m = 63 * 64;
  lo =
      4000 * 1.0625 + 2 * m * 1.75 + 2 * m * 1.75 + 2 * m * 112 + 4000 * 1.0625;
  hi = 4000 * 1.0625 + 2 * m * 1.75 + 2 * m * 112 + 2 * m * 112 + 4000 * 112;
  assert_float_equal(e.energy_memory_j.lo, lo * 1e-12, 1e-15);
  assert_float_equal(e.energy_memory_j.hi, hi * 1e-12, 1e-15);
  assert_non_null(
      strstr(e.energy_memory_j.reason, "outside the traffic model"));
  assert_non_null(strstr(e.energy_memory_j.reason, "no index"));
  gc_traffic_free(t);
  gc_profile_free(p);

  /* maxscan: x's always-load is modelled (63 lines at each level below L1d);
   * the data-dependent x load (0 .. 4000 bytes) is charged at L1d at most; the
   * data-dependent z store (0 .. 4000 bytes) keeps the range up to DRAM. */
  p = load(DATA "data.json");
  gc_opcount rows2[2] = {
      {GC_OP_LOAD, GC_TY_F32, 1, GC_ROLE_DATA, 1000, 2000, 4000, 8000},
      {GC_OP_STORE, GC_TY_F32, 1, GC_ROLE_DATA, 0, 1000, 0, 4000}};
  assert_int_equal(gc_traffic_compute(&t,
                                      gc_profile_find_function(p, "maxscan"),
                                      lv, nl, &o, &err),
                   GC_OK);
  gc_traffic_to_est(&tr, t);
  assert_int_equal(
      gc_estimate_compute_traffic(&e, hw, rows2, 2, NULL, &tr, &err), GC_OK);
  m = 63 * 64;
  lo = 4000 * 1.0625 + m * 1.75 + m * 1.75 + m * 112;
  hi =
      4000 * 1.0625 + m * 1.75 + m * 112 + m * 112 + 4000 * 112 + 4000 * 1.0625;
  assert_float_equal(e.energy_memory_j.lo, lo * 1e-12, 1e-15);
  assert_float_equal(e.energy_memory_j.hi, hi * 1e-12, 1e-15);
  assert_non_null(strstr(e.energy_memory_j.reason, "data-dependent"));
  gc_traffic_free(t);
  gc_profile_free(p);
  gc_hw_free(hw);
}

/* The report uses the traffic model: the copy's function and its nest move
 * 12096 bytes at DRAM (126 lines in, 63 out); a covered data-dependent load
 * is not charged up to DRAM; the text report has a traffic line per level. */
static void report(void **state) {
  (void)state;
  gc_hw *hw = NULL;
  gc_error err = {0};
  if (gc_hw_load_named(&hw, "epyc-9654", NULL, &err) != GC_OK)
    fail_msg("%s", err.msg);
  gc_profile_set *set = NULL;
  assert_int_equal(gc_profile_set_new(&set), GC_OK);
  assert_int_equal(gc_profile_set_add(set, load(DATA "stream.json")), GC_OK);
  assert_int_equal(gc_profile_set_add(set, load(DATA "data.json")), GC_OK);
  gc_binding n = {"n", 1000};
  gc_report_opts o = {.bindings = &n, .nbindings = 1, .hw = hw};
  gc_report *r = NULL;
  if (gc_report_build(&r, set, &o, &err) != GC_OK)
    fail_msg("%s", err.msg);
  char *text = NULL;
  assert_int_equal(gc_report_json_text(&text, r, &err), GC_OK);
  json_t *root = json_loads(text, 0, NULL);
  assert_non_null(root);
  json_t *fns = json_object_get(root, "functions");
  int seen = 0;
  for (size_t i = 0; i < json_array_size(fns); i++) {
    json_t *f = json_array_get(fns, i);
    const char *name = json_string_value(json_object_get(f, "name"));
    json_t *sum = json_object_get(f, "summary");
    json_t *nest =
        json_object_get(json_array_get(json_object_get(f, "loops"), 0), "nest");
    json_t *fl = json_array_get(json_object_get(sum, "levels"), 3);
    json_t *nl = json_array_get(json_object_get(nest, "levels"), 3);
    json_t *fb = json_object_get(fl, "bytes"),
           *nb = json_object_get(nl, "bytes");
    if (strcmp(name, "copy") == 0) {
      seen++;
      assert_true(json_number_value(json_object_get(fb, "lo")) == 12096);
      assert_true(json_number_value(json_object_get(fb, "hi")) == 12096);
      assert_true(json_number_value(json_object_get(nb, "hi")) == 12096);
    } else if (strcmp(name, "maxscan") == 0) {
      seen++; /* x: 63 lines in; z's store (0 .. 4000 bytes) may reach DRAM,
                 the covered x load may not */
      assert_true(json_number_value(json_object_get(nb, "lo")) == 63 * 64);
      assert_true(json_number_value(json_object_get(nb, "hi")) ==
                  63 * 64 + 4000);
    }
  }
  assert_int_equal(seen, 2);
  json_decref(root);
  free(text);
  FILE *mem = tmpfile();
  assert_non_null(mem);
  assert_int_equal(gc_report_write(mem, r, GC_REPORT_TEXT, NULL, &err), GC_OK);
  rewind(mem);
  char line[512];
  int found = 0;
  while (fgets(line, sizeof line, mem))
    found |= strstr(line, "traffic") && strstr(line, "DRAM 12.1 kB");
  fclose(mem);
  assert_true(found);
  gc_report_free(r);
  gc_profile_set_free(set);
  gc_hw_free(hw);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(stream),          cmocka_unit_test(gemm_fits),
      cmocka_unit_test(gemm_b_reloaded), cmocka_unit_test(stencil),
      cmocka_unit_test(no_index),        cmocka_unit_test(call_not_composed),
      cmocka_unit_test(data_dependent),  cmocka_unit_test(call_expanded),
      cmocka_unit_test(triangle),        cmocka_unit_test(report),
      cmocka_unit_test(unbound),         cmocka_unit_test(estimate),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
