/* test_carbon.c: the grid carbon-intensity table (greenc/carbon.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "greenc/carbon.h"

static void test_known_regions(void **state) {
  (void)state;
  double g = 0;
  assert_int_equal(gc_carbon_intensity(&g, "FR", NULL), GC_OK);
  assert_true(g == 56.0);
  assert_int_equal(gc_carbon_intensity(&g, "fr", NULL),
                   GC_OK); /* case-insensitive */
  assert_true(g == 56.0);
  assert_int_equal(gc_carbon_intensity(&g, "France", NULL),
                   GC_OK); /* by name */
  assert_true(g == 56.0);
  assert_int_equal(gc_carbon_intensity(&g, "UK", NULL),
                   GC_OK); /* alias of GB */
  assert_true(g == 237.6);
  assert_int_equal(gc_carbon_intensity(&g, "WORLD", NULL), GC_OK);
  assert_true(g == 475.0);
  assert_int_equal(gc_carbon_intensity(&g, "coal", NULL), GC_OK);
  assert_true(g == 995.0);
  const gc_carbon_region *r = gc_carbon_region_find("NO");
  assert_non_null(r);
  assert_string_equal(r->name, "Norway");
  assert_true(r->g_per_kwh == 30.1);
  assert_non_null(strstr(r->source, "CodeCarbon"));
}

static void test_unknown_region(void **state) {
  (void)state;
  double g = -1;
  gc_error err = {0};
  assert_int_equal(gc_carbon_intensity(&g, "FX", &err), GC_ENOTFOUND);
  assert_string_equal(err.msg, "unknown region 'FX' (did you mean 'FR'?)");
  assert_true(g == -1); /* untouched */
  assert_null(gc_carbon_region_find("Atlantis"));
}

static void test_table_is_sane(void **state) {
  (void)state;
  size_t n = gc_carbon_nregions();
  assert_true(n >= 19);
  for (size_t i = 0; i < n; i++) {
    const gc_carbon_region *r = gc_carbon_region_at(i);
    assert_non_null(r);
    assert_true(r->g_per_kwh > 0 && r->g_per_kwh < 1000);
    assert_true(r->source && r->source[0]);
    assert_ptr_equal(gc_carbon_region_find(r->code), r); /* codes are unique */
  }
  assert_null(gc_carbon_region_at(n));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_known_regions),
      cmocka_unit_test(test_unknown_region),
      cmocka_unit_test(test_table_is_sane),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
