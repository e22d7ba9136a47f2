/* greenc/opcount.h: a flat table of operation counts, the interface between the counter (count.h) and the energy
 * and time estimator (estimate.h).
 *
 * Plain data, no ownership: whoever builds a gc_opcount array owns it. Numbers are doubles because they feed
 * floating-point energy arithmetic; the exact integers and formulas stay in gc_counts (count.h). */
#ifndef GREENC_OPCOUNT_H
#define GREENC_OPCOUNT_H

#include "greenc/ops.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gc_opcount {
  gc_op op;
  gc_ty ty;
  unsigned lanes;   /* 1 for scalar */
  gc_role role;     /* integer ops: data or address bookkeeping */
  double n_lo;      /* executions, lower bound */
  double n_hi;      /* executions, upper bound; INFINITY when unbounded (unknown) */
  double bytes_lo;  /* memory ops: total bytes moved (n * bytes per op, or memcpy sizes); else 0 */
  double bytes_hi;
} gc_opcount;

#ifdef __cplusplus
}
#endif
#endif
