/* greenc/estimate.h: energy, time and carbon of a set of operation counts on a
 * hardware model.
 *
 * gc_estimate_compute() fills a caller-owned gc_estimate; nothing inside it
 * needs freeing (fixed arrays, pointers into the gc_hw which must outlive the
 * estimate). A figure that cannot be computed (unbounded counts, a field the
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
  int known;        /* 1: lo/hi valid; 0: unknown, see reason */
  double lo, hi;    /* lo == hi when exact */
  char reason[256]; /* why unknown, or what widened the range; "" otherwise */
} gc_range;

#define GC_EST_MAX_LEVELS 8

/* Memory traffic per level from a traffic model (greenc/traffic.h), for the
 * accesses it could model; the code's other bytes (rows' bytes minus
 * read_bytes[0] + write_bytes[0]) keep the range below. */
typedef struct gc_est_traffic {
  size_t nlevels; /* must equal the model's memory levels (else ignored) */
  double read_bytes[GC_EST_MAX_LEVELS];  /* [0]: modelled loads; [i > 0]: line
                                            fills level i-1 takes from level i */
  double write_bytes[GC_EST_MAX_LEVELS]; /* [0]: modelled stores; [i > 0]:
                                            write-backs from level i-1 */
  char note[256]; /* what the traffic model left out and why; "" if nothing */
  /* Of the bytes outside read/write_bytes[0]: data-dependent accesses (a
   * count range 0 .. all) whose lines other accesses always bring in: served
   * by level 0 at most (high), not by DRAM. */
  double covered_read_bytes, covered_write_bytes;
} gc_est_traffic;

/* A loop's critical loop-carried recurrence (docs/profile.md, LOOP
 * "recurrence") with the loop's iterations per call: the latency bound. */
#define GC_EST_MAX_CHAIN 8
typedef struct gc_est_recurrence {
  unsigned loop, line;       /* the loop's id in its view and source line */
  const char *function;      /* the function the loop is in, when it is not
                                the estimated one (a callee); may be NULL */
  double iters_lo, iters_hi; /* iterations per call; iters_hi INFINITY when
                                not known (the bound is then not applied) */
  /* For the out-of-order overlap of independent chains (0: unknown, no
   * overlap assumed): the chain's length, i.e. the mean iterations per entry
   * into the loop (the chain restarts at each entry), and the operations the
   * loop's own blocks issue per iteration. */
  double trip, body_ops;
  size_t nops; /* entries of ops used */
  struct {
    gc_op op;
    gc_ty ty;
    unsigned lanes;
    double n; /* times on the cycle per iteration */
  } ops[GC_EST_MAX_CHAIN];
} gc_est_recurrence;

typedef struct gc_estimate_opts {
  double grid_g_per_kwh; /* <= 0: use the model's default grid intensity */
  int all_cores;         /* 0: one core; 1: spread over all the model's cores */
} gc_estimate_opts;

typedef struct gc_estimate {
  gc_range flops; /* FLOPs, FMA = 2 */
  gc_range macs;
  gc_range
      bytes; /* bytes loaded + stored by the code (before any cache model) */
  gc_range energy_j; /* total: compute + memory + static */
  gc_range energy_compute_j;
  gc_range energy_memory_j;
  gc_range energy_static_j;
  gc_range time_s; /* max(compute time, transfer time) roofline bound */
  gc_range time_compute_s;
  gc_range time_memory_s;
  gc_range carbon_g;     /* energy x grid intensity */
  double grid_g_per_kwh; /* the intensity used */
  size_t nlevels;        /* memory levels charged (L1 ... DRAM) */
  struct {
    const char *name; /* points into the gc_hw */
    gc_range bytes;
    gc_range energy_j;
  } level[GC_EST_MAX_LEVELS];
  /* Share of the estimate (by energy) resting on each figure tag: published,
   * derived, estimate, calibrated. */
  double tag_share[4];
  char missing[512]; /* model fields the estimate needed and did not find,
                        comma-separated; "" if none */
  /* Added after the first draft: */
  gc_range instructions; /* instructions executed (a vector instruction is one
                            instruction for `lanes` elements) */
  double clock_ghz;      /* the clock the time assumes (0 when unknown) */
  unsigned cores_used;   /* 1, or the model's cores with opts.all_cores */
  /* Latency bound of the loop-carried recurrences (gc_estimate_compute_full):
   * sum over loops of iterations x cycles per iteration of the chain; unknown
   * when there is none (or none could be timed), reason says why. */
  gc_range time_latency_s;
  int latency_bound; /* 1: the latency bound is above the throughput bound, so
                        it is the compute time */
  char bound[192];   /* which bound the compute time is: "latency-bound: fma f32
                        chain, 4 cycles per iteration (loop 3, line 14)",
                        "throughput-bound" (with recurrences), "" without */
} gc_estimate;

