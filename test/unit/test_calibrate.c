/* test_calibrate.c: the fitting of greenc calibrate (greenc/calibrate.h) on
 * synthetic data with known answers, and the calibrated model it writes:
 * loadable, inheriting, measured figures tagged calibrated. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "greenc/calibrate.h"

#define MODELS GREENC_SOURCE_DIR "/hwmodels"

static void test_fit_line_recovers_slope_and_intercept(void **state) {
  (void)state;
  /* y = 3e-3 + 2.5e-9 x with a deterministic +-0.1% wobble */
  double x[8], y[8];
  for (int i = 0; i < 8; i++) {
    x[i] = 1e6 * (1 << i);
    y[i] = (3e-3 + 2.5e-9 * x[i]) * (1 + ((i % 2) ? 1e-3 : -1e-3));
  }
  gc_fit f;
  gc_error err = {0};
  assert_int_equal(gc_calib_fit_line(&f, x, y, 8, &err), GC_OK);
  assert_true(fabs(f.slope / 2.5e-9 - 1) < 2e-3);
  assert_true(fabs(f.intercept - 3e-3) < 2e-4);
  assert_true(f.r2 > 0.999);
  assert_int_equal(f.n, 8);
  assert_true(f.slope_sd > 0);
  /* exact data: exact answer */
  double x2[3] = {1, 2, 3}, y2[3] = {5, 7, 9};
  assert_int_equal(gc_calib_fit_line(&f, x2, y2, 3, &err), GC_OK);
  assert_true(fabs(f.slope - 2) < 1e-12 && fabs(f.intercept - 3) < 1e-12);
}

static void test_fit_line_rejects_degenerate_input(void **state) {
  (void)state;
  gc_fit f;
  gc_error err = {0};
  double x[3] = {4, 4, 4}, y[3] = {1, 2, 3};
  assert_int_equal(gc_calib_fit_line(&f, x, y, 3, &err), GC_EINVAL);
  assert_non_null(strstr(err.msg, "no slope"));
  assert_int_equal(gc_calib_fit_line(&f, x, y, 1, &err), GC_EINVAL);
  double xn[2] = {1, NAN};
  assert_int_equal(gc_calib_fit_line(&f, xn, y, 2, &err), GC_EINVAL);
}

static void test_median(void **state) {
  (void)state;
  double m;
  double odd[5] = {9, 1, 5, 3, 7}, even[4] = {4, 1, 3, 2};
  assert_int_equal(gc_calib_median(&m, odd, 5, NULL), GC_OK);
  assert_true(m == 5);
  assert_true(odd[0] == 9); /* not modified */
  assert_int_equal(gc_calib_median(&m, even, 4, NULL), GC_OK);
  assert_true(m == 2.5);
  assert_int_equal(gc_calib_median(&m, even, 0, NULL), GC_EINVAL);
}

/* Zen 4 style: 2 FMA pipes of 8 f32 lanes, 16-lane instructions take two
 * slots: cpi 0.5 up to 8 lanes, 1.0 at 16. */
static void test_fit_width_half_rate_wide(void **state) {
  (void)state;
  double w[4] = {1, 4, 8, 16}, cpi[4] = {0.5, 0.51, 0.5, 1.0};
  double lanes, ops, rms;
  assert_int_equal(gc_calib_fit_width(&lanes, &ops, &rms, w, cpi, 4, NULL),
                   GC_OK);
  assert_true(lanes == 8);
  assert_true(fabs(ops - 32) < 0.5);
  assert_true(rms < 0.02);
}

/* Full-width pipes: every width at the same rate, the widest is native. */
static void test_fit_width_full_rate(void **state) {
  (void)state;
  double w[4] = {1, 2, 4, 8}, cpi[4] = {0.5, 0.5, 0.5, 0.5};
  double lanes, ops, rms;
  assert_int_equal(gc_calib_fit_width(&lanes, &ops, &rms, w, cpi, 4, NULL),
                   GC_OK);
  assert_true(lanes == 8);
  assert_true(fabs(ops - 32) < 1e-9);
  /* one width only */
  double w1[1] = {4}, c1[1] = {1.0};
  assert_int_equal(gc_calib_fit_width(&lanes, &ops, &rms, w1, c1, 1, NULL),
                   GC_OK);
  assert_true(lanes == 4 && fabs(ops - 8) < 1e-9);
  double bad[1] = {0};
  assert_int_equal(gc_calib_fit_width(&lanes, &ops, &rms, w1, bad, 1, NULL),
                   GC_EINVAL);
}

/* joules = 1e-12 (1.5 x lane-ops + 20 x instructions + 3 x bytes) + 10 W x s,
 * with a 0.5% wobble: the coefficients come back. */
