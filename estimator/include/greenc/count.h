/* greenc/count.h: exact operation counts of a function (or one of its loop
 * nests, or a whole program) from profiles.
 *
 * The count of a block is the number of points of the iteration space of its
 * enclosing loops (docs/profile.md, "BLOCK") times its ops' `n`; calls to
 * functions defined in the profile set are composed at the call site (callee
 * parameters replaced by the caller's argument expressions). Each row keeps the
 * exact symbolic formula in the source's names ("2*M*N*K"), the exact numeric
 * value when every symbol is bound (module params, overridden by the caller's
 * bindings), and a status: exact, range (data-dependent blocks, bounded loops,
 * guards on indices) or unknown (with the reason: unbound symbols, an unknown
 * trip, recursion ...). A figure that cannot be computed is never invented.
 *
 * A gc_counts is owned by the caller who received it (gc_counts_free); every
 * pointer an accessor returns points into it and lives as long as it. It does
 * not reference the profiles it was computed from. */
#ifndef GREENC_COUNT_H
#define GREENC_COUNT_H

#include <stddef.h>

#include "greenc/expr.h"
#include "greenc/opcount.h"
#include "greenc/ops.h"
#include "greenc/profile.h"
#include "greenc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gc_counts gc_counts;

typedef enum gc_count_status {
  GC_COUNT_EXACT,  /* one value */
  GC_COUNT_RANGE,  /* between lo and hi (data-dependent branch, bounded loop,
                      guard on an index) */
  GC_COUNT_UNKNOWN /* no finite upper bound known: reason says why */
} gc_count_status;
const char *
gc_count_status_name(gc_count_status s); /* "exact" "range" "unknown" */

/* One counted quantity (executions, bytes, FLOPs ...). */
typedef struct gc_quantity {
  gc_count_status status;
  const char *formula; /* EXACT: the count ("2*M*N*K"); RANGE: the upper bound;
                          NULL when there is no closed form (UNKNOWN, or a
                          guard/validity the formula cannot express, or a total
                          of several functions whose symbols share a name) */
  const char *formula_lo; /* the lower bound's formula ("0" for data-dependent
                             code); == formula when EXACT */
  int numeric;            /* 1 when lo/hi are numbers */
  const char *lo_str; /* exact decimal value of the lower bound ("262144"), NULL
                         when !numeric */
  const char *hi_str; /* exact decimal upper bound, "inf" when UNKNOWN, NULL
                         when !numeric */
  double lo, hi;      /* the same as doubles; !numeric: lo = 0, hi = INFINITY */
  const char *reason; /* "" when exact and numeric; else why not ("unbound: M,
                         N", "loop 3 (line 20): trip unknown: exit depends on
                         loaded data", ...) */
} gc_quantity;

/* One (op, ty, lanes, role) row, or one named external call / uncosted
 * instruction. */
typedef struct gc_count_row {
  gc_op op;
  gc_ty ty;
  unsigned lanes;
  gc_role role;
  const char *callee; /* GC_OP_CALL: the external callee's name; GC_OP_OTHER:
                         its "what"; else NULL */
  gc_quantity
      n; /* executions (one vector instruction of `lanes` lanes counts once) */
  gc_quantity bytes; /* memory ops: total bytes moved; other ops: exact "0" */
} gc_count_row;

typedef enum gc_total {
  GC_TOTAL_FLOPS,        /* sum of n * lanes * gc_op_flops (FMA = 2) */
  GC_TOTAL_MACS,         /* FP multiply-accumulates: n * lanes * gc_op_macs */
  GC_TOTAL_BYTES_LOADED, /* load bytes + memcpy/memmove source bytes */
  GC_TOTAL_BYTES_STORED, /* store bytes + memcpy/memmove/memset destination
                            bytes */
  GC_TOTAL_COUNT_
} gc_total;
const char *
gc_total_name(gc_total t); /* "flops" "macs" "bytes_loaded" "bytes_stored" */

