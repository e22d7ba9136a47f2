/* greenc/traffic.h: memory traffic between the levels of a cache hierarchy,
 * per top-level loop nest, from the access patterns of a profile (reuse
 * analysis with layer conditions; docs/traffic-model.md).
 *
 * For each load/store with a base and an affine index, and each cache level,
 * the model finds along the access's loop chain the outermost loop one of whose
 * iterations touches a working set of distinct lines that fits in the cache:
 * reuse carried by that loop and the loops inside it is served by the cache,
 * reuse carried by the loops outside it comes from the level below. Bytes
 * moved = distinct lines touched by one execution of that loop x the number of
 * times it is entered x line size. Needs numeric sizes: an access without an
 * index, a loop whose trip is not exact and numeric, a block that runs
 * depending on data (unless another access of its group always touches its
 * lines) or on an index guard, a call, memcpy/memset: those bytes
 * are not modelled, and the note says why (the estimator charges them with its
 * old range: every byte from the nearest level to every byte from DRAM).
 *
 * A gc_traffic is owned by the caller who received it (gc_traffic_free); the
 * strings and structs its accessors return point into it. It does not
 * reference the profile or the cache table it was computed from. */
#ifndef GREENC_TRAFFIC_H
#define GREENC_TRAFFIC_H

#include <stddef.h>

#include "greenc/estimate.h"
#include "greenc/expr.h"
#include "greenc/hw.h"
#include "greenc/profile.h"
#include "greenc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gc_traffic gc_traffic;

/* One level of the hierarchy, nearest first. The last level given is the
 * memory (DRAM): its size is ignored. */
typedef struct gc_traffic_cache {
  const char *name;  /* "L1d", "L2", "DRAM" (copied) */
  double size_bytes; /* capacity (caches), > 0 */
  double line_bytes; /* line size (caches), > 0 */
} gc_traffic_cache;

#define GC_TRAFFIC_MAX_LEVELS GC_EST_MAX_LEVELS

/* The levels of hw as a cache table: sizes from size_kib, lines from
 * line_bytes (a level without one takes the line of the level above). Returns
 * GC_OK and *n levels, or GC_ENOTFOUND with the reason in err when a cache
 * level lacks a size or no line size is known (then no traffic can be
 * modelled on hw). Names point into hw. */
int gc_traffic_caches_from_hw(gc_traffic_cache *out, size_t *n, size_t cap,
                              const gc_hw *hw, gc_error *err);

typedef struct gc_traffic_opts {
  gc_view_kind view;          /* the view to model (as counted) */
  const gc_binding *bindings; /* user bindings, override module params */
  size_t nbindings;
  unsigned loop; /* 0: every top-level nest and the function body's own
                    accesses; else one top-level loop's nest */
  double fill;   /* share of each cache's capacity the layer condition may use
                    (0: default 1.0) */
} gc_traffic_opts;

/* Traffic of fn on levels[0..nlevels) (nlevels >= 1). Errors: GC_EINVAL
 * (arguments), GC_ENOTFOUND (no such view or loop), GC_ENOMEM. Accesses that
 * cannot be modelled are not an error: they are left out, named in the note.
 */
int gc_traffic_compute(gc_traffic **out, const gc_function *fn,
                       const gc_traffic_cache *levels, size_t nlevels,
                       const gc_traffic_opts *opts, gc_error *err);
void gc_traffic_free(gc_traffic *t);

size_t gc_traffic_nlevels(const gc_traffic *t);
const char *gc_traffic_level_name(const gc_traffic *t, size_t i);
/* Bytes read from level i: level 0, the modelled loads themselves (n x bytes);
 * level i > 0, the lines level i-1 fetches from it (its misses, write-allocate
 * fills included) x level i-1's line size. */
double gc_traffic_read(const gc_traffic *t, size_t i);
/* Bytes written to level i: level 0, the modelled stores; level i > 0, dirty
 * lines level i-1 writes back to it. */
double gc_traffic_write(const gc_traffic *t, size_t i);
/* Lines missed in cache level i (i < nlevels - 1): fills into level i. */
double gc_traffic_misses(const gc_traffic *t, size_t i);

/* Bytes (at most: every execution) loaded (write 0) or stored (write 1) by
 * accesses that run depending on data on lines that other accesses of the same
 * group always touch: they add no traffic below level 0. */
double gc_traffic_covered(const gc_traffic *t, int write);

/* One top-level nest (loop 0: the function body's own accesses). */
typedef struct gc_traffic_nest {
  unsigned loop;
  unsigned line;            /* the loop's source line, 0 when unknown */
  int complete;             /* 1: every access of the nest is modelled */
  double accesses_modelled; /* accesses (op executions) modelled */
  double accesses_left;     /* accesses left out (0 when unknown: see note) */
  double covered_read, covered_write;  /* bytes of data-dependent accesses
                                          whose lines other accesses always
                                          touch: level 0 only, at most */
  double read[GC_TRAFFIC_MAX_LEVELS];  /* as gc_traffic_read, for this nest */
  double write[GC_TRAFFIC_MAX_LEVELS]; /* as gc_traffic_write */
  const char *note; /* what was left out and why, "" when complete */
} gc_traffic_nest;
size_t gc_traffic_nnests(const gc_traffic *t);
const gc_traffic_nest *gc_traffic_nest_at(const gc_traffic *t, size_t i);

/* 1 when every access (of the nests modelled) is modelled. */
int gc_traffic_complete(const gc_traffic *t);
/* What was left out and why, one sentence per cause joined by "; ", "" when
 * complete. */
const char *gc_traffic_note(const gc_traffic *t);

/* The per-level input of the estimator (greenc/estimate.h). */
void gc_traffic_to_est(gc_est_traffic *out, const gc_traffic *t);

#ifdef __cplusplus
}
#endif
#endif
