/* greenc_rt.h: the runtime of greenc's instrumented builds (libgreenc_rt.a).
 *
 * Code compiled with `greencc --energy=instrument` (passes/Instrument.cpp)
 * calls these; nothing else should. Each instrumented function has one static
 * gc_rt_fn descriptor (layout shared with the pass: do not reorder), which a
 * module constructor registers. At exit the runtime writes, as JSON, per
 * function: its block counters, the distinct tuples of symbol values it was
 * called with and the number of calls per tuple (at most GC_RT_MAX_TUPLES
 * distinct tuples per function; later new tuples are counted as dropped),
 * its inclusive wall time, and the bytes its bulk memory calls moved. The file
 * is $GREENC_COUNTS, else greenc-counts.<pid>.json in the working directory
 * (format: docs/validation.md); a forked child that exits normally writes
 * $GREENC_COUNTS.<pid> (its counters include the parent's counts before the
 * fork). Not thread-safe: counters are plain increments. */
#ifndef GREENC_RT_H
#define GREENC_RT_H

#include <stdint.h>

#define GC_RT_MAX_TUPLES 256

typedef struct gc_rt_fn {
  struct gc_rt_fn *next; /* registration list (runtime) */
  const char *name;      /* function symbol */
  const char *module;    /* source file of the translation unit */
  const char *view;      /* "executed" or "source": what the block ids index */
  uint64_t *counters;    /* one per block, by position */
  uint32_t nblocks;
  uint32_t nsyms;
  const char *const *symnames; /* nsyms names, as in the profile */
  void *state;                 /* runtime-owned: tuples, time */
  uint64_t *bulk; /* [0] bytes memcpy/memmove read, [1] bytes memcpy/memmove/
                     memset wrote; NULL when the function has none */
} gc_rt_fn;

void __greenc_rt_register(gc_rt_fn *fn);
/* At entry: vals holds fn->nsyms values. Returns the entry time (ns). */
uint64_t __greenc_rt_enter(gc_rt_fn *fn, const int64_t *vals);
/* Before each return, with what __greenc_rt_enter returned. */
void __greenc_rt_exit(gc_rt_fn *fn, uint64_t t0);

#endif
