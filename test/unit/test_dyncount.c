/* test_dyncount.c: reading the counts an instrumented run writes
 * (libgreenc_rt.a's JSON): functions, block counters, symbol tuples, and the
 * errors for malformed input. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "greenc/dyncount.h"

static const char *good =
    "{\"greenc_counts\": 1, \"functions\": [\n"
    " {\"name\": \"saxpy\", \"module\": \"k/saxpy.c\", \"view\": \"executed\","
    "  \"calls\": 3, \"ns\": 1200, \"blocks\": [3, 0, 17],"
    "  \"symbols\": [\"n\", \"p->d\"],"
    "  \"tuples\": [{\"calls\": 2, \"values\": [8, -1]},"
    "              {\"calls\": 1, \"values\": [1, 9223372036854775807]}],"
    "  \"dropped_calls\": 0, \"bulk_read\": 64, \"bulk_written\": 96},\n"
    " {\"name\": \"main\", \"module\": \"m.c\", \"calls\": 1,"
    "  \"blocks\": [1], \"symbols\": [], \"tuples\": [{\"calls\": 1, "
    "\"values\": []}]}\n"
    "]}\n";

static void test_parse(void **state) {
  (void)state;
  gc_dyncount *d = NULL;
  gc_error err = {0};
  assert_int_equal(gc_dyncount_parse(&d, good, strlen(good), "t", &err), GC_OK);
  assert_int_equal(gc_dyncount_nfunctions(d), 2);
  const gc_dyn_function *f = gc_dyncount_function(d, 0);
  assert_string_equal(f->name, "saxpy");
  assert_string_equal(f->module, "k/saxpy.c");
  assert_string_equal(f->view, "executed");
  assert_int_equal(f->calls, 3);
  assert_int_equal(f->ns, 1200);
  assert_int_equal(f->nblocks, 3);
  assert_int_equal(f->blocks[2], 17);
  assert_int_equal(f->nsymbols, 2);
  assert_string_equal(f->symbols[1], "p->d");
  assert_int_equal(f->ntuples, 2);
  assert_int_equal(f->tuples[0].calls, 2);
  assert_true(f->tuples[0].values[1] == -1);
  assert_true(f->tuples[1].values[1] == INT64_MAX);
  assert_true(f->has_bulk);
  assert_int_equal(f->bulk_read, 64);
  assert_int_equal(f->bulk_written, 96);
  const gc_dyn_function *m = gc_dyncount_find(d, "main", NULL);
  assert_non_null(m);
  assert_false(m->has_bulk); /* no bulk memory calls, or an older runtime */
  assert_string_equal(m->view, "executed"); /* default */
  assert_int_equal(m->ns, 0);
  assert_null(gc_dyncount_find(d, "saxpy", "other.c"));
  assert_ptr_equal(gc_dyncount_find(d, "saxpy", "k/saxpy.c"), f);
  assert_null(gc_dyncount_function(d, 2));
  gc_dyncount_free(d);
}

static void expect_error(const char *json, int code, const char *needle) {
  gc_dyncount *d = NULL;
  gc_error err = {0};
  assert_int_equal(gc_dyncount_parse(&d, json, strlen(json), "c.json", &err),
                   code);
  assert_null(d);
  if (!strstr(err.msg, needle))
    fail_msg("'%s' not in '%s'", needle, err.msg);
}

static void test_errors(void **state) {
  (void)state;
  expect_error("{", GC_EPARSE, "c.json:");
  expect_error("{\"functions\": []}", GC_ESCHEMA, "greenc_counts");
  expect_error("{\"greenc_counts\": 2, \"functions\": []}", GC_EVERSION,
               "newer");
  expect_error("{\"greenc_counts\": 1}", GC_ESCHEMA, "functions");
  expect_error("{\"greenc_counts\": 1, \"functions\": [{\"name\": \"f\"}]}",
               GC_ESCHEMA, "functions[0]: missing or mistyped \"blocks\"");
  expect_error("{\"greenc_counts\": 1, \"functions\": [{\"name\": \"f\", "
               "\"calls\": 1, \"blocks\": [-1], \"symbols\": [], \"tuples\": "
               "[]}]}",
               GC_ESCHEMA, "f: blocks[0] is not a count");
  expect_error("{\"greenc_counts\": 1, \"functions\": [{\"name\": \"f\", "
               "\"calls\": 1, \"blocks\": [], \"symbols\": [\"n\"], "
               "\"tuples\": [{\"calls\": 1, \"values\": []}]}]}",
               GC_ESCHEMA, "tuples[0]: expected calls and 1 values");
  expect_error("{\"greenc_counts\": 1, \"functions\": [{\"name\": \"f\", "
               "\"calls\": 1, \"blocks\": [], \"symbols\": [\"n\"], "
               "\"tuples\": [{\"calls\": 1, \"values\": [1.5]}]}]}",
               GC_ESCHEMA, "values[0] is not an integer");
}

static void test_load_file(void **state) {
  (void)state;
  char path[] = "/tmp/greenc-dyncount-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  assert_non_null(f);
  fputs(good, f);
  fclose(f);
  gc_dyncount *d = NULL;
  gc_error err = {0};
  assert_int_equal(gc_dyncount_load_file(&d, path, &err), GC_OK);
  assert_int_equal(gc_dyncount_nfunctions(d), 2);
  gc_dyncount_free(d);
  unlink(path);
  assert_int_equal(gc_dyncount_load_file(&d, path, &err), GC_EIO);
  assert_null(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_load_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
