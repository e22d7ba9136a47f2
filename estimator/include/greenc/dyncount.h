/* greenc/dyncount.h: the dynamic counts an instrumented program wrote
 * (libgreenc_rt.a, passes/runtime/greenc_rt.h; format in
 * docs/validation.md): per function, its block counters by block id, the
 * distinct tuples of symbol values it was called with and their calls, and
 * its inclusive wall time.
 *
 * A gc_dyncount is owned by the caller who received it (gc_dyncount_free);
 * every pointer an accessor returns points into it and lives as long as it. */
#ifndef GREENC_DYNCOUNT_H
#define GREENC_DYNCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "greenc/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gc_dyncount gc_dyncount;

typedef struct gc_dyn_tuple {
  uint64_t calls;
  const int64_t *values; /* one per symbol of the function */
} gc_dyn_tuple;

typedef struct gc_dyn_function {
  const char *name;
  const char *module; /* source file of its translation unit ("" if absent) */
  const char *view;   /* the view whose block ids the counters use */
  uint64_t calls;     /* all calls, also those of dropped tuples */
  uint64_t ns;        /* inclusive wall time, nanoseconds */
  size_t nblocks;
  const uint64_t *blocks; /* executions of block id i */
  size_t nsymbols;
  const char *const *symbols;
  size_t ntuples;
  const gc_dyn_tuple *tuples;
  uint64_t dropped_calls; /* calls whose tuple the runtime could not keep */
  int has_bulk;           /* the run recorded bulk memory bytes: */
  uint64_t bulk_read;     /* bytes memcpy/memmove read */
  uint64_t bulk_written;  /* bytes memcpy/memmove/memset wrote */
} gc_dyn_function;

/* Parse the JSON text (len bytes). origin names it in messages. Errors:
 * GC_EPARSE (not JSON), GC_ESCHEMA (a missing or mistyped field, named),
 * GC_EVERSION (a "greenc_counts" newer than 1). */
int gc_dyncount_parse(gc_dyncount **out, const char *json, size_t len,
                      const char *origin, gc_error *err);
/* Read a file the runtime wrote. GC_EIO when it cannot be read. */
int gc_dyncount_load_file(gc_dyncount **out, const char *path, gc_error *err);
void gc_dyncount_free(gc_dyncount *d);

size_t gc_dyncount_nfunctions(const gc_dyncount *d);
const gc_dyn_function *gc_dyncount_function(const gc_dyncount *d, size_t i);
/* The function called name (of module, when module is not NULL), or NULL. */
const gc_dyn_function *gc_dyncount_find(const gc_dyncount *d, const char *name,
                                        const char *module);

#ifdef __cplusplus
}
#endif
#endif
