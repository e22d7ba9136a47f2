/* greenc/estimate.h: energy, time and carbon of a set of operation counts on a hardware model.
 *
 * gc_estimate_compute() fills a caller-owned gc_estimate; nothing inside it needs freeing (fixed arrays, pointers
 * into the gc_hw which must outlive the estimate). A figure that cannot be computed (unbounded counts, a field the
 * model lacks) has known == 0 and a reason, never a made-up number. */
#ifndef GREENC_ESTIMATE_H
#define GREENC_ESTIMATE_H

#include <stddef.h>

#include "greenc/hw.h"
#include "greenc/opcount.h"
#include "greenc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gc_range {
  int known;          /* 1: lo/hi valid; 0: unknown, see reason */
  double lo, hi;      /* lo == hi when exact */
  char reason[256];   /* why unknown, or what widened the range; "" otherwise */
} gc_range;

#define GC_EST_MAX_LEVELS 8

typedef struct gc_estimate_opts {
  double grid_g_per_kwh; /* <= 0: use the model's default grid intensity */
  int all_cores;         /* 0: one core; 1: spread over all the model's cores */
} gc_estimate_opts;

typedef struct gc_estimate {
  gc_range flops;        /* FLOPs, FMA = 2 */
  gc_range macs;
  gc_range bytes;        /* bytes loaded + stored by the code (before any cache model) */
  gc_range energy_j;     /* total: compute + memory + static */
  gc_range energy_compute_j;
  gc_range energy_memory_j;
  gc_range energy_static_j;
  gc_range time_s;       /* max(compute time, transfer time) roofline bound */
  gc_range time_compute_s;
  gc_range time_memory_s;
  gc_range carbon_g;     /* energy x grid intensity */
  double grid_g_per_kwh; /* the intensity used */
  size_t nlevels;        /* memory levels charged (L1 ... DRAM) */
  struct {
    const char *name;    /* points into the gc_hw */
    gc_range bytes;
    gc_range energy_j;
  } level[GC_EST_MAX_LEVELS];
  /* Share of the estimate (by energy) resting on each figure tag: published, derived, estimate, calibrated. */
  double tag_share[4];
  char missing[512];     /* model fields the estimate needed and did not find, comma-separated; "" if none */
} gc_estimate;

/* Estimate rows[0..nrows) on hw. Returns GC_OK, or an error in err (invalid arguments only: missing figures give
 * unknown ranges, not an error). */
int gc_estimate_compute(gc_estimate *out, const gc_hw *hw, const gc_opcount *rows, size_t nrows,
                        const gc_estimate_opts *opts, gc_error *err);

#ifdef __cplusplus
}
#endif
#endif
