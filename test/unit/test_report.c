/* test_report.c: the report writers (greenc/report.h) over the hand-written
 * gemm and relu profiles in test/unit/data/obj/: human units, JSON integers and
 * formulas, unknowns with reasons, every format writes. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "greenc/hw.h"
#include "greenc/profile.h"
#include "greenc/report.h"

static gc_profile_set *load_set(void) {
  gc_profile_set *set = NULL;
  assert_int_equal(gc_profile_set_new(&set), GC_OK);
  static const char *const names[] = {"gemm.json", "relu.json"};
  for (size_t i = 0; i < 2; i++) {
    char path[512];
    gc_profile *p = NULL;
    gc_error err = {0};
    snprintf(path, sizeof path, "%s/obj/%s", GREENC_TEST_DATA, names[i]);
    int rc = gc_profile_load_file(&p, path, &err);
    if (rc != GC_OK)
      fail_msg("%s", err.msg);
    assert_int_equal(gc_profile_set_add(set, p), GC_OK);
  }
  return set;
}

/* Write r in fmt into a malloc'd string. */
static char *render(const gc_report *r, gc_report_format fmt) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  gc_error err = {0};
  int rc = gc_report_write(f, r, fmt, NULL, &err);
  fclose(f);
  if (rc != GC_OK)
    fail_msg("%s", err.msg);
  return buf;
}

static void test_si_units(void **state) {
  char b[64];
  gc_report_si(b, sizeof b, 1073741824.0, "FLOP");
  assert_string_equal(b, "1.07 GFLOP");
  gc_report_si(b, sizeof b, 0.0023, "J");
  assert_string_equal(b, "2.3 mJ");
  gc_report_si(b, sizeof b, 0.0012, "s");
  assert_string_equal(b, "1.2 ms");
  gc_report_si(b, sizeof b, 512, "B");
  assert_string_equal(b, "512 B");
  gc_report_si(b, sizeof b, 0, "J");
  assert_string_equal(b, "0 J");
  gc_report_si(b, sizeof b, 999.7,
               "B"); /* rounds up into the next prefix, not "1e+03 B" */
  assert_string_equal(b, "1 kB");
  gc_report_si(b, sizeof b, 2.5e-6, "s");
  assert_string_equal(b, "2.5 \xc2\xb5s");
}

static void test_format_names(void **state) {
  gc_report_format f;
  assert_int_equal(gc_report_format_parse(&f, "sarif"), GC_OK);
  assert_int_equal(f, GC_REPORT_SARIF);
  assert_int_equal(gc_report_format_parse(&f, "markdown"), GC_OK);
  assert_int_equal(f, GC_REPORT_MD);
  assert_int_equal(gc_report_format_parse(&f, "pdf"), GC_EINVAL);
  assert_string_equal(gc_report_format_name(GC_REPORT_HTML), "html");
}

/* Without a hardware model: counts exact and numeric, energy unknown with the
 * reason given. */
