/* greenc/calibrate.h: fitting hardware-model figures to measured times, and
 * writing the calibrated model (`greenc calibrate`, docs/calibration.md).
 *
 * The measuring itself (microbenchmarks built with greencc, run, timed) is the
 * driver's; this library does what is pure arithmetic and text: medians, least
 * squares (GSL), the choice of a native vector width from instruction
 * throughputs, and a TOML model that inherits its parent and overrides only
 * what was measured, every figure tagged `calibrated`.
 *
 * Ownership: every struct here is plain data owned by the caller; nothing to
 * free. The gc_hw passed to the writer is borrowed. */
#ifndef GREENC_CALIBRATE_H
#define GREENC_CALIBRATE_H

#include <stddef.h>
#include <stdio.h>

#include "greenc/hw.h"
#include "greenc/ops.h"
#include "greenc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* An ordinary least-squares line y = intercept + slope * x. */
typedef struct gc_fit {
  double slope, intercept;
  double slope_sd, intercept_sd; /* standard errors (0 with n == 2) */
  double r2;                     /* coefficient of determination */
  size_t n;
} gc_fit;

/* Fit y = a + b x over n points (gsl_fit_linear). GC_EINVAL when n < 2, a
 * value is not finite, or every x is the same. */
int gc_calib_fit_line(gc_fit *out, const double *x, const double *y, size_t n,
                      gc_error *err);

/* Median of v[0..n) (v is not modified). GC_EINVAL when n == 0. */
int gc_calib_median(double *out, const double *v, size_t n, gc_error *err);

/* The native vector width and peak rate of one unit, from the measured cycles
 * per instruction cpi[i] of an instruction stream at width[i] lanes (no
 * dependency limits). Under the estimator's rule an instruction of w lanes
 * takes ceil(w / native) issue slots and a core issues `slots` per cycle:
 * cpi = ceil(w / native) / slots. For each measured width as a candidate
 * native width, 1/slots is fitted by weighted least squares through the origin
 * (weights 1/cpi^2, i.e. relative errors; gsl_fit_wmul); the candidate with the
 * smallest weighted residual wins, the narrower on a tie within 1%.
 * *lanes = native, *ops_per_cycle = 2 x native x slots (an FMA counted as 2
 * FLOPs, the model's convention), *rel_rms = the root-mean-square relative
 * error of the fit. GC_EINVAL when n == 0 or an input is not > 0. */
int gc_calib_fit_width(double *lanes, double *ops_per_cycle, double *rel_rms,
                       const double *width, const double *cpi, size_t n,
                       gc_error *err);

/* Energy as a linear model of the work of n runs: joules[i] = 1e-12 x
 * sum_j units[i*k + j] x pj[j] + static_w x seconds[i] (k work columns, e.g.
 * FMA lane-operations, instructions, bytes per memory level; the last term the
 * static power). Weighted least squares (gsl_multifit_wlinear, weights
 * 1/joules^2: relative errors). pj[0..k) gets the pJ per unit, *static_w the
 * watts, *rel_rms the root-mean-square relative residual. GC_EINVAL when n <
 * k + 2 (the fit needs one spare run), a value is not finite or a joules is
 * not > 0; GC_ERANGE when the columns do not determine the coefficients. */
int gc_calib_fit_energy(double *pj, double *static_w, double *rel_rms,
                        const double *units, const double *seconds,
                        const double *joules, size_t n, size_t k,
                        gc_error *err);

#define GC_CALIB_MAX 16
#define GC_CALIB_TEXT 320

/* One measured throughput: overrides the parent's [[throughput]] entry of
 * (unit "vector", ty). */
typedef struct gc_calib_tput {
  gc_ty ty;
  double lanes, ops_per_cycle;
  char method[GC_CALIB_TEXT];
} gc_calib_tput;

/* One measured bandwidth of a memory level (the parent's level of that name,
 * or "DRAM" for [dram]), GB/s; a value <= 0 was not measured. */
typedef struct gc_calib_bw {
  char level[32];
  double read_gbs, write_gbs;
  char method[GC_CALIB_TEXT];
} gc_calib_bw;

/* One measured issue cost: cycles per scalar op (a libm call for the math
 * functions) when 16 independent ones run side by side, i.e. the reciprocal
 * throughput; written as issue_cycles.<ty>.<op>. */
typedef struct gc_calib_op {
  gc_op op;
  gc_ty ty;
  double cycles;
  char method[GC_CALIB_TEXT];
} gc_calib_op;

/* What a calibration measured. Fill name (the written file's name without
 * .toml), date (YYYY-MM-DD), machine (/proc/cpuinfo model name) and the
 * measured figures; clock_ghz <= 0 means not measured. */
typedef struct gc_calib {
  char name[128];
  char date[32];
  char machine[160];
  double clock_ghz;
  char clock_method[GC_CALIB_TEXT];
  size_t ntput;
  gc_calib_tput tput[GC_CALIB_MAX];
  size_t nbw;
  gc_calib_bw bw[GC_CALIB_MAX];
  double cold_call_ns; /* > 0: dram.cold_call_ns, a call's fixed cost when it
                          starts with cold caches and TLBs */
  char cold_method[GC_CALIB_TEXT];
  size_t nop; /* issue costs of slow ops (division, square root, math) */
  gc_calib_op op[GC_CALIB_MAX];
  /* Energies, fitted only where energy counters exist (energy_fitted = 1);
   * a value < 0 was not fitted and stays the parent's. level_pj_per_byte[i]
   * belongs to bw[i].level (a cache's read_pj_per_byte, or for "DRAM"
   * dram.pj_per_bit x 8). */
  int energy_fitted;
  double instruction_pj, f64_fma_pj, f32_fma_pj, static_w;
  double cores; /* > 0: chip.cores of this machine (the static power's share
                   is cores used / cores) */
  double level_pj_per_byte[GC_CALIB_MAX];
  char energy_method[GC_CALIB_TEXT];
} gc_calib;

/* Write c as a TOML model (schema 1) that `inherits` parent (which must be
 * loadable by its name from the shipped directory or the output's directory):
 * chip.boost_ghz from the clock (one core), the [[throughput]] and
 * [[memory]] arrays (replaced whole by the loader) rewritten with the parent's
 * entries and figures where nothing was measured, [dram] bandwidths, the
 * [issue_cycles.<ty>] of the measured ops, and with
 * energy_fitted: power.static_w, energy.instruction_pj, energy.f64.fma,
 * energy.f32.fma, the levels' read pJ per byte and dram.pj_per_bit. Every
 * measured figure is tagged "calibrated" and cites a source naming the date,
 * the machine and the method. GC_EINVAL for a bad argument, GC_EIO when
 * writing fails. */
int gc_calib_write_model(FILE *out, const gc_hw *parent, const gc_calib *c,
                         gc_error *err);

/* The parent's figures the calibration does not replace, as a comma-separated
 * list of paths ("energy.*" summarised as one entry) into buf (truncated to
 * size). Returns the number of paths listed. */
size_t gc_calib_inherited(char *buf, size_t size, const gc_hw *parent,
                          const gc_calib *c);

#ifdef __cplusplus
}
#endif
#endif