static void test_fit_energy_recovers_coefficients(void **state) {
  (void)state;
  enum { N = 8, K = 3 };
  double u[N * K], t[N], j[N];
  for (int i = 0; i < N; i++) {
    /* work of the order of the static energy, as in a run of ~0.3 s */
    u[i * K + 0] = 1e12 * (1 + i % 3);       /* lane-ops */
    u[i * K + 1] = 5e10 * (1 + (i * 5) % 4); /* instructions */
    u[i * K + 2] = 3e11 * (i % 2);           /* bytes */
    t[i] = 0.2 + 0.05 * i;
    j[i] = (1e-12 * (1.5 * u[i * K] + 20 * u[i * K + 1] + 3 * u[i * K + 2]) +
            10 * t[i]) *
           (1 + 5e-3 * sin(1.7 * i + 0.3));
  }
  double pj[K], w, rms;
  gc_error err = {0};
  int rc = gc_calib_fit_energy(pj, &w, &rms, u, t, j, N, K, &err);
  if (rc != GC_OK)
    fail_msg("%s", err.msg);
  if (!(fabs(pj[0] / 1.5 - 1) < 0.1 && fabs(pj[1] / 20 - 1) < 0.1 &&
        fabs(pj[2] / 3 - 1) < 0.1 && fabs(w / 10 - 1) < 0.1))
    fail_msg("fitted %g %g %g pJ, %g W", pj[0], pj[1], pj[2], w);
  assert_true(fabs(pj[0] / 1.5 - 1) < 0.1);
  assert_true(fabs(pj[1] / 20 - 1) < 0.1);
  assert_true(fabs(pj[2] / 3 - 1) < 0.1);
  assert_true(fabs(w / 10 - 1) < 0.1);
  assert_true(rms < 0.01);
  /* a column that never varies apart from another cannot be fitted */
  for (int i = 0; i < N; i++)
    u[i * K + 2] = 0;
  assert_int_equal(gc_calib_fit_energy(pj, &w, &rms, u, t, j, N, K, &err),
                   GC_ERANGE);
  assert_int_equal(gc_calib_fit_energy(pj, &w, &rms, u, t, j, K + 1, K, &err),
                   GC_EINVAL);
  j[0] = 0;
  assert_int_equal(gc_calib_fit_energy(pj, &w, &rms, u, t, j, N, K, &err),
                   GC_EINVAL);
}

static gc_calib sample(void) {
  gc_calib c;
  memset(&c, 0, sizeof c);
  snprintf(c.name, sizeof c.name, "mine");
  snprintf(c.date, sizeof c.date, "2026-11-22");
  snprintf(c.machine, sizeof c.machine, "AMD \"Test\" CPU");
  c.clock_ghz = 3.1;
  snprintf(c.clock_method, sizeof c.clock_method, "dependent add chain");
  c.ntput = 2;
  c.tput[0].ty = GC_TY_F64;
  c.tput[0].lanes = 4;
  c.tput[0].ops_per_cycle = 15.5;
  snprintf(c.tput[0].method, GC_CALIB_TEXT, "fma chains");
  c.tput[1].ty = GC_TY_F16; /* not in the parent: appended */
  c.tput[1].lanes = 16;
  c.tput[1].ops_per_cycle = 64;
  snprintf(c.tput[1].method, GC_CALIB_TEXT, "fma chains");
  c.nbw = 2;
  snprintf(c.bw[0].level, sizeof c.bw[0].level, "L2");
  c.bw[0].read_gbs = 95.5;
  snprintf(c.bw[0].method, GC_CALIB_TEXT, "streaming sum");
  snprintf(c.bw[1].level, sizeof c.bw[1].level, "DRAM");
  c.bw[1].read_gbs = 20;
  c.bw[1].write_gbs = 12;
  snprintf(c.bw[1].method, GC_CALIB_TEXT, "streaming sum and fill");
  c.cold_call_ns = 736;
  snprintf(c.cold_method, GC_CALIB_TEXT, "a call after a flush");
  c.nop = 3;
  c.op[0].op = GC_OP_FEXP;
  c.op[0].ty = GC_TY_F32;
  c.op[0].cycles = 10.5;
  snprintf(c.op[0].method, GC_CALIB_TEXT, "expf calls side by side");
  c.op[1].op = GC_OP_FDIV;
  c.op[1].ty = GC_TY_F64;
  c.op[1].cycles = 4.5;
  snprintf(c.op[1].method, GC_CALIB_TEXT, "divisions side by side");
  c.op[2].op = GC_OP_FDIV;
  c.op[2].ty = GC_TY_F32;
  c.op[2].cycles = 3;
  snprintf(c.op[2].method, GC_CALIB_TEXT, "divisions side by side");
  return c;
}