typedef struct gc_count_opts {
  gc_view_kind view; /* which view to count (default GC_VIEW_SOURCE = 0) */
  const gc_binding *bindings; /* user bindings (--param M=64), override module
                                 params; may be NULL */
  size_t nbindings;
  unsigned loop;      /* 0: the whole function; else the id of a top-level loop:
                         count that nest only */
  size_t walk_budget; /* numeric evaluation walks outer loops whose index inner
                         bounds depend on, up to this many iterations in all (0:
                         default 10^7); beyond it the closed form is used and
                         the reason says it was not checked */
  int no_row_formulas; /* 1: rows' quantities get no formula text (formula and
                          formula_lo NULL, all else as usual; totals keep
                          theirs), for readers that show totals only: printing
                          formulas is a large part of counting */
} gc_count_opts;

/* Counts of fn. Calls resolve to functions of fn's own record first, then of
 * set (which may be NULL: then only fn's record). opts may be NULL. */
int gc_count_function(gc_counts **out, const gc_profile_set *set,
                      const gc_function *fn, const gc_count_opts *opts,
                      gc_error *err);
/* Sum of the counts of the root functions (those no function in the set calls)
 * of one record (profile), or of the whole set when profile is NULL: per-file
 * and per-program totals. Each function's symbols are bound with its own
 * module's params and the user's bindings; a symbol used by several of them
 * (two functions' `n`) is not one variable: quantities over it have no formula
 * (the reason says why), only the sum of the functions' own values. */
int gc_count_roots(gc_counts **out, const gc_profile_set *set,
                   const gc_profile *profile, const gc_count_opts *opts,
                   gc_error *err);
void gc_counts_free(gc_counts *c);

/* Rows, sorted by op, ty, lanes, role, callee. */
size_t gc_counts_nrows(const gc_counts *c);
const gc_count_row *gc_counts_row(const gc_counts *c, size_t i);
const gc_quantity *gc_counts_total(const gc_counts *c, gc_total t);
/* Bytes moved: loaded + stored (a copy's bytes twice), with its own exact
 * formula and value. */
const gc_quantity *gc_counts_bytes(const gc_counts *c);
/* Worst status over all rows. */
gc_count_status gc_counts_status(const gc_counts *c);
/* Notes gathered while counting (unknown trips, guards assumed by formulas,
 * unbound symbols, recursion, calls without arguments...), one sentence each.
 */
size_t gc_counts_nnotes(const gc_counts *c);
const char *gc_counts_note(const gc_counts *c, size_t i);
/* Symbols the formulas depend on that are not bound (sorted, distinct). */
size_t gc_counts_nunbound(const gc_counts *c);
const char *gc_counts_unbound(const gc_counts *c, size_t i);

/* Iterations of loop `loop` of fn's counted view per call of fn: executions of
 * its header, summed over the iteration space of its enclosing loops (a block
 * on every iteration of the loop, docs/profile.md "BLOCK"), with fn's module
 * params and the options' bindings (view, bindings; loop and walk_budget are
 * not used). *lo == *hi when every trip on the way is exact; a bounded trip
 * gives *lo = 0; *hi = INFINITY when not computable (unknown trip, unbound
 * symbol, no closed form), then why (may be NULL) says why. Returns GC_OK, or
 * GC_ENOTFOUND (no such loop), GC_EINVAL, GC_ENOMEM. Calls inside the loop are
 * not followed: these are the loop's own iterations. */
int gc_count_loop_iterations(double *lo, double *hi, char *why, size_t nwhy,
                             const gc_function *fn, unsigned loop,
                             const gc_count_opts *opts, gc_error *err);

/* Rows for the energy estimator (greenc/opcount.h): one gc_opcount per row
 * (external call rows included, with op GC_OP_CALL, n only). Non-numeric
 * quantities give n_lo = 0, n_hi = INFINITY. *out is malloc'd (caller frees);
 * *n may be 0 (then *out may be NULL). */
int gc_counts_to_opcount(gc_opcount **out, size_t *n, const gc_counts *c,
                         gc_error *err);

#ifdef __cplusplus
}
#endif
#endif
