/* test_estimate.c: energy / time / carbon arithmetic of gc_estimate_compute on
 * hand models, every expected value computed by hand in the comments
 * (test/unit/data/hw/good/tiny.toml and tiny-base.toml). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "greenc/carbon.h"
#include "greenc/estimate.h"

#define HWDATA GREENC_TEST_DATA "/hw"
#define MODELS GREENC_SOURCE_DIR "/hwmodels"

/* Relative comparison: the hand values are exact decimals, the code's are
 * doubles. */
#define assert_near(a, b)                                                      \
  do {                                                                         \
    double a_ = (a), b_ = (b);                                                 \
    if (!(fabs(a_ - b_) <= 1e-9 * fmax(fabs(a_), fabs(b_)) + 1e-300))          \
      fail_msg("%s = %.17g, want %.17g", #a, a_, b_);                          \
  } while (0)

static gc_hw *load(const char *path) {
  gc_hw *hw = NULL;
  gc_error err = {0};
  if (gc_hw_load_named(&hw, path, MODELS, &err) != GC_OK)
    fail_msg("%s", err.msg);
  return hw;
}

static gc_opcount row(gc_op op, gc_ty ty, unsigned lanes, double n,
                      double bytes) {
  gc_opcount r = {op, ty, lanes, GC_ROLE_DATA, n, n, bytes, bytes};
  return r;
}

/* tiny: 2 cores, boost 2 GHz, base 1 GHz, static 4 W, fadd f32 1 pJ,
 * instruction 10 pJ, L1 2 pJ/B read 100 GB/s per core, DRAM 10 pJ/bit = 80 pJ/B
 * at 10 GB/s, f32 vector: 4 lanes, 16 FLOPs/cycle (2 slots/cycle), grid 500
 * g/kWh. Kernel: 1000 scalar fadd f32 + 1000 scalar loads of 4 bytes. */
static void test_hand_model_one_core(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny.toml");
  gc_opcount rows[2] = {row(GC_OP_FADD, GC_TY_F32, 1, 1000, 0),
                        row(GC_OP_LOAD, GC_TY_F32, 1, 1000, 4000)};
  gc_estimate e;
  gc_error err = {0};
  assert_int_equal(gc_estimate_compute(&e, hw, rows, 2, NULL, &err), GC_OK);
  assert_true(e.flops.known);
  assert_near(e.flops.lo, 1000);
  assert_near(e.bytes.hi, 4000);
  assert_near(e.instructions.lo, 2000);
  /* compute: 1000 x 1 pJ + 2000 instructions x 10 pJ = 21000 pJ */
  assert_true(e.energy_compute_j.known);
  assert_near(e.energy_compute_j.lo, 21000e-12);
  assert_near(e.energy_compute_j.hi, 21000e-12);
  /* memory: 4000 B x 2 pJ (all L1) .. 4000 B x 80 pJ (all DRAM) */
  assert_true(e.energy_memory_j.known);
  assert_near(e.energy_memory_j.lo, 8000e-12);
  assert_near(e.energy_memory_j.hi, 320000e-12);
  assert_non_null(strstr(e.energy_memory_j.reason, "no traffic model yet"));
  /* time: 1000 fadd x ceil(1/4) / 2 slots = 500 cycles at 2 GHz = 2.5e-7 s;
   * memory 4000 B / 100 GB/s = 4e-8 .. 4000 B / 10 GB/s = 4e-7 s */
  assert_near(e.clock_ghz, 2);
  assert_near(e.time_compute_s.lo, 2.5e-7);
  assert_near(e.time_memory_s.lo, 4e-8);
  assert_near(e.time_memory_s.hi, 4e-7);
  assert_near(e.time_s.lo, 2.5e-7);
  assert_near(e.time_s.hi, 4e-7);
  /* static: 4 W x 1/2 of the chip x time = 5e-7 .. 8e-7 J */
  assert_near(e.energy_static_j.lo, 5e-7);
  assert_near(e.energy_static_j.hi, 8e-7);
  /* total: 21000e-12 + 8000e-12 + 5e-7 = 5.29e-7 .. 21000e-12 + 320000e-12 +
   * 8e-7 = 1.141e-6 J */
  assert_true(e.energy_j.known);
  assert_near(e.energy_j.lo, 5.29e-7);
  assert_near(e.energy_j.hi, 1.141e-6);
  /* carbon: J / 3.6e6 x 500 g/kWh */
  assert_near(e.grid_g_per_kwh, 500);
  assert_near(e.carbon_g.lo, 5.29e-7 / 3.6e6 * 500);
  assert_near(e.carbon_g.hi, 1.141e-6 / 3.6e6 * 500);
  /* tag shares of the energy midpoints (pJ): instructions 20000 estimate, fadd
   * 1000 published, L1 half of 8000 and DRAM half of 320000 derived, static
   * (5e5 + 8e5) / 2 = 650000 calibrated; total 835000 */
  assert_near(e.tag_share[GC_TAG_PUBLISHED], 1000.0 / 835000);
  assert_near(e.tag_share[GC_TAG_ESTIMATE], 20000.0 / 835000);
  assert_near(e.tag_share[GC_TAG_DERIVED], 164000.0 / 835000);
  assert_near(e.tag_share[GC_TAG_CALIBRATED], 650000.0 / 835000);
  assert_string_equal(e.missing, "");
  /* levels: L1d and DRAM, each may serve 0 .. all bytes */
  assert_int_equal(e.nlevels, 2);
  assert_string_equal(e.level[0].name, "L1d");
  assert_string_equal(e.level[1].name, "DRAM");
  assert_near(e.level[1].bytes.hi, 4000);
  assert_near(e.level[1].energy_j.hi, 320000e-12);
  gc_hw_free(hw);
}

/* all cores: no all-core clock in tiny, so the base clock (1 GHz) is used; 2
 * cores. */
static void test_hand_model_all_cores(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny.toml");
  gc_opcount rows[2] = {row(GC_OP_FADD, GC_TY_F32, 1, 1000, 0),
                        row(GC_OP_LOAD, GC_TY_F32, 1, 1000, 4000)};
  gc_estimate_opts o = {0, 1};
  gc_estimate e;
  assert_int_equal(gc_estimate_compute(&e, hw, rows, 2, &o, NULL), GC_OK);
  assert_int_equal(e.cores_used, 2);
  assert_near(e.clock_ghz, 1);
  assert_non_null(strstr(e.time_compute_s.reason, "chip.base_ghz used"));
  /* 500 cycles / (1 GHz x 2 cores) = 2.5e-7; L1 at 2 x 100 GB/s: 2e-8; DRAM 10
   * GB/s for the chip: 4e-7 */
  assert_near(e.time_compute_s.lo, 2.5e-7);
  assert_near(e.time_memory_s.lo, 2e-8);
  assert_near(e.time_memory_s.hi, 4e-7);
  /* static: the whole chip, 4 W x [2.5e-7, 4e-7] */
  assert_near(e.energy_static_j.lo, 1e-6);
  assert_near(e.energy_static_j.hi, 1.6e-6);
  gc_hw_free(hw);
}

/* Same 1000 FLOPs, vectorised 8 wide: 125 instructions instead of 1000. Compute
 * energy: 1000 x 1 + 125 x 10 = 2250 pJ against 1000 x 1 + 1000 x 10 = 11000
 * pJ. Time: 125 x ceil(8/4) / 2 = 125 cycles against 500. */
static void test_vectorised_is_cheaper(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny.toml");
  gc_opcount scalar = row(GC_OP_FADD, GC_TY_F32, 1, 1000, 0),
             vec = row(GC_OP_FADD, GC_TY_F32, 8, 125, 0);
  gc_estimate es, ev;
  assert_int_equal(gc_estimate_compute(&es, hw, &scalar, 1, NULL, NULL), GC_OK);
  assert_int_equal(gc_estimate_compute(&ev, hw, &vec, 1, NULL, NULL), GC_OK);
  assert_near(es.flops.lo, ev.flops.lo);
  assert_near(es.energy_compute_j.lo, 11000e-12);
  assert_near(ev.energy_compute_j.lo, 2250e-12);
  assert_true(ev.energy_j.hi < es.energy_j.lo);
  assert_near(es.time_compute_s.lo, 500 / 2e9);
  assert_near(ev.time_compute_s.lo, 125 / 2e9);
  /* no memory traffic: memory energy and time are exactly 0 */
  assert_true(ev.energy_memory_j.known && ev.energy_memory_j.hi == 0);
  gc_hw_free(hw);
}

static void test_unbounded_count_is_unknown(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny.toml");
  gc_opcount r = row(GC_OP_FADD, GC_TY_F32, 1, 10, 0);
  r.n_hi = INFINITY;
  gc_estimate e;
  assert_int_equal(gc_estimate_compute(&e, hw, &r, 1, NULL, NULL), GC_OK);
  assert_false(e.flops.known);
  assert_non_null(strstr(e.flops.reason, "unbounded count: fadd f32"));
  assert_false(e.energy_j.known);
  assert_string_equal(e.energy_j.reason,
                      "unbounded count: fadd f32 has no upper bound");
  assert_false(e.time_s.known);
  assert_false(e.carbon_g.known);
  assert_true(e.energy_j.lo == 0 && e.energy_j.hi == 0);
  gc_hw_free(hw);
}

/* A count range (data-dependent branch): n in [0, 100] gives energy in [0, 100
 * x 11 pJ] on compute. */
/* fdiv has no energy in tiny (unknown energy) but is timed at the pipe rate, a
 * lower bound that says so. */
static void test_fdiv_time_is_lower_bound(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny.toml");
  gc_opcount r = row(GC_OP_FDIV, GC_TY_F32, 4, 100, 0);
  gc_estimate e;
  assert_int_equal(gc_estimate_compute(&e, hw, &r, 1, NULL, NULL), GC_OK);
  assert_false(e.energy_j.known);
  assert_true(e.time_compute_s.known);
  assert_near(e.time_compute_s.lo,
              100 * 1 / 2.0 /
                  2e9); /* ceil(4/4) slot, 2 slots per cycle, 2 GHz */
  assert_non_null(strstr(e.time_compute_s.reason, "a lower bound"));
  gc_hw_free(hw);
}

static void test_count_range(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny.toml");
  gc_opcount r = row(GC_OP_FADD, GC_TY_F32, 1, 0, 0);
  r.n_hi = 100;
  gc_estimate e;
  assert_int_equal(gc_estimate_compute(&e, hw, &r, 1, NULL, NULL), GC_OK);
  assert_near(e.energy_compute_j.lo, 0);
  assert_near(e.energy_compute_j.hi, 1100e-12);
  assert_near(e.flops.hi, 100);
  gc_hw_free(hw);
}

static void test_missing_figure_is_unknown(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny.toml");
  gc_opcount rows[2] = {row(GC_OP_FMUL, GC_TY_F32, 1, 10, 0),
                        row(GC_OP_FADD, GC_TY_F64, 1, 10, 0)};
  gc_estimate e;
  assert_int_equal(gc_estimate_compute(&e, hw, rows, 2, NULL, NULL), GC_OK);
  assert_false(e.energy_compute_j.known);
  assert_string_equal(e.energy_compute_j.reason,
                      "the model has no energy.f32.fmul");
  assert_false(e.energy_j.known);
  assert_non_null(strstr(e.missing, "energy.f32.fmul"));
  assert_non_null(strstr(e.missing, "energy.f64.fadd"));
  assert_non_null(strstr(e.missing, "throughput[vector f64]"));
  assert_false(e.time_compute_s.known);
  gc_hw_free(hw);
}

/* tiny-base has a TDP and no idle power: static energy is the range 0 .. TDP x
 * share x time. */
static void test_tdp_only_static_range(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny-base.toml");
  gc_opcount r = row(GC_OP_FADD, GC_TY_F32, 1, 1000, 0);
  gc_estimate e;
  assert_int_equal(gc_estimate_compute(&e, hw, &r, 1, NULL, NULL), GC_OK);
  /* 500 cycles at 2 GHz = 2.5e-7 s; 10 W x 1/2 x 2.5e-7 = 1.25e-6 J */
  assert_true(e.energy_static_j.known);
  assert_near(e.energy_static_j.lo, 0);
  assert_near(e.energy_static_j.hi, 1.25e-6);
  assert_non_null(strstr(e.missing, "power.static_w"));
  assert_near(e.energy_j.lo, 11000e-12);
  assert_near(e.energy_j.hi, 11000e-12 + 1.25e-6);
  gc_hw_free(hw);
}

/* Carbon with a region's intensity: France 56 g/kWh. */
static void test_carbon_for_region(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny.toml");
  gc_opcount rows[2] = {row(GC_OP_FADD, GC_TY_F32, 1, 1000, 0),
                        row(GC_OP_LOAD, GC_TY_F32, 1, 1000, 4000)};
  double fr = 0;
  assert_int_equal(gc_carbon_intensity(&fr, "FR", NULL), GC_OK);
  gc_estimate_opts o = {fr, 0};
  gc_estimate e;
  assert_int_equal(gc_estimate_compute(&e, hw, rows, 2, &o, NULL), GC_OK);
  assert_near(e.grid_g_per_kwh, 56);
  assert_near(e.carbon_g.lo, 5.29e-7 / 3.6e6 * 56);
  assert_near(e.carbon_g.hi, 1.141e-6 / 3.6e6 * 56);
  gc_hw_free(hw);
}

/* stm32l4 charges 277.2 pJ per instruction, nothing per op, per byte or for
 * static power. */
static void test_mcu_per_instruction(void **state) {
  (void)state;
  gc_hw *hw = load("stm32l4");
  gc_opcount rows[2] = {row(GC_OP_FADD, GC_TY_F32, 1, 1000, 0),
                        row(GC_OP_LOAD, GC_TY_F32, 1, 1000, 4000)};
  gc_estimate e;
  assert_int_equal(gc_estimate_compute(&e, hw, rows, 2, NULL, NULL), GC_OK);
  assert_true(e.energy_j.known);
  assert_near(e.energy_j.lo, 2000 * 277.2e-12);
  assert_near(e.energy_j.hi, 2000 * 277.2e-12);
  assert_near(e.tag_share[GC_TAG_ESTIMATE], 1);
  /* time: the same one-cycle-per-instruction estimate, 2000 cycles at 80 MHz */
  assert_true(e.time_s.known);
  assert_near(e.time_s.lo, 2000 / 0.08e9);
  assert_near(e.time_memory_s.hi, 0);
  assert_string_equal(e.missing, "");
  gc_hw_free(hw);
}

/* Every shipped CPU/GPU model gives an answer for an f32 kernel, or says what
 * it lacks. */
static void test_shipped_models(void **state) {
  (void)state;
  gc_opcount rows[3] = {row(GC_OP_FMA, GC_TY_F32, 8, 1000, 0),
                        row(GC_OP_LOAD, GC_TY_F32, 8, 2000, 64000),
                        row(GC_OP_IADD, GC_TY_I64, 1, 1000, 0)};
  rows[2].role = GC_ROLE_ADDR;
  gc_hw *hw = load("epyc-9654");
  gc_estimate e;
  assert_int_equal(gc_estimate_compute(&e, hw, rows, 3, NULL, NULL), GC_OK);
  assert_true(e.energy_j.known);
  assert_true(e.energy_j.lo > 0 && e.energy_j.lo < e.energy_j.hi);
  assert_non_null(strstr(e.missing, "power.static_w")); /* TDP only */
  assert_near(e.flops.lo, 16000);
  /* 1000 fma x 8 lanes x 1.6286 pJ + 1000 iadd i64 x 0.0708 pJ + 4000
   * instructions x 24.7838 pJ */
  assert_near(e.energy_compute_j.lo,
              (8000 * 1.6286 + 1000 * 0.0708 + 4000 * 24.7838) * 1e-12);
  gc_hw_free(hw);

  hw = load("rpi5"); /* no per-op energies on purpose */
  assert_int_equal(gc_estimate_compute(&e, hw, rows, 3, NULL, NULL), GC_OK);
  assert_false(e.energy_j.known);
  assert_non_null(strstr(e.missing, "energy.instruction_pj"));
  assert_true(e.time_s.known);
  gc_hw_free(hw);
}

/* A technology reference has no chip: dynamic energy only, no time.
 * horowitz-45nm: 10 fadd f32 x 0.9 pJ + 10 instructions x 70 pJ + 40 bytes
 * loaded, 1.25 pJ/B (8 KiB SRAM) .. 8 x 20.3125 pJ/B (DDR3). */
static void test_tech_model_dynamic_only(void **state) {
  (void)state;
  gc_hw *hw = load("horowitz-45nm");
  gc_opcount rows[2] = {row(GC_OP_FADD, GC_TY_F32, 1, 10, 0),
                        row(GC_OP_LOAD, GC_TY_F32, 1, 10, 40)};
  gc_estimate e;
  assert_int_equal(gc_estimate_compute(&e, hw, rows, 2, NULL, NULL), GC_OK);
  assert_near(e.energy_compute_j.lo, (10 * 0.9 + 20 * 70) * 1e-12);
  assert_near(e.energy_memory_j.lo, 40 * 1.25e-12);
  assert_near(e.energy_memory_j.hi, 40 * 8 * 20.3125e-12);
  assert_true(e.energy_static_j.known && e.energy_static_j.hi == 0);
  assert_true(e.energy_j.known);
  assert_near(e.energy_j.lo, (9 + 1400 + 50) * 1e-12);
  assert_false(e.time_s.known);
  assert_int_equal(e.nlevels, 4);
  gc_hw_free(hw);
}

/* Sanity bound: the dynamic energy per FLOP of a fully vectorised FMA stream
 * cannot exceed what the chip draws at TDP and peak throughput (TDP / (cores x
 * boost x peak FLOPs per cycle)); for EPYC 9654 360 W / (96 x 3.7 GHz x 32)
 * = 31.7 pJ/FLOP, for H100 700 W / (132 x 1.98 GHz x 256) = 10.5 pJ/FLOP. */
static void test_energy_per_flop_below_tdp_bound(void **state) {
  (void)state;
  const char *names[] = {"epyc-9654", "xeon-8480", "a100-sxm", "h100-sxm"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
    gc_hw *hw = load(names[i]);
    gc_hw_throughput t;
    assert_int_equal(gc_hw_throughput_find(&t, hw, "vector", GC_TY_F32), GC_OK);
    gc_opcount r = row(GC_OP_FMA, GC_TY_F32, (unsigned)t.lanes.value, 1e6, 0);
    gc_estimate e;
    assert_int_equal(gc_estimate_compute(&e, hw, &r, 1, NULL, NULL), GC_OK);
    double pj_per_flop = e.energy_compute_j.hi * 1e12 / e.flops.hi;
    double bound = gc_hw_figure(hw, "power.tdp_w").value /
                   (gc_hw_figure(hw, "chip.cores").value *
                    gc_hw_figure(hw, "chip.boost_ghz").value * 1e9 *
                    t.ops_per_cycle.value) *
                   1e12;
    if (!(pj_per_flop > 0 && pj_per_flop < bound))
      fail_msg("%s: %.3g pJ/FLOP, TDP bound %.3g", names[i], pj_per_flop,
               bound);
    gc_hw_free(hw);
  }
}

/* One recurrence: loop `loop` (line) of iters iterations, op/ty/lanes n times
 * on the cycle per iteration. */
static gc_est_recurrence rec1(unsigned loop, unsigned line, double iters,
                              gc_op op, gc_ty ty, unsigned lanes, double n) {
  gc_est_recurrence r;
  memset(&r, 0, sizeof r);
  r.loop = loop;
  r.line = line;
  r.iters_lo = r.iters_hi = iters;
  r.nops = 1;
  r.ops[0].op = op;
  r.ops[0].ty = ty;
  r.ops[0].lanes = lanes;
  r.ops[0].n = n;
  return r;
}

/* tiny-latency (tiny + fma f32 4 cycles, fadd f32 3 cycles), 2 GHz. A serial
 * reduction: 1000 scalar fma f32, all on one chain of 1000 iterations.
 * Throughput: 1000 x ceil(1/4) / 2 slots = 500 cycles = 2.5e-7 s; latency:
 * 1000 x 4 = 4000 cycles = 2e-6 s: latency-bound, compute = 2e-6 s. */
static void test_latency_bound_serial_chain(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny-latency.toml");
  gc_opcount rows[1] = {row(GC_OP_FMA, GC_TY_F32, 1, 1000, 0)};
  gc_est_recurrence r = rec1(3, 14, 1000, GC_OP_FMA, GC_TY_F32, 1, 1);
  gc_estimate e;
  gc_error err = {0};
  assert_int_equal(
      gc_estimate_compute_full(&e, hw, rows, 1, NULL, NULL, &r, 1, &err),
      GC_OK);
  assert_true(e.time_latency_s.known);
  assert_near(e.time_latency_s.lo, 2e-6);
  assert_near(e.time_latency_s.hi, 2e-6);
  assert_true(e.latency_bound);
  assert_string_equal(e.bound, "latency-bound: fma f32 chain, 4 cycles per "
                               "iteration (loop 3, line 14)");
  assert_near(e.time_compute_s.lo, 2e-6);
  assert_near(e.time_compute_s.hi, 2e-6);
  assert_non_null(strstr(e.time_compute_s.reason, "latency-bound"));
  assert_near(e.time_s.hi, 2e-6);
  assert_non_null(strstr(e.time_s.reason, "latency-bound"));
  /* static energy follows the longer time: 4 W x 1/2 x 2e-6 s = 4e-6 J */
  assert_near(e.energy_static_j.hi, 4e-6);
  /* without the recurrence: the throughput bound alone */
  assert_int_equal(gc_estimate_compute(&e, hw, rows, 1, NULL, &err), GC_OK);
  assert_near(e.time_compute_s.hi, 2.5e-7);
  assert_false(e.time_latency_s.known);
  assert_string_equal(e.bound, "");
  gc_hw_free(hw);
}

/* e = the estimate of rows[0] with the one recurrence r on hw. */
static void full1(gc_estimate *e, const gc_hw *hw, const gc_opcount *rows,
                  const gc_est_recurrence *r) {
  gc_error err = {0};
  assert_int_equal(
      gc_estimate_compute_full(e, hw, rows, 1, NULL, NULL, r, 1, &err), GC_OK);
}

/* tiny-ooo: tiny-latency with a 64-entry reorder window. 1000 fma f32 on
 * chains of 16 iterations (a loop entered 62.5 times) of 4 ops each: a chain
 * is 64 ops, so the window holds the tail of one chain and the head of the
 * next: overlap 1 + 64 / (4 x 16) = 2, latency 1000 x 4 / 2 = 2000 cycles =
 * 1e-6 s. A chain of 1000 iterations overlaps only 1 + 64 / 4000; without the
 * chain's shape (trip 0) or without a window, no overlap (2e-6 s). */
static void test_latency_ooo_overlap(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny-ooo.toml");
  gc_opcount rows[1] = {row(GC_OP_FMA, GC_TY_F32, 1, 1000, 0)};
  gc_est_recurrence r = rec1(3, 14, 1000, GC_OP_FMA, GC_TY_F32, 1, 1);
  r.trip = 16;
  r.body_ops = 4;
  gc_estimate e;
  full1(&e, hw, rows, &r);
  assert_near(e.time_latency_s.hi, 1e-6);
  assert_non_null(strstr(e.time_latency_s.reason, "64-entry reorder window"));
  assert_string_equal(e.bound, "latency-bound: fma f32 chain, 2 cycles per "
                               "iteration (loop 3, line 14)");
  r.trip = 1000;
  full1(&e, hw, rows, &r);
  assert_near(e.time_latency_s.hi, 2e-6 / (1 + 64.0 / 4000));
  r.trip = 0;
  full1(&e, hw, rows, &r);
  assert_near(e.time_latency_s.hi, 2e-6);
  assert_null(strstr(e.time_latency_s.reason, "reorder"));
  gc_hw_free(hw);
  /* the same chain on a model without a window: no overlap */
  hw = load(HWDATA "/good/tiny-latency.toml");
  r.trip = 16;
  full1(&e, hw, rows, &r);
  assert_near(e.time_latency_s.hi, 2e-6);
  gc_hw_free(hw);
}

/* Slow ops at their issue cost: tiny-ooo gives f32 exp 10 cycles per
 * instruction; 1000 scalar exp f32 = 10000 cycles = 5e-6 s at 2 GHz, and 100
 * exp f32x8 (two native-width pieces of 4 lanes each) = 2000 cycles. Without
 * the figure (tiny-latency), the pipe rate: 1000 x 1/2 slot = 2.5e-7 s, a lower
 * bound the reason says. f32 fdiv has no figure: still the pipe rate. */
static void test_issue_cycles_of_slow_ops(void **state) {
  (void)state;
  const struct {
    const char *model;
    gc_opcount r;
    double t;
    int at_issue; /* 1: reason names the issue cost, 0: the pipe rate */
  } cases[] = {
      {"tiny-ooo", row(GC_OP_FEXP, GC_TY_F32, 1, 1000, 0), 5e-6, 1},
      {"tiny-ooo", row(GC_OP_FEXP, GC_TY_F32, 8, 100, 0), 1e-6, 1},
      {"tiny-ooo", row(GC_OP_FDIV, GC_TY_F32, 1, 1000, 0), 2.5e-7, 0},
      {"tiny-latency", row(GC_OP_FEXP, GC_TY_F32, 1, 1000, 0), 2.5e-7, 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char path[256];
    snprintf(path, sizeof path, "%s/good/%s.toml", HWDATA, cases[i].model);
    gc_hw *hw = load(path);
    gc_estimate e;
    assert_int_equal(gc_estimate_compute(&e, hw, &cases[i].r, 1, NULL, NULL),
                     GC_OK);
    assert_near(e.time_compute_s.hi, cases[i].t);
    assert_true(!strstr(e.time_compute_s.reason, "issue cost") ==
                !cases[i].at_issue);
    assert_true(!strstr(e.time_compute_s.reason, "full pipe rate") ==
                !!cases[i].at_issue);
    gc_hw_free(hw);
  }
}

/* A call starting cold: tiny-ooo's dram.cold_call_ns (500 ns) is added to the
 * time when the traffic model has the call take bytes from DRAM. 1000 loads
 * of 4 bytes, all from DRAM: memory 4000 B / 10 GB/s = 4e-7 s, + 5e-7 s. All
 * from L1d (no DRAM bytes): 4000 B / 100 GB/s = 4e-8 s, nothing added; nor
 * without a traffic model. */
static void test_cold_call(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny-ooo.toml");
  gc_opcount r = row(GC_OP_LOAD, GC_TY_F32, 1, 1000, 4000);
  gc_est_traffic tr;
  memset(&tr, 0, sizeof tr);
  tr.nlevels = 2;
  tr.read_bytes[0] = tr.read_bytes[1] = 4000;
  gc_estimate e;
  /* without traffic: every byte at L1d (low) to DRAM (high) bandwidth */
  const double lo[3] = {9e-7, 4e-8, 4e-8}, hi[3] = {9e-7, 4e-8, 4e-7};
  for (int k = 0; k < 3; k++) {
    if (k == 1)
      tr.read_bytes[1] = 0;
    assert_int_equal(gc_estimate_compute_traffic(&e, hw, &r, 1, NULL,
                                                 k < 2 ? &tr : NULL, NULL),
                     GC_OK);
    assert_near(e.time_s.lo, lo[k]);
    assert_near(e.time_s.hi, hi[k]);
    assert_true(!strstr(e.time_s.reason, "cold_call_ns") == (k != 0));
  }
  gc_hw_free(hw);
}

/* DRAM write-backs drain while the reads go on: 4000 bytes read and 4000
 * written back at DRAM (10 GB/s each in tiny-base) take max(4e-7, 4e-7) s on
 * one core, not their sum (the sum with every core busy); at L1d (100 GB/s,
 * reads and writes sharing its ports) the same bytes take 8e-8 s. */
static void test_dram_writebacks_overlap_reads(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny-base.toml");
  gc_opcount r[2] = {row(GC_OP_LOAD, GC_TY_F32, 1, 1000, 4000),
                     row(GC_OP_STORE, GC_TY_F32, 1, 1000, 4000)};
  gc_est_traffic tr;
  memset(&tr, 0, sizeof tr);
  tr.nlevels = 2;
  tr.read_bytes[0] = tr.write_bytes[0] = 4000;
  tr.read_bytes[1] = tr.write_bytes[1] = 4000;
  gc_estimate e;
  assert_int_equal(gc_estimate_compute_traffic(&e, hw, r, 2, NULL, &tr, NULL),
                   GC_OK);
  assert_near(e.time_memory_s.lo, 4e-7);
  assert_near(e.time_memory_s.hi, 4e-7);
  /* every core: the DRAM bus carries both (tiny-base: 2 cores, the DRAM
   * bandwidth the chip's) */
  gc_estimate_opts all = {.all_cores = 1};
  assert_int_equal(gc_estimate_compute_traffic(&e, hw, r, 2, &all, &tr, NULL),
                   GC_OK);
  assert_true(e.cores_used > 1);
  assert_near(e.time_memory_s.hi, 8e-7);
  /* only L1d traffic: reads and writes add */
  tr.read_bytes[1] = tr.write_bytes[1] = 0;
  assert_int_equal(gc_estimate_compute_traffic(&e, hw, r, 2, NULL, &tr, NULL),
                   GC_OK);
  assert_near(e.time_memory_s.hi, 8e-8);
  gc_hw_free(hw);
}

/* Four independent accumulators (a vectorised, interleaved reduction): 8000
 * scalar fma f32 = 4000 cycles of throughput (2e-6 s); the chain is one fadd
 * f32x4 per iteration over 1000 iterations = 3000 cycles (1.5e-6 s):
 * throughput-bound, compute time unchanged. */
static void test_throughput_bound_when_chain_is_short(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny-latency.toml");
  gc_opcount rows[1] = {row(GC_OP_FMA, GC_TY_F32, 1, 8000, 0)};
  gc_est_recurrence r = rec1(2, 0, 1000, GC_OP_FADD, GC_TY_F32, 4, 1);
  gc_estimate e;
  gc_error err = {0};
  assert_int_equal(
      gc_estimate_compute_full(&e, hw, rows, 1, NULL, NULL, &r, 1, &err),
      GC_OK);
  assert_near(e.time_latency_s.hi, 1.5e-6);
  assert_false(e.latency_bound);
  assert_string_equal(e.bound, "throughput-bound");
  assert_near(e.time_compute_s.lo, 2e-6);
  assert_near(e.time_compute_s.hi, 2e-6);
  /* with 1 MB loaded (L1 at 100 GB/s: 1e-5 s .. DRAM at 10 GB/s: 1e-4 s) the
   * memory time dominates, and the bound says so */
  gc_opcount rows2[2] = {row(GC_OP_FMA, GC_TY_F32, 1, 8000, 0),
                         row(GC_OP_LOAD, GC_TY_F32, 1, 250000, 1e6)};
  assert_int_equal(
      gc_estimate_compute_full(&e, hw, rows2, 2, NULL, NULL, &r, 1, &err),
      GC_OK);
  assert_near(e.time_memory_s.lo, 1e-5);
  assert_string_equal(e.bound, "memory-bound (compute throughput-bound)");
  gc_hw_free(hw);
}

/* Several loops add up; an op without a latency figure adds nothing and is
 * named; unknown iterations are not timed; all cores split the chains.
 * loop 1: 100 x fma (4) = 400 cycles; loop 2: 50 x (fadd 3 + fmul ?) = 150
 * cycles; loop 4: iterations unknown. 550 cycles at 2 GHz = 2.75e-7 s; on
 * both cores at the base clock (1 GHz, tiny has no all-core clock):
 * 550 / (2 x 1e9) = 2.75e-7 s. */
static void test_latency_sum_missing_and_unknown(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny-latency.toml");
  gc_est_recurrence r[3] = {rec1(1, 10, 100, GC_OP_FMA, GC_TY_F32, 1, 1),
                            rec1(2, 20, 50, GC_OP_FADD, GC_TY_F32, 1, 1),
                            rec1(4, 40, 0, GC_OP_FMA, GC_TY_F32, 1, 1)};
  r[1].nops = 2;
  r[1].ops[1].op = GC_OP_FMUL;
  r[1].ops[1].ty = GC_TY_F32;
  r[1].ops[1].lanes = 1;
  r[1].ops[1].n = 1;
  r[2].iters_lo = 0;
  r[2].iters_hi = INFINITY;
  gc_estimate e;
  gc_error err = {0};
  assert_int_equal(
      gc_estimate_compute_full(&e, hw, NULL, 0, NULL, NULL, r, 3, &err), GC_OK);
  assert_true(e.time_latency_s.known);
  assert_near(e.time_latency_s.hi, 2.75e-7);
  assert_non_null(strstr(e.missing, "latency_cycles.f32.fmul"));
  assert_non_null(strstr(e.time_latency_s.reason, "loop 4: iterations "
                                                  "unknown: not timed"));
  /* no FP rows: throughput 0, so the latency bound is the compute time */
  assert_near(e.time_compute_s.hi, 2.75e-7);
  assert_string_equal(e.bound, "latency-bound: fma f32 chain, 4 cycles per "
                               "iteration (loop 1, line 10)");
  gc_estimate_opts all = {0, 1};
  assert_int_equal(
      gc_estimate_compute_full(&e, hw, NULL, 0, &all, NULL, r, 3, &err), GC_OK);
  assert_near(e.clock_ghz, 1);
  assert_near(e.time_latency_s.hi, 2.75e-7);
  assert_non_null(strstr(e.time_latency_s.reason, "split evenly"));
  gc_hw_free(hw);
}

/* A model without latencies (tiny): the bound is not applied and says why;
 * an invalid recurrence is rejected. */
static void test_latency_absent_and_invalid(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny.toml");
  gc_opcount rows[1] = {row(GC_OP_FMA, GC_TY_F32, 1, 1000, 0)};
  gc_est_recurrence r = rec1(3, 14, 1000, GC_OP_FMA, GC_TY_F32, 1, 1);
  gc_estimate e;
  gc_error err = {0};
  assert_int_equal(
      gc_estimate_compute_full(&e, hw, rows, 1, NULL, NULL, &r, 1, &err),
      GC_OK);
  assert_false(e.time_latency_s.known);
  assert_non_null(strstr(e.missing, "latency_cycles.f32.fma"));
  assert_near(e.time_compute_s.hi, 2.5e-7);
  assert_string_equal(e.bound, "");
  r.iters_lo = 5;
  r.iters_hi = 4;
  assert_int_equal(
      gc_estimate_compute_full(&e, hw, rows, 1, NULL, NULL, &r, 1, &err),
      GC_EINVAL);
  gc_hw_free(hw);
}

/* Shipped models: a gemm-like k loop of 64^3 scalar fma f32 on one chain per
 * (i, j): epyc-9654 (fma 4 cycles, 3.7 GHz) 262144 x 4 / 3.7e9 s; xeon-8480
 * (fma 4, 3.8 GHz). */
static void test_latency_shipped_models(void **state) {
  (void)state;
  const char *names[2] = {"epyc-9654", "xeon-8480"};
  double ghz[2] = {3.7, 3.8};
  for (int m = 0; m < 2; m++) {
    gc_hw *hw = load(names[m]);
    gc_opcount rows[1] = {row(GC_OP_FMA, GC_TY_F32, 1, 262144, 0)};
    gc_est_recurrence r = rec1(3, 7, 262144, GC_OP_FMA, GC_TY_F32, 1, 1);
    gc_estimate e;
    gc_error err = {0};
    assert_int_equal(
        gc_estimate_compute_full(&e, hw, rows, 1, NULL, NULL, &r, 1, &err),
        GC_OK);
    assert_near(e.time_latency_s.hi, 262144.0 * 4 / (ghz[m] * 1e9));
    assert_true(e.latency_bound);
    assert_near(e.time_compute_s.hi, e.time_latency_s.hi);
    gc_hw_free(hw);
  }
}

static void test_invalid_rows(void **state) {
  (void)state;
  gc_hw *hw = load(HWDATA "/good/tiny.toml");
  gc_opcount r = row(GC_OP_FADD, GC_TY_F32, 1, 10, 0);
  r.n_hi = 5; /* hi < lo */
  gc_estimate e;
  gc_error err = {0};
  assert_int_equal(gc_estimate_compute(&e, hw, &r, 1, NULL, &err), GC_EINVAL);
  assert_non_null(strstr(err.msg, "row 0 (fadd f32) is invalid"));
  assert_int_equal(gc_estimate_compute(&e, NULL, &r, 1, NULL, NULL), GC_EINVAL);
  /* no rows: everything is exactly zero */
  assert_int_equal(gc_estimate_compute(&e, hw, NULL, 0, NULL, NULL), GC_OK);
  assert_true(e.energy_j.known && e.energy_j.hi == 0);
  gc_hw_free(hw);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_hand_model_one_core),
      cmocka_unit_test(test_hand_model_all_cores),
      cmocka_unit_test(test_vectorised_is_cheaper),
      cmocka_unit_test(test_unbounded_count_is_unknown),
      cmocka_unit_test(test_fdiv_time_is_lower_bound),
      cmocka_unit_test(test_count_range),
      cmocka_unit_test(test_missing_figure_is_unknown),
      cmocka_unit_test(test_tdp_only_static_range),
      cmocka_unit_test(test_carbon_for_region),
      cmocka_unit_test(test_mcu_per_instruction),
      cmocka_unit_test(test_shipped_models),
      cmocka_unit_test(test_tech_model_dynamic_only),
      cmocka_unit_test(test_energy_per_flop_below_tdp_bound),
      cmocka_unit_test(test_invalid_rows),
      cmocka_unit_test(test_latency_bound_serial_chain),
      cmocka_unit_test(test_latency_ooo_overlap),
      cmocka_unit_test(test_issue_cycles_of_slow_ops),
      cmocka_unit_test(test_cold_call),
      cmocka_unit_test(test_dram_writebacks_overlap_reads),
      cmocka_unit_test(test_throughput_bound_when_chain_is_short),
      cmocka_unit_test(test_latency_sum_missing_and_unknown),
      cmocka_unit_test(test_latency_absent_and_invalid),
      cmocka_unit_test(test_latency_shipped_models),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