static void test_written_model_loads_and_inherits(void **state) {
  (void)state;
  gc_error err = {0};
  gc_hw *parent = NULL, *hw = NULL;
  assert_int_equal(gc_hw_load_named(&parent, "epyc-9654", MODELS, &err), GC_OK);
  char dir[] = "/tmp/greenc-test-calib-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof path, "%s/mine.toml", dir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  gc_calib c = sample();
  assert_int_equal(gc_calib_write_model(f, parent, &c, &err), GC_OK);
  fclose(f);
  /* epyc-9654 is not in dir: found in the shipped directory */
  int rc = gc_hw_load(&hw, path, &err);
  if (rc != GC_OK)
    fail_msg("%s", err.msg);
  assert_string_equal(gc_hw_inherits(hw), "epyc-9654");
  gc_figure g = gc_hw_figure(hw, "chip.boost_ghz");
  assert_true(g.present && g.value == 3.1 && g.tag == GC_TAG_CALIBRATED);
  assert_non_null(strstr(g.source, "2026-11-22"));
  assert_non_null(strstr(g.source, "AMD \"Test\" CPU"));
  assert_non_null(strstr(g.source, "dependent add chain"));
  /* inherited untouched */
  g = gc_hw_figure(hw, "power.tdp_w");
  assert_true(g.present && g.value == 360 && g.tag == GC_TAG_PUBLISHED);
  g = gc_hw_op_pj(hw, GC_OP_FMUL, GC_TY_F32);
  assert_true(g.present && g.value == 1.31);
  /* throughputs: f64 replaced, f32 kept, f16 appended */
  gc_hw_throughput t;
  assert_int_equal(gc_hw_throughput_find(&t, hw, "vector", GC_TY_F64), GC_OK);
  assert_true(t.ops_per_cycle.value == 15.5 &&
              t.ops_per_cycle.tag == GC_TAG_CALIBRATED);
  assert_int_equal(gc_hw_throughput_find(&t, hw, "vector", GC_TY_F32), GC_OK);
  assert_true(t.ops_per_cycle.value == 32 &&
              t.ops_per_cycle.tag == GC_TAG_DERIVED); /* the parent's */
  assert_int_equal(gc_hw_throughput_find(&t, hw, "vector", GC_TY_F16), GC_OK);
  assert_true(t.lanes.value == 16);
  assert_int_equal(gc_hw_nthroughputs(hw), gc_hw_nthroughputs(parent) + 1);
  /* memory: same levels, L2 bandwidth calibrated, L1 energies inherited */
  assert_int_equal(gc_hw_nlevels(hw), gc_hw_nlevels(parent));
  gc_hw_level l;
  assert_int_equal(gc_hw_level_at(&l, hw, 1), GC_OK);
  assert_string_equal(l.name, "L2");
  assert_true(l.read_gbs.present && l.read_gbs.value == 95.5 &&
              l.read_gbs.tag == GC_TAG_CALIBRATED);
  assert_int_equal(gc_hw_level_at(&l, hw, 0), GC_OK);
  assert_false(l.read_gbs.present);
  assert_true(l.read_pj_per_byte.present && l.read_pj_per_byte.value == 1.0625);
  assert_int_equal(gc_hw_level_at(&l, hw, gc_hw_nlevels(hw) - 1), GC_OK);
  assert_true(l.is_dram && l.read_gbs.value == 20 && l.write_gbs.value == 12);
  assert_true(l.read_pj_per_byte.present); /* dram.pj_per_bit inherited */
  /* what was not measured is listed */
  char inh[2048];
  size_t n = gc_calib_inherited(inh, sizeof inh, parent, &c);
  assert_true(n > 10);
  assert_non_null(strstr(inh, "power.tdp_w"));
  assert_non_null(strstr(inh, "energy.*"));
  assert_null(strstr(inh, "chip.boost_ghz"));
  assert_null(strstr(inh, "dram.read_gbs"));
  /* issue costs: one table per type, each figure calibrated with its source */
  g = gc_hw_figure(hw, "issue_cycles.f32.fexp");
  assert_true(g.present && g.value == 10.5 && g.tag == GC_TAG_CALIBRATED);
  assert_non_null(strstr(g.source, "expf calls side by side"));
  g = gc_hw_figure(hw, "issue_cycles.f32.fdiv");
  assert_true(g.present && g.value == 3);
  g = gc_hw_figure(hw, "issue_cycles.f64.fdiv");
  assert_true(g.present && g.value == 4.5);
  assert_false(gc_hw_figure(hw, "issue_cycles.f64.fexp").present);
  g = gc_hw_figure(hw, "dram.cold_call_ns");
  assert_true(g.present && g.value == 736 && g.tag == GC_TAG_CALIBRATED);
  assert_non_null(strstr(g.source, "a call after a flush"));
  assert_null(strstr(inh, "dram.cold_call_ns"));
  gc_hw_free(hw);
  gc_hw_free(parent);
  unlink(path);
  rmdir(dir);
}

