/* test_hw.c: the hardware-model loader (greenc/hw.h): every shipped model loads
 * with a source and a tag on every figure, inheritance overrides, and each
 * golden bad model fails with its exact message. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "greenc/hw.h"

#define HWDATA GREENC_TEST_DATA "/hw"
#define MODELS GREENC_SOURCE_DIR "/hwmodels"

static const char *const shipped[] = {"a100-sxm", "epyc-9654",     "graviton3",
                                      "h100-sxm", "horowitz-45nm", "rpi5",
                                      "stm32l4",  "tech-7nm",      "xeon-8480"};
#define NSHIPPED (sizeof shipped / sizeof shipped[0])

static void test_list_has_every_shipped_model(void **state) {
  (void)state;
  char **names = NULL;
  size_t n = 0;
  gc_error err = {0};
  assert_int_equal(gc_hw_list(&names, &n, MODELS, &err), GC_OK);
  assert_int_equal(n, NSHIPPED);
  for (size_t i = 0; i < n; i++) {
    assert_string_equal(names[i], shipped[i]); /* sorted */
    free(names[i]);
  }
  free(names);
}

/* Iterates the directory: a model added later is checked too. */
static void test_every_model_loads_with_sourced_figures(void **state) {
  (void)state;
  char **names = NULL;
  size_t n = 0;
  gc_error err = {0};
  assert_int_equal(gc_hw_list(&names, &n, MODELS, &err), GC_OK);
  assert_true(n > 0);
  for (size_t i = 0; i < n; i++) {
    gc_hw *hw = NULL;
    int rc = gc_hw_load_named(&hw, names[i], MODELS, &err);
    if (rc != GC_OK)
      fail_msg("%s: %s", names[i], err.msg);
    assert_string_equal(gc_hw_name(hw), names[i]);
    size_t nf = gc_hw_nfigures(hw);
    assert_true(nf > 0);
    for (size_t j = 0; j < nf; j++) {
      gc_figure f;
      const char *path = NULL;
      assert_int_equal(gc_hw_figure_at(&f, &path, hw, j), GC_OK);
      assert_true(f.present);
      assert_non_null(path);
      if (!f.source || !f.source[0] || !f.src_key || !f.src_key[0])
        fail_msg("%s: %s has no source", names[i], path);
      if ((unsigned)f.tag > GC_TAG_CALIBRATED)
        fail_msg("%s: %s has no valid tag", names[i], path);
    }
    gc_figure none;
    assert_int_equal(gc_hw_figure_at(&none, NULL, hw, nf), GC_ENOTFOUND);
    /* describe prints every figure */
    FILE *tmp = tmpfile();
    assert_non_null(tmp);
    assert_int_equal(gc_hw_describe(hw, tmp), GC_OK);
    assert_true(ftell(tmp) > 0);
    fclose(tmp);
    gc_hw_free(hw);
    free(names[i]);
  }
  free(names);
}

static void test_default_model(void **state) {
  (void)state;
  gc_hw *hw = NULL;
  gc_error err = {0};
  assert_string_equal(gc_hw_default_name(), "epyc-9654");
  /* ctest sets GREENC_HWMODELS_DIR to the source tree */
  assert_int_equal(gc_hw_load_named(&hw, gc_hw_default_name(), NULL, &err),
                   GC_OK);
  assert_string_equal(gc_hw_kind(hw), "cpu");
  assert_string_equal(gc_hw_vendor(hw), "AMD");
  gc_figure cores = gc_hw_figure(hw, "chip.cores");
  assert_true(cores.present);
  assert_true(cores.value == 96);
  assert_int_equal(cores.tag, GC_TAG_PUBLISHED);
  /* fmul f32 comes from tech-7nm through inherits */
  gc_figure fmul = gc_hw_op_pj(hw, GC_OP_FMUL, GC_TY_F32);
  assert_true(fmul.present);
  assert_true(fmul.value == 1.31);
  assert_string_equal(fmul.src_key, "jouppi2021");
  /* the DRAM level is last, with 8 x pJ/bit per byte */
  size_t nl = gc_hw_nlevels(hw);
  assert_int_equal(nl, 4);
  gc_hw_level l;
  assert_int_equal(gc_hw_level_at(&l, hw, nl - 1), GC_OK);
  assert_true(l.is_dram);
  assert_true(l.read_pj_per_byte.present);
  assert_true(l.read_pj_per_byte.value == 8 * 14.0);
  assert_int_equal(gc_hw_level_at(&l, hw, 0), GC_OK);
  assert_string_equal(l.name, "L1d");
  assert_string_equal(l.sharing, "core");
  assert_false(l.read_gbs.present); /* no published figure: left out */
  gc_hw_throughput t;
  assert_int_equal(gc_hw_throughput_find(&t, hw, "vector", GC_TY_F32), GC_OK);
  assert_true(t.lanes.value == 8 && t.ops_per_cycle.value == 32);
  assert_int_equal(gc_hw_throughput_find(&t, hw, "matrix", GC_TY_BF16),
                   GC_ENOTFOUND);
  /* absent figures say so */
  assert_false(gc_hw_figure(hw, "power.static_w").present);
  assert_false(gc_hw_op_pj(hw, GC_OP_FSQRT, GC_TY_F32).present);
  gc_hw_free(hw);
}

