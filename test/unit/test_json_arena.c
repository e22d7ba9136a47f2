/* test_json_arena.c: jansson values parsed in an arena (json_arena.h) read
 * like any other, jansson's frees inside the arena are harmless, and values
 * made outside it are plain heap values (json_dumps's string is free()'d). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "../../estimator/src/json_arena.h"

static void test_parse_in_arena(void **state) {
  (void)state;
  /* Keys and strings long enough that jansson's lexer frees temporaries, an
   * array that grows, nested objects. */
  const char *text =
      "{\"a_rather_long_key_name_to_copy\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10,"
      " 11, 12, 13, 14, 15, 16, 17, 18, 19, 20], \"s\": \"a string value that "
      "is longer than the lexer's first buffer of sixteen bytes\","
      " \"o\": {\"x\": {\"y\": -7}}}";
  gc_json_arena *a = gc_json_arena_new(16);
  assert_non_null(a);
  gc_json_arena *outer = gc_json_arena_use(a);
  assert_null(outer);
  json_error_t jerr;
  json_t *root = json_loads(text, 0, &jerr);
  /* an error inside the arena: jansson frees what it built */
  json_t *bad = json_loads("{\"k\": [1, 2, {\"z\": }", 0, &jerr);
  assert_ptr_equal(gc_json_arena_use(outer), a);
  assert_null(bad);
  assert_non_null(root);
  json_t *arr = json_object_get(root, "a_rather_long_key_name_to_copy");
  assert_int_equal(json_array_size(arr), 20);
  assert_int_equal(json_integer_value(json_array_get(arr, 19)), 20);
  assert_true(strstr(json_string_value(json_object_get(root, "s")),
                     "sixteen bytes") != NULL);
  assert_int_equal(json_integer_value(json_object_get(
                       json_object_get(json_object_get(root, "o"), "x"), "y")),
                   -7);
  /* Outside the arena: ordinary values, json_dumps's text freed with free. */
  json_t *h = json_pack("{s:i, s:s}", "n", 3, "t", "heap");
  char *dump = json_dumps(h, JSON_COMPACT | JSON_SORT_KEYS);
  assert_string_equal(dump, "{\"n\":3,\"t\":\"heap\"}");
  free(dump);
  json_decref(h);
  gc_json_arena_free(a); /* root goes with it, never decref'd */
  gc_json_arena_free(NULL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_parse_in_arena),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