/* With energies fitted, they replace the parent's and carry the tag. */
static void test_written_model_with_energies(void **state) {
  (void)state;
  gc_error err = {0};
  gc_hw *parent = NULL, *hw = NULL;
  assert_int_equal(gc_hw_load_named(&parent, "epyc-9654", MODELS, &err), GC_OK);
  char dir[] = "/tmp/greenc-test-calib-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char path[256];
  snprintf(path, sizeof path, "%s/withpj.toml", dir);
  gc_calib c = sample();
  snprintf(c.name, sizeof c.name, "withpj");
  c.energy_fitted = 1;
  c.instruction_pj = 31;
  c.f64_fma_pj = 12.5;
  c.f32_fma_pj = -1; /* not fitted: inherited */
  c.static_w = 2.5;
  c.cores = 2;
  c.level_pj_per_byte[0] = 4;  /* L2 */
  c.level_pj_per_byte[1] = 80; /* DRAM: 10 pJ/bit */
  snprintf(c.energy_method, GC_CALIB_TEXT, "package energy");
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  assert_int_equal(gc_calib_write_model(f, parent, &c, &err), GC_OK);
  fclose(f);
  int rc = gc_hw_load(&hw, path, &err);
  if (rc != GC_OK)
    fail_msg("%s", err.msg);
  gc_figure g = gc_hw_figure(hw, "power.static_w");
  assert_true(g.present && g.value == 2.5 && g.tag == GC_TAG_CALIBRATED);
  assert_non_null(strstr(g.source, "package energy"));
  g = gc_hw_figure(hw, "chip.cores");
  assert_true(g.present && g.value == 2 && g.tag == GC_TAG_CALIBRATED);
  g = gc_hw_figure(hw, "chip.boost_ghz"); /* [chip] written once, both keys */
  assert_true(g.present && g.value == 3.1);
  g = gc_hw_figure(hw, "energy.instruction_pj");
  assert_true(g.present && g.value == 31 && g.tag == GC_TAG_CALIBRATED);
  g = gc_hw_op_pj(hw, GC_OP_FMA, GC_TY_F64);
  assert_true(g.present && g.value == 12.5 && g.tag == GC_TAG_CALIBRATED);
  g = gc_hw_op_pj(hw, GC_OP_FMA, GC_TY_F32); /* inherited */
  assert_true(g.present && g.value == 1.6286 && g.tag == GC_TAG_ESTIMATE);
  g = gc_hw_op_pj(hw, GC_OP_FMUL, GC_TY_F64); /* the rest of the table too */
  assert_true(g.present && g.value == 5);
  assert_true(gc_hw_op_energy_in_instruction(hw) == 0);
  gc_hw_level l;
  assert_int_equal(gc_hw_level_at(&l, hw, 1), GC_OK);
  assert_true(l.read_pj_per_byte.value == 4 &&
              l.read_pj_per_byte.tag == GC_TAG_CALIBRATED);
  assert_true(l.write_pj_per_byte.value == 1.75); /* writes not measured */
  assert_int_equal(gc_hw_level_at(&l, hw, gc_hw_nlevels(hw) - 1), GC_OK);
  assert_true(l.is_dram && l.read_pj_per_byte.value == 80 &&
              l.read_pj_per_byte.tag == GC_TAG_CALIBRATED);
  char inh[2048];
  gc_calib_inherited(inh, sizeof inh, parent, &c);
  assert_null(strstr(inh, "dram.pj_per_bit"));
  assert_non_null(strstr(inh, "memory[0].read_pj_per_byte"));
  assert_null(strstr(inh, "memory[1].read_pj_per_byte"));
  gc_hw_free(hw);
  gc_hw_free(parent);
  unlink(path);
  rmdir(dir);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_fit_line_recovers_slope_and_intercept),
      cmocka_unit_test(test_fit_line_rejects_degenerate_input),
      cmocka_unit_test(test_median),
      cmocka_unit_test(test_fit_width_half_rate_wide),
      cmocka_unit_test(test_fit_width_full_rate),
      cmocka_unit_test(test_fit_energy_recovers_coefficients),
      cmocka_unit_test(test_written_model_loads_and_inherits),
      cmocka_unit_test(test_written_model_with_energies),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