static void test_default_dir_from_env(void **state) {
  (void)state;
  const char *saved = getenv("GREENC_HWMODELS_DIR");
  char keep[1024] = "";
  if (saved)
    snprintf(keep, sizeof keep, "%s", saved);
  assert_int_equal(setenv("GREENC_HWMODELS_DIR", HWDATA "/good", 1), 0);
  assert_string_equal(gc_hw_default_dir(), HWDATA "/good");
  char **names = NULL;
  size_t n = 0;
  assert_int_equal(gc_hw_list(&names, &n, NULL, NULL), GC_OK);
  assert_int_equal(n, 5);
  assert_string_equal(names[0], "child");
  assert_string_equal(names[1], "tiny");
  assert_string_equal(names[2], "tiny-base");
  assert_string_equal(names[3], "tiny-latency");
  assert_string_equal(names[4], "tiny-ooo");
  for (size_t i = 0; i < n; i++)
    free(names[i]);
  free(names);
  gc_hw *hw = NULL;
  assert_int_equal(gc_hw_load_named(&hw, "tiny", NULL, NULL), GC_OK);
  gc_hw_free(hw);
  /* unset: the compiled-in source directory */
  assert_int_equal(unsetenv("GREENC_HWMODELS_DIR"), 0);
  assert_string_equal(gc_hw_default_dir(), MODELS);
  if (saved)
    setenv("GREENC_HWMODELS_DIR", keep, 1);
}

static void test_ptr_ops_use_i64(void **state) {
  (void)state;
  gc_hw *hw = NULL;
  gc_error err = {0};
  assert_int_equal(gc_hw_load_named(&hw, "horowitz-45nm", MODELS, &err), GC_OK);
  gc_figure a = gc_hw_op_pj(hw, GC_OP_IADD, GC_TY_PTR),
            b = gc_hw_op_pj(hw, GC_OP_IADD, GC_TY_I64);
  assert_true(a.present && b.present);
  assert_true(a.value == b.value && a.value == 0.2);
  gc_hw_free(hw);
}

/* Latencies: published figures on the default model, ptr as i64, absent ops
 * absent (not a guess), and inherited by a model that does not set them. */
static void test_latencies(void **state) {
  (void)state;
  gc_hw *hw = NULL;
  gc_error err = {0};
  assert_int_equal(gc_hw_load_named(&hw, "epyc-9654", MODELS, &err), GC_OK);
  gc_figure fma = gc_hw_op_latency(hw, GC_OP_FMA, GC_TY_F32),
            add = gc_hw_op_latency(hw, GC_OP_FADD, GC_TY_F64),
            pa = gc_hw_op_latency(hw, GC_OP_IADD, GC_TY_PTR),
            ia = gc_hw_op_latency(hw, GC_OP_IADD, GC_TY_I64),
            div = gc_hw_op_latency(hw, GC_OP_FDIV, GC_TY_F32);
  assert_true(fma.present && fma.value == 4 && fma.tag == GC_TAG_PUBLISHED);
  assert_string_equal(fma.src_key, "amd-zen4-sog");
  assert_true(add.present && add.value == 3);
  assert_true(pa.present && ia.present && pa.value == ia.value);
  assert_false(div.present);
  gc_hw_free(hw);
  assert_int_equal(gc_hw_load_named(&hw, "xeon-8480", MODELS, &err), GC_OK);
  fma = gc_hw_op_latency(hw, GC_OP_FMA, GC_TY_F64);
  add = gc_hw_op_latency(hw, GC_OP_FADD, GC_TY_F32);
  assert_true(fma.present && fma.value == 4);
  assert_true(add.present && add.value == 2);
  gc_hw_free(hw);
  /* a technology table has none */
  assert_int_equal(gc_hw_load_named(&hw, "tech-7nm", MODELS, &err), GC_OK);
  assert_false(gc_hw_op_latency(hw, GC_OP_FMA, GC_TY_F32).present);
  gc_hw_free(hw);
}