static void test_json_without_hw(void **state) {
  gc_profile_set *set = load_set();
  gc_binding b[] = {{"M", 512}, {"N", 256}, {"K", 128}};
  gc_report_opts o = {.view = GC_VIEW_SOURCE,
                      .bindings = b,
                      .nbindings = 3,
                      .no_hw_reason = "test: none"};
  gc_report *r = NULL;
  gc_error err = {0};
  assert_int_equal(gc_report_build(&r, set, &o, &err), GC_OK);
  assert_int_equal(gc_report_nfunctions(r), 2);
  assert_int_equal(gc_report_nfailed(r), 0);
  char *text = render(r, GC_REPORT_JSON);
  json_error_t jerr;
  json_t *doc = json_loads(text, 0, &jerr);
  assert_non_null(doc);
  assert_int_equal(json_integer_value(json_object_get(doc, "greenc_report")),
                   GC_REPORT_SCHEMA);
  assert_true(
      json_is_null(json_object_get(json_object_get(doc, "hw"), "name")));
  assert_int_equal(
      json_integer_value(json_object_get(json_object_get(doc, "params"), "N")),
      256);
  json_t *gemm = json_array_get(json_object_get(doc, "functions"), 0);
  assert_string_equal(json_string_value(json_object_get(gemm, "name")), "gemm");
  json_t *sum = json_object_get(gemm, "summary");
  json_t *flops = json_object_get(sum, "flops");
  assert_string_equal(json_string_value(json_object_get(flops, "status")),
                      "exact");
  assert_true(json_is_integer(json_object_get(flops, "value")));
  assert_int_equal(json_integer_value(json_object_get(flops, "value")),
                   2LL * 512 * 256 * 128);
  /* gemm's source view: A and B loaded per k, C loaded and stored per (i, j).
   */
  assert_int_equal(json_integer_value(json_object_get(
                       json_object_get(sum, "bytes_loaded"), "value")),
                   4LL * 512 * 256 * (2 * 128 + 1));
  assert_int_equal(json_integer_value(json_object_get(
                       json_object_get(sum, "bytes_stored"), "value")),
                   4LL * 512 * 256);
  json_t *energy = json_object_get(sum, "energy_j");
  assert_true(json_is_false(json_object_get(energy, "known")));
  assert_string_equal(json_string_value(json_object_get(energy, "reason")),
                      "test: none");
  json_t *loops = json_object_get(gemm, "loops");
  assert_int_equal(json_array_size(loops), 3);
  json_t *l1 = json_array_get(loops, 0);
  assert_string_equal(json_string_value(json_object_get(l1, "trip")), "M");
  assert_int_equal(json_integer_value(json_object_get(l1, "line")), 9);
  assert_non_null(json_object_get(l1, "nest")); /* top level: its own counts */
  assert_null(json_object_get(json_array_get(loops, 1), "nest"));
  json_decref(doc);
  free(text);
  gc_report_free(r);
  gc_profile_set_free(set);
}

/* A count beyond 64 bits stays exact: a decimal string, not a rounded double.
 */
static void test_json_big_count(void **state) {
  gc_profile_set *set = load_set();
  gc_binding b[] = {
      {"M", 4194304}, {"N", 4194304}, {"K", 4194304}}; /* 2^22 each */
  gc_report_opts o = {.view = GC_VIEW_SOURCE, .bindings = b, .nbindings = 3};
  gc_report *r = NULL;
  gc_error err = {0};
  assert_int_equal(gc_report_build(&r, set, &o, &err), GC_OK);
  char *text = render(r, GC_REPORT_JSON);
  json_error_t jerr;
  json_t *doc = json_loads(text, 0, &jerr);
  assert_non_null(doc);
  json_t *flops = json_object_get(
      json_object_get(
          json_object_get(json_array_get(json_object_get(doc, "functions"), 0),
                          "summary"),
          "flops"),
      "value");
  assert_true(json_is_string(flops));
  assert_string_equal(json_string_value(flops),
                      "147573952589676412928"); /* 2 * 2^66 */
  json_decref(doc);
  free(text);
  gc_report_free(r);
  gc_profile_set_free(set);
}

/* Colour only when asked: bold names, and nothing else changes. */
static void test_text_colour(void **state) {
  gc_profile_set *set = load_set();
  gc_report_opts o = {.view = GC_VIEW_SOURCE};
  gc_report *r = NULL;
  gc_error err = {0};
  assert_int_equal(gc_report_build(&r, set, &o, &err), GC_OK);
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  gc_report_style st = {.color = 1};
  assert_int_equal(gc_report_write(f, r, GC_REPORT_TEXT, &st, &err), GC_OK);
  fclose(f);
  assert_non_null(strstr(buf, "\x1b[1mgemm\x1b[0m"));
  free(buf);
  gc_report_free(r);
  gc_profile_set_free(set);
}

/* Unbound sizes: formulas stay, values are null, the text says which sizes and
 * that the figure is unknown. */