/* How the figures are formed (hwmodels/README.md has the full account):
 * - energy_compute = sum(n x lanes x pJ(op, ty)) + instructions x
 * energy.instruction_pj; a row's instructions are its n (memcpy/memset/call
 * rows: one call each, their loops are not charged);
 * - energy_memory: with a traffic input, the bytes read from / written to each
 * level x that level's pJ per byte (a level without a figure: between the
 * nearest known figures above and below it); bytes the traffic model left out,
 * and all bytes without one, keep the honest range: every byte served by the
 * nearest level (low) to every byte from DRAM (high); memcpy/memmove move
 * their bytes twice (read + write), memset once (write);
 * - time_memory: with a traffic input, max over levels of bytes / bandwidth
 * (levels without a bandwidth are not timed), the bytes left out timed at the
 * nearest level (low) to DRAM (high);
 * - time: a roofline lower bound, max(compute cycles / clock, bytes /
 * bandwidth) over one core or all cores;
 * - energy_static = static power x time, for the share of the chip in use
 * (cores_used / cores); a model with only a TDP gives the range 0 .. TDP x
 * time;
 * - carbon = energy x grid intensity (opts, else the model's
 * carbon.grid_g_per_kwh). A model with energy.op_energy = "in_instruction"
 * charges only instructions (memory and static are included). tag_share[]
 * splits the midpoint of the energy range by the tag of the figure each term
 * rests on; all zero when the energy is unknown. */

/* Estimate rows[0..nrows) on hw. Returns GC_OK, or an error in err (invalid
 * arguments only: missing figures give unknown ranges, not an error). */
int gc_estimate_compute(gc_estimate *out, const gc_hw *hw,
                        const gc_opcount *rows, size_t nrows,
                        const gc_estimate_opts *opts, gc_error *err);
/* The same with the memory traffic per level of a traffic model
 * (greenc/traffic.h); traffic NULL, or with nlevels other than the model's, is
 * gc_estimate_compute (nlevels 0 with a note: the memory energy's reason says
 * why the traffic was not modelled). */
int gc_estimate_compute_traffic(gc_estimate *out, const gc_hw *hw,
                                const gc_opcount *rows, size_t nrows,
                                const gc_estimate_opts *opts,
                                const gc_est_traffic *traffic, gc_error *err);

/* The same with the loops' critical recurrences recs[0..nrecs) (may be
 * NULL/0): each adds iterations x sum(n x latency_cycles.<ty>.<op>) cycles to
 * the latency bound (a row without a latency figure adds 0 and is named in
 * missing); compute time = max(throughput bound, latency bound). */
int gc_estimate_compute_full(gc_estimate *out, const gc_hw *hw,
                             const gc_opcount *rows, size_t nrows,
                             const gc_estimate_opts *opts,
                             const gc_est_traffic *traffic,
                             const gc_est_recurrence *recs, size_t nrecs,
                             gc_error *err);

#ifdef __cplusplus
}
#endif
#endif