static void test_inheritance_overrides(void **state) {
  (void)state;
  gc_hw *hw = NULL;
  gc_error err = {0};
  int rc = gc_hw_load(&hw, HWDATA "/good/child.toml", &err);
  if (rc)
    fail_msg("%s", err.msg);
  assert_string_equal(gc_hw_name(hw), "child");
  assert_string_equal(gc_hw_inherits(hw), "tiny");
  gc_figure boost =
      gc_hw_figure(hw, "chip.boost_ghz"); /* overridden in child */
  assert_true(boost.value == 3);
  assert_int_equal(boost.tag, GC_TAG_ESTIMATE);
  assert_string_equal(boost.note, "overridden");
  assert_string_equal(
      boost.source,
      "greenc unit tests: a hand-made model, not a real chip"); /* tiny-base's
                                                                 */
  gc_figure base =
      gc_hw_figure(hw, "chip.base_ghz"); /* from tiny-base, two levels up */
  assert_true(base.present && base.value == 1);
  gc_figure st = gc_hw_figure(hw, "power.static_w"); /* from tiny */
  assert_true(st.present && st.value == 4);
  assert_int_equal(st.tag, GC_TAG_CALIBRATED);
  /* the memory array is replaced whole: SRAM, then tiny-base's DRAM table */
  assert_int_equal(gc_hw_nlevels(hw), 2);
  gc_hw_level l;
  gc_hw_level_at(&l, hw, 0);
  assert_string_equal(l.name, "SRAM");
  assert_true(l.read_pj_per_byte.value == 5);
  assert_false(l.read_gbs.present);
  gc_hw_level_at(&l, hw, 1);
  assert_true(l.is_dram);
  assert_true(l.read_pj_per_byte.value == 80);
  gc_hw_free(hw);

  /* shipped: h100-sxm -> a100-sxm -> tech-7nm */
  assert_int_equal(gc_hw_load_named(&hw, "h100-sxm", MODELS, &err), GC_OK);
  assert_true(gc_hw_figure(hw, "chip.cores").value == 132);
  assert_true(gc_hw_figure(hw, "energy.instruction_pj").value ==
              0.7745); /* a100-sxm's */
  assert_true(gc_hw_op_pj(hw, GC_OP_FMUL, GC_TY_F32).value ==
              1.31); /* tech-7nm's */
  assert_string_equal(gc_hw_dram_type(hw), "HBM3");
  gc_hw_free(hw);
}

struct bad_case {
  const char *file;
  int code;
  const char *msg; /* after HWDATA "/bad/" */
};

