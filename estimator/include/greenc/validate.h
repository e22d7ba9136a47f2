/* greenc/validate.h: static counts against the dynamic counts of an
 * instrumented run (greenc/dyncount.h), per function (docs/validation.md).
 *
 * For each function the run recorded and the profile set holds:
 *  - per block of the view: the static executions (the block's iteration
 *    space, docs/profile.md "BLOCK", walked numerically with the symbols bound
 *    to each recorded tuple, times that tuple's calls; a range for `data`
 *    blocks and bounded loops) against the block's counter;
 *  - per (op, ty, lanes, role, callee) row of the counting core
 *    (greenc/count.h, symbolic sums evaluated per tuple) against the same row
 *    summed from the counters and the blocks' ops; and FLOPs, MACs, bytes
 *    loaded and stored likewise.
 * Equal (or, for a range, contained) is required; anything else is a finding,
 * one sentence each. What cannot be compared is "unchecked" with a reason.
 *
 * A gc_validation is owned by the caller who received it
 * (gc_validation_free); every pointer an accessor returns points into it. */
#ifndef GREENC_VALIDATE_H
#define GREENC_VALIDATE_H

#include <stddef.h>
#include <stdint.h>

#include "greenc/dyncount.h"
#include "greenc/profile.h"
#include "greenc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gc_validation gc_validation;

typedef enum gc_val_status {
  GC_VAL_EQUAL,    /* every compared figure exact and equal */
  GC_VAL_WITHIN,   /* every compared figure inside its static range, some
                      static figures being ranges (data, bounded loops) */
  GC_VAL_MISMATCH, /* at least one finding */
  GC_VAL_UNCHECKED /* nothing could be compared: reason says why */
} gc_val_status;
/* "equal" "within" "mismatch" "unchecked" */
const char *gc_val_status_name(gc_val_status s);

/* One compared figure: static lo..hi (lo == hi when exact) and dynamic. */
typedef struct gc_val_figure {
  const char *what; /* "block 4 (line 3)", "fma f32x8", "flops" ... */
  int checked;      /* 0: static figure not known (reason in note) */
  int64_t lo, hi;
  uint64_t dynamic;
  int ok;
  const char *note; /* "" or why unchecked */
} gc_val_figure;

typedef struct gc_val_function {
  const char *name, *module;
  gc_val_status status;
  const char *reason; /* UNCHECKED: why; else "" */
  uint64_t calls, ns;
  size_t ntuples;
  size_t nblocks;
  const gc_val_figure *blocks;
  size_t nrows;
  const gc_val_figure *rows; /* counting-core rows */
  size_t ntotals;
  const gc_val_figure *totals; /* flops macs bytes_loaded bytes_stored */
  size_t nfindings;
  const char *const *findings;
  size_t nnotes;
  const char *const *notes; /* what was not compared and why */
  const gc_function *fn;    /* the profile's function (NULL if absent) */
} gc_val_function;

/* Compare every function of dyn whose view is `view` with set. Functions of
 * dyn absent from set are UNCHECKED. */
int gc_validate(gc_validation **out, const gc_profile_set *set,
                const gc_dyncount *dyn, gc_view_kind view, gc_error *err);
void gc_validation_free(gc_validation *v);
size_t gc_validation_nfunctions(const gc_validation *v);
const gc_val_function *gc_validation_function(const gc_validation *v, size_t i);
/* Number of functions with status s. */
size_t gc_validation_count(const gc_validation *v, gc_val_status s);

#ifdef __cplusplus
}
#endif
#endif