static void test_text_unbound(void **state) {
  gc_profile_set *set = load_set();
  gc_report_opts o = {.view = GC_VIEW_SOURCE};
  gc_report *r = NULL;
  gc_error err = {0};
  assert_int_equal(gc_report_build(&r, set, &o, &err), GC_OK);
  char *text = render(r, GC_REPORT_TEXT);
  assert_non_null(
      strstr(text, "greenc report: source view, no hardware model"));
  assert_non_null(strstr(text, "unbound  K, M, N"));
  assert_non_null(strstr(text, "energy   unknown (no hardware model)"));
  assert_non_null(strstr(text, "for k: K iterations"));
  /* relu binds N = 1024 in its profile: a number. */
  assert_non_null(strstr(text, "= 1024 (1.02 kFLOP)"));
  assert_null(strstr(text, "\x1b[")); /* no colour unless asked */
  free(text);
  gc_report_free(r);
  gc_profile_set_free(set);
}

/* Every size bound: the bytes cell (text table, HTML) carries the exact value
 * of loaded + stored next to its formula, not "= ?". */
static void test_bytes_exact(void **state) {
  (void)state;
  gc_profile_set *set = load_set();
  gc_binding b[] = {{"M", 64}, {"N", 64}, {"K", 64}};
  gc_report_opts o = {.view = GC_VIEW_SOURCE, .bindings = b, .nbindings = 3};
  gc_report *r = NULL;
  gc_error err = {0};
  assert_int_equal(gc_report_build(&r, set, &o, &err), GC_OK);
  char *text = render(r, GC_REPORT_HTML);
  assert_null(strstr(text, "= ? ("));
  /* gemm: 8*M*N*K loaded + 8*M*N stored */
  if (!strstr(text, "8*M*N*(K + 1) = 2129920 (2.13 MB)"))
    fail_msg("%s", text);
  free(text);
  gc_report_free(r);
  gc_profile_set_free(set);
}

/* The JSON report in memory (greenc diff reads it so) is the tree the text is
 * written from. */
static void test_json_document(void **state) {
  (void)state;
  gc_profile_set *set = load_set();
  gc_report_opts o = {.view = GC_VIEW_SOURCE};
  gc_report *r = NULL;
  gc_error err = {0};
  assert_int_equal(gc_report_build(&r, set, &o, &err), GC_OK);
  json_t *doc = NULL;
  assert_int_equal(gc_report_json(&doc, r, &err), GC_OK);
  assert_int_equal(json_integer_value(json_object_get(doc, "greenc_report")),
                   GC_REPORT_SCHEMA);
  assert_int_equal(json_array_size(json_object_get(doc, "functions")),
                   gc_report_nfunctions(r));
  char *a = json_dumps(doc, JSON_INDENT(2) | JSON_REAL_PRECISION(12));
  char *b = NULL;
  assert_int_equal(gc_report_json_text(&b, r, &err), GC_OK);
  assert_non_null(a);
  assert_string_equal(a, b);
  free(a);
  free(b);
  json_decref(doc);
  assert_int_equal(gc_report_json(NULL, r, &err), GC_EINVAL);
  gc_report_free(r);
  gc_profile_set_free(set);
}

/* A view the profile lacks: the function is kept, not counted, with the
 * profile's reason. */
static void test_missing_view(void **state) {
  gc_profile_set *set = load_set();
  gc_report_opts o = {.view = GC_VIEW_EXECUTED};
  gc_report *r = NULL;
  gc_error err = {0};
  assert_int_equal(gc_report_build(&r, set, &o, &err), GC_OK);
  assert_int_equal(gc_report_nfailed(r), 1);
  char *text = render(r, GC_REPORT_JSON);
  assert_non_null(strstr(text, "\"view_missing\": \"the executed view was not "
                               "taken: fixture: not taken\""));
  free(text);
  gc_report_free(r);
  gc_profile_set_free(set);
}

/* With a shipped model every format writes; numbers come out in joules; SARIF
 * has one result per nest. */

/* The latency bound through a call: mv calls dot (a serial fma f32 chain of n
 * iterations) once per row. On tiny-latency (fma 4 cycles, 2 GHz), rows = 10,
 * cols = 100: 10 x 100 x 4 = 4000 cycles = 2e-6 s, above the throughput bound
 * (1000 fma x ceil(1/4) / 2 slots = 500 cycles). */