static const struct bad_case bad_cases[] = {
    {"syntax.toml", GC_EPARSE,
     "syntax.toml:9:41: TOML syntax error: Error while parsing inline table: "
     "expected comma or closing '}', saw 's'"},
    {"unknown-key.toml", GC_ESCHEMA,
     "unknown-key.toml:11:1: unknown field 'chip.boost_gz' (did you mean "
     "'chip.boost_ghz'?)"},
    {"missing-cores.toml", GC_ESCHEMA,
     "missing-cores.toml: missing required field 'chip.cores' (required for "
     "kind = \"cpu\")"},
    {"missing-src.toml", GC_ESCHEMA,
     "missing-src.toml:9:14: missing required field 'chip.process_nm.src'"},
    {"negative-energy.toml", GC_ERANGE,
     "negative-energy.toml:10:14: energy.f32.fmul = -3.7: out of range (an "
     "energy must be >= 0)"},
    {"zero-bandwidth.toml", GC_ERANGE,
     "zero-bandwidth.toml:14:18: dram.read_gbs = 0: out of range (a bandwidth "
     "must be > 0)"},
    {"zero-latency.toml", GC_ERANGE,
     "zero-latency.toml:13:13: latency_cycles.f32.fma = 0: out of range (a "
     "latency must be > 0 cycles)"},
    {"latency-op.toml", GC_ESCHEMA,
     "latency-op.toml:13:1: unknown field 'latency_cycles.f32.fmac' (did you "
     "mean 'latency_cycles.f32.fma'?)"},
    {"cycle-a.toml", GC_ESCHEMA,
     "cycle-a.toml: inherits cycle: cycle-a -> cycle-b -> cycle-a"},
    {"unknown-source.toml", GC_ESCHEMA,
     "unknown-source.toml:9:44: energy.f32.fadd.src = \"horowitz2041\": no "
     "such key in [sources] (did you mean "
     "'horowitz2014'?)"},
    {"bare-number.toml", GC_ESCHEMA,
     "bare-number.toml:10:9: chip.cores = 96: a figure needs its source and "
     "tag: { v = ..., tag = \"...\", src = "
     "\"...\" }"},
    {"bad-tag.toml", GC_ESCHEMA,
     "bad-tag.toml:9:29: chip.process_nm.tag = \"publisehd\": unknown tag (did "
     "you mean 'published'?)"},
    {"schema-2.toml", GC_EVERSION,
     "schema-2.toml:1:10: schema = 2: this greenc reads schema 1"},
    {"wrong-name.toml", GC_ESCHEMA,
     "wrong-name.toml:2:8: name = \"right-name\" differs from the file name "
     "'wrong-name.toml'"},
};

static void test_bad_models(void **state) {
  (void)state;
  for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
    const struct bad_case *c = &bad_cases[i];
    char path[512], want[1200];
    snprintf(path, sizeof path, "%s/bad/%s", HWDATA, c->file);
    snprintf(want, sizeof want, "%s/bad/%s", HWDATA, c->msg);
    gc_hw *hw = (gc_hw *)&path; /* must be reset to NULL */
    gc_error err = {0};
    int rc = gc_hw_load(&hw, path, &err);
    if (rc != c->code || strcmp(err.msg, want) != 0)
      fail_msg("%s: got %d '%s', want %d '%s'", c->file, rc, err.msg, c->code,
               want);
    assert_int_equal(err.code, c->code);
    assert_null(hw);
  }
}

static void test_missing_parent_and_unknown_name(void **state) {
  (void)state;
  gc_hw *hw = NULL;
  gc_error err = {0};
  assert_int_equal(gc_hw_load(&hw, HWDATA "/bad/no-parent.toml", &err),
                   GC_ENOTFOUND);
  assert_string_equal(
      err.msg, HWDATA
      "/bad/no-parent.toml:3:12: inherits = \"nowhere\": no model " HWDATA
      "/bad/nowhere.toml");
  assert_null(hw);
  assert_int_equal(gc_hw_load_named(&hw, "epyc-9645", MODELS, &err),
                   GC_ENOTFOUND);
  assert_string_equal(err.msg, "no hardware model 'epyc-9645' in " MODELS
                               " (did you mean 'epyc-9654'?)");
  assert_int_equal(gc_hw_load(&hw, HWDATA "/bad/does-not-exist.toml", &err),
                   GC_EIO);
  assert_non_null(strstr(err.msg, "does-not-exist.toml: cannot open"));
  assert_null(hw);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_list_has_every_shipped_model),
      cmocka_unit_test(test_every_model_loads_with_sourced_figures),
      cmocka_unit_test(test_default_model),
      cmocka_unit_test(test_default_dir_from_env),
      cmocka_unit_test(test_ptr_ops_use_i64),
      cmocka_unit_test(test_latencies),
      cmocka_unit_test(test_inheritance_overrides),
      cmocka_unit_test(test_bad_models),
      cmocka_unit_test(test_missing_parent_and_unknown_name),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
