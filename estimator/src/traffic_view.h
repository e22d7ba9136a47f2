/* traffic_view.h: a function's view with the calls to functions of its own
 * record expanded at their sites (traffic_view.c), for the traffic model
 * (traffic.c). Internal to the estimator.
 *
 * A callee's loops nest under the call's loop, renumbered above every id in
 * use; its integer parameters are replaced by the argument EXPRs (a null
 * argument by a symbol nothing binds, "dot:n"); a pointer parameter whose
 * argument is a plain base is that base, any other is a region of its own
 * (named "dot:a#1", flagged `fresh`). Up to 4 call levels, no recursion; a
 * call the expansion does not take (another record, recursion, n > 1) stays as
 * a call op. The vview owns every expression and array it holds; gc_loop,
 * gc_block and gc_op_entry structs in it point into it or into the profile,
 * which must outlive it. */
#ifndef GREENC_TRAFFIC_VIEW_H
#define GREENC_TRAFFIC_VIEW_H

#include <stddef.h>

#include "greenc/profile.h"
#include "greenc/status.h"

typedef struct vextra {
  unsigned char *fresh; /* per op: base is such an argument */
  unsigned site_depth;  /* depth of the call site's loop (0: not a callee) */
} vextra;

typedef struct vview {
  gc_loop *loops;
  size_t nloops, caploops;
  gc_block *blocks;
  vextra *extra;
  size_t nblocks, capblocks, capextra;
  void **mem; /* malloc'd pieces */
  size_t nmem, capmem;
  gc_expr **ex; /* owned expressions */
  size_t nex, capex;
  unsigned maxid;
  unsigned nfresh;
} vview;

/* The expanded view of fn; gc_tv_free after use (also frees on failure). */
int gc_tv_build(vview *out, const gc_function *fn, gc_view_kind kind,
                gc_error *err);
void gc_tv_free(vview *vv);
/* The loop of id, or NULL. */
const gc_loop *gc_tv_find(const vview *vv, unsigned id);
/* Nesting depth of loop id (1: top level), 0 when absent. */
unsigned gc_tv_depth(const vview *vv, unsigned id);

#endif