static void test_latency_bound_through_call(void **state) {
  (void)state;
  gc_profile_set *set = NULL;
  gc_profile *p = NULL;
  gc_error err = {0};
  assert_int_equal(gc_profile_set_new(&set), GC_OK);
  if (gc_profile_load_file(&p, GREENC_TEST_DATA "/obj/recurrence.json", &err) !=
      GC_OK)
    fail_msg("%s", err.msg);
  assert_int_equal(gc_profile_set_add(set, p), GC_OK);
  gc_hw *hw = NULL;
  if (gc_hw_load(&hw, GREENC_TEST_DATA "/hw/good/tiny-latency.toml", &err) !=
      GC_OK)
    fail_msg("%s", err.msg);
  gc_binding b[] = {{"rows", 10}, {"cols", 100}, {"n", 1000}};
  gc_report_opts o = {
      .view = GC_VIEW_SOURCE, .bindings = b, .nbindings = 3, .hw = hw};
  gc_report *r = NULL;
  assert_int_equal(gc_report_build(&r, set, &o, &err), GC_OK);
  char *text = render(r, GC_REPORT_JSON);
  json_error_t jerr;
  json_t *doc = json_loads(text, 0, &jerr);
  assert_non_null(doc);
  json_t *fns = json_object_get(doc, "functions");
  json_t *mv = NULL;
  for (size_t i = 0; i < json_array_size(fns); i++)
    if (strcmp(
            json_string_value(json_object_get(json_array_get(fns, i), "name")),
            "mv") == 0)
      mv = json_array_get(fns, i);
  assert_non_null(mv);
  /* isum's integer chain may be reassociated: no latency bound in the source
   * view */
  for (size_t i = 0; i < json_array_size(fns); i++)
    if (strcmp(
            json_string_value(json_object_get(json_array_get(fns, i), "name")),
            "isum") == 0)
      assert_null(json_object_get(
          json_object_get(json_array_get(fns, i), "summary"), "time_bound"));
  json_t *sum = json_object_get(mv, "summary");
  assert_string_equal(json_string_value(json_object_get(sum, "time_bound")),
                      "latency-bound: fma f32 chain, 4 cycles per iteration "
                      "(dot: loop 1, line 3)");
  json_t *lat = json_object_get(sum, "time_latency_s");
  assert_true(fabs(json_real_value(json_object_get(lat, "hi")) - 2e-6) < 1e-15);
  json_t *tc = json_object_get(sum, "time_compute_s");
  assert_true(fabs(json_real_value(json_object_get(tc, "hi")) - 2e-6) < 1e-15);
  json_decref(doc);
  free(text);
  /* the text report says which bound applies */
  text = render(r, GC_REPORT_TEXT);
  assert_non_null(strstr(text, "bound    latency-bound: fma f32 chain"));
  free(text);
  gc_report_free(r);
  gc_hw_free(hw);
  gc_profile_set_free(set);
}

static void test_all_formats_with_hw(void **state) {
  gc_profile_set *set = load_set();
  gc_hw *hw = NULL;
  gc_error err = {0};
  if (gc_hw_load_named(&hw, gc_hw_default_name(), NULL, &err) != GC_OK)
    fail_msg("%s", err.msg);
  gc_binding b[] = {{"M", 64}, {"N", 64}, {"K", 64}};
  gc_report_opts o = {
      .view = GC_VIEW_SOURCE, .bindings = b, .nbindings = 3, .hw = hw};
  gc_report *r = NULL;
  assert_int_equal(gc_report_build(&r, set, &o, &err), GC_OK);

  char *text = render(r, GC_REPORT_TEXT);
  assert_non_null(strstr(text, "= 524288 (524 kFLOP)"));
  assert_non_null(strstr(text, "J  (compute "));
  free(text);

  text = render(r, GC_REPORT_SARIF);
  json_error_t jerr;
  json_t *doc = json_loads(text, 0, &jerr);
  assert_non_null(doc);
  assert_string_equal(json_string_value(json_object_get(doc, "version")),
                      "2.1.0");
  json_t *results = json_object_get(
      json_array_get(json_object_get(doc, "runs"), 0), "results");
  assert_int_equal(json_array_size(results),
                   2); /* gemm's nest and relu's loop */
  json_decref(doc);
  free(text);

  text = render(r, GC_REPORT_MD);
  assert_non_null(strstr(text, "```mermaid"));
  assert_non_null(strstr(text, "| `gemm` | examples/gemm.c:8 | 524 kFLOP |"));
  free(text);

  text = render(r, GC_REPORT_HTML);
  assert_non_null(strstr(text, "<svg"));
  assert_null(strstr(text, "<script"));
  free(text);

  gc_report_free(r);
  gc_hw_free(hw);
  gc_profile_set_free(set);
}

/* Counting on threads gives the same report as counting serially (every
 * format); the summaries document is the full one's functions' summaries
 * without op rows; functions_only leaves loop nests and the total out. */
static void test_threads_and_summaries(void **state) {
  (void)state;
  gc_profile_set *set = load_set();
  gc_hw *hw = NULL;
  gc_error err = {0};
  if (gc_hw_load_named(&hw, gc_hw_default_name(), NULL, &err) != GC_OK)
    fail_msg("%s", err.msg);
  gc_binding b[] = {{"M", 64}, {"N", 64}};
  gc_report_opts o = {
      .view = GC_VIEW_SOURCE, .bindings = b, .nbindings = 2, .hw = hw};
  gc_report *serial = NULL, *threaded = NULL, *fonly = NULL;
  assert_int_equal(gc_report_build(&serial, set, &o, &err), GC_OK);
  o.threads = 4;
  assert_int_equal(gc_report_build(&threaded, set, &o, &err), GC_OK);
  for (int fmt = GC_REPORT_TEXT; fmt <= GC_REPORT_HTML; fmt++) {
    char *x = render(serial, (gc_report_format)fmt),
         *y = render(threaded, (gc_report_format)fmt);
    assert_string_equal(x, y);
    free(x);
    free(y);
  }
  json_t *full = NULL, *sums = NULL;
  assert_int_equal(gc_report_json(&full, serial, &err), GC_OK);
  assert_int_equal(gc_report_json_summaries(&sums, serial, &err), GC_OK);
  json_t *ff = json_object_get(full, "functions"),
         *sf = json_object_get(sums, "functions");
  assert_int_equal(json_array_size(sf), json_array_size(ff));
  assert_true(json_array_size(sf) > 0);
  for (size_t i = 0; i < json_array_size(ff); i++) {
    json_t *a =
        json_deep_copy(json_object_get(json_array_get(ff, i), "summary"));
    assert_non_null(json_object_get(a, "ops"));
    json_object_del(a, "ops");
    assert_true(
        json_equal(a, json_object_get(json_array_get(sf, i), "summary")));
    json_decref(a);
  }
  assert_true(
      json_equal(json_object_get(full, "hw"), json_object_get(sums, "hw")));
  assert_null(json_object_get(sums, "total"));
  json_decref(full);
  json_decref(sums);
  o.functions_only = 1;
  assert_int_equal(gc_report_build(&fonly, set, &o, &err), GC_OK);
  assert_int_equal(gc_report_json(&full, fonly, &err), GC_OK);
  json_t *fn0 = json_array_get(json_object_get(full, "functions"), 0);
  json_t *loop0 = json_array_get(json_object_get(fn0, "loops"), 0);
  assert_non_null(loop0);
  assert_null(json_object_get(loop0, "nest"));
  assert_false(
      json_is_true(json_object_get(json_object_get(full, "total"), "counted")));
  json_decref(full);
  gc_report_free(fonly);
  gc_report_free(serial);
  gc_report_free(threaded);
  gc_hw_free(hw);
  gc_profile_set_free(set);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_si_units),
      cmocka_unit_test(test_format_names),
      cmocka_unit_test(test_json_without_hw),
      cmocka_unit_test(test_text_unbound),
      cmocka_unit_test(test_bytes_exact),
      cmocka_unit_test(test_json_document),
      cmocka_unit_test(test_missing_view),
      cmocka_unit_test(test_all_formats_with_hw),
      cmocka_unit_test(test_latency_bound_through_call),
      cmocka_unit_test(test_json_big_count),
      cmocka_unit_test(test_text_colour),
      cmocka_unit_test(test_threads_and_summaries),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
